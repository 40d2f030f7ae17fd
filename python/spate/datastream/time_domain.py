"""``TimeDomain``: which clock a firing timer follows, as ``pyflink.datastream.TimeDomain``."""
from enum import Enum


class TimeDomain(Enum):
    """`OnTimerContext.time_domain()` of a firing timer.

    Example::

        def on_timer(self, timestamp, ctx):
            if ctx.time_domain() == TimeDomain.PROCESSING_TIME:
                yield 'timeout', ctx.get_current_key()
    """
    EVENT_TIME = 0
    PROCESSING_TIME = 1
