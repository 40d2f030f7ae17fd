"""``NumberSequenceSource``: a bounded, parallel source of consecutive longs."""
from spate.datastream.connectors.base import Source


class NumberSequenceSource(Source):
    """The longs ``start`` to ``end`` (both inclusive), split evenly over the source's subtasks.

    Example::

        env.from_source(NumberSequenceSource(1, 10), WatermarkStrategy.no_watermarks(), "numbers")
    """

    def __init__(self, start: int, end: int):
        for name, value in (('start', start), ('end', end)):
            if not isinstance(value, int) or isinstance(value, bool):
                raise TypeError(f"NumberSequenceSource: {name} must be an int, got {value!r}")
            if not -2 ** 63 <= value < 2 ** 63:
                raise OverflowError(f"NumberSequenceSource: {name} {value} does not fit a LONG")
        if end < start:
            raise ValueError(f"NumberSequenceSource: end ({end}) must not be before start ({start})")
        self._start = start
        self._end = end
