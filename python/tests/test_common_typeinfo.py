"""Types: construction, equality, PyFlink's printed forms, and Spate's type strings."""

import pytest

from spate.common import TypeInformation, Types
from spate.common.typeinfo import BasicTypeInfo, PickledBytesTypeInfo, RowTypeInfo, \
    TupleTypeInfo, _spate_type_of

BASIC = [
    ('BOOLEAN', 'Boolean', 'bool'),
    ('BYTE', 'Byte', 'i8'),
    ('SHORT', 'Short', 'i16'),
    ('INT', 'Integer', 'i32'),
    ('LONG', 'Long', 'i64'),
    ('FLOAT', 'Float', 'f32'),
    ('DOUBLE', 'Double', 'f64'),
    ('STRING', 'String', 'str'),
]

# The types beyond the DataStream core: how they print and the type string each crosses to Swift.
MORE = [
    ('CHAR', lambda: Types.CHAR(), 'Char', 'char'),
    ('BIG_INT', lambda: Types.BIG_INT(), 'BigInteger', 'bigint'),
    ('BIG_DEC', lambda: Types.BIG_DEC(), 'BigDecimal', 'bigdec'),
    ('INSTANT', lambda: Types.INSTANT(), 'Instant', 'instant'),
    ('SQL_DATE', lambda: Types.SQL_DATE(), 'DateTypeInfo', 'date'),
    ('SQL_TIME', lambda: Types.SQL_TIME(), 'TimeTypeInfo', 'time<6>'),
    ('SQL_TIMESTAMP', lambda: Types.SQL_TIMESTAMP(), 'TimestampTypeInfo', 'timestamp<6>'),
    ('PRIMITIVE_ARRAY', lambda: Types.PRIMITIVE_ARRAY(Types.INT()), 'PrimitiveArrayTypeInfo<Integer>', 'list<i32>'),
    ('PRIMITIVE_ARRAY', lambda: Types.PRIMITIVE_ARRAY(Types.BYTE()), 'PrimitiveArrayTypeInfo<Byte>', 'bytes'),
    ('BASIC_ARRAY', lambda: Types.BASIC_ARRAY(Types.INT()), 'BasicArrayTypeInfo<Integer>', 'list<i32?>'),
    ('OBJECT_ARRAY', lambda: Types.OBJECT_ARRAY(Types.STRING()), 'ObjectArrayTypeInfo<String>', 'list<str?>'),
    ('MAP', lambda: Types.MAP(Types.STRING(), Types.INT()), 'MapTypeInfo<String, Integer>', 'map<str,i32?>'),
    ('LIST', lambda: Types.LIST(Types.INT()), 'ListTypeInfo<Integer>', 'list<i32>'),
]


@pytest.mark.parametrize('name, printed, spate_type', BASIC)
def test_basic_types(name, printed, spate_type):
    info = getattr(Types, name)()
    assert isinstance(info, BasicTypeInfo) and isinstance(info, TypeInformation)
    assert repr(info) == printed and str(info) == printed
    assert info._spate_type() == spate_type
    assert info == getattr(Types, name)()
    assert hash(info) == hash(getattr(Types, name)())


def test_basic_types_differ_from_each_other():
    infos = [getattr(Types, name)() for name, _, _ in BASIC]
    assert len(set(infos)) == len(infos)
    assert Types.INT() != Types.LONG()
    assert Types.INT() != 'Integer'


def test_pickled_byte_array():
    info = Types.PICKLED_BYTE_ARRAY()
    assert isinstance(info, PickledBytesTypeInfo)
    assert repr(info) == 'PickledByteArrayTypeInfo'
    assert info._spate_type() == 'obj'
    assert info == Types.PICKLED_BYTE_ARRAY() and info != Types.STRING()


@pytest.mark.parametrize('name, make, printed, spate_type', MORE)
def test_more_types_print_and_have_type_strings(name, make, printed, spate_type):
    info = make()
    assert repr(info) == printed
    assert info == make() and hash(info) == hash(make())
    assert info._spate_type() == spate_type


def test_fields_of_more_types_are_part_of_the_type_string():
    assert Types.ROW([Types.LONG(), Types.SQL_DATE()])._spate_type() == 'row<f0:i64,f1:date>'
    assert Types.TUPLE([Types.CHAR()])._spate_type() == 'tuple<char>'


def test_row_named():
    info = Types.ROW_NAMED(['a', 'b'], [Types.LONG(), Types.STRING()])
    assert isinstance(info, RowTypeInfo)
    assert repr(info) == 'RowTypeInfo(a: Long, b: String)'
    assert info.get_field_names() == ['a', 'b']
    assert info.get_field_types() == [Types.LONG(), Types.STRING()]
    assert info.get_field_index('b') == 1
    assert info.get_field_index('zzz') == -1
    assert info.get_arity() == 2
    assert info._spate_type() == 'row<a:i64,b:str>'


def test_row_without_names_uses_f0_f1():
    info = Types.ROW([Types.INT(), Types.FLOAT(), Types.DOUBLE()])
    assert repr(info) == 'RowTypeInfo(Integer, Float, Double)'
    assert info.get_field_names() == ['f0', 'f1', 'f2']
    assert info.get_field_index('f1') == 1
    assert info._spate_type() == 'row<f0:i32,f1:f32,f2:f64>'
    # Asking for the names does not change how it prints (it does in PyFlink).
    assert repr(info) == 'RowTypeInfo(Integer, Float, Double)'


def test_row_equality_counts_names_like_java():
    assert Types.ROW([Types.INT()]) == Types.ROW([Types.INT()])
    assert Types.ROW([Types.INT()]) == Types.ROW_NAMED(['f0'], [Types.INT()])
    assert Types.ROW_NAMED(['a'], [Types.INT()]) != Types.ROW_NAMED(['b'], [Types.INT()])
    assert Types.ROW([Types.INT()]) != Types.ROW([Types.LONG()])
    assert Types.ROW([Types.INT()]) != Types.TUPLE([Types.INT()])
    assert hash(Types.ROW([Types.INT()])) == hash(Types.ROW_NAMED(['f0'], [Types.INT()]))


def test_row_named_needs_one_name_per_type():
    with pytest.raises(ValueError):
        Types.ROW_NAMED(['a'], [Types.INT(), Types.INT()])


@pytest.mark.parametrize('bad', ['a b', 'a,b', 'a:b', 'a<b', 'a>b', ''])
def test_row_field_names_that_break_the_type_string_are_rejected(bad):
    info = Types.ROW_NAMED([bad], [Types.INT()])
    assert repr(info).startswith('RowTypeInfo(')
    with pytest.raises(ValueError, match='field name'):
        info._spate_type()


def test_tuple():
    info = Types.TUPLE([Types.LONG(), Types.STRING(), Types.DOUBLE()])
    assert isinstance(info, TupleTypeInfo)
    assert repr(info) == 'TupleTypeInfo(Long, String, Double)'
    assert info.get_field_types() == [Types.LONG(), Types.STRING(), Types.DOUBLE()]
    assert info.get_arity() == 3
    assert info._spate_type() == 'tuple<i64,str,f64>'
    assert info == Types.TUPLE([Types.LONG(), Types.STRING(), Types.DOUBLE()])
    assert info != Types.TUPLE([Types.LONG(), Types.STRING()])


def test_nested_type_strings_have_no_spaces():
    info = Types.ROW_NAMED(
        ['id', 'pair', 'payload'],
        [Types.LONG(), Types.TUPLE([Types.STRING(), Types.ROW([Types.BOOLEAN()])]),
         Types.PICKLED_BYTE_ARRAY()])
    assert info._spate_type() == 'row<id:i64,pair:tuple<str,row<f0:bool>>,payload:obj>'
    assert repr(info) == ('RowTypeInfo(id: Long, pair: TupleTypeInfo(String, '
                          'RowTypeInfo(Boolean)), payload: PickledByteArrayTypeInfo)')


def test_non_type_fields_are_rejected_in_the_type_string():
    with pytest.raises(TypeError):
        Types.TUPLE([Types.INT(), int])._spate_type()


def test_types_are_usable_as_dict_keys():
    cache = {Types.LONG(): 'long', Types.ROW([Types.INT()]): 'row'}
    assert cache[Types.LONG()] == 'long'
    assert cache[Types.ROW_NAMED(['f0'], [Types.INT()])] == 'row'


def test_spate_type_of_defaults_to_pickled_objects():
    assert _spate_type_of(None) == 'obj'
    assert _spate_type_of(Types.SHORT()) == 'i16'
    with pytest.raises(TypeError):
        _spate_type_of('i64')


def test_conversion_hooks_are_identities():
    info = Types.LONG()
    assert info.need_conversion() is False
    assert info.to_internal_type(5) == 5 and info.from_internal_type(5) == 5
