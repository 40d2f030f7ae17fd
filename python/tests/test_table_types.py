"""DataTypes and the DataType classes (`spate.table`), and the type strings of every `Types` type.

Pure Python: no job runs. The printed forms were taken from PyFlink 2.3."""

import pytest

from api_surface import API, parameters, signature_of

from spate.common import Types
from spate.common.types import Row, RowKind
from spate.table import DataTypes, UserDefinedType
from spate.table import types as table_types
from spate.table.types import ArrayType, AtomicType, BigIntType, BinaryType, BooleanType, \
    CharType, DataType, DateType, DayTimeIntervalType, DecimalType, DoubleType, FloatType, \
    FractionalType, IntegralType, IntType, ListViewType, LocalZonedTimestampType, MapType, \
    MapViewType, MultisetType, NullType, NumericType, Resolution, RowField, RowType, \
    SmallIntType, TimestampType, TimeType, TinyIntType, VarBinaryType, VarCharType, \
    YearMonthIntervalType, ZonedTimestampType

D = DataTypes

# (declaration, repr, str, class name, type string), the first three as PyFlink 2.3 gives them.
DECLARED = [
    ('D.NULL()', 'NullType(true)', 'NULL', 'NullType', 'null?'),
    ('D.CHAR(3)', 'CharType(3, true)', 'CHAR', 'CharType', 'str?'),
    ('D.CHAR(3, False)', 'CharType(3, false)', 'CHAR', 'CharType', 'str!'),
    ('D.VARCHAR(10)', 'VarCharType(10, true)', 'VARCHAR', 'VarCharType', 'str?'),
    ('D.STRING()', 'VarCharType(2147483647, true)', 'VARCHAR', 'VarCharType', 'str?'),
    ('D.STRING(False)', 'VarCharType(2147483647, false)', 'VARCHAR', 'VarCharType', 'str!'),
    ('D.BOOLEAN()', 'BooleanType(true)', 'BOOLEAN', 'BooleanType', 'bool?'),
    ('D.BINARY(4)', 'BinaryType(4, true)', 'BINARY', 'BinaryType', 'bytes?'),
    ('D.VARBINARY(5)', 'VarBinaryType(5, true)', 'VARBINARY', 'VarBinaryType', 'bytes?'),
    ('D.BYTES()', 'VarBinaryType(2147483647, true)', 'VARBINARY', 'VarBinaryType', 'bytes?'),
    ('D.DECIMAL(10, 2)', 'DecimalType(10, 2, true)', 'DECIMAL', 'DecimalType', 'decimal<10,2>?'),
    ('D.DECIMAL(38, 0, False)', 'DecimalType(38, 0, false)', 'DECIMAL', 'DecimalType', 'decimal<38,0>!'),
    ('D.TINYINT()', 'TinyIntType(true)', 'TINYINT', 'TinyIntType', 'i8?'),
    ('D.SMALLINT()', 'SmallIntType(true)', 'SMALLINT', 'SmallIntType', 'i16?'),
    ('D.INT()', 'IntType(true)', 'INT', 'IntType', 'i32?'),
    ('D.INT(False)', 'IntType(false)', 'INT', 'IntType', 'i32!'),
    ('D.BIGINT()', 'BigIntType(true)', 'BIGINT', 'BigIntType', 'i64?'),
    ('D.FLOAT()', 'FloatType(true)', 'FLOAT', 'FloatType', 'f32?'),
    ('D.DOUBLE()', 'DoubleType(true)', 'DOUBLE', 'DoubleType', 'f64?'),
    ('D.DATE()', 'DateType(true)', 'DATE', 'DateType', 'date?'),
    ('D.TIME()', 'TimeType(0, true)', 'TIME', 'TimeType', 'time<0>?'),
    ('D.TIME(3)', 'TimeType(3, true)', 'TIME', 'TimeType', 'time<3>?'),
    ('D.TIMESTAMP()', 'TimestampType(6, true)', 'TIMESTAMP', 'TimestampType', 'timestamp<6>?'),
    ('D.TIMESTAMP(3)', 'TimestampType(3, true)', 'TIMESTAMP', 'TimestampType', 'timestamp<3>?'),
    ('D.TIMESTAMP_LTZ()', 'LocalZonedTimestampType(6, true)', 'LOCALZONEDTIMESTAMP', 'LocalZonedTimestampType', 'timestamp_ltz<6>?'),
    ('D.TIMESTAMP_LTZ(3, False)', 'LocalZonedTimestampType(3, false)', 'LOCALZONEDTIMESTAMP', 'LocalZonedTimestampType', 'timestamp_ltz<3>!'),
    ('D.TIMESTAMP_WITH_LOCAL_TIME_ZONE(9)', 'LocalZonedTimestampType(9, true)', 'LOCALZONEDTIMESTAMP', 'LocalZonedTimestampType', 'timestamp_ltz<9>?'),
    ('D.INTERVAL(D.YEAR(), D.MONTH())', 'YearMonthIntervalType(true)', 'YEARMONTHINTERVAL', 'YearMonthIntervalType', 'interval_ym?'),
    ('D.INTERVAL(D.MONTH())', 'YearMonthIntervalType(true)', 'YEARMONTHINTERVAL', 'YearMonthIntervalType', 'interval_ym?'),
    ('D.INTERVAL(D.YEAR(4))', 'YearMonthIntervalType(true)', 'YEARMONTHINTERVAL', 'YearMonthIntervalType', 'interval_ym?'),
    ('D.INTERVAL(D.DAY(), D.SECOND(3))', 'DayTimeIntervalType(true)', 'DAYTIMEINTERVAL', 'DayTimeIntervalType', 'interval_dt?'),
    ('D.INTERVAL(D.SECOND())', 'DayTimeIntervalType(true)', 'DAYTIMEINTERVAL', 'DayTimeIntervalType', 'interval_dt?'),
    ('D.INTERVAL(D.HOUR(), D.MINUTE())', 'DayTimeIntervalType(true)', 'DAYTIMEINTERVAL', 'DayTimeIntervalType', 'interval_dt?'),
    ('D.ARRAY(D.INT())', 'ArrayType(IntType(true), true)', 'ARRAY', 'ArrayType', 'list<i32?>?'),
    ('D.ARRAY(D.STRING(False), False)', 'ArrayType(VarCharType(2147483647, false), false)', 'ARRAY', 'ArrayType', 'list<str!>!'),
    ('D.MAP(D.STRING(), D.BIGINT())', 'MapType(VarCharType(2147483647, true), BigIntType(true), true)', 'MAP', 'MapType', 'map<str?,i64?>?'),
    ('D.MULTISET(D.STRING())', 'MultisetType(VarCharType(2147483647, true), true)', 'MULTISET', 'MultisetType', 'multiset<str?>?'),
    ("D.ROW([D.FIELD('a', D.INT()), D.FIELD('b', D.STRING(), 'desc')])", 'RowType(RowField(a, IntType(true), ...),RowField(b, VarCharType(2147483647, true), desc))', 'ROW', 'RowType', 'row<a:i32?,b:str?>?'),
    ("D.ROW([D.FIELD('a', D.INT())], False)", 'RowType(RowField(a, IntType(true), ...))', 'ROW', 'RowType', 'row<a:i32?>!'),
    ('D.ROW()', 'RowType()', 'ROW', 'RowType', 'row<>?'),
    ('D.INT().not_null()', 'IntType(false)', 'INT', 'IntType', 'i32!'),
    ('D.INT(False).nullable()', 'IntType(true)', 'INT', 'IntType', 'i32?'),
]


@pytest.mark.parametrize('declared, printed, name, cls, spate_type', DECLARED,
                         ids=[d[0] for d in DECLARED])
def test_data_types_print_as_pyflink_and_have_type_strings(declared, printed, name, cls,
                                                            spate_type):
    data_type = eval(declared)
    assert repr(data_type) == printed
    assert str(data_type) == name
    assert type(data_type).__name__ == cls
    assert isinstance(data_type, DataType)
    assert data_type._spate_type() == spate_type
    assert data_type == eval(declared) and hash(data_type) == hash(eval(declared))


def test_views_print_as_pyflink_and_have_no_type_string():
    assert repr(D.LIST_VIEW(D.INT())) == 'ListViewType(IntType(true))'
    assert repr(D.MAP_VIEW(D.STRING(), D.INT())) == \
        'MapViewType(VarCharType(2147483647, true), IntType(true))'
    for view in (D.LIST_VIEW(D.INT()), D.MAP_VIEW(D.STRING(), D.INT())):
        with pytest.raises(TypeError, match='accumulator'):
            view._spate_type()


def test_class_hierarchy_as_pyflink():
    assert issubclass(NullType, AtomicType) and issubclass(AtomicType, DataType)
    for cls in (TinyIntType, SmallIntType, IntType, BigIntType):
        assert issubclass(cls, IntegralType) and issubclass(cls, NumericType)
    for cls in (FloatType, DoubleType, DecimalType):
        assert issubclass(cls, FractionalType)
    for cls in (CharType, VarCharType, BinaryType, VarBinaryType, BooleanType, DateType, TimeType,
                TimestampType, LocalZonedTimestampType, ZonedTimestampType,
                YearMonthIntervalType, DayTimeIntervalType):
        assert issubclass(cls, AtomicType)
    for cls in (ArrayType, MapType, MultisetType, RowType, ListViewType, MapViewType):
        assert issubclass(cls, DataType) and not issubclass(cls, AtomicType)
    assert isinstance(D.STRING(), VarCharType) and D.STRING().length == 0x7fffffff
    assert isinstance(D.BYTES(), VarBinaryType) and D.BYTES().length == 0x7fffffff


def test_nullability():
    assert D.INT()._nullable is True and D.INT(False)._nullable is False
    not_null = D.DECIMAL(10, 2).not_null()
    assert not_null == D.DECIMAL(10, 2, False) and not_null != D.DECIMAL(10, 2)
    assert not_null.nullable() == D.DECIMAL(10, 2)
    original = D.TIMESTAMP(3)
    original.not_null()
    assert original._nullable is True, 'not_null() returns a copy'
    assert D.ARRAY(D.INT(False))._spate_type() == 'list<i32!>?'
    assert D.MAP(D.STRING(False), D.INT(False), False)._spate_type() == 'map<str!,i32!>!'
    assert D.MULTISET(D.DATE(False))._spate_type() == 'multiset<date!>?'
    # `?`: accepts None whatever the kind (DataTypes are nullable unless not_null()).
    assert D.INT()._spate_type() == 'i32?'
    assert D.NULL()._nullable is True
    with pytest.raises(ValueError, match='always accepts None'):
        D.NULL().not_null()


def test_equality_and_hash():
    assert D.INT() == D.INT() and D.INT() != D.INT(False) and D.INT() != D.BIGINT()
    assert D.VARCHAR(3) != D.VARCHAR(4) and D.CHAR(3) != D.VARCHAR(3)
    assert D.ARRAY(D.INT()) == D.ARRAY(D.INT()) and D.ARRAY(D.INT()) != D.ARRAY(D.BIGINT())
    assert D.MAP(D.STRING(), D.INT()) != D.MAP(D.STRING(), D.FLOAT())
    assert D.FIELD('f1', D.INT()) == D.FIELD('f1', D.INT())
    assert D.FIELD('f1', D.INT()) != D.FIELD('f2', D.INT())
    assert D.ROW([D.FIELD('a', D.INT())]) == D.ROW([D.FIELD('a', D.INT())])
    assert D.ROW([D.FIELD('a', D.INT())]) != D.ROW([D.FIELD('b', D.INT())])
    assert len({D.INT(), D.INT(), D.STRING()}) == 2
    assert D.INT() != Types.INT()


def test_type_names_as_pyflink():
    assert IntType.type_name() == 'INT'
    assert LocalZonedTimestampType.type_name() == 'LOCALZONEDTIMESTAMP'
    assert D.TIMESTAMP_LTZ().type_name() == 'LOCALZONEDTIMESTAMP'


def test_row_type_fields():
    row = D.ROW([D.FIELD('id', D.BIGINT()), D.FIELD('name', D.STRING(), 'who')])
    assert row.field_names() == ['id', 'name']
    assert row.field_types() == [D.BIGINT(), D.STRING()]
    assert row['name'] == RowField('name', D.STRING(), 'who')
    assert row[0].name == 'id' and row[0].description == '...'
    assert [f.name for f in row] == ['id', 'name'] and len(row) == 2
    assert row[1:].field_names() == ['name']
    assert str(row[0]) == 'RowField(id, BIGINT)'
    assert repr(row[1]) == 'RowField(name, VarCharType(2147483647, true), who)'
    with pytest.raises(KeyError):
        row['missing']
    with pytest.raises(IndexError):
        row[5]
    with pytest.raises(TypeError):
        row[1.5]
    added = RowType().add('a', D.INT()).add(RowField('b', D.DATE()))
    assert added == D.ROW([D.FIELD('a', D.INT()), D.FIELD('b', D.DATE())])
    with pytest.raises(ValueError, match='Must specify DataType'):
        RowType().add('a')
    assert row._spate_type() == 'row<id:i64?,name:str?>?'


def test_row_type_converts_rows_as_pyflink():
    row = D.ROW([D.FIELD('d', D.DATE()), D.FIELD('s', D.STRING())])
    import datetime
    sql = row.to_sql_type(Row(d=datetime.date(1970, 1, 11), s='x'))
    assert sql == (RowKind.INSERT.value, 10, 'x')
    assert row.to_sql_type({'d': None, 's': 'y'}) == (RowKind.INSERT.value, None, 'y')
    back = row.from_sql_type((10, 'x'))
    assert back == Row(d=datetime.date(1970, 1, 11), s='x')
    assert row.to_sql_type(None) is None


def test_nested_type_strings():
    data_type = D.ROW([
        D.FIELD('id', D.BIGINT(False)),
        D.FIELD('tags', D.ARRAY(D.STRING())),
        D.FIELD('attrs', D.MAP(D.STRING(False), D.ROW([D.FIELD('x', D.DECIMAL(5, 2))]))),
        D.FIELD('seen', D.TIMESTAMP_LTZ(3)),
        D.FIELD('every', D.INTERVAL(D.DAY(), D.SECOND(3)))], nullable=False)
    assert data_type._spate_type() == (
        'row<id:i64!,tags:list<str?>?,attrs:map<str!,row<x:decimal<5,2>?>?>?,seen:timestamp_ltz<3>?,'
        'every:interval_dt?>!')
    assert ' ' not in data_type._spate_type()


@pytest.mark.parametrize('bad', ['a b', 'a,b', 'a:b', 'a<b', 'a>b', 'a!', ''])
def test_row_field_names_that_break_the_type_string_are_rejected(bad):
    data_type = D.ROW([D.FIELD(bad, D.INT())])
    with pytest.raises(ValueError, match='field name'):
        data_type._spate_type()


def test_spate_names_say_how_a_user_declares_the_type():
    assert D.INT()._spate_name == 'DataTypes.INT()'
    assert D.INT(False)._spate_name == 'DataTypes.INT(nullable=False)'
    assert D.DECIMAL(10, 2)._spate_name == 'DataTypes.DECIMAL(10, 2)'
    assert D.STRING()._spate_name == 'DataTypes.STRING()'
    assert D.VARCHAR(3)._spate_name == 'DataTypes.VARCHAR(3)'
    assert D.BYTES()._spate_name == 'DataTypes.BYTES()'
    assert D.TIMESTAMP_LTZ(3)._spate_name == 'DataTypes.TIMESTAMP_LTZ(3)'
    assert D.ARRAY(D.INT())._spate_name == 'DataTypes.ARRAY(DataTypes.INT())'
    assert D.MAP(D.STRING(), D.INT())._spate_name == \
        'DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())'
    assert D.INTERVAL(D.DAY(), D.SECOND(3))._spate_name == \
        'DataTypes.INTERVAL(DataTypes.DAY(2), DataTypes.SECOND(3))'
    assert D.INTERVAL(D.YEAR(), D.MONTH())._spate_name == \
        'DataTypes.INTERVAL(DataTypes.YEAR(2), DataTypes.MONTH())'
    assert D.ROW([D.FIELD('a', D.INT())])._spate_name == \
        "DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT())])"


@pytest.mark.parametrize('make', [
    lambda: D.DECIMAL(39, 0), lambda: D.DECIMAL(0, 0), lambda: D.DECIMAL(5, 6),
    lambda: D.DECIMAL(5, -1), lambda: D.TIME(10), lambda: D.TIME(-1), lambda: D.TIMESTAMP(10),
    lambda: D.TIMESTAMP_LTZ(-1), lambda: D.CHAR(0), lambda: D.VARCHAR(2 ** 31),
    lambda: D.BINARY(0), lambda: D.INTERVAL(D.YEAR(5)), lambda: D.INTERVAL(D.DAY(7)),
    lambda: D.INTERVAL(D.SECOND(10)), lambda: D.INTERVAL(D.MONTH(), D.DAY())])
def test_impossible_parameters_raise(make):
    # A ValueError, and an AssertionError as PyFlink raises for most of these.
    with pytest.raises(ValueError):
        make()
    try:
        make()
    except AssertionError:
        pass
    except ValueError as e:
        assert 'Unsupported interval definition' in str(e)


@pytest.mark.parametrize('make', [
    lambda: D.ARRAY(5), lambda: D.MAP(D.INT(), 'x'), lambda: D.MULTISET(None),
    lambda: D.FIELD(1, D.INT()), lambda: D.FIELD('a', Types.INT()), lambda: D.ROW([D.INT()]),
    lambda: D.DECIMAL('10', 2), lambda: D.INT(nullable='no'), lambda: D.INTERVAL('DAY')])
def test_arguments_of_the_wrong_kind_raise_type_error(make):
    with pytest.raises(TypeError):
        make()


def test_intervals():
    ym = D.INTERVAL(D.YEAR(4), D.MONTH())
    assert isinstance(ym, YearMonthIntervalType) and ym.precision == 4
    assert ym.resolution == YearMonthIntervalType.YearMonthResolution.YEAR_TO_MONTH
    dt = D.INTERVAL(D.DAY(3), D.SECOND(9))
    assert isinstance(dt, DayTimeIntervalType)
    assert (dt.resolution, dt.day_precision, dt.fractional_precision) == \
        (DayTimeIntervalType.DayTimeResolution.DAY_TO_SECOND, 3, 9)
    assert D.INTERVAL(D.MINUTE(), D.SECOND(2)).fractional_precision == 2
    assert D.INTERVAL(D.HOUR()).resolution == DayTimeIntervalType.DayTimeResolution.HOUR
    assert str(D.SECOND(3)) == 'IntervalUnit.SECOND(3)'
    assert D.DAY().unit == Resolution.IntervalUnit.DAY and D.DAY().precision == 2
    import datetime
    assert dt.to_sql_type(datetime.timedelta(days=1, microseconds=5)) == 86400000005
    assert dt.from_sql_type(86400000005) == datetime.timedelta(days=1, microseconds=5)


def test_conversions_of_dates_and_times():
    import datetime
    assert D.DATE().to_sql_type(datetime.date(1970, 1, 2)) == 1
    assert D.DATE().from_sql_type(-1) == datetime.date(1969, 12, 31)
    assert D.TIME().to_sql_type(datetime.time(0, 0, 1, 5)) == 1000005
    assert D.TIME().from_sql_type(1000005) == datetime.time(0, 0, 1, 5)
    assert D.TIMESTAMP().to_sql_type(datetime.datetime(1970, 1, 1, 0, 0, 1)) == 1000000
    assert D.TIMESTAMP().from_sql_type(-1) == datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)
    assert D.ARRAY(D.DATE()).from_sql_type([0, None]) == [datetime.date(1970, 1, 1), None]


def test_zoned_timestamps_and_user_defined_types_have_no_type_string():
    with pytest.raises(NotImplementedError, match='TIMESTAMP_LTZ'):
        ZonedTimestampType(3)._spate_type()

    class Point(UserDefinedType):
        @classmethod
        def sql_type(cls):
            return D.ARRAY(D.DOUBLE())

    assert Point() == Point() and Point.type_name() == 'point'
    with pytest.raises(NotImplementedError, match='Point'):
        Point()._spate_type()


def test_the_module_has_pyflinks_public_names():
    import spate.table
    for module, ours in (('pyflink.table.types', table_types), ('pyflink.table', spate.table)):
        for name, entry in API[module].items():
            if module == 'pyflink.table' and not hasattr(ours, name):
                continue  # the rest of pyflink.table (environments, tables) comes later
            assert hasattr(ours, name), '%s.%s' % (module, name)
            if entry.get('kind') != 'class' or name in ('Row', 'RowKind'):
                continue
            if module == 'pyflink.table' and name not in API['pyflink.table.types']:
                continue  # the Table API's classes, being built: test_table_api checks what they have
            cls = getattr(ours, name)
            for member, signature in entry['members'].items():
                if member in ('__eq__', '__init__', '__iter__', '__getitem__', '__call__'):
                    continue
                assert hasattr(cls, member), '%s.%s.%s' % (module, name, member)
                if name == 'DataTypes':
                    ours_signature = signature_of(getattr(cls, member))
                    assert parameters(ours_signature) == parameters(signature), \
                        'DataTypes.%s%s, PyFlink has %s' % (member, ours_signature, signature)
    assert {'DataTypes', 'Row', 'RowKind', 'UserDefinedType'} <= set(spate.table.__all__)


# ---- Types: every one has a type string now ----

TYPE_STRINGS = [
    (Types.BOOLEAN(), 'bool'), (Types.BYTE(), 'i8'), (Types.SHORT(), 'i16'), (Types.INT(), 'i32'),
    (Types.LONG(), 'i64'), (Types.FLOAT(), 'f32'), (Types.DOUBLE(), 'f64'),
    (Types.STRING(), 'str'), (Types.CHAR(), 'char'), (Types.BIG_INT(), 'bigint'),
    (Types.BIG_DEC(), 'bigdec'), (Types.INSTANT(), 'instant'), (Types.SQL_DATE(), 'date'),
    (Types.SQL_TIME(), 'time<6>'), (Types.SQL_TIMESTAMP(), 'timestamp<6>'),
    (Types.PICKLED_BYTE_ARRAY(), 'obj'),
    (Types.PRIMITIVE_ARRAY(Types.BYTE()), 'bytes'),
    (Types.PRIMITIVE_ARRAY(Types.INT()), 'list<i32>'),
    (Types.PRIMITIVE_ARRAY(Types.CHAR()), 'list<char>'),
    (Types.PRIMITIVE_ARRAY(Types.DOUBLE()), 'list<f64>'),
    (Types.BASIC_ARRAY(Types.INT()), 'list<i32?>'),
    (Types.BASIC_ARRAY(Types.STRING()), 'list<str?>'),
    (Types.BASIC_ARRAY(Types.BYTE()), 'list<i8?>'),
    (Types.OBJECT_ARRAY(Types.ROW([Types.INT()])), 'list<row<f0:i32>?>'),
    (Types.LIST(Types.SQL_DATE()), 'list<date>'),
    (Types.LIST(Types.LIST(Types.PRIMITIVE_ARRAY(Types.BYTE()))), 'list<list<bytes>>'),
    (Types.MAP(Types.STRING(), Types.BIG_DEC()), 'map<str,bigdec?>'),
    (Types.MAP(Types.INT(), Types.LIST(Types.ROW_NAMED(['x'], [Types.INSTANT()]))),
     'map<i32,list<row<x:instant>>?>'),
    (Types.TUPLE([Types.CHAR(), Types.SQL_TIME()]), 'tuple<char,time<6>>'),
    (Types.ROW_NAMED(['a', 'b'], [Types.BIG_INT(), Types.MAP(Types.STRING(), Types.STRING())]),
     'row<a:bigint,b:map<str,str?>>'),
]


@pytest.mark.parametrize('info, spate_type', TYPE_STRINGS, ids=[t for _, t in TYPE_STRINGS])
def test_every_type_has_a_type_string(info, spate_type):
    assert info._spate_type() == spate_type


@pytest.mark.parametrize('make', [lambda: Types.PRIMITIVE_ARRAY(Types.STRING()),
                                  lambda: Types.PRIMITIVE_ARRAY(Types.BIG_INT()),
                                  lambda: Types.BASIC_ARRAY(Types.SQL_DATE()),
                                  lambda: Types.BASIC_ARRAY(Types.LIST(Types.INT()))])
def test_arrays_of_the_wrong_element_type_are_rejected(make):
    with pytest.raises(TypeError, match='Invalid element type for a primitive array'):
        make()._spate_type()


def test_container_names_say_how_a_user_declares_them():
    assert Types.PRIMITIVE_ARRAY(Types.BYTE())._spate_name == 'Types.PRIMITIVE_ARRAY(Types.BYTE())'
    assert Types.LIST(Types.MAP(Types.STRING(), Types.INT()))._spate_name == \
        'Types.LIST(Types.MAP(Types.STRING(), Types.INT()))'
    assert Types.OBJECT_ARRAY(Types.SQL_DATE())._spate_name == 'Types.OBJECT_ARRAY(Types.SQL_DATE())'


def test_pyflink_table_imports_through_the_alias():
    import importlib
    from spate import _pyflink_alias
    installed_before = _pyflink_alias._installed() is not None
    _pyflink_alias.install()
    try:
        assert importlib.import_module('pyflink.table').DataTypes is DataTypes
        assert importlib.import_module('pyflink.table.types').DecimalType is DecimalType
    finally:
        if not installed_before:
            _pyflink_alias.uninstall()
