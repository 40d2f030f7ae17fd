"""Keyed state descriptors, as ``pyflink.datastream.state``.

State values live in Spate's runtime, one per key: a function gets a state handle from
``runtime_context.get_state(ValueStateDescriptor(name, type))`` in ``open`` and reads or writes the
current key's value while it processes an element or a timer.
"""
from spate.common.typeinfo import TypeInformation


class StateDescriptor(object):
    """Names a piece of keyed state and the type of its values."""

    def __init__(self, name: str, type_info: TypeInformation):
        if not isinstance(name, str) or not name:
            raise ValueError(f"a state descriptor needs a non-empty name, got {name!r}")
        self.name = name
        self.type_info = type_info

    def get_name(self) -> str:
        return self.name

    def get_type_info(self) -> TypeInformation:
        return self.type_info


class ValueStateDescriptor(StateDescriptor):
    """A single value per key: `value()`, `update(v)`, `clear()`.

    Example::

        self.count = runtime_context.get_state(ValueStateDescriptor("count", Types.LONG()))
    """

    def __init__(self, name: str, value_type_info: TypeInformation):
        super().__init__(name, value_type_info)


__all__ = ['StateDescriptor', 'ValueStateDescriptor']
