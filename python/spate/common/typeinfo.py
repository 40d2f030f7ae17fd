"""
Type information (`Types`, `TypeInformation` and its subclasses), as in `pyflink.common.typeinfo`.

Each `TypeInformation` also knows its Spate *type string* (`_spate_type()`), the form in which a
type crosses to the Swift runtime:

    bool i8 i16 i32 i64 f32 f64 str        BOOLEAN BYTE SHORT INT LONG FLOAT DOUBLE STRING
    char bigint bigdec instant             CHAR BIG_INT BIG_DEC INSTANT
    date time<6> timestamp<6>              SQL_DATE SQL_TIME SQL_TIMESTAMP (microseconds kept)
    obj                                    PICKLED_BYTE_ARRAY (any Python object)
    bytes                                  PRIMITIVE_ARRAY(BYTE)
    list<T>                                LIST, BASIC_ARRAY, OBJECT_ARRAY, PRIMITIVE_ARRAY(T)
    map<K,V>                               MAP
    tuple<T,T,...>                         TUPLE
    row<name:T,name:T,...>                 ROW (fields f0, f1, ...) and ROW_NAMED

with no spaces. Which values accept None follows the DataStream rules, per kind: STRING, BIG_INT,
BIG_DEC, INSTANT, SQL_*, arrays, lists and maps, and the fields of a ROW, accept None; BOOLEAN, BYTE,
SHORT, INT, LONG, FLOAT, DOUBLE, CHAR, TUPLE and ROW do not. (`spate.table.DataTypes` spell NOT NULL
with a trailing `!`.)
"""

from enum import Enum
from typing import List, Optional

__all__ = ['TypeInformation', 'Types']


class TypeInformation(object):
    """
    The base of Flink's type system: describes the type of the values of a stream, a state or a
    field.
    """

    # How a user names this type, for error messages ("Types.CHAR()").
    _spate_name = 'TypeInformation'

    def __init__(self):
        pass

    def need_conversion(self):
        """Whether values need converting between Python objects and an internal form."""
        return False

    def to_internal_type(self, obj):
        """Converts a Python object into its internal form (the identity here)."""
        return obj

    def from_internal_type(self, obj):
        """Converts an internal object into a Python object (the identity here)."""
        return obj

    def _spate_type(self) -> str:
        """The type string of this type for Spate's runtime."""
        raise NotImplementedError(
            "%s is not supported by Spate's runtime: declare one of the types of `Types`"
            % self._spate_name)


class BasicType(Enum):
    """The basic types; the values are the names Flink prints for them."""

    STRING = "String"
    BYTE = "Byte"
    BOOLEAN = "Boolean"
    SHORT = "Short"
    INT = "Integer"
    LONG = "Long"
    FLOAT = "Float"
    DOUBLE = "Double"
    CHAR = "Char"
    BIG_INT = "BigInteger"
    BIG_DEC = "BigDecimal"
    INSTANT = "Instant"


# Spate type strings of the basic types.
_BASIC_SPATE_TYPES = {
    BasicType.BOOLEAN: 'bool',
    BasicType.BYTE: 'i8',
    BasicType.SHORT: 'i16',
    BasicType.INT: 'i32',
    BasicType.LONG: 'i64',
    BasicType.FLOAT: 'f32',
    BasicType.DOUBLE: 'f64',
    BasicType.STRING: 'str',
    BasicType.CHAR: 'char',
    BasicType.BIG_INT: 'bigint',
    BasicType.BIG_DEC: 'bigdec',
    BasicType.INSTANT: 'instant',
}

# The element types of arrays of Java primitives (int[], ...) and of boxed primitives (Integer[]).
_PRIMITIVE_ELEMENTS = (BasicType.BOOLEAN, BasicType.BYTE, BasicType.SHORT, BasicType.INT,
                       BasicType.LONG, BasicType.FLOAT, BasicType.DOUBLE, BasicType.CHAR)
_BASIC_ELEMENTS = _PRIMITIVE_ELEMENTS + (BasicType.STRING,)


class BasicTypeInfo(TypeInformation):
    """Type information for primitive types (int, long, double, ...), String, BigInteger and
    BigDecimal."""

    def __init__(self, basic_type: BasicType):
        super(BasicTypeInfo, self).__init__()
        self._basic_type = basic_type

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return 'Types.%s()' % self._basic_type.name

    def _spate_type(self) -> str:
        return _BASIC_SPATE_TYPES[self._basic_type]

    def __eq__(self, o) -> bool:
        return isinstance(o, BasicTypeInfo) and self._basic_type == o._basic_type

    def __hash__(self) -> int:
        return hash(self._basic_type)

    def __repr__(self):
        return self._basic_type.value

    @staticmethod
    def STRING_TYPE_INFO():
        return BasicTypeInfo(BasicType.STRING)

    @staticmethod
    def BOOLEAN_TYPE_INFO():
        return BasicTypeInfo(BasicType.BOOLEAN)

    @staticmethod
    def BYTE_TYPE_INFO():
        return BasicTypeInfo(BasicType.BYTE)

    @staticmethod
    def SHORT_TYPE_INFO():
        return BasicTypeInfo(BasicType.SHORT)

    @staticmethod
    def INT_TYPE_INFO():
        return BasicTypeInfo(BasicType.INT)

    @staticmethod
    def LONG_TYPE_INFO():
        return BasicTypeInfo(BasicType.LONG)

    @staticmethod
    def FLOAT_TYPE_INFO():
        return BasicTypeInfo(BasicType.FLOAT)

    @staticmethod
    def DOUBLE_TYPE_INFO():
        return BasicTypeInfo(BasicType.DOUBLE)

    @staticmethod
    def CHAR_TYPE_INFO():
        return BasicTypeInfo(BasicType.CHAR)

    @staticmethod
    def BIG_INT_TYPE_INFO():
        return BasicTypeInfo(BasicType.BIG_INT)

    @staticmethod
    def BIG_DEC_TYPE_INFO():
        return BasicTypeInfo(BasicType.BIG_DEC)

    @staticmethod
    def INSTANT_TYPE_INFO():
        return InstantTypeInfo(BasicType.INSTANT)


class InstantTypeInfo(BasicTypeInfo):
    """Type information for `Instant`."""

    def __init__(self, basic_type: BasicType):
        super(InstantTypeInfo, self).__init__(basic_type)


class SqlTimeTypeInfo(TypeInformation):
    """Gives the type information of SQL dates, times and timestamps."""

    @staticmethod
    def DATE():
        return DateTypeInfo()

    @staticmethod
    def TIME():
        return TimeTypeInfo()

    @staticmethod
    def TIMESTAMP():
        return TimestampTypeInfo()


class _SingletonTypeInfo(TypeInformation):
    """A type without parameters: all its instances are equal and print the class's name."""

    def __eq__(self, o: object) -> bool:
        return type(o) is type(self)

    def __hash__(self) -> int:
        return hash(type(self).__name__)

    def __repr__(self) -> str:
        return type(self).__name__


class DateTypeInfo(_SingletonTypeInfo):
    """Type information for `datetime.date` (SQL DATE)."""

    _spate_name = 'Types.SQL_DATE()'

    def _spate_type(self) -> str:
        return 'date'


class TimeTypeInfo(_SingletonTypeInfo):
    """Type information for `datetime.time` (SQL TIME)."""

    _spate_name = 'Types.SQL_TIME()'

    def _spate_type(self) -> str:
        # Java's java.sql.Time keeps milliseconds and PyFlink 2.3 drops even those; Spate keeps
        # what a Python time holds, microseconds.
        return 'time<6>'


class TimestampTypeInfo(_SingletonTypeInfo):
    """Type information for `datetime.datetime` (SQL TIMESTAMP)."""

    _spate_name = 'Types.SQL_TIMESTAMP()'

    def _spate_type(self) -> str:
        # A naive datetime with microseconds (java.sql.Timestamp keeps nanoseconds).
        return 'timestamp<6>'


class PickledBytesTypeInfo(TypeInformation):
    """Any Python object, carried as pickled bytes (the type of streams without a declared type)."""

    _spate_name = 'Types.PICKLED_BYTE_ARRAY()'

    def _spate_type(self) -> str:
        return 'obj'

    def __eq__(self, o: object) -> bool:
        return isinstance(o, PickledBytesTypeInfo)

    def __hash__(self) -> int:
        return hash('PickledByteArrayTypeInfo')

    def __repr__(self):
        return "PickledByteArrayTypeInfo"


class _ElementTypeInfo(TypeInformation):
    """A container of elements of one type; prints as `<ClassName><<element>>`."""

    def __init__(self, element_type: TypeInformation):
        super(_ElementTypeInfo, self).__init__()
        self._element_type = element_type

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return '%s(%s)' % (type(self)._spate_call, _name_of(self._element_type))

    def __eq__(self, o) -> bool:
        return type(o) is type(self) and self._element_type == o._element_type

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._element_type))

    def __repr__(self) -> str:
        return "%s<%s>" % (type(self).__name__, self._element_type)


def _name_of(type_info: object) -> str:
    """How a user declares `type_info` ('Types.INT()'), for messages."""
    return getattr(type_info, '_spate_name', None) or repr(type_info)


def _array_element_spate_type(array_name: str, element_type: object, allowed) -> str:
    if not (isinstance(element_type, BasicTypeInfo) and element_type._basic_type in allowed):
        raise TypeError(
            "Invalid element type for a primitive array: %s takes one of %s, got %s"
            % (array_name, ', '.join('Types.%s()' % t.name for t in allowed),
               _name_of(element_type)))
    return element_type._spate_type()


class PrimitiveArrayTypeInfo(_ElementTypeInfo):
    """Arrays of a primitive type (int, long, double, ...); PRIMITIVE_ARRAY(BYTE) is `bytes`."""

    _spate_call = 'Types.PRIMITIVE_ARRAY'

    def _spate_type(self) -> str:
        element = _array_element_spate_type(
            'Types.PRIMITIVE_ARRAY()', self._element_type, _PRIMITIVE_ELEMENTS)
        if element == 'i8':
            return 'bytes'
        # The elements of a Java int[], double[], ... are never null, which the DataStream rules
        # of these element kinds already say.
        return 'list<%s>' % element


class BasicArrayTypeInfo(_ElementTypeInfo):
    """Arrays of a boxed primitive type or of String; the elements may be None."""

    _spate_call = 'Types.BASIC_ARRAY'

    def _spate_type(self) -> str:
        return 'list<%s>' % _nullable(_array_element_spate_type(
            'Types.BASIC_ARRAY()', self._element_type, _BASIC_ELEMENTS))


class ObjectArrayTypeInfo(_ElementTypeInfo):
    """Arrays of a non-primitive type; the elements may be None."""

    _spate_call = 'Types.OBJECT_ARRAY'

    def _spate_type(self) -> str:
        return 'list<%s>' % _nullable(_field_spate_type(self._element_type, 'The element type'))


class ListTypeInfo(TypeInformation):
    """Lists of elements of one type."""

    def __init__(self, element_type: TypeInformation):
        super(ListTypeInfo, self).__init__()
        self.elem_type = element_type

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return 'Types.LIST(%s)' % _name_of(self.elem_type)

    def _spate_type(self) -> str:
        return 'list<%s>' % _field_spate_type(self.elem_type, 'The element type')

    def __eq__(self, other):
        return isinstance(other, ListTypeInfo) and self.elem_type == other.elem_type

    def __hash__(self) -> int:
        return hash(('ListTypeInfo', self.elem_type))

    def __repr__(self):
        return "ListTypeInfo<%s>" % self.elem_type


class MapTypeInfo(TypeInformation):
    """Dicts with keys of one type and values of another."""

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return 'Types.MAP(%s, %s)' % (_name_of(self._key_type_info), _name_of(self._value_type_info))

    def __init__(self, key_type_info: TypeInformation, value_type_info: TypeInformation):
        super(MapTypeInfo, self).__init__()
        self._key_type_info = key_type_info
        self._value_type_info = value_type_info

    def _spate_type(self) -> str:
        return 'map<%s,%s>' % (_field_spate_type(self._key_type_info, 'The key type'),
                               _nullable(_field_spate_type(self._value_type_info, 'The value type')))

    def __eq__(self, other):
        return (isinstance(other, MapTypeInfo)
                and self._key_type_info == other._key_type_info
                and self._value_type_info == other._value_type_info)

    def __hash__(self) -> int:
        return hash(('MapTypeInfo', self._key_type_info, self._value_type_info))

    def __repr__(self) -> str:
        return 'MapTypeInfo<{}, {}>'.format(self._key_type_info, self._value_type_info)


class LocalTimeTypeInfo(TypeInformation):
    """Type information for local dates, times and date-times (used by the Table API)."""

    class TimeType(Enum):
        LOCAL_DATE = 0
        LOCAL_TIME = 1
        LOCAL_DATE_TIME = 2

    def __init__(self, time_type: TimeType):
        super(LocalTimeTypeInfo, self).__init__()
        self._time_type = time_type

    def _spate_type(self) -> str:
        # java.time's LocalDate, LocalTime and LocalDateTime; Python keeps microseconds.
        return {LocalTimeTypeInfo.TimeType.LOCAL_DATE: 'date',
                LocalTimeTypeInfo.TimeType.LOCAL_TIME: 'time<9>',
                LocalTimeTypeInfo.TimeType.LOCAL_DATE_TIME: 'timestamp<9>'}[self._time_type]

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return repr(self)

    def __eq__(self, other):
        return self.__class__ == other.__class__ and self._time_type == other._time_type

    def __hash__(self) -> int:
        return hash(('LocalTimeTypeInfo', self._time_type))

    def __repr__(self):
        return 'LocalTimeTypeInfo<{}>'.format(self._time_type.name)


class ExternalTypeInfo(TypeInformation):
    """Wraps a type information for the Table API's external data types."""

    def __init__(self, type_info: TypeInformation):
        super(ExternalTypeInfo, self).__init__()
        self._type_info = type_info

    def _spate_type(self) -> str:
        inner = self._type_info
        if hasattr(inner, '_spate_type'):
            return inner._spate_type()
        return super(ExternalTypeInfo, self)._spate_type()

    @property
    def _spate_name(self) -> str:  # type: ignore[override]
        return repr(self)

    def __eq__(self, other):
        return self.__class__ == other.__class__ and self._type_info == other._type_info

    def __hash__(self) -> int:
        return hash(('ExternalTypeInfo', self._type_info))

    def __repr__(self):
        return 'ExternalTypeInfo<{}>'.format(self._type_info)


# Characters that would make a field name ambiguous in a type string.
_NAME_BREAKERS = frozenset(',:<>!')


def _nullable(type_string: str) -> str:
    """`type_string` marked as accepting None (`?`), as the elements of Java object arrays and the
    values of maps do whatever their kind."""
    return type_string if type_string.endswith(('!', '?')) else type_string + '?'


def _field_spate_type(field_type: object, where: str) -> str:
    if not isinstance(field_type, TypeInformation):
        raise TypeError("%s must be a TypeInformation, got %r" % (where, field_type))
    return field_type._spate_type()


class RowTypeInfo(TypeInformation):
    """Type information for `Row`: field types, and field names (f0, f1, ... unless given)."""

    _spate_name = 'Types.ROW()'

    def __init__(self, field_types: List[TypeInformation], field_names: List[str] = None):
        super(RowTypeInfo, self).__init__()
        self._field_types = list(field_types)
        self._field_names = None if field_names is None else list(field_names)
        if self._field_names is not None and len(self._field_names) != len(self._field_types):
            raise ValueError(
                "Row has %d field names %s but %d field types"
                % (len(self._field_names), self._field_names, len(self._field_types)))

    def get_field_names(self) -> List[str]:
        """The field names; f0, f1, ... when the row was declared without names."""
        if self._field_names is None:
            return ['f%d' % i for i in range(len(self._field_types))]
        return list(self._field_names)

    def get_field_index(self, field_name: str) -> int:
        """The position of the named field, or -1 if there is none."""
        names = self.get_field_names()
        return names.index(field_name) if field_name in names else -1

    def get_field_types(self) -> List[TypeInformation]:
        """The types of the fields, in order."""
        return list(self._field_types)

    def get_arity(self) -> int:
        """The number of fields."""
        return len(self._field_types)

    def _spate_type(self) -> str:
        parts = []
        for name, field_type in zip(self.get_field_names(), self._field_types):
            if (not isinstance(name, str) or not name
                    or any(c in _NAME_BREAKERS or c.isspace() for c in name)):
                raise ValueError(
                    "Spate cannot pass the row field name %r to its runtime: a field name must be "
                    "a non-empty str without spaces or any of , : < > !" % (name,))
            parts.append('%s:%s' % (name, _field_spate_type(field_type, 'Row field %r' % name)))
        return 'row<%s>' % ','.join(parts)

    def __eq__(self, other) -> bool:
        # Like Flink's Java RowTypeInfo, names count (PyFlink 2.3 compares only the types).
        return (isinstance(other, RowTypeInfo)
                and self._field_types == other._field_types
                and self.get_field_names() == other.get_field_names())

    def __hash__(self) -> int:
        return hash(('RowTypeInfo', tuple(self._field_types), tuple(self.get_field_names())))

    def __repr__(self) -> str:
        if self._field_names:
            return "RowTypeInfo(%s)" % ', '.join(
                '%s: %s' % (name, field_type)
                for name, field_type in zip(self._field_names, self._field_types))
        return "RowTypeInfo(%s)" % ', '.join(str(t) for t in self._field_types)


class TupleTypeInfo(TypeInformation):
    """Type information for tuples of fixed arity."""

    _spate_name = 'Types.TUPLE()'

    def __init__(self, field_types: List[TypeInformation]):
        super(TupleTypeInfo, self).__init__()
        self._field_types = list(field_types)

    def get_field_types(self) -> List[TypeInformation]:
        """The types of the fields, in order."""
        return list(self._field_types)

    def get_arity(self) -> int:
        """The number of fields."""
        return len(self._field_types)

    def _spate_type(self) -> str:
        return 'tuple<%s>' % ','.join(
            _field_spate_type(t, 'Tuple field %d' % i) for i, t in enumerate(self._field_types))

    def __eq__(self, other) -> bool:
        return isinstance(other, TupleTypeInfo) and self._field_types == other._field_types

    def __hash__(self) -> int:
        return hash(('TupleTypeInfo', tuple(self._field_types)))

    def __repr__(self) -> str:
        return "TupleTypeInfo(%s)" % ', '.join(str(t) for t in self._field_types)


class Types(object):
    """The type information of the most common types."""

    @staticmethod
    def STRING() -> TypeInformation:
        """str. Accepts None."""
        return BasicTypeInfo.STRING_TYPE_INFO()

    @staticmethod
    def BYTE() -> TypeInformation:
        """A signed 8-bit int. Does not accept None."""
        return BasicTypeInfo.BYTE_TYPE_INFO()

    @staticmethod
    def BOOLEAN() -> TypeInformation:
        """bool. Does not accept None."""
        return BasicTypeInfo.BOOLEAN_TYPE_INFO()

    @staticmethod
    def SHORT() -> TypeInformation:
        """A signed 16-bit int. Does not accept None."""
        return BasicTypeInfo.SHORT_TYPE_INFO()

    @staticmethod
    def INT() -> TypeInformation:
        """A signed 32-bit int. Does not accept None."""
        return BasicTypeInfo.INT_TYPE_INFO()

    @staticmethod
    def LONG() -> TypeInformation:
        """A signed 64-bit int. Does not accept None."""
        return BasicTypeInfo.LONG_TYPE_INFO()

    @staticmethod
    def FLOAT() -> TypeInformation:
        """A 32-bit float. Does not accept None."""
        return BasicTypeInfo.FLOAT_TYPE_INFO()

    @staticmethod
    def DOUBLE() -> TypeInformation:
        """A 64-bit float. Does not accept None."""
        return BasicTypeInfo.DOUBLE_TYPE_INFO()

    @staticmethod
    def CHAR() -> TypeInformation:
        """A single character. Does not accept None."""
        return BasicTypeInfo.CHAR_TYPE_INFO()

    @staticmethod
    def BIG_INT() -> TypeInformation:
        """An int of any size (Java's BigInteger). Accepts None."""
        return BasicTypeInfo.BIG_INT_TYPE_INFO()

    @staticmethod
    def BIG_DEC() -> TypeInformation:
        """A `decimal.Decimal` (Java's BigDecimal). Accepts None."""
        return BasicTypeInfo.BIG_DEC_TYPE_INFO()

    @staticmethod
    def INSTANT() -> TypeInformation:
        """An `Instant`. Accepts None."""
        return BasicTypeInfo.INSTANT_TYPE_INFO()

    @staticmethod
    def SQL_DATE() -> TypeInformation:
        """A `datetime.date`. Accepts None."""
        return SqlTimeTypeInfo.DATE()

    @staticmethod
    def SQL_TIME() -> TypeInformation:
        """A `datetime.time`. Accepts None."""
        return SqlTimeTypeInfo.TIME()

    @staticmethod
    def SQL_TIMESTAMP() -> TypeInformation:
        """A `datetime.datetime`. Accepts None."""
        return SqlTimeTypeInfo.TIMESTAMP()

    @staticmethod
    def PICKLED_BYTE_ARRAY() -> TypeInformation:
        """Any Python object, serialized with pickle."""
        return PickledBytesTypeInfo()

    @staticmethod
    def ROW(field_types: List[TypeInformation]):
        """A `Row` with fields of the given types, named f0, f1, ... The row itself is not None."""
        return RowTypeInfo(field_types)

    @staticmethod
    def ROW_NAMED(field_names: List[str], field_types: List[TypeInformation]):
        """A `Row` with fields of the given names and types. The row itself is not None."""
        return RowTypeInfo(field_types, field_names)

    @staticmethod
    def TUPLE(field_types: List[TypeInformation]):
        """A tuple with fields of the given types. The tuple itself is not None."""
        return TupleTypeInfo(field_types)

    @staticmethod
    def PRIMITIVE_ARRAY(element_type: TypeInformation):
        """An array of a primitive type (such as Java's int[]). Not None."""
        return PrimitiveArrayTypeInfo(element_type)

    @staticmethod
    def BASIC_ARRAY(element_type: TypeInformation) -> TypeInformation:
        """An array of a boxed primitive type (such as Java's Integer[])."""
        return BasicArrayTypeInfo(element_type)

    @staticmethod
    def OBJECT_ARRAY(element_type: TypeInformation) -> TypeInformation:
        """An array of a non-primitive type; the elements may be None, the array not."""
        return ObjectArrayTypeInfo(element_type)

    @staticmethod
    def MAP(key_type_info: TypeInformation, value_type_info: TypeInformation) -> TypeInformation:
        """A dict with keys and values of the given types."""
        return MapTypeInfo(key_type_info, value_type_info)

    @staticmethod
    def LIST(element_type_info: TypeInformation) -> TypeInformation:
        """A list with elements of the given type."""
        return ListTypeInfo(element_type_info)


def _spate_type_of(type_info: Optional[TypeInformation]) -> str:
    """The type string of `type_info`; `obj` (pickled objects) when no type was declared."""
    if type_info is None:
        return 'obj'
    if not isinstance(type_info, TypeInformation):
        raise TypeError("expected a TypeInformation such as Types.LONG(), got %r" % (type_info,))
    return type_info._spate_type()
