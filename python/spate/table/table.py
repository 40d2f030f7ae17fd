"""`Table`, as in `pyflink.table.table`: a relation of named, typed columns, transformed with
expressions (`select`, `where`) that Spate plans and runs natively (a `calc` node)."""
from typing import List, Union

from spate.table.expression import Expression
from spate.table.table_schema import TableSchema, sql_type_name


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
        `_c<position>` unless it has an alias, as in Flink. Selecting aggregates aggregates the
        whole table as one group (`t.select(col('amount').sum)`).

        Example::

            t.select(col('a') + 1, col('b'))
        """
        expressions = [self._expression(field) for field in fields]
        if any(e._contains_aggregate for e in expressions):
            return self._group_aggregate([], expressions)
        names = self._schema.get_field_names()
        return self._calc([e._plan(names) for e in expressions],
                          [e._name if e._name is not None else f"_c{i}" for i, e in enumerate(expressions)], None)

    def group_by(self, *fields: Union[Expression, str]) -> 'GroupedTable':
        """The table grouped by these expressions; its `select` gives one row per group.

        Example::

            t.group_by(col('word')).select(col('word'), col('count').sum.alias('total'))
        """
        if not fields:
            raise ValueError("group_by: expected at least one expression to group by")
        return GroupedTable(self, [self._expression(field) for field in fields])

    def distinct(self) -> 'Table':
        """The table's rows without duplicates (in streaming mode, each row when first seen).

        Example::

            t.select(col('user')).distinct()
        """
        from spate.table.expressions import col
        columns = [col(name) for name in self._schema.get_field_names()]
        return self._group_aggregate(columns, columns)

    def where(self, predicate: Union[Expression, str]) -> 'Table':
        """The rows for which `predicate` is TRUE (FALSE and NULL drop the row)."""
        names = self._schema.get_field_names()
        return self._calc([{'field': i} for i in range(len(names))], names, self._expression(predicate)._plan(names))

    filter = where

    def add_columns(self, *fields: Union[Expression, str]) -> 'Table':
        """This table's columns followed by these; a name the table already has is an error.

        Example::

            t.add_columns((col('a') + 1).alias('b'))
        """
        return self._add_columns(fields, replace=False)

    def add_or_replace_columns(self, *fields: Union[Expression, str]) -> 'Table':
        """As `add_columns`, but a column whose name the table has replaces that column, in its place."""
        return self._add_columns(fields, replace=True)

    def rename_columns(self, *fields: Expression) -> 'Table':
        """The same columns, some renamed: each argument is a column with its new name.

        Example::

            t.rename_columns(col('a').alias('id'))
        """
        names = list(self._schema.get_field_names())
        for field in fields:
            expression = self._expression(field)
            if expression._field is None or expression._name == expression._field:
                raise ValueError(f"rename_columns: expected a column with its new name, such as "
                                 f"col('a').alias('b'), got {expression}")
            expression._plan(names)  # a column the table lacks is the same error as in select
            names[names.index(expression._field)] = expression._name
        self._check_unique(names)
        return self._renamed(names)

    def alias(self, field: str, *fields: str) -> 'Table':
        """The same columns under new names, given in order (the first columns, if fewer).

        Example::

            t.alias('id', 'word')
        """
        aliases = [field, *fields]
        names = list(self._schema.get_field_names())
        if not all(isinstance(name, str) for name in aliases):
            raise TypeError(f"alias: expected column names (str), got {aliases!r}")
        if len(aliases) > len(names):
            raise ValueError(f"Aliasing more fields than we actually have: {len(aliases)} names "
                             f"for the {len(names)} columns [{', '.join(names)}]")
        names[:len(aliases)] = aliases
        self._check_unique(names)
        return self._renamed(names)

    def drop_columns(self, *fields: Union[Expression, str]) -> 'Table':
        """The table without these columns.

        Example::

            t.drop_columns(col('b'))
        """
        names = self._schema.get_field_names()
        dropped = set()
        for field in fields:
            expression = self._expression(field)
            if expression._field is None:
                raise ValueError(f"drop_columns: expected a column, such as col('a'), got {expression}")
            dropped.add(expression._plan(names)['field'])
        kept = [i for i in range(len(names)) if i not in dropped]
        return self._calc([{'field': i} for i in kept], [names[i] for i in kept], None)

    def union_all(self, right: 'Table') -> 'Table':
        """The rows of both tables, duplicates kept; the columns take this table's names.

        Example::

            clicks.union_all(more_clicks)
        """
        if not isinstance(right, Table) or right._t_env is not self._t_env:
            raise TypeError(f"union_all: expected a Table of the same TableEnvironment, got {right!r}")
        mine, theirs = self._schema.get_field_data_types(), right._schema.get_field_data_types()
        if len(mine) != len(theirs):
            raise ValueError(f"The union operation on two tables of different column sizes: "
                             f"{len(mine)} and {len(theirs)} is not supported")
        for position, (left_type, right_type) in enumerate(zip(mine, theirs)):
            if left_type != right_type:
                raise ValueError(f"Incompatible types for union operation at position {position}: "
                                 f"'{sql_type_name(left_type)}' and '{sql_type_name(right_type)}' "
                                 f"(Spate unions columns of the same type only)")
        # Both sides projected to one row type (names and all): a source's rows may differ from a calc's
        # in nullability alone, and the runtime unions streams of one type.
        names = self._schema.get_field_names()
        inputs = [side._renamed(names)._transformation
                  for side in (self, right)]
        from spate.datastream._graph import Transformation
        node = self._t_env._env._add(Transformation('union', 'Union', inputs))
        return Table(self._t_env, node, self._t_env._schema_of(node))

    def __getattr__(self, name: str) -> Expression:
        """`t.a` is the column `a` of `t`, as `col('a')`."""
        names = self.__dict__['_schema'].get_field_names() if '_schema' in self.__dict__ else []
        if name.startswith('__') or name not in names:
            raise AttributeError(f"The current table has no column named '{name}', "
                                 f"available columns: [{', '.join(names)}]")
        from spate.table.expressions import col
        return col(name)

    def execute(self):
        """Runs the table's job and returns its rows as a `TableResult`."""
        from spate.table.table_result import TableResult
        return TableResult(self._t_env._collect(self), self._schema, self._t_env._streaming)

    def execute_insert(self, table_path_or_descriptor, overwrite: bool = False):
        """Writes the table's rows into a catalog table (by path) or a `TableDescriptor`'s table, and
        runs the job to its end. The result has one BIGINT column named by the sink's path, holding
        -1 (as in Flink, the count is not known); `print()` shows `-1`.

        Example::

            t.execute_insert('printed').wait()
        """
        return self._t_env._execute_inserts([(self, table_path_or_descriptor, overwrite)])

    def insert_into(self, table_path_or_descriptor, overwrite: bool = False):
        """The insert of this table into a table, to run with `execute()` or add to a `StatementSet`.

        Example::

            t.insert_into('printed').execute().wait()
        """
        from spate.table.table_pipeline import TablePipeline
        return TablePipeline(self._t_env, (self, table_path_or_descriptor, overwrite))

    def _expression(self, field) -> Expression:
        if isinstance(field, Expression):
            return field
        if isinstance(field, str):
            from spate.table.expressions import col
            return col(field)
        raise TypeError(f"expected an expression such as col('a') + 1, got {field!r}")

    def _add_columns(self, fields, replace: bool) -> 'Table':
        names = list(self._schema.get_field_names())
        projections = [{'field': i} for i in range(len(names))]
        for field in fields:
            expression = self._expression(field)
            plan = expression._plan(self._schema.get_field_names())
            name = expression._name if expression._name is not None else f"_c{len(names)}"
            if replace and name in names:
                projections[names.index(name)] = plan
            else:
                names.append(name)
                projections.append(plan)
        self._check_unique(names)
        return self._calc(projections, names, None)

    @staticmethod
    def _check_unique(names: List[str]) -> None:
        repeated = sorted({name for name in names if names.count(name) > 1})
        if repeated:
            raise ValueError(f"Ambiguous column name: {', '.join(repeated)} (a table's column names are unique)")

    def _group_aggregate(self, keys: List[Expression], expressions: List[Expression]) -> 'Table':
        from spate.datastream._graph import Transformation
        names = _FieldNames(self._schema.get_field_names())
        key_plans = [key._plan(names) for key in keys]
        for key, plan in zip(keys, key_plans):
            if key._name is not None and key._name not in names:
                names.named_keys[key._name] = plan
        # Two nodes, as Flink's plan: the keys (and aggregates' arguments) per row, then, after a
        # partitioning by key, the aggregation; both planned in Spate from the same settings.
        settings = {'keys': key_plans, 'select': [e._plan(names) for e in expressions]}
        keying = self._t_env._env._add(Transformation('group_key', 'GroupKey', [self._transformation], settings))
        node = self._t_env._env._add(Transformation('group_aggregate', 'GroupAggregate', [keying],
                                                    dict(settings, names=[e._name for e in expressions])))
        return Table(self._t_env, node, self._t_env._schema_of(node))

    def _renamed(self, names: List[str]) -> 'Table':
        """The same columns under `names` (a projection of every column in order)."""
        return self._calc([{'field': i} for i in range(len(names))], names, None)

    def _calc(self, projections: List[dict], names: List[str], condition) -> 'Table':
        from spate.datastream._graph import Transformation
        node = self._t_env._env._add(Transformation('calc', 'Calc', [self._transformation],
                                                    {'projections': projections, 'names': names,
                                                     'condition': condition}))
        return Table(self._t_env, node, self._t_env._schema_of(node))


class GroupedTable(object):
    """A table grouped by some expressions (`Table.group_by`), as in `pyflink.table.table`."""

    def __init__(self, table: Table, keys: List[Expression]):
        self._table = table
        self._keys = keys

    def select(self, *fields: Union[Expression, str]) -> Table:
        """One row per group: the grouping expressions and aggregates of the group's rows. An
        aggregate without an alias is named `EXPR$<n>` (its position among the aggregates), any other
        expression `_c<position>`, as in Flink. In streaming mode the result is a changelog: a
        group's row is inserted (+I), then updated (-U, +U) as its rows come.

        Example::

            t.group_by(col('k')).select(col('k'), col('v').sum.alias('total'), col('v').count)
        """
        return self._table._group_aggregate(self._keys, [self._table._expression(field) for field in fields])


class _FieldNames(list):
    """A table's field names, and the aliases of its grouping expressions (`group_by(
    (col('a') % 2).alias('parity'))`), which a grouped table's select may name."""

    def __init__(self, names):
        super().__init__(names)
        self.named_keys = {}
