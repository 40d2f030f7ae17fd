"""Window triggers, as ``pyflink.datastream.window``'s: when a window's contents go to its function.

Spate runs the built-in triggers natively; each spells itself for the runtime with
`_spate_trigger()`.
"""
from abc import ABC
from enum import Enum
from typing import Union

from spate.common.time import Duration, Time


class TriggerResult(Enum):
    """What a trigger decides: whether to evaluate the window (fire) and whether to clear its
    contents (purge)."""
    CONTINUE = (False, False)
    FIRE_AND_PURGE = (True, True)
    FIRE = (True, False)
    PURGE = (False, True)

    def is_fire(self) -> bool:
        return self.value[0]

    def is_purge(self) -> bool:
        return self.value[1]


class Trigger(ABC):
    """Decides when a window fires. Spate runs its built-in triggers (EventTimeTrigger,
    ProcessingTimeTrigger, CountTrigger, ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger,
    PurgingTrigger, NeverTrigger) natively; triggers written in Python are not supported yet."""

    def _spate_trigger(self) -> str:
        raise NotImplementedError(f"custom Python triggers ({type(self).__name__}) are not supported by Spate yet; "
                                  f"use a built-in trigger such as CountTrigger or ContinuousEventTimeTrigger")


def _interval(value: Union[Time, Duration], what: str) -> int:
    if not isinstance(value, (Time, Duration)):
        raise TypeError(f"{what}: the interval must be a Time or Duration, got {value!r}")
    millis = value.to_milliseconds()
    if millis <= 0:
        raise ValueError(f"{what}: the interval must be positive, got {millis} ms")
    return millis


class EventTimeTrigger(Trigger):
    """Fires when the watermark passes the window's end (the default of event-time windows)."""

    @staticmethod
    def create() -> 'EventTimeTrigger':
        return EventTimeTrigger()

    def _spate_trigger(self) -> str:
        return "event"


class ProcessingTimeTrigger(Trigger):
    """Fires when the clock passes the window's end (the default of processing-time windows)."""

    @staticmethod
    def create() -> 'ProcessingTimeTrigger':
        return ProcessingTimeTrigger()

    def _spate_trigger(self) -> str:
        return "processing"


class CountTrigger(Trigger):
    """Fires every `window_size` elements of a window; the window keeps its contents (wrap it in
    PurgingTrigger to start afresh after each firing).

    Example::

        keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100)))
    """

    def __init__(self, window_size: int):
        if not isinstance(window_size, int) or isinstance(window_size, bool) or window_size <= 0:
            raise ValueError(f"CountTrigger: the count must be a positive int, got {window_size!r}")
        self._window_size = window_size

    @staticmethod
    def of(window_size: int) -> 'CountTrigger':
        return CountTrigger(window_size)

    def _spate_trigger(self) -> str:
        return f"count:{self._window_size}"


class ContinuousEventTimeTrigger(Trigger):
    """Fires every `interval` of event time while the window is open, and at its end."""

    def __init__(self, interval: int):
        self.interval = interval

    @staticmethod
    def of(interval: Union[Time, Duration]) -> 'ContinuousEventTimeTrigger':
        return ContinuousEventTimeTrigger(_interval(interval, "ContinuousEventTimeTrigger"))

    def _spate_trigger(self) -> str:
        return f"continuous-event:{self.interval}"


class ContinuousProcessingTimeTrigger(Trigger):
    """Fires every `interval` of processing time while the window is open."""

    def __init__(self, interval: int):
        self.interval = interval

    @staticmethod
    def of(interval: Union[Time, Duration]) -> 'ContinuousProcessingTimeTrigger':
        return ContinuousProcessingTimeTrigger(_interval(interval, "ContinuousProcessingTimeTrigger"))

    def _spate_trigger(self) -> str:
        return f"continuous-processing:{self.interval}"


class PurgingTrigger(Trigger):
    """Clears the window's contents whenever `nested_trigger` fires (FIRE becomes FIRE_AND_PURGE)."""

    def __init__(self, nested_trigger: Trigger):
        if not isinstance(nested_trigger, Trigger):
            raise TypeError(f"PurgingTrigger: expected a Trigger, got {nested_trigger!r}")
        self.nested_trigger = nested_trigger

    @staticmethod
    def of(nested_trigger: Trigger) -> 'PurgingTrigger':
        return PurgingTrigger(nested_trigger)

    def _spate_trigger(self) -> str:
        return "purging:" + self.nested_trigger._spate_trigger()


class NeverTrigger(Trigger):
    """Never fires (the default of GlobalWindows)."""

    def _spate_trigger(self) -> str:
        return "never"
