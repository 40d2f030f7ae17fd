"""``TimerService``, as ``pyflink.datastream.TimerService``: what `ctx.timer_service()` offers a
process function (the runtime's own object implements it)."""
from abc import ABC, abstractmethod


class TimerService(ABC):
    """Reads the time and sets timers for the current key.

    Example::

        def process_element(self, value, ctx):
            ctx.timer_service().register_event_time_timer(ctx.timestamp() + 60_000)
    """

    @abstractmethod
    def current_processing_time(self) -> int:
        """The operator's processing time, in ms since the epoch."""

    @abstractmethod
    def current_watermark(self) -> int:
        """The operator's event time."""

    @abstractmethod
    def register_processing_time_timer(self, timestamp: int) -> None:
        """Calls on_timer when processing time reaches `timestamp`."""

    @abstractmethod
    def register_event_time_timer(self, timestamp: int) -> None:
        """Calls on_timer when the watermark reaches `timestamp`."""

    @abstractmethod
    def delete_processing_time_timer(self, timestamp: int) -> None:
        """Removes a processing-time timer of the current key."""

    @abstractmethod
    def delete_event_time_timer(self, timestamp: int) -> None:
        """Removes an event-time timer of the current key."""
