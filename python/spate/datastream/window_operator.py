"""Windows that run in Python: those of a `WindowAssigner` or a `Trigger` written in Python.

Flink's window operator, written as a keyed process function on Spate's runtime: the key's panes
(one per window: its elements and its trigger's state) live in one keyed state value, and the
trigger's timers are the runtime's keyed timers, each remembering which windows asked for it.
Built-in assigners and triggers run natively instead; this is the general path.

Outputs are `(timestamp, output)` pairs: results carry their window's max timestamp whichever
element or timer fired it, as Flink's; late elements keep their own.
"""
from typing import Any, Dict, List, Set, Tuple

from spate.datastream.functions import KeyedProcessFunction
from spate.datastream.state import (AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor,
                                    ReducingStateDescriptor, ValueStateDescriptor)
from spate.datastream.window_state import DictStateStore
from spate.datastream.window_triggers import Trigger, TriggerResult

_END_OF_TIME = 0x7fffffffffffffff
_EVENT, _PROCESSING = 0, 1


class _Pane(object):
    __slots__ = ('contents', 'trigger_state')

    def __init__(self, contents):
        self.contents = contents  # what the window holds: see Elements and Accumulator
        self.trigger_state: Dict[str, Any] = {}


class Elements(object):
    """A pane holds its elements, handed whole to the window function (Flink's ListState)."""

    @staticmethod
    def empty():
        return []

    @staticmethod
    def add(elements, value):
        elements.append(value)
        return elements

    @staticmethod
    def merge(target, source):
        target.extend(source)
        return target

    @staticmethod
    def fired(elements):
        return elements

    @staticmethod
    def is_empty(elements):
        return not elements


class Accumulator(object):
    """A pane holds an `AggregateFunction`'s accumulator (Flink's AggregatingState): made at the
    first element, added to as elements arrive, merged with `merge` when windows merge (sessions),
    and `get_result` is what the window function gets."""

    def __init__(self, aggregate_function):
        self._function = aggregate_function

    @staticmethod
    def empty():
        return None

    def add(self, accumulator, value):
        if accumulator is None:
            accumulator = self._function.create_accumulator()
        return self._function.add(value, accumulator)

    def merge(self, target, source):
        # Flink's mergeNamespaces: windows without an accumulator are skipped.
        if source is None:
            return target
        return source if target is None else self._function.merge(target, source)

    def fired(self, accumulator):
        return [] if accumulator is None else [self._function.get_result(accumulator)]

    @staticmethod
    def is_empty(accumulator):
        return accumulator is None


class _KeyWindows(object):
    """Everything one key has in its windows."""

    def __init__(self):
        self.panes: Dict[Any, _Pane] = {}
        self.timers: Dict[Tuple[int, int], Set[Any]] = {}  # (domain, time) -> windows


class _TriggerContext(Trigger.OnMergeContext):
    """A trigger's view of one window of the current key."""

    def __init__(self, operator: 'PythonWindowOperator', windows: _KeyWindows, window, merged=()):
        self._operator = operator
        self._windows = windows
        self._window = window
        self._merged = merged
        self._kinds: Dict[str, str] = operator._trigger_kinds

    def get_current_processing_time(self) -> int:
        return self._operator._timers.current_processing_time()

    def get_current_watermark(self) -> int:
        return self._operator._timers.current_watermark()

    def get_metric_group(self):
        raise NotImplementedError("metrics are not supported by Spate yet")

    def register_event_time_timer(self, time: int) -> None:
        self._operator._register(self._windows, _EVENT, time, self._window)

    def register_processing_time_timer(self, time: int) -> None:
        self._operator._register(self._windows, _PROCESSING, time, self._window)

    def delete_event_time_timer(self, time: int) -> None:
        self._operator._delete(self._windows, _EVENT, time, self._window)

    def delete_processing_time_timer(self, time: int) -> None:
        self._operator._delete(self._windows, _PROCESSING, time, self._window)

    def _store(self, window) -> DictStateStore:
        pane = self._windows.panes.get(window)
        return DictStateStore(pane.trigger_state if pane is not None else {}, self._kinds)

    def get_partitioned_state(self, state_descriptor):
        store = self._store(self._window)
        for kind, getter in ((ValueStateDescriptor, store.get_state), (ListStateDescriptor, store.get_list_state),
                             (MapStateDescriptor, store.get_map_state), (ReducingStateDescriptor, store.get_reducing_state),
                             (AggregatingStateDescriptor, store.get_aggregating_state)):
            if isinstance(state_descriptor, kind):
                return getter(state_descriptor)
        raise TypeError(f"get_partitioned_state: expected a state descriptor, got {state_descriptor!r}")

    def merge_partitioned_state(self, state_descriptor) -> None:
        """Folds the merged windows' state of `state_descriptor` into this window's."""
        target = self.get_partitioned_state(state_descriptor)
        for window in self._merged:
            source = DictStateStore(self._windows.panes[window].trigger_state, self._kinds)
            if isinstance(state_descriptor, ReducingStateDescriptor):
                value = source.get_reducing_state(state_descriptor).get()
                if value is not None:
                    target.add(value)
            elif isinstance(state_descriptor, ListStateDescriptor):
                target.add_all(source.get_list_state(state_descriptor).get())
            elif isinstance(state_descriptor, AggregatingStateDescriptor):
                accumulator = source._values.get(state_descriptor.name)
                if accumulator is not None:
                    mine = target._cell.value()
                    merged = accumulator if mine is None else state_descriptor.get_agg_function().merge(mine, accumulator)
                    target._cell.update(merged)
            else:
                raise TypeError(f"merge_partitioned_state: {type(state_descriptor).__name__} cannot be merged "
                                f"(reducing, aggregating and list state can)")


class _MergeCollector(object):
    """`MergingWindowAssigner.MergeCallback` that records what merges into what."""

    def __init__(self):
        self.merges: List[Tuple[List[Any], Any]] = []

    def merge(self, to_be_merged, merge_result) -> None:
        self.merges.append((list(to_be_merged), merge_result))


class PythonWindowOperator(KeyedProcessFunction):
    """Windows with an assigner and a trigger written in Python (or built-ins mixed with them).

    `call_window(key, window, watermark, elements)` runs the window function of a firing window;
    `clear_window(key, window, watermark)` its `clear`; both are the WindowedStream's. `contents`
    says what a window holds: its elements (`Elements`) or an aggregate's accumulator
    (`Accumulator`)."""

    def __init__(self, assigner, trigger, allowed_lateness: int, late_tag, call_window, clear_window,
                 contents=Elements):
        self._assigner = assigner
        self._trigger = trigger
        self._lateness = allowed_lateness
        self._late_tag = late_tag
        self._call_window = call_window
        self._clear_window = clear_window
        self._contents = contents
        self._trigger_kinds: Dict[str, str] = {}
        self._state = None
        self._timers = None

    def open(self, runtime_context):
        from spate.common.typeinfo import Types
        self._state = runtime_context.get_state(ValueStateDescriptor('__spate_windows__', Types.PICKLED_BYTE_ARRAY()))
        self._runtime_context = runtime_context

    # ---- time and timers ----

    def _cleanup_time(self, window) -> int:
        end = window.max_timestamp()
        if not self._assigner.is_event_time():
            return end
        return _END_OF_TIME if end >= _END_OF_TIME - self._lateness else end + self._lateness

    def _is_late(self, window) -> bool:
        return self._assigner.is_event_time() and self._cleanup_time(window) <= self._timers.current_watermark() \
            and self._cleanup_time(window) != _END_OF_TIME

    def _register(self, windows: _KeyWindows, domain: int, time: int, window) -> None:
        waiting = windows.timers.setdefault((domain, time), set())
        if not waiting:
            (self._timers.register_event_time_timer if domain == _EVENT
             else self._timers.register_processing_time_timer)(time)
        waiting.add(window)

    def _delete(self, windows: _KeyWindows, domain: int, time: int, window) -> None:
        waiting = windows.timers.get((domain, time))
        if waiting is None:
            return
        waiting.discard(window)
        if not waiting:
            del windows.timers[(domain, time)]
            (self._timers.delete_event_time_timer if domain == _EVENT
             else self._timers.delete_processing_time_timer)(time)

    def _register_cleanup(self, windows: _KeyWindows, window) -> None:
        cleanup = self._cleanup_time(window)
        if cleanup != _END_OF_TIME:
            self._register(windows, _EVENT if self._assigner.is_event_time() else _PROCESSING, cleanup, window)

    # ---- elements ----

    def process_element(self, value, ctx):
        self._timers = ctx.timer_service()
        windows = self._state.value()
        if windows is None:
            windows = _KeyWindows()
            self._state.update(windows)
        key = ctx.get_current_key()
        timestamp = ctx.timestamp()
        if self._assigner.is_event_time() and timestamp is None:
            raise ValueError(f"{self._assigner!r} assigns event-time windows, but the element has no timestamp; "
                             f"call assign_timestamps_and_watermarks first")
        from spate.datastream.window import MergingWindowAssigner, WindowAssigner
        assigner_context = WindowAssigner.WindowAssignerContext(self._timers.current_processing_time, self._runtime_context)
        assigned = self._assigner.assign_windows(value, timestamp, assigner_context)
        outputs = []
        taken = False
        for window in assigned:
            if isinstance(self._assigner, MergingWindowAssigner):
                window = self._merge(windows, window, key, outputs)
            if self._is_late(window):
                if window in windows.panes and self._contents.is_empty(windows.panes[window].contents):
                    del windows.panes[window]
                continue
            taken = True
            pane = windows.panes.get(window)
            if pane is None:
                pane = windows.panes[window] = _Pane(self._contents.empty())
                self._register_cleanup(windows, window)
            pane.contents = self._contents.add(pane.contents, value)
            result = self._trigger.on_element(value, timestamp, window, _TriggerContext(self, windows, window))
            self._act(result, windows, key, window, outputs)
        if not taken and self._late_tag is not None and self._assigner.is_event_time():
            outputs.append((timestamp, (self._late_tag, value)))
        return outputs

    def _merge(self, windows: _KeyWindows, window, key, outputs):
        """Merges `window` with the key's windows it overlaps; returns the window it is now part of."""
        collector = _MergeCollector()
        self._assigner.merge_windows(list(windows.panes) + [window], collector)
        result = window
        for merged, into in collector.merges:
            if window in merged:
                result = into
            olds = [w for w in merged if w in windows.panes and w != into]
            if into not in windows.panes:
                windows.panes[into] = _Pane(self._contents.empty())
                self._register_cleanup(windows, into)
            target = windows.panes[into]
            if self._trigger.can_merge():
                self._trigger.on_merge(into, _TriggerContext(self, windows, into, merged=olds))
            elif olds:
                raise ValueError(f"{type(self._trigger).__name__} cannot merge windows (can_merge() is False)")
            for old in olds:
                target.contents = self._contents.merge(target.contents, windows.panes[old].contents)
                self._trigger.clear(old, _TriggerContext(self, windows, old))
                self._delete(windows, _EVENT if self._assigner.is_event_time() else _PROCESSING,
                             self._cleanup_time(old), old)
                del windows.panes[old]
        return result

    def _act(self, result: TriggerResult, windows: _KeyWindows, key, window, outputs) -> None:
        if not isinstance(result, TriggerResult):
            raise TypeError(f"{type(self._trigger).__name__} must return a TriggerResult, got {result!r}")
        pane = windows.panes.get(window)
        if result.is_fire() and pane is not None and not self._contents.is_empty(pane.contents):
            produced = self._call_window(key, window, self._timers.current_watermark(), self._contents.fired(pane.contents))
            if produced is not None:
                stamp = window.max_timestamp()
                outputs.extend((stamp, output) for output in produced)
        if result.is_purge() and pane is not None:
            pane.contents = self._contents.empty()

    # ---- timers ----

    def on_timer(self, timestamp, ctx):
        self._timers = ctx.timer_service()
        windows = self._state.value()
        if windows is None:
            return []
        from spate.datastream.time_domain import TimeDomain
        domain = _EVENT if ctx.time_domain() == TimeDomain.EVENT_TIME else _PROCESSING
        key = ctx.get_current_key()
        outputs = []
        # Several windows of the key may wait for this time: in window order (end, then start).
        for window in sorted(windows.timers.pop((domain, timestamp), ()),
                             key=lambda w: (w.max_timestamp(), getattr(w, 'start', getattr(w, 'id', 0)))):
            if window not in windows.panes:
                continue
            context = _TriggerContext(self, windows, window)
            result = (self._trigger.on_event_time if domain == _EVENT else self._trigger.on_processing_time)(
                timestamp, window, context)
            self._act(result, windows, key, window, outputs)
            cleanup_domain = _EVENT if self._assigner.is_event_time() else _PROCESSING
            if domain == cleanup_domain and self._cleanup_time(window) == timestamp:
                self._trigger.clear(window, context)
                del windows.panes[window]
                self._clear_window(key, window, timestamp)
        if not windows.panes:
            self._state.clear()
        return outputs
