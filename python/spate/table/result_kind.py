"""`ResultKind`, as in `pyflink.table.result_kind`: whether a statement's result has rows."""

__all__ = ['ResultKind']


class ResultKind(object):
    """What a `TableResult` holds; plain ints, as PyFlink's.

    Example::

        assert t.execute().get_result_kind() == ResultKind.SUCCESS_WITH_CONTENT
    """
    SUCCESS = 0               # a statement that gives only "OK" (DDL, USE)
    SUCCESS_WITH_CONTENT = 1  # rows (a query, SHOW)
