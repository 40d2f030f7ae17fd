"""
The Table API, as in `pyflink.table`: `TableEnvironment`, `Table` and its expressions (run
natively), `DataTypes` and the `DataType` classes, `Row` and `RowKind`. It is being built: the
classes exported here have the members PyFlink's have that work in Spate so far (`from_elements`,
`select`, `where`, `group_by` with aggregates, `distinct`, `execute().print()`, `collect()`, ...);
a member not yet there is an AttributeError, never a silent difference.
"""

from spate.common.types import Row, RowKind
from spate.table.environment_settings import EnvironmentSettings
from spate.table.result_kind import ResultKind
from spate.table.schema import Schema
from spate.table.statement_set import StatementSet
from spate.table.table import GroupedTable, Table
from spate.table.table_descriptor import FormatDescriptor, TableDescriptor
from spate.table.table_environment import StreamTableEnvironment, TableEnvironment
from spate.table.table_pipeline import TablePipeline
from spate.table.table_result import TableResult
from spate.table.table_schema import TableSchema
from spate.table.udf import FunctionContext, ScalarFunction, TableFunction
from spate.table.types import AtomicType, ArrayType, BigIntType, BinaryType, BooleanType, \
    CharType, DataType, DataTypes, DateType, DayTimeIntervalType, DecimalType, DoubleType, \
    FloatType, FractionalType, IntegralType, IntType, ListViewType, LocalZonedTimestampType, \
    MapType, MapViewType, MultisetType, NullType, NumericType, RawType, Resolution, RowField, \
    RowType, SmallIntType, TimestampType, TimeType, TinyIntType, UserDefinedType, \
    VarBinaryType, VarCharType, YearMonthIntervalType, ZonedTimestampType

__all__ = [
    'TableEnvironment',
    'StreamTableEnvironment',
    'EnvironmentSettings',
    'Table',
    'GroupedTable',
    'TableResult',
    'TableSchema',
    'Schema',
    'TableDescriptor',
    'FormatDescriptor',
    'StatementSet',
    'TablePipeline',
    'ResultKind',
    'FunctionContext',
    'ScalarFunction',
    'TableFunction',
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
