"""`WatermarkStrategy` and `TimestampAssigner`, as in `pyflink.common.watermark_strategy`.

A strategy only records its parameters; the runtime reads them:

- `_kind`: "no_watermarks", "monotonous" or "bounded" (bounded out of orderness)
- `_out_of_orderness_ms`: the bound in ms (0 for "monotonous", None for "no_watermarks");
  the watermark is max timestamp seen - bound - 1
- `_timestamp_assigner`: the `TimestampAssigner`, or None (keep the records' timestamps)
- `_idleness_ms`: the idle timeout in ms, or None
- `_alignment_group`, `_alignment_max_drift_ms`, `_alignment_update_interval_ms`: watermark
  alignment, or None
"""

import abc
import copy
from typing import Any, Optional

from spate.common.time import Duration

__all__ = ['WatermarkStrategy', 'TimestampAssigner', 'AssignerWithPeriodicWatermarksWrapper']

_KINDS = ('no_watermarks', 'monotonous', 'bounded')
# Flink's default for how often aligned sources report their watermark.
_DEFAULT_ALIGNMENT_UPDATE_INTERVAL_MS = 1000


def _duration_ms(value: Any, what: str) -> int:
    if not isinstance(value, Duration):
        raise TypeError("%s must be a Duration (for example Duration.of_seconds(5)), got %r"
                        % (what, value))
    return value.to_milliseconds()


class WatermarkStrategy(object):
    """
    How a source assigns timestamps to its records and generates watermarks. Build one with
    `for_monotonous_timestamps()`, `for_bounded_out_of_orderness(d)` or `no_watermarks()`.
    """

    def __init__(self, j_watermark_strategy):
        """A strategy of the given kind ("no_watermarks", "monotonous" or "bounded"); PyFlink
        takes a Java object here. Use the static factory methods instead."""
        if j_watermark_strategy not in _KINDS:
            raise ValueError("use WatermarkStrategy.for_monotonous_timestamps(), "
                             "for_bounded_out_of_orderness() or no_watermarks()")
        self._kind: str = j_watermark_strategy
        self._out_of_orderness_ms: Optional[int] = 0 if j_watermark_strategy == 'monotonous' \
            else None
        self._timestamp_assigner: Optional['TimestampAssigner'] = None
        self._idleness_ms: Optional[int] = None
        self._alignment_group: Optional[str] = None
        self._alignment_max_drift_ms: Optional[int] = None
        self._alignment_update_interval_ms: Optional[int] = None

    def with_timestamp_assigner(self, timestamp_assigner: 'TimestampAssigner') -> \
            'WatermarkStrategy':
        """Uses `timestamp_assigner` to take each record's timestamp from the record. Like
        PyFlink, this sets the assigner on this strategy and returns it."""
        self._timestamp_assigner = timestamp_assigner
        return self

    def with_idleness(self, idle_timeout: Duration) -> 'WatermarkStrategy':
        """A new strategy whose watermark generators say their stream is idle after `idle_timeout`
        of processing time without records, so event time downstream does not wait for them; their
        next records make them active again."""
        millis = _duration_ms(idle_timeout, 'idle_timeout')
        if millis <= 0:
            raise ValueError(f"idle_timeout must be greater than zero, got {millis} ms")
        strategy = self._copy()
        strategy._idleness_ms = millis
        return strategy

    def with_watermark_alignment(self, watermark_group: str, max_allowed_watermark_drift: Duration,
                                 update_interval: Optional[Duration] = None) -> 'WatermarkStrategy':
        """A new strategy that pauses a source whose watermark runs ahead of the others in
        `watermark_group` by more than `max_allowed_watermark_drift`."""
        strategy = self._copy()
        strategy._alignment_group = watermark_group
        strategy._alignment_max_drift_ms = _duration_ms(
            max_allowed_watermark_drift, 'max_allowed_watermark_drift')
        strategy._alignment_update_interval_ms = (
            _DEFAULT_ALIGNMENT_UPDATE_INTERVAL_MS if update_interval is None
            else _duration_ms(update_interval, 'update_interval'))
        return strategy

    def _copy(self) -> 'WatermarkStrategy':
        # PyFlink 2.3 drops the timestamp assigner here (a bug); Spate keeps it.
        return copy.copy(self)

    @staticmethod
    def for_monotonous_timestamps() -> 'WatermarkStrategy':
        """For ascending timestamps: the watermark is the largest timestamp seen - 1 ms."""
        return WatermarkStrategy('monotonous')

    @staticmethod
    def for_bounded_out_of_orderness(max_out_of_orderness: Duration) -> 'WatermarkStrategy':
        """For records out of order by at most `max_out_of_orderness`: the watermark is the
        largest timestamp seen - max_out_of_orderness - 1 ms."""
        strategy = WatermarkStrategy('bounded')
        strategy._out_of_orderness_ms = _duration_ms(max_out_of_orderness, 'max_out_of_orderness')
        return strategy

    @staticmethod
    def no_watermarks() -> 'WatermarkStrategy':
        """Generates no watermarks (for processing-time jobs)."""
        return WatermarkStrategy('no_watermarks')

    def __repr__(self) -> str:
        parts = ['kind=%r' % self._kind]
        for name in ('_out_of_orderness_ms', '_idleness_ms', '_alignment_group',
                     '_timestamp_assigner'):
            value = getattr(self, name)
            if value is not None and not (name == '_out_of_orderness_ms'
                                          and self._kind == 'monotonous'):
                parts.append('%s=%r' % (name[1:], value))
        return 'WatermarkStrategy(%s)' % ', '.join(parts)


class TimestampAssigner(abc.ABC):
    """Assigns event-time timestamps (ms since the epoch) to records."""

    @abc.abstractmethod
    def extract_timestamp(self, value: Any, record_timestamp: int) -> int:
        """The timestamp of `value`; `record_timestamp` is its current timestamp, or a negative
        number if it has none."""
        raise NotImplementedError


class AssignerWithPeriodicWatermarksWrapper(object):
    """Wraps a Java AssignerWithPeriodicWatermarks in PyFlink; Spate has no JVM to run one."""

    def __init__(self, j_assigner_with_periodic_watermarks):
        raise NotImplementedError(
            "AssignerWithPeriodicWatermarksWrapper wraps a Java object; Spate has no JVM. "
            "Use WatermarkStrategy instead")
