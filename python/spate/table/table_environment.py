"""`TableEnvironment`, as in `pyflink.table.table_environment`: makes tables and runs their jobs."""
import itertools
from typing import List, Union

from spate.table.environment_settings import EnvironmentSettings
from spate.table.table import Table
from spate.table.statement_set import StatementSet
from spate.table.table_config import TableConfig
from spate.table.table_descriptor import TableDescriptor
from spate.table.table_schema import TableSchema, data_type_from_spate
from spate.table.types import DataType, DataTypes, RowType
from spate.util.exceptions import ValidationException


class TableEnvironment(object):
    """The entry point of the Table API.

    Example::

        t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
        t_env.from_elements([(1, 'a')], ['id', 'name']).execute().print()
    """

    def __init__(self, settings: EnvironmentSettings, env=None):
        from spate.datastream import StreamExecutionEnvironment
        from spate.datastream.execution_mode import RuntimeExecutionMode
        self._streaming = settings.is_streaming_mode()
        # A StreamTableEnvironment shares its DataStream environment: its tables and streams make one job.
        self._env = env if env is not None else StreamExecutionEnvironment.get_execution_environment()
        self._env.set_runtime_mode(RuntimeExecutionMode.STREAMING if self._streaming else RuntimeExecutionMode.BATCH)
        self._config = TableConfig(self._env)
        from spate.table._catalog import Catalog
        self._catalog = Catalog()
        self._anonymous = itertools.count(1)

    @staticmethod
    def create(environment_settings: EnvironmentSettings) -> 'TableEnvironment':
        if not isinstance(environment_settings, EnvironmentSettings):
            raise TypeError(f"create: expected EnvironmentSettings, got {environment_settings!r}")
        return TableEnvironment(environment_settings)

    def get_config(self) -> TableConfig:
        """The environment's options (`get_config().set('parallelism.default', '4')`)."""
        return self._config

    def from_elements(self, elements: List, schema: Union[List[str], DataType] = None,
                      verify_schema: bool = True) -> Table:
        """A table of `elements` (tuples, lists, Rows or dicts). `schema` names the columns (their
        types then come from the values: int BIGINT, float DOUBLE, str STRING, bool BOOLEAN) or is a
        `DataTypes.ROW` of names and types. Without names, a Row's field names or a dict's keys
        (sorted, as PyFlink sorts them) name the columns, else `_1`, `_2`, ..."""
        from spate import _spate
        from spate.datastream._graph import Transformation
        rows, found_names = self._rows_of(list(elements))
        if schema is None and found_names is not None:
            schema = found_names
        row_type = schema if isinstance(schema, RowType) else self._infer(rows, schema)
        values = _spate.Column(row_type._spate_type(), rows, "from_elements")
        node = self._env._add(Transformation('collection_source', 'Source: Values', [], values=values,
                                             function_name=None))
        return Table(self, node, self._schema_of(node))

    def from_pandas(self, pdf, schema: Union[List[str], DataType] = None, splits_num: int = 1) -> Table:
        """A table of a pandas DataFrame's rows: its columns' names and, from their dtypes, types
        (int64 BIGINT, int32 INT, float64 DOUBLE, float32 FLOAT, bool BOOLEAN, text STRING; NaN is
        NULL), unless `schema` gives the names or a ROW of names and types.

        Example::

            t_env.from_pandas(pd.DataFrame({'a': [1, 2], 'b': ['x', 'y']}))
        """
        import pandas as pd
        if not isinstance(pdf, pd.DataFrame):
            raise TypeError(f"from_pandas: expected a pandas DataFrame, got {type(pdf).__name__}")
        rows = [tuple(None if pd.isna(value) else (value.item() if hasattr(value, 'item') else value)
                      for value in row) for row in pdf.itertuples(index=False, name=None)]
        if isinstance(schema, RowType):
            return self.from_elements(rows, schema)
        names = list(schema) if schema is not None else [str(name) for name in pdf.columns]
        if len(names) != len(pdf.columns):
            raise ValueError(f"from_pandas: {len(names)} names for the DataFrame's {len(pdf.columns)} columns")
        from spate.table._pandas_types import data_type_of
        types = [data_type_of(dtype, name) for dtype, name in zip(pdf.dtypes, names)]
        return self.from_elements(rows, DataTypes.ROW([DataTypes.FIELD(n, t) for n, t in zip(names, types)]))

    @staticmethod
    def _rows_of(elements: List):
        """The elements as tuples, and the column names the first element gives (a Row's field
        names, a dict's sorted keys), if any."""
        if not elements:
            return [], None
        first = elements[0]
        if isinstance(first, dict):
            names = sorted(first)
            rows = []
            for position, element in enumerate(elements):
                if not isinstance(element, dict) or sorted(element) != names:
                    raise TypeError(f"from_elements: element {position} is {element!r}; expected a dict "
                                    f"with the keys {names}, as the first element")
                rows.append(tuple(element[name] for name in names))
            return rows, names
        from spate.common.types import Row
        rows = []
        for position, element in enumerate(elements):
            if not isinstance(element, (tuple, list, Row)):
                raise TypeError(f"from_elements: element {position} is {element!r} ({type(element).__name__}); "
                                f"expected a tuple, list, Row or dict: one row of the table")
            rows.append(tuple(element))
        return rows, getattr(first, '_fields', None)

    @staticmethod
    def _infer(rows: List[tuple], names) -> RowType:
        width = len(rows[0]) if rows else len(names or [])
        names = list(names) if names else [f"_{i + 1}" for i in range(width)]
        if len(names) != width:
            raise ValueError(f"from_elements: {len(names)} names for rows of {width} values")
        types = []
        for position in range(width):
            sample = next((row[position] for row in rows if row[position] is not None), None)
            if sample is None:
                raise TypeError(f"from_elements: cannot infer the type of column '{names[position]}' from None "
                                f"alone; give a schema")
            kinds = [(bool, DataTypes.BOOLEAN), (int, DataTypes.BIGINT), (float, DataTypes.DOUBLE),
                     (str, DataTypes.STRING)]
            maker = next((make for kind, make in kinds if isinstance(sample, kind)), None)
            if maker is None:
                raise TypeError(f"from_elements: values of {type(sample).__name__} need a schema")
            types.append(maker())
        return DataTypes.ROW([DataTypes.FIELD(name, data_type) for name, data_type in zip(names, types)])

    # ---- the catalog ----

    def create_temporary_table(self, path: str, descriptor: TableDescriptor, ignoreIfExists: bool = False) -> None:
        """Registers a connector table under `path` for this session (shadowing a permanent table of
        the same path). Creating one twice is a ValidationException unless `ignoreIfExists`.

        Example::

            t_env.create_temporary_table('printed', TableDescriptor.for_connector('print')
                                         .schema(Schema.new_builder().column('id', DataTypes.BIGINT()).build())
                                         .build())
        """
        self._catalog.create_temporary(path, self._checked_descriptor(descriptor), ignoreIfExists)

    def create_table(self, path: str, descriptor: TableDescriptor, ignoreIfExists: bool = False) -> None:
        """Registers a connector table under `path` in the (in-memory) default catalog."""
        self._catalog.create_permanent(path, self._checked_descriptor(descriptor), ignoreIfExists)

    def create_temporary_view(self, view_path: str, table_or_data_stream, *fields_or_schema) -> None:
        """Registers `table` as a view: `from_path(view_path)` gives it back. A temporary table or
        view of that path already there is a ValidationException."""
        if not isinstance(table_or_data_stream, Table) or fields_or_schema:
            raise TypeError(f"create_temporary_view: Spate registers a Table as a view (no DataStream or fields "
                            f"yet), got {table_or_data_stream!r}")
        if table_or_data_stream._t_env is not self:
            raise ValueError("create_temporary_view: the table belongs to another TableEnvironment")
        self._catalog.create_temporary(view_path, table_or_data_stream)

    def from_path(self, path: str) -> Table:
        """The table or view registered under `path` (`name`, `database.name` or
        `catalog.database.name`); reading a connector table reads its files or generator."""
        from spate.table._catalog import resolve
        entry = self._catalog.lookup(path)
        if isinstance(entry, Table):
            return entry
        return self._scan(resolve(path), entry)

    def from_descriptor(self, descriptor: TableDescriptor) -> Table:
        """A table reading `descriptor`'s connector without registering it (Flink names it
        `*anonymous_<connector>$<n>*`).

        Example::

            t_env.from_descriptor(TableDescriptor.for_connector('datagen').schema(schema).build())
        """
        from spate.table._catalog import DEFAULT_CATALOG, DEFAULT_DATABASE
        if not isinstance(descriptor, TableDescriptor):
            raise TypeError(f"from_descriptor: expected a TableDescriptor, got {descriptor!r}")
        self._anonymous_tables = getattr(self, '_anonymous_tables', 0) + 1
        connector = descriptor._options.get('connector', 'table')
        name = f"*anonymous_{connector}${self._anonymous_tables}*"
        return self._scan((DEFAULT_CATALOG, DEFAULT_DATABASE, name), descriptor)

    def list_tables(self) -> List[str]:
        """Every table and view of the current database, temporary or not, sorted."""
        return self._catalog.names(temporary=True, permanent=True, views_only=False)

    def list_views(self) -> List[str]:
        return self._catalog.names(temporary=True, permanent=True, views_only=True)

    def list_temporary_tables(self) -> List[str]:
        """The temporary tables and views, sorted (views are temporary tables too, as in Flink)."""
        return self._catalog.names(temporary=True, permanent=False, views_only=False)

    def list_temporary_views(self) -> List[str]:
        return self._catalog.names(temporary=True, permanent=False, views_only=True)

    def drop_temporary_table(self, table_path: str) -> bool:
        """True if a temporary table was there and is dropped, else False."""
        return self._catalog.drop_temporary(table_path, view=False)

    def drop_temporary_view(self, view_path: str) -> bool:
        return self._catalog.drop_temporary(view_path, view=True)

    def drop_table(self, table_path: str, ignore_if_not_exists: bool = True) -> bool:
        """Drops a permanent table: False when there is none (an error unless ignore_if_not_exists);
        a temporary table of that path must be dropped first."""
        return self._catalog.drop_permanent(table_path, view=False, ignore_if_not_exists=ignore_if_not_exists)

    def drop_view(self, view_path: str, ignore_if_not_exists: bool = True) -> bool:
        return self._catalog.drop_permanent(view_path, view=True, ignore_if_not_exists=ignore_if_not_exists)

    def create_statement_set(self) -> StatementSet:
        """A set of inserts to run as one job (`add_insert(...)`, then `execute()`)."""
        return StatementSet(self)

    @staticmethod
    def _checked_descriptor(descriptor) -> TableDescriptor:
        if not isinstance(descriptor, TableDescriptor):
            raise TypeError(f"expected a TableDescriptor (TableDescriptor.for_connector(...)...build()), got {descriptor!r}")
        return descriptor

    # ---- connector tables ----

    def _scan(self, identifier, descriptor: TableDescriptor) -> Table:
        """A table reading a connector table: its source node, and a calc for computed columns."""
        from spate.datastream._graph import Transformation
        from spate.table._catalog import summary
        schema = descriptor.get_schema()
        if schema is None:
            raise ValidationException(f"Table '{summary(identifier)}' has no schema: give the descriptor one "
                                      f"(TableDescriptor...schema(Schema.new_builder()...build()))")
        physical = schema._physical()
        names = ", ".join(column.name for column in physical)
        settings = {'table': summary(identifier), 'options': descriptor._options,
                    'columns': [{'name': c.name, 'type': c.data_type._spate_type()} for c in physical]}
        node = self._env._add(Transformation('table_source', f"TableSourceScan(table=[[{', '.join(identifier)}]], "
                                             f"fields=[{names}])", [], settings))
        node.parallelism = _parallelism_option(descriptor._options, 'scan.parallelism')
        table = Table(self, node, self._validated(lambda: self._schema_of(node)))
        if len(physical) == len(schema._columns):
            return table
        positions = {column.name: i for i, column in enumerate(physical)}
        field_names = [column.name for column in physical]
        projections = [column.expression._plan(field_names) if column.expression is not None
                       else {'field': positions[column.name]} for column in schema._columns]
        return self._validated(lambda: table._calc(projections, [c.name for c in schema._columns], None))

    def _sink_identifier(self, target):
        """The full path of an insert's target: a catalog path, or an anonymous descriptor table
        named as Flink names it (`*anonymous_print$1*`)."""
        from spate.table._catalog import resolve
        if isinstance(target, TableDescriptor):
            connector = target._options.get('connector', '')
            return resolve(f"`*anonymous_{connector}${next(self._anonymous)}*`")
        return resolve(target)

    def _sink(self, table: Table, target, overwrite: bool):
        """The sink node writing `table` into `target`, and the sink's name."""
        from spate.datastream._graph import Transformation
        from spate.table._catalog import summary
        if not isinstance(table, Table) or table._t_env is not self:
            raise TypeError(f"expected a Table of this TableEnvironment to insert, got {table!r}")
        identifier = self._sink_identifier(target)
        descriptor = target if isinstance(target, TableDescriptor) else self._catalog.lookup_sink(target)
        if isinstance(descriptor, Table):
            raise ValidationException(f"'{summary(identifier)}' is a view: a view cannot be inserted into")
        schema = descriptor.get_schema()
        if schema is not None:
            columns = [(c.name, c.data_type) for c in schema._physical()]
        else:  # a descriptor without a schema takes the query's, as in Flink
            columns = list(zip(table.get_schema().get_field_names(), table.get_schema().get_field_data_types()))
        settings = {'table': summary(identifier), 'options': descriptor._options, 'overwrite': bool(overwrite),
                    'columns': [{'name': name, 'type': data_type._spate_type()} for name, data_type in columns]}
        node = Transformation('table_sink', f"Sink: {summary(identifier)}", [table._transformation], settings)
        node.parallelism = _parallelism_option(descriptor._options, 'sink.parallelism')
        return node, summary(identifier)

    def _execute_inserts(self, inserts: List[tuple]) -> 'TableResult':
        """Runs these (table, target, overwrite) inserts as one job, to its end. The result has a
        BIGINT column per sink, named by its path, holding -1 (the count is not known, as in Flink)."""
        from spate.common.types import Row
        from spate.table.table_result import TableResult
        sinks, names = [], []
        for table, target, overwrite in inserts:
            node, name = self._sink(table, target, overwrite)
            sinks.append(node)
            if name not in names:
                names.append(name)
        self._validated(lambda: self._env._run(sinks, 'insert-into_' + ','.join(names)))
        schema = TableSchema(names, [DataTypes.BIGINT() for _ in names])
        return TableResult([Row(*[-1] * len(names))], schema, self._streaming, raw=True)

    @staticmethod
    def _validated(make):
        """`make()`, with the planner's errors (a ValueError naming the node) as ValidationException."""
        try:
            return make()
        except ValidationException:
            raise
        except ValueError as error:
            raise ValidationException(str(error)) from None

    def _schema_of(self, node) -> TableSchema:
        """The schema Spate works out for `node`'s output."""
        from spate import _spate
        row = data_type_from_spate(_spate.parse_type(self._type_of(node)))
        return TableSchema([field.name for field in row.fields], [field.data_type for field in row.fields])

    def _type_of(self, node) -> str:
        """The type string of `node`'s rows, as Spate works it out."""
        graph, ids, _ = self._env._translate([node])
        return graph.output_type(ids[id(node)])

    def _collect(self, table: Table) -> list:
        """The table's rows, as PyFlink's `TableResult.collect()` gives them: Rows without field
        names, each with its kind."""
        from spate.common.types import Row
        from spate.datastream.data_stream import DataStream
        collected = []
        with DataStream(self._env, table._transformation, None).execute_and_collect() as rows:
            for row in rows:
                plain = Row(*row)
                if isinstance(row, Row):  # a tuple stream's records are inserts
                    plain.set_row_kind(row.get_row_kind())
                collected.append(plain)
        return collected


def _parallelism_option(options: dict, key: str) -> int:
    """A connector's own parallelism (`sink.parallelism`, `scan.parallelism`), 0 (the job's) when not
    given; a value that is not a positive whole number is left to the planner's option check."""
    text = options.get(key, '')
    return int(text) if text.isdigit() and int(text) > 0 else 0


class StreamTableEnvironment(TableEnvironment):
    """A `TableEnvironment` on a `StreamExecutionEnvironment`: tables and DataStreams of one job,
    converted into each other.

    Example::

        env = StreamExecutionEnvironment.get_execution_environment()
        t_env = StreamTableEnvironment.create(env)
        table = t_env.from_data_stream(env.from_collection([(1, 'Hi')], Types.ROW_NAMED(['a', 'b'],
                                                                   [Types.INT(), Types.STRING()])))
        t_env.to_data_stream(table.select(col('a') + 1)).print()
        env.execute()
    """

    @staticmethod
    def create(stream_execution_environment=None, environment_settings: EnvironmentSettings = None) \
            -> 'StreamTableEnvironment':
        if stream_execution_environment is None and environment_settings is None:
            raise ValueError("No argument found, the param 'stream_execution_environment' "
                             "or 'environment_settings' is required.")
        settings = environment_settings or EnvironmentSettings.in_streaming_mode()
        if not isinstance(settings, EnvironmentSettings):
            raise TypeError(f"create: expected EnvironmentSettings, got {settings!r}")
        return StreamTableEnvironment(settings, stream_execution_environment)

    def from_data_stream(self, data_stream, *fields_or_schema) -> Table:
        """The stream as a table: a row stream's fields, a tuple stream's `f0`, `f1`, ..., a stream of
        single values as `f0`. Columns given (`col('x'), col('y')`) name the fields by position, or,
        when each is a field's name, pick and order them by name.

        Example::

            t_env.from_data_stream(stream, col('id'), col('name'))
        """
        from spate.table.expression import Expression
        if fields_or_schema and not all(isinstance(f, Expression) for f in fields_or_schema):
            raise NotImplementedError(f"from_data_stream: Spate takes the stream alone or with columns "
                                      f"(col('a'), ...), not a Schema yet; got {fields_or_schema!r}")
        table = _stream_table(self, data_stream)
        if not fields_or_schema:
            return table
        names = table.get_schema().get_field_names()
        wanted = []
        for field in fields_or_schema:
            if field._field is None:
                raise ValueError(f"from_data_stream: expected columns such as col('a'), got {field}")
            wanted.append((field._field, field._name))
        if all(field in names for field, _ in wanted):
            from spate.table.expressions import col
            return table.select(*[col(field).alias(alias) for field, alias in wanted])
        if len(wanted) > len(names):
            raise ValueError(f"from_data_stream: {len(wanted)} columns for the stream's {len(names)} fields")
        return table.alias(*[alias for _, alias in wanted])

    def to_data_stream(self, table: Table):
        """The table's rows as a DataStream of Rows (with the table's field names). The table must be
        insert-only: a changelog (a grouping's result, say) goes through `to_changelog_stream`."""
        return self._stream_of(table, 'to_data_stream', insert_only=True)

    def to_changelog_stream(self, table: Table, target_schema=None, changelog_mode=None):
        """The table's changes as a DataStream of Rows, each with its kind (`row.get_row_kind()`)."""
        if target_schema is not None or changelog_mode is not None:
            raise NotImplementedError("to_changelog_stream: Spate gives every change (+I, -U, +U, -D); "
                                      "a target schema or changelog mode is not supported yet")
        return self._stream_of(table, 'to_changelog_stream', insert_only=False)

    def from_changelog_stream(self, data_stream, schema=None, changelog_mode=None) -> Table:
        """A table of a stream of Rows that each describe a change (`Row.of_kind(RowKind.UPDATE_AFTER,
        ...)`): aggregations over it take back what -U and -D rows retract."""
        if schema is not None or changelog_mode is not None:
            raise NotImplementedError("from_changelog_stream: Spate takes every kind of change; a schema or "
                                      "changelog mode is not supported yet")
        from spate.datastream._graph import Transformation
        table = _stream_table(self, data_stream)
        node = self._env._add(Transformation('changelog', 'ChangelogNormalize', [table._transformation]))
        return Table(self, node, self._schema_of(node))

    def _stream_of(self, table: Table, what: str, insert_only: bool):
        from spate.common.typeinfo import ExternalTypeInfo, Types
        from spate.datastream._graph import Transformation
        from spate.datastream.data_stream import DataStream
        if not isinstance(table, Table) or table._t_env is not self:
            raise TypeError(f"{what}: expected a Table of this environment, got {table!r}")
        node = self._env._add(Transformation('insert_only' if insert_only else 'changelog', what,
                                             [table._transformation]))
        schema = table.get_schema()
        self._schema_of(node)  # refuses a changelog where only inserts may go, now
        fields = [_type_info(t) for t in schema.get_field_data_types()]
        return DataStream(self._env, node, ExternalTypeInfo(Types.ROW_NAMED(schema.get_field_names(), fields)))


def _stream_table(t_env: TableEnvironment, data_stream) -> Table:
    """A table of `data_stream`'s records (rows, tuples or single values, as `from_data_stream`)."""
    from spate.common.typeinfo import RowTypeInfo, TupleTypeInfo, Types
    from spate.datastream.data_stream import DataStream
    if not isinstance(data_stream, DataStream) or data_stream._env is not t_env._env:
        raise TypeError(f"expected a DataStream of this environment's StreamExecutionEnvironment, got {data_stream!r}")
    type_info = data_stream._type_info
    if type_info is None or type_info == Types.PICKLED_BYTE_ARRAY():
        raise TypeError("a table needs the stream's type: declare it (output_type=Types.ROW_NAMED([...], [...]))")
    stream = data_stream
    if not isinstance(type_info, (RowTypeInfo, TupleTypeInfo)):
        # A stream of single values: each becomes a row of one column, f0 (a tuple's: NOT NULL as in Flink).
        stream = data_stream.map(lambda value: (value,), output_type=Types.TUPLE([type_info]))
    return Table(t_env, stream._transformation, t_env._schema_of(stream._transformation))


def _type_info(data_type: DataType):
    """The DataStream type of a table column's values."""
    from spate.common.typeinfo import Types
    simple = {'BOOLEAN': Types.BOOLEAN, 'TINYINT': Types.BYTE, 'SMALLINT': Types.SHORT, 'INT': Types.INT,
              'BIGINT': Types.LONG, 'FLOAT': Types.FLOAT, 'DOUBLE': Types.DOUBLE, 'DATE': Types.SQL_DATE}
    name = str(data_type).split('(')[0]
    if name in simple:
        return simple[name]()
    if name in ('VARCHAR', 'CHAR', 'STRING'):
        return Types.STRING()
    if name == 'DECIMAL':
        return Types.BIG_DEC()
    if name == 'TIME':
        return Types.SQL_TIME()
    if name == 'TIMESTAMP':
        return Types.SQL_TIMESTAMP()
    return Types.PICKLED_BYTE_ARRAY()
