"""Jobs end cleanly: Ctrl-C, failures and early closes leave no threads, references or memory behind."""
import _thread
import gc
import os
import sys
import threading
import time

import pytest

from spate.common import Types, WatermarkStrategy
from spate.datastream import StreamExecutionEnvironment
from spate.datastream.connectors.number_seq import NumberSequenceSource
from spate.errors import JobExecutionException


def thread_count() -> int:
    return len(os.listdir("/proc/self/task"))


def endless(env):
    return env.from_source(NumberSequenceSource(0, 2 ** 62), WatermarkStrategy.no_watermarks(), "endless")


def test_ctrl_c_stops_execute_within_a_second(env):
    endless(env).map(lambda x: x + 1, output_type=Types.LONG()).filter(lambda x: x < 0).print()
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        env.execute()
    assert time.monotonic() - started < 0.3 + 1.0
    timer.join()
    # The interpreter is usable and the next job runs.
    assert sorted(env.from_collection([1, 2]).map(lambda x: x * 3).execute_and_collect()) == [3, 6]


def test_ctrl_c_stops_a_collect_iterator(env):
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        for _ in endless(env).filter(lambda x: x < 0).execute_and_collect():
            pass
    assert time.monotonic() - started < 1.3
    timer.join()


def test_failing_jobs_leak_no_threads_or_memory():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)

    def fail_sometimes(x):
        if x == 5000:
            raise ValueError("bad record")
        return x

    def run_once():
        endless_enough = env.from_source(NumberSequenceSource(0, 100_000), WatermarkStrategy.no_watermarks(), "src")
        endless_enough.map(fail_sometimes).key_by(lambda x: x % 7).reduce(lambda a, b: a + b).print()
        with pytest.raises(JobExecutionException):
            env.execute()

    run_once()
    gc.collect()
    threads = thread_count()
    rss = _rss_kib()
    for _ in range(30):
        run_once()
    gc.collect()
    assert thread_count() == threads
    assert _rss_kib() - rss < 20 * 1024  # under 20 MiB over 30 failed jobs


def _python_thread_states():
    """How many thread states the interpreter has (through its C API, as ctypes reaches it)."""
    import ctypes
    api = ctypes.pythonapi
    api.PyInterpreterState_Main.restype = ctypes.c_void_p
    api.PyInterpreterState_ThreadHead.restype = ctypes.c_void_p
    api.PyInterpreterState_ThreadHead.argtypes = [ctypes.c_void_p]
    api.PyThreadState_Next.restype = ctypes.c_void_p
    api.PyThreadState_Next.argtypes = [ctypes.c_void_p]
    count, state = 0, api.PyInterpreterState_ThreadHead(api.PyInterpreterState_Main())
    while state:
        count += 1
        state = api.PyThreadState_Next(state)
    return count


def test_each_spate_thread_keeps_one_python_thread_state_and_deletes_it_when_it_ends():
    # A thread of Spate's makes its Python thread state on its first batch and keeps it (making one
    # per batch cost a mapping and a free each time); the state goes when the thread ends.
    # threading.local lives in the thread state: a new state starts without the attribute.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    before = _python_thread_states()
    for _ in range(3):
        per_state = threading.local()
        new_states = []

        def note_state(x):
            if not hasattr(per_state, 'seen'):
                per_state.seen = True
                new_states.append(_python_thread_states())
            return x

        ds = env.from_source(NumberSequenceSource(0, 99_999), WatermarkStrategy.no_watermarks(), "src")
        assert len(list(ds.map(note_state, Types.LONG()).filter(lambda x: x % 2 == 0).execute_and_collect())) == 50_000
        assert len(new_states) == 2  # one per map subtask, for its ~12 batches
        assert all(before < states <= before + 2 for states in new_states)
        assert _python_thread_states() == before


def test_objects_passing_through_jobs_are_released():
    marker = object()
    baseline = sys.getrefcount(marker)

    def run_jobs(parallelism):
        env = StreamExecutionEnvironment.get_execution_environment()
        env.set_parallelism(parallelism)
        data = [marker] * 5000
        # A filter (moves handles), a keyed exchange (splits batches), a Python reduce (state
        # slots) and a collect sink; then a failing job, and a job abandoned early.
        keyed = env.from_collection(data).filter(lambda x: True).key_by(lambda x: 1).reduce(lambda a, b: a)
        assert sum(1 for _ in keyed.execute_and_collect()) == 5000
        env.from_collection(data).map(lambda x: x).filter(lambda x: 1 / 0).print()
        with pytest.raises(JobExecutionException):
            env.execute()
        with env.from_collection(data).execute_and_collect() as it:
            next(it)

    for parallelism in (1, 2):
        run_jobs(parallelism)
        gc.collect()
        # Decrefs queued by Spate's threads were applied when each job ended.
        assert sys.getrefcount(marker) == baseline


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def test_other_python_threads_keep_running_during_a_job(env):
    # Spate's threads take the GIL once per batch; other Python threads must still get it promptly.
    ticks = []
    stop = threading.Event()

    def ticker():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0.01)

    thread = threading.Thread(target=ticker)
    thread.start()
    src = env.from_source(NumberSequenceSource(0, 1_500_000), WatermarkStrategy.no_watermarks(), "src")
    src.map(lambda x: x + 1, output_type=Types.LONG()).filter(lambda x: x < 0).print()
    env.execute()
    stop.set()
    thread.join()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert max(gaps) < 0.2, f"a Python thread waited {max(gaps):.3f} s for the GIL"


def test_ctrl_c_stops_an_idle_monitored_source_and_its_timers(env, tmp_path):
    # An unbounded file source with nothing to read, a processing-time window and a file sink
    # waiting on their timers: Ctrl-C still ends the job within a second, leaving no thread.
    from spate.common import Duration, Time
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import FileSink, FileSource, StreamFormat
    from spate.datastream.window import TumblingProcessingTimeWindows
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("x\ny\n")
    before = thread_count()
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path / "in")) \
        .monitor_continuously(Duration.of_millis(100)).build()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "files")
    lines.key_by(lambda s: s, key_type=Types.STRING()).window(TumblingProcessingTimeWindows.of(Time.hours(1))) \
        .reduce(lambda a, b: a + b).sink_to(FileSink.for_row_format(str(tmp_path / "out"), Encoder.simple_string_encoder()).build())
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        env.execute()
    assert time.monotonic() - started < 0.3 + 1.0
    timer.join()
    assert thread_count() <= before


def test_execute_async_runs_a_job_on_its_own_thread_and_cancels_it(env, tmp_path):
    from spate.common import JobStatus
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import BucketAssigner, FileSink
    before = thread_count()
    out = tmp_path / "out"
    sink = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()).build()
    endless(env).filter(lambda x: x < 0).sink_to(sink)
    client = env.execute_async("endless")
    assert client.get_job_status().result() == JobStatus.RUNNING
    assert not client.get_job_execution_result().done()
    time.sleep(0.2)
    started = time.monotonic()
    assert client.cancel().done()
    assert time.monotonic() - started < 1.0
    assert client.get_job_status().result() == JobStatus.CANCELED
    with pytest.raises(JobExecutionException, match="cancelled"):
        client.get_job_execution_result().result()
    # A finished one gives its result; a failing one its error, as execute() would.
    env.from_collection([1, 2]).map(lambda x: x + 1).print()
    result = env.execute_async().get_job_execution_result().result()
    assert result.get_net_runtime() >= 0
    env.from_collection([1]).map(lambda x: 1 // 0).name("divider").print()
    failing = env.execute_async()
    with pytest.raises(JobExecutionException, match="divider.*ZeroDivisionError"):
        failing.get_job_execution_result().result()
    assert failing.get_job_status().result() == JobStatus.FAILED
    assert isinstance(failing.get_job_execution_result().exception(), JobExecutionException)
    assert failing.get_accumulators().result() == {}
    with pytest.raises(NotImplementedError, match="no savepoints"):
        failing.trigger_savepoint("/tmp/savepoints").result()
    time.sleep(0.1)
    assert thread_count() <= before


class SlowIdentity(object):
    """A 5 ms-per-record identity that counts the records it has done."""

    def __init__(self):
        self.done = []

    def __call__(self, x):
        time.sleep(0.005)
        self.done.append(x)
        return x


def processed_before_the_first_result(stream, slow: SlowIdentity) -> int:
    """How many records the slow function had done when the first result reached the consumer;
    checks that every record comes through."""
    with stream.execute_and_collect() as results:
        first = next(results)
        processed = len(slow.done)
        rest = list(results)
    assert sorted([first] + rest) == list(range(100))
    return processed


@pytest.mark.parametrize("timeout", [20, -1])
@pytest.mark.parametrize("operator", ["map", "keyed process"])
def test_a_slow_function_passes_results_on_within_the_buffer_timeout(env, timeout, operator):
    """100 elements in one batch through a 5 ms function: with a 20 ms buffer timeout the first
    result reaches the consumer after the first few elements (a probe of 16 measures the
    function), not after the whole batch; with -1 (wait until full) only after a whole batch."""
    from spate.datastream import KeyedProcessFunction
    env.set_buffer_timeout(timeout)
    slow = SlowIdentity()

    class Slow(KeyedProcessFunction):
        def process_element(self, value, ctx):
            yield slow(value)

    numbers = env.from_collection(list(range(100)), type_info=Types.INT())
    if operator == "map":
        slowed = numbers.map(slow, Types.INT())
    else:
        slowed = numbers.key_by(lambda x: 0, key_type=Types.INT()).process(Slow(), Types.INT())
    processed = processed_before_the_first_result(slowed, slow)
    if timeout < 0:
        assert processed >= 50  # a whole batch (half of them at parallelism 2)
    else:
        assert processed < 50


@pytest.mark.parametrize("job_timeout, operator_timeout", [(-1, 20), (20, -1)])
def test_an_operators_buffer_timeout_takes_the_place_of_the_jobs(env, job_timeout, operator_timeout):
    env.set_buffer_timeout(job_timeout)
    slow = SlowIdentity()
    slowed = env.from_collection(list(range(100)), type_info=Types.INT()).map(slow, Types.INT()) \
        .set_buffer_timeout(operator_timeout)
    processed = processed_before_the_first_result(slowed, slow)
    if operator_timeout < 0:
        assert processed >= 50
    else:
        assert processed < 50
