"""Processing time: timers of keyed process functions and processing-time windows, driven by a
ticking clock (time moves a fixed step at every reading) so no test sleeps."""
import pytest

from spate.common import Time, Types
from spate.datastream import KeyedProcessFunction, ProcessFunction, ProcessWindowFunction, TimeDomain
from spate.datastream.window import (ProcessingTimeSessionWindows, SlidingProcessingTimeWindows,
                                     TumblingProcessingTimeWindows)
from spate.errors import JobExecutionException
from spate.testing import ticking_clock

PAIR = Types.TUPLE([Types.STRING(), Types.INT()])
DATA = [('a', 1), ('b', 2), ('a', 3), ('a', 4), ('b', 5)]


class Timeout(KeyedProcessFunction):
    """Registers a processing-time timer 1 s after each element; reports each firing."""

    def process_element(self, value, ctx):
        ctx.timer_service().register_processing_time_timer(ctx.timer_service().current_processing_time() + 1000)
        return []

    def on_timer(self, timestamp, ctx):
        yield ctx.get_current_key(), ctx.time_domain(), timestamp, ctx.timestamp()


def test_processing_time_timers_fire_with_their_domain_and_time(env):
    ticking_clock(env, 10_000)  # the next reading of the clock is past every timer
    keyed = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    fired = list(keyed.process(Timeout()).execute_and_collect())
    assert sorted(key for key, _, _, _ in fired) == ['a', 'a', 'a', 'b', 'b']
    assert all(domain == TimeDomain.PROCESSING_TIME for _, domain, _, _ in fired)
    assert all(stamp == time and time % 10_000 == 1000 for _, _, time, stamp in fired)


def test_timers_are_deduplicated_deleted_and_erase_the_output_timestamp(env):
    class OncePerKey(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_processing_time_timer(5)
            ctx.timer_service().register_processing_time_timer(7)
            ctx.timer_service().delete_processing_time_timer(7)
            return []

        def on_timer(self, timestamp, ctx):
            yield ctx.get_current_key(), timestamp

    class Stamp(ProcessFunction):
        def process_element(self, value, ctx):
            yield value + (ctx.timestamp(),)

    ticking_clock(env, 1000)
    keyed = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    out = keyed.process(OncePerKey()).process(Stamp()).execute_and_collect()
    assert sorted(out) == [('a', 5, None), ('b', 5, None)]


def test_timers_not_due_when_the_input_ends_are_dropped_as_in_flink(env):
    ticking_clock(env, 0)  # the clock stands still: no timer ever comes due
    keyed = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    assert list(keyed.process(Timeout()).execute_and_collect()) == []


def test_processing_time_timers_need_a_keyed_stream_and_an_int(env):
    class Unkeyed(ProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_processing_time_timer(5)
            yield value

    with pytest.raises(JobExecutionException, match="only supported on a keyed stream"):
        env.from_collection([1]).process(Unkeyed()).execute_and_collect().__next__()

    class NotAnInt(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_processing_time_timer('soon')
            yield value

    with pytest.raises(JobExecutionException, match="must be an int of milliseconds"):
        list(env.from_collection([1]).key_by(lambda x: x).process(NotAnInt()).execute_and_collect())


class Describe(ProcessWindowFunction):
    def process(self, key, context, elements):
        window = context.window()
        yield key, window.end - window.start, sorted(v for _, v in elements)


def keyed(env, step):
    ticking_clock(env, step)
    return env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())


def test_tumbling_processing_time_windows_group_by_arrival_and_fire_as_the_clock_passes(env):
    # One batch arrives at one instant; the clock's next readings pass the window's end.
    out = keyed(env, 1000).window(TumblingProcessingTimeWindows.of(Time.seconds(1))) \
        .process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', 1000, [1, 3, 4]), ('b', 1000, [2, 5])]
    sums = keyed(env, 1000).window(TumblingProcessingTimeWindows.of(Time.seconds(1))) \
        .reduce(lambda x, y: (x[0], x[1] + y[1])).execute_and_collect()
    assert sorted(sums) == [('a', 8), ('b', 7)]


def test_sliding_and_session_processing_time_windows(env):
    out = keyed(env, 2000).window(SlidingProcessingTimeWindows.of(Time.seconds(2), Time.seconds(1))) \
        .process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', 2000, [1, 3, 4])] * 2 + [('b', 2000, [2, 5])] * 2
    out = keyed(env, 1000).window(ProcessingTimeSessionWindows.with_gap(Time.milliseconds(500))) \
        .process(Describe()).execute_and_collect()
    assert sorted(out) == [('a', 500, [1, 3, 4]), ('b', 500, [2, 5])]


def test_windows_not_due_when_the_input_ends_are_dropped_as_in_flink(env):
    out = keyed(env, 0).window(TumblingProcessingTimeWindows.of(Time.seconds(1))).process(Describe())
    assert list(out.execute_and_collect()) == []


def test_processing_time_assigners_check_their_arguments():
    with pytest.raises(ValueError, match="TumblingProcessingTimeWindows: the size must be positive"):
        TumblingProcessingTimeWindows.of(Time.milliseconds(0))
    with pytest.raises(ValueError, match="SlidingProcessingTimeWindows: the offset"):
        SlidingProcessingTimeWindows.of(Time.seconds(2), Time.seconds(1), Time.seconds(1))
    with pytest.raises(ValueError, match="ProcessingTimeSessionWindows: the gap must be positive"):
        ProcessingTimeSessionWindows.with_gap(Time.milliseconds(0))
    assert not TumblingProcessingTimeWindows.of(Time.seconds(1)).is_event_time()
    assert repr(SlidingProcessingTimeWindows.of(Time.seconds(2), Time.seconds(1))) == \
        "SlidingProcessingTimeWindows(2000, 1000, 0)"


def test_event_time_timers_report_their_domain(env):
    from spate.common import WatermarkStrategy
    from spate.common.watermark_strategy import TimestampAssigner

    class Second(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value[1]

    class EventTimer(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_event_time_timer(ctx.timestamp() + 10)
            return []

        def on_timer(self, timestamp, ctx):
            yield ctx.get_current_key(), ctx.time_domain(), timestamp

    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Second())
    out = env.from_collection(DATA, type_info=PAIR).assign_timestamps_and_watermarks(strategy) \
        .key_by(lambda t: t[0], key_type=Types.STRING()).process(EventTimer()).execute_and_collect()
    assert sorted(out) == [('a', TimeDomain.EVENT_TIME, t) for t in (11, 13, 14)] + \
        [('b', TimeDomain.EVENT_TIME, t) for t in (12, 15)]


def test_batch_mode_fires_every_timer_and_window_at_the_end_and_has_no_late_data(env):
    from spate.common import WatermarkStrategy
    from spate.common.watermark_strategy import TimestampAssigner
    from spate.datastream import RuntimeExecutionMode
    from spate.datastream.window import TumblingEventTimeWindows
    from spate.testing import watermark_after_every_batch
    env.set_runtime_mode(RuntimeExecutionMode.BATCH)
    # Processing-time timers far in the future, and processing-time windows, fire when the input ends.
    class FarAway(KeyedProcessFunction):
        def process_element(self, value, ctx):
            ctx.timer_service().register_processing_time_timer(2 ** 62)
            return []

        def on_timer(self, timestamp, ctx):
            yield ctx.get_current_key(), timestamp

    keyed = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    assert sorted(keyed.process(FarAway()).execute_and_collect()) == [('a', 2 ** 62), ('b', 2 ** 62)]
    keyed = env.from_collection(DATA, type_info=PAIR).key_by(lambda t: t[0], key_type=Types.STRING())
    sums = keyed.window(TumblingProcessingTimeWindows.of(Time.hours(1))).reduce(lambda x, y: (x[0], x[1] + y[1]))
    assert sorted(sums.execute_and_collect()) == [('a', 8), ('b', 7)]

    # Event time: one watermark, at the end, so out-of-order elements are never late.
    class Second(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value[1]

    watermark_after_every_batch(env)
    data = [('a', 1), ('a', 12), ('a', 3), ('a', 14)]
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(Second())
    sums = env.from_collection(data, type_info=PAIR).assign_timestamps_and_watermarks(strategy) \
        .key_by(lambda t: t[0], key_type=Types.STRING()).window(TumblingEventTimeWindows.of(Time.milliseconds(10))) \
        .reduce(lambda x, y: (x[0], x[1] + y[1]))
    assert sorted(sums.execute_and_collect()) == [('a', 4), ('a', 26)]


def test_processing_time_window_functions_see_the_event_time_watermark_and_clear(env):
    from spate.datastream.state import ValueStateDescriptor
    cleared = []

    class Watch(ProcessWindowFunction):
        def process(self, key, context, elements):
            seen = context.window_state().get_state(ValueStateDescriptor('seen', Types.INT()))
            seen.update(len(list(elements)))
            yield key, context.current_watermark()

        def clear(self, context):
            cleared.append(context.window_state().get_state(ValueStateDescriptor('seen', Types.INT())).value())

    env.set_parallelism(1)  # `cleared` is read from this process
    out = keyed(env, 1000).window(TumblingProcessingTimeWindows.of(Time.seconds(1))).process(Watch())
    # No watermarks in this job: event time is at its start, whatever the clock says.
    assert sorted(out.execute_and_collect()) == [('a', -2 ** 63), ('b', -2 ** 63)]
    assert sorted(cleared) == [2, 3]  # each window cleared when it fired
