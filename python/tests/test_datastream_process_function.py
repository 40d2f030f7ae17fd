"""ProcessFunction on a stream without keys: timestamps and the watermark, no timers or state."""
import pytest

from spate.common import Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import ProcessFunction
from spate.datastream.state import ValueStateDescriptor
from spate.errors import JobExecutionException


class Itself(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value


def test_process_function_sees_timestamps_and_yields(env):
    class Echo(ProcessFunction):
        def process_element(self, value, ctx):
            yield value, ctx.timestamp()
            if value % 2:
                yield -value, None

    ds = env.from_collection([1, 2, 3], type_info=Types.LONG()).assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Itself()))
    assert sorted(ds.process(Echo()).execute_and_collect(), key=str) == sorted(
        [(1, 1), (-1, None), (2, 2), (3, 3), (-3, None)], key=str)
    plain = env.from_collection([5]).process(Echo()).execute_and_collect()
    assert list(plain) == [(5, None), (-5, None)]


def test_timers_and_state_need_keys(env):
    class Timer(ProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_event_time_timer(10)

    env.from_collection([1]).process(Timer()).print()
    with pytest.raises(JobExecutionException, match="Setting timers is only supported on a keyed stream"):
        env.execute()

    class Stateful(ProcessFunction):
        def open(self, runtime_context):
            runtime_context.get_state(ValueStateDescriptor("s", Types.LONG()))

        def process_element(self, value, ctx):
            yield value

    env.from_collection([1]).process(Stateful()).print()
    with pytest.raises(JobExecutionException, match="keyed state is only available"):
        env.execute()
    with pytest.raises(TypeError, match="expected a ProcessFunction"):
        env.from_collection([1]).process(lambda v, c: v)
