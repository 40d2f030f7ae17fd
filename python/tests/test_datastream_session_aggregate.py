"""aggregate() on session windows: as Flink, each session's accumulator grows as its elements
arrive, and when sessions merge their accumulators are merged with AggregateFunction.merge."""
import pytest

from spate.common import Duration, Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import StreamExecutionEnvironment
from spate.datastream.functions import AggregateFunction, ProcessWindowFunction
from spate.datastream.window import EventTimeSessionWindows
from spate.errors import JobExecutionException

TRIPLE = Types.TUPLE([Types.STRING(), Types.INT(), Types.INT()])


class SecondField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


class SumCountingMerges(AggregateFunction):
    """Sums the third fields, and counts the merges that made the session."""

    def create_accumulator(self):
        return [0, 0]

    def add(self, value, accumulator):
        return [accumulator[0] + value[2], accumulator[1]]

    def merge(self, a, b):
        return [a[0] + b[0], a[1] + b[1] + 1]

    def get_result(self, accumulator):
        return tuple(accumulator)


def sessions(data, aggregate_function, window_function=None):
    # One subtask: which sessions exist when an element arrives depends on the arrival order.
    env = StreamExecutionEnvironment.get_execution_environment()
    strategy = WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_millis(100)) \
        .with_timestamp_assigner(SecondField())
    return env.from_collection(data, type_info=TRIPLE).assign_timestamps_and_watermarks(strategy) \
        .key_by(lambda x: x[0], key_type=Types.STRING()) \
        .window(EventTimeSessionWindows.with_gap(Time.milliseconds(10))) \
        .aggregate(aggregate_function, window_function)


def test_sessions_that_merge_have_their_accumulators_merged():
    # Gap 10: 0 and 20 open two sessions; 10 ([10, 20)) touches both, so they merge (one merge of
    # two accumulators), then 10 is added. 25 joins without a merge; 40 is a session of its own.
    data = [('a', 0, 1), ('a', 20, 2), ('b', 3, 100), ('a', 10, 4), ('a', 25, 8), ('a', 40, 16)]
    out = sorted(sessions(data, SumCountingMerges()).execute_and_collect())
    assert out == [(15, 1), (16, 0), (100, 0)]


def test_a_window_function_gets_the_merged_result():
    class Span(ProcessWindowFunction):
        def process(self, key, context, elements):
            yield key, context.window().start, context.window().end, list(elements)

    data = [('a', 0, 1), ('a', 20, 2), ('a', 10, 4)]
    assert list(sessions(data, SumCountingMerges(), Span()).execute_and_collect()) == [('a', 0, 30, [(7, 1)])]


def test_a_merge_that_raises_fails_the_job_naming_the_function():
    class FailingMerge(SumCountingMerges):
        def merge(self, a, b):
            raise ValueError("cannot merge these")

    data = [('a', 0, 1), ('a', 20, 2), ('a', 10, 4)]
    with pytest.raises(JobExecutionException, match="FailingMerge.*raised ValueError: cannot merge these") as info:
        list(sessions(data, FailingMerge()).execute_and_collect())
    assert isinstance(info.value.__cause__, ValueError)
    # Without a merge (no session bridges two), the same function is fine.
    assert list(sessions([('a', 0, 1), ('a', 5, 2)], FailingMerge()).execute_and_collect()) == [(3, 0)]
