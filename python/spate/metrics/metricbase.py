"""PyFlink's metric interfaces (`pyflink.metrics.metricbase`), with the same names and signatures.
Spate's implementations are in `spate.metrics._impl`."""
from abc import ABC, abstractmethod
from typing import Callable


class MetricGroup(ABC):
    """A named container for metrics and further metric subgroups; a group is identified by its
    place in the hierarchy and its name."""

    @abstractmethod
    def add_group(self, name: str, extra: str = None) -> 'MetricGroup':
        """A subgroup `name`; with `extra`, a key-value pair of groups: the key group `name` with
        the value group `extra` under it (returned), which reporters show as a variable
        (Prometheus: a label `name="extra"`)."""
        pass

    @abstractmethod
    def counter(self, name: str) -> 'Counter':
        """Registers a new `Counter`."""
        pass

    @abstractmethod
    def gauge(self, name: str, obj: Callable[[], int]) -> None:
        """Registers a gauge: `obj()` is read whenever the metric is reported."""
        pass

    @abstractmethod
    def meter(self, name: str, time_span_in_seconds: int = 60) -> 'Meter':
        """Registers a new `Meter`, whose rate is averaged over `time_span_in_seconds`."""
        pass

    @abstractmethod
    def distribution(self, name: str) -> 'Distribution':
        """Registers a new `Distribution`."""
        pass


class Metric(ABC):
    """Base interface of a metric object."""
    pass


class Counter(Metric, ABC):
    """A count that may be incremented and decremented while the job runs."""

    @abstractmethod
    def inc(self, n: int = 1):
        """Increments the count by `n`."""
        pass

    @abstractmethod
    def dec(self, n: int = 1):
        """Decrements the count by `n`."""
        pass

    @abstractmethod
    def get_count(self) -> int:
        """The current count."""
        pass


class Meter(Metric, ABC):
    """Measures throughput: events marked, and their rate."""

    @abstractmethod
    def mark_event(self, value: int = 1):
        """Marks `value` events."""
        pass

    @abstractmethod
    def get_count(self) -> int:
        """The number of events marked so far."""
        pass


class Distribution(Metric, ABC):
    """Statistics (count, sum, min, max) of the values a job reports."""

    @abstractmethod
    def update(self, value):
        pass
