"""
The base classes of user-defined functions, as in `pyflink.datastream.functions`.

Abstract methods are the ones PyFlink marks abstract: a subclass must define them before it can be
instantiated. The contexts passed to functions (`RuntimeContext`, `ProcessFunction.Context`, ...)
are abstract here; the runtime provides them.
"""

from abc import ABC, abstractmethod
from typing import Any, Generic, Iterable, TypeVar, Union

from spate.datastream.timerservice import TimerService

__all__ = [
    'RuntimeContext',
    'MapFunction',
    'CoMapFunction',
    'FlatMapFunction',
    'CoFlatMapFunction',
    'ReduceFunction',
    'AggregateFunction',
    'KeySelector',
    'FilterFunction',
    'Partitioner',
    'SourceFunction',
    'SinkFunction',
    'ProcessFunction',
    'CoProcessFunction',
    'KeyedProcessFunction',
    'KeyedCoProcessFunction',
    'WindowFunction',
    'AllWindowFunction',
    'ProcessWindowFunction',
    'ProcessAllWindowFunction',
    'BaseBroadcastProcessFunction',
    'BroadcastProcessFunction',
    'KeyedBroadcastProcessFunction',
    'AsyncFunction',
    'AsyncFunctionDescriptor',
    'AsyncRetryPredicate',
    'AsyncRetryStrategy',
    'TimerService',
]

W = TypeVar('W')
W2 = TypeVar('W2')
IN = TypeVar('IN')
IN1 = TypeVar('IN1')
IN2 = TypeVar('IN2')
OUT = TypeVar('OUT')
KEY = TypeVar('KEY')


class KeyedStateStore(ABC):
    """Gives access to keyed state (only on a KeyedStream): one value per key and state name."""

    @abstractmethod
    def get_state(self, state_descriptor: 'ValueStateDescriptor') -> 'ValueState':
        """A single value per key."""
        raise NotImplementedError

    @abstractmethod
    def get_list_state(self, state_descriptor: 'ListStateDescriptor') -> 'ListState':
        """A list of values per key."""
        raise NotImplementedError

    @abstractmethod
    def get_map_state(self, state_descriptor: 'MapStateDescriptor') -> 'MapState':
        """A dict of user keys to values per key."""
        raise NotImplementedError

    @abstractmethod
    def get_reducing_state(self, state_descriptor: 'ReducingStateDescriptor') -> 'ReducingState':
        """A value per key that a ReduceFunction combines with each value added."""
        raise NotImplementedError

    @abstractmethod
    def get_aggregating_state(
            self, state_descriptor: 'AggregatingStateDescriptor') -> 'AggregatingState':
        """An accumulator per key that an AggregateFunction updates with each value added."""
        raise NotImplementedError


class RuntimeContext(KeyedStateStore):
    """What a function can learn about the parallel task that runs it, and its state."""

    @abstractmethod
    def get_task_name(self) -> str:
        """The name of the task the function runs in."""
        raise NotImplementedError

    @abstractmethod
    def get_number_of_parallel_subtasks(self) -> int:
        """The parallelism of the task."""
        raise NotImplementedError

    @abstractmethod
    def get_max_number_of_parallel_subtasks(self) -> int:
        """The max parallelism (number of key groups) of the task."""
        raise NotImplementedError

    @abstractmethod
    def get_index_of_this_subtask(self) -> int:
        """The index of this parallel subtask, from 0 to parallelism - 1."""
        raise NotImplementedError

    @abstractmethod
    def get_attempt_number(self) -> int:
        """The attempt number of this subtask; the first attempt is 0."""
        raise NotImplementedError

    @abstractmethod
    def get_task_name_with_subtasks(self) -> str:
        """The task name with the subtask, such as "MyTask (3/6)" (index + 1 / parallelism)."""
        raise NotImplementedError

    @abstractmethod
    def get_job_parameter(self, key: str, default_value: str):
        """The global job parameter `key`, or `default_value` if it is not set."""
        raise NotImplementedError

    @abstractmethod
    def get_metrics_group(self) -> 'MetricGroup':
        """The metric group of this subtask."""
        raise NotImplementedError


class Function(ABC):
    """The base class of all user-defined functions."""

    def open(self, runtime_context: RuntimeContext):
        """Called once before the first record, with the subtask's context."""
        pass

    def close(self):
        """Called once after the last record."""
        pass


class MapFunction(Function):
    """Turns each element into exactly one element: ``ds.map(MyMapFunction())``."""

    @abstractmethod
    def map(self, value):
        """The element that `value` becomes."""
        raise NotImplementedError


class CoMapFunction(Function):
    """A map over two connected streams: ``ds1.connect(ds2).map(MyCoMapFunction())``."""

    @abstractmethod
    def map1(self, value):
        """Maps an element of the first stream."""
        raise NotImplementedError

    @abstractmethod
    def map2(self, value):
        """Maps an element of the second stream."""
        raise NotImplementedError


class FlatMapFunction(Function):
    """Turns each element into zero or more elements (an iterable, usually a generator)."""

    @abstractmethod
    def flat_map(self, value):
        """The elements that `value` becomes, e.g. ``yield`` each."""
        raise NotImplementedError


class CoFlatMapFunction(Function):
    """A flat map over two connected streams."""

    @abstractmethod
    def flat_map1(self, value):
        """The elements that an element of the first stream becomes."""
        raise NotImplementedError

    @abstractmethod
    def flat_map2(self, value):
        """The elements that an element of the second stream becomes."""
        raise NotImplementedError


class ReduceFunction(Function):
    """Combines two values of a group into one of the same type, repeatedly."""

    @abstractmethod
    def reduce(self, value1, value2):
        """The combination of `value1` (the result so far) and `value2`."""
        raise NotImplementedError


class AggregateFunction(Function):
    """
    An aggregation through an accumulator: `create_accumulator`, then `add` each value, then
    `get_result`; `merge` combines two accumulators (for merging windows).
    """

    @abstractmethod
    def create_accumulator(self):
        """A new accumulator, for an empty aggregate."""
        raise NotImplementedError

    @abstractmethod
    def add(self, value, accumulator):
        """Adds `value` to `accumulator`; returns the accumulator (may be changed in place)."""
        raise NotImplementedError

    @abstractmethod
    def get_result(self, accumulator):
        """The result of the aggregation."""
        raise NotImplementedError

    @abstractmethod
    def merge(self, acc_a, acc_b):
        """An accumulator holding both `acc_a` and `acc_b` (either may be reused)."""
        raise NotImplementedError


class KeySelector(Function):
    """Extracts a deterministic key from an element."""

    @abstractmethod
    def get_key(self, value):
        """The key of `value`; the same element must always give the same key."""
        raise NotImplementedError


class NullByteKeySelector(KeySelector):
    """Gives every element the key 0, to run keyed operators on a non-keyed stream."""

    def get_key(self, value):
        return 0


class FilterFunction(Function):
    """Keeps the elements for which `filter` is true."""

    @abstractmethod
    def filter(self, value):
        """True to keep `value`, False to drop it."""
        raise NotImplementedError


class Partitioner(Function):
    """Chooses the partition of each key (``ds.partition_custom``)."""

    @abstractmethod
    def partition(self, key: Any, num_partitions: int) -> int:
        """The partition of `key`, from 0 to num_partitions - 1."""
        raise NotImplementedError


class FunctionWrapper(Function):
    """Wraps a plain Python callable as a function."""

    def __init__(self, func):
        self._func = func


class ReduceFunctionWrapper(FunctionWrapper):
    """A ReduceFunction that calls a plain callable of two arguments."""

    def __init__(self, func):
        super(ReduceFunctionWrapper, self).__init__(func)

    def reduce(self, value1, value2):
        return self._func(value1, value2)


class JavaFunctionWrapper(object):
    """A function implemented in Java, named by class. Spate has no JVM: it accepts these but its
    runtime cannot run them."""

    def __init__(self, j_function: Union[str, Any]):
        self._j_function = j_function

    def get_java_function(self):
        return self._j_function


class SourceFunction(JavaFunctionWrapper):
    """The base class of (legacy) stream sources; in PyFlink, a Java SourceFunction."""

    def __init__(self, source_func: Union[str, Any]):
        super(SourceFunction, self).__init__(source_func)


class SinkFunction(JavaFunctionWrapper):
    """The base class of (legacy) sinks; in PyFlink, a Java SinkFunction."""

    def __init__(self, sink_func: Union[str, Any]):
        super(SinkFunction, self).__init__(sink_func)


class ProcessFunction(Function):
    """Processes each element with access to its timestamp and to timers (keyed streams only)."""

    class Context(ABC):
        """What `process_element` can see of the current element."""

        @abstractmethod
        def timer_service(self) -> 'TimerService':
            """Queries time and registers timers."""
            raise NotImplementedError

        @abstractmethod
        def timestamp(self) -> int:
            """The timestamp of the current element or firing timer (may be None)."""
            raise NotImplementedError

    @abstractmethod
    def process_element(self, value, ctx: 'ProcessFunction.Context'):
        """Processes one element; ``yield`` zero or more outputs."""
        raise NotImplementedError


class KeyedProcessFunction(Function):
    """Processes each element of a keyed stream, with keyed state and timers."""

    class Context(ABC):
        """What `process_element` can see of the current element."""

        @abstractmethod
        def get_current_key(self):
            """The key of the current element."""
            raise NotImplementedError

        @abstractmethod
        def timer_service(self) -> 'TimerService':
            """Queries time and registers timers."""
            raise NotImplementedError

        @abstractmethod
        def timestamp(self) -> int:
            """The timestamp of the current element or firing timer (may be None)."""
            raise NotImplementedError

    class OnTimerContext(Context):
        """The context of a firing timer."""

        @abstractmethod
        def time_domain(self) -> 'TimeDomain':
            """Whether the firing timer is an event-time or a processing-time timer."""
            raise NotImplementedError

    @abstractmethod
    def process_element(self, value, ctx: 'KeyedProcessFunction.Context'):
        """Processes one element; ``yield`` zero or more outputs."""
        raise NotImplementedError

    def on_timer(self, timestamp: int, ctx: 'KeyedProcessFunction.OnTimerContext'):
        """Called when a timer fires; ``yield`` zero or more outputs."""
        pass


class CoProcessFunction(Function):
    """Processes the elements of two connected streams, with timestamps and timers."""

    class Context(ABC):
        """What `process_element1/2` can see of the current element."""

        @abstractmethod
        def timer_service(self) -> 'TimerService':
            """Queries time and registers timers."""
            raise NotImplementedError

        @abstractmethod
        def timestamp(self) -> int:
            """The timestamp of the current element or firing timer (may be None)."""
            raise NotImplementedError

    @abstractmethod
    def process_element1(self, value, ctx: 'CoProcessFunction.Context'):
        """Processes an element of the first stream; ``yield`` zero or more outputs."""
        raise NotImplementedError

    @abstractmethod
    def process_element2(self, value, ctx: 'CoProcessFunction.Context'):
        """Processes an element of the second stream; ``yield`` zero or more outputs."""
        raise NotImplementedError


class KeyedCoProcessFunction(Function):
    """Processes the elements of two connected keyed streams, with keyed state and timers."""

    class Context(ABC):
        """What `process_element1/2` can see of the current element."""

        @abstractmethod
        def get_current_key(self):
            """The key of the current element."""
            raise NotImplementedError

        @abstractmethod
        def timer_service(self) -> 'TimerService':
            """Queries time and registers timers."""
            raise NotImplementedError

        @abstractmethod
        def timestamp(self) -> int:
            """The timestamp of the current element or firing timer (may be None)."""
            raise NotImplementedError

    class OnTimerContext(Context):
        """The context of a firing timer."""

        @abstractmethod
        def time_domain(self) -> 'TimeDomain':
            """Whether the firing timer is an event-time or a processing-time timer."""
            raise NotImplementedError

    @abstractmethod
    def process_element1(self, value, ctx: 'KeyedCoProcessFunction.Context'):
        """Processes an element of the first stream; ``yield`` zero or more outputs."""
        raise NotImplementedError

    @abstractmethod
    def process_element2(self, value, ctx: 'KeyedCoProcessFunction.Context'):
        """Processes an element of the second stream; ``yield`` zero or more outputs."""
        raise NotImplementedError

    def on_timer(self, timestamp: int, ctx: 'KeyedCoProcessFunction.OnTimerContext'):
        """Called when a timer fires; ``yield`` zero or more outputs."""
        pass


class WindowFunction(Function, Generic[IN, OUT, KEY, W]):
    """Evaluates a window of a keyed stream."""

    @abstractmethod
    def apply(self, key: KEY, window: W, inputs: Iterable[IN]) -> Iterable[OUT]:
        """The outputs for the window's elements `inputs`."""
        raise NotImplementedError


class AllWindowFunction(Function, Generic[IN, OUT, W]):
    """Evaluates a window of a non-keyed stream."""

    @abstractmethod
    def apply(self, window: W, inputs: Iterable[IN]) -> Iterable[OUT]:
        """The outputs for the window's elements `inputs`."""
        raise NotImplementedError


class PassThroughWindowFunction(WindowFunction[IN, IN, KEY, W]):
    """Emits the window's elements unchanged."""

    def apply(self, key: KEY, window: W, inputs: Iterable[IN]) -> Iterable[IN]:
        yield from inputs


class PassThroughAllWindowFunction(AllWindowFunction[IN, IN, W]):
    """Emits the window's elements unchanged."""

    def apply(self, window: W, inputs: Iterable[IN]) -> Iterable[IN]:
        yield from inputs


class ProcessWindowFunction(Function, Generic[IN, OUT, KEY, W]):
    """Evaluates a window of a keyed stream, with a context giving the window, time and state."""

    class Context(ABC, Generic[W2]):
        """The window being evaluated, the current times, and per-window and per-key state."""

        @abstractmethod
        def window(self) -> W2:
            """The window being evaluated."""
            raise NotImplementedError

        @abstractmethod
        def current_processing_time(self) -> int:
            """The current processing time, in ms."""
            raise NotImplementedError

        @abstractmethod
        def current_watermark(self) -> int:
            """The current event-time watermark, in ms."""
            raise NotImplementedError

        @abstractmethod
        def window_state(self) -> KeyedStateStore:
            """State scoped to the key and the window (clean it up in `clear`)."""
            raise NotImplementedError

        @abstractmethod
        def global_state(self) -> KeyedStateStore:
            """State scoped to the key, across windows."""
            raise NotImplementedError

    @abstractmethod
    def process(self,
                key: KEY,
                context: 'ProcessWindowFunction.Context',
                elements: Iterable[IN]) -> Iterable[OUT]:
        """The outputs for the window's `elements`."""
        raise NotImplementedError

    def clear(self, context: 'ProcessWindowFunction.Context') -> None:
        """Called when the window is purged: delete its per-window state here."""
        pass


class ProcessAllWindowFunction(Function, Generic[IN, OUT, W]):
    """Evaluates a window of a non-keyed stream, with a context giving the window and state."""

    class Context(ABC, Generic[W2]):
        """The window being evaluated, and per-window and global state."""

        @abstractmethod
        def window(self) -> W2:
            """The window being evaluated."""
            raise NotImplementedError

        @abstractmethod
        def window_state(self) -> KeyedStateStore:
            """State scoped to the window (clean it up in `clear`)."""
            raise NotImplementedError

        @abstractmethod
        def global_state(self) -> KeyedStateStore:
            """State across windows."""
            raise NotImplementedError

    @abstractmethod
    def process(self,
                context: 'ProcessAllWindowFunction.Context',
                elements: Iterable[IN]) -> Iterable[OUT]:
        """The outputs for the window's `elements`."""
        raise NotImplementedError

    def clear(self, context: 'ProcessAllWindowFunction.Context') -> None:
        """Called when the window is purged: delete its per-window state here."""
        pass


class BaseBroadcastProcessFunction(Function):
    """What broadcast process functions (keyed or not) have in common."""

    class BaseContext(ABC):
        """The timestamp and current times, available on both sides."""

        @abstractmethod
        def timestamp(self) -> int:
            """The timestamp of the current element (may be None)."""
            raise NotImplementedError

        @abstractmethod
        def current_processing_time(self) -> int:
            """The current processing time, in ms."""
            raise NotImplementedError

        @abstractmethod
        def current_watermark(self) -> int:
            """The current event-time watermark, in ms."""
            raise NotImplementedError

    class Context(BaseContext):
        """The context on the broadcast side: broadcast state is writable."""

        @abstractmethod
        def get_broadcast_state(self, state_descriptor: 'MapStateDescriptor') -> 'BroadcastState':
            """The broadcast state described by `state_descriptor`."""
            raise NotImplementedError

    class ReadOnlyContext(BaseContext):
        """The context on the non-broadcast side: broadcast state is read-only."""

        @abstractmethod
        def get_broadcast_state(
                self, state_descriptor: 'MapStateDescriptor') -> 'ReadOnlyBroadcastState':
            """A read-only view of the broadcast state described by `state_descriptor`."""
            raise NotImplementedError


class BroadcastProcessFunction(BaseBroadcastProcessFunction, Generic[IN1, IN2, OUT]):
    """Processes a non-keyed stream connected to a broadcast stream."""

    class Context(BaseBroadcastProcessFunction.Context, ABC):
        """The context on the broadcast side."""

    class ReadOnlyContext(BaseBroadcastProcessFunction.ReadOnlyContext, ABC):
        """The context on the non-broadcast side."""

    @abstractmethod
    def process_element(self, value: IN1, ctx: ReadOnlyContext):
        """Processes an element of the non-broadcast side; ``yield`` zero or more outputs."""
        raise NotImplementedError

    @abstractmethod
    def process_broadcast_element(self, value: IN2, ctx: Context):
        """Processes an element of the broadcast side; ``yield`` zero or more outputs."""
        raise NotImplementedError


class KeyedBroadcastProcessFunction(BaseBroadcastProcessFunction, Generic[KEY, IN1, IN2, OUT]):
    """Processes a keyed stream connected to a broadcast stream, with keyed state and timers."""

    class Context(BaseBroadcastProcessFunction.Context, ABC):
        """The context on the broadcast side."""

    class ReadOnlyContext(BaseBroadcastProcessFunction.ReadOnlyContext, ABC):
        """The context on the keyed side."""

        @abstractmethod
        def timer_service(self) -> 'TimerService':
            """Queries time and registers timers."""
            raise NotImplementedError

        @abstractmethod
        def get_current_key(self) -> KEY:  # type: ignore[type-var]
            """The key of the current element."""
            raise NotImplementedError

    class OnTimerContext(ReadOnlyContext, ABC):
        """The context of a firing timer."""

        @abstractmethod
        def time_domain(self) -> 'TimeDomain':
            """Whether the firing timer is an event-time or a processing-time timer."""
            raise NotImplementedError

        @abstractmethod
        def get_current_key(self) -> KEY:  # type: ignore[type-var]
            """The key of the firing timer."""
            raise NotImplementedError

    @abstractmethod
    def process_element(self, value: IN1, ctx: ReadOnlyContext):
        """Processes an element of the keyed side; ``yield`` zero or more outputs."""
        raise NotImplementedError

    @abstractmethod
    def process_broadcast_element(self, value: IN2, ctx: Context):
        """Processes an element of the broadcast side; ``yield`` zero or more outputs."""
        raise NotImplementedError

    def on_timer(self, timestamp: int, ctx: OnTimerContext):
        """Called when a timer fires; ``yield`` zero or more outputs."""
        pass


# PyFlink keeps the async I/O interfaces in this module too.
from spate.datastream.async_functions import (AsyncFunction, AsyncFunctionDescriptor, AsyncRetryPredicate,  # noqa: E402,F401
                                              AsyncRetryStrategy)
