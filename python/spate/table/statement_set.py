"""`StatementSet`, as in `pyflink.table.statement_set`: several inserts run as one job."""
from typing import List, Union

from spate.table.table_descriptor import TableDescriptor

__all__ = ['StatementSet']


class StatementSet(object):
    """Inserts collected with `add_insert` and run together by `execute()`, which reads their
    common sources once.

    Example::

        statements = t_env.create_statement_set()
        statements.add_insert('printed', clicks).add_insert('archive', clicks)
        statements.execute().wait()
    """

    def __init__(self, t_env):
        self._t_env = t_env
        self._inserts: List[tuple] = []

    def add_insert(self, target_path_or_descriptor: Union[str, TableDescriptor], table,
                   overwrite: bool = False) -> 'StatementSet':
        """Adds writing `table` into a catalog table (by path) or into a `TableDescriptor`'s table."""
        from spate.table.table import Table
        if not isinstance(table, Table):
            raise TypeError(f"add_insert: expected a Table to insert, got {table!r}")
        self._inserts.append((table, target_path_or_descriptor, overwrite))
        return self

    def add(self, table_pipeline) -> 'StatementSet':
        """Adds a `Table.insert_into(...)` pipeline."""
        self._inserts.append(table_pipeline._insert)
        return self

    def execute(self):
        """Runs every insert added in one job, to its end; the result has a row with each sink's
        affected-row count (-1: not known, as Flink gives it). The set is empty again afterwards."""
        inserts, self._inserts = self._inserts, []
        return self._t_env._execute_inserts(inserts)
