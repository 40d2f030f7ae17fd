"""ConfigOptions and ConfigOption: typed options built in Python, as PyFlink builds Java's; and
add_jars_to_context_class_loader, which has nothing to do without a JVM."""
import warnings

import pytest

from spate.common import ConfigOption, ConfigOptions
from spate.common import configuration
from spate.datastream import deployment


def test_an_option_keeps_its_key_and_default():
    option = ConfigOptions.key('tmp.dir').string_type().default_value('/tmp')
    assert isinstance(option, ConfigOption)
    assert option.key() == 'tmp.dir'
    assert option.default_value() == '/tmp'
    assert option.has_default_value()
    assert repr(option) == "ConfigOption(key='tmp.dir', type=String, default='/tmp')"


def test_an_option_without_a_default():
    option = ConfigOptions.key('user.name').string_type().no_default_value()
    assert option.key() == 'user.name'
    assert option.default_value() is None
    assert not option.has_default_value()
    assert repr(option) == "ConfigOption(key='user.name', type=String, default=none)"
    # A default of None is no default, as in Java.
    assert ConfigOptions.key('user.name').string_type().default_value(None) == option


def test_each_typed_builder_takes_defaults_of_its_type():
    builder = ConfigOptions.key('k')
    assert builder.boolean_type().default_value(False).default_value() is False
    assert builder.int_type().default_value(100).default_value() == 100
    assert builder.int_type().default_value(-2 ** 31).default_value() == -2 ** 31
    assert builder.long_type().default_value(2 ** 63 - 1).default_value() == 2 ** 63 - 1
    assert builder.float_type().default_value(0.5).default_value() == 0.5
    double = builder.double_type().default_value(3)
    assert double.default_value() == 3.0 and type(double.default_value()) is float
    assert builder.string_type().default_value('').default_value() == ''


def test_a_default_of_another_type_is_refused():
    builder = ConfigOptions.key('a.b')
    with pytest.raises(TypeError, match=r"ConfigOption 'a.b' \(Integer\): the default 'x' must be of type int"):
        builder.int_type().default_value('x')
    with pytest.raises(TypeError, match=r'\(Long\): the default True must be of type int'):
        builder.long_type().default_value(True)
    with pytest.raises(TypeError, match=r'\(Boolean\): the default 1 must be of type bool'):
        builder.boolean_type().default_value(1)
    with pytest.raises(TypeError, match=r"\(Double\): the default '1.5' must be of type float"):
        builder.double_type().default_value('1.5')
    with pytest.raises(TypeError, match=r'\(Float\): the default False must be of type float'):
        builder.float_type().default_value(False)
    with pytest.raises(TypeError, match=r'\(String\): the default 5 must be of type str'):
        builder.string_type().default_value(5)


def test_integers_out_of_their_range_are_refused():
    with pytest.raises(ValueError, match=r"ConfigOption 'n' \(Integer\): the default 2147483648 is out of range "
                                         r"\[-2147483648, 2147483647\]"):
        ConfigOptions.key('n').int_type().default_value(2 ** 31)
    with pytest.raises(ValueError, match=r'\(Long\): the default -9223372036854775809 is out of range'):
        ConfigOptions.key('n').long_type().default_value(-2 ** 63 - 1)


def test_options_are_equal_by_key_type_and_default():
    a = ConfigOptions.key('a').int_type().default_value(1)
    assert a == ConfigOptions.key('a').int_type().default_value(1)
    assert hash(a) == hash(ConfigOptions.key('a').int_type().default_value(1))
    assert a != ConfigOptions.key('a').int_type().default_value(2)
    assert a != ConfigOptions.key('b').int_type().default_value(1)
    assert a != ConfigOptions.key('a').long_type().default_value(1)
    assert a != ConfigOptions.key('a').int_type().no_default_value()


def test_builders_are_reached_only_through_key():
    with pytest.raises(TypeError, match='ConfigOptions.key: the key is a str, got None'):
        ConfigOptions.key(None)
    with pytest.raises(TypeError, match='ConfigOptions is not instantiated'):
        ConfigOptions(None)
    for made in (ConfigOption, ConfigOptions.OptionBuilder, ConfigOptions.TypedConfigOptionBuilder):
        with pytest.raises(TypeError, match='wraps a Java object in PyFlink, which needs a JVM'):
            made(object())


def test_add_jars_to_context_class_loader_warns_once_and_does_nothing(monkeypatch):
    monkeypatch.setattr(deployment, '_warned', set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        assert configuration.add_jars_to_context_class_loader(['file:///opt/a.jar']) is None
        configuration.add_jars_to_context_class_loader(['file:///opt/b.jar'])
    assert [str(w.message) for w in caught] == \
        ['add_jars_to_context_class_loader() has no effect: Spate runs without a JVM']
    assert caught[0].filename == __file__  # the warning points at the caller
