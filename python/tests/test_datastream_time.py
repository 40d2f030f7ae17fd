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
