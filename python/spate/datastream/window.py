"""Windows, their serializers and window assigners, as ``pyflink.datastream.window``.

Windows are assigned, kept and fired by Spate's runtime with Flink's arithmetic: an element with
timestamp t belongs to ``[start, start + size)`` where ``start = t - ((t - offset) % size)`` (taken
non-negative, so negative timestamps work too), and a window fires when the watermark reaches
``end - 1``.
"""
import struct
from io import BytesIO
from typing import Optional, Union

from spate.common.serializer import TypeSerializer
from spate.common.time import Duration, Time
from spate.datastream.window_triggers import (ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger,  # noqa: F401
                                              CountTrigger, EventTimeTrigger, NeverTrigger, ProcessingTimeTrigger,
                                              PurgingTrigger, Trigger, TriggerResult)


_LONG = struct.Struct('>q')
_TWO_LONGS = struct.Struct('>qq')
_LONG_MIN, _LONG_MAX = -2 ** 63, 2 ** 63 - 1


def _millis(value: Union[Time, Duration, int, None], what: str) -> int:
    if value is None:
        return 0
    if isinstance(value, (Time, Duration)):
        return value.to_milliseconds()
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{what} must be a Time or Duration, got {value!r} of type {type(value).__name__}")


class Window(object):
    """A window's identity: windows of the same key and the same `Window` are one pane. Subclass it
    for the windows of an assigner written in Python (implement max_timestamp, __eq__, __hash__)."""

    def max_timestamp(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must implement max_timestamp")


class TimeWindow(Window):
    """The window [start, end) in milliseconds; its last timestamp is end - 1."""

    def __init__(self, start: int, end: int):
        self.start = start
        self.end = end

    def max_timestamp(self) -> int:
        return self.end - 1

    @staticmethod
    def get_window_start_with_offset(timestamp: int, offset: int, window_size: int) -> int:
        """The start of the window of `window_size` holding `timestamp` (negative ones too)."""
        from spate import _spate
        return _spate.window_starts(timestamp, window_size, window_size, offset)[0]

    def intersects(self, other: 'TimeWindow') -> bool:
        return self.start <= other.end and self.end >= other.start

    def cover(self, other: 'TimeWindow') -> 'TimeWindow':
        return TimeWindow(min(self.start, other.start), max(self.end, other.end))

    @staticmethod
    def merge_windows(windows, callback: 'MergingWindowAssigner.MergeCallback') -> None:
        """Calls `callback.merge(group, cover)` for each group of two or more windows that overlap
        or touch (what a session assigner's `merge_windows` does)."""
        _merge_overlapping(windows, callback)

    def __eq__(self, other):
        return isinstance(other, TimeWindow) and (self.start, self.end) == (other.start, other.end)

    def __hash__(self):
        return hash((self.start, self.end))

    def __lt__(self, other):
        return (self.start, self.end) < (other.start, other.end)

    def __repr__(self):
        return "TimeWindow(start={}, end={})".format(self.start, self.end)


class CountWindow(Window):
    """The `id`-th window of `size` elements of a key (count windows are not bounded in time)."""

    def __init__(self, id: int):
        self.id = id

    def max_timestamp(self) -> int:
        return 0x7fffffffffffffff

    def __eq__(self, other):
        return isinstance(other, CountWindow) and self.id == other.id

    def __hash__(self):
        return hash(self.id)

    def __repr__(self):
        return "CountWindow(id={})".format(self.id)


class GlobalWindow(Window):
    """The one window of `GlobalWindows`: everything of a key, to the end of time."""

    _instance = None

    @staticmethod
    def get() -> 'GlobalWindow':
        if GlobalWindow._instance is None:
            GlobalWindow._instance = GlobalWindow()
        return GlobalWindow._instance

    def max_timestamp(self) -> int:
        return 0x7fffffffffffffff

    def __eq__(self, other):
        return isinstance(other, GlobalWindow)

    def __hash__(self):
        return 0

    def __repr__(self):
        return "GlobalWindow"


def _pack_long(value, serializer: TypeSerializer, what: str) -> bytes:
    """`value` as Java's `writeLong` writes it: 8 bytes, big-endian two's complement."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{type(serializer).__name__}: the window's {what} must be an int, got {value!r}")
    if not _LONG_MIN <= value <= _LONG_MAX:
        raise ValueError(f"{type(serializer).__name__}: the window's {what} {value} does not fit in a long")
    return _LONG.pack(value)


def _read_exactly(stream: BytesIO, size: int, serializer: TypeSerializer) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise ValueError(f"{type(serializer).__name__}.deserialize: a window takes {size} bytes, the stream "
                         f"held {len(data)}")
    return data


def _require_window(element, kind: type, serializer: TypeSerializer) -> None:
    if not isinstance(element, kind):
        raise TypeError(f"{type(serializer).__name__} writes a {kind.__name__}, got {element!r}")


class TimeWindowSerializer(TypeSerializer[TimeWindow]):
    """Writes a TimeWindow as PyFlink's (and Java's TimeWindow.Serializer): its start then its
    end, each a big-endian signed long (16 bytes)."""

    def serialize(self, element: TimeWindow, stream: BytesIO) -> None:
        _require_window(element, TimeWindow, self)
        stream.write(_pack_long(element.start, self, 'start') + _pack_long(element.end, self, 'end'))

    def deserialize(self, stream: BytesIO) -> TimeWindow:
        start, end = _TWO_LONGS.unpack(_read_exactly(stream, _TWO_LONGS.size, self))
        return TimeWindow(start, end)


class CountWindowSerializer(TypeSerializer[CountWindow]):
    """Writes a CountWindow as PyFlink's (and Java's CountWindow.Serializer): its id as a big-endian
    signed long (8 bytes)."""

    def serialize(self, element: CountWindow, stream: BytesIO) -> None:
        _require_window(element, CountWindow, self)
        stream.write(_pack_long(element.id, self, 'id'))

    def deserialize(self, stream: BytesIO) -> CountWindow:
        return CountWindow(_LONG.unpack(_read_exactly(stream, _LONG.size, self))[0])


class GlobalWindowSerializer(TypeSerializer[GlobalWindow]):
    """Writes the GlobalWindow as Java's GlobalWindow.Serializer and PyFlink's coder: one zero
    byte, read back (whatever its value) as `GlobalWindow.get()`."""

    def serialize(self, element: GlobalWindow, stream: BytesIO) -> None:
        _require_window(element, GlobalWindow, self)
        stream.write(b'\x00')

    def deserialize(self, stream: BytesIO) -> GlobalWindow:
        _read_exactly(stream, 1, self)
        return GlobalWindow.get()


class WindowAssigner(object):
    """Assigns each element to windows. Spate runs its built-in assigners natively (spelled for the
    runtime by `_spate_window()`); a subclass written in Python implements `assign_windows`,
    `get_default_trigger` and `is_event_time`, and its windows run in Python.

    Example::

        class Hourly(WindowAssigner):
            def assign_windows(self, element, timestamp, context):
                start = timestamp - timestamp % 3_600_000
                return [TimeWindow(start, start + 3_600_000)]

            def get_default_trigger(self, env):
                return EventTimeTrigger.create()

            def is_event_time(self):
                return True
    """

    class WindowAssignerContext(object):
        """What `assign_windows` may ask: the current processing time and the runtime context."""

        def __init__(self, processing_time, runtime_context=None):
            self._processing_time = processing_time
            self._runtime_context = runtime_context

        def get_current_processing_time(self) -> int:
            return self._processing_time()

        def get_runtime_context(self):
            return self._runtime_context

    def _spate_window(self) -> dict:
        """The window as the runtime's plan spells it (ARCHITECTURE.md, "The plan")."""
        raise NotImplementedError

    def _runs_natively(self) -> bool:
        """Whether Spate's runtime runs this assigner (not one written in Python)."""
        return type(self)._spate_window is not WindowAssigner._spate_window

    def assign_windows(self, element, timestamp: int, context: 'WindowAssigner.WindowAssignerContext'):
        """The windows `element` (with event `timestamp`) belongs to."""
        raise NotImplementedError(f"{type(self).__name__} must implement assign_windows")

    def get_default_trigger(self, env):
        """The trigger used when the windowed stream names none."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_default_trigger")

    def get_window_serializer(self):
        """Accepted for compatibility: Spate keeps windows as Python objects."""
        return None

    def is_event_time(self) -> bool:
        return True


class MergingWindowAssigner(WindowAssigner):
    """An assigner whose windows can merge (sessions): `merge_windows(windows, callback)` calls
    `callback.merge(to_be_merged, merge_result)` for each group that becomes one window."""

    class MergeCallback(object):
        def merge(self, to_be_merged, merge_result) -> None:
            raise NotImplementedError

    def merge_windows(self, windows, callback: 'MergingWindowAssigner.MergeCallback') -> None:
        raise NotImplementedError(f"{type(self).__name__} must implement merge_windows")


def _merge_overlapping(windows, callback) -> None:
    """Merges time windows that overlap or touch, as Flink's `TimeWindow.mergeWindows`."""
    ordered = sorted(windows, key=lambda w: (w.start, w.end))
    group, cover = [], None
    for window in ordered + [None]:
        if window is not None and cover is not None and cover.intersects(window):
            group.append(window)
            cover = cover.cover(window)
            continue
        if len(group) > 1:
            callback.merge(group, cover)
        if window is not None:
            group, cover = [window], window


class _ByTime(object):
    """What the time assigners share: an element is windowed by its timestamp in event time and
    by the clock in processing time, and the window fires by the same time."""

    def _time_of(self, timestamp: int, context) -> int:
        return timestamp if self.is_event_time() else context.get_current_processing_time()

    def get_default_trigger(self, env):
        return EventTimeTrigger.create() if self.is_event_time() else ProcessingTimeTrigger.create()


class _ByTheClock(object):
    """Makes an event-time assigner its processing-time twin (put first among the bases): the
    same windows, of the machine's clock."""

    def is_event_time(self) -> bool:
        return False


class TumblingEventTimeWindows(_ByTime, WindowAssigner):
    """Non-overlapping event-time windows of one size.

    Example::

        keyed.window(TumblingEventTimeWindows.of(Time.seconds(1))).reduce(lambda a, b: a + b)
    """

    def __init__(self, size: int, offset: int):
        if size <= 0:
            raise ValueError(f"{type(self).__name__}: the size must be positive, got {size} ms")
        if abs(offset) >= size:
            raise ValueError(f"{type(self).__name__}: the offset must be smaller than the size, "
                             f"got {offset} ms for {size} ms")
        self._size = size
        self._offset = offset

    @staticmethod
    def of(size: Union[Time, Duration], offset: Optional[Union[Time, Duration]] = None) -> 'TumblingEventTimeWindows':
        return TumblingEventTimeWindows(_millis(size, "size"), _millis(offset, "offset"))

    def _spate_window(self) -> dict:
        return {'type': 'tumbling', 'size': self._size, 'offset': self._offset}

    def assign_windows(self, element, timestamp: int, context):
        time = self._time_of(timestamp, context)
        start = TimeWindow.get_window_start_with_offset(time, self._offset, self._size)
        return [TimeWindow(start, start + self._size)]

    def __repr__(self):
        return f"{type(self).__name__}({self._size}, {self._offset})"


class SlidingEventTimeWindows(_ByTime, WindowAssigner):
    """Event-time windows of one size starting every `slide` (an element belongs to size/slide of them)."""

    def __init__(self, size: int, slide: int, offset: int):
        if size <= 0 or slide <= 0:
            raise ValueError(f"{type(self).__name__}: the size and slide must be positive, got {size} and {slide} ms")
        if abs(offset) >= slide:
            raise ValueError(f"{type(self).__name__}: the offset must be smaller than the slide, "
                             f"got {offset} ms for {slide} ms")
        self._size = size
        self._slide = slide
        self._offset = offset

    @staticmethod
    def of(size: Union[Time, Duration], slide: Union[Time, Duration],
           offset: Optional[Union[Time, Duration]] = None) -> 'SlidingEventTimeWindows':
        return SlidingEventTimeWindows(_millis(size, "size"), _millis(slide, "slide"), _millis(offset, "offset"))

    def _spate_window(self) -> dict:
        return {'type': 'sliding', 'size': self._size, 'slide': self._slide, 'offset': self._offset}

    def assign_windows(self, element, timestamp: int, context):
        from spate import _spate
        time = self._time_of(timestamp, context)
        return [TimeWindow(start, start + self._size)
                for start in _spate.window_starts(time, self._size, self._slide, self._offset)]

    def __repr__(self):
        return f"{type(self).__name__}({self._size}, {self._slide}, {self._offset})"


class EventTimeSessionWindows(_ByTime, MergingWindowAssigner):
    """Sessions per key: an element opens [t, t + gap), and a key's sessions merge while they
    overlap or touch; a session fires when the watermark passes its end."""

    def __init__(self, session_gap: int):
        if session_gap <= 0:
            raise ValueError(f"{type(self).__name__}: the gap must be positive, got {session_gap} ms")
        self._session_gap = session_gap

    @staticmethod
    def with_gap(size: Union[Time, Duration]) -> 'EventTimeSessionWindows':
        return EventTimeSessionWindows(_millis(size, "gap"))

    @staticmethod
    def with_dynamic_gap(extractor) -> 'DynamicEventTimeSessionWindows':
        return DynamicEventTimeSessionWindows(extractor)

    def is_merging(self) -> bool:
        return True

    def _spate_window(self) -> dict:
        return {'type': 'session', 'gap': self._session_gap}

    def _gap_of(self, element) -> int:
        return self._session_gap

    def assign_windows(self, element, timestamp: int, context):
        time = self._time_of(timestamp, context)
        gap = self._gap_of(element)
        if not isinstance(gap, int) or isinstance(gap, bool) or gap <= 0:
            raise ValueError(f"{type(self).__name__}: a session gap must be a positive int of ms, got {gap!r}")
        return [TimeWindow(time, time + gap)]

    def merge_windows(self, windows, callback) -> None:
        _merge_overlapping(windows, callback)

    def __repr__(self):
        return f"{type(self).__name__}({self._session_gap})"


def _next_count(context, name: str) -> int:
    """How many elements the current key had before this one (kept in keyed state `name`)."""
    from spate.common.typeinfo import Types
    from spate.datastream.state import ValueStateDescriptor
    state = context.get_runtime_context().get_state(ValueStateDescriptor(name, Types.LONG()))
    count = state.value() or 0
    state.update(count + 1)
    return count


class CountTumblingWindowAssigner(WindowAssigner):
    """Every `window_size` elements of a key form a window; leftovers at the end never fire."""

    def __init__(self, window_size: int):
        if not isinstance(window_size, int) or isinstance(window_size, bool) or window_size <= 0:
            raise ValueError(f"count_window: the size must be a positive int, got {window_size!r}")
        self._window_size = window_size

    @staticmethod
    def of(window_size: int) -> 'CountTumblingWindowAssigner':
        return CountTumblingWindowAssigner(window_size)

    def is_event_time(self) -> bool:
        return False

    def _spate_window(self) -> dict:
        return {'type': 'count', 'size': self._window_size}

    def assign_windows(self, element, timestamp: int, context):
        # As PyFlink's assigner: the key's element count (keyed state) gives the window.
        count = _next_count(context, 'tumble-count-assigner')
        return [CountWindow(count // self._window_size)]

    def get_default_trigger(self, env):
        return CountTrigger(self._window_size)

    def __repr__(self):
        return f"CountTumblingWindowAssigner({self._window_size})"


class CountSlidingWindowAssigner(WindowAssigner):
    """Windows of `window_size` elements of a key, one starting every `window_slide` elements:
    window k holds elements k·slide .. k·slide + size - 1 and fires once it has them all (as
    PyFlink's assigner; Java Flink's count_window also fires the first, partial windows)."""

    def __init__(self, window_size: int, window_slide: int):
        for name, value in (('size', window_size), ('slide', window_slide)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"count_window: the {name} must be a positive int, got {value!r}")
        self._window_size = window_size
        self._window_slide = window_slide

    @staticmethod
    def of(window_size: int, window_slide: int) -> 'CountSlidingWindowAssigner':
        return CountSlidingWindowAssigner(window_size, window_slide)

    def is_event_time(self) -> bool:
        return False

    def _spate_window(self) -> dict:
        return {'type': 'count', 'size': self._window_size, 'slide': self._window_slide}

    def assign_windows(self, element, timestamp: int, context):
        # Window k holds the key's elements k*slide .. k*slide + size - 1.
        count = _next_count(context, 'slide-count-assigner')
        last = count // self._window_slide
        windows = []
        while last >= 0 and last * self._window_slide <= count <= last * self._window_slide + self._window_size - 1:
            windows.append(CountWindow(last))
            last -= 1
        return windows

    def get_default_trigger(self, env):
        return CountTrigger(self._window_size)

    def __repr__(self):
        return f"CountSlidingWindowAssigner({self._window_size}, {self._window_slide})"


class TumblingProcessingTimeWindows(_ByTheClock, TumblingEventTimeWindows):
    """Non-overlapping windows of the machine's clock: an element belongs to the window of the
    time it arrives; a window fires when the clock passes its end. At the end of a bounded input,
    windows not yet due are dropped, as in Flink.

    Example::

        keyed.window(TumblingProcessingTimeWindows.of(Time.seconds(5))).reduce(lambda a, b: a + b)
    """

    @staticmethod
    def of(size: Union[Time, Duration], offset: Optional[Union[Time, Duration]] = None) -> 'TumblingProcessingTimeWindows':
        return TumblingProcessingTimeWindows(_millis(size, "size"), _millis(offset, "offset"))


class SlidingProcessingTimeWindows(_ByTheClock, SlidingEventTimeWindows):
    """Windows of the machine's clock of one size starting every `slide` (see
    `TumblingProcessingTimeWindows`)."""

    @staticmethod
    def of(size: Union[Time, Duration], slide: Union[Time, Duration],
           offset: Optional[Union[Time, Duration]] = None) -> 'SlidingProcessingTimeWindows':
        return SlidingProcessingTimeWindows(_millis(size, "size"), _millis(slide, "slide"), _millis(offset, "offset"))


class ProcessingTimeSessionWindows(_ByTheClock, EventTimeSessionWindows):
    """Sessions of the machine's clock: a key's session closes after `gap` without elements."""

    @staticmethod
    def with_gap(size: Union[Time, Duration]) -> 'ProcessingTimeSessionWindows':
        return ProcessingTimeSessionWindows(_millis(size, "gap"))

    @staticmethod
    def with_dynamic_gap(extractor) -> 'DynamicProcessingTimeSessionWindows':
        return DynamicProcessingTimeSessionWindows(extractor)


class SessionWindowTimeGapExtractor(object):
    """Gives each element's session gap, for dynamic session windows."""

    def extract(self, element) -> int:
        """The gap after `element`, in milliseconds (must be positive)."""
        raise NotImplementedError


class DynamicEventTimeSessionWindows(EventTimeSessionWindows):
    """Event-time sessions whose gap each element gives (`extractor.extract(element)`, in ms).

    Example::

        class ByPriority(SessionWindowTimeGapExtractor):
            def extract(self, element):
                return 1000 if element[1] == 'urgent' else 60000

        keyed.window(EventTimeSessionWindows.with_dynamic_gap(ByPriority()))
    """

    def __init__(self, session_window_time_gap_extractor):
        extract = getattr(session_window_time_gap_extractor, 'extract', session_window_time_gap_extractor)
        if not callable(extract):
            raise TypeError(f"{type(self).__name__}: expected a SessionWindowTimeGapExtractor, "
                            f"got {session_window_time_gap_extractor!r}")
        self._session_gap = None
        self._extract = extract

    @staticmethod
    def with_dynamic_gap(extractor) -> 'DynamicEventTimeSessionWindows':
        return DynamicEventTimeSessionWindows(extractor)

    def _spate_window(self) -> dict:
        return {'type': 'dynamic_session'}

    def _gap_of(self, element) -> int:
        return self._extract(element)

    def __repr__(self):
        return f"{type(self).__name__}()"


class DynamicProcessingTimeSessionWindows(_ByTheClock, DynamicEventTimeSessionWindows):
    """Processing-time sessions whose gap each element gives (see DynamicEventTimeSessionWindows)."""

    @staticmethod
    def with_dynamic_gap(extractor) -> 'DynamicProcessingTimeSessionWindows':
        return DynamicProcessingTimeSessionWindows(extractor)


class GlobalWindows(WindowAssigner):
    """One window per key holding all its elements; it never fires by itself (NeverTrigger), so
    give it a trigger.

    Example::

        keyed.window(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.of(3))).reduce(add)
    """

    @staticmethod
    def create() -> 'GlobalWindows':
        return GlobalWindows()

    def is_event_time(self) -> bool:
        return False

    def _spate_window(self) -> dict:
        return {'type': 'global'}

    def assign_windows(self, element, timestamp: int, context):
        return [GlobalWindow.get()]

    def get_default_trigger(self, env):
        return NeverTrigger()

    def __repr__(self):
        return "GlobalWindows()"


__all__ = ['Window', 'MergingWindowAssigner', 'DynamicEventTimeSessionWindows', 'DynamicProcessingTimeSessionWindows', 'SessionWindowTimeGapExtractor',
           'ContinuousEventTimeTrigger', 'ContinuousProcessingTimeTrigger', 'CountTrigger', 'EventTimeTrigger',
           'GlobalWindow', 'GlobalWindows', 'NeverTrigger', 'ProcessingTimeTrigger', 'PurgingTrigger', 'Trigger',
           'TriggerResult', 'ProcessingTimeSessionWindows', 'SlidingProcessingTimeWindows', 'TumblingProcessingTimeWindows', 'EventTimeSessionWindows', 'CountSlidingWindowAssigner', 'CountTumblingWindowAssigner', 'CountWindow', 'CountWindowSerializer', 'GlobalWindowSerializer', 'TimeWindow', 'TimeWindowSerializer', 'WindowAssigner', 'TumblingEventTimeWindows', 'SlidingEventTimeWindows']
