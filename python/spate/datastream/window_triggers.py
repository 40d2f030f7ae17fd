"""Window triggers, as ``pyflink.datastream.window``'s: when a window's contents go to its function.

Spate runs the built-in triggers natively; each spells itself for the runtime with
`_spate_trigger()`. Their Python methods (Flink's rules) serve windows that run in Python: those of
assigners or triggers written in Python.
"""
from abc import ABC, abstractmethod
from enum import Enum
from typing import Optional, Union

from spate.common.time import Duration, Time, positive_millis


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
    PurgingTrigger, NeverTrigger) natively; a trigger written in Python runs with its windows in
    Python.

    Example::

        class EveryThird(Trigger):
            def on_element(self, element, timestamp, window, ctx):
                count = ctx.get_partitioned_state(COUNT)   # a ReducingStateDescriptor
                count.add(1)
                return TriggerResult.FIRE if count.get() % 3 == 0 else TriggerResult.CONTINUE

            def on_processing_time(self, time, window, ctx):
                return TriggerResult.CONTINUE

            def on_event_time(self, time, window, ctx):
                return TriggerResult.CONTINUE

            def clear(self, window, ctx):
                ctx.get_partitioned_state(COUNT).clear()
    """

    class TriggerContext(ABC):
        """What a trigger may do: read the time, set timers, keep state per key and window."""

        @abstractmethod
        def get_current_processing_time(self) -> int:
            """The operator's processing time (ms)."""

        @abstractmethod
        def get_metric_group(self):
            """Metrics (not supported by Spate yet)."""

        @abstractmethod
        def get_current_watermark(self) -> int:
            """The operator's event time."""

        @abstractmethod
        def register_processing_time_timer(self, time: int) -> None:
            """Calls on_processing_time for this window when the clock reaches `time`."""

        @abstractmethod
        def register_event_time_timer(self, time: int) -> None:
            """Calls on_event_time for this window when the watermark reaches `time`."""

        @abstractmethod
        def delete_processing_time_timer(self, time: int) -> None:
            """Removes a processing-time timer of this window."""

        @abstractmethod
        def delete_event_time_timer(self, time: int) -> None:
            """Removes an event-time timer of this window."""

        @abstractmethod
        def get_partitioned_state(self, state_descriptor):
            """State of the current key in this window (value, list, map, reducing, aggregating)."""

    class OnMergeContext(TriggerContext):
        """The context of `on_merge`: also merges the merged windows' state."""

        @abstractmethod
        def merge_partitioned_state(self, state_descriptor) -> None:
            """Folds the merged windows' state of `state_descriptor` into the merged window's."""

    def _spate_trigger(self) -> Optional[dict]:
        """A built-in trigger as the runtime's plan spells it; None for one written in Python."""
        return None

    def on_element(self, element, timestamp: int, window, ctx) -> TriggerResult:
        raise NotImplementedError(f"{type(self).__name__} must implement on_element")

    def on_processing_time(self, time: int, window, ctx) -> TriggerResult:
        raise NotImplementedError(f"{type(self).__name__} must implement on_processing_time")

    def on_event_time(self, time: int, window, ctx) -> TriggerResult:
        raise NotImplementedError(f"{type(self).__name__} must implement on_event_time")

    def can_merge(self) -> bool:
        return False

    def on_merge(self, window, ctx) -> None:
        raise NotImplementedError(f"{type(self).__name__} does not support merging windows")

    def clear(self, window, ctx) -> None:
        """The window is dropped: delete its timers and state."""


def _java_remainder(value: int, divisor: int) -> int:
    """`value % divisor` with Java's sign (towards zero), as Flink computes interval starts."""
    remainder = abs(value) % abs(divisor)
    return -remainder if value < 0 else remainder


_FIRE_TIME = None  # the 'fire-time' state of the continuous triggers, made on first use


def _fire_time():
    global _FIRE_TIME
    if _FIRE_TIME is None:
        from spate.common.typeinfo import Types
        from spate.datastream.state import ReducingStateDescriptor
        _FIRE_TIME = ReducingStateDescriptor('fire-time', min, Types.LONG())
    return _FIRE_TIME


class _BuiltInTrigger(Trigger):
    """What the built-in triggers share: a timer of a time domain the trigger does not use
    changes nothing, and windows under the trigger may merge."""

    def on_event_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def on_processing_time(self, time, window, ctx):
        return TriggerResult.CONTINUE

    def can_merge(self) -> bool:
        return True


class EventTimeTrigger(_BuiltInTrigger):
    """Fires when the watermark passes the window's end (the default of event-time windows)."""

    @staticmethod
    def create() -> 'EventTimeTrigger':
        return EventTimeTrigger()

    def _spate_trigger(self) -> dict:
        return {'type': 'event_time'}

    def on_element(self, element, timestamp, window, ctx):
        if window.max_timestamp() <= ctx.get_current_watermark():
            return TriggerResult.FIRE  # late, within the allowed lateness
        ctx.register_event_time_timer(window.max_timestamp())
        return TriggerResult.CONTINUE

    def on_event_time(self, time, window, ctx):
        return TriggerResult.FIRE if time == window.max_timestamp() else TriggerResult.CONTINUE

    def on_merge(self, window, ctx) -> None:
        if window.max_timestamp() > ctx.get_current_watermark():
            ctx.register_event_time_timer(window.max_timestamp())

    def clear(self, window, ctx) -> None:
        ctx.delete_event_time_timer(window.max_timestamp())


class ProcessingTimeTrigger(_BuiltInTrigger):
    """Fires when the clock passes the window's end (the default of processing-time windows)."""

    @staticmethod
    def create() -> 'ProcessingTimeTrigger':
        return ProcessingTimeTrigger()

    def _spate_trigger(self) -> dict:
        return {'type': 'processing_time'}

    def on_element(self, element, timestamp, window, ctx):
        ctx.register_processing_time_timer(window.max_timestamp())
        return TriggerResult.CONTINUE

    def on_processing_time(self, time, window, ctx):
        return TriggerResult.FIRE

    def on_merge(self, window, ctx) -> None:
        if window.max_timestamp() > ctx.get_current_processing_time():
            ctx.register_processing_time_timer(window.max_timestamp())

    def clear(self, window, ctx) -> None:
        ctx.delete_processing_time_timer(window.max_timestamp())


class CountTrigger(_BuiltInTrigger):
    """Fires every `window_size` elements of a window; the window keeps its contents (wrap it in
    PurgingTrigger to start afresh after each firing).

    Example::

        keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(100)))
    """

    def __init__(self, window_size: int):
        if not isinstance(window_size, int) or isinstance(window_size, bool) or window_size <= 0:
            raise ValueError(f"CountTrigger: the count must be a positive int, got {window_size!r}")
        self._window_size = window_size
        from spate.common.typeinfo import Types
        from spate.datastream.state import ReducingStateDescriptor
        self._count = ReducingStateDescriptor('count', lambda a, b: a + b, Types.LONG())

    @staticmethod
    def of(window_size: int) -> 'CountTrigger':
        return CountTrigger(window_size)

    def _spate_trigger(self) -> dict:
        return {'type': 'count', 'count': self._window_size}

    def on_element(self, element, timestamp, window, ctx):
        count = ctx.get_partitioned_state(self._count)
        count.add(1)
        if count.get() >= self._window_size:
            count.clear()
            return TriggerResult.FIRE  # the window keeps its contents
        return TriggerResult.CONTINUE

    def on_merge(self, window, ctx) -> None:
        ctx.merge_partitioned_state(self._count)

    def clear(self, window, ctx) -> None:
        ctx.get_partitioned_state(self._count).clear()


class _ContinuousTrigger(_BuiltInTrigger):
    """What the continuous triggers share: the next periodic firing, kept in 'fire-time' state
    with a timer in the trigger's time domain, never past the window's end."""

    _event_time = True

    def __init__(self, interval: int):
        self.interval = interval

    def _set_timer(self, ctx, time: int, register: bool) -> None:
        if self._event_time:
            (ctx.register_event_time_timer if register else ctx.delete_event_time_timer)(time)
        else:
            (ctx.register_processing_time_timer if register else ctx.delete_processing_time_timer)(time)

    def register_next_fire_timestamp(self, time: int, window: 'TimeWindow', ctx: 'Trigger.TriggerContext',
                                     fire_timestamp_state: 'ReducingState'):
        """Schedules the firing after `time`: one interval later, never past the window's end; the
        time goes to `fire_timestamp_state` (the 'fire-time' state) and a timer of the trigger's
        time domain is set for it. As PyFlink's."""
        following = min(time + self.interval, window.max_timestamp())
        fire_timestamp_state.add(following)
        self._set_timer(ctx, following, True)

    def _schedule_from(self, time, window, ctx) -> None:
        """Schedules the first firing, aligned to multiples of the interval, unless one is set."""
        fire_time = ctx.get_partitioned_state(_fire_time())
        if fire_time.get() is None:
            self.register_next_fire_timestamp(time - _java_remainder(time, self.interval), window, ctx, fire_time)

    def _fire_if_due(self, time, window, ctx) -> TriggerResult:
        fire_time = ctx.get_partitioned_state(_fire_time())
        if fire_time.get() != time:
            return TriggerResult.CONTINUE
        fire_time.clear()
        self.register_next_fire_timestamp(time, window, ctx, fire_time)
        return TriggerResult.FIRE

    def on_merge(self, window, ctx) -> None:
        ctx.merge_partitioned_state(_fire_time())
        following = ctx.get_partitioned_state(_fire_time()).get()
        if following is not None:
            self._set_timer(ctx, following, True)

    def clear(self, window, ctx) -> None:
        fire_time = ctx.get_partitioned_state(_fire_time())
        if fire_time.get() is not None:
            self._set_timer(ctx, fire_time.get(), False)
            fire_time.clear()


class ContinuousEventTimeTrigger(_ContinuousTrigger):
    """Fires every `interval` of event time while the window is open, and at its end."""

    @staticmethod
    def of(interval: Union[Time, Duration]) -> 'ContinuousEventTimeTrigger':
        return ContinuousEventTimeTrigger(positive_millis(interval, "ContinuousEventTimeTrigger", "the interval"))

    def _spate_trigger(self) -> dict:
        return {'type': 'continuous_event_time', 'interval_ms': self.interval}

    def on_element(self, element, timestamp, window, ctx):
        if window.max_timestamp() <= ctx.get_current_watermark():
            return TriggerResult.FIRE
        self._schedule_from(timestamp, window, ctx)
        ctx.register_event_time_timer(window.max_timestamp())
        return TriggerResult.CONTINUE

    def on_event_time(self, time, window, ctx):
        if time == window.max_timestamp():
            return TriggerResult.FIRE
        return self._fire_if_due(time, window, ctx)


class ContinuousProcessingTimeTrigger(_ContinuousTrigger):
    """Fires every `interval` of processing time while the window is open."""

    _event_time = False

    @staticmethod
    def of(interval: Union[Time, Duration]) -> 'ContinuousProcessingTimeTrigger':
        return ContinuousProcessingTimeTrigger(positive_millis(interval, "ContinuousProcessingTimeTrigger",
                                                                "the interval"))

    def _spate_trigger(self) -> dict:
        return {'type': 'continuous_processing_time', 'interval_ms': self.interval}

    def on_element(self, element, timestamp, window, ctx):
        self._schedule_from(ctx.get_current_processing_time(), window, ctx)
        return TriggerResult.CONTINUE

    def on_processing_time(self, time, window, ctx):
        return self._fire_if_due(time, window, ctx)


class PurgingTrigger(Trigger):
    """Clears the window's contents whenever `nested_trigger` fires (FIRE becomes FIRE_AND_PURGE)."""

    def __init__(self, nested_trigger: Trigger):
        if not isinstance(nested_trigger, Trigger):
            raise TypeError(f"PurgingTrigger: expected a Trigger, got {nested_trigger!r}")
        self.nested_trigger = nested_trigger

    @staticmethod
    def of(nested_trigger: Trigger) -> 'PurgingTrigger':
        return PurgingTrigger(nested_trigger)

    def _spate_trigger(self) -> Optional[dict]:
        nested = self.nested_trigger._spate_trigger()
        return None if nested is None else {'type': 'purging', 'nested': nested}

    @staticmethod
    def _purging(result: TriggerResult) -> TriggerResult:
        return TriggerResult.FIRE_AND_PURGE if result.is_fire() else result

    def on_element(self, element, timestamp, window, ctx):
        return self._purging(self.nested_trigger.on_element(element, timestamp, window, ctx))

    def on_event_time(self, time, window, ctx):
        return self._purging(self.nested_trigger.on_event_time(time, window, ctx))

    def on_processing_time(self, time, window, ctx):
        return self._purging(self.nested_trigger.on_processing_time(time, window, ctx))

    def can_merge(self) -> bool:
        return self.nested_trigger.can_merge()

    def on_merge(self, window, ctx) -> None:
        self.nested_trigger.on_merge(window, ctx)

    def clear(self, window, ctx) -> None:
        self.nested_trigger.clear(window, ctx)


class NeverTrigger(_BuiltInTrigger):
    """Never fires (the default of GlobalWindows)."""

    def _spate_trigger(self) -> dict:
        return {'type': 'never'}

    def on_element(self, element, timestamp, window, ctx):
        return TriggerResult.CONTINUE

    def on_merge(self, window, ctx) -> None:
        pass
