"""Keyed event-time windows: assignment, firing on watermarks, reduce in Python."""
import pytest

from spate.common import Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream.window import SlidingEventTimeWindows, TumblingEventTimeWindows
from spate.errors import JobExecutionException

DATA = [('hi', 1), ('hi', 2), ('hi', 3), ('hi', 4), ('hi', 5), ('hi', 8), ('hi', 9), ('hi', 15)]


class SecondField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


def windowed(env, data, assigner):
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField())
    return ds.assign_timestamps_and_watermarks(strategy).key_by(lambda x: x[0], key_type=Types.STRING()) \
        .window(assigner).reduce(lambda a, b: (a[0], a[1] + b[1]))


def test_tumbling_windows_sum_per_key_and_window(env):
    out = list(windowed(env, DATA, TumblingEventTimeWindows.of(Time.milliseconds(5))).execute_and_collect())
    # [0, 5): 1+2+3+4; [5, 10): 5+8+9; [15, 20): 15 — in window order, as PyFlink prints them.
    assert out == [('hi', 10), ('hi', 22), ('hi', 15)]


def test_sliding_windows_include_negative_starts(env):
    out = list(windowed(env, DATA, SlidingEventTimeWindows.of(Time.milliseconds(5), Time.milliseconds(2)))
               .execute_and_collect())
    # [-2,3) [0,5) [2,7) [4,9) [6,11) [8,13) [12,17) [14,19)
    assert out == [('hi', 3), ('hi', 10), ('hi', 14), ('hi', 17), ('hi', 17), ('hi', 17), ('hi', 15), ('hi', 15)]


def test_many_keys_in_parallel(env):
    data = [(f"k{i % 7}", i) for i in range(2000)]
    out = list(windowed(env, data, TumblingEventTimeWindows.of(Time.milliseconds(100))).execute_and_collect())
    assert len(out) == 7 * 20
    assert sum(v for _, v in out) == sum(range(2000))


def test_offset_shifts_the_windows(env):
    out = list(windowed(env, DATA, TumblingEventTimeWindows.of(Time.milliseconds(5), Time.milliseconds(2)))
               .execute_and_collect())
    # [-3, 2): 1; [2, 7): 2+3+4+5; [7, 12): 8+9; [12, 17): 15
    assert out == [('hi', 1), ('hi', 14), ('hi', 17), ('hi', 15)]


def test_bad_windows_and_missing_timestamps_fail_clearly(env):
    with pytest.raises(ValueError, match="size must be positive"):
        TumblingEventTimeWindows.of(Time.milliseconds(0))
    with pytest.raises(ValueError, match="offset must be smaller"):
        SlidingEventTimeWindows.of(Time.milliseconds(10), Time.milliseconds(2), Time.milliseconds(3))
    keyed = env.from_collection(DATA, type_info=Types.TUPLE([Types.STRING(), Types.INT()])).key_by(lambda x: x[0])
    with pytest.raises(TypeError, match="expected a WindowAssigner"):
        keyed.window(5)
    keyed.window(TumblingEventTimeWindows.of(Time.milliseconds(5))).reduce(lambda a, b: a).print()
    with pytest.raises(JobExecutionException, match="need timestamps; call assign_timestamps_and_watermarks"):
        env.execute()


def test_a_failing_reduce_names_the_window_operator(env):
    def boom(a, b):
        raise RuntimeError("no")
    ds = env.from_collection(DATA, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField())
    ds.assign_timestamps_and_watermarks(strategy).key_by(lambda x: x[0]) \
        .window(TumblingEventTimeWindows.of(Time.milliseconds(5))).reduce(boom).print()
    with pytest.raises(JobExecutionException, match="Window Reduce") as info:
        env.execute()
    assert isinstance(info.value.__cause__, RuntimeError)


from spate.datastream import ProcessWindowFunction, WindowFunction  # noqa: E402

RESULT = Types.TUPLE([Types.STRING(), Types.INT(), Types.INT(), Types.INT()])


class CountWindow(ProcessWindowFunction):
    def process(self, key, context, elements):
        return [(key, context.window().start, context.window().end, len([e for e in elements]))]


def with_time(env, data):
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField())
    return ds.assign_timestamps_and_watermarks(strategy).key_by(lambda x: x[0], key_type=Types.STRING())


def test_process_window_function_prints_as_pyflink(capsys):
    # The example of PyFlink's documentation, with the lines PyFlink prints.
    from spate.datastream import StreamExecutionEnvironment
    env = StreamExecutionEnvironment.get_execution_environment()
    with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5))).process(CountWindow(), RESULT).print()
    env.execute()
    assert capsys.readouterr().out.splitlines() == ["(hi,0,5,4)", "(hi,5,10,3)", "(hi,15,20,1)"]


def test_process_and_apply_over_keys_in_parallel(env):
    data = [("a", 1), ("b", 2), ("a", 6), ("b", 7), ("a", 8)]
    out = with_time(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .process(CountWindow(), RESULT).execute_and_collect()
    assert sorted(out) == [("a", 0, 5, 1), ("a", 5, 10, 2), ("b", 0, 5, 1), ("b", 5, 10, 1)]

    class Sum(WindowFunction):
        def apply(self, key, window, inputs):
            yield key, window.max_timestamp(), sum(v for _, v in inputs)

    summed = with_time(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .apply(Sum(), Types.TUPLE([Types.STRING(), Types.LONG(), Types.LONG()])).execute_and_collect()
    assert sorted(summed) == [("a", 4, 1), ("a", 9, 14), ("b", 4, 2), ("b", 9, 7)]


def test_window_functions_fail_clearly(env):
    class NotIterable(ProcessWindowFunction):
        def process(self, key, context, elements):
            return 5

    with pytest.raises(TypeError, match="expected a ProcessWindowFunction"):
        with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5))).process(lambda *a: a)
    with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5))).process(NotIterable()).print()
    with pytest.raises(JobExecutionException, match="must return an iterable"):
        env.execute()
    with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .process(CountWindow(), Types.TUPLE([Types.STRING(), Types.INT(), Types.INT(), Types.STRING()])).print()
    with pytest.raises(TypeError, match="expected str"):
        env.execute()


def test_count_windows_fire_every_n_elements_per_key_and_drop_leftovers(env):
    data = [('a', i) for i in range(7)] + [('b', i) for i in range(4)]
    keyed = env.from_collection(data).key_by(lambda x: x[0])
    out = keyed.count_window(3).reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect()
    assert sorted(out) == [('a', 3), ('a', 12), ('b', 3)]

    class Ids(ProcessWindowFunction):
        def process(self, key, context, elements):
            yield key, context.window().id, [v for _, v in elements]

    out = env.from_collection(data).key_by(lambda x: x[0]).count_window(2).process(Ids()).execute_and_collect()
    assert sorted(out) == [('a', 0, [0, 1]), ('a', 1, [2, 3]), ('a', 2, [4, 5]), ('b', 0, [0, 1]), ('b', 1, [2, 3])]


def test_count_window_arguments_are_checked(env):
    keyed = env.from_collection([1]).key_by(lambda x: x)
    with pytest.raises(ValueError, match="size must be a positive int"):
        keyed.count_window(0)
    with pytest.raises(ValueError, match="slide must be a positive int"):
        keyed.count_window(3, -1)


def test_sliding_count_windows_hold_size_elements_every_slide_as_pyflink(env):
    class Ids(ProcessWindowFunction):
        def process(self, key, context, elements):
            yield key, context.window().id, [v for _, v in elements]

    data = [('a', i) for i in range(8)] + [('b', i) for i in range(3)]
    out = env.from_collection(data).key_by(lambda x: x[0]).count_window(3, 2).process(Ids()).execute_and_collect()
    # Window k holds elements 2k .. 2k+2 and fires once complete; ('a', 7) and b's window 1 never complete.
    assert sorted(out) == [('a', 0, [0, 1, 2]), ('a', 1, [2, 3, 4]), ('a', 2, [4, 5, 6]), ('b', 0, [0, 1, 2])]
    # A slide beyond the size skips the elements between windows.
    out = env.from_collection(data).key_by(lambda x: x[0]).count_window(2, 3).process(Ids()).execute_and_collect()
    assert sorted(out) == [('a', 0, [0, 1]), ('a', 1, [3, 4]), ('a', 2, [6, 7]), ('b', 0, [0, 1])]
    summed = env.from_collection(data).key_by(lambda x: x[0]).count_window(2, 1) \
        .reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect()
    assert sorted(summed) == sorted([('a', i + i + 1) for i in range(7)] + [('b', 1), ('b', 3)])
    # What a count window holds depends on arrival order, which a rebalance over two subtasks does
    # not keep (records are dealt one by one, as Flink deals them): one subtask keeps it.
    env.set_parallelism(1)
    every = env.from_collection(list(range(5))).count_window_all(2, 1).reduce(lambda a, b: a + b).execute_and_collect()
    assert list(every) == [1, 3, 5, 7]


def test_aggregate_and_window_functions_after_a_pre_aggregation(env):
    from spate.datastream import AggregateFunction

    class Average(AggregateFunction):
        def create_accumulator(self):
            return 0, 0

        def add(self, value, accumulator):
            return accumulator[0] + value[1], accumulator[1] + 1

        def get_result(self, accumulator):
            return accumulator[0] / accumulator[1]

        def merge(self, a, b):
            return a[0] + b[0], a[1] + b[1]

    class WithWindow(ProcessWindowFunction):
        def process(self, key, context, averages):
            yield key, context.window().start, averages[0]

    windows = with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    assert list(windows.aggregate(Average()).execute_and_collect()) == [2.5, 22 / 3, 15.0]
    windows = with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    assert list(windows.aggregate(Average(), WithWindow()).execute_and_collect()) == \
        [('hi', 0, 2.5), ('hi', 5, 22 / 3), ('hi', 15, 15.0)]

    class Tag(WindowFunction):
        def apply(self, key, window, values):
            yield key, window.end, values[0][1]

    windows = with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    out = windows.reduce(lambda a, b: (a[0], a[1] + b[1]), Tag()).execute_and_collect()
    assert list(out) == [('hi', 5, 10), ('hi', 10, 22), ('hi', 20, 15)]
    with pytest.raises(TypeError, match="expected an AggregateFunction"):
        windows.aggregate(lambda x: x)


def test_window_all_evaluates_windows_over_every_key(env):
    from spate.datastream import AllWindowFunction, ProcessAllWindowFunction
    data = [('a', 1), ('b', 2), ('a', 3), ('c', 7)]
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    timed = ds.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField()))
    out = timed.window_all(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .reduce(lambda a, b: ('all', a[1] + b[1])).execute_and_collect()
    assert sorted(out) == [('all', 6), ('c', 7)]  # two windows: at sink parallelism 2, in either order

    class Count(ProcessAllWindowFunction):
        def process(self, context, elements):
            yield context.window().start, len(list(elements))

    class Keys(AllWindowFunction):
        def apply(self, window, inputs):
            yield window.end, sorted(k for k, _ in inputs)

    windows = timed.window_all(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    assert sorted(windows.process(Count()).execute_and_collect()) == [(0, 3), (5, 1)]
    windows = timed.window_all(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    assert sorted(windows.apply(Keys()).execute_and_collect()) == [(5, ['a', 'a', 'b']), (10, ['c'])]
    with pytest.raises(TypeError, match="expected a WindowAssigner"):
        ds.window_all(None)


def test_session_windows_merge_overlapping_and_touching_elements(env):
    from spate.datastream.window import EventTimeSessionWindows
    # Gap 3: 1,2,4 -> [1,7) (4's [4,7) touches... overlaps [1,5)); 7 touches [1,7) too -> [1,10);
    # 15 alone -> [15,18); key b: 3 alone.
    data = [('a', 1), ('a', 2), ('b', 3), ('a', 4), ('a', 7), ('a', 15)]
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.INT()]))
    timed = ds.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField()))

    class Span(ProcessWindowFunction):
        def process(self, key, context, elements):
            # Sorted: at parallelism 2 the elements reach the window in either subtask's order.
            yield key, context.window().start, context.window().end, sorted(v for _, v in elements)

    out = timed.key_by(lambda x: x[0]).window(EventTimeSessionWindows.with_gap(Time.milliseconds(3))) \
        .process(Span()).execute_and_collect()
    assert sorted(out) == [('a', 1, 10, [1, 2, 4, 7]), ('a', 15, 18, [15]), ('b', 3, 6, [3])]
    sums = timed.key_by(lambda x: x[0]).window(EventTimeSessionWindows.with_gap(Time.milliseconds(3))) \
        .reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect()
    assert sorted(sums) == [('a', 14), ('a', 15), ('b', 3)]
    with pytest.raises(ValueError, match="gap must be positive"):
        EventTimeSessionWindows.with_gap(Time.milliseconds(0))


def test_allowed_lateness_keeps_results_and_is_checked(env):
    windows = with_time(env, DATA).window(TumblingEventTimeWindows.of(Time.milliseconds(5))).allowed_lateness(10)
    # Nothing is late in a bounded collection read before its first watermark: same results.
    out = windows.reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect()
    assert list(out) == [('hi', 10), ('hi', 22), ('hi', 15)]
    keyed = with_time(env, DATA)
    with pytest.raises(ValueError, match="non-negative int"):
        keyed.window(TumblingEventTimeWindows.of(Time.milliseconds(5))).allowed_lateness(-1)
    with pytest.raises(NotImplementedError, match="allowed_lateness is supported for tumbling, sliding and session"):
        keyed.count_window(2).allowed_lateness(5)


def test_dynamic_session_gaps_come_from_each_element(env):
    from spate.datastream.window import (DynamicEventTimeSessionWindows, EventTimeSessionWindows,
                                         SessionWindowTimeGapExtractor)

    class ByKind(SessionWindowTimeGapExtractor):
        def extract(self, element):
            return 10 if element[0] == 'long' else 2

    data = [('long', 1), ('long', 8), ('long', 20), ('short', 1), ('short', 4), ('short', 5)]
    out = with_time(env, data).window(EventTimeSessionWindows.with_dynamic_gap(ByKind())) \
        .process(CountWindow(), RESULT).execute_and_collect()
    # long (gap 10): [1, 11) and [8, 18) merge; [20, 30) starts after 18. short (gap 2): [4, 6) and [5, 7) merge.
    assert sorted(out) == [('long', 1, 18, 2), ('long', 20, 30, 1), ('short', 1, 3, 1), ('short', 4, 7, 2)]
    summed = with_time(env, data).window(DynamicEventTimeSessionWindows.with_dynamic_gap(lambda e: 100)) \
        .reduce(lambda a, b: (a[0], a[1] + b[1])).execute_and_collect()
    assert sorted(summed) == [('long', 29), ('short', 10)]


def test_a_dynamic_gap_must_be_a_positive_int(env):
    from spate.datastream.window import EventTimeSessionWindows
    stream = with_time(env, DATA).window(EventTimeSessionWindows.with_dynamic_gap(lambda e: 0)).process(CountWindow(), RESULT)
    with pytest.raises(JobExecutionException, match="a dynamic session gap must be positive, got 0 ms"):
        list(stream.execute_and_collect())
    stream = with_time(env, DATA).window(EventTimeSessionWindows.with_dynamic_gap(lambda e: 'soon')).process(CountWindow(), RESULT)
    with pytest.raises(TypeError, match="soon"):
        list(stream.execute_and_collect())
    with pytest.raises(TypeError, match="expected a SessionWindowTimeGapExtractor"):
        EventTimeSessionWindows.with_dynamic_gap(5)


def test_window_state_lives_with_its_window_and_global_state_with_its_key(env):
    from spate.datastream.state import ValueStateDescriptor

    class Firings(ProcessWindowFunction):
        """Counts firings per window (allowed lateness re-fires) and windows per key."""

        def process(self, key, context, elements):
            in_window = context.window_state().get_state(ValueStateDescriptor('firings', Types.INT()))
            in_window.update((in_window.value() or 0) + 1)
            per_key = context.global_state().get_state(ValueStateDescriptor('windows', Types.INT()))
            if in_window.value() == 1:
                per_key.update((per_key.value() or 0) + 1)
            yield context.window().start, in_window.value(), per_key.value()

        def clear(self, context):
            cleared.append((context.window().start, context.window_state().get_state(
                ValueStateDescriptor('firings', Types.INT())).value()))

    from spate.testing import watermark_after_every_batch
    cleared = []
    env.set_parallelism(1)  # `cleared` is read from this process
    watermark_after_every_batch(env)
    # [0, 5) fires at watermark 7 (after 8) and again for 3 (late, within 5 ms of lateness);
    # 20 (watermark 19) ends its lateness: clear() sees its two firings.
    data = [('k', 1), ('k', 8), ('k', 3), ('k', 20)]
    out = with_time(env, data).window(TumblingEventTimeWindows.of(Time.milliseconds(5))).allowed_lateness(5) \
        .process(Firings()).execute_and_collect()
    assert list(out) == [(0, 1, 1), (0, 2, 1), (5, 1, 2), (20, 1, 3)]
    assert cleared == [(0, 2), (5, 1), (20, 1)]
