"""Event time: timestamp assigners and watermark strategies."""
import pytest

from spate.common import Duration, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner


class SecondField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


def test_assigners_see_each_value_and_leave_records_unchanged(env):
    seen = []

    class Recording(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            seen.append(record_timestamp)
            return value[1]

    data = [("a", 1), ("b", 5), ("c", 3)]
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.LONG()]))
    for strategy in (WatermarkStrategy.for_monotonous_timestamps(),
                     WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_millis(10)),
                     WatermarkStrategy.no_watermarks()):
        out = ds.assign_timestamps_and_watermarks(strategy.with_timestamp_assigner(Recording()))
        assert sorted(out.execute_and_collect()) == sorted(data)
    # Records carry no timestamp before an assigner: PyFlink passes Long.MIN_VALUE.
    assert set(seen) == {-2 ** 63}


@pytest.mark.parametrize("returned, fragment", [
    ("x", "got 'x' of type str"),
    (None, "got None of type NoneType"),
    (-1, "got -1 of type int"),
    (1.5, "got 1.5 of type float"),
    (2 ** 64, "of type int"),
])
def test_bad_timestamps_fail_clearly(env, returned, fragment):
    class Bad(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return returned

    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Bad())
    env.from_collection([1, 2]).assign_timestamps_and_watermarks(strategy).print()
    with pytest.raises(TypeError) as info:
        env.execute()
    assert "extract_timestamp must return a non-negative int of milliseconds" in str(info.value)
    assert fragment in str(info.value) and "Bad.extract_timestamp" in str(info.value)


def test_a_strategy_is_required(env):
    with pytest.raises(TypeError, match="expected a WatermarkStrategy"):
        env.from_collection([1]).assign_timestamps_and_watermarks("ts")


def test_from_source_applies_its_watermark_strategy(env):
    # As in PyFlink, the strategy given to from_source stamps the records and emits watermarks at
    # the source; set_parallelism on the result sets the source's parallelism too.
    from spate.common import Time
    from spate.datastream import ProcessFunction
    from spate.datastream.connectors.number_seq import NumberSequenceSource
    from spate.datastream.window import TumblingEventTimeWindows

    class Value(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value

    class Stamp(ProcessFunction):
        def process_element(self, value, ctx):
            yield value, ctx.timestamp()

    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Value())
    numbers = env.from_source(NumberSequenceSource(1, 20), strategy, "numbers").set_parallelism(1)
    assert all(part.parallelism == 1 for part in numbers._transformation.params['parts'])
    assert sorted(numbers.process(Stamp()).execute_and_collect()) == [(n, n) for n in range(1, 21)]
    numbers = env.from_source(NumberSequenceSource(1, 20), strategy, "numbers")
    sums = numbers.key_by(lambda n: 0, key_type=Types.INT()).window(TumblingEventTimeWindows.of(Time.milliseconds(10))) \
        .reduce(lambda a, b: a + b)
    assert sorted(sums.execute_and_collect()) == sorted([sum(range(1, 10)), sum(range(10, 20)), 20])
    plain = env.from_source(NumberSequenceSource(1, 3), WatermarkStrategy.no_watermarks(), "plain")
    assert plain._transformation.kind == 'sequence_source'  # nothing to stamp: the source alone
