"""`Configuration`, as in `pyflink.common.configuration`: string keys; values kept with the type they
were set with (`set_integer` an int, ...), read back as strings or parsed as asked."""

import math
import re
from decimal import Decimal
from typing import Any, Dict, Set, Union

__all__ = ['Configuration']

_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1
_INTEGER = re.compile(r'[+-]?\d+')
# Flink hides the values of keys containing one of these when it prints a configuration.
_SENSITIVE_KEY_PARTS = ('password', 'secret', 'fs.azure.account.key', 'apikey', 'api-key',
                        'auth-params', 'service-key', 'token', 'basic-auth', 'jaas.config',
                        'http-headers')
_HIDDEN = '******'

_Value = Union[str, bool, int, float, bytes]


def _java_double_str(value: float) -> str:
    """Formats a float as Java's Double.toString does ("1.5", "1.0E20", "NaN")."""
    if math.isnan(value):
        return 'NaN'
    if math.isinf(value):
        return 'Infinity' if value > 0 else '-Infinity'
    if value == 0.0:
        return '-0.0' if math.copysign(1.0, value) < 0 else '0.0'
    if 1e-3 <= abs(value) < 1e7:
        text = repr(value)
        return text if ('.' in text or 'e' in text) else text + '.0'
    sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
    text = ''.join(str(d) for d in digits)
    power = len(digits) - 1 + exponent
    return '%s%s.%sE%d' % ('-' if sign else '', text[0], text[1:] or '0', power)


def _config_string(value: Any) -> str:
    """The string Flink stores for a value set from Python."""
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, float):
        return _java_double_str(value)
    return str(value)


class Configuration:
    """A lightweight set of key/value settings. Values keep the type they were set with (as Flink's:
    `add_all_to_dict` gives ints, bools, floats, bytes and strs) and read as strings as Flink prints
    them."""

    @classmethod
    def from_dict(cls, map: dict[str, str]):
        """A configuration holding the entries of the dict."""
        config = cls()
        for key, value in map.items():
            config._set(key, _config_string(value))
        return config

    def __init__(self, other: 'Configuration' = None, j_configuration: Any = None):
        """A new configuration, a copy of `other` if given. `j_configuration` (a Java object in
        PyFlink) is not supported: Spate has no JVM."""
        if j_configuration is not None:
            raise TypeError("Configuration(j_configuration=...) needs a JVM, which Spate does not "
                            "have; use Configuration() or Configuration.from_dict()")
        self._data: Dict[str, _Value] = {}
        if other is not None:
            self._data.update(other._data)

    def _set(self, key: str, value: _Value) -> 'Configuration':
        if not isinstance(key, str):
            raise TypeError("configuration keys are str, got %r" % (key,))
        self._data[key] = value
        return self

    def _raw(self, key: str) -> Any:
        value = self._data.get(key)
        return None if value is None or isinstance(value, bytes) else _config_string(value)

    def get_string(self, key: str, default_value: str) -> str:
        """The value of `key` as a string, or `default_value` if it is not set."""
        value = self._raw(key)
        return default_value if value is None else value

    def set_string(self, key: str, value: str) -> 'Configuration':
        """Sets `key` to the string `value`."""
        if not isinstance(value, str):
            raise TypeError("set_string(%r, ...) takes a str value, got %r" % (key, value))
        return self._set(key, value)

    @staticmethod
    def parse_list_value(value: str):
        """Reads a list setting as PyFlink does: a YAML list ("[a, 1, true]", nested lists and
        "- a" lines included) gives its typed items, anything else the parts between ';'."""
        if not value:
            return []
        from spate.common._yaml_list import yaml_list
        items = yaml_list(value)
        return items if items is not None else value.split(';')

    def get_integer(self, key: str, default_value: int) -> int:
        """The value of `key` as an int, or `default_value` if it is not set."""
        value = self._raw(key)
        if value is None:
            return default_value
        text = value.strip()
        if _INTEGER.fullmatch(text):
            number = int(text)
            if _LONG_MIN <= number <= _LONG_MAX:
                return number
        raise _unparsable(key, value)

    def set_integer(self, key: str, value: int) -> 'Configuration':
        """Sets `key` to the int `value`."""
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("set_integer(%r, ...) takes an int value, got %r" % (key, value))
        return self._set(key, value)

    def get_boolean(self, key: str, default_value: bool) -> bool:
        """The value of `key` as a bool ("true"/"false", any case), or `default_value`."""
        value = self._raw(key)
        if value is None:
            return default_value
        lowered = value.lower()
        if lowered in ('true', 'false'):
            return lowered == 'true'
        raise _unparsable(key, value)

    def set_boolean(self, key: str, value: bool) -> 'Configuration':
        """Sets `key` to the bool `value` (stored as "true" or "false")."""
        return self._set(key, bool(value))

    def get_float(self, key: str, default_value: float) -> float:
        """The value of `key` as a float, or `default_value` if it is not set."""
        value = self._raw(key)
        if value is None:
            return float(default_value)
        try:
            if '_' in value:
                raise ValueError(value)
            return float(value.strip())
        except ValueError:
            raise _unparsable(key, value) from None

    def set_float(self, key: str, value: float) -> 'Configuration':
        """Sets `key` to the float `value`."""
        return self._set(key, float(value))

    def get_bytearray(self, key: str, default_value: bytearray) -> bytearray:
        """The bytes stored under `key`, or `default_value` if there are none."""
        value = self._data.get(key)
        if isinstance(value, bytes):
            return bytearray(value)
        return default_value

    def set_bytearray(self, key: str, value: bytearray) -> 'Configuration':
        """Stores the bytes `value` under `key`."""
        return self._set(key, bytes(value))

    def key_set(self) -> Set[str]:
        """The keys of all entries."""
        return set(self._data)

    def add_all_to_dict(self, target_dict: Dict):
        """Copies all entries into `target_dict`, each with the type it was set with."""
        target_dict.update(self._data)

    def add_all(self, other: 'Configuration', prefix: str = None) -> 'Configuration':
        """Copies all entries of `other` into this configuration, their keys prefixed by
        `prefix` if given."""
        for key, value in other._data.items():
            self._data[key if prefix is None else prefix + key] = value
        return self

    def contains_key(self, key: str) -> bool:
        """Whether `key` is set."""
        return key in self._data

    def to_dict(self) -> Dict[str, str]:
        """The entries as a dict of strings."""
        return {key: value if isinstance(value, bytes) else _config_string(value)  # type: ignore[misc]
                for key, value in self._data.items()}

    def remove_config(self, key: str) -> bool:
        """Removes `key`; returns whether it was set."""
        return self._data.pop(key, None) is not None

    def __deepcopy__(self, memodict=None):
        return Configuration(self)

    def __hash__(self):
        return hash(frozenset(self._data.items()))

    def __eq__(self, other):
        return isinstance(other, Configuration) and self._data == other._data

    def __str__(self):
        return '{%s}' % ', '.join('%s=%s' % (key, _shown(key, value))
                                  for key, value in self._data.items())

    def __repr__(self) -> str:
        return 'Configuration(%s)' % self


def _shown(key: str, value: _Value) -> str:
    lowered = key.lower()
    if any(part in lowered for part in _SENSITIVE_KEY_PARTS):
        return _HIDDEN
    return str(list(value)) if isinstance(value, bytes) else _config_string(value)


def _unparsable(key: str, value: str) -> ValueError:
    return ValueError("Could not parse value '%s' for key '%s'." % (value, key))


def add_jars_to_context_class_loader(jar_urls):
    """Accepted without effect, with a warning the first time: PyFlink adds the jars to the JVM's
    class loader, and Spate runs without a JVM."""
    from spate.datastream.deployment import warn_once  # here: spate.datastream needs spate.common first
    warn_once('add_jars_to_context_class_loader',
              "add_jars_to_context_class_loader() has no effect: Spate runs without a JVM")
