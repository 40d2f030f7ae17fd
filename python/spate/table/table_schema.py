"""`TableSchema`, as in `pyflink.table.table_schema`: a table's column names and types."""
from typing import List

from spate.table.types import DataType, DataTypes


class TableSchema(object):
    def __init__(self, field_names: List[str] = None, data_types: List[DataType] = None):
        self._names = list(field_names or [])
        self._types = list(data_types or [])

    def get_field_names(self) -> List[str]:
        return list(self._names)

    def get_field_data_types(self) -> List[DataType]:
        return list(self._types)

    def get_field_count(self) -> int:
        return len(self._names)

    def get_field_data_type(self, field) -> DataType:
        return self._types[field if isinstance(field, int) else self._names.index(field)]

    def get_field_name(self, field_index: int):
        """The name of column `field_index`, None if there is no such column."""
        return self._names[field_index] if 0 <= field_index < len(self._names) else None

    def to_row_data_type(self):
        return DataTypes.ROW([DataTypes.FIELD(name, data_type) for name, data_type in zip(self._names, self._types)])

    def _printed(self) -> str:
        """As `Table.print_schema()` prints it (Flink's resolved schema)."""
        lines = [f"  `{name}` {sql_type_name(data_type)}" for name, data_type in zip(self._names, self._types)]
        return "(\n" + ",\n".join(lines) + "\n)"

    def __str__(self):
        return "root\n" + "".join(f" |-- {name}: {sql_type_name(t)}\n" for name, t in zip(self._names, self._types))


def sql_type_name(data_type: DataType) -> str:
    from spate.table.types import ArrayType, DecimalType, LocalZonedTimestampType, TimestampType, TimeType
    text = str(data_type)
    # Flink's schema shows VARCHAR of the largest length as STRING, and the precision of the types
    # that have one (Python's str() leaves it out).
    text = 'STRING' if text in ('VARCHAR', 'VARCHAR(2147483647)') else text
    if isinstance(data_type, DecimalType):
        text = f"DECIMAL({data_type.precision}, {data_type.scale})"
    elif isinstance(data_type, (TimestampType, TimeType)):
        text = f"{text}({data_type.precision})"
    elif isinstance(data_type, LocalZonedTimestampType):
        text = f"TIMESTAMP_LTZ({data_type.precision})"
    elif isinstance(data_type, ArrayType):
        text = f"ARRAY<{sql_type_name(data_type.element_type)}>"
    return text if data_type._nullable else text + ' NOT NULL'


def data_type_from_spate(parsed) -> DataType:
    """A `DataType` from Spate's parse of a type string (`_spate.parse_type`)."""
    keyword, not_null, _nullable, precision, scale, children = parsed
    nullable = not not_null
    simple = {'bool': DataTypes.BOOLEAN, 'i8': DataTypes.TINYINT, 'i16': DataTypes.SMALLINT, 'i32': DataTypes.INT,
              'i64': DataTypes.BIGINT, 'f32': DataTypes.FLOAT, 'f64': DataTypes.DOUBLE, 'str': DataTypes.STRING,
              'bytes': DataTypes.BYTES, 'date': DataTypes.DATE}
    if keyword in simple:
        return simple[keyword](nullable)
    if keyword == 'decimal':
        return DataTypes.DECIMAL(precision, scale, nullable)
    if keyword in ('time', 'timestamp', 'timestamp_ltz'):
        maker = {'time': DataTypes.TIME, 'timestamp': DataTypes.TIMESTAMP, 'timestamp_ltz': DataTypes.TIMESTAMP_LTZ}
        return maker[keyword](precision, nullable)
    if keyword == 'list':
        return DataTypes.ARRAY(data_type_from_spate(children[0][1]), nullable)
    if keyword == 'map':
        return DataTypes.MAP(data_type_from_spate(children[0][1]), data_type_from_spate(children[1][1]), nullable)
    if keyword in ('row', 'tuple'):
        return DataTypes.ROW([DataTypes.FIELD(name or f"f{i}", data_type_from_spate(child))
                              for i, (name, child) in enumerate(children)], nullable)
    if keyword == 'null':
        return DataTypes.NULL()
    raise ValueError(f"no Table API type for Spate's '{keyword}'")
