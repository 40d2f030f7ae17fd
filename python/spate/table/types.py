"""
Data types of the Table API (`DataTypes` and the `DataType` classes), as in `pyflink.table.types`.

Each `DataType` also knows its Spate *type string* (`_spate_type()`), the form in which the type
crosses to the Swift runtime. A trailing ``!`` marks a type that does not accept None (declared with
``nullable=False`` or ``.not_null()``); data types accept None by default:

    DataTypes.NULL()                          null
    CHAR(n) VARCHAR(n) STRING()               str
    BINARY(n) VARBINARY(n) BYTES()            bytes
    BOOLEAN TINYINT SMALLINT INT BIGINT       bool i8 i16 i32 i64
    FLOAT DOUBLE                              f32 f64
    DECIMAL(p, s)                             decimal<p,s>
    DATE()  TIME(p)  TIMESTAMP(p)             date  time<p>  timestamp<p>
    TIMESTAMP_LTZ(p)                          timestamp_ltz<p>
    INTERVAL(YEAR.., MONTH) / (DAY.., SECOND) interval_ym (int months) / interval_dt (timedelta)
    ARRAY(T)  MAP(K, V)  MULTISET(T)          list<T>  map<K,V>  multiset<T>
    ROW([FIELD(name, T), ...])                row<name:T,...>

for example ``DataTypes.ROW([DataTypes.FIELD('a', DataTypes.STRING(False))])`` is ``row<a:str!>``.
"""

import calendar
import datetime
import time
from copy import copy
from enum import Enum
from typing import List, Union

from spate.common.types import Row, RowKind, _create_row

__all__ = ['DataTypes', 'UserDefinedType', 'Row', 'RowKind']


class _InvalidTypeError(ValueError, AssertionError):
    """A data type declared with impossible parameters (DECIMAL(39, 0), TIME(10), ...).

    A ValueError; also an AssertionError, which is what PyFlink raises for these."""


class _TypeArgumentError(TypeError, AssertionError):
    """A data type declared with an argument of the wrong kind (ARRAY(5), FIELD(1, ...)).

    A TypeError; also an AssertionError, which is what PyFlink raises for these."""


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise _InvalidTypeError(message)


def _check_nullable(nullable, what: str) -> bool:
    if not isinstance(nullable, bool):
        raise _TypeArgumentError("%s: nullable must be True or False, got %r"
                                 % (what, nullable))
    return nullable


def _check_int(value, what: str, name: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _TypeArgumentError("%s: %s must be an int, got %r" % (what, name, value))
    return value


_MAX_LENGTH = 0x7fffffff


class DataType(object):
    """
    Describes the data type of a value in the table ecosystem: its logical type and whether it
    accepts None (`nullable`, the default, or `not_null()`).
    """

    def __init__(self, nullable=True):
        self._nullable = _check_nullable(nullable, type(self).__name__)
        self._conversion_cls = ''

    def __repr__(self):
        return '%s(%s)' % (self.__class__.__name__, str(self._nullable).lower())

    def __str__(self, *args, **kwargs):
        return self.__class__.type_name()

    def __hash__(self):
        return hash(str(self))

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    def not_null(self):
        """A copy of this type that does not accept None."""
        cp = copy(self)
        cp._nullable = False
        return cp

    def nullable(self):
        """A copy of this type that accepts None."""
        cp = copy(self)
        cp._nullable = True
        return cp

    @classmethod
    def type_name(cls) -> str:
        return cls.__name__[:-4].upper()

    def bridged_to(self, conversion_cls) -> 'DataType':
        """Adds a hint that data should be represented using the given class when entering or
        leaving the table ecosystem (accepted and kept; Spate has no JVM classes)."""
        self._conversion_cls = conversion_cls
        return self

    def need_conversion(self) -> bool:
        """Whether values need converting between Python objects and an internal SQL form."""
        return False

    def to_sql_type(self, obj):
        """Converts a Python object into an internal SQL object."""
        return obj

    def from_sql_type(self, obj):
        """Converts an internal SQL object into a native Python object."""
        return obj

    # ---- Spate ----

    def _spate_args(self) -> str:
        """The arguments of the DataTypes call that declares this type, without `nullable`."""
        return ''

    @property
    def _spate_name(self) -> str:
        """How a user declares this type, for error messages: 'DataTypes.INT(nullable=False)'."""
        args = self._spate_args()
        if not self._nullable:
            args = args + (', ' if args else '') + 'nullable=False'
        return 'DataTypes.%s(%s)' % (self._spate_call(), args)

    def _spate_call(self) -> str:
        return self.type_name()

    def _spate_base_type(self) -> str:
        raise NotImplementedError(
            "%s is not supported yet by Spate's runtime" % self._spate_name)

    def _spate_type(self) -> str:
        """The type string of this type for Spate's runtime: `?` marks a type that accepts None
        (every DataType unless `not_null()`), `!` NOT NULL."""
        return self._spate_base_type() + ('?' if self._nullable else '!')


class AtomicType(DataType):
    """An internal type used to represent everything that is not arrays, rows, and maps."""

    def __init__(self, nullable=True):
        super(AtomicType, self).__init__(nullable)


class NullType(AtomicType):
    """The data type of None, and only None (DataTypes.NULL())."""

    def __init__(self):
        super(NullType, self).__init__(True)

    def not_null(self):
        raise _InvalidTypeError("DataTypes.NULL() always accepts None; it has no NOT NULL form")

    def _spate_base_type(self) -> str:
        return 'null'


class NumericType(AtomicType):
    """Numeric data types."""

    def __init__(self, nullable=True):
        super(NumericType, self).__init__(nullable)


class IntegralType(NumericType):
    """Integral data types."""

    def __init__(self, nullable=True):
        super(IntegralType, self).__init__(nullable)


class FractionalType(NumericType):
    """Fractional data types."""

    def __init__(self, nullable=True):
        super(FractionalType, self).__init__(nullable)


class _LengthType(AtomicType):
    """A string or binary type with a length from 1 to 2147483647."""

    _spate_kind = ''

    def __init__(self, length=1, nullable=True):
        super(_LengthType, self).__init__(nullable)
        _check_int(length, type(self).__name__, 'length')
        _require(1 <= length <= _MAX_LENGTH,
                 "%s: length must be between 1 and 2147483647, got %d"
                 % (type(self).__name__, length))
        self.length = length

    def __repr__(self):
        return '%s(%d, %s)' % (type(self).__name__, self.length, str(self._nullable).lower())

    def _spate_args(self) -> str:
        return '%d' % self.length

    def _spate_base_type(self) -> str:
        return self._spate_kind


class CharType(_LengthType):
    """
    Fixed-length character string, SQL CHAR(n): n (1 to 2147483647) code points.
    """
    _spate_kind = 'str'

    def __init__(self, length=1, nullable=True):
        super(CharType, self).__init__(length, nullable)


class VarCharType(_LengthType):
    """
    Variable-length character string, SQL VARCHAR(n): at most n (1 to 2147483647) code points.
    `DataTypes.STRING()` is VARCHAR(2147483647).
    """
    _spate_kind = 'str'

    def __init__(self, length=1, nullable=True):
        super(VarCharType, self).__init__(length, nullable)

    def _spate_call(self) -> str:
        return 'STRING' if self.length == _MAX_LENGTH else 'VARCHAR'

    def _spate_args(self) -> str:
        return '' if self.length == _MAX_LENGTH else '%d' % self.length


class BinaryType(_LengthType):
    """Fixed-length byte string, SQL BINARY(n): n (1 to 2147483647) bytes (Python bytes)."""
    _spate_kind = 'bytes'

    def __init__(self, length=1, nullable=True):
        super(BinaryType, self).__init__(length, nullable)


class VarBinaryType(_LengthType):
    """
    Variable-length byte string, SQL VARBINARY(n): at most n (1 to 2147483647) bytes (Python
    bytes). `DataTypes.BYTES()` is VARBINARY(2147483647).
    """
    _spate_kind = 'bytes'

    def __init__(self, length=1, nullable=True):
        super(VarBinaryType, self).__init__(length, nullable)

    def _spate_call(self) -> str:
        return 'BYTES' if self.length == _MAX_LENGTH else 'VARBINARY'

    def _spate_args(self) -> str:
        return '' if self.length == _MAX_LENGTH else '%d' % self.length


class BooleanType(AtomicType):
    """SQL BOOLEAN (Python bool)."""

    def __init__(self, nullable=True):
        super(BooleanType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'bool'


class TinyIntType(IntegralType):
    """SQL TINYINT: an int from -128 to 127."""

    def __init__(self, nullable=True):
        super(TinyIntType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'i8'


class SmallIntType(IntegralType):
    """SQL SMALLINT: an int from -32768 to 32767."""

    def __init__(self, nullable=True):
        super(SmallIntType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'i16'


class IntType(IntegralType):
    """SQL INT: an int from -2147483648 to 2147483647."""

    def __init__(self, nullable=True):
        super(IntType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'i32'


class BigIntType(IntegralType):
    """SQL BIGINT: an int from -2**63 to 2**63 - 1."""

    def __init__(self, nullable=True):
        super(BigIntType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'i64'


class FloatType(FractionalType):
    """SQL FLOAT: a 4-byte (binary32) float."""

    def __init__(self, nullable=True):
        super(FloatType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'f32'


class DoubleType(FractionalType):
    """SQL DOUBLE: an 8-byte float (Python float)."""

    def __init__(self, nullable=True):
        super(DoubleType, self).__init__(nullable)

    def _spate_base_type(self) -> str:
        return 'f64'


class DecimalType(FractionalType):
    """
    SQL DECIMAL(p, s) (`decimal.Decimal`): at most p digits (1 to 38), s of them (0 to p) after
    the point. DECIMAL(5, 2) holds -999.99 to 999.99.
    """

    def __init__(self, precision=10, scale=0, nullable=True):
        super(DecimalType, self).__init__(nullable)
        _check_int(precision, 'DecimalType', 'precision')
        _check_int(scale, 'DecimalType', 'scale')
        _require(1 <= precision <= 38,
                 "DecimalType: precision must be between 1 and 38, got %d" % precision)
        _require(0 <= scale <= precision,
                 "DecimalType: scale must be between 0 and the precision %d, got %d"
                 % (precision, scale))
        self.precision = precision
        self.scale = scale
        self.has_precision_info = True  # this is public API

    def __repr__(self):
        return "DecimalType(%d, %d, %s)" % (self.precision, self.scale,
                                            str(self._nullable).lower())

    def _spate_args(self) -> str:
        return '%d, %d' % (self.precision, self.scale)

    def _spate_base_type(self) -> str:
        return 'decimal<%d,%d>' % (self.precision, self.scale)


class DateType(AtomicType):
    """SQL DATE (`datetime.date`)."""

    def __init__(self, nullable=True):
        super(DateType, self).__init__(nullable)

    EPOCH_ORDINAL = datetime.datetime(1970, 1, 1).toordinal()

    def need_conversion(self):
        return True

    def to_sql_type(self, d):
        if d is not None:
            return d.toordinal() - self.EPOCH_ORDINAL

    def from_sql_type(self, v):
        if v is not None:
            return datetime.date.fromordinal(v + self.EPOCH_ORDINAL)

    def _spate_base_type(self) -> str:
        return 'date'


def _check_precision(precision, what: str) -> int:
    _check_int(precision, what, 'precision')
    _require(0 <= precision <= 9,
             "%s: precision must be between 0 and 9, got %d" % (what, precision))
    return precision


class TimeType(AtomicType):
    """
    SQL TIME(p) (`datetime.time`, without time zone), with p (0 to 9, default 0) digits of
    fractional seconds; Python keeps microseconds, so p above 6 acts as 6.
    """

    def __init__(self, precision=0, nullable=True):
        super(TimeType, self).__init__(nullable)
        self.precision = _check_precision(precision, 'TimeType')

    def __repr__(self):
        return "TimeType(%s, %s)" % (self.precision, str(self._nullable).lower())

    def need_conversion(self):
        return True

    def to_sql_type(self, t):
        if t is not None:
            seconds = (t.hour * 60 + t.minute) * 60 + t.second
            return seconds * 10 ** 6 + t.microsecond

    def from_sql_type(self, t):
        if t is not None:
            seconds, microseconds = divmod(t, 10 ** 6)
            minutes, seconds = divmod(seconds, 60)
            hours, minutes = divmod(minutes, 60)
            return datetime.time(hours, minutes, seconds, microseconds)

    def _spate_args(self) -> str:
        return '%d' % self.precision

    def _spate_base_type(self) -> str:
        return 'time<%d>' % self.precision


_EPOCH = datetime.datetime(1970, 1, 1)


class TimestampType(AtomicType):
    """
    SQL TIMESTAMP(p) WITHOUT TIME ZONE (a naive `datetime.datetime`), with p (0 to 9, default 6)
    digits of fractional seconds; Python keeps microseconds, so p above 6 acts as 6.
    """

    def __init__(self, precision=6, nullable=True):
        super(TimestampType, self).__init__(nullable)
        self.precision = _check_precision(precision, 'TimestampType')

    def __repr__(self):
        return "TimestampType(%s, %s)" % (self.precision, str(self._nullable).lower())

    def need_conversion(self):
        return True

    def to_sql_type(self, dt):
        if dt is not None:
            delta = dt.replace(tzinfo=None) - _EPOCH
            return (delta.days * 86400 + delta.seconds) * 10 ** 6 + delta.microseconds

    def from_sql_type(self, ts):
        if ts is not None:
            return _EPOCH + datetime.timedelta(microseconds=ts)

    def _spate_args(self) -> str:
        return '%d' % self.precision

    def _spate_base_type(self) -> str:
        return 'timestamp<%d>' % self.precision


class LocalZonedTimestampType(AtomicType):
    """
    SQL TIMESTAMP(p) WITH LOCAL TIME ZONE: an instant on the time-line, with p (0 to 9, default 6)
    digits of fractional seconds; Python keeps microseconds, so p above 6 acts as 6.
    """

    EPOCH_ORDINAL = calendar.timegm(time.localtime(0)) * 10 ** 6

    def __init__(self, precision=6, nullable=True):
        super(LocalZonedTimestampType, self).__init__(nullable)
        self.precision = _check_precision(precision, 'LocalZonedTimestampType')

    def __repr__(self):
        return "LocalZonedTimestampType(%s, %s)" % (self.precision, str(self._nullable).lower())

    def need_conversion(self):
        return True

    def to_sql_type(self, dt):
        if dt is not None:
            seconds = (calendar.timegm(dt.utctimetuple()) if dt.tzinfo
                       else time.mktime(dt.timetuple()))
            return int(seconds) * 10 ** 6 + dt.microsecond + self.EPOCH_ORDINAL

    def from_sql_type(self, ts):
        if ts is not None:
            ts = ts - self.EPOCH_ORDINAL
            return datetime.datetime.fromtimestamp(ts // 10 ** 6).replace(microsecond=ts % 10 ** 6)

    def _spate_call(self) -> str:
        return 'TIMESTAMP_LTZ'

    def _spate_args(self) -> str:
        return '%d' % self.precision

    def _spate_base_type(self) -> str:
        return 'timestamp_ltz<%d>' % self.precision


class ZonedTimestampType(AtomicType):
    """
    SQL TIMESTAMP(p) WITH TIME ZONE. Like Flink, Spate does not support it in tables or streams;
    use TIMESTAMP_LTZ.
    """

    def __init__(self, precision=6, nullable=True):
        super(ZonedTimestampType, self).__init__(nullable)
        self.precision = _check_precision(precision, 'ZonedTimestampType')

    def __repr__(self):
        return "ZonedTimestampType(%s, %s)" % (self.precision, str(self._nullable).lower())

    def _spate_base_type(self) -> str:
        raise NotImplementedError(
            "ZonedTimestampType (TIMESTAMP WITH TIME ZONE) is not supported, as in Flink; "
            "declare DataTypes.TIMESTAMP_LTZ() instead")


class Resolution(object):
    """
    The resolution of an interval (`DataTypes.YEAR()`, `DataTypes.SECOND(3)`, ...): a unit and a
    precision (digits of years or days, or of fractional seconds).
    """

    class IntervalUnit(Enum):
        SECOND = 0
        MINUTE = 1
        HOUR = 2
        DAY = 3
        MONTH = 4
        YEAR = 5

    def __init__(self, unit, precision=-1):
        self._unit = unit
        self._precision = precision

    @property
    def unit(self):
        return self._unit

    @property
    def precision(self):
        return self._precision

    def __str__(self):
        return '%s(%s)' % (str(self._unit), str(self._precision))


class YearMonthIntervalType(AtomicType):
    """
    An interval of years and months; its values are ints, the number of months (14 is one year
    and two months), from -9999-11 to +9999-11 (-119987 to 119987 months).
    """

    class YearMonthResolution(object):
        """Supported resolutions of :class:`YearMonthIntervalType`."""
        YEAR = 1
        MONTH = 2
        YEAR_TO_MONTH = 3

    DEFAULT_PRECISION = 2

    def __init__(self, resolution, precision=DEFAULT_PRECISION, nullable=True):
        _require(resolution in (YearMonthIntervalType.YearMonthResolution.YEAR,
                                YearMonthIntervalType.YearMonthResolution.MONTH,
                                YearMonthIntervalType.YearMonthResolution.YEAR_TO_MONTH),
                 "YearMonthIntervalType: unknown resolution %r" % (resolution,))
        _require(resolution != YearMonthIntervalType.YearMonthResolution.MONTH
                 or precision == self.DEFAULT_PRECISION,
                 "YearMonthIntervalType: an interval of months takes no year precision")
        _require(isinstance(precision, int) and 1 <= precision <= 4,
                 "YearMonthIntervalType: year precision must be between 1 and 4, got %r"
                 % (precision,))
        self._resolution = resolution
        self._precision = precision
        super(YearMonthIntervalType, self).__init__(nullable)

    @property
    def resolution(self):
        return self._resolution

    @property
    def precision(self):
        return self._precision

    def _spate_call(self) -> str:
        return 'INTERVAL'

    def _spate_args(self) -> str:
        resolution = self._resolution
        if resolution == YearMonthIntervalType.YearMonthResolution.MONTH:
            return 'DataTypes.MONTH()'
        year = 'DataTypes.YEAR(%d)' % self._precision
        if resolution == YearMonthIntervalType.YearMonthResolution.YEAR:
            return year
        return year + ', DataTypes.MONTH()'

    def _spate_base_type(self) -> str:
        return 'interval_ym'


class DayTimeIntervalType(AtomicType):
    """
    An interval of days, hours, minutes and seconds; its values are `datetime.timedelta`, from
    -999999 23:59:59.999999999 to +999999 23:59:59.999999999.
    """

    class DayTimeResolution(Enum):
        """Supported resolutions of :class:`DayTimeIntervalType`."""
        DAY = 1
        DAY_TO_HOUR = 2
        DAY_TO_MINUTE = 3
        DAY_TO_SECOND = 4
        HOUR = 5
        HOUR_TO_MINUTE = 6
        HOUR_TO_SECOND = 7
        MINUTE = 8
        MINUTE_TO_SECOND = 9
        SECOND = 10

    DEFAULT_DAY_PRECISION = 2
    DEFAULT_FRACTIONAL_PRECISION = 6

    def __init__(self, resolution, day_precision=DEFAULT_DAY_PRECISION,
                 fractional_precision=DEFAULT_FRACTIONAL_PRECISION, nullable=True):
        _require(isinstance(resolution, DayTimeIntervalType.DayTimeResolution),
                 "DayTimeIntervalType: unknown resolution %r" % (resolution,))
        _require(not self._needs_default_day_precision(resolution)
                 or day_precision == self.DEFAULT_DAY_PRECISION,
                 "DayTimeIntervalType: %s takes no day precision" % resolution.name)
        _require(not self._needs_default_fractional_precision(resolution)
                 or fractional_precision == self.DEFAULT_FRACTIONAL_PRECISION,
                 "DayTimeIntervalType: %s takes no fractional precision" % resolution.name)
        _require(isinstance(day_precision, int) and 1 <= day_precision <= 6,
                 "DayTimeIntervalType: day precision must be between 1 and 6, got %r"
                 % (day_precision,))
        _require(isinstance(fractional_precision, int) and 0 <= fractional_precision <= 9,
                 "DayTimeIntervalType: fractional precision must be between 0 and 9, got %r"
                 % (fractional_precision,))
        self._resolution = resolution
        self._day_precision = day_precision
        self._fractional_precision = fractional_precision
        super(DayTimeIntervalType, self).__init__(nullable)

    def need_conversion(self):
        return True

    def to_sql_type(self, timedelta):
        if timedelta is not None:
            return (timedelta.days * 86400 + timedelta.seconds) * 10 ** 6 + timedelta.microseconds

    def from_sql_type(self, ts):
        if ts is not None:
            return datetime.timedelta(microseconds=ts)

    @property
    def resolution(self) -> 'DayTimeIntervalType.DayTimeResolution':
        return self._resolution

    @property
    def day_precision(self) -> int:
        return self._day_precision

    @property
    def fractional_precision(self) -> int:
        return self._fractional_precision

    @staticmethod
    def _needs_default_day_precision(resolution) -> bool:
        return resolution in (DayTimeIntervalType.DayTimeResolution.HOUR,
                              DayTimeIntervalType.DayTimeResolution.HOUR_TO_MINUTE,
                              DayTimeIntervalType.DayTimeResolution.HOUR_TO_SECOND,
                              DayTimeIntervalType.DayTimeResolution.MINUTE,
                              DayTimeIntervalType.DayTimeResolution.MINUTE_TO_SECOND,
                              DayTimeIntervalType.DayTimeResolution.SECOND)

    @staticmethod
    def _needs_default_fractional_precision(resolution) -> bool:
        return resolution in (DayTimeIntervalType.DayTimeResolution.DAY,
                              DayTimeIntervalType.DayTimeResolution.DAY_TO_HOUR,
                              DayTimeIntervalType.DayTimeResolution.DAY_TO_MINUTE,
                              DayTimeIntervalType.DayTimeResolution.HOUR,
                              DayTimeIntervalType.DayTimeResolution.HOUR_TO_MINUTE,
                              DayTimeIntervalType.DayTimeResolution.MINUTE)

    def _spate_call(self) -> str:
        return 'INTERVAL'

    def _spate_args(self) -> str:
        r = DayTimeIntervalType.DayTimeResolution
        day = 'DataTypes.DAY(%d)' % self._day_precision
        second = 'DataTypes.SECOND(%d)' % self._fractional_precision
        return {
            r.DAY: day,
            r.DAY_TO_HOUR: day + ', DataTypes.HOUR()',
            r.DAY_TO_MINUTE: day + ', DataTypes.MINUTE()',
            r.DAY_TO_SECOND: day + ', ' + second,
            r.HOUR: 'DataTypes.HOUR()',
            r.HOUR_TO_MINUTE: 'DataTypes.HOUR(), DataTypes.MINUTE()',
            r.HOUR_TO_SECOND: 'DataTypes.HOUR(), ' + second,
            r.MINUTE: 'DataTypes.MINUTE()',
            r.MINUTE_TO_SECOND: 'DataTypes.MINUTE(), ' + second,
            r.SECOND: second,
        }[self._resolution]

    def _spate_base_type(self) -> str:
        return 'interval_dt'


_R = Resolution.IntervalUnit
_YM = YearMonthIntervalType.YearMonthResolution
_DT = DayTimeIntervalType.DayTimeResolution

_resolution_mappings = {
    (_R.YEAR, None): lambda p1, p2: YearMonthIntervalType(_YM.YEAR, p1),
    (_R.MONTH, None): lambda p1, p2: YearMonthIntervalType(_YM.MONTH),
    (_R.YEAR, _R.MONTH): lambda p1, p2: YearMonthIntervalType(_YM.YEAR_TO_MONTH, p1),
    (_R.DAY, None): lambda p1, p2: DayTimeIntervalType(_DT.DAY, p1),
    (_R.DAY, _R.HOUR): lambda p1, p2: DayTimeIntervalType(_DT.DAY_TO_HOUR, p1),
    (_R.DAY, _R.MINUTE): lambda p1, p2: DayTimeIntervalType(_DT.DAY_TO_MINUTE, p1),
    (_R.DAY, _R.SECOND): lambda p1, p2: DayTimeIntervalType(_DT.DAY_TO_SECOND, p1, p2),
    (_R.HOUR, None): lambda p1, p2: DayTimeIntervalType(_DT.HOUR),
    (_R.HOUR, _R.MINUTE): lambda p1, p2: DayTimeIntervalType(_DT.HOUR_TO_MINUTE),
    (_R.HOUR, _R.SECOND): lambda p1, p2: DayTimeIntervalType(
        _DT.HOUR_TO_SECOND, DayTimeIntervalType.DEFAULT_DAY_PRECISION, p2),
    (_R.MINUTE, None): lambda p1, p2: DayTimeIntervalType(_DT.MINUTE),
    (_R.MINUTE, _R.SECOND): lambda p1, p2: DayTimeIntervalType(
        _DT.MINUTE_TO_SECOND, DayTimeIntervalType.DEFAULT_DAY_PRECISION, p2),
    (_R.SECOND, None): lambda p1, p2: DayTimeIntervalType(
        _DT.SECOND, DayTimeIntervalType.DEFAULT_DAY_PRECISION, p1),
}


def _from_resolution(upper_resolution: Resolution, lower_resolution: Resolution = None):
    """The interval type (YearMonthIntervalType or DayTimeIntervalType) from upper to lower."""
    if not isinstance(upper_resolution, Resolution) or not (
            lower_resolution is None or isinstance(lower_resolution, Resolution)):
        raise TypeError("DataTypes.INTERVAL() takes resolutions such as DataTypes.DAY() and "
                        "DataTypes.SECOND(3), got %r and %r" % (upper_resolution, lower_resolution))
    lower_unit = None if lower_resolution is None else lower_resolution.unit
    lower_precision = -1 if lower_resolution is None else lower_resolution.precision
    provider = _resolution_mappings.get((upper_resolution.unit, lower_unit))
    if provider is None:
        raise ValueError(
            "Unsupported interval definition '%s TO %s'. Please check the documentation for "
            "supported combinations for year-month and day-time intervals."
            % (upper_resolution, lower_resolution))
    return provider(upper_resolution.precision, lower_precision)


def _check_data_type(data_type, what: str) -> 'DataType':
    if not isinstance(data_type, DataType):
        raise _TypeArgumentError("%s must be a DataType such as DataTypes.INT(), got %r"
                                 % (what, data_type))
    return data_type


class ArrayType(DataType):
    """An array of elements of one type (a Python list)."""

    def __init__(self, element_type, nullable=True):
        _check_data_type(element_type, 'ArrayType: the element type')
        super(ArrayType, self).__init__(nullable)
        self.element_type = element_type

    def __repr__(self):
        return "ArrayType(%s, %s)" % (repr(self.element_type), str(self._nullable).lower())

    def need_conversion(self):
        return self.element_type.need_conversion()

    def to_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return [self.element_type.to_sql_type(v) for v in obj]

    def from_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return [self.element_type.from_sql_type(v) for v in obj]

    def _spate_call(self) -> str:
        return 'ARRAY'

    def _spate_args(self) -> str:
        return self.element_type._spate_name

    def _spate_base_type(self) -> str:
        return 'list<%s>' % self.element_type._spate_type()


class ListViewType(DataType):
    """The type of a `ListView`: only for accumulators of aggregate functions."""

    def __init__(self, element_type):
        _check_data_type(element_type, 'ListViewType: the element type')
        super(ListViewType, self).__init__(False)
        self._element_type = element_type

    def __repr__(self):
        return "ListViewType(%s)" % repr(self._element_type)

    def to_sql_type(self, obj):
        raise Exception("ListViewType can only be used in accumulator type declaration of "
                        "AggregateFunction.")

    def from_sql_type(self, obj):
        raise Exception("ListViewType can only be used in accumulator type declaration of "
                        "AggregateFunction.")

    def _spate_type(self) -> str:
        raise TypeError("DataTypes.LIST_VIEW() can only be used in accumulator type declaration "
                        "of AggregateFunction.")


class MapType(DataType):
    """A map from keys of one type to values of another (a Python dict); keys are not None."""

    def __init__(self, key_type, value_type, nullable=True):
        _check_data_type(key_type, 'MapType: the key type')
        _check_data_type(value_type, 'MapType: the value type')
        super(MapType, self).__init__(nullable)
        self.key_type = key_type
        self.value_type = value_type

    def __repr__(self):
        return "MapType(%s, %s, %s)" % (
            repr(self.key_type), repr(self.value_type), str(self._nullable).lower())

    def need_conversion(self):
        return self.key_type.need_conversion() or self.value_type.need_conversion()

    def to_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return dict((self.key_type.to_sql_type(k), self.value_type.to_sql_type(v))
                    for k, v in obj.items())

    def from_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return dict((self.key_type.from_sql_type(k), self.value_type.from_sql_type(v))
                    for k, v in obj.items())

    def _spate_args(self) -> str:
        return '%s, %s' % (self.key_type._spate_name, self.value_type._spate_name)

    def _spate_base_type(self) -> str:
        return 'map<%s,%s>' % (self.key_type._spate_type(), self.value_type._spate_type())


class MapViewType(DataType):
    """The type of a `MapView`: only for accumulators of aggregate functions."""

    def __init__(self, key_type, value_type):
        _check_data_type(key_type, 'MapViewType: the key type')
        _check_data_type(value_type, 'MapViewType: the value type')
        super(MapViewType, self).__init__(False)
        self._key_type = key_type
        self._value_type = value_type

    def __repr__(self):
        return "MapViewType(%s, %s)" % (repr(self._key_type), repr(self._value_type))

    def to_sql_type(self, obj):
        raise Exception("MapViewType can only be used in accumulator type declaration of "
                        "AggregateFunction.")

    def from_sql_type(self, obj):
        raise Exception("MapViewType can only be used in accumulator type declaration of "
                        "AggregateFunction.")

    def _spate_type(self) -> str:
        raise TypeError("DataTypes.MAP_VIEW() can only be used in accumulator type declaration "
                        "of AggregateFunction.")


class MultisetType(DataType):
    """A multiset (bag) of elements of one type: a Python dict of element to its count."""

    def __init__(self, element_type, nullable=True):
        _check_data_type(element_type, 'MultisetType: the element type')
        super(MultisetType, self).__init__(nullable)
        self.element_type = element_type

    def __repr__(self):
        return "MultisetType(%s, %s)" % (repr(self.element_type), str(self._nullable).lower())

    def need_conversion(self):
        return self.element_type.need_conversion()

    def to_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return dict((self.element_type.to_sql_type(k), v) for k, v in obj.items())

    def from_sql_type(self, obj):
        if not self.need_conversion() or obj is None:
            return obj
        return dict((self.element_type.from_sql_type(k), v) for k, v in obj.items())

    def _spate_args(self) -> str:
        return self.element_type._spate_name

    def _spate_base_type(self) -> str:
        return 'multiset<%s>' % self.element_type._spate_type()


class RowField(object):
    """A field of a :class:`RowType`: a name, a data type and a description."""

    def __init__(self, name, data_type, description=None):
        if not isinstance(name, str):
            raise _TypeArgumentError("field name %r should be a str" % (name,))
        _check_data_type(data_type, 'RowField %r: the data type' % name)
        if description is not None and not isinstance(description, str):
            raise _TypeArgumentError("description %r should be a str" % (description,))
        self.name = name
        self.data_type = data_type
        self.description = '...' if description is None else description

    def __repr__(self):
        return "RowField(%s, %s, %s)" % (self.name, repr(self.data_type), self.description)

    def __str__(self, *args, **kwargs):
        return "RowField(%s, %s)" % (self.name, self.data_type)

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash((self.name, self.data_type))

    def need_conversion(self):
        return self.data_type.need_conversion()

    def to_sql_type(self, obj):
        return self.data_type.to_sql_type(obj)

    def from_sql_type(self, obj):
        return self.data_type.from_sql_type(obj)


# Characters that would make a field name ambiguous in a type string.
_NAME_BREAKERS = frozenset(',:<>!')


class RowType(DataType):
    """
    A row of named fields (`Row`). Iterating it gives its :class:`RowField` s; a field is found by
    name or position (``row_type['a']``, ``row_type[0]``).
    """

    def __init__(self, fields=None, nullable=True):
        super(RowType, self).__init__(nullable)
        if not fields:
            self.fields = []
            self.names = []
        else:
            fields = list(fields)
            for f in fields:
                if not isinstance(f, RowField):
                    raise _TypeArgumentError(
                        "a RowType takes a list of RowField (DataTypes.FIELD(name, type)), got %r"
                        % (f,))
            self.fields = fields
            self.names = [f.name for f in fields]
        self._need_conversion = [f.need_conversion() for f in self]
        self._need_serialize_any_field = any(self._need_conversion)

    def add(self, field, data_type=None):
        """Adds a field: a RowField, or a name and a DataType. Returns this RowType."""
        if isinstance(field, RowField):
            self.fields.append(field)
            self.names.append(field.name)
        else:
            if isinstance(field, str) and data_type is None:
                raise ValueError("Must specify DataType if passing name of row_field to create.")
            self.fields.append(RowField(field, data_type))
            self.names.append(field)
        self._need_conversion = [f.need_conversion() for f in self]
        self._need_serialize_any_field = any(self._need_conversion)
        return self

    def __iter__(self):
        return iter(self.fields)

    def __len__(self):
        return len(self.fields)

    def __getitem__(self, key):
        if isinstance(key, str):
            for field in self:
                if field.name == key:
                    return field
            raise KeyError('No RowField named {0}'.format(key))
        elif isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError:
                raise IndexError('RowType index out of range')
        elif isinstance(key, slice):
            return RowType(self.fields[key])
        else:
            raise TypeError('RowType keys should be strings, integers or slices')

    def __repr__(self):
        return "RowType(%s)" % ",".join(repr(field) for field in self)

    def field_names(self):
        """All field names, in order."""
        return list(self.names)

    def field_types(self):
        """All field types, in order."""
        return [f.data_type for f in self.fields]

    def need_conversion(self):
        return True

    def to_sql_type(self, obj):
        if obj is None:
            return None
        if isinstance(obj, dict):
            values = [obj.get(n) for n in self.names]
            kind = RowKind.INSERT
        elif isinstance(obj, Row) and hasattr(obj, '_fields'):
            values = [obj[n] for n in self.names]
            kind = obj.get_row_kind()
        elif isinstance(obj, Row):
            values = list(obj)
            kind = obj.get_row_kind()
        elif isinstance(obj, (tuple, list)):
            values = list(obj)
            kind = RowKind.INSERT
        elif hasattr(obj, '__dict__'):
            values = [obj.__dict__.get(n) for n in self.names]
            kind = RowKind.INSERT
        else:
            raise ValueError("Unexpected tuple %r with RowType" % (obj,))
        return (kind.value,) + tuple(
            f.to_sql_type(v) if c else v
            for f, v, c in zip(self.fields, values, self._need_conversion))

    def from_sql_type(self, obj):
        if obj is None:
            return None
        if isinstance(obj, Row):
            return obj
        values = [f.from_sql_type(v) if c else v
                  for f, v, c in zip(self.fields, obj, self._need_conversion)]
        return _create_row(list(self.names), values)

    def _spate_args(self) -> str:
        return '[%s]' % ', '.join(
            'DataTypes.FIELD(%r, %s)' % (f.name, f.data_type._spate_name) for f in self.fields)

    def _spate_base_type(self) -> str:
        parts = []
        for f in self.fields:
            name = f.name
            if not name or any(c in _NAME_BREAKERS or c.isspace() for c in name):
                raise ValueError(
                    "Spate cannot pass the row field name %r to its runtime: a field name must be "
                    "a non-empty str without spaces or any of , : < > !" % (name,))
            parts.append('%s:%s' % (name, f.data_type._spate_type()))
        return 'row<%s>' % ','.join(parts)


class RawType(DataType):
    """Logical type of a pickled Python object."""

    def from_sql_type(self, obj):
        import pickle
        return pickle.loads(obj)

    def _spate_base_type(self) -> str:
        return 'obj'


class UserDefinedType(DataType):
    """
    User-defined type (UDT): a Python class carried as its `sql_type()`, converted with
    `serialize` and `deserialize`.

    .. note:: WARN: Flink Internal Use Only
    """

    def __eq__(self, other):
        return type(self) == type(other)

    def __hash__(self):
        return hash(type(self).__name__)

    @classmethod
    def type_name(cls):
        return cls.__name__.lower()

    @classmethod
    def sql_type(cls):
        """Underlying SQL storage type for this UDT."""
        raise NotImplementedError("UDT must implement sql_type().")

    @classmethod
    def module(cls):
        """The Python module of the UDT."""
        raise NotImplementedError("UDT must implement module().")

    @classmethod
    def java_udt(cls):
        """The class name of the paired Java UDT ('' if there is none)."""
        return ''

    def need_conversion(self):
        return True

    @classmethod
    def _cached_sql_type(cls):
        """Caches sql_type() on the class: `to_sql_type` uses it for every value."""
        if '_UserDefinedType__cached_sql_type' not in cls.__dict__:
            cls.__cached_sql_type = cls.sql_type()
        return cls.__cached_sql_type

    def to_sql_type(self, obj):
        if obj is not None:
            return self._cached_sql_type().to_sql_type(self.serialize(obj))

    def from_sql_type(self, obj):
        v = self._cached_sql_type().from_sql_type(obj)
        if v is not None:
            return self.deserialize(v)

    def serialize(self, obj):
        """Converts a user-type object into a SQL datum."""
        raise NotImplementedError("UDT must implement serialize().")

    def deserialize(self, datum):
        """Converts a SQL datum into a user-type object."""
        raise NotImplementedError("UDT must implement deserialize().")

    def _spate_base_type(self) -> str:
        raise NotImplementedError(
            "user-defined types (%s) are not supported yet by Spate's runtime"
            % type(self).__name__)


class DataTypes(object):
    """
    The data types of the Table & SQL API. Each accepts None unless declared with
    ``nullable=False`` or made NOT NULL with ``.not_null()``.
    """

    @staticmethod
    def NULL() -> NullType:
        """The type of untyped None values: its only value is None."""
        return NullType()

    @staticmethod
    def CHAR(length: int, nullable: bool = True) -> CharType:
        """A fixed-length string of `length` (1 to 2147483647) characters."""
        return CharType(length, nullable)

    @staticmethod
    def VARCHAR(length: int, nullable: bool = True) -> VarCharType:
        """A string of at most `length` (1 to 2147483647) characters."""
        return VarCharType(length, nullable)

    @staticmethod
    def STRING(nullable: bool = True) -> VarCharType:
        """A string of any length: ``DataTypes.VARCHAR(2147483647)``."""
        return DataTypes.VARCHAR(_MAX_LENGTH, nullable)

    @staticmethod
    def BOOLEAN(nullable: bool = True) -> BooleanType:
        """A boolean."""
        return BooleanType(nullable)

    @staticmethod
    def BINARY(length: int, nullable: bool = True) -> BinaryType:
        """A fixed-length byte string of `length` (1 to 2147483647) bytes."""
        return BinaryType(length, nullable)

    @staticmethod
    def VARBINARY(length: int, nullable: bool = True) -> VarBinaryType:
        """A byte string of at most `length` (1 to 2147483647) bytes."""
        return VarBinaryType(length, nullable)

    @staticmethod
    def BYTES(nullable: bool = True) -> VarBinaryType:
        """A byte string of any length: ``DataTypes.VARBINARY(2147483647)``."""
        return DataTypes.VARBINARY(_MAX_LENGTH, nullable)

    @staticmethod
    def DECIMAL(precision: int, scale: int, nullable: bool = True) -> DecimalType:
        """A `decimal.Decimal` of at most `precision` (1 to 38) digits, `scale` of them after
        the point."""
        return DecimalType(precision, scale, nullable)

    @staticmethod
    def TINYINT(nullable: bool = True) -> TinyIntType:
        """A 1-byte signed integer, -128 to 127."""
        return TinyIntType(nullable)

    @staticmethod
    def SMALLINT(nullable: bool = True) -> SmallIntType:
        """A 2-byte signed integer, -32,768 to 32,767."""
        return SmallIntType(nullable)

    @staticmethod
    def INT(nullable: bool = True) -> IntType:
        """A 4-byte signed integer, -2,147,483,648 to 2,147,483,647."""
        return IntType(nullable)

    @staticmethod
    def BIGINT(nullable: bool = True) -> BigIntType:
        """An 8-byte signed integer, -9,223,372,036,854,775,808 to 9,223,372,036,854,775,807."""
        return BigIntType(nullable)

    @staticmethod
    def FLOAT(nullable: bool = True) -> FloatType:
        """A 4-byte (binary32) float."""
        return FloatType(nullable)

    @staticmethod
    def DOUBLE(nullable: bool = True) -> DoubleType:
        """An 8-byte float."""
        return DoubleType(nullable)

    @staticmethod
    def DATE(nullable: bool = True) -> DateType:
        """A date (`datetime.date`)."""
        return DateType(nullable)

    @staticmethod
    def TIME(precision: int = 0, nullable: bool = True) -> TimeType:
        """A time of day without time zone (`datetime.time`), with `precision` (0 to 9) digits
        of fractional seconds."""
        return TimeType(precision, nullable)

    @staticmethod
    def TIMESTAMP(precision: int = 6, nullable: bool = True) -> TimestampType:
        """A date and time without time zone (a naive `datetime.datetime`), with `precision`
        (0 to 9) digits of fractional seconds."""
        return TimestampType(precision, nullable)

    @staticmethod
    def TIMESTAMP_WITH_LOCAL_TIME_ZONE(precision: int = 6, nullable: bool = True) \
            -> LocalZonedTimestampType:
        """An instant on the time-line, shown in the session's time zone, with `precision`
        (0 to 9) digits of fractional seconds."""
        return LocalZonedTimestampType(precision, nullable)

    @staticmethod
    def TIMESTAMP_LTZ(precision: int = 6, nullable: bool = True) -> LocalZonedTimestampType:
        """Same as ``DataTypes.TIMESTAMP_WITH_LOCAL_TIME_ZONE(precision, nullable)``."""
        return LocalZonedTimestampType(precision, nullable)

    @staticmethod
    def ARRAY(element_type: DataType, nullable: bool = True) -> ArrayType:
        """An array (Python list) of elements of `element_type`."""
        return ArrayType(element_type, nullable)

    @staticmethod
    def LIST_VIEW(element_type: DataType) -> ListViewType:
        """The type of a `ListView`, only for accumulators of aggregate functions."""
        return ListViewType(element_type)

    @staticmethod
    def MAP(key_type: DataType, value_type: DataType, nullable: bool = True) -> MapType:
        """A map (Python dict) from `key_type` to `value_type`."""
        return MapType(key_type, value_type, nullable)

    @staticmethod
    def MAP_VIEW(key_type: DataType, value_type: DataType) -> MapViewType:
        """The type of a `MapView`, only for accumulators of aggregate functions."""
        return MapViewType(key_type, value_type)

    @staticmethod
    def MULTISET(element_type: DataType, nullable: bool = True) -> MultisetType:
        """A multiset (bag) of elements of `element_type`: a dict of element to count."""
        return MultisetType(element_type, nullable)

    @staticmethod
    def ROW(row_fields: List = [], nullable: bool = True) -> RowType:
        """A row of fields made with :func:`DataTypes.FIELD`."""
        return RowType(row_fields, nullable)

    @staticmethod
    def FIELD(name: str, data_type: DataType, description: str = None) -> RowField:
        """A field of a row: a name, a data type and an optional description."""
        return RowField(name, data_type, description)

    @staticmethod
    def SECOND(precision: int = DayTimeIntervalType.DEFAULT_FRACTIONAL_PRECISION) -> Resolution:
        """Resolution in seconds with `precision` (0 to 9) digits of fractional seconds."""
        return Resolution(Resolution.IntervalUnit.SECOND, precision)

    @staticmethod
    def MINUTE() -> Resolution:
        """Resolution in minutes."""
        return Resolution(Resolution.IntervalUnit.MINUTE)

    @staticmethod
    def HOUR() -> Resolution:
        """Resolution in hours."""
        return Resolution(Resolution.IntervalUnit.HOUR)

    @staticmethod
    def DAY(precision: int = DayTimeIntervalType.DEFAULT_DAY_PRECISION) -> Resolution:
        """Resolution in days with `precision` (1 to 6) digits of days."""
        return Resolution(Resolution.IntervalUnit.DAY, precision)

    @staticmethod
    def MONTH() -> Resolution:
        """Resolution in months."""
        return Resolution(Resolution.IntervalUnit.MONTH)

    @staticmethod
    def YEAR(precision: int = YearMonthIntervalType.DEFAULT_PRECISION) -> Resolution:
        """Resolution in years with `precision` (1 to 4) digits of years."""
        return Resolution(Resolution.IntervalUnit.YEAR, precision)

    @staticmethod
    def INTERVAL(upper_resolution: Resolution, lower_resolution: Resolution = None) \
            -> Union[DayTimeIntervalType, YearMonthIntervalType]:
        """
        An interval: year-month (`INTERVAL(YEAR(), MONTH())`, values are int months) or day-time
        (`INTERVAL(DAY(), SECOND(3))`, values are `datetime.timedelta`).
        """
        return _from_resolution(upper_resolution, lower_resolution)

