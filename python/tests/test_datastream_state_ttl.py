"""State time-to-live: StateTtlConfig and the expiry of values, list elements and map entries."""
import pytest

from spate.common import Time, Types
from spate.datastream import KeyedProcessFunction
from spate.datastream.state import (ListStateDescriptor, MapStateDescriptor, ReducingStateDescriptor,
                                    StateTtlConfig, ValueStateDescriptor)
from spate.datastream.state_ttl import TtlCell, TtlClock, TtlListState, TtlMapState
from spate.testing import ticking_clock


class Cell(object):
    """A runtime state cell stand-in: value(), update(v), clear()."""

    def __init__(self):
        self.stored = None

    def value(self):
        return self.stored

    def update(self, value):
        self.stored = value

    def clear(self):
        self.stored = None


class Clock(TtlClock):
    """A TTL clock that reads a settable time."""

    def __init__(self, config):
        super().__init__(config)
        self.time = 0

    def now(self):
        return self.time


def ttl(seconds=1.5, read_and_write=False, return_expired=False):
    builder = StateTtlConfig.new_builder(Time.milliseconds(int(seconds * 1000)))
    if read_and_write:
        builder.update_ttl_on_read_and_write()
    if return_expired:
        builder.return_expired_if_not_cleaned_up()
    return Clock(builder.build())


def test_a_value_expires_ttl_after_its_last_write():
    clock = ttl()
    cell = TtlCell(Cell(), clock)
    cell.update('v')
    clock.time = 1000
    assert cell.value() == 'v'
    clock.time = 1499
    assert cell.value() == 'v'
    clock.time = 1500  # written + ttl <= now: expired, as Flink counts it
    assert cell.value() is None
    clock.time = 1600
    cell.update('w')
    clock.time = 3099
    assert cell.value() == 'w'


def test_on_read_and_write_restarts_the_time_to_live_on_reads():
    clock = ttl(read_and_write=True)
    cell = TtlCell(Cell(), clock)
    cell.update('v')
    for now in (1000, 2000, 3000):  # each read keeps it alive for another 1.5 s
        clock.time = now
        assert cell.value() == 'v'
    clock.time = 4500
    assert cell.value() is None


def test_return_expired_if_not_cleaned_up_returns_it_once():
    clock = ttl(return_expired=True)
    runtime_cell = Cell()
    cell = TtlCell(runtime_cell, clock)
    cell.update('v')
    clock.time = 2000
    assert cell.value() == 'v'
    assert runtime_cell.stored is None  # cleaned up by the read
    assert cell.value() is None


def test_list_elements_and_map_entries_expire_one_by_one():
    clock = ttl()
    items = TtlListState(Cell(), clock)
    items.add('a')
    clock.time = 1000
    items.add_all(['b', 'c'])
    clock.time = 2000
    assert items.get() == ['b', 'c']
    clock.time = 2500
    assert items.get() == []
    items.update(['x'])
    assert items.get() == ['x']

    entries = TtlMapState(Cell(), clock)
    entries.put('old', 1)
    clock.time = 3500
    entries.put_all({'new': 2, 'newer': 3})
    clock.time = 4000
    assert entries.get('old') is None and not entries.contains('old')
    assert sorted(entries.items()) == [('new', 2), ('newer', 3)]
    assert sorted(entries.keys()) == ['new', 'newer'] and sorted(entries.values()) == [2, 3]
    clock.time = 5000
    assert entries.is_empty() and entries.get('new') is None
    entries.put('k', 1)
    entries.remove('k')
    assert entries.is_empty()


def test_the_builder_keeps_every_setting_and_checks_them():
    config = StateTtlConfig.new_builder(Time.seconds(3)) \
        .set_update_type(StateTtlConfig.UpdateType.OnReadAndWrite) \
        .set_state_visibility(StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp) \
        .use_processing_time().cleanup_full_snapshot().cleanup_incrementally(10, True) \
        .cleanup_in_rocksdb_compact_filter(1000).disable_cleanup_in_background().build()
    assert config.get_ttl().to_milliseconds() == 3000
    assert config.get_update_type() == StateTtlConfig.UpdateType.OnReadAndWrite
    assert config.get_state_visibility() == StateTtlConfig.StateVisibility.ReturnExpiredIfNotCleanedUp
    assert config.get_ttl_time_characteristic() == StateTtlConfig.TtlTimeCharacteristic.ProcessingTime
    assert config.is_enabled()
    cleanup = config.get_cleanup_strategies()
    assert isinstance(cleanup, StateTtlConfig.CleanupStrategies) and cleanup.in_full_snapshot()
    assert not cleanup.is_cleanup_in_background()
    assert (cleanup.get_incremental_cleanup_strategy().get_cleanup_size(),
            cleanup.get_incremental_cleanup_strategy().run_cleanup_for_every_record()) == (10, True)
    assert cleanup.get_rocksdb_compact_filter_cleanup_strategy().get_query_time_after_num_entries() == 1000
    defaults = StateTtlConfig.new_builder(Time.seconds(1)).build().get_cleanup_strategies()
    assert defaults.is_cleanup_in_background() and not defaults.in_full_snapshot()
    assert defaults.get_incremental_cleanup_strategy().get_cleanup_size() == 5  # Flink's default
    disabled = StateTtlConfig.new_builder(Time.seconds(1)).set_update_type(StateTtlConfig.UpdateType.Disabled).build()
    assert not disabled.is_enabled()
    with pytest.raises(ValueError, match="the ttl must be positive"):
        StateTtlConfig.new_builder(Time.seconds(0))
    with pytest.raises(TypeError, match="the ttl must be a Time or Duration"):
        StateTtlConfig.new_builder(5)
    with pytest.raises(TypeError, match="expected a StateTtlConfig.UpdateType"):
        StateTtlConfig.new_builder(Time.seconds(1)).set_update_type('OnReadAndWrite')
    with pytest.raises(TypeError, match="expected a StateTtlConfig"):
        ValueStateDescriptor('v', Types.LONG()).enable_time_to_live(3)


class Remember(KeyedProcessFunction):
    """Yields each key's previous value of every kind of state, then stores the new one."""

    def open(self, runtime_context):
        config = StateTtlConfig.new_builder(Time.seconds(5)).build()
        descriptors = [ValueStateDescriptor('last', Types.INT()), ListStateDescriptor('all', Types.INT()),
                       MapStateDescriptor('by', Types.INT(), Types.INT()),
                       ReducingStateDescriptor('sum', lambda a, b: a + b, Types.INT())]
        for descriptor in descriptors:
            descriptor.enable_time_to_live(config)
        self.last = runtime_context.get_state(descriptors[0])
        self.all = runtime_context.get_list_state(descriptors[1])
        self.by = runtime_context.get_map_state(descriptors[2])
        self.sum = runtime_context.get_reducing_state(descriptors[3])

    def process_element(self, value, ctx):
        yield value[0], self.last.value(), self.all.get(), self.by.items(), self.sum.get()
        self.last.update(value[1])
        self.all.add(value[1])
        self.by.put(value[1], value[1])
        self.sum.add(value[1])


def test_state_with_a_ttl_in_a_job(env):
    data = [('a', 1), ('a', 2), ('b', 3)]
    ticking_clock(env, 0)  # time stands still: nothing expires
    out = env.from_collection(data).key_by(lambda t: t[0]).process(Remember()).execute_and_collect()
    assert sorted(out, key=repr) == [('a', 1, [1], [(1, 1)], 1), ('a', None, [], [], None), ('b', None, [], [], None)]
    ticking_clock(env, 10_000)  # every reading is 10 s later: everything written has expired
    out = env.from_collection(data).key_by(lambda t: t[0]).process(Remember()).execute_and_collect()
    assert sorted(out, key=repr) == [('a', None, [], [], None)] * 2 + [('b', None, [], [], None)]


def test_map_and_list_states_offer_dict_and_iteration_access():
    from spate.datastream.broadcast import BroadcastState, ReadOnlyBroadcastState
    from spate.datastream.state import ListState, MapState
    entries = MapState(Cell())
    entries['a'] = 1
    entries['b'] = 2
    del entries['a']
    assert entries['b'] == 2 and 'b' in entries and 'a' not in entries and list(entries) == ['b']
    items = ListState(Cell())
    items.add_all([1, 2])
    assert list(items) == [1, 2]
    clock = ttl()
    aged = TtlMapState(Cell(), clock)
    aged['k'] = 'v'
    assert aged['k'] == 'v' and list(aged) == ['k']
    shared = {}
    writable = BroadcastState('rules', shared)
    writable['max'] = 10
    assert ReadOnlyBroadcastState('rules', shared)['max'] == 10 and 'max' in ReadOnlyBroadcastState('rules', shared)
    with pytest.raises(TypeError, match="read-only"):
        ReadOnlyBroadcastState('rules', shared)['max'] = 3
    with pytest.raises(TypeError, match="read-only"):
        ReadOnlyBroadcastState('rules', shared).clear()


@pytest.mark.parametrize("ttl", [False, True])
def test_states_are_pyflinks_state_interfaces(env, ttl):
    # As PyFlink's `pyflink.datastream.state` declares them, with or without a time to live.
    from spate.datastream import AggregateFunction
    from spate.datastream.state import (AggregatingState, AggregatingStateDescriptor, AppendingState, ListState,
                                        MapState, MergingState, ReducingState, State, StateTtlConfig, ValueState,
                                        ValueStateDescriptor)

    class Count(AggregateFunction):
        def create_accumulator(self): return 0
        def add(self, value, accumulator): return accumulator + 1
        def get_result(self, accumulator): return accumulator
        def merge(self, a, b): return a + b

    def described(descriptor):
        if ttl:
            descriptor.enable_time_to_live(StateTtlConfig.new_builder(Time.seconds(60)).build())
        return descriptor

    class Kinds(KeyedProcessFunction):
        def open(self, ctx):
            self.states = [
                (ctx.get_state(described(ValueStateDescriptor('v', Types.LONG()))), ValueState),
                (ctx.get_list_state(described(ListStateDescriptor('l', Types.LONG()))), ListState),
                (ctx.get_map_state(described(MapStateDescriptor('m', Types.STRING(), Types.LONG()))), MapState),
                (ctx.get_reducing_state(described(ReducingStateDescriptor('r', lambda a, b: a + b, Types.LONG()))),
                 ReducingState),
                (ctx.get_aggregating_state(described(AggregatingStateDescriptor('a', Count(), Types.LONG()))),
                 AggregatingState)]

        def process_element(self, value, ctx):
            yield all(isinstance(state, kind) and isinstance(state, State) for state, kind in self.states) \
                and all(isinstance(state, MergingState) and isinstance(state, AppendingState)
                        for state, kind in self.states[3:])

    keyed = env.from_collection([1, 2], type_info=Types.LONG()).key_by(lambda x: x, key_type=Types.LONG())
    assert list(keyed.process(Kinds(), Types.BOOLEAN()).execute_and_collect()) == [True, True]
