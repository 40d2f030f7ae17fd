"""Flink's Prometheus reporter: `metrics.reporter.prom.*` in the Configuration serves the running
job's metrics at GET /metrics (scraped here with urllib), with Flink's names and labels."""
import re
import socket
import time
import urllib.error
import urllib.request

import pytest

from spate.common import Configuration, Types
from spate.datastream import MapFunction, StreamExecutionEnvironment
from spate.metrics._prometheus import FACTORY_CLASS, reporter_settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def reporter_config(port) -> Configuration:
    config = Configuration()
    config.set_string('metrics.reporter.prom.factory.class', FACTORY_CLASS)
    config.set_string('metrics.reporter.prom.port', str(port))
    return config


class SlowCountingMap(MapFunction):
    def open(self, runtime_context):
        group = runtime_context.get_metrics_group()
        self.counter = group.counter('my_counter')
        self.keyed = group.add_group('kind', 'slow').counter('calls')

    def map(self, value):
        self.counter.inc()
        self.keyed.inc()
        time.sleep(0.002)
        return value


def start_slow_job(config, records=5_000, parallelism=1):
    """A job that runs for seconds (a map sleeping 2 ms a record), started with execute_async."""
    env = StreamExecutionEnvironment.get_execution_environment(config)
    env.set_parallelism(parallelism)
    env.from_collection(list(range(records)), Types.LONG()).map(SlowCountingMap(), Types.LONG()) \
        .name('Slow Map').filter(lambda v: v < 0).print()
    return env.execute_async('metrics job')


def scrape(port: int) -> str:
    with urllib.request.urlopen(f'http://127.0.0.1:{port}/metrics', timeout=5) as response:
        assert response.headers['Content-Type'].startswith('text/plain; version=0.0.4')
        return response.read().decode('utf-8')


def samples(text: str, name: str):
    """(labels, value) of each sample of metric `name`."""
    found = []
    for line in text.splitlines():
        match = re.fullmatch(re.escape(name) + r'\{(.*)\} (\S+)', line)
        if match:
            labels = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', match.group(1)))
            found.append((labels, float(match.group(2))))
    return found


def scrape_until(port: int, condition, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        text = scrape(port)
        if condition(text) or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def test_settings_are_flinks():
    assert reporter_settings(Configuration()) == []
    config = reporter_config('9250-9260')
    (settings,) = reporter_settings(config)
    assert (settings.name, settings.ports, settings.host) == ('prom', (9250, 9260), '127.0.0.1')
    config.set_string('metrics.reporter.prom.port', '9249')
    config.set_string('metrics.reporter.prom.host', '0.0.0.0')
    (settings,) = reporter_settings(config)
    assert (settings.ports, settings.host) == ((9249, 9249), '0.0.0.0')
    del_port = Configuration()
    del_port.set_string('metrics.reporter.p.factory.class', FACTORY_CLASS)
    assert reporter_settings(del_port)[0].ports == (9249, 9249)  # Flink's default port
    with pytest.raises(ValueError, match='port'):
        reporter_settings(reporter_config('90-80'))
    other = Configuration()
    other.set_string('metrics.reporter.jmx.factory.class', 'org.apache.flink.metrics.jmx.JMXReporterFactory')
    with pytest.raises(ValueError, match='Prometheus reporter only'):
        reporter_settings(other)


def test_a_running_job_serves_flinks_metrics_at_slash_metrics():
    port = free_port()
    client = start_slow_job(reporter_config(f'{port}-{port + 5}'))
    try:
        text = scrape_until(port, lambda t: any(v >= 100 for _, v in samples(
            t, 'flink_taskmanager_job_task_operator_my_counter')))
        # The user's counter, under its operator, with the job's and the operator's labels.
        ((labels, value),) = samples(text, 'flink_taskmanager_job_task_operator_my_counter')
        assert value >= 100
        assert labels['job_name'] == 'metrics job' and labels['operator_name'] == 'Slow Map'
        assert labels['subtask_index'] == '0' and len(labels['job_id']) == 32
        assert labels['job_id'] == str(client.get_job_id())
        # A key-value group: the key in the name, the value as a label.
        ((labels, _),) = samples(text, 'flink_taskmanager_job_task_operator_kind_calls')
        assert labels['kind'] == 'slow'
        # Built-in operator metrics, counted in Swift.
        by_operator = {l['operator_name']: v for l, v in samples(text, 'flink_taskmanager_job_task_operator_numRecordsIn')}
        assert by_operator['Slow Map'] >= 100
        out = {l['operator_name']: v for l, v in samples(text, 'flink_taskmanager_job_task_operator_numRecordsOut')}
        assert out['Source: Collection Source'] >= by_operator['Slow Map']
        for name in ('numRecordsInPerSecond', 'numRecordsOutPerSecond', 'currentInputWatermark',
                     'currentOutputWatermark'):
            assert samples(text, f'flink_taskmanager_job_task_operator_{name}'), name
        for name in ('busyTimeMsPerSecond', 'backPressuredTimeMsPerSecond', 'idleTimeMsPerSecond', 'numRecordsIn'):
            found = samples(text, f'flink_taskmanager_job_task_{name}')
            assert found and all(0 <= v for _, v in found), name
        assert '# TYPE flink_taskmanager_job_task_operator_numRecordsIn gauge' in text
        ((labels, completed),) = samples(text, 'flink_jobmanager_job_numberOfCompletedCheckpoints')
        assert completed == 0 and labels['job_name'] == 'metrics job'
        assert samples(text, 'flink_jobmanager_job_numberOfFailedCheckpoints')[0][1] == 0
        # Counts only grow.
        later = scrape_until(port, lambda t: samples(t, 'flink_taskmanager_job_task_operator_my_counter')[0][1] > value)
        assert samples(later, 'flink_taskmanager_job_task_operator_my_counter')[0][1] > value
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f'http://127.0.0.1:{port}/other', timeout=5)
    finally:
        client.cancel()
    with pytest.raises(OSError):  # the server ends with the job
        scrape(port)


def test_the_next_port_of_the_range_is_taken_when_one_is_busy():
    with socket.socket() as busy:
        busy.bind(('127.0.0.1', 0))
        busy.listen()
        port = busy.getsockname()[1]
        client = start_slow_job(reporter_config(f'{port}-{port + 20}'), records=1_000)
        try:
            served = None
            for candidate in range(port + 1, port + 21):
                try:
                    if 'flink_taskmanager_job_task_operator_my_counter' in scrape_until(
                            candidate, lambda t: 'my_counter' in t, timeout=5):
                        served = candidate
                        break
                except OSError:
                    continue
            assert served is not None
        finally:
            client.cancel()


def test_jobs_without_a_reporter_open_no_port():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([1, 2, 3], Types.INT()).print()
    env.execute()
    assert env._start_reporters(None, {}, 'j', 'x') == []
