"""Window triggers and GlobalWindows, run natively with Flink's trigger rules."""
import pytest

from spate.common import Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import ProcessWindowFunction
from spate.datastream.functions import ProcessAllWindowFunction
from spate.datastream.window import (ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger, CountTrigger,
                                     EventTimeTrigger, GlobalWindow, GlobalWindows,
                                     NeverTrigger, ProcessingTimeTrigger, PurgingTrigger, TriggerResult,
                                     TumblingEventTimeWindows)
from spate.testing import watermark_after_every_batch

PAIR = Types.TUPLE([Types.STRING(), Types.INT()])
DATA = [('a', i) for i in range(7)] + [('b', i) for i in range(3)]


def add(x, y):
    return x[0], x[1] + y[1]


def keyed(env, data=DATA):
    return env.from_collection(data, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())


def test_global_windows_fire_only_on_their_trigger(env):
    purged = keyed(env).window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(3))).reduce(add)
    assert sorted(purged.execute_and_collect()) == [('a', 3), ('a', 12), ('b', 3)]
    # Without purging, each firing sees everything so far.
    kept = keyed(env).window(GlobalWindows.create()).trigger(CountTrigger.of(3)).reduce(add)
    assert sorted(kept.execute_and_collect()) == [('a', 3), ('a', 15), ('b', 3)]
    # The default trigger never fires.
    assert list(keyed(env).window(GlobalWindows.create()).reduce(add).execute_and_collect()) == []
    never = keyed(env).window(GlobalWindows.create()).trigger(NeverTrigger()).reduce(add)
    assert list(never.execute_and_collect()) == []


def test_a_global_window_is_handed_to_window_functions(env):
    class Describe(ProcessWindowFunction):
        def process(self, key, context, elements):
            yield key, context.window() == GlobalWindow.get(), context.window().max_timestamp(), len(list(elements))

    out = keyed(env).window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(2))) \
        .process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', True, 2 ** 63 - 1, 2)] * 3 + [('b', True, 2 ** 63 - 1, 2)]

    class CountAll(ProcessAllWindowFunction):
        def process(self, context, elements):
            yield len(list(elements))

    every = env.from_collection(list(range(7)), type_info=Types.INT()).window_all(GlobalWindows.create()) \
        .trigger(PurgingTrigger.of(CountTrigger.of(3))).process(CountAll(), Types.INT())
    assert list(every.execute_and_collect()) == [3, 3]


class Second(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


class Sizes(ProcessWindowFunction):
    def process(self, key, context, elements):
        yield context.window().start, len(list(elements))


def timed(env, data):
    watermark_after_every_batch(env)
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Second())
    return env.from_collection(data, type_info=PAIR).assign_timestamps_and_watermarks(strategy).set_parallelism(1) \
        .key_by(lambda t: t[0], key_type=Types.STRING())


def test_a_count_trigger_replaces_the_event_time_trigger(env):
    # [0, 10) fires after its 2nd element only; what is left when it ends is dropped, as in Flink.
    data = [('a', 1), ('a', 2), ('a', 3), ('a', 11)]
    out = timed(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(10))) \
        .trigger(CountTrigger.of(2)).process(Sizes()).execute_and_collect()
    assert list(out) == [(0, 2)]
    # EventTimeTrigger is the default: the same as no trigger.
    out = timed(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(10))) \
        .trigger(EventTimeTrigger.create()).process(Sizes()).execute_and_collect()
    assert list(out) == [(0, 3), (10, 1)]


def test_a_continuous_event_time_trigger_fires_every_interval_and_at_the_end(env):
    # [0, 20) fires at 5 (elements 1, 3, 7), 10, 15 and 19; [20, 40) at 30, 35 and 39 when the
    # input ends (the final watermark fires every timer, those registered meanwhile too).
    data = [('a', 1), ('a', 3), ('a', 7), ('a', 12), ('a', 25)]
    out = timed(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(20))) \
        .trigger(ContinuousEventTimeTrigger.of(Time.milliseconds(5))).process(Sizes()).execute_and_collect()
    assert list(out) == [(0, 3), (0, 4), (0, 4), (0, 4), (20, 1), (20, 1), (20, 1)]
    purging = timed(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(20))) \
        .trigger(PurgingTrigger.of(ContinuousEventTimeTrigger.of(Time.milliseconds(5)))).process(Sizes())
    assert list(purging.execute_and_collect()) == [(0, 3), (0, 1), (20, 1)]


def test_triggers_check_their_arguments(env):
    with pytest.raises(ValueError, match="CountTrigger: the count must be a positive int"):
        CountTrigger.of(0)
    with pytest.raises(ValueError, match="the interval must be positive"):
        ContinuousEventTimeTrigger.of(Time.milliseconds(0))
    with pytest.raises(TypeError, match="expected a Trigger"):
        PurgingTrigger.of(5)
    windowed = keyed(env).window(TumblingEventTimeWindows.of(Time.seconds(1)))
    with pytest.raises(TypeError, match="expected a Trigger"):
        windowed.trigger('count')

    assert TriggerResult.FIRE_AND_PURGE.is_fire() and TriggerResult.FIRE_AND_PURGE.is_purge()
    assert not TriggerResult.CONTINUE.is_fire()
    assert ProcessingTimeTrigger.create()._spate_trigger() == {'type': 'processing_time'}
    assert ContinuousProcessingTimeTrigger.of(Time.seconds(1))._spate_trigger() == {
        'type': 'continuous_processing_time', 'interval_ms': 1000}
