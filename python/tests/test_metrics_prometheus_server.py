"""A real Prometheus server (Debian's `prometheus`, installed by `make test`) scrapes a running
job's /metrics on loopback every 200 ms; its HTTP API then gives the job's counters back."""
import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from spate.common import Types
from spate.datastream import MapFunction, StreamExecutionEnvironment
from test_metrics_reporter import free_port, reporter_config

PROMETHEUS = shutil.which('prometheus')
pytestmark = pytest.mark.skipif(PROMETHEUS is None, reason='the prometheus binary is not installed '
                                '(apt-get install prometheus; `make test` installs it)')


class CountingMap(MapFunction):
    def open(self, runtime_context):
        self.counter = runtime_context.get_metrics_group().counter('records_seen')

    def map(self, value):
        self.counter.inc()
        time.sleep(0.001)  # a job that runs for minutes unless cancelled
        return value


def query(port: int, expression: str):
    url = f'http://127.0.0.1:{port}/api/v1/query?' + urllib.parse.urlencode({'query': expression})
    with urllib.request.urlopen(url, timeout=5) as response:
        body = json.loads(response.read().decode('utf-8'))
    assert body['status'] == 'success', body
    return body['data']['result']


def test_prometheus_scrapes_the_jobs_counters(tmp_path):
    spate_port, prometheus_port = free_port(), free_port()
    env = StreamExecutionEnvironment.get_execution_environment(reporter_config(spate_port))
    function = CountingMap()
    env.from_collection(list(range(200_000)), Types.LONG()).map(function, Types.LONG()).name('Counting Map') \
        .filter(lambda v: v < 0).print()
    client = env.execute_async('scraped job')
    (tmp_path / 'prometheus.yml').write_text(
        'global:\n  scrape_interval: 200ms\n  scrape_timeout: 150ms\n'
        'scrape_configs:\n  - job_name: spate\n    static_configs:\n'
        f"      - targets: ['127.0.0.1:{spate_port}']\n")
    server = subprocess.Popen(
        [PROMETHEUS, f'--config.file={tmp_path / "prometheus.yml"}', f'--storage.tsdb.path={tmp_path / "data"}',
         f'--web.listen-address=127.0.0.1:{prometheus_port}', '--log.level=warn'],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        user = builtin = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.stderr.read().decode(errors='replace')
            try:
                user = query(prometheus_port, 'flink_taskmanager_job_task_operator_records_seen{job_name="scraped job"}')
                builtin = query(prometheus_port, 'flink_taskmanager_job_task_operator_numRecordsIn'
                                                 '{operator_name="Counting Map"}')
            except OSError:
                pass  # Prometheus is still starting
            if user and builtin and float(user[0]['value'][1]) >= 100:
                break
            time.sleep(0.2)
        assert user, 'Prometheus never got the user counter'
        (sample,) = user
        value = float(sample['value'][1])
        assert 100 <= value <= function.counter.get_count()  # a scraped value, not more than counted since
        assert sample['metric']['operator_name'] == 'Counting Map'
        assert sample['metric']['subtask_index'] == '0'
        assert sample['metric']['instance'] == f'127.0.0.1:{spate_port}'
        (records_in,) = builtin
        assert float(records_in['value'][1]) >= value  # counted per batch as it arrives, before the calls
        up = query(prometheus_port, 'up{job="spate"}')
        assert up and up[0]['value'][1] == '1'
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        client.cancel()
