"""Duration, Time and Instant."""

import pytest

from spate.common import Duration, Instant, Time


@pytest.mark.parametrize('duration, millis', [
    (Duration.of_millis(1500), 1500),
    (Duration.of_seconds(2), 2000),
    (Duration.of_minutes(3), 180_000),
    (Duration.of_hours(1), 3_600_000),
    (Duration.of_days(1), 86_400_000),
    (Duration.of_nanos(2_999_999), 2),
    (Duration.of_nanos(-1), -1),  # rounded down, as Java's toMillis
    (Duration.of_millis(-5), -5),
])
def test_duration_to_milliseconds(duration, millis):
    assert duration.to_milliseconds() == millis


def test_duration_equality_hash_and_repr():
    assert Duration.of_seconds(60) == Duration.of_minutes(1)
    assert hash(Duration.of_seconds(60)) == hash(Duration.of_minutes(1))
    assert Duration.of_seconds(1) != Duration.of_millis(1001)
    assert Duration.of_seconds(1) != 1000
    assert repr(Duration.of_seconds(5)) == 'Duration.of_millis(5000)'
    assert repr(Duration.of_nanos(7)) == 'Duration.of_nanos(7)'
    assert Duration.of_millis(1500).to_nanos() == 1_500_000_000
    assert Duration.of_millis(1500).get_seconds() == 1
    assert Duration.of_millis(1500).get_nano() == 500_000_000


def test_duration_rejects_non_integers():
    with pytest.raises(TypeError, match='of_millis'):
        Duration.of_millis(1.5)
    with pytest.raises(TypeError):
        Duration.of_seconds(True)


def test_time():
    assert Time.seconds(2).to_milliseconds() == 2000
    assert Time.minutes(1) == Time.milliseconds(60_000)
    assert Time.hours(1).to_milliseconds() == 3_600_000
    assert Time.days(1).to_milliseconds() == 86_400_000
    assert str(Time.seconds(2)) == '2000 ms'
    assert Time.seconds(1) != Time.seconds(2)


@pytest.mark.parametrize('millis', [0, 1, 999, 1000, 1_700_000_000_123, -1, -999, -1000, -1001])
def test_instant_round_trips_epoch_millis(millis):
    # PyFlink 2.3 returns -901 for -1: Spate is right before 1970 too.
    assert Instant.of_epoch_milli(millis).to_epoch_milli() == millis


def test_instant_fields_repr_and_equality():
    instant = Instant.of_epoch_milli(-1)
    assert (instant.seconds, instant.nanos) == (-1, 999_000_000)
    assert repr(Instant.of_epoch_milli(1500)) == 'Instant<1, 500000000>'
    assert Instant(1, 5) == Instant(1, 5) and Instant(1, 5) != Instant(1, 6)
    assert hash(Instant(1, 5)) == hash(Instant(1, 5))
