"""Spate's implementations of PyFlink's metric interfaces, and the registry of one job's user
metrics (read by the reporter, `spate.metrics._prometheus`).

Metrics are plain Python objects updated by the function that owns them, under the GIL; a reporter
reads them (and the runtime's built-in metrics) when it is scraped."""
import threading
import time
from typing import Callable, Dict, List, Optional, Tuple

from spate.metrics.metricbase import Counter, Distribution, Meter, MetricGroup


class CounterImpl(Counter):
    def __init__(self):
        self._count = 0

    def inc(self, n: int = 1):
        self._count += n

    def dec(self, n: int = 1):
        self._count -= n

    def get_count(self) -> int:
        return self._count


class MeterImpl(Meter):
    """Events marked, and their rate per second over the last `time_span_in_seconds` (Flink's
    MeterView: the count sampled every few seconds, the rate over the span)."""

    def __init__(self, time_span_in_seconds: int = 60):
        self._count = 0
        self._span = max(1, int(time_span_in_seconds))
        self._samples: List[Tuple[float, int]] = [(time.monotonic(), 0)]

    def mark_event(self, value: int = 1):
        self._count += value

    def get_count(self) -> int:
        return self._count

    def get_rate(self) -> float:
        """Events per second over the span (or since the meter was made, if that is shorter)."""
        now = time.monotonic()
        self._samples.append((now, self._count))
        while len(self._samples) > 2 and self._samples[1][0] <= now - self._span:
            self._samples.pop(0)
        first_time, first_count = self._samples[0]
        elapsed = now - first_time
        return (self._count - first_count) / elapsed if elapsed > 0 else 0.0


class DistributionImpl(Distribution):
    """Count, sum, minimum and maximum of the values given (Beam's distribution, which PyFlink's is)."""

    def __init__(self):
        self.count = 0
        self.sum = 0
        self.min = None
        self.max = None

    def update(self, value):
        self.count += 1
        self.sum += value
        self.min = value if self.min is None or value < self.min else self.min
        self.max = value if self.max is None or value > self.max else self.max


class Registered(object):
    """One metric as reporters see it: its kind, its operator's scope (node id, subtask), the user
    groups above it (names in the logical scope, key-value pairs as variables) and its name."""
    __slots__ = ('kind', 'node', 'subtask', 'groups', 'variables', 'name', 'metric')

    def __init__(self, kind, node, subtask, groups, variables, name, metric):
        self.kind, self.node, self.subtask = kind, node, subtask
        self.groups, self.variables, self.name, self.metric = groups, variables, name, metric

    def value(self):
        """The number a reporter shows (a meter: its rate, as Flink's Prometheus reporter)."""
        if self.kind == 'counter':
            return self.metric.get_count()
        if self.kind == 'meter':
            return self.metric.get_rate()
        if self.kind == 'gauge':
            return self.metric()
        return self.metric  # a distribution: the reporter reads its fields


class JobMetrics(object):
    """The user metrics of one job, registered by its functions' `open()`."""

    def __init__(self):
        self._lock = threading.Lock()
        self.metrics: List[Registered] = []

    def register(self, entry: Registered) -> None:
        with self._lock:
            self.metrics.append(entry)

    def snapshot(self) -> List[Registered]:
        with self._lock:
            return list(self.metrics)


class MetricGroupImpl(MetricGroup):
    """An operator subtask's metric group, or a user group under it."""

    def __init__(self, registry: Optional[JobMetrics], node: int, subtask: int, groups: Tuple[str, ...] = (),
                 variables: Tuple[Tuple[str, str], ...] = ()):
        self._registry = registry
        self._node = node
        self._subtask = subtask
        self._groups = groups
        self._variables = variables
        self._children: Dict[Tuple[str, Optional[str]], 'MetricGroupImpl'] = {}

    def add_group(self, name: str, extra: str = None) -> 'MetricGroup':
        key = (name, extra)
        group = self._children.get(key)
        if group is None:
            variables = self._variables if extra is None else self._variables + ((name, extra),)
            group = MetricGroupImpl(self._registry, self._node, self._subtask, self._groups + (name,), variables)
            self._children[key] = group  # the same group twice gives the same group, as PyFlink's
        return group

    def _register(self, kind: str, name: str, metric):
        if not isinstance(name, str) or not name:
            raise ValueError(f"a metric name must be a non-empty string, got {name!r}")
        if self._registry is not None:
            self._registry.register(Registered(kind, self._node, self._subtask, self._groups, self._variables,
                                               name, metric))
        return metric

    def counter(self, name: str) -> 'Counter':
        return self._register('counter', name, CounterImpl())

    def gauge(self, name: str, obj: Callable[[], int]) -> None:
        if not callable(obj):
            raise TypeError(f"gauge {name!r}: expected a callable giving the value, got {obj!r}")
        self._register('gauge', name, obj)

    def meter(self, name: str, time_span_in_seconds: int = 60) -> 'Meter':
        return self._register('meter', name, MeterImpl(time_span_in_seconds))

    def distribution(self, name: str) -> 'Distribution':
        return self._register('distribution', name, DistributionImpl())


# The operator whose functions are being opened on this thread: (registry, node id), set by the
# runtime around each opener call (stream_execution_environment._plan_node).
_opening = threading.local()


def opening(registry: JobMetrics, node: int, opener: Callable) -> Callable:
    """`opener` (a plan function's, called as opener(subtask, ...)) with the operator's metric
    scope known to `RuntimeContext.get_metrics_group()` while it runs."""
    def open_with_metrics(*args):
        previous = getattr(_opening, 'scope', None)
        _opening.scope = (registry, node)
        try:
            return opener(*args)
        finally:
            _opening.scope = previous
    return open_with_metrics


def operator_group(subtask: int) -> MetricGroupImpl:
    """The metric group of the operator being opened on this thread, in subtask `subtask` (a group
    that reports nowhere outside a job's open())."""
    registry, node = getattr(_opening, 'scope', None) or (None, -1)
    return MetricGroupImpl(registry, node, subtask)
