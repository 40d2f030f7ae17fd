"""User metrics (`pyflink.metrics`): the API, reached from every function's open()."""
import pytest

from spate.common import Types
from spate.datastream import MapFunction, StreamExecutionEnvironment
from spate.metrics import Counter, Distribution, Meter, MetricGroup
from spate.metrics._impl import JobMetrics, MetricGroupImpl


class CountingMap(MapFunction):
    def open(self, runtime_context):
        group = runtime_context.get_metrics_group()
        self.group = group
        self.counter = group.counter('my_counter')
        self.meter = group.add_group('rates').meter('my_meter', time_span_in_seconds=10)
        self.distribution = group.add_group('sizes', 'small').distribution('my_distribution')
        group.gauge('my_gauge', lambda: 42)

    def map(self, value):
        self.counter.inc()
        self.meter.mark_event(2)
        self.distribution.update(value)
        return value


def test_a_map_function_counts_each_record_through_its_metric_group():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    function = CountingMap()
    env.from_collection(list(range(10)), Types.INT()).map(function, Types.INT()).print()
    env.execute('metrics')
    assert isinstance(function.group, MetricGroup)
    assert isinstance(function.counter, Counter) and function.counter.get_count() == 10
    assert isinstance(function.meter, Meter) and function.meter.get_count() == 20
    assert isinstance(function.distribution, Distribution)
    assert (function.distribution.count, function.distribution.sum, function.distribution.min,
            function.distribution.max) == (10, 45, 0, 9)


def test_the_job_registers_each_subtasks_metrics_under_its_operator():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    env.from_collection(list(range(10)), Types.INT()).map(CountingMap(), Types.INT()).print()
    env.execute('metrics')
    registry = env._translated_metrics
    counters = [m for m in registry.snapshot() if m.name == 'my_counter']
    assert sorted(m.subtask for m in counters) == [0, 1]
    assert sum(m.value() for m in counters) == 10
    assert {m.node for m in counters} == {1}  # the map is the plan's second node
    distribution = next(m for m in registry.snapshot() if m.name == 'my_distribution')
    assert distribution.groups == ('sizes',) and distribution.variables == (('sizes', 'small'),)
    gauge = next(m for m in registry.snapshot() if m.name == 'my_gauge')
    assert gauge.value() == 42 and gauge.groups == ()


def test_counter_meter_and_groups_behave_as_pyflinks():
    registry = JobMetrics()
    group = MetricGroupImpl(registry, 3, 0)
    counter = group.counter('c')
    counter.inc()
    counter.inc(5)
    counter.dec()
    counter.dec(2)
    assert counter.get_count() == 3
    assert group.add_group('a') is group.add_group('a')
    assert group.add_group('k', 'v') is group.add_group('k', 'v')
    assert group.add_group('k', 'v') is not group.add_group('k', 'w')
    meter = group.meter('m')
    meter.mark_event()
    meter.mark_event(4)
    assert meter.get_count() == 5 and meter.get_rate() > 0
    with pytest.raises(TypeError):
        group.gauge('g', 3)
    assert [m.name for m in registry.snapshot()] == ['c', 'm']


def test_pyflink_metrics_is_spate_metrics():
    from spate import _pyflink_alias
    _pyflink_alias.install()
    try:
        import pyflink.metrics
        import spate.metrics
        assert pyflink.metrics is spate.metrics
        assert pyflink.metrics.MetricGroup is MetricGroup
    finally:
        _pyflink_alias.uninstall()


class SlowMap(MapFunction):
    def map(self, value):
        import time
        time.sleep(0.001)
        return value


def test_the_runtimes_metrics_cross_the_abi_as_a_snapshot_while_the_job_runs():
    import time
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    env.from_collection(list(range(2_000)), Types.LONG()).map(SlowMap(), Types.LONG()).filter(lambda v: v < 0).print()
    client = env.execute_async('abi')
    graph = client._graph
    try:
        deadline = time.monotonic() + 20
        snapshot = None
        while time.monotonic() < deadline:
            snapshot = graph.metrics()
            if snapshot is not None and any(row[0] == 1 and row[3] > 50 for row in snapshot[0]):
                break
            time.sleep(0.02)
        operators, completed, failed = snapshot
        assert (completed, failed) == (0, 0)
        # (node, subtask, chain head, in, out, input watermark, output watermark, busy, idle, back-pressured ns)
        assert {(row[0], row[1]) for row in operators} >= {(1, 0), (1, 1)}
        assert all(len(row) == 10 and row[7] >= 0 and row[8] >= 0 and row[9] >= 0 for row in operators)
        source_out = sum(row[4] for row in operators if row[0] == 0)
        map_in = sum(row[3] for row in operators if row[0] == 1)
        assert 50 < map_in <= source_out <= 2_000
    finally:
        client.cancel()
    assert graph.metrics() is None  # no job runs: nothing to read


def test_metrics_are_not_accumulators_as_in_pyflink():
    """PyFlink 2.3 (observed): a Python job has no accumulators, whatever metrics its functions
    keep: `get_all_accumulator_results()` is `{}`, `get_accumulator_result(name)` is None, the
    result prints without an "Accumulator Results" part, and `JobClient.get_accumulators()` is `{}`."""
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([1, 2, 3], Types.INT()).map(CountingMap(), Types.INT()).print()
    result = env.execute('accumulators')
    assert result.get_all_accumulator_results() == {}
    assert result.get_accumulator_result('my_counter') is None
    assert str(result) == ('Program execution finished\n'
                           f'Job with JobID {result.get_job_id()} has finished.\n'
                           f'Job Runtime: {result.get_net_runtime()} ms\n')
    env.from_collection([1, 2, 3], Types.INT()).map(CountingMap(), Types.INT()).print()
    client = env.execute_async('accumulators')
    assert client.get_accumulators().result() == {}
    finished = client.get_job_execution_result().result()
    assert finished.get_all_accumulator_results() == {} and finished.get_job_id() == client.get_job_id()


def test_completed_checkpoints_are_counted():
    import time
    import warnings
    env = StreamExecutionEnvironment.get_execution_environment()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said once per process: checkpoints save no state
        env.enable_checkpointing(50)
    env._runtime_options['batch_size'] = '16'  # many batches: barriers between them, soon through the map
    env.from_collection(list(range(20_000)), Types.LONG()).map(SlowMap(), Types.LONG()).filter(lambda v: v < 0).print()
    client = env.execute_async('checkpoints')
    graph = client._graph
    try:
        deadline = time.monotonic() + 20
        completed = 0
        while time.monotonic() < deadline and completed < 2:
            snapshot = graph.metrics()
            completed = snapshot[1] if snapshot else 0
            time.sleep(0.02)
        assert completed >= 2 and snapshot[2] == 0
    finally:
        client.cancel()
