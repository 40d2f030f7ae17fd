"""Configuration: typed getters and setters over string values, as PyFlink's."""

import copy

import pytest

from spate.common import Configuration
from spate.common.configuration import _java_double_str


def test_set_and_get_string_with_chaining():
    conf = Configuration()
    assert conf.set_string('a', 'x').set_string('b', 'y') is conf
    assert conf.get_string('a', 'd') == 'x'
    assert conf.get_string('missing', 'd') == 'd'
    assert conf.get_string('missing', None) is None


def test_set_string_needs_a_str():
    with pytest.raises(TypeError):
        Configuration().set_string('a', 5)


def test_integers_are_stored_as_strings():
    conf = Configuration().set_integer('n', 42)
    assert conf.get_integer('n', 0) == 42
    assert conf.get_string('n', None) == '42'
    assert conf.get_integer('missing', 7) == 7
    conf.set_string('s', ' 12 ')
    assert conf.get_integer('s', 0) == 12
    conf.set_string('bad', '1.5')
    with pytest.raises(ValueError, match="Could not parse value '1.5' for key 'bad'"):
        conf.get_integer('bad', 0)
    conf.set_string('huge', str(2 ** 63))
    with pytest.raises(ValueError):
        conf.get_integer('huge', 0)
    with pytest.raises(TypeError):
        conf.set_integer('n', 1.5)


def test_booleans():
    conf = Configuration().set_boolean('t', True).set_boolean('f', False)
    assert conf.get_string('t', None) == 'true' and conf.get_string('f', None) == 'false'
    assert conf.get_boolean('t', False) is True and conf.get_boolean('f', True) is False
    conf.set_string('upper', 'TRUE')
    assert conf.get_boolean('upper', False) is True
    conf.set_string('bad', 'yes')
    with pytest.raises(ValueError):
        conf.get_boolean('bad', False)
    assert conf.get_boolean('missing', True) is True


def test_floats_print_as_java_does():
    conf = Configuration().set_float('x', 1.5).set_float('big', 1e20).set_float('one', 1)
    assert conf.get_string('x', None) == '1.5'
    assert conf.get_string('big', None) == '1.0E20'
    assert conf.get_string('one', None) == '1.0'
    assert conf.get_float('big', 0.0) == 1e20
    assert conf.get_float('missing', 2) == 2.0 and isinstance(conf.get_float('missing', 2), float)
    conf.set_string('bad', 'abc')
    with pytest.raises(ValueError):
        conf.get_float('bad', 0.0)


@pytest.mark.parametrize('value, text', [
    (0.0, '0.0'), (-0.0, '-0.0'), (0.001, '0.001'), (0.0001, '1.0E-4'), (1234567.0, '1234567.0'),
    (12345678.0, '1.2345678E7'), (-2.5e-7, '-2.5E-7'), (float('nan'), 'NaN'),
    (float('inf'), 'Infinity'), (float('-inf'), '-Infinity'), (0.1, '0.1'),
])
def test_java_double_formatting(value, text):
    assert _java_double_str(value) == text


def test_bytearray():
    conf = Configuration().set_bytearray('b', bytearray(b'\x00\x01'))
    assert conf.get_bytearray('b', None) == bytearray(b'\x00\x01')
    assert conf.get_bytearray('missing', bytearray(b'd')) == bytearray(b'd')


def test_keys_contains_remove_and_to_dict():
    conf = Configuration().set_string('a', '1').set_integer('b', 2)
    assert conf.key_set() == {'a', 'b'}
    assert conf.contains_key('a') and not conf.contains_key('z')
    assert conf.to_dict() == {'a': '1', 'b': '2'}
    assert conf.remove_config('a') is True
    assert conf.remove_config('a') is False
    assert conf.key_set() == {'b'}


def test_add_all_with_and_without_prefix_and_add_all_to_dict():
    source = Configuration().set_string('k', 'v')
    target = Configuration()
    assert target.add_all(source) is target
    target.add_all(source, 'p.')
    assert target.to_dict() == {'k': 'v', 'p.k': 'v'}
    out = {'old': 'x'}
    target.add_all_to_dict(out)
    assert out == {'old': 'x', 'k': 'v', 'p.k': 'v'}


def test_copy_constructor_from_dict_equality_and_deepcopy():
    conf = Configuration.from_dict({'a': '1', 'b': True, 'c': 2})
    assert conf.to_dict() == {'a': '1', 'b': 'true', 'c': '2'}
    clone = Configuration(conf)
    assert clone == conf and hash(clone) == hash(conf)
    clone.set_string('a', 'changed')
    assert conf.get_string('a', None) == '1'
    assert clone != conf
    deep = copy.deepcopy(conf)
    assert deep == conf and deep is not conf
    assert conf != {'a': '1'}


def test_str_hides_secrets():
    conf = Configuration().set_string('a', '1').set_string('s3.secret-key', 'hunter2')
    assert str(conf) == '{a=1, s3.secret-key=******}'


def test_parse_list_value():
    assert Configuration.parse_list_value('') == []
    assert Configuration.parse_list_value('a;b') == ['a', 'b']
    assert Configuration.parse_list_value("['a', \"b\", c]") == ['a', 'b', 'c']


def test_java_configuration_is_refused():
    with pytest.raises(TypeError, match='JVM'):
        Configuration(j_configuration=object())
