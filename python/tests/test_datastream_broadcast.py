"""The broadcast state pattern: broadcast(descriptor), connect, (Keyed)BroadcastProcessFunction."""
import pytest

from spate.common import Types
from spate.datastream import BroadcastProcessFunction, KeyedBroadcastProcessFunction
from spate.datastream.state import (BroadcastState, ListStateDescriptor, MapStateDescriptor,
                                    ReadOnlyBroadcastState, ValueStateDescriptor)
from spate.errors import JobExecutionException

LIMITS = MapStateDescriptor('limits', Types.STRING(), Types.INT())
EVENTS = [('a', 5), ('b', 1), ('a', 12), ('b', 9), ('c', 3)]
RULES = [('a', 10), ('b', 2)]


class OverLimit(KeyedBroadcastProcessFunction):
    """Keeps each key's events; when the input ends (the final watermark fires the timer), reports
    those above the key's broadcast limit. Broadcast elements report which subtask saw them."""

    def open(self, runtime_context):
        self.seen = runtime_context.get_list_state(ListStateDescriptor('seen', Types.INT()))
        self.subtask = runtime_context.get_index_of_this_subtask()

    def process_element(self, value, ctx):
        assert isinstance(ctx.get_broadcast_state(LIMITS), ReadOnlyBroadcastState)
        self.seen.add(value[1])
        ctx.timer_service().register_event_time_timer(100)
        return []

    def on_timer(self, timestamp, ctx):
        limit = ctx.get_broadcast_state(LIMITS).get(ctx.get_current_key())
        for amount in self.seen.get():
            if limit is not None and amount > limit:
                yield 'over', ctx.get_current_key(), amount

    def process_broadcast_element(self, value, ctx):
        ctx.get_broadcast_state(LIMITS).put(value[0], value[1])
        yield 'rule', value[0], self.subtask


def test_keyed_streams_read_the_broadcast_state_every_subtask_keeps(env):
    events = env.from_collection(EVENTS, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    rules = env.from_collection(RULES, type_info=Types.TUPLE([Types.STRING(), Types.INT()])).broadcast(LIMITS)
    out = list(events.key_by(lambda e: e[0]).connect(rules).process(OverLimit()).execute_and_collect())
    parallelism = env.get_parallelism()
    assert sorted(o for o in out if o[0] == 'over') == [('over', 'a', 12), ('over', 'b', 9)]
    # Every subtask got every rule.
    assert sorted(o for o in out if o[0] == 'rule') == sorted(
        ('rule', name, subtask) for name, _ in RULES for subtask in range(parallelism))


def test_a_non_keyed_stream_with_broadcast_state(env):
    class Tag(BroadcastProcessFunction):
        def process_element(self, value, ctx):
            state = ctx.get_broadcast_state(LIMITS)
            assert not hasattr(state, 'put')  # read-only on this side
            yield 'event', value

        def process_broadcast_element(self, value, ctx):
            state = ctx.get_broadcast_state(LIMITS)
            assert isinstance(state, BroadcastState)
            state.put_all({value[0]: value[1]})
            yield 'rules', sorted(state.keys())

    events = env.from_collection([1, 2], type_info=Types.INT())
    rules = env.from_collection(RULES, type_info=Types.TUPLE([Types.STRING(), Types.INT()])).broadcast(LIMITS)
    out = list(events.connect(rules).process(Tag()).execute_and_collect())
    assert sorted(o for o in out if o[0] == 'event') == [('event', 1), ('event', 2)]
    assert sorted(o for o in out if o[0] == 'rules') == sorted([('rules', ['a']), ('rules', ['a', 'b'])] *
                                                              env.get_parallelism())


def test_broadcast_arguments_and_misuse_fail_clearly(env):
    events = env.from_collection(EVENTS, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    rules = env.from_collection(RULES, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    with pytest.raises(TypeError, match="described by a MapStateDescriptor"):
        rules.broadcast(ValueStateDescriptor('v', Types.INT()))
    with pytest.raises(TypeError, match="a keyed stream needs a KeyedBroadcastProcessFunction"):
        events.key_by(lambda e: e[0]).connect(rules.broadcast(LIMITS)).process(object())

    class UnknownState(BroadcastProcessFunction):
        def process_element(self, value, ctx):
            return []

        def process_broadcast_element(self, value, ctx):
            ctx.get_broadcast_state(MapStateDescriptor('other', Types.STRING(), Types.INT()))
            return []

    with pytest.raises(JobExecutionException, match="no broadcast state"):
        list(events.connect(rules.broadcast(LIMITS)).process(UnknownState()).execute_and_collect())

    class KeyedStateOnTheBroadcastSide(KeyedBroadcastProcessFunction):
        def open(self, runtime_context):
            self.count = runtime_context.get_state(ValueStateDescriptor('count', Types.INT()))

        def process_element(self, value, ctx):
            return []

        def process_broadcast_element(self, value, ctx):
            self.count.update(1)
            return []

    with pytest.raises(JobExecutionException, match="no current key here"):
        list(events.key_by(lambda e: e[0]).connect(rules.broadcast(LIMITS))
             .process(KeyedStateOnTheBroadcastSide()).execute_and_collect())
