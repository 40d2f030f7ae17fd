"""Per-window and per-key state of window functions (`context.window_state()` and
`context.global_state()` in a ProcessWindowFunction), and the `clear(context)` call when a window
is dropped.

Window functions run once per fired window with all its elements, so their state lives in the
subtask's Python function, not in runtime slots: one dict of named values per (key, window) and
per key. A window is dropped at its cleanup time (its last millisecond plus the allowed lateness,
as Flink): then the function's `clear(context)` runs and the window's state goes. Count and
global windows never end, as in Flink.
"""
from typing import Any, Callable, Dict, Tuple

from spate.datastream.functions import KeyedStateStore
from spate.datastream.state import (AggregatingState, AggregatingStateDescriptor, ListState, ListStateDescriptor,
                                    MapState, MapStateDescriptor, ReducingState, ReducingStateDescriptor,
                                    ValueStateDescriptor)

_END_OF_TIME = 0x7fffffffffffffff


class _Cell(object):
    """One named value in a dict: the cell interface the state kinds are built on."""

    def __init__(self, values: Dict[str, Any], name: str):
        self._values = values
        self._name = name

    def value(self):
        return self._values.get(self._name)

    def update(self, value) -> None:
        if value is None:
            self._values.pop(self._name, None)
        else:
            self._values[self._name] = value

    def clear(self) -> None:
        self._values.pop(self._name, None)


class DictStateStore(KeyedStateStore):
    """Keyed-state access over one dict of named values (a window's, or a key's across windows)."""

    def __init__(self, values: Dict[str, Any], kinds: Dict[str, str]):
        self._values = values
        self._kinds = kinds  # state name -> kind, shared by every store of the function

    def _cell(self, descriptor, wanted: type, kind: str) -> _Cell:
        if not isinstance(descriptor, wanted):
            raise TypeError(f"expected a {wanted.__name__}, got {descriptor!r}")
        known = self._kinds.setdefault(descriptor.name, kind)
        if known != kind:
            raise ValueError(f"state '{descriptor.name}' is already used as {known}, not {kind}")
        return _Cell(self._values, descriptor.name)

    def get_state(self, state_descriptor: ValueStateDescriptor):
        return self._cell(state_descriptor, ValueStateDescriptor, 'value state')

    def get_list_state(self, state_descriptor: ListStateDescriptor):
        return ListState(self._cell(state_descriptor, ListStateDescriptor, 'list state'))

    def get_map_state(self, state_descriptor: MapStateDescriptor):
        return MapState(self._cell(state_descriptor, MapStateDescriptor, 'map state'))

    def get_reducing_state(self, state_descriptor: ReducingStateDescriptor):
        return ReducingState(self._cell(state_descriptor, ReducingStateDescriptor, 'reducing state'),
                             state_descriptor.get_reduce_function())

    def get_aggregating_state(self, state_descriptor: AggregatingStateDescriptor):
        return AggregatingState(self._cell(state_descriptor, AggregatingStateDescriptor, 'aggregating state'),
                                state_descriptor.get_agg_function())


class WindowStates(object):
    """One subtask's window-function state: per (key, window) and per key, plus the windows that
    have fired and are not yet dropped."""

    def __init__(self, allowed_lateness: int):
        self._lateness = allowed_lateness
        self._windows: Dict[Tuple[Any, Any], Dict[str, Any]] = {}
        self._keys: Dict[Any, Dict[str, Any]] = {}
        self._kinds: Dict[str, str] = {}
        self._global_kinds: Dict[str, str] = {}

    def window_store(self, key, window) -> DictStateStore:
        return DictStateStore(self._windows.setdefault((key, window), {}), self._kinds)

    def global_store(self, key) -> DictStateStore:
        return DictStateStore(self._keys.setdefault(key, {}), self._global_kinds)

    def _cleanup_time(self, window) -> int:
        end = window.max_timestamp()
        return _END_OF_TIME if end >= _END_OF_TIME - self._lateness else end + self._lateness

    def drop_due(self, watermark: int, clear: Callable[[Any, Any], None]) -> None:
        """Drops the windows whose cleanup time `watermark` has reached, calling `clear(key,
        window)` for each first."""
        due = [pair for pair in self._windows if self._cleanup_time(pair[1]) <= watermark
               and self._cleanup_time(pair[1]) != _END_OF_TIME]
        for key, window in due:
            try:
                clear(key, window)
            finally:
                del self._windows[(key, window)]
