"""Side outputs: `yield tag, value` from process functions, `get_side_output`, and late window data."""
import pytest

from spate.common import Time, Types, WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import KeyedProcessFunction, OutputTag, ProcessFunction, ProcessWindowFunction
from spate.datastream.window import (EventTimeSessionWindows, SlidingEventTimeWindows,
                                     TumblingEventTimeWindows)
from spate.testing import watermark_after_every_batch

PAIR = Types.TUPLE([Types.STRING(), Types.INT()])
COUNT = Types.TUPLE([Types.STRING(), Types.LONG(), Types.LONG(), Types.INT()])
NEGATIVE = OutputTag('negative', Types.LONG())
ODD = OutputTag('odd')


class Split(ProcessFunction):
    def process_element(self, value, ctx):
        if value < 0:
            yield NEGATIVE, value
        elif value % 2:
            yield ODD, f"odd {value}"
        else:
            yield value * 10


def split(env):
    return env.from_collection([1, -2, 3, 4, -5, 6], type_info=Types.LONG()).process(Split(), Types.LONG())


def test_process_function_writes_main_and_side_outputs(env):
    main = split(env)
    negative = main.get_side_output(NEGATIVE).map(lambda x: x * 100, Types.LONG())
    odd = main.get_side_output(ODD)
    assert sorted(main.execute_and_collect()) == [40, 60]
    main = split(env)
    assert sorted(main.get_side_output(NEGATIVE).execute_and_collect()) == [-5, -2]
    main = split(env)
    assert sorted(main.get_side_output(ODD).execute_and_collect()) == ['odd 1', 'odd 3']
    del negative, odd


def test_every_output_in_one_job(env, capsys):
    env.set_parallelism(1)
    main = split(env)
    main.get_side_output(NEGATIVE).map(lambda x: x * 100, Types.LONG()).print()
    main.get_side_output(ODD).print()
    main.print()
    env.execute()
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(['-200', '-500', 'odd 1', 'odd 3', '40', '60'])


def test_tags_nobody_reads_are_dropped(env):
    # Split yields to NEGATIVE and ODD; without get_side_output those records go nowhere.
    assert sorted(split(env).execute_and_collect()) == [40, 60]


def test_a_side_output_feeds_keyed_and_repartitioned_operators(env):
    main = split(env)
    side = main.get_side_output(NEGATIVE).rebalance().map(lambda x: ('n', x), PAIR)
    summed = side.key_by(lambda t: t[0]).reduce(lambda a, b: (a[0], a[1] + b[1]))
    assert list(summed.execute_and_collect())[-1] == ('n', -7)


class Alarm(KeyedProcessFunction):
    """Counts per key; a timer at the element's time + 10 reports the key to a side output."""

    def process_element(self, value, ctx):
        ctx.timer_service().register_event_time_timer(ctx.timestamp() + 10)
        yield value

    def on_timer(self, timestamp, ctx):
        yield ALARM, (ctx.get_current_key(), timestamp)


ALARM = OutputTag('alarm', PAIR)


class SecondField(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[1]


def with_time(env, data):
    """`data` with event time, in arrival order (one watermark generator, then any parallelism)."""
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(SecondField())
    return env.from_collection(data, type_info=PAIR).assign_timestamps_and_watermarks(strategy).set_parallelism(1)


def test_timers_emit_to_side_outputs_with_the_timer_timestamp(env):
    main = with_time(env, [('a', 1), ('b', 2), ('a', 5)]).key_by(lambda t: t[0], key_type=Types.STRING()) \
        .process(Alarm(), PAIR)
    alarms = main.get_side_output(ALARM).map(lambda t: t, PAIR)
    assert sorted(alarms.execute_and_collect()) == [('a', 11), ('a', 15), ('b', 12)]


def test_a_side_output_value_of_the_wrong_type_fails_naming_the_operator(env):
    class Bad(ProcessFunction):
        def process_element(self, value, ctx):
            yield NEGATIVE, 'not a number'

    stream = env.from_collection([1], type_info=Types.LONG()).process(Bad(), Types.LONG()).name('bad-split')
    with pytest.raises(TypeError, match="bad-split.*side output.*BIGINT|bad-split.*side output.*LONG"):
        list(stream.get_side_output(NEGATIVE).execute_and_collect())
    assert sorted(split(env).execute_and_collect()) == [40, 60]  # the next job runs


def test_tags_and_get_side_output_check_their_arguments(env):
    with pytest.raises(ValueError, match="tag_id"):
        OutputTag('')
    with pytest.raises(TypeError, match="type_info"):
        OutputTag('x', 5)
    assert OutputTag('r', [Types.INT(), Types.STRING()]).type_info == Types.ROW([Types.INT(), Types.STRING()])
    assert OutputTag('x').type_info == Types.PICKLED_BYTE_ARRAY()
    main = split(env)
    with pytest.raises(TypeError, match="expected an OutputTag"):
        main.get_side_output('negative')
    main.get_side_output(NEGATIVE)
    with pytest.raises(ValueError, match="already read as"):
        main.get_side_output(OutputTag('negative', Types.STRING()))
    with pytest.raises(TypeError, match="not an operator with side outputs"):
        main.union(main).get_side_output(NEGATIVE)


# ---- late window data ----

LATE = OutputTag('late', PAIR)
# Watermarks follow every element (monotonous: watermark = timestamp - 1): after 12 arrives,
# [0, 5) has fired, so 3 and 4 are late; after 15, [5, 10) is gone too, so 5 is late.
ARRIVALS = [('hi', 1), ('hi', 2), ('hi', 12), ('hi', 3), ('hi', 4), ('hi', 15), ('hi', 5), ('hi', 16)]


class CountWindow(ProcessWindowFunction):
    def process(self, key, context, elements):
        yield key, context.window().start, context.window().end, len(list(elements))


def windowed(env, assigner, data=ARRIVALS):
    watermark_after_every_batch(env)
    return with_time(env, data).key_by(lambda t: t[0], key_type=Types.STRING()).window(assigner)


def test_late_elements_go_to_the_late_side_output(env):
    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))).side_output_late_data(LATE) \
        .process(CountWindow(), COUNT)
    late = counts.get_side_output(LATE)
    assert list(late.execute_and_collect()) == [('hi', 3), ('hi', 4), ('hi', 5)]
    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))).side_output_late_data(LATE) \
        .process(CountWindow(), COUNT)
    assert list(counts.execute_and_collect()) == [('hi', 0, 5, 2), ('hi', 10, 15, 1), ('hi', 15, 20, 2)]


def test_late_elements_of_a_reduce_window_keep_their_timestamps(env):
    class Stamp(ProcessFunction):
        def process_element(self, value, ctx):
            yield value[0], ctx.timestamp()

    sums = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))).side_output_late_data(LATE) \
        .reduce(lambda a, b: (a[0], a[1] + b[1]))
    late = sums.get_side_output(LATE).process(Stamp(), PAIR)
    assert list(late.execute_and_collect()) == [('hi', 3), ('hi', 4), ('hi', 5)]


def test_a_sliding_window_element_is_late_only_when_all_its_windows_fired(env):
    # After 12 (watermark 11), [0, 10) and [-5, 5) have fired: 3 belongs only to those and is late;
    # 7 still belongs to [5, 15), so it is counted there and not late.
    data = [('hi', 1), ('hi', 12), ('hi', 3), ('hi', 7)]
    counts = windowed(env, SlidingEventTimeWindows.of(Time.milliseconds(10), Time.milliseconds(5)), data) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(counts.get_side_output(LATE).execute_and_collect()) == [('hi', 3)]
    counts = windowed(env, SlidingEventTimeWindows.of(Time.milliseconds(10), Time.milliseconds(5)), data) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert sorted(counts.execute_and_collect()) == [('hi', -5, 5, 1), ('hi', 0, 10, 1), ('hi', 5, 15, 2),
                                                    ('hi', 10, 20, 1)]


def test_allowed_lateness_refires_and_only_later_elements_are_late(env):
    # With 5 ms of lateness, [0, 5) is kept until the watermark reaches 9: 3 re-fires it; after
    # 15 (watermark 14) it is gone and 4 is late.
    data = [('hi', 1), ('hi', 8), ('hi', 3), ('hi', 15), ('hi', 4)]
    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5)), data).allowed_lateness(5) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(counts.get_side_output(LATE).execute_and_collect()) == [('hi', 4)]
    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5)), data).allowed_lateness(5) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(counts.execute_and_collect()) == [('hi', 0, 5, 1), ('hi', 0, 5, 2), ('hi', 5, 10, 1),
                                                  ('hi', 15, 20, 1)]


def test_late_session_elements_and_window_all(env):
    data = [('a', 1), ('a', 20), ('a', 3), ('a', 21)]
    sessions = windowed(env, EventTimeSessionWindows.with_gap(Time.milliseconds(5)), data) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(sessions.get_side_output(LATE).execute_and_collect()) == [('a', 3)]

    from spate.datastream.functions import ProcessAllWindowFunction

    class CountAllWindows(ProcessAllWindowFunction):
        def process(self, context, elements):
            yield len(list(elements))

    watermark_after_every_batch(env)
    all_windows = with_time(env, ARRIVALS).window_all(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .side_output_late_data(LATE).process(CountAllWindows(), Types.INT())
    # One subtask evaluates window_all; its side output is rebalanced over the job's parallelism.
    assert sorted(all_windows.get_side_output(LATE).execute_and_collect()) == [('hi', 3), ('hi', 4), ('hi', 5)]


def test_a_pickled_late_tag_takes_the_input_type_and_a_wrong_type_is_refused(env):
    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .side_output_late_data(OutputTag('late')).process(CountWindow(), COUNT)
    late = counts.get_side_output(OutputTag('late'))
    assert late.get_type() == PAIR
    assert list(late.execute_and_collect()) == [('hi', 3), ('hi', 4), ('hi', 5)]
    with pytest.raises(ValueError, match="late elements are the window's input records"):
        windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))) \
            .side_output_late_data(OutputTag('late', Types.LONG()))
    with pytest.raises(TypeError, match="expected an OutputTag"):
        windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))).side_output_late_data('late')


def test_a_process_window_function_may_write_side_outputs(env):
    big = OutputTag('big', Types.STRING())

    class Flag(ProcessWindowFunction):
        def process(self, key, context, elements):
            count = len(list(elements))
            if count > 1:
                yield big, f"{key}@{context.window().start}"
            yield key, context.window().start, context.window().end, count

    counts = windowed(env, TumblingEventTimeWindows.of(Time.milliseconds(5))).process(Flag(), COUNT)
    assert list(counts.get_side_output(big).execute_and_collect()) == ['hi@0', 'hi@15']


def test_session_windows_keep_their_allowed_lateness(env):
    # Gap 5: 1 -> [1, 6) fires at watermark 9 (after 10); 3 (within 5 ms of lateness) joins it and
    # fires it again with both; after 20 (watermark 19) it is gone and 2 is late.
    data = [('hi', 1), ('hi', 10), ('hi', 3), ('hi', 20), ('hi', 2)]
    counts = windowed(env, EventTimeSessionWindows.with_gap(Time.milliseconds(5)), data).allowed_lateness(5) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(counts.get_side_output(LATE).execute_and_collect()) == [('hi', 2)]
    counts = windowed(env, EventTimeSessionWindows.with_gap(Time.milliseconds(5)), data).allowed_lateness(5) \
        .side_output_late_data(LATE).process(CountWindow(), COUNT)
    assert list(counts.execute_and_collect()) == [('hi', 1, 6, 1), ('hi', 1, 8, 2), ('hi', 10, 15, 1), ('hi', 20, 25, 1)]


def test_watermark_generators_with_an_idle_timeout_give_every_window(env):
    # with_idleness reaches the generators (generator 1 sees no record: partition_custom sends all
    # to 0); the exact idle rules are checked by the Swift tests, which drive the clock. A
    # generator fed without pause stays active, so in-order data fills and fires every window.
    from spate.common import Duration
    data = [('hi', t) for t in range(1, 31)]
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_idleness(Duration.of_seconds(60)) \
        .with_timestamp_assigner(SecondField())
    watermark_after_every_batch(env)
    counts = env.from_collection(data, type_info=PAIR).partition_custom(lambda key, n: 0, lambda t: t[0]) \
        .assign_timestamps_and_watermarks(strategy).set_parallelism(2) \
        .key_by(lambda t: t[0], key_type=Types.STRING()).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .process(CountWindow(), COUNT)
    assert sorted(counts.execute_and_collect()) == [('hi', 0, 5, 4)] + [('hi', s, s + 5, 5) for s in (5, 10, 15, 20, 25)] \
        + [('hi', 30, 35, 1)]
    with pytest.raises(ValueError, match="idle_timeout must be greater than zero"):
        WatermarkStrategy.for_monotonous_timestamps().with_idleness(Duration.of_millis(0))


@pytest.mark.parametrize("idle_after", [100, None])
def test_an_idle_source_subtask_holds_event_time_back_only_without_idleness(tmp_path, idle_after):
    # Two source subtasks on an endless monitored directory; the one file goes to one of them, the
    # other never has a record. With idleness it is left out of event time after 100 ms, so the
    # windows fire while the job runs; without, the stream's watermark stays at its start and
    # nothing fires (the test stops waiting after a second).
    import _thread
    import threading
    from spate.common import Duration
    from spate.datastream import StreamExecutionEnvironment
    from spate.datastream.connectors.file_system import FileSource, StreamFormat

    class LineNumber(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return int(value)

    (tmp_path / "times.txt").write_text("".join(f"{t}\n" for t in range(1, 13)))
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path)) \
        .monitor_continuously(Duration.of_millis(10)).build()
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(LineNumber())
    if idle_after is not None:
        strategy = strategy.with_idleness(Duration.of_millis(idle_after))
    counts = env.from_source(source, strategy, "times") \
        .key_by(lambda line: "k", key_type=Types.STRING()).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .process(CountWindow(), COUNT)
    watchdog = threading.Timer(10.0 if idle_after else 1.0, _thread.interrupt_main)
    watchdog.start()
    try:
        with counts.execute_and_collect() as results:
            if idle_after is None:
                with pytest.raises(KeyboardInterrupt):
                    next(results)
            else:
                assert [next(results), next(results)] == [('k', 0, 5, 4), ('k', 5, 10, 5)]
    finally:
        watchdog.cancel()
