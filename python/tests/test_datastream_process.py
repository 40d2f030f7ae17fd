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
    with pytest.raises(JobExecutionException, match="state 's' is already used with type Long"):
        env.execute()

    class ProcessingTimer(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_processing_time_timer(5)

    env.from_collection([1]).key_by(lambda x: x).process(ProcessingTimer()).print()
    with pytest.raises(JobExecutionException, match="processing-time timers are not supported"):
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
