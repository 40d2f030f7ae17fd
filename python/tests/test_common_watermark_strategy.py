"""WatermarkStrategy records its parameters for the runtime; TimestampAssigner is abstract."""

import pytest

from spate.common import Duration, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner


class _FirstField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[0]


def test_watermark_strategies_record_their_parameters():
    none = WatermarkStrategy.no_watermarks()
    assert none._kind == 'no_watermarks' and none._out_of_orderness_ms is None
    mono = WatermarkStrategy.for_monotonous_timestamps()
    assert mono._kind == 'monotonous' and mono._out_of_orderness_ms == 0
    bounded = WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_seconds(5))
    assert bounded._kind == 'bounded' and bounded._out_of_orderness_ms == 5000
    assert bounded._idleness_ms is None and bounded._timestamp_assigner is None


def test_with_timestamp_assigner_sets_it_on_the_same_strategy():
    strategy = WatermarkStrategy.for_monotonous_timestamps()
    assigner = _FirstField()
    assert strategy.with_timestamp_assigner(assigner) is strategy
    assert strategy._timestamp_assigner is assigner
    assert assigner.extract_timestamp((42, 'x'), -1) == 42


def test_with_idleness_returns_a_new_strategy_keeping_the_assigner():
    assigner = _FirstField()
    base = WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_millis(10)) \
        .with_timestamp_assigner(assigner)
    idle = base.with_idleness(Duration.of_minutes(1))
    assert idle is not base and base._idleness_ms is None
    assert idle._idleness_ms == 60_000
    assert idle._out_of_orderness_ms == 10 and idle._timestamp_assigner is assigner


def test_with_watermark_alignment():
    aligned = WatermarkStrategy.for_monotonous_timestamps().with_watermark_alignment(
        'group-1', Duration.of_seconds(20))
    assert aligned._alignment_group == 'group-1'
    assert aligned._alignment_max_drift_ms == 20_000
    assert aligned._alignment_update_interval_ms == 1000
    custom = WatermarkStrategy.no_watermarks().with_watermark_alignment(
        'g', Duration.of_seconds(1), Duration.of_millis(250))
    assert custom._alignment_update_interval_ms == 250


def test_watermark_strategy_checks_durations():
    with pytest.raises(TypeError, match='Duration'):
        WatermarkStrategy.for_bounded_out_of_orderness(5000)


def test_timestamp_assigner_is_abstract():
    with pytest.raises(TypeError):
        TimestampAssigner()
