"""A failing job names the operator and the function the user wrote that raised (its file and line),
keeps the user's exception as the cause, and leaves the interpreter usable."""
import os

import pytest

from spate.common import Duration, Types, WatermarkStrategy
from spate.common.time import Time
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import CoProcessFunction, KeyedProcessFunction
from spate.datastream.functions import AggregateFunction, MapFunction, ProcessWindowFunction
from spate.datastream.window import (EventTimeSessionWindows, Trigger, TriggerResult,
                                     TumblingEventTimeWindows)
from spate.errors import JobExecutionException


def where(function) -> str:
    """How the message names a function: `Class.method (file:line)`."""
    code = function.__code__
    return f"{function.__qualname__} ({code.co_filename}:{code.co_firstlineno})"


def failure_of(env, build) -> JobExecutionException:
    build(env.from_collection([1, 2, 3], type_info=Types.INT()))
    with pytest.raises(JobExecutionException) as caught:
        env.execute()
    # The interpreter runs the next job.
    assert list(env.from_collection([1]).map(lambda x: x + 1).execute_and_collect()) == [2]
    return caught.value


class Stamps(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value


def keyed_by_time(stream):
    """Event time of the value itself, a watermark 100 ms behind, one key."""
    strategy = WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_millis(100)).with_timestamp_assigner(Stamps())
    return stream.assign_timestamps_and_watermarks(strategy).key_by(lambda x: 0, key_type=Types.INT())


class Closing(MapFunction):
    def map(self, value):
        return value

    def close(self):
        raise ValueError("close failed")


def test_an_exception_in_close_fails_the_job_naming_the_operator_and_close(env):
    error = failure_of(env, lambda s: s.map(Closing(), output_type=Types.INT()).name("closing").print())
    assert isinstance(error.__cause__, ValueError) and str(error.__cause__) == "close failed"
    assert f"operator 'closing', function {where(Closing.close)}" in str(error)
    assert str(error).endswith("raised ValueError: close failed")


class FailingAndClosing(Closing):
    def map(self, value):
        raise KeyError("map failed first")


def test_a_close_after_a_failure_leaves_the_first_failure_reported(env):
    # One subtask: with two, one may close (and fail) before the other's map runs at all.
    env.set_parallelism(1)
    error = failure_of(env, lambda s: s.map(FailingAndClosing(), output_type=Types.INT()).name("both").print())
    assert isinstance(error.__cause__, KeyError)
    assert f"function {where(FailingAndClosing.map)}" in str(error)


class Unprintable(Exception):
    def __str__(self):
        raise RuntimeError("str failed")


def raise_unprintable(value):
    raise Unprintable()


def test_an_exception_whose_str_raises_stays_the_cause_of_a_message_naming_the_operator(env):
    error = failure_of(env, lambda s: s.map(raise_unprintable).name("unprintable").print())
    assert type(error.__cause__) is Unprintable
    assert f"operator 'unprintable', function {where(raise_unprintable)}" in str(error)
    assert str(error).endswith("raised Unprintable: <exception str() failed: RuntimeError>")


class Timers(KeyedProcessFunction):
    def process_element(self, value, ctx):
        ctx.timer_service().register_event_time_timer(value + 10)
        yield value

    def on_timer(self, timestamp, ctx):
        raise ValueError("timer failed")


def test_an_on_timer_that_raises_is_named(env):
    error = failure_of(env, lambda s: keyed_by_time(s).process(Timers(), output_type=Types.INT()).print())
    assert f"function {where(Timers.on_timer)}" in str(error)


class Second(CoProcessFunction):
    def process_element1(self, value, ctx):
        yield value

    def process_element2(self, value, ctx):
        raise ValueError("second input failed")


def test_a_process_element2_that_raises_is_named(env):
    error = failure_of(env, lambda s: s.connect(env.from_collection([4], type_info=Types.INT()))
                       .process(Second(), output_type=Types.INT()).print())
    assert f"function {where(Second.process_element2)}" in str(error)


class Triggering(Trigger):
    def on_element(self, element, timestamp, window, ctx):
        raise ValueError("trigger failed")

    def on_processing_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def on_event_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def on_merge(self, window, ctx):
        pass

    def clear(self, window, ctx):
        pass


def test_a_python_triggers_method_that_raises_is_named(env):
    error = failure_of(env, lambda s: keyed_by_time(s).window(TumblingEventTimeWindows.of(Time.milliseconds(10)))
                       .trigger(Triggering()).reduce(lambda a, b: a + b).print())
    assert f"function {where(Triggering.on_element)}" in str(error)


class Aggregating(AggregateFunction):
    def __init__(self, failing: str):
        self.failing = failing

    def fail_in(self, method: str):
        if method == self.failing:
            raise ValueError(f"{method} failed")

    def create_accumulator(self):
        self.fail_in('create_accumulator')
        return 0

    def add(self, value, accumulator):
        self.fail_in('add')
        return accumulator + value

    def get_result(self, accumulator):
        self.fail_in('get_result')
        return accumulator

    def merge(self, a, b):
        self.fail_in('merge')
        return a + b


# Spate folds a window's elements when it fires, so it never merges accumulators: merge is not called.
@pytest.mark.parametrize('method', ['create_accumulator', 'add', 'get_result'])
def test_the_aggregate_functions_method_that_raises_is_named_as_the_user_wrote_it(env, method):
    assigner = EventTimeSessionWindows.with_gap(Time.milliseconds(3))
    error = failure_of(env, lambda s: keyed_by_time(s).window(assigner).aggregate(Aggregating(method)).print())
    assert f"function {where(getattr(Aggregating, method))}" in str(error)
    assert str(error).endswith(f"raised ValueError: {method} failed")


class Unrepresentable:
    """A value whose __repr__ raises: an error message that shows it must not fail in its place."""

    def __repr__(self):
        raise RuntimeError("repr failed")


def make_unrepresentable(value):
    return Unrepresentable()


def test_a_value_whose_repr_raises_is_shown_as_unprintable_in_a_type_error(env):
    with pytest.raises(TypeError) as caught:
        list(env.from_collection([1]).map(make_unrepresentable, output_type=Types.INT()).name("bad type")
             .execute_and_collect())
    assert str(caught.value).startswith(f"operator 'bad type', function {where(make_unrepresentable)}: ")
    assert str(caught.value).endswith("expected int (declared Types.INT()), got <unprintable Unrepresentable> "
                                      "of type Unrepresentable")


class WrongStamps(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return Unrepresentable()


def test_a_timestamp_whose_repr_raises_is_shown_as_unprintable(env):
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(WrongStamps())
    stream = env.from_collection([1]).map(lambda x: Unrepresentable()).assign_timestamps_and_watermarks(strategy)
    with pytest.raises(TypeError) as caught:
        list(stream.execute_and_collect())
    assert ("extract_timestamp must return a non-negative int of milliseconds, got <unprintable Unrepresentable> "
            "of type Unrepresentable for <unprintable Unrepresentable>") in str(caught.value)


class WrongTimer(KeyedProcessFunction):
    def process_element(self, value, ctx):
        ctx.timer_service().register_event_time_timer(Unrepresentable())
        yield value


def test_a_timer_time_whose_repr_raises_is_shown_as_unprintable(env):
    error = failure_of(env, lambda s: s.key_by(lambda x: x).process(WrongTimer(), output_type=Types.INT()).print())
    assert isinstance(error.__cause__, TypeError)
    assert str(error.__cause__) == "a timer's time must be an int of milliseconds, got <unprintable Unrepresentable>"
    assert f"function {where(WrongTimer.process_element)}" in str(error)


class Big(int):
    """An int beyond 64 bits whose __repr__ raises: keyed by its value all the same."""

    def __repr__(self):
        raise RuntimeError("repr failed")


def test_a_key_beyond_64_bits_is_keyed_by_its_value_not_its_repr(env):
    keyed = env.from_collection([1, 2, 3, 4], type_info=Types.INT()).key_by(lambda x: Big(2 ** 70 + x % 2))
    sums = keyed.reduce(lambda a, b: a + b)
    assert sorted(sums.execute_and_collect())[-2:] == [4, 6]


class Averaging(AggregateFunction):
    def create_accumulator(self):
        return 0

    def add(self, value, accumulator):
        return accumulator + value

    def get_result(self, accumulator):
        return "not an int"

    def merge(self, a, b):
        return a + b


class Labelling(ProcessWindowFunction):
    def process(self, key, context, elements):
        yield "not an int either"


def test_a_window_aggregates_wrong_result_names_the_users_function_not_spates_wrapper(env):
    windows = keyed_by_time(env.from_collection([1, 2, 3], type_info=Types.INT())) \
        .window(TumblingEventTimeWindows.of(Time.milliseconds(10)))
    with pytest.raises(TypeError) as caught:
        list(windows.aggregate(Averaging(), output_type=Types.INT()).execute_and_collect())
    window = "Window(TumblingEventTimeWindows(10, 0), EventTimeTrigger, {})"  # PyFlink's name for the node
    assert str(caught.value).startswith(f"operator '{window.format('Averaging')}', function {where(Averaging.get_result)}: ")
    with pytest.raises(TypeError) as caught:
        list(windows.aggregate(Averaging(), Labelling(), output_type=Types.INT()).execute_and_collect())
    assert str(caught.value).startswith(f"operator '{window.format('Labelling')}', function {where(Labelling.process)}: ")


class StrFails:
    def __str__(self):
        raise ValueError("no text")


def test_a_printed_value_whose_str_raises_is_the_cause_of_the_jobs_failure(env, capfd):
    error = failure_of(env, lambda s: s.map(lambda x: StrFails()).print())
    assert type(error.__cause__) is ValueError and str(error.__cause__) == "no text"
    assert f"operator 'Sink: Print to Std. Out', function {where(StrFails.__str__)}" in str(error)
    assert "Exception ignored" not in capfd.readouterr().err  # reported once, as the cause


def test_user_code_is_neither_spates_nor_the_standard_librarys_but_may_be_installed():
    import asyncio
    import sysconfig
    import spate.datastream.data_stream
    from spate.datastream._failure import _is_user_code
    stdlib = sysconfig.get_paths()['stdlib']
    assert _is_user_code(__file__) and _is_user_code('<string>')
    assert not _is_user_code(spate.datastream.data_stream.__file__)
    assert not _is_user_code(asyncio.__file__) and not _is_user_code('<frozen runpy>')
    # A package installed inside the standard library's folder is the user's.
    assert _is_user_code(os.path.join(stdlib, 'site-packages', 'jobs', 'job.py'))


class ClosedPipe:
    """A standard output whose reader has gone (as `spate run job.py | head -1` leaves it)."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass


def test_standard_output_that_fails_is_the_cause_of_the_print_sinks_failure(env, capfd, monkeypatch):
    monkeypatch.setattr('sys.stdout', ClosedPipe())
    env.from_collection([1, 2, 3], type_info=Types.INT()).print()
    with pytest.raises(JobExecutionException) as caught:
        env.execute()
    monkeypatch.undo()
    assert type(caught.value.__cause__) is BrokenPipeError
    assert "operator 'Sink: Print to Std. Out'" in str(caught.value) and "Broken pipe" in str(caught.value)
    assert "Exception ignored" not in capfd.readouterr().err  # reported once, as the cause
    assert list(env.from_collection([1]).map(lambda x: x + 1).execute_and_collect()) == [2]
