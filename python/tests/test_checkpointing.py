"""Checkpoints in whole jobs: barriers pass every kind of operator without changing results."""
import warnings

import pytest

from spate.common import Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import CheckpointingMode, OutputTag, ProcessFunction, StreamExecutionEnvironment
from spate.datastream.connectors.number_seq import NumberSequenceSource
from spate.datastream.functions import CoMapFunction
from spate.datastream.window import TumblingEventTimeWindows
from spate.testing import ticking_clock

PAIR = Types.TUPLE([Types.STRING(), Types.INT()])


class Second(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


class Sides(CoMapFunction):
    def map1(self, value):
        return value

    def map2(self, value):
        return -value


class Odd(ProcessFunction):
    def process_element(self, value, ctx):
        yield (OutputTag('odd', Types.LONG()), value) if value % 2 else value


def results(env):
    """Jobs of every shape: keyed sums, event-time windows, union, side outputs, connect, broadcast."""
    def numbers(name, n):
        return env.from_source(NumberSequenceSource(0, n - 1), WatermarkStrategy.no_watermarks(), name)
    out = {}
    data = [(f"k{i % 7}", i) for i in range(5000)]
    pairs = env.from_collection(data, type_info=PAIR)
    out['keyed'] = sorted(pairs.key_by(lambda t: t[0]).sum(1).execute_and_collect())[-7:]
    timed = pairs.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Second()))
    out['windows'] = sorted(timed.key_by(lambda t: t[0]).window(TumblingEventTimeWindows.of(Time.milliseconds(100)))
                            .reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect())
    out['union'] = sum(numbers("a", 20000).union(numbers("b", 5000)).map(lambda x: x + 1, Types.LONG())
                       .execute_and_collect())
    odd = numbers("c", 20000).process(Odd(), Types.LONG())
    out['side'] = sum(odd.get_side_output(OutputTag('odd', Types.LONG())).execute_and_collect())
    out['connect'] = sum(numbers("d", 3000).connect(numbers("e", 2000)).map(Sides(), Types.LONG())
                         .execute_and_collect())
    out['broadcast'] = len(list(numbers("f", 1000).broadcast().map(lambda x: x, Types.LONG()).execute_and_collect()))
    return out


@pytest.mark.parametrize("mode", [CheckpointingMode.EXACTLY_ONCE, CheckpointingMode.AT_LEAST_ONCE])
def test_jobs_give_the_same_results_with_checkpoints_every_few_milliseconds(mode):
    for parallelism in (1, 2):
        plain = StreamExecutionEnvironment.get_execution_environment()
        plain.set_parallelism(parallelism)
        expected = results(plain)
        checkpointed = StreamExecutionEnvironment.get_execution_environment()
        checkpointed.set_parallelism(parallelism)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # said once per process: checkpoints save no state
            checkpointed.enable_checkpointing(10, mode)
        checkpointed._runtime_options['batch_size'] = '64'  # many batches: barriers between them
        ticking_clock(checkpointed, 20)  # every look of a source finds a checkpoint due
        assert results(checkpointed) == expected
