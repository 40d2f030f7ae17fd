"""`ConfigOptions` and `ConfigOption`, as in `pyflink.common.config_options`: typed, named settings.

Example::

    ConfigOptions.key("tmp.dir").string_type().default_value("/tmp")
    ConfigOptions.key("application.parallelism").int_type().default_value(100)
    ConfigOptions.key("user.name").string_type().no_default_value()

PyFlink builds a Java ConfigOption through these; Spate builds the option in Python and checks its
default against its type, which Java's generics leave unchecked at run time.
"""
from typing import Any, Generic, NamedTuple, Optional, Tuple, TypeVar

__all__ = ['ConfigOptions', 'ConfigOption']

T = TypeVar('T')


class _ValueType(NamedTuple):
    """The type of an option's values: Java's class of them, what they are in Python and, for
    integers, their range."""
    name: str
    python_type: type
    bounds: Optional[Tuple[int, int]] = None

    def accepted(self, value, key: str):
        """`value` as an option of this type keeps it; TypeError or ValueError if it is not one."""
        kinds = (int, float) if self.python_type is float else (self.python_type,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and self.python_type is not bool):
            raise TypeError(f"ConfigOption '{key}' ({self.name}): the default {value!r} must be of type "
                            f"{self.python_type.__name__}")
        if self.bounds is not None and not self.bounds[0] <= value <= self.bounds[1]:
            raise ValueError(f"ConfigOption '{key}' ({self.name}): the default {value} is out of range "
                             f"[{self.bounds[0]}, {self.bounds[1]}]")
        return float(value) if self.python_type is float else value


_BOOLEAN = _ValueType('Boolean', bool)
_INTEGER = _ValueType('Integer', int, (-2 ** 31, 2 ** 31 - 1))
_LONG = _ValueType('Long', int, (-2 ** 63, 2 ** 63 - 1))
_FLOAT = _ValueType('Float', float)
_DOUBLE = _ValueType('Double', float)
_STRING = _ValueType('String', str)


class _OptionSpec(NamedTuple):
    """What a builder has gathered so far, and at the end what an option is."""
    key: str
    value_type: Optional[_ValueType] = None
    default: Any = None


def _spec(value, what: str) -> _OptionSpec:
    if not isinstance(value, _OptionSpec):
        raise TypeError(f"{what} wraps a Java object in PyFlink, which needs a JVM (Spate has none); "
                        f"build options with ConfigOptions.key(...)")
    return value


class ConfigOptions(object):
    """Builds a ConfigOption: `key(...)`, then the type of its values (`string_type()`,
    `int_type()`, ...), then `default_value(value)` or `no_default_value()`."""

    def __init__(self, j_config_options):
        raise TypeError("ConfigOptions is not instantiated: build options with ConfigOptions.key(...)")

    @staticmethod
    def key(key: str):
        """Starts building the option named `key`."""
        if not isinstance(key, str):
            raise TypeError(f"ConfigOptions.key: the key is a str, got {key!r}")
        return ConfigOptions.OptionBuilder(_OptionSpec(key))

    class OptionBuilder(object):
        """An option's key; its methods give the type of its values. (PyFlink wraps a Java builder;
        Spate's takes what ConfigOptions.key gathered.)"""

        def __init__(self, j_option_builder):
            self._spec = _spec(j_option_builder, "ConfigOptions.OptionBuilder")

        def _typed(self, value_type: _ValueType) -> 'ConfigOptions.TypedConfigOptionBuilder':
            return ConfigOptions.TypedConfigOptionBuilder(self._spec._replace(value_type=value_type))

        def boolean_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[bool]':
            """Values are bools."""
            return self._typed(_BOOLEAN)

        def int_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[int]':
            """Values are ints of 32 bits (-2,147,483,648 to 2,147,483,647)."""
            return self._typed(_INTEGER)

        def long_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[int]':
            """Values are ints of 64 bits."""
            return self._typed(_LONG)

        def float_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[float]':
            """Values are floats (Java's 4-byte Float; Python's float is kept as given)."""
            return self._typed(_FLOAT)

        def double_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[float]':
            """Values are floats (Java's 8-byte Double)."""
            return self._typed(_DOUBLE)

        def string_type(self) -> 'ConfigOptions.TypedConfigOptionBuilder[str]':
            """Values are strs."""
            return self._typed(_STRING)

    class TypedConfigOptionBuilder(Generic[T]):
        """An option's key and value type; its methods give the option. (PyFlink wraps a Java
        builder; Spate's takes what OptionBuilder gathered.)"""

        def __init__(self, j_typed_config_option_builder):
            self._spec = _spec(j_typed_config_option_builder, "ConfigOptions.TypedConfigOptionBuilder")

        def default_value(self, value: T) -> 'ConfigOption[T]':
            """The option, with `value` as its default (None: no default, as in Java)."""
            if value is not None:
                value = self._spec.value_type.accepted(value, self._spec.key)
            return ConfigOption(self._spec._replace(default=value))

        def no_default_value(self) -> 'ConfigOption[str]':
            """The option, without a default."""
            return ConfigOption(self._spec)


class ConfigOption(Generic[T]):
    """A configuration parameter: its key, the type of its values and its default, if any. Built by
    ConfigOptions and immutable. PyFlink's wraps a Java ConfigOption and passes it to Java (to
    connectors and table descriptors); Spate's has Java's readers, `key()`, `default_value()` and
    `has_default_value()`, for Spate's code to read it."""

    def __init__(self, j_config_option):
        self._spec = _spec(j_config_option, "ConfigOption")

    def key(self) -> str:
        """The option's key."""
        return self._spec.key

    def default_value(self) -> Optional[T]:
        """The option's default, None if it has none."""
        return self._spec.default

    def has_default_value(self) -> bool:
        """Whether the option has a default."""
        return self._spec.default is not None

    def __eq__(self, other):
        return isinstance(other, ConfigOption) and self._spec == other._spec

    def __hash__(self):
        return hash(self._spec)

    def __repr__(self):
        default = repr(self._spec.default) if self.has_default_value() else 'none'
        return f"ConfigOption(key={self._spec.key!r}, type={self._spec.value_type.name}, default={default})"
