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
    """The type as Flink's resolved schema prints it: `DECIMAL(10, 2)`, `TIMESTAMP(3)`,
    `ARRAY<INT>`, ``ROW<`x` INT, `y` STRING>``, `STRING` for the longest VARCHAR, `BYTES` for the
    longest VARBINARY, ` NOT NULL` where it takes no NULL."""
    from spate.table import types
    name = str(data_type)
    if isinstance(data_type, (types.VarCharType, types.CharType, types.VarBinaryType, types.BinaryType)):
        longest = data_type.length == 2147483647 and isinstance(data_type, (types.VarCharType, types.VarBinaryType))
        name = {'VARCHAR': 'STRING', 'VARBINARY': 'BYTES'}[name] if longest else f"{name}({data_type.length})"
    elif isinstance(data_type, types.DecimalType):
        name = f"DECIMAL({data_type.precision}, {data_type.scale})"
    elif isinstance(data_type, (types.TimeType, types.TimestampType)):
        name = f"{name}({data_type.precision})"
    elif isinstance(data_type, types.LocalZonedTimestampType):
        name = f"TIMESTAMP_LTZ({data_type.precision})"
    elif isinstance(data_type, (types.ArrayType, types.MultisetType)):
        name = f"{name}<{sql_type_name(data_type.element_type)}>"
    elif isinstance(data_type, types.MapType):
        name = f"MAP<{sql_type_name(data_type.key_type)}, {sql_type_name(data_type.value_type)}>"
    elif isinstance(data_type, types.RowType):
        name = "ROW<" + ", ".join(f"`{f.name}` {sql_type_name(f.data_type)}" for f in data_type.fields) + ">"
    return name if data_type._nullable else name + ' NOT NULL'


_PRIMITIVES = ('bool', 'i8', 'i16', 'i32', 'i64', 'f32', 'f64')


def data_type_from_spate(parsed, row_field: bool = False) -> DataType:
    """A `DataType` from Spate's parse of a type string (`_spate.parse_type`)."""
    keyword, not_null, marked_nullable, precision, scale, children = parsed
    # Unmarked numbers and booleans are DataStream primitives, which take no None (a tuple's LONG
    # field is BIGINT NOT NULL in Flink too) except as a Row's fields; the Table API marks its types.
    nullable = marked_nullable or (not not_null and (row_field or keyword not in _PRIMITIVES))
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
        return DataTypes.ROW([DataTypes.FIELD(name or f"f{i}", data_type_from_spate(child, keyword == 'row'))
                              for i, (name, child) in enumerate(children)], nullable)
    if keyword == 'null':
        return DataTypes.NULL()
    raise ValueError(f"no Table API type for Spate's '{keyword}'")
