"""Windows that run in Python: assigners and triggers written in Python, and triggers on sessions.
The built-in triggers' Python rules are checked against the native ones on the same input."""
import pytest

from spate.common import Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import OutputTag, ProcessFunction, ProcessWindowFunction
from spate.datastream.state import ReducingStateDescriptor
from spate.datastream.window import (ContinuousEventTimeTrigger, CountTrigger, EventTimeSessionWindows,
                                     EventTimeTrigger, MergingWindowAssigner, PurgingTrigger, TimeWindow, Trigger,
                                     TriggerResult, TumblingEventTimeWindows, TumblingProcessingTimeWindows,
                                     WindowAssigner)
from spate.errors import JobExecutionException
from spate.testing import ticking_clock, watermark_after_every_batch

PAIR = Types.TUPLE([Types.STRING(), Types.INT()])
DATA = [('a', 1), ('a', 2), ('a', 3), ('a', 11), ('b', 5), ('a', 12)]


class Second(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


def keyed(env, data=DATA):
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Second())
    return env.from_collection(data, type_info=PAIR).assign_timestamps_and_watermarks(strategy).set_parallelism(1) \
        .key_by(lambda t: t[0], key_type=Types.STRING())


class Describe(ProcessWindowFunction):
    def process(self, key, context, elements):
        yield key, context.window().start, context.window().end, len(list(elements))


class Tens(WindowAssigner):
    """Tumbling windows of 10 ms, written in Python."""

    def __init__(self, size=10):
        self.size = size

    def assign_windows(self, element, timestamp, context):
        start = timestamp - timestamp % self.size
        return [TimeWindow(start, start + self.size)]

    def get_default_trigger(self, env):
        return EventTimeTrigger.create()

    def is_event_time(self):
        return True


COUNT = ReducingStateDescriptor('n', lambda a, b: a + b, Types.LONG())


class EveryTwo(Trigger):
    """Fires on every second element of a window."""

    def on_element(self, element, timestamp, window, ctx):
        count = ctx.get_partitioned_state(COUNT)
        count.add(1)
        return TriggerResult.FIRE if count.get() % 2 == 0 else TriggerResult.CONTINUE

    def on_processing_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def on_event_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def clear(self, window, ctx):
        ctx.get_partitioned_state(COUNT).clear()


def test_a_window_assigner_written_in_python(env):
    out = keyed(env).window(Tens()).process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', 0, 10, 3), ('a', 10, 20, 2), ('b', 0, 10, 1)]
    sums = keyed(env).window(Tens()).reduce(lambda x, y: (x[0], x[1] + y[1])).execute_and_collect()
    assert sorted(sums) == [('a', 6), ('a', 23), ('b', 5)]


def test_a_trigger_written_in_python_keeps_state_per_window(env):
    out = keyed(env).window(TumblingEventTimeWindows.of(Time.milliseconds(10))).trigger(EveryTwo()) \
        .process(Describe()).execute_and_collect()
    # a's [0, 10) fires at its 2nd element (3 is left); [10, 20) at its 2nd; b's one element never.
    assert sorted(out) == [('a', 0, 10, 2), ('a', 10, 20, 2)]


def test_triggers_on_merging_session_windows(env):
    out = keyed(env).window(EventTimeSessionWindows.with_gap(Time.milliseconds(3))).trigger(CountTrigger.of(2)) \
        .process(Describe()).execute_and_collect()
    # a: [1, 4) and [2, 5) merge and their counts too: it fires with two; 11 and 12 likewise.
    assert sorted(out) == [('a', 1, 5, 2), ('a', 11, 15, 2)]

    class Sessions(MergingWindowAssigner):
        def assign_windows(self, element, timestamp, context):
            return [TimeWindow(timestamp, timestamp + 3)]

        def merge_windows(self, windows, callback):
            ordered = sorted(windows, key=lambda w: w.start)
            group = [ordered[0]]
            for window in ordered[1:] + [None]:
                if window is not None and window.start <= max(w.end for w in group):
                    group.append(window)
                    continue
                if len(group) > 1:
                    callback.merge(group, TimeWindow(group[0].start, max(w.end for w in group)))
                group = [window]

        def get_default_trigger(self, env):
            return EventTimeTrigger.create()

        def is_event_time(self):
            return True

    out = keyed(env).window(Sessions()).process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', 1, 6, 3), ('a', 11, 15, 2), ('b', 5, 8, 1)]


def test_the_python_rules_of_built_in_triggers_match_the_native_ones(env):
    data = [('a', 1), ('a', 3), ('a', 7), ('a', 12), ('a', 25)]
    for trigger in (ContinuousEventTimeTrigger.of(Time.milliseconds(5)),
                    PurgingTrigger.of(ContinuousEventTimeTrigger.of(Time.milliseconds(5))),
                    PurgingTrigger.of(CountTrigger.of(2))):
        runs = []
        for assigner in (TumblingEventTimeWindows.of(Time.milliseconds(20)), Tens(20)):
            watermark_after_every_batch(env)
            out = keyed(env, data).window(assigner).trigger(trigger).process(Describe()).execute_and_collect()
            runs.append(list(out))
        assert runs[0] == runs[1], trigger


def test_late_data_and_allowed_lateness_with_an_assigner_written_in_python(env):
    late = OutputTag('late', PAIR)
    watermark_after_every_batch(env)
    # [0, 10) fires at watermark 11 (after 12); with 5 ms of lateness 4 fires it again; after 20
    # (watermark 19) it is gone and 5 is late.
    data = [('a', 1), ('a', 12), ('a', 4), ('a', 20), ('a', 5)]
    counts = keyed(env, data).window(Tens()).allowed_lateness(5).side_output_late_data(late).process(Describe())
    assert list(counts.get_side_output(late).execute_and_collect()) == [('a', 5)]
    watermark_after_every_batch(env)
    counts = keyed(env, data).window(Tens()).allowed_lateness(5).side_output_late_data(late).process(Describe())
    assert list(counts.execute_and_collect()) == [('a', 0, 10, 1), ('a', 0, 10, 2), ('a', 10, 20, 1), ('a', 20, 30, 1)]


def test_mistakes_in_python_windows_fail_clearly(env):
    class Wrong(Trigger):
        def on_element(self, element, timestamp, window, ctx):
            return True

    stream = keyed(env).window(Tens()).trigger(Wrong()).process(Describe())
    with pytest.raises(JobExecutionException, match="Wrong must return a TriggerResult, got True"):
        list(stream.execute_and_collect())

    class Unfinished(WindowAssigner):
        def get_default_trigger(self, env):
            return EventTimeTrigger.create()

    stream = keyed(env).window(Unfinished()).process(Describe())
    with pytest.raises(JobExecutionException, match="Unfinished must implement assign_windows"):
        list(stream.execute_and_collect())


def test_triggers_on_count_windows_run_with_pyflinks_count_assigners(env):
    class Ids(ProcessWindowFunction):
        def process(self, key, context, elements):
            yield key, context.window().id, [v for _, v in elements]

    data = [('a', i) for i in range(8)] + [('b', i) for i in range(3)]
    pairs = env.from_collection(data, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    # Windows of 4 fired every 2 elements (not purged): partial, then whole.
    out = pairs.count_window(4).trigger(EveryTwo()).process(Ids()).execute_and_collect()
    assert sorted(out) == [('a', 0, [0, 1]), ('a', 0, [0, 1, 2, 3]), ('a', 1, [4, 5]), ('a', 1, [4, 5, 6, 7]),
                           ('b', 0, [0, 1])]
    pairs = env.from_collection(data, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    out = pairs.count_window(3, 2).trigger(PurgingTrigger.of(CountTrigger.of(3))).process(Ids()).execute_and_collect()
    assert sorted(out) == [('a', 0, [0, 1, 2]), ('a', 1, [2, 3, 4]), ('a', 2, [4, 5, 6]), ('b', 0, [0, 1, 2])]


class Stamp(ProcessFunction):
    def process_element(self, value, ctx):
        yield value + (ctx.timestamp(),)


class AtEnd(Trigger):
    """Fires when processing time passes the window, written in Python."""

    def on_element(self, element, timestamp, window, ctx):
        ctx.register_processing_time_timer(window.max_timestamp())
        return TriggerResult.CONTINUE

    def on_processing_time(self, time, window, ctx):
        return TriggerResult.FIRE

    def on_event_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def clear(self, window, ctx):
        ctx.delete_processing_time_timer(window.max_timestamp())


def test_results_carry_their_windows_max_timestamp_however_they_fire(env):
    # Fired by an element (EveryTwo), by an event-time timer (Tens' default trigger) and by a
    # processing-time timer (AtEnd): each result is stamped window.max_timestamp(), as Flink's.
    by_element = keyed(env).window(TumblingEventTimeWindows.of(Time.milliseconds(10))).trigger(EveryTwo()) \
        .process(Describe()).process(Stamp())
    assert sorted(by_element.execute_and_collect()) == [('a', 0, 10, 2, 9), ('a', 10, 20, 2, 19)]
    by_watermark = keyed(env).window(Tens()).process(Describe()).process(Stamp())
    assert sorted(by_watermark.execute_and_collect()) == [('a', 0, 10, 3, 9), ('a', 10, 20, 2, 19), ('b', 0, 10, 1, 9)]
    ticking_clock(env, 100)
    by_clock = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING()) \
        .window(TumblingProcessingTimeWindows.of(Time.milliseconds(100))).trigger(AtEnd()) \
        .process(Describe()).process(Stamp())
    fired = list(by_clock.execute_and_collect())
    assert fired and all(stamp == end - 1 for _, _, end, _, stamp in fired)
    assert sum(count for _, _, _, count, _ in fired) == len(DATA)


def test_late_elements_keep_their_own_timestamp(env):
    late = OutputTag('late', PAIR)
    watermark_after_every_batch(env)
    data = [('a', 1), ('a', 12), ('a', 20), ('a', 5)]
    counts = keyed(env, data).window(Tens()).side_output_late_data(late).process(Describe())
    assert list(counts.get_side_output(late).process(Stamp()).execute_and_collect()) == [('a', 5, 5)]


def test_time_window_merge_windows_groups_overlapping_windows():
    class Recorder(MergingWindowAssigner.MergeCallback):
        def __init__(self):
            self.merges = []

        def merge(self, to_be_merged, merge_result):
            self.merges.append((sorted(to_be_merged), merge_result))

    recorder = Recorder()
    TimeWindow.merge_windows([TimeWindow(5, 8), TimeWindow(0, 3), TimeWindow(2, 5), TimeWindow(10, 12)], recorder)
    assert recorder.merges == [([TimeWindow(0, 3), TimeWindow(2, 5), TimeWindow(5, 8)], TimeWindow(0, 8))]
