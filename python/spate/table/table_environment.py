"""`TableEnvironment`, as in `pyflink.table.table_environment`: makes tables and runs their jobs."""
from typing import List, Union

from spate.table.environment_settings import EnvironmentSettings
from spate.table.table import Table
from spate.table.table_config import TableConfig
from spate.table.table_schema import TableSchema, data_type_from_spate
from spate.table.types import DataType, DataTypes, RowType


class TableEnvironment(object):
    """The entry point of the Table API.

    Example::

        t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
        t_env.from_elements([(1, 'a')], ['id', 'name']).execute().print()
    """

    def __init__(self, settings: EnvironmentSettings):
        from spate.datastream import StreamExecutionEnvironment
        from spate.datastream.execution_mode import RuntimeExecutionMode
        self._streaming = settings.is_streaming_mode()
        self._env = StreamExecutionEnvironment.get_execution_environment()
        self._env.set_runtime_mode(RuntimeExecutionMode.STREAMING if self._streaming else RuntimeExecutionMode.BATCH)
        self._config = TableConfig(self._env)

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
                plain.set_row_kind(row.get_row_kind())
                collected.append(plain)
        return collected
