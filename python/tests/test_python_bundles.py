"""A slow Python function's results move on as they are made: within the buffer timeout from the
first row, bounded by PyFlink's python.fn-execution.bundle.size and .bundle.time settings."""
import time

import pytest

from spate.common import Configuration, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import MapFunction, OutputTag, StreamExecutionEnvironment
from spate.datastream.functions import ProcessWindowFunction
from spate.datastream.window import TumblingEventTimeWindows
from spate.common.time import Time


def slow(seconds):
    def function(value):
        time.sleep(seconds)
        return value
    return function


class Arrivals(MapFunction):
    """Notes when each record reaches it (seconds since `started`)."""

    def __init__(self, started, seen):
        self.started = started
        self.seen = seen

    def map(self, value):
        self.seen.append(time.monotonic() - self.started)
        return value


def arrival_times(env, count, seconds):
    """When each of `count` records reaches the operator after a map taking `seconds` a record
    (across a keyed exchange, so the two are not one call)."""
    seen = []
    started = time.monotonic()
    results = env.from_collection(list(range(count)), type_info=Types.INT()).map(slow(seconds), Types.INT()) \
        .key_by(lambda x: x % 2, key_type=Types.INT()).map(Arrivals(started, seen), Types.INT()).execute_and_collect()
    assert sorted(results) == list(range(count))
    return sorted(seen)


def test_a_slow_functions_first_results_move_on_after_one_row():
    # 0.3 s a record: a 16-row probe held all 8 for 2.4 s; now the first arrives after about one.
    env = StreamExecutionEnvironment.get_execution_environment()
    seen = arrival_times(env, 8, 0.3)
    assert len(seen) == 8
    assert seen[0] < 1.0
    assert seen[-1] - seen[0] > 1.5  # spread out as they are made


def test_the_bundle_size_bounds_how_many_results_are_held():
    # Without a buffer timeout a batch goes whole: all 6 together at the end. A bundle of one record
    # (PyFlink's python.fn-execution.bundle.size) sends each result on as it is made.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_buffer_timeout(-1)
    held = arrival_times(env, 6, 0.15)
    assert held[-1] - held[0] < 0.3
    config = Configuration()
    config.set_integer('python.fn-execution.bundle.size', 1)
    env = StreamExecutionEnvironment.get_execution_environment(config)
    env.set_buffer_timeout(-1)
    spread = arrival_times(env, 6, 0.15)
    assert spread[-1] - spread[0] > 0.5


def test_the_bundle_time_bounds_how_long_results_are_held():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_buffer_timeout(-1)
    config = Configuration()
    config.set_string('python.fn-execution.bundle.time', '50')
    env.configure(config)
    spread = arrival_times(env, 6, 0.15)
    assert spread[0] < 0.6 and spread[-1] - spread[0] > 0.5


@pytest.mark.parametrize("key", ['python.fn-execution.bundle.size', 'python.fn-execution.bundle.time'])
@pytest.mark.parametrize("value", ['0', '-5', 'many'])
def test_bundle_settings_must_be_positive_whole_numbers(key, value):
    config = Configuration()
    config.set_string(key, value)
    with pytest.raises(ValueError, match=f"{key} must be a whole number of at least 1, got '{value}'"):
        StreamExecutionEnvironment.get_execution_environment(config)
    with pytest.raises(ValueError, match=key):
        StreamExecutionEnvironment.get_execution_environment().configure(config)


class SecondField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


class Count(ProcessWindowFunction):
    def process(self, key, context, elements):
        yield f"window {context.window().start}: {len(list(elements))}"


def test_late_data_behind_a_slow_map_is_late_as_in_pyflink():
    # 0.3 s a record. PyFlink sends a function's results on at least every bundle time (1 s), and
    # watermarks follow every 200 ms, so by the time 1500 and 1600 arrive (after six records,
    # 1.8 s) event time has passed 2999: they are late. Holding the first 16 results made none late.
    env = StreamExecutionEnvironment.get_execution_environment()
    late = OutputTag("late", Types.TUPLE([Types.STRING(), Types.INT()]))
    data = [('a', t) for t in (1000, 2000, 3000, 4000, 5000, 6000, 1500, 1600, 7000)]
    pairs = Types.TUPLE([Types.STRING(), Types.INT()])
    windows = env.from_collection(data, type_info=pairs).map(slow(0.3), pairs) \
        .assign_timestamps_and_watermarks(
            WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField())) \
        .key_by(lambda x: x[0], key_type=Types.STRING()) \
        .window(TumblingEventTimeWindows.of(Time.milliseconds(1000))).side_output_late_data(late) \
        .process(Count(), Types.STRING())
    lines = list(windows.union(windows.get_side_output(late).map(lambda x: f"late {x[1]}", Types.STRING()))
                 .execute_and_collect())
    assert sorted(lines) == sorted([f"window {start}: 1" for start in range(1000, 8000, 1000)]
                                   + ["late 1500", "late 1600"])
