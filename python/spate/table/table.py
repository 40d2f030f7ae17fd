"""`Table`, as in `pyflink.table.table`: a relation of named, typed columns, transformed with
expressions (`select`, `where`) that Spate plans and runs natively (a `calc` node)."""
from typing import List, Union

from spate.table.expression import Expression
from spate.table.table_schema import TableSchema


class Table(object):
    """A table of a `TableEnvironment`.

    Example::

        t = t_env.from_elements([(1, 'hello'), (2, 'world')], ['a', 'b'])
        t.where(col('a') > 1).select(col('a') + 1, col('b')).execute().print()
    """

    def __init__(self, t_env, transformation, schema: TableSchema):
        self._t_env = t_env
        self._transformation = transformation
        self._schema = schema

    def get_schema(self) -> TableSchema:
        return self._schema

    def print_schema(self) -> None:
        print(self._schema._printed())

    def select(self, *fields: Union[Expression, str]) -> 'Table':
        """The rows of these expressions; an expression that is not a column keeps the name
        `_c<position>` unless it has an alias, as in Flink."""
        expressions = [self._expression(field) for field in fields]
        names = self._schema.get_field_names()
        return self._calc([e._plan(names) for e in expressions],
                          [e._name if e._name is not None else f"_c{i}" for i, e in enumerate(expressions)], None)

    def where(self, predicate: Union[Expression, str]) -> 'Table':
        """The rows for which `predicate` is TRUE (FALSE and NULL drop the row)."""
        names = self._schema.get_field_names()
        return self._calc([{'field': i} for i in range(len(names))], names, self._expression(predicate)._plan(names))

    filter = where

    def execute(self):
        """Runs the table's job and returns its rows as a `TableResult`."""
        from spate.table.table_result import TableResult
        return TableResult(self._t_env._collect(self), self._schema, self._t_env._streaming)

    def _expression(self, field) -> Expression:
        if isinstance(field, Expression):
            return field
        if isinstance(field, str):
            from spate.table.expressions import col
            return col(field)
        raise TypeError(f"expected an expression such as col('a') + 1, got {field!r}")

    def _calc(self, projections: List[dict], names: List[str], condition) -> 'Table':
        from spate.datastream._graph import Transformation
        node = self._t_env._env._add(Transformation('calc', 'Calc', [self._transformation],
                                                    {'projections': projections, 'names': names,
                                                     'condition': condition}))
        return Table(self._t_env, node, self._t_env._schema_of(node))
