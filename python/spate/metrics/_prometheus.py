"""Flink's Prometheus reporter for a running job: `GET /metrics` in Prometheus' text exposition
format, with Flink's metric names and labels (AbstractPrometheusReporter: `flink_` + the logical
scope + `_` + the metric name, characters outside [a-zA-Z0-9:_] as `_`; the scope's variables as
labels).

Configured as in Flink (`Configuration` given to `get_execution_environment` or `env.configure`)::

    metrics.reporter.prom.factory.class: org.apache.flink.metrics.prometheus.PrometheusReporterFactory
    metrics.reporter.prom.port: 9249            # or a range, 9250-9260: the first free port
    metrics.reporter.prom.host: 127.0.0.1       # Spate's own setting; loopback unless given

The server runs on a thread of its own while `execute()` runs the job, and only then.
"""
import hashlib
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Dict, List, Optional, Tuple

FACTORY_CLASS = 'org.apache.flink.metrics.prometheus.PrometheusReporterFactory'
DEFAULT_PORT = '9249'
DEFAULT_HOST = '127.0.0.1'
_INVALID = re.compile(r'[^a-zA-Z0-9:_]')
_RATE_SPAN = 60.0  # seconds: Flink's MeterView default for numRecords*PerSecond
_TIME_SPAN = 5.0  # seconds: the window of busy, idle and back-pressured time per second


class ReporterSettings(object):
    """One configured Prometheus reporter: its name, port range and host."""

    def __init__(self, name: str, ports: Tuple[int, int], host: str):
        self.name, self.ports, self.host = name, ports, host


def reporter_settings(configuration) -> List[ReporterSettings]:
    """The Prometheus reporters `configuration` sets up (`metrics.reporter.<name>.factory.class`).
    A reporter of another factory is an error: Spate has only this one."""
    found = []
    values = configuration.to_dict()
    for key in sorted(values):
        match = re.fullmatch(r'metrics\.reporter\.([^.]+)\.factory\.class', key)
        if not match:
            continue
        name = match.group(1)
        if values[key] != FACTORY_CLASS:
            raise ValueError(f"{key}: Spate has Flink's Prometheus reporter only ({FACTORY_CLASS}), "
                             f"not {values[key]!r}")
        prefix = f'metrics.reporter.{name}.'
        found.append(ReporterSettings(name, _port_range(prefix + 'port', values.get(prefix + 'port', DEFAULT_PORT)),
                                      values.get(prefix + 'host', DEFAULT_HOST)))
    return found


def _port_range(key: str, text: str) -> Tuple[int, int]:
    match = re.fullmatch(r'\s*(\d+)\s*(?:-\s*(\d+)\s*)?', str(text))
    if match:
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if 0 <= low <= high <= 65535:
            return low, high
    raise ValueError(f"{key}: expected a port or a range such as 9250-9260, got {text!r}")


def _filtered(name: str) -> str:
    return _INVALID.sub('_', name)


def _label_value(value) -> str:
    return str(value).replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def _hex_id(*parts) -> str:
    """A stable 32-digit hex id (Flink's vertex and operator ids have this shape)."""
    return hashlib.md5('\0'.join(str(p) for p in parts).encode()).hexdigest()


def _number(value) -> str:
    if isinstance(value, bool):
        return '1' if value else '0'
    if isinstance(value, int):
        return str(value)
    try:
        value = float(value)
    except (TypeError, ValueError):
        return '0'  # Flink's reporter shows a gauge of another type as 0
    if value != value:
        return 'NaN'
    if value in (float('inf'), float('-inf')):
        return '+Inf' if value > 0 else '-Inf'
    return repr(value)


class _Exposition(object):
    """Text exposition: each metric family once, with its HELP and TYPE lines, then its samples."""

    def __init__(self):
        self._families: Dict[str, Tuple[str, str, List[str]]] = {}

    def add(self, name: str, kind: str, help_text: str, labels: Dict[str, str], value) -> None:
        family = self._families.setdefault(name, (kind, help_text, []))
        shown = ','.join(f'{k}="{_label_value(v)}"' for k, v in labels.items())
        family[2].append(f'{name}{{{shown}}} {_number(value)}' if shown else f'{name} {_number(value)}')

    def text(self) -> str:
        lines = []
        for name, (kind, help_text, samples) in self._families.items():
            lines.append(f'# HELP {name} {help_text}')
            lines.append(f'# TYPE {name} {kind}')
            lines.extend(samples)
        return '\n'.join(lines) + '\n'


class JobReporter(object):
    """The metrics of one running job as Prometheus text: the runtime's built-in ones (read from
    `graph.metrics()`, a snapshot across the C ABI) and the user's (`registry`)."""

    def __init__(self, graph, registry, by_id: dict, job_name: str, job_id: str):
        self._graph = graph
        self._registry = registry
        self._by_id = by_id
        self._job_name = job_name
        self._job_id = job_id
        self._host = socket.gethostname()
        self._started = time.monotonic()
        self._lock = threading.Lock()
        # (time, {(node, subtask): (records in, records out, busy ns, idle ns, back-pressured ns)})
        self._history: List[Tuple[float, dict]] = []

    def _operator_name(self, node: int) -> str:
        transformation = self._by_id.get(node)
        return transformation.name if transformation is not None else f'operator {node}'

    def _rates(self, now: float, current: dict) -> Tuple[dict, dict]:
        """The samples `_RATE_SPAN` and `_TIME_SPAN` seconds back (or the oldest, at worst the job's
        start with every count 0), to turn counts into per-second rates."""
        with self._lock:
            self._history.append((now, current))
            while len(self._history) > 2 and self._history[1][0] <= now - _RATE_SPAN:
                self._history.pop(0)
            history = list(self._history)
        start = (self._started, {})
        older = [h for h in history[:-1]]
        rate_base = older[0] if older and older[0][0] <= now - 1.0 else start
        time_base = next((h for h in reversed(older) if h[0] <= now - _TIME_SPAN), rate_base)
        return rate_base, time_base

    def exposition(self) -> str:
        out = _Exposition()
        snapshot = self._graph.metrics()
        now = time.monotonic()
        job_labels = {'host': self._host, 'job_id': self._job_id, 'job_name': self._job_name}
        operator_labels = {}
        if snapshot is not None:
            operators, completed, failed = snapshot
            for name, value in (('numberOfCompletedCheckpoints', completed), ('numberOfFailedCheckpoints', failed)):
                out.add(f'flink_jobmanager_job_{name}', 'gauge', f'{name} (scope: jobmanager_job)', job_labels, value)
            current = {(op[0], op[1]): (op[3], op[4], op[7], op[8], op[9]) for op in operators}
            (rate_time, rate_base), (time_time, time_base) = self._rates(now, current)
            chains: Dict[Tuple[int, int], list] = {}
            for op in operators:
                chains.setdefault((op[2], op[1]), []).append(op)
            for (head, subtask), chain in sorted(chains.items(), key=lambda item: (item[0][1], item[0][0])):
                task_name = ' -> '.join(self._operator_name(op[0]) for op in chain)
                task_labels = {'host': self._host, 'tm_id': 'spate', 'job_id': self._job_id,
                               'job_name': self._job_name, 'task_id': _hex_id(self._job_id, head),
                               'task_attempt_id': _hex_id(self._job_id, head, subtask), 'task_name': task_name,
                               'subtask_index': subtask, 'task_attempt_num': 0}
                first, last = chain[0], chain[-1]
                key = (first[0], subtask)
                old = time_base.get(key, (0, 0, 0, 0, 0))
                span = max(now - time_time, 1e-9)
                scope = 'taskmanager_job_task'
                for index, name in ((2, 'busyTimeMsPerSecond'), (3, 'idleTimeMsPerSecond'),
                                    (4, 'backPressuredTimeMsPerSecond')):
                    per_second = (current[key][index] - old[index]) / 1e6 / span
                    out.add(f'flink_{scope}_{name}', 'gauge', f'{name} (scope: {scope})', task_labels,
                            min(1000.0, max(0.0, per_second)))
                self._records(out, scope, task_labels, first[3], last[4], rate_base.get(key, (0, 0)),
                              rate_base.get((last[0], subtask), (0, 0)), now - rate_time)
                out.add(f'flink_{scope}_currentInputWatermark', 'gauge', f'currentInputWatermark (scope: {scope})',
                        task_labels, first[5])
                for op in chain:
                    labels = dict(task_labels, operator_id=_hex_id(self._job_id, op[0]),
                                  operator_name=self._operator_name(op[0]))
                    operator_labels[(op[0], subtask)] = labels
                    base = rate_base.get((op[0], subtask), (0, 0))
                    self._records(out, scope + '_operator', labels, op[3], op[4], base, base, now - rate_time)
                    for index, name in ((5, 'currentInputWatermark'), (6, 'currentOutputWatermark')):
                        out.add(f'flink_{scope}_operator_{name}', 'gauge', f'{name} (scope: {scope}_operator)',
                                labels, op[index])
        self._user_metrics(out, operator_labels)
        return out.text()

    @staticmethod
    def _records(out: _Exposition, scope: str, labels: dict, records_in: int, records_out: int,
                 base_in: tuple, base_out: tuple, span: float) -> None:
        span = max(span, 1e-9)
        for name, value in (('numRecordsIn', records_in), ('numRecordsOut', records_out)):
            out.add(f'flink_{scope}_{name}', 'gauge', f'{name} (scope: {scope})', labels, value)
        for name, value in (('numRecordsInPerSecond', (records_in - base_in[0]) / span),
                            ('numRecordsOutPerSecond', (records_out - base_out[1]) / span)):
            out.add(f'flink_{scope}_{name}', 'gauge', f'{name} (scope: {scope})', labels, max(0.0, value))

    def _user_metrics(self, out: _Exposition, operator_labels: dict) -> None:
        scope = 'taskmanager_job_task_operator'
        for metric in self._registry.snapshot():
            labels = operator_labels.get((metric.node, metric.subtask))
            if labels is None:
                labels = {'host': self._host, 'tm_id': 'spate', 'job_id': self._job_id, 'job_name': self._job_name,
                          'subtask_index': metric.subtask, 'operator_id': _hex_id(self._job_id, metric.node),
                          'operator_name': self._operator_name(metric.node)}
            labels = dict(labels)
            for key, value in metric.variables:
                labels[_filtered(key)] = value
            logical = '_'.join([scope] + [_filtered(g) for g in metric.groups])
            name = f'flink_{logical}_{_filtered(metric.name)}'
            help_text = f'{metric.name} (scope: {logical})'
            try:
                value = metric.value()
            except Exception:  # noqa: BLE001 - a failing gauge must not fail the scrape
                value = 0
            if metric.kind == 'distribution':
                out.add(name + '_count', 'gauge', help_text, labels, value.count)
                out.add(name + '_sum', 'gauge', help_text, labels, value.sum)
                out.add(name + '_min', 'gauge', help_text, labels, value.min if value.min is not None else 0)
                out.add(name + '_max', 'gauge', help_text, labels, value.max if value.max is not None else 0)
            else:
                out.add(name, 'gauge', help_text, labels, value)


def _handler_for(reporter: JobReporter):
    class MetricsHandler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            if self.path.split('?', 1)[0] != '/metrics':
                self.send_error(404, 'only /metrics is served')
                return
            try:
                body = reporter.exposition().encode('utf-8')
            except Exception as error:  # noqa: BLE001 - reported to the scraper
                self.send_error(500, f'{type(error).__name__}: {error}')
                return
            self.send_response(200)
            self.send_header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):  # noqa: A002 - quiet: no line per scrape
            pass

    return MetricsHandler


class PrometheusServer(object):
    """`GET /metrics` on the first free port of the configured range, on a thread of its own."""

    def __init__(self, settings: ReporterSettings, reporter: JobReporter):
        low, high = settings.ports
        last_error: Optional[OSError] = None
        self.server = None
        for port in range(low, high + 1):
            try:
                self.server = ThreadingHTTPServer((settings.host, port), _handler_for(reporter))
                break
            except OSError as error:
                last_error = error
        if self.server is None:
            raise RuntimeError(f"metrics.reporter.{settings.name}: no free port in {low}-{high} on "
                               f"{settings.host}: {last_error}")
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.1},
                                        name=f'spate-metrics-{settings.name}', daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join()


def start_reporters(configuration, graph, registry, by_id: dict, job_name: str, job_id: str) -> List[PrometheusServer]:
    """The configured reporters' servers for a job about to run (none unless configured)."""
    settings = reporter_settings(configuration)
    if not settings:
        return []
    reporter = JobReporter(graph, registry, by_id, job_name, job_id)
    servers: List[PrometheusServer] = []
    try:
        for one in settings:
            servers.append(PrometheusServer(one, reporter))
    except Exception:
        stop_reporters(servers)
        raise
    return servers


def stop_reporters(servers: List[PrometheusServer]) -> None:
    for server in servers:
        server.stop()
