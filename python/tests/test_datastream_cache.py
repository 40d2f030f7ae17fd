"""DataStream.cache(): records computed once, reused by later jobs (BATCH mode)."""
import pytest

from spate.common import Types, WatermarkStrategy
from spate.datastream import CachedDataStream, RuntimeExecutionMode


def counted_tens(env, calls):
    def times_ten(x):
        calls.append(x)
        return x * 10
    return env.from_collection([1, 2, 3], type_info=Types.INT()).map(times_ten, Types.INT())


def test_a_cached_stream_is_computed_once_for_every_later_job(env):
    env.set_runtime_mode(RuntimeExecutionMode.BATCH)
    calls = []
    cached = counted_tens(env, calls).cache()
    assert isinstance(cached, CachedDataStream)
    assert sorted(cached.execute_and_collect()) == [10, 20, 30]
    assert sorted(cached.map(lambda x: x + 1, Types.INT()).execute_and_collect()) == [11, 21, 31]
    both = cached.union(cached.filter(lambda x: x > 10))
    assert sorted(both.execute_and_collect()) == [10, 20, 20, 30, 30]
    assert sorted(calls) == [1, 2, 3]  # the map ran in the first job only
    cached.invalidate()
    assert sorted(cached.key_by(lambda x: x % 20).reduce(lambda a, b: a + b).execute_and_collect()) == [20, 40]
    assert sorted(calls) == [1, 1, 2, 2, 3, 3]  # computed again after invalidate


def test_what_cannot_be_cached_says_so(env):
    calls = []
    cached = counted_tens(env, calls).cache()
    with pytest.raises(RuntimeError, match="BATCH mode only"):
        list(cached.execute_and_collect())
    with pytest.raises(TypeError, match="Cache for KeyedStream is not supported"):
        counted_tens(env, calls).key_by(lambda x: x).cache()
    with pytest.raises(TypeError, match="Set parallelism for CachedDataStream is not supported"):
        cached.set_parallelism(2)
    with pytest.raises(TypeError, match="Set name for CachedDataStream is not supported"):
        cached.name("kept")
    timed = counted_tens(env, calls).assign_timestamps_and_watermarks(WatermarkStrategy.for_monotonous_timestamps())
    with pytest.raises(NotImplementedError, match="event timestamps"):
        timed.cache()
