"""Keyed state descriptors, as ``pyflink.datastream.state``.

State values live in Spate's runtime, one per key: a function gets a state handle from
``runtime_context.get_state(ValueStateDescriptor(name, type))`` in ``open`` and reads or writes the
current key's value while it processes an element or a timer.
"""
from abc import ABC, abstractmethod

from spate.common.typeinfo import TypeInformation
from spate.datastream._map_like import MapLike
from spate.datastream.state_ttl import StateTtlConfig


# The interfaces, as PyFlink declares them (for type hints and isinstance checks).

class State(ABC):
    """Any keyed state of the current key."""

    @abstractmethod
    def clear(self) -> None:
        """Removes the current key's value."""


class ValueState(State):
    """One value per key: ``value()`` / ``update(v)`` (what `get_state` returns)."""

    @abstractmethod
    def value(self):
        pass

    @abstractmethod
    def update(self, value) -> None:
        pass

    @classmethod
    def __subclasshook__(cls, candidate):
        # The runtime's value cell (and its TTL view) is a ValueState by what it offers.
        if cls is ValueState:
            return all(callable(getattr(candidate, name, None)) for name in ('value', 'update', 'clear')) or NotImplemented
        return NotImplemented


class AppendingState(State):
    """State that values are added to: ``add(v)``, and ``get()`` for the result."""

    @abstractmethod
    def get(self):
        pass

    @abstractmethod
    def add(self, value) -> None:
        pass


class MergingState(AppendingState):
    """Appending state whose values of several windows can be merged."""


class OperatorStateStore(ABC):
    """Where operator (non-keyed) state comes from: broadcast state."""

    @abstractmethod
    def get_broadcast_state(self, state_descriptor: 'MapStateDescriptor'):
        pass


class StateDescriptor(object):
    """Names a piece of keyed state and the type of its values."""

    def __init__(self, name: str, type_info: TypeInformation):
        if not isinstance(name, str) or not name:
            raise ValueError(f"a state descriptor needs a non-empty name, got {name!r}")
        self.name = name
        self.type_info = type_info
        self._ttl_config = None

    def get_name(self) -> str:
        return self.name

    def enable_time_to_live(self, ttl_config: StateTtlConfig) -> None:
        """Gives the state's values a time to live (see `StateTtlConfig`)."""
        if not isinstance(ttl_config, StateTtlConfig):
            raise TypeError(f"enable_time_to_live: expected a StateTtlConfig, got {ttl_config!r}")
        self._ttl_config = ttl_config

    def get_type_info(self) -> TypeInformation:
        return self.type_info


class ValueStateDescriptor(StateDescriptor):
    """A single value per key: `value()`, `update(v)`, `clear()`.

    Example::

        self.count = runtime_context.get_state(ValueStateDescriptor("count", Types.LONG()))
    """

    def __init__(self, name: str, value_type_info: TypeInformation):
        super().__init__(name, value_type_info)


class ListStateDescriptor(StateDescriptor):
    """A list of values per key: `get()`, `add(v)`, `add_all(vs)`, `update(vs)`, `clear()`."""

    def __init__(self, name: str, elem_type_info: TypeInformation):
        super().__init__(name, elem_type_info)


class MapStateDescriptor(StateDescriptor):
    """A map per key: `get(k)`, `put(k, v)`, `contains(k)`, `remove(k)`, `keys()`, `values()`, `items()`."""

    def __init__(self, name: str, key_type_info: TypeInformation, value_type_info: TypeInformation):
        super().__init__(name, (key_type_info, value_type_info))


class ReducingStateDescriptor(StateDescriptor):
    """A value per key folded with `reduce_function` on every `add`."""

    def __init__(self, name: str, reduce_function, type_info: TypeInformation):
        super().__init__(name, type_info)
        self._reduce_function = reduce_function

    def get_reduce_function(self):
        return self._reduce_function


class AggregatingStateDescriptor(StateDescriptor):
    """An accumulator per key fed by an `AggregateFunction`; `get()` is its result."""

    def __init__(self, name: str, agg_function, state_type_info):
        super().__init__(name, state_type_info)
        self._agg_function = agg_function

    def get_agg_function(self):
        return self._agg_function


# The kinds of state beyond a single value keep a Python container (or accumulator) in the key's
# value slot, which Spate's runtime owns like any other state value.

class ListState(MergingState):
    """The current key's list (iterable: `for value in state`)."""

    def __iter__(self):
        return iter(self.get())


    def __init__(self, cell):
        self._cell = cell

    def get(self):
        values = self._cell.value()
        return list(values) if values is not None else []

    def add(self, value) -> None:
        values = self._cell.value()
        if values is None:
            self._cell.update([value])
        else:
            values.append(value)

    def add_all(self, values) -> None:
        for value in values:
            self.add(value)

    def update(self, values) -> None:
        self._cell.update(list(values) if values else None)

    def clear(self) -> None:
        self._cell.clear()


class MapState(MapLike, State):
    """The current key's map."""

    def __init__(self, cell):
        self._cell = cell

    def _map(self, create: bool = False):
        mapping = self._cell.value()
        if mapping is None and create:
            mapping = {}
            self._cell.update(mapping)
        return mapping if mapping is not None else {}

    def get(self, key):
        return self._map().get(key)

    def put(self, key, value) -> None:
        self._map(create=True)[key] = value

    def put_all(self, dict_value) -> None:
        self._map(create=True).update(dict_value)

    def remove(self, key) -> None:
        mapping = self._map()
        mapping.pop(key, None)
        if not mapping:
            self._cell.clear()

    def contains(self, key) -> bool:
        return key in self._map()

    def items(self):
        return list(self._map().items())

    def keys(self):
        return list(self._map().keys())

    def values(self):
        return list(self._map().values())

    def is_empty(self) -> bool:
        return not self._map()

    def clear(self) -> None:
        self._cell.clear()


class ReducingState(MergingState):
    """The current key's value, folded on every `add`."""

    def __init__(self, cell, reduce_function):
        self._cell = cell
        self._reduce = getattr(reduce_function, 'reduce', reduce_function)

    def get(self):
        return self._cell.value()

    def add(self, value) -> None:
        current = self._cell.value()
        self._cell.update(value if current is None else self._reduce(current, value))

    def clear(self) -> None:
        self._cell.clear()


class AggregatingState(MergingState):
    """The current key's accumulator; `get()` gives the aggregate's result."""

    def __init__(self, cell, agg_function):
        self._cell = cell
        self._function = agg_function

    def get(self):
        accumulator = self._cell.value()
        return None if accumulator is None else self._function.get_result(accumulator)

    def add(self, value) -> None:
        accumulator = self._cell.value()
        if accumulator is None:
            accumulator = self._function.create_accumulator()
        self._cell.update(self._function.add(value, accumulator))

    def clear(self) -> None:
        self._cell.clear()


def _register_ttl_views() -> None:
    """The TTL views of list and map state are these interfaces without deriving from them."""
    from spate.datastream.state_ttl import TtlListState, TtlMapState
    ListState.register(TtlListState)
    MapState.register(TtlMapState)


_register_ttl_views()

__all__ = ['State', 'ValueState', 'AppendingState', 'MergingState', 'OperatorStateStore',
           'AggregatingState', 'BroadcastState', 'ReadOnlyBroadcastState', 'AggregatingStateDescriptor', 'ListState', 'ListStateDescriptor', 'MapState',
           'MapStateDescriptor', 'ReducingState', 'ReducingStateDescriptor', 'StateDescriptor', 'StateTtlConfig',
           'ValueStateDescriptor']


def __getattr__(name):
    # Broadcast state views live with the broadcast pattern; PyFlink exports them from here.
    if name in ('BroadcastState', 'ReadOnlyBroadcastState'):
        from spate.datastream import broadcast
        return getattr(broadcast, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
