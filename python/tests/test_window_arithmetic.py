"""Flink's window arithmetic is written once, in Swift; Python's TimeWindow and assigners use it."""
import random

import pytest

from spate import _spate
from spate.datastream.window import SlidingEventTimeWindows, TimeWindow, TumblingEventTimeWindows


def test_window_starts_follow_flinks_formula_for_every_timestamp():
    rng = random.Random(7)
    for _ in range(2000):
        size = rng.randint(1, 10_000)
        offset = rng.randint(-size + 1, size - 1)
        timestamp = rng.randint(-10**12, 10**12)
        start = TimeWindow.get_window_start_with_offset(timestamp, offset, size)
        assert start <= timestamp < start + size
        assert (start - offset) % size == 0


def test_sliding_windows_hold_the_timestamp_most_recent_first():
    class Context:
        pass
    windows = SlidingEventTimeWindows(10, 5, 0).assign_windows(None, 12, Context())
    assert windows == [TimeWindow(10, 20), TimeWindow(5, 15)]
    assert TumblingEventTimeWindows(5, 1).assign_windows(None, -1, Context()) == [TimeWindow(-4, 1)]
    # A slide longer than the size leaves gaps: a timestamp there is in no window.
    assert _spate.window_starts(13, 10, 20, 0) == []


def test_bad_window_arithmetic_raises():
    with pytest.raises(ValueError, match="size and slide must be positive, got 0 and 5 ms"):
        _spate.window_starts(1, 0, 5, 0)
    with pytest.raises(OverflowError):
        _spate.window_starts(2**70, 5, 5, 0)
