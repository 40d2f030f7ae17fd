"""`TablePipeline`, as in `pyflink.table.table_pipeline`: a table and the sink it is to be written to
(`Table.insert_into`), run by `execute()`."""

__all__ = ['TablePipeline']


class TablePipeline(object):
    """Example::

        t.insert_into('printed').execute().wait()
    """

    def __init__(self, t_env, insert: tuple):
        self._t_env = t_env
        self._insert = insert  # (table, target path or descriptor, overwrite)

    def execute(self):
        """Runs the insert to its end; returns its `TableResult`."""
        return self._t_env._execute_inserts([self._insert])

    def __str__(self):
        from spate.table._catalog import quoted
        identifier = self._t_env._sink_identifier(self._insert[1])
        return f"TablePipeline with sink table '{quoted(identifier)}'"
