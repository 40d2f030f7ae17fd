"""
The Table API's types, as in `pyflink.table`: `DataTypes` and the `DataType` classes (`IntType`,
`DecimalType`, `RowType`, ...), with `Row` and `RowKind`. The rest of the Table API is being built
in its modules (`table_environment`, `table`, `expressions`, ...: `from_elements`, `select` and
`where` run natively, `execute().print()`, `collect()`); this package exports its classes once each
has every member PyFlink's has.
"""

from spate.common.types import Row, RowKind
from spate.table.types import AtomicType, ArrayType, BigIntType, BinaryType, BooleanType, \
    CharType, DataType, DataTypes, DateType, DayTimeIntervalType, DecimalType, DoubleType, \
    FloatType, FractionalType, IntegralType, IntType, ListViewType, LocalZonedTimestampType, \
    MapType, MapViewType, MultisetType, NullType, NumericType, RawType, Resolution, RowField, \
    RowType, SmallIntType, TimestampType, TimeType, TinyIntType, UserDefinedType, \
    VarBinaryType, VarCharType, YearMonthIntervalType, ZonedTimestampType

__all__ = [
    'DataTypes',
    'UserDefinedType',
    'Row',
    'RowKind',
    'DataType',
    'AtomicType',
    'NullType',
    'NumericType',
    'IntegralType',
    'FractionalType',
    'CharType',
    'VarCharType',
    'BinaryType',
    'VarBinaryType',
    'BooleanType',
    'TinyIntType',
    'SmallIntType',
    'IntType',
    'BigIntType',
    'FloatType',
    'DoubleType',
    'DecimalType',
    'DateType',
    'TimeType',
    'TimestampType',
    'LocalZonedTimestampType',
    'ZonedTimestampType',
    'Resolution',
    'YearMonthIntervalType',
    'DayTimeIntervalType',
    'ArrayType',
    'ListViewType',
    'MapType',
    'MapViewType',
    'MultisetType',
    'RowField',
    'RowType',
    'RawType',
]
