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
        self._cross_join = None  # (left, right) of a join without a predicate, for a `where` after it
        self._sort = None  # (keys, offset, fetch, the table sorted) of an order_by/offset/fetch

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
        if self._cross_join is not None:
            # `a.join(b).where(...)`: the join takes the predicate, so its equalities key it, as
            # Flink's optimizer pushes it into the join.
            left, right = self._cross_join
            return left._join(right, predicate, 'inner', 'join', from_where=True)
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

    def map(self, func) -> 'Table':
        """One row per row from a scalar function (`udf`): passed as it is, it gets the row; called,
        the values of its arguments. A ROW result type gives the columns (its field names), any
        other one column `f0`.

        Example::

            t.map(udf(lambda r: Row(r.a * 2, r.b), result_type=DataTypes.ROW([...])))
        """
        from spate.table.udf import UserDefinedScalarFunctionWrapper, _MapCall
        if isinstance(func, UserDefinedScalarFunctionWrapper):
            call = _MapCall(func, None)
        elif isinstance(func, Expression) and func._scalar_call is not None:
            wrapper, arguments = func._scalar_call
            call = _MapCall(wrapper, arguments)
        else:
            raise TypeError(f"map: expected a scalar function (udf), or one called with its arguments, got {func!r}")
        return self._table_function('map', call, keep_input=False, outer=False, condition=None)

    def flat_map(self, func) -> 'Table':
        """The rows a table function (`udtf`) gives for each row: passed as it is, it gets the row
        (a Row with the table's field names); called, the values of its arguments. The columns are
        named `f0`, `f1`, ... unless aliased.

        Example::

            t.flat_map(split).alias('word')
        """
        return self._table_function('flat_map', self._table_function_call(func, 'flat_map', row_allowed=True),
                                    keep_input=False, outer=False, condition=None)

    def join_lateral(self, table_function_call, join_predicate=None) -> 'Table':
        """Each row joined with each row the table function gives for it (none: the row is dropped).

        Example::

            t.join_lateral(words(col('line')).alias('word', 'length'))
        """
        call = self._table_function_call(table_function_call, 'join_lateral', row_allowed=False)
        return self._table_function('join_lateral', call, keep_input=True, outer=False, condition=join_predicate)

    def left_outer_join_lateral(self, table_function_call, join_predicate=None) -> 'Table':
        """As `join_lateral`, but a row the function gives no rows for is kept, with NULLs."""
        call = self._table_function_call(table_function_call, 'left_outer_join_lateral', row_allowed=False)
        return self._table_function('left_outer_join_lateral', call, keep_input=True, outer=True,
                                    condition=join_predicate)

    @staticmethod
    def _table_function_call(func, operation: str, row_allowed: bool):
        from spate.table.udf import TableFunctionCall, UserDefinedTableFunctionWrapper
        if row_allowed and isinstance(func, UserDefinedTableFunctionWrapper):
            return TableFunctionCall(func, None)
        if not isinstance(func, TableFunctionCall):
            raise TypeError(f"{operation}: expected a table function (udtf) called with its arguments, such as "
                            f"split(col('line')), got {func!r}")
        return func

    def _table_function(self, operation: str, call, keep_input: bool, outer: bool, condition) -> 'Table':
        from spate.datastream._graph import Transformation
        fields = self._schema.get_field_names()
        settings = dict(call._settings(fields), keep_input=keep_input, outer=outer)
        if condition is not None:
            names = fields + (call._names or [f"f{i}" for i in range(len(call._wrapper._result_types))])
            settings['condition'] = self._expression(condition)._plan(names)
        node = self._t_env._env._add(Transformation('table_function', operation, [self._transformation], settings,
                                                    {'function': call._plan_function(operation)}))
        return Table(self._t_env, node, self._t_env._schema_of(node))

    def union(self, right: 'Table') -> 'Table':
        """The distinct rows of both tables (batch mode, as in Flink); the columns take this
        table's names and must have the same types as `right`'s.

        Example::

            t_env.from_elements([(1,), (2,)], ['a']).union(t_env.from_elements([(2,)], ['b']))  # 1, 2
        """
        return self._set_operation(right, 'union')

    def intersect(self, right: 'Table') -> 'Table':
        """The distinct rows that are in both tables (batch mode).

        Example::

            visits_monday.intersect(visits_tuesday)
        """
        return self._set_operation(right, 'intersect')

    def intersect_all(self, right: 'Table') -> 'Table':
        """The rows that are in both tables, a row as many times as it is in both (batch mode).

        Example::

            stock.intersect_all(orders)
        """
        return self._set_operation(right, 'intersect_all')

    def minus(self, right: 'Table') -> 'Table':
        """The distinct rows of this table that are not in `right` (batch mode).

        Example::

            customers.minus(blocked)
        """
        return self._set_operation(right, 'minus')

    def minus_all(self, right: 'Table') -> 'Table':
        """This table's rows less `right`'s: a row as many times as it is here beyond its copies in
        `right` (batch mode).

        Example::

            stock.minus_all(sold)
        """
        return self._set_operation(right, 'minus_all')

    def order_by(self, *fields: Expression) -> 'Table':
        """The rows ordered by these expressions, ascending unless `.desc` (NULLs are last ascending
        and first descending, as in Flink). Batch mode sorts; streaming mode needs a `fetch` after
        it (a Top-N, a changelog), as Flink does.

        Example::

            t.order_by(col('score').desc, col('name')).fetch(3)
        """
        names = self._schema.get_field_names()
        keys = []
        for field in fields:
            if not isinstance(field, Expression):
                raise TypeError(f"order_by: expected expressions such as col('a').desc, got {field!r}")
            keys.append({'expression': field._plan(names), 'descending': bool(field._descending)})
        return self._sorted(keys, 0, None)

    def offset(self, offset: int) -> 'Table':
        """The rows after the first `offset` (of an `order_by`, or as they come). Needs a `fetch`
        after it in streaming mode, and after `order_by` in batch mode, as in Flink.

        Example::

            t.order_by(col('a')).offset(10).fetch(5)
        """
        if not isinstance(offset, int) or offset < 0:
            raise ValueError(f"Offset should be greater or equal 0, got {offset!r}")
        return self._limited(offset, None)

    def fetch(self, fetch: int) -> 'Table':
        """The first `fetch` rows (after an `offset`, of an `order_by`, or as they come).

        Example::

            t.order_by(col('a').desc).fetch(3)
        """
        if not isinstance(fetch, int) or fetch < 0:
            raise ValueError(f"FETCH count must be equal or larger than 0, got {fetch!r}")
        return self._limited(None, fetch)

    def limit(self, fetch: int, offset: int = 0) -> 'Table':
        """`offset(offset).fetch(fetch)`.

        Example::

            t.order_by(col('a')).limit(3, 1)
        """
        return self.offset(offset).fetch(fetch)

    def join(self, right: 'Table', join_predicate: Expression = None) -> 'Table':
        """The inner join with `right`: each pair of rows, one of each table, for which
        `join_predicate` is TRUE, as the columns of this table then those of `right` (whose names
        must differ from this table's). The predicate needs an equality of the two sides, which the
        join is keyed by; without a predicate, a `where` after the join gives it.

        Example::

            orders.join(customers, col('customer_id') == col('id')).select(col('item'), col('name'))
        """
        return self._join(right, join_predicate, 'inner', 'join')

    def left_outer_join(self, right: 'Table', join_predicate: Expression = None) -> 'Table':
        """As `join`, and each row of this table that joins no row of `right`, with NULLs for the
        columns of `right`. In streaming mode such a row is inserted at once and deleted (-D) when a
        match comes.

        Example::

            orders.left_outer_join(customers, col('customer_id') == col('id'))
        """
        return self._join(right, join_predicate, 'left', 'left_outer_join')

    def right_outer_join(self, right: 'Table', join_predicate: Expression) -> 'Table':
        """As `join`, and each row of `right` that joins no row of this table, with NULLs for this
        table's columns.

        Example::

            orders.right_outer_join(customers, col('customer_id') == col('id'))
        """
        return self._join(right, join_predicate, 'right', 'right_outer_join')

    def full_outer_join(self, right: 'Table', join_predicate: Expression) -> 'Table':
        """As `join`, and the rows of either table that join no row of the other, padded with NULLs.

        Example::

            orders.full_outer_join(customers, col('customer_id') == col('id'))
        """
        return self._join(right, join_predicate, 'full', 'full_outer_join')

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

    def to_pandas(self):
        """The table's rows as a pandas DataFrame (a changelog's final rows: its changes applied in
        order), with the column types PyFlink's Arrow conversion gives: integer columns as their
        width (float64 when they hold NULLs), FLOAT float32, DOUBLE float64, BOOLEAN bool (object
        with NULLs), others object.

        Example::

            t.group_by(col('k')).select(col('k'), col('v').sum.alias('total')).to_pandas()
        """
        import pandas as pd
        from spate.common.types import RowKind
        from spate.table._pandas_types import dtype_of
        rows = []
        for row in self._t_env._collect(self):
            values = tuple(row)
            if row.get_row_kind() in (RowKind.UPDATE_BEFORE, RowKind.DELETE):
                if values in rows:
                    rows.remove(values)
            else:
                rows.append(values)
        names = self._schema.get_field_names()
        columns = {}
        for position, (name, data_type) in enumerate(zip(names, self._schema.get_field_data_types())):
            values = [row[position] for row in rows]
            columns[name] = pd.Series(values, dtype=dtype_of(data_type, values), name=name)
        return pd.DataFrame(columns, columns=names)

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
        # Spate refuses Python functions in a grouping: numbered, they reach Swift, which says so.
        settings = _numbering_udf_calls({'keys': key_plans, 'select': [e._plan(names) for e in expressions]}, [])
        keying = self._t_env._env._add(Transformation('group_key', 'GroupKey', [self._transformation], settings))
        node = self._t_env._env._add(Transformation('group_aggregate', 'GroupAggregate', [keying],
                                                    dict(settings, names=[e._name for e in expressions])))
        return Table(self._t_env, node, self._t_env._schema_of(node))

    def _check_same_environment(self, other, operation: str) -> None:
        if not isinstance(other, Table):
            raise TypeError(f"{operation}: expected a Table, got {other!r}")
        if other._t_env is not self._t_env:
            raise ValueError(f"Only tables from the same TableEnvironment can be joined ({operation} of tables "
                             f"of two environments)")

    def _join(self, right: 'Table', predicate, join_type: str, operation: str, from_where: bool = False) -> 'Table':
        """The join's three plan nodes: each side keyed by the join keys, then the join. Spate plans
        it (keys, condition, the checks) from the predicate over the joined columns."""
        from spate.datastream._graph import Transformation
        self._check_same_environment(right, operation)
        if predicate is None and join_type in ('right', 'full'):
            raise TypeError(f"{operation}: expected a join predicate, such as col('a') == col('b'), got None")
        names = self._schema.get_field_names() + right._schema.get_field_names()
        condition = None if predicate is None else self._expression(predicate)._plan(names)
        settings = {'join_type': join_type, 'condition': condition, 'from_where': from_where,
                    'left': self._t_env._type_of(self._transformation),
                    'right': self._t_env._type_of(right._transformation)}
        add = self._t_env._env._add
        keyed = [add(Transformation('join_key', 'JoinKey', [side._transformation], dict(settings, side=position)))
                 for position, side in enumerate((self, right))]
        node = add(Transformation('join', 'Join', keyed, settings))
        table = Table(self._t_env, node, self._t_env._schema_of(node))
        if predicate is None and join_type == 'inner':
            table._cross_join = (self, right)
        return table

    def _set_operation(self, right: 'Table', operation: str) -> 'Table':
        """A `set_operation` node: Spate checks the columns (Flink's messages) and the mode."""
        from spate.datastream._graph import Transformation
        self._check_same_environment(right, operation)
        node = self._t_env._env._add(Transformation('set_operation', operation.replace('_', ' ').title().replace(' ', ''),
                                                    [self._transformation, right._transformation],
                                                    {'operation': operation}))
        return Table(self._t_env, node, self._t_env._schema_of(node))

    def _limited(self, offset, fetch) -> 'Table':
        """This table's sort (or its rows as they come) with a new offset or a fetch."""
        if self._sort is not None and self._sort[2] is not None:
            raise ValueError("FETCH is already defined.")
        keys, sorted_offset, parent = (self._sort[0], self._sort[1], self._sort[3]) if self._sort else ([], 0, self)
        return parent._sorted(keys, sorted_offset if offset is None else offset, fetch)

    def _sorted(self, keys: List[dict], offset: int, fetch) -> 'Table':
        """A `sort` node over this table. A sort streaming mode cannot run fails when its job
        starts, as in Flink (the table may still get a `fetch`, which replaces the node: `_sort` holds
        the keys, offset, fetch and the table sorted)."""
        from spate.datastream._graph import Transformation
        node = self._t_env._env._add(Transformation('sort', 'SortLimit' if fetch is not None else 'Sort',
                                                    [self._transformation],
                                                    {'keys': keys, 'offset': offset, 'fetch': fetch}))
        table = Table(self._t_env, node, self._t_env._schema_of(node))
        table._sort = (keys, offset, fetch, self)
        return table

    def _renamed(self, names: List[str]) -> 'Table':
        """The same columns under `names` (a projection of every column in order)."""
        return self._calc([{'field': i} for i in range(len(names))], names, None)

    def _calc(self, projections: List[dict], names: List[str], condition) -> 'Table':
        from spate.datastream._graph import Transformation
        calls = []
        settings = _numbering_udf_calls({'projections': projections, 'names': names, 'condition': condition}, calls)
        functions = {'udfs': [call.plan_function('PythonCalc') for call in calls]} if calls else None
        node = self._t_env._env._add(Transformation('calc', 'Calc', [self._transformation], settings, functions))
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


def _numbering_udf_calls(plan, calls: list):
    """`plan` with each Python function call site (`{'udf': <call>}`) numbered in order; the calls
    are appended to `calls`, whose position is the number (the node's `udfs`)."""
    if isinstance(plan, dict):
        numbered = {key: _numbering_udf_calls(value, calls) for key, value in plan.items() if key != 'udf'}
        if 'udf' in plan:
            calls.append(plan['udf'])
            numbered['udf'] = len(calls) - 1
        return numbered
    if isinstance(plan, list):
        return [_numbering_udf_calls(value, calls) for value in plan]
    return plan


class _FieldNames(list):
    """A table's field names, and the aliases of its grouping expressions (`group_by(
    (col('a') % 2).alias('parity'))`), which a grouped table's select may name."""

    def __init__(self, names):
        super().__init__(names)
        self.named_keys = {}
