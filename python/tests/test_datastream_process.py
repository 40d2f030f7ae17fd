"""KeyedProcessFunction: keyed value state kept by the runtime, event-time timers, the context."""
import pytest

from spate.common import Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import KeyedProcessFunction
from spate.datastream.connectors.number_seq import NumberSequenceSource
from spate.datastream.state import ValueStateDescriptor
from spate.errors import JobExecutionException

END = 2 ** 63 - 2


class Counter(KeyedProcessFunction):
    """Counts per key; emits each key's count when the input ends (a timer at the end of time)."""

    def open(self, runtime_context):
        self.count = runtime_context.get_state(ValueStateDescriptor("count", Types.LONG()))

    def process_element(self, value, ctx):
        current = self.count.value()
        if current is None:
            current = 0
            ctx.timer_service().register_event_time_timer(END)
        self.count.update(current + 1)

    def on_timer(self, timestamp, ctx):
        yield ctx.get_current_key(), self.count.value()


def test_value_state_and_end_of_input_timers(env):
    src = env.from_source(NumberSequenceSource(0, 9_999), WatermarkStrategy.no_watermarks(), "seq")
    out = src.key_by(lambda x: x % 100, key_type=Types.LONG()) \
        .process(Counter(), output_type=Types.TUPLE([Types.LONG(), Types.LONG()]))
    assert sorted(out.execute_and_collect()) == [(k, 100) for k in range(100)]


def test_state_is_per_key_with_python_object_keys(env):
    class Last(KeyedProcessFunction):
        def open(self, runtime_context):
            self.last = runtime_context.get_state(ValueStateDescriptor("last", Types.PICKLED_BYTE_ARRAY()))

        def process_element(self, value, ctx):
            previous = self.last.value()
            self.last.update(value)
            yield ctx.get_current_key(), previous, value[1]

    data = [(("a", 1), 1), (("b", 2), 2), (("a", 1), 3)]
    out = env.from_collection(data).key_by(lambda v: v[0]).process(Last()).execute_and_collect()
    assert sorted(out, key=lambda r: r[2]) == [(("a", 1), None, 1), (("b", 2), None, 2), (("a", 1), (("a", 1), 1), 3)]


def test_event_time_timers_fire_in_order_with_timestamps(env):
    class Stamp(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value

    class Delay(KeyedProcessFunction):
        def process_element(self, value, ctx):
            assert ctx.timestamp() == value
            ctx.timer_service().register_event_time_timer(value + 10)
            ctx.timer_service().register_event_time_timer(value + 10)  # once per key and time
            if value == 3:
                ctx.timer_service().delete_event_time_timer(13)

        def on_timer(self, timestamp, ctx):
            yield ctx.get_current_key(), timestamp, ctx.current_watermark()

    ds = env.from_collection([1, 2, 3, 4], type_info=Types.LONG()).assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Stamp()))
    out = list(ds.key_by(lambda x: x % 2, key_type=Types.LONG()).process(Delay()).execute_and_collect())
    assert sorted(out) == [(0, 12, 2 ** 63 - 1), (0, 14, 2 ** 63 - 1), (1, 11, 2 ** 63 - 1)]


def test_state_misuse_fails_clearly(env):
    class TwoTypes(KeyedProcessFunction):
        def open(self, runtime_context):
            runtime_context.get_state(ValueStateDescriptor("s", Types.LONG()))
            runtime_context.get_state(ValueStateDescriptor("s", Types.STRING()))

        def process_element(self, value, ctx):
            yield value

    env.from_collection([1, 2]).key_by(lambda x: x).process(TwoTypes()).print()
    with pytest.raises(JobExecutionException, match="state 's' is already used as value state of Long"):
        env.execute()

    class DomainOutsideOnTimer(KeyedProcessFunction):
        def process_element(self, value, ctx):
            yield ctx.time_domain()

    env.from_collection([1]).key_by(lambda x: x).process(DomainOutsideOnTimer()).print()
    with pytest.raises(JobExecutionException, match="time_domain\\(\\) is only available in on_timer"):
        env.execute()

    class NotKeyed(object):
        pass

    with pytest.raises(TypeError, match="expected a KeyedProcessFunction"):
        env.from_collection([1]).key_by(lambda x: x).process(NotKeyed())


def test_state_outside_processing_is_an_error(env):
    class Early(KeyedProcessFunction):
        def open(self, runtime_context):
            runtime_context.get_state(ValueStateDescriptor("s", Types.LONG())).value()

        def process_element(self, value, ctx):
            yield value

    env.from_collection([1]).key_by(lambda x: x).process(Early()).print()
    with pytest.raises(JobExecutionException, match="only available while an element or a timer is processed"):
        env.execute()


def test_list_map_reducing_and_aggregating_state(env):
    from spate.datastream import AggregateFunction
    from spate.datastream.state import (AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor,
                                        ReducingStateDescriptor)

    class Mean(AggregateFunction):
        def create_accumulator(self):
            return 0, 0

        def add(self, value, accumulator):
            return accumulator[0] + value, accumulator[1] + 1

        def get_result(self, accumulator):
            return accumulator[0] / accumulator[1]

        def merge(self, a, b):
            return a[0] + b[0], a[1] + b[1]

    class Everything(KeyedProcessFunction):
        def open(self, runtime_context):
            self.seen = runtime_context.get_list_state(ListStateDescriptor("seen", Types.LONG()))
            self.parity = runtime_context.get_map_state(MapStateDescriptor("parity", Types.STRING(), Types.LONG()))
            self.total = runtime_context.get_reducing_state(
                ReducingStateDescriptor("total", lambda a, b: a + b, Types.LONG()))
            self.mean = runtime_context.get_aggregating_state(AggregatingStateDescriptor("mean", Mean(), Types.PICKLED_BYTE_ARRAY()))

        def process_element(self, value, ctx):
            if not self.seen.get():
                ctx.timer_service().register_event_time_timer(END)
            self.seen.add(value)
            name = "even" if value % 2 == 0 else "odd"
            self.parity.put(name, (self.parity.get(name) or 0) + 1)
            self.total.add(value)
            self.mean.add(value)

        def on_timer(self, timestamp, ctx):
            yield (ctx.get_current_key(), self.seen.get(), sorted(self.parity.items()), self.total.get(),
                   self.mean.get(), self.parity.contains("odd"), self.parity.is_empty())

    out = env.from_collection([1, 2, 3, 4, 5, 6]).key_by(lambda x: x % 3).process(Everything()).execute_and_collect()
    assert sorted(out) == [
        (0, [3, 6], [("even", 1), ("odd", 1)], 9, 4.5, True, False),
        (1, [1, 4], [("even", 1), ("odd", 1)], 5, 2.5, True, False),
        (2, [2, 5], [("even", 1), ("odd", 1)], 7, 3.5, True, False),
    ]


def test_current_processing_time_is_wall_clock_milliseconds(env):
    import time

    class Now(KeyedProcessFunction):
        def process_element(self, value, ctx):
            yield ctx.timer_service().current_processing_time()

    before = time.time_ns() // 1_000_000
    seen = list(env.from_collection([1, 2, 3]).key_by(lambda x: x).process(Now()).execute_and_collect())
    after = time.time_ns() // 1_000_000
    assert len(seen) == 3 and all(isinstance(t, int) and before <= t <= after for t in seen)


def test_a_timer_registered_by_on_timer_fires_before_later_timers(env):
    class Chain(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_event_time_timer(value[1])
            return []

        def on_timer(self, timestamp, ctx):
            if timestamp == 10:
                ctx.timer_service().register_event_time_timer(15)  # before b's timer at 20
            yield ctx.get_current_key(), timestamp

    env.set_parallelism(1)  # one subtask: the output order is the firing order
    pairs = env.from_collection([('a', 10), ('b', 20)], type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    out = pairs.key_by(lambda t: t[0], key_type=Types.STRING()).process(Chain()).execute_and_collect()
    assert list(out) == [('a', 10), ('a', 15), ('b', 20)]
