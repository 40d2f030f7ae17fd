"""The one table between the Table API's column types and pandas dtypes, both ways: what
`Table.to_pandas` gives (as PyFlink's Arrow conversion: integers at their width, float64 when they
hold NULLs; BOOLEAN bool, object with NULLs; others object) and what `from_pandas` reads."""
from spate.table.types import DataType, DataTypes

# Flink's type name, its pandas dtype, and how to make the type.
_NUMBERS = [('TINYINT', 'int8', DataTypes.TINYINT), ('SMALLINT', 'int16', DataTypes.SMALLINT),
            ('INT', 'int32', DataTypes.INT), ('BIGINT', 'int64', DataTypes.BIGINT),
            ('FLOAT', 'float32', DataTypes.FLOAT), ('DOUBLE', 'float64', DataTypes.DOUBLE),
            ('BOOLEAN', 'bool', DataTypes.BOOLEAN)]
_DTYPE_OF = {name: dtype for name, dtype, _ in _NUMBERS}
_TYPE_OF = {dtype: make for _, dtype, make in _NUMBERS}


def dtype_of(data_type: DataType, values) -> str:
    """The pandas dtype of a column of `data_type` holding `values`."""
    dtype = _DTYPE_OF.get(str(data_type).split('(')[0], 'object')
    if any(value is None for value in values):
        return 'float64' if dtype.startswith('int') else ('object' if dtype == 'bool' else dtype)
    return dtype


def data_type_of(dtype, name: str) -> DataType:
    """The column type of pandas dtype `dtype` (column `name`, for the error)."""
    text = str(dtype)
    if text in _TYPE_OF:
        return _TYPE_OF[text]()
    if text in ('object', 'str', 'string'):
        return DataTypes.STRING()
    raise TypeError(f"from_pandas: column '{name}' has dtype {text}, which Spate does not convert yet; "
                    f"give the table's types as a DataTypes.ROW schema")
