"""State time-to-live, as ``pyflink.datastream.state.StateTtlConfig``, and the state wrappers that
apply it.

A value with a TTL remembers when it was last written (or, with `OnReadAndWrite`, read); once
`ttl` of processing time has passed it is expired: reads do not return it (`NeverReturnExpired`) or
return it one last time (`ReturnExpiredIfNotCleanedUp`), and it is removed when it is next
touched, as Flink's TTL wrappers do. List elements and map entries expire one by one.
"""
from enum import Enum
from typing import Union

from spate.common.time import Duration, Time, positive_millis
from spate.datastream.state_ttl_cleanup import CleanupStrategies
from spate.datastream._map_like import MapLike


class StateTtlConfig(object):
    """How long keyed state lives.

    Example::

        ttl = StateTtlConfig.new_builder(Time.seconds(60)) \\
            .set_update_type(StateTtlConfig.UpdateType.OnReadAndWrite) \\
            .build()
        descriptor = ValueStateDescriptor("last_seen", Types.LONG())
        descriptor.enable_time_to_live(ttl)
    """

    CleanupStrategies = CleanupStrategies

    class UpdateType(Enum):
        """When a value's time to live starts again."""
        Disabled = 0
        OnCreateAndWrite = 1
        OnReadAndWrite = 2

    class StateVisibility(Enum):
        """Whether an expired value that is still stored may be read."""
        ReturnExpiredIfNotCleanedUp = 0
        NeverReturnExpired = 1

    class TtlTimeCharacteristic(Enum):
        """The clock of the time to live (processing time, as in Flink)."""
        ProcessingTime = 0

    def __init__(self, update_type: 'StateTtlConfig.UpdateType', state_visibility: 'StateTtlConfig.StateVisibility',
                 ttl_time_characteristic: 'StateTtlConfig.TtlTimeCharacteristic', ttl: int, cleanup: dict):
        self._update_type = update_type
        self._state_visibility = state_visibility
        self._ttl_time_characteristic = ttl_time_characteristic
        self._ttl = ttl
        self._cleanup = cleanup

    @staticmethod
    def new_builder(ttl: Union[Time, Duration]) -> 'StateTtlConfig.Builder':
        return StateTtlConfig.Builder(ttl)

    def get_update_type(self) -> 'StateTtlConfig.UpdateType':
        return self._update_type

    def get_state_visibility(self) -> 'StateTtlConfig.StateVisibility':
        return self._state_visibility

    def get_ttl(self) -> Time:
        return Time.milliseconds(self._ttl)

    def get_ttl_time_characteristic(self) -> 'StateTtlConfig.TtlTimeCharacteristic':
        return self._ttl_time_characteristic

    def is_enabled(self) -> bool:
        return self._update_type != StateTtlConfig.UpdateType.Disabled

    def get_cleanup_strategies(self) -> 'CleanupStrategies':
        """The background cleanup asked for. Spate removes expired state when it is next touched,
        whatever is asked; the settings are kept for a Flink cluster."""
        return CleanupStrategies.from_builder(self._cleanup)

    def __repr__(self):
        return (f"StateTtlConfig(update_type={self._update_type}, state_visibility={self._state_visibility}, "
                f"ttl={self._ttl} ms)")

    class Builder(object):
        """Builds a `StateTtlConfig` (defaults: OnCreateAndWrite, NeverReturnExpired)."""

        def __init__(self, ttl: Union[Time, Duration]):
            self.set_ttl(ttl)
            self._update_type = StateTtlConfig.UpdateType.OnCreateAndWrite
            self._state_visibility = StateTtlConfig.StateVisibility.NeverReturnExpired
            self._ttl_time_characteristic = StateTtlConfig.TtlTimeCharacteristic.ProcessingTime
            self._cleanup = {}

        def set_update_type(self, update_type: 'StateTtlConfig.UpdateType') -> 'StateTtlConfig.Builder':
            if not isinstance(update_type, StateTtlConfig.UpdateType):
                raise TypeError(f"set_update_type: expected a StateTtlConfig.UpdateType, got {update_type!r}")
            self._update_type = update_type
            return self

        def update_ttl_on_create_and_write(self) -> 'StateTtlConfig.Builder':
            return self.set_update_type(StateTtlConfig.UpdateType.OnCreateAndWrite)

        def update_ttl_on_read_and_write(self) -> 'StateTtlConfig.Builder':
            return self.set_update_type(StateTtlConfig.UpdateType.OnReadAndWrite)

        def set_state_visibility(self, state_visibility: 'StateTtlConfig.StateVisibility') -> 'StateTtlConfig.Builder':
            if not isinstance(state_visibility, StateTtlConfig.StateVisibility):
                raise TypeError(f"set_state_visibility: expected a StateTtlConfig.StateVisibility, got {state_visibility!r}")
            self._state_visibility = state_visibility
            return self

        def return_expired_if_not_cleaned_up(self) -> 'StateTtlConfig.Builder':
            return self.set_state_visibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp)

        def never_return_expired(self) -> 'StateTtlConfig.Builder':
            return self.set_state_visibility(StateTtlConfig.StateVisibility.NeverReturnExpired)

        def set_ttl_time_characteristic(self, characteristic: 'StateTtlConfig.TtlTimeCharacteristic') -> 'StateTtlConfig.Builder':
            if not isinstance(characteristic, StateTtlConfig.TtlTimeCharacteristic):
                raise TypeError(f"set_ttl_time_characteristic: expected a StateTtlConfig.TtlTimeCharacteristic, "
                                f"got {characteristic!r}")
            self._ttl_time_characteristic = characteristic
            return self

        def use_processing_time(self) -> 'StateTtlConfig.Builder':
            return self.set_ttl_time_characteristic(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime)

        def cleanup_full_snapshot(self) -> 'StateTtlConfig.Builder':
            self._cleanup['full_snapshot'] = True
            return self

        def cleanup_incrementally(self, cleanup_size: int, run_cleanup_for_every_record: bool) -> 'StateTtlConfig.Builder':
            self._cleanup['incremental'] = (cleanup_size, run_cleanup_for_every_record)
            return self

        def cleanup_in_rocksdb_compact_filter(self, query_time_after_num_entries: int,
                                              periodic_compaction_time=None) -> 'StateTtlConfig.Builder':
            self._cleanup['rocksdb_compaction_filter'] = (query_time_after_num_entries, periodic_compaction_time)
            return self

        def disable_cleanup_in_background(self) -> 'StateTtlConfig.Builder':
            self._cleanup['background'] = False
            return self

        def set_ttl(self, ttl: Union[Time, Duration]) -> 'StateTtlConfig.Builder':
            self._ttl = positive_millis(ttl, "StateTtlConfig", "the ttl")
            return self

        def build(self) -> 'StateTtlConfig':
            return StateTtlConfig(self._update_type, self._state_visibility, self._ttl_time_characteristic,
                                  self._ttl, self._cleanup)


class TtlClock(object):
    """Reads processing time and tells a stored (value, written) pair's fate under one config."""

    def __init__(self, config: StateTtlConfig):
        from spate import _spate
        self._now = _spate.current_processing_time
        self.ttl = config._ttl
        self.refresh_on_read = config.get_update_type() == StateTtlConfig.UpdateType.OnReadAndWrite
        self.return_expired = config.get_state_visibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp

    def now(self) -> int:
        return self._now()

    def expired(self, written: int, now: int) -> bool:
        return written + self.ttl <= now


class TtlCell(object):
    """A state cell whose whole value has a time to live (value, reducing and aggregating state):
    it stores (value, last access) in the runtime's cell and offers the cell's interface."""

    def __init__(self, cell, clock: TtlClock):
        self._cell = cell
        self._clock = clock

    def value(self):
        stored = self._cell.value()
        if stored is None:
            return None
        value, written = stored
        now = self._clock.now()
        if self._clock.expired(written, now):
            self._cell.clear()
            return value if self._clock.return_expired else None
        if self._clock.refresh_on_read:
            self._cell.update((value, now))
        return value

    def update(self, value) -> None:
        self._cell.update(None if value is None else (value, self._clock.now()))

    def clear(self) -> None:
        self._cell.clear()


class TtlListState(object):
    """The current key's list, each element with its own time to live."""

    def __iter__(self):
        return iter(self.get())


    def __init__(self, cell, clock: TtlClock):
        self._cell = cell
        self._clock = clock

    def get(self):
        stored = self._cell.value()
        if not stored:
            return []
        now = self._clock.now()
        live = [(value, written) for value, written in stored if not self._clock.expired(written, now)]
        result = [value for value, _ in (stored if self._clock.return_expired else live)]
        if self._clock.refresh_on_read:
            live = [(value, now) for value, _ in live]
        self._cell.update(live or None)
        return result

    def add(self, value) -> None:
        stored = self._cell.value()
        entry = (value, self._clock.now())
        if stored is None:
            self._cell.update([entry])
        else:
            stored.append(entry)

    def add_all(self, values) -> None:
        for value in values:
            self.add(value)

    def update(self, values) -> None:
        now = self._clock.now()
        self._cell.update([(value, now) for value in values] if values else None)

    def clear(self) -> None:
        self._cell.clear()


class TtlMapState(MapLike):
    """The current key's map, each entry with its own time to live."""

    _absent = object()

    def __init__(self, cell, clock: TtlClock):
        self._cell = cell
        self._clock = clock

    def _entries(self, create: bool = False) -> dict:
        mapping = self._cell.value()
        if mapping is None and create:
            mapping = {}
            self._cell.update(mapping)
        return mapping if mapping is not None else {}

    def _read(self, key, mapping: dict, now: int):
        """The entry's value (refreshed or removed as the config says), or `_absent`."""
        entry = mapping.get(key, self._absent)
        if entry is self._absent:
            return self._absent
        value, written = entry
        if self._clock.expired(written, now):
            del mapping[key]
            if not mapping:
                self._cell.clear()
            return value if self._clock.return_expired else self._absent
        if self._clock.refresh_on_read:
            mapping[key] = (value, now)
        return value

    def get(self, key):
        value = self._read(key, self._entries(), self._clock.now())
        return None if value is self._absent else value

    def put(self, key, value) -> None:
        self._entries(create=True)[key] = (value, self._clock.now())

    def put_all(self, dict_value) -> None:
        for key, value in dict_value.items():
            self.put(key, value)

    def remove(self, key) -> None:
        mapping = self._entries()
        mapping.pop(key, None)
        if not mapping:
            self._cell.clear()

    def contains(self, key) -> bool:
        return self._read(key, self._entries(), self._clock.now()) is not self._absent

    def items(self):
        mapping = self._entries()
        now = self._clock.now()
        pairs = []
        for key in list(mapping):
            value = self._read(key, mapping, now)
            if value is not self._absent:
                pairs.append((key, value))
        return pairs

    def keys(self):
        return [key for key, _ in self.items()]

    def values(self):
        return [value for _, value in self.items()]

    def is_empty(self) -> bool:
        return not self.items()

    def clear(self) -> None:
        self._cell.clear()
