"""``DataStream``, ``KeyedStream`` and ``DataStreamSink``: the operators a job is built from."""
import types
from typing import Any, Callable, Optional, Union

from spate.common.typeinfo import RowTypeInfo, TupleTypeInfo, TypeInformation, Types
from spate.common.watermark_strategy import WatermarkStrategy
from spate.datastream._graph import FunctionHooks, Transformation, describe_function
from spate.datastream._native import field_selector
from spate.datastream._types import type_string
from spate.datastream.operator_settings import OperatorSettings
from spate.datastream.functions import (FilterFunction, FlatMapFunction, KeySelector, MapFunction,
                                        ReduceFunction)


def _check_parallelism(parallelism: Any) -> int:
    if not isinstance(parallelism, int) or isinstance(parallelism, bool):
        raise TypeError(f"parallelism must be an int, got {parallelism!r}")
    if parallelism < 1:
        raise ValueError(f"parallelism must be at least 1, got {parallelism}")
    return parallelism


class DataStream(OperatorSettings):
    """A stream of records of one type. Transformations return new streams; nothing runs until
    `execute()`.

    Example::

        env.from_collection(["a b", "c"]).flat_map(str.split).map(str.upper).print()
    """

    def __init__(self, env, transformation: Transformation, type_info: Optional[TypeInformation]):
        self._env = env
        self._transformation = transformation
        self._type_info = type_info

    # ---- naming and parallelism ----

    def name(self, name: str) -> 'DataStream':
        self._transformation.name = name
        return self

    def get_name(self) -> str:
        return self._transformation.name

    def uid(self, uid: str) -> 'DataStream':
        self._transformation.uid = uid
        return self

    def set_parallelism(self, parallelism: int) -> 'DataStream':
        if self._transformation.kind == 'collection_source' and parallelism != 1:
            raise ValueError("the parallelism of a collection source must be 1")
        self._transformation.parallelism = _check_parallelism(parallelism)
        if self._transformation.kind == 'watermarks' and self._transformation.inputs[0].kind == 'assign_timestamps':
            # One operator in Flink (timestamps and watermarks): both parts take the parallelism.
            self._transformation.inputs[0].parallelism = parallelism
        return self

    def set_description(self, description: str) -> 'DataStream':
        self._transformation.params['description'] = description
        return self

    def force_non_parallel(self) -> 'DataStream':
        """Runs the operator as one subtask (parallelism and maximum parallelism 1)."""
        self.set_parallelism(1)
        return self.set_max_parallelism(1)

    def get_execution_config(self):
        return self._env.get_config()

    def get_type(self) -> TypeInformation:
        return self._type_info if self._type_info is not None else Types.PICKLED_BYTE_ARRAY()

    def get_execution_environment(self):
        return self._env

    # ---- transformations ----

    def _udf(self, kind: str, default_name: str, func: Any, method: str, interface: type,
             output_type: Optional[str], inputs=None, **extra) -> Transformation:
        """Adds a UDF node; `output_type` is its runtime type string, None to keep the input's."""
        if isinstance(func, interface):
            hooks = FunctionHooks(func, method, default_name, self._env.get_max_parallelism, {})
            params = dict(opener=hooks.open, closer=hooks.close)
        elif callable(func):
            params = dict(func=func)
        else:
            raise TypeError(f"{default_name}: func must be a callable or a {interface.__name__}, "
                            f"got {func!r} of type {type(func).__name__}")
        transformation = Transformation(
            kind, default_name, inputs or [self._transformation],
            output_type,
            function_name=describe_function(func), **params, **extra)
        return self._env._add(transformation)

    def map(self, func: Union[Callable, MapFunction], output_type: TypeInformation = None) -> 'DataStream':
        """One output per record: `func(value)`. Without `output_type`, results are Python objects."""
        return DataStream(self._env, self._udf('map', 'Map', func, 'map', MapFunction, type_string(output_type)),
                          output_type)

    def flat_map(self, func: Union[Callable, FlatMapFunction], output_type: TypeInformation = None) -> 'DataStream':
        """Zero or more outputs per record: `func(value)` returns an iterable (or is a generator)."""
        return DataStream(self._env, self._udf('flat_map', 'Flat Map', func, 'flat_map', FlatMapFunction,
                                                    type_string(output_type)),
                          output_type)

    def filter(self, func: Union[Callable, FilterFunction]) -> 'DataStream':
        """The records for which `func(value)` is true."""
        return DataStream(self._env, self._udf('filter', 'Filter', func, 'filter', FilterFunction, None),
                          self._type_info)

    def key_by(self, key_selector: Union[Callable, KeySelector], key_type: TypeInformation = None) -> 'KeyedStream':
        """Partitions the stream by `key_selector(value)`. Keys are hashed stably (the same key reaches
        the same subtask in every run); declare `key_type` to keep keys typed."""
        key_text = type_string(key_type) if key_type is not None else None
        position = field_selector(key_selector)
        if isinstance(self._type_info, (RowTypeInfo, TupleTypeInfo)) and position is not None \
                and position < len(self._type_info.get_field_types()):
            # `lambda t: t[i]` on a typed tuple or row: the key is read from field i in Swift.
            transformation = self._env._add(Transformation(
                'key_by_field', 'Key By', [self._transformation], None, field=position,
                function_name=describe_function(key_selector)))
            return KeyedStream(self._env, transformation, self._type_info, key_type, key_selector)
        transformation = self._udf('key_by', 'Key By', key_selector, 'get_key', KeySelector, None, key_type=key_text)
        return KeyedStream(self._env, transformation, self._type_info, key_type, key_selector)

    def assign_timestamps_and_watermarks(self, watermark_strategy: WatermarkStrategy) -> 'DataStream':
        """Gives each record an event timestamp (the strategy's `TimestampAssigner`) and emits
        watermarks every `pipeline.auto-watermark-interval` (200 ms) of processing time: the largest
        timestamp seen minus the allowed out-of-orderness minus 1 ms."""
        if not isinstance(watermark_strategy, WatermarkStrategy):
            raise TypeError(f"assign_timestamps_and_watermarks: expected a WatermarkStrategy, got {watermark_strategy!r}")
        upstream = self._transformation
        assigner = watermark_strategy._timestamp_assigner
        if assigner is not None:
            extract = getattr(assigner, 'extract_timestamp', None)
            if not callable(extract):
                raise TypeError(f"assign_timestamps_and_watermarks: the timestamp assigner {assigner!r} has no "
                                f"extract_timestamp(value, record_timestamp)")
            upstream = self._env._add(Transformation(
                'assign_timestamps', 'Timestamps', [upstream], None, func=extract,
                function_name=describe_function(extract)))
        out_of_orderness = watermark_strategy._out_of_orderness_ms
        idleness = watermark_strategy._idleness_ms
        transformation = self._env._add(Transformation(
            'watermarks', 'Timestamps/Watermarks', [upstream], None,
            start=-1 if out_of_orderness is None else out_of_orderness,
            end=self._env.get_config().get_auto_watermark_interval(),
            argument=f"idle:{idleness}" if idleness else None))
        return DataStream(self._env, transformation, self._type_info)

    def union(self, *streams: 'DataStream') -> 'DataStream':
        """The records of this stream and `streams`, which must have the same type."""
        for stream in streams:
            if not isinstance(stream, DataStream):
                raise TypeError(f"union: expected DataStreams, got {stream!r}")
            if stream.get_type() != self.get_type():
                raise TypeError(f"union: cannot union a stream of {self.get_type()} with one of {stream.get_type()}")
        inputs = [self._transformation] + [s._transformation for s in streams]
        transformation = self._env._add(Transformation('union', 'Union', inputs, None))
        return DataStream(self._env, transformation, self._type_info)

    def process(self, func, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `func.process_element(value, ctx)` for each record (`ctx.timestamp()`, the
        current watermark); what it yields is the output. Timers and state need `key_by` first."""
        from spate.datastream.functions import ProcessFunction
        if not isinstance(func, ProcessFunction):
            raise TypeError(f"DataStream.process: expected a ProcessFunction, got {func!r}")
        hooks = FunctionHooks(func, 'process_element', 'ProcessFunction', self._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            return hooks.open(subtask, parallelism), None, None

        transformation = self._env._add(Transformation(
            'process', 'Process', [self._transformation], type_string(output_type),
            opener=opener, closer=hooks.close, function_name=describe_function(func.process_element)))
        return DataStream(self._env, transformation, output_type)

    def window_all(self, window_assigner) -> 'AllWindowedStream':
        """Windows over the whole stream (not per key), evaluated by one subtask, as in Flink."""
        from spate.datastream.window import WindowAssigner
        if not isinstance(window_assigner, WindowAssigner):
            raise TypeError(f"window_all: expected a WindowAssigner, got {window_assigner!r}")
        keyed = KeyedStream(self._env, self._env._add(Transformation('key_constant', 'Key By', [self._transformation], None)),
                            self._type_info, None, lambda value: None)
        return AllWindowedStream(WindowedStream(keyed, window_assigner, lambda value: None))

    def count_window_all(self, size: int, slide: int = 0) -> 'AllWindowedStream':
        """Count windows over the whole stream (see `KeyedStream.count_window`)."""
        from spate.datastream.window import CountSlidingWindowAssigner, CountTumblingWindowAssigner
        return self.window_all(CountSlidingWindowAssigner.of(size, slide) if slide else CountTumblingWindowAssigner.of(size))

    def connect(self, ds):
        """Two streams, possibly of different types, processed by one operator with a function
        for each (`map`/`flat_map` with a CoMapFunction/CoFlatMapFunction, `process`); with a
        `BroadcastStream`, a BroadcastConnectedStream (the broadcast state pattern)."""
        from spate.datastream.broadcast import BroadcastConnectedStream, BroadcastStream
        if isinstance(ds, BroadcastStream):
            return BroadcastConnectedStream(self, ds)
        if not isinstance(ds, DataStream):
            raise TypeError(f"connect: expected a DataStream or BroadcastStream, got {ds!r}")
        return ConnectedStreams(self, ds)

    # ---- partitioning ----

    def _partitioned(self, how: str) -> 'DataStream':
        transformation = self._env._add(Transformation('partition', how.upper(), [self._transformation], None,
                                                       argument=how))
        return DataStream(self._env, transformation, self._type_info)

    def shuffle(self) -> 'DataStream':
        """The next operator reads each batch from a random upstream subtask's output."""
        return self._partitioned('shuffle')

    def rebalance(self) -> 'DataStream':
        """Spreads the records round-robin over the next operator's subtasks."""
        return self._partitioned('rebalance')

    def rescale(self) -> 'DataStream':
        """Round-robin within a local group of the next operator's subtasks."""
        return self._partitioned('rescale')

    def forward(self) -> 'DataStream':
        """Subtask i feeds subtask i (the next operator must have the same parallelism)."""
        return self._partitioned('forward')

    def partition_custom(self, partitioner, key_selector) -> 'DataStream':
        """Sends each record to the subtask `partitioner.partition(key, num_partitions)` chooses for
        its key (`key_selector(record)`), where `num_partitions` is the next operator's parallelism.

        Example::

            class ByParity(Partitioner):
                def partition(self, key, num_partitions):
                    return key % num_partitions

            ds.partition_custom(ByParity(), lambda x: x).map(work)
        """
        from spate.datastream.functions import Partitioner
        partition = partitioner.partition if isinstance(partitioner, Partitioner) else partitioner
        get_key = getattr(key_selector, 'get_key', key_selector)
        if not callable(partition) or not callable(get_key):
            raise TypeError(f"partition_custom: expected a Partitioner (or callable) and a key selector, "
                            f"got {partitioner!r} and {key_selector!r}")
        num_partitions = [0]  # the next operator's parallelism, known once the job is translated

        def choose(value):
            return partition(get_key(value), num_partitions[0])

        chooser = self._env._add(Transformation('partition_key', 'Partition Custom', [self._transformation], None,
                                                func=choose, key_type='i32', num_partitions=num_partitions,
                                                function_name=describe_function(partition)))
        transformation = self._env._add(Transformation('partition', 'CUSTOM', [chooser], None, argument='custom'))
        return DataStream(self._env, transformation, self._type_info)

    def broadcast(self, broadcast_state_descriptor=None, *other_broadcast_state_descriptors):
        """Sends every record to every subtask of the next operator. With MapStateDescriptors,
        returns a `BroadcastStream` to `connect` to: its consumer keeps those broadcast states."""
        if broadcast_state_descriptor is None:
            return self._partitioned('broadcast')
        from spate.datastream.broadcast import BroadcastStream
        from spate.datastream.state import MapStateDescriptor
        descriptors = [broadcast_state_descriptor, *other_broadcast_state_descriptors]
        for descriptor in descriptors:
            if not isinstance(descriptor, MapStateDescriptor):
                raise TypeError(f"broadcast: broadcast state is described by a MapStateDescriptor, got {descriptor!r}")
        return BroadcastStream(self._partitioned('broadcast'), descriptors)

    # ---- side outputs ----

    def get_side_output(self, output_tag: 'OutputTag') -> 'DataStream':
        """The records this stream's operator emitted to `output_tag` (a process function yields
        `(output_tag, value)`; a window's `side_output_late_data(output_tag)` sends late elements)."""
        from spate.datastream.output_tag import OutputTag
        if not isinstance(output_tag, OutputTag):
            raise TypeError(f"get_side_output: expected an OutputTag, got {output_tag!r}")
        producer = self._transformation
        if producer.kind in ('partition', 'union', 'side_output'):
            raise TypeError(f"get_side_output: {producer.describe()} is not an operator with side outputs; "
                            f"call get_side_output on the stream the process function returned")
        type_info = output_tag.type_info
        if producer.params.get('late_tag') == output_tag.tag_id:
            type_info = producer.params['late_type']  # late elements are the window's input records
        tags = producer.params.setdefault('side_tags', {})
        known = tags.setdefault(output_tag.tag_id, output_tag.type_info)
        if known != output_tag.type_info:
            raise ValueError(f"get_side_output: side output '{output_tag.tag_id}' of {producer.describe()} is "
                             f"already read as {known}, not {output_tag.type_info}")
        transformation = self._env._add(Transformation('side_output', 'SideOutput', [producer], type_string(type_info),
                                                       argument=output_tag.tag_id))
        return DataStream(self._env, transformation, type_info)

    # ---- sinks ----

    def print(self, sink_identifier: str = None) -> 'DataStreamSink':
        """Writes each record to standard output as PyFlink does (`k> ` prefixed when the sink runs
        with parallelism above 1)."""
        transformation = self._env._add(Transformation('print', 'Sink: Print to Std. Out', [self._transformation], None,
                                                       argument=sink_identifier))
        self._env._sinks.append(transformation)
        return DataStreamSink(transformation)

    def sink_to(self, sink) -> 'DataStreamSink':
        """Writes the stream to `sink` (a `FileSink`)."""
        from spate.datastream.connectors.file_system import FileSink
        if not isinstance(sink, FileSink):
            raise TypeError(f"sink_to: expected a sink such as FileSink, got {sink!r}")
        transformation = self._env._add(Transformation('file_sink', 'Sink: File Sink', [self._transformation], None,
                                                       argument=sink._spec()))
        self._env._sinks.append(transformation)
        return DataStreamSink(transformation)

    def execute_and_collect(self, job_execution_name: str = None, limit: int = None):
        """Runs the job and returns an iterator over this stream's records (a context manager);
        with `limit`, a list of at most `limit` records."""
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int, got {limit!r}")
        sink = Transformation('collect', 'Collect Sink', [self._transformation], None)
        self._env._add(sink)
        graph, ids, by_id = self._env._graph_for_sinks([sink])
        iterator = CloseableIterator(graph, graph.start(ids[id(sink)]), by_id)
        if limit is None:
            return iterator
        with iterator:
            results = []
            for value in iterator:
                if len(results) >= limit:
                    break
                results.append(value)
            return results


class KeyedStream(DataStream):
    """A stream partitioned by key. Aggregations keep state per key and emit each update."""

    def __init__(self, env, transformation: Transformation, type_info, key_type, key_selector=None):
        super().__init__(env, transformation, type_info)
        self._key_type = key_type
        self._key_selector = key_selector

    @property
    def _get_key(self):
        """The key selector as a plain callable (a KeySelector's get_key, or the function itself)."""
        return getattr(self._key_selector, 'get_key', self._key_selector)

    def reduce(self, func: Union[Callable, ReduceFunction]) -> 'DataStream':
        """Folds each key's records with `func(accumulated, value)`, emitting every new value."""
        transformation = self._udf('reduce', 'Keyed Reduce', func, 'reduce', ReduceFunction,
                                   type_string(self._type_info), inputs=[self._transformation])
        return DataStream(self._env, transformation, self._type_info)

    def _field_position(self, position: Union[int, str], what: str) -> int:
        type_info = self._type_info
        if isinstance(position, str):
            if not isinstance(type_info, RowTypeInfo):
                raise ValueError(f"{what}: a field name ('{position}') needs a stream of named rows")
            names = type_info.get_field_names()
            if position not in names:
                raise ValueError(f"{what}: unknown field '{position}'; the fields are {', '.join(names)}")
            return names.index(position)
        if not isinstance(position, int) or isinstance(position, bool):
            raise TypeError(f"{what}: position must be an int or a field name, got {position!r}")
        if isinstance(type_info, (RowTypeInfo, TupleTypeInfo)):
            arity = len(type_info.get_field_types())
            if not 0 <= position < arity:
                raise ValueError(f"{what}: position {position} is out of range for {type_info} with {arity} fields")
        elif position < 0:
            raise ValueError(f"{what}: position must not be negative, got {position}")
        return position

    def _aggregate(self, kind: str, position: Union[int, str], name: str) -> 'DataStream':
        field = self._field_position(position, kind)
        if self._type_info is None:
            # Python objects: the same semantics, run as a Python reduce.
            return self.reduce(_python_aggregate(kind, position)).name(name)
        field_type = self._type_info
        if isinstance(field_type, (RowTypeInfo, TupleTypeInfo)):
            field_type = field_type.get_field_types()[field]
        if type_string(field_type) not in ('i8', 'i16', 'i32', 'i64', 'f32', 'f64'):
            raise ValueError(f"{kind}: field {position!r} of type {field_type} is not numeric")
        transformation = self._env._add(Transformation(kind, name, [self._transformation], None, field=field))
        return DataStream(self._env, transformation, self._type_info)

    def sum(self, position_to_sum: Union[int, str] = 0) -> 'DataStream':
        """Running sum of a field per key; the other fields are those of the key's first record."""
        return self._aggregate('sum', position_to_sum, 'Keyed Aggregation')

    def min(self, position_to_min: Union[int, str] = 0) -> 'DataStream':
        """Running minimum of a field per key; the other fields are those of the first record."""
        return self._aggregate('min', position_to_min, 'Keyed Aggregation')

    def max(self, position_to_max: Union[int, str] = 0) -> 'DataStream':
        """Running maximum of a field per key; the other fields are those of the first record."""
        return self._aggregate('max', position_to_max, 'Keyed Aggregation')

    def min_by(self, position_to_min_by: Union[int, str] = 0) -> 'DataStream':
        """The record with the smallest field value per key (the first among equals)."""
        return self._aggregate('min_by', position_to_min_by, 'Keyed Aggregation')

    def process(self, func, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `func.process_element(value, ctx)` for each record, with keyed state (from
        `runtime_context.get_state` in `open`) and event-time timers (`ctx.timer_service()`,
        `on_timer(timestamp, ctx)`); what they yield is the output."""
        from spate.datastream.functions import KeyedProcessFunction
        if not isinstance(func, KeyedProcessFunction):
            raise TypeError(f"KeyedStream.process: expected a KeyedProcessFunction, got {func!r}")
        hooks = FunctionHooks(func, 'process_element', 'KeyedProcessFunction', self._env.get_max_parallelism, {})
        get_key = self._get_key

        def opener(subtask, parallelism):
            process_element = hooks.open(subtask, parallelism, keyed=True)
            instance = hooks.instances[subtask]
            return process_element, getattr(instance, 'on_timer', None), get_key

        transformation = self._env._add(Transformation(
            'keyed_process', 'KeyedProcess', [self._transformation], type_string(output_type),
            opener=opener, closer=hooks.close, function_name=describe_function(func.process_element)))
        return DataStream(self._env, transformation, output_type)

    def count_window(self, size: int, slide: int = 0) -> 'WindowedStream':
        """Windows of `size` elements per key, fired as soon as they are complete; elements left
        over when the input ends do not fire (as in Flink)."""
        from spate.datastream.window import CountSlidingWindowAssigner, CountTumblingWindowAssigner
        if slide:
            return WindowedStream(self, CountSlidingWindowAssigner.of(size, slide), self._key_selector)
        return WindowedStream(self, CountTumblingWindowAssigner.of(size), self._key_selector)

    def window(self, window_assigner) -> 'WindowedStream':
        """Groups each key's elements into windows (event time needs
        `assign_timestamps_and_watermarks` upstream)."""
        from spate.datastream.window import WindowAssigner
        if not isinstance(window_assigner, WindowAssigner):
            raise TypeError(f"window: expected a WindowAssigner such as TumblingEventTimeWindows.of(...), "
                            f"got {window_assigner!r}")
        return WindowedStream(self, window_assigner, self._key_selector)

    def max_by(self, position_to_max_by: Union[int, str] = 0) -> 'DataStream':
        """The record with the largest field value per key (the first among equals)."""
        return self._aggregate('max_by', position_to_max_by, 'Keyed Aggregation')


class WindowedStream(object):
    """A keyed stream grouped into windows; `reduce` folds each key's window."""

    def __init__(self, keyed_stream: KeyedStream, window_assigner, key_selector=None):
        self._keyed_stream = keyed_stream
        self._window_assigner = window_assigner
        self._key_selector = key_selector
        self._allowed_lateness = 0
        self._late_tag = None
        self._late_output_tag = None
        self._trigger = None          # the runtime's spelling of a built-in trigger
        self._trigger_object = None   # the Trigger itself

    def trigger(self, trigger) -> 'WindowedStream':
        """Replaces the window's default trigger (when it fires and purges), e.g.
        `CountTrigger.of(100)`, `ContinuousEventTimeTrigger.of(Time.seconds(10))` or a Trigger
        written in Python (then the windows run in Python)."""
        from spate.datastream.window import Trigger
        if not isinstance(trigger, Trigger):
            raise TypeError(f"trigger: expected a Trigger such as CountTrigger.of(10), got {trigger!r}")
        self._trigger = trigger._spate_trigger()  # None for a trigger written in Python
        self._trigger_object = trigger
        return self

    def _runs_in_python(self) -> bool:
        """Whether the windows need Python: an assigner or a trigger written in Python, or a
        trigger on merging (session) or count windows."""
        from spate.datastream.window import CountSlidingWindowAssigner, CountTumblingWindowAssigner, EventTimeSessionWindows
        if not self._window_assigner._runs_natively():
            return True
        if self._trigger_object is None:
            return False
        return self._trigger is None or isinstance(self._window_assigner, (EventTimeSessionWindows, CountTumblingWindowAssigner,
                                                                           CountSlidingWindowAssigner))

    def side_output_late_data(self, output_tag: 'OutputTag') -> 'WindowedStream':
        """Sends late elements (those whose every window has fired and passed its allowed
        lateness) to `output_tag` instead of dropping them; read them with
        `get_side_output(output_tag)` on the window's result stream.

        Example::

            late = OutputTag("late", Types.TUPLE([Types.STRING(), Types.INT()]))
            counts = keyed.window(TumblingEventTimeWindows.of(Time.seconds(5))) \\
                .side_output_late_data(late).process(Count(), Types.TUPLE([Types.STRING(), Types.INT()]))
            counts.get_side_output(late).print()
        """
        from spate.datastream.output_tag import OutputTag
        if not isinstance(output_tag, OutputTag):
            raise TypeError(f"side_output_late_data: expected an OutputTag, got {output_tag!r}")
        input_type = self._keyed_stream._type_info
        pickled = Types.PICKLED_BYTE_ARRAY()
        if output_tag.type_info != pickled and output_tag.type_info != (input_type or pickled):
            raise ValueError(f"side_output_late_data: late elements are the window's input records, of type "
                             f"{input_type or pickled}; the tag '{output_tag.tag_id}' declares {output_tag.type_info}")
        self._late_tag = output_tag.tag_id
        self._late_output_tag = output_tag
        return self

    def _late_params(self) -> dict:
        """The window transformation's late-data parameters: the tag and the type of what it carries."""
        if self._late_tag is None:
            return {}
        return dict(late_tag=self._late_tag, late_type=self._keyed_stream._type_info)

    def allowed_lateness(self, time_ms: int) -> 'WindowedStream':
        """Keeps each window `time_ms` past its end: a late element within that time fires the
        window again with everything it holds; later elements are dropped."""
        if not isinstance(time_ms, int) or isinstance(time_ms, bool) or time_ms < 0:
            raise ValueError(f"allowed_lateness: expected a non-negative int of milliseconds, got {time_ms!r}")
        from spate.datastream.window import EventTimeSessionWindows, SlidingEventTimeWindows, TumblingEventTimeWindows
        if time_ms and self._window_assigner._runs_natively() and not isinstance(
                self._window_assigner, (TumblingEventTimeWindows, SlidingEventTimeWindows, EventTimeSessionWindows)):
            raise NotImplementedError(f"allowed_lateness is supported for tumbling, sliding and session event-time "
                                      f"windows, not {self._window_assigner!r}")
        self._allowed_lateness = time_ms
        return self

    def _window_spec(self) -> str:
        spec = self._window_assigner._spate_window()
        return f"{spec}:{self._allowed_lateness}" if self._allowed_lateness else spec

    def get_execution_environment(self):
        return self._keyed_stream._env

    def reduce(self, reduce_function: Union[Callable, ReduceFunction], window_function=None,
               output_type: TypeInformation = None) -> 'DataStream':
        """Folds each key's window with `reduce_function(accumulated, value)` as elements arrive
        (one call into Python per batch of elements) and emits the result when the window fires."""
        from spate.datastream.window import (CountSlidingWindowAssigner, CountTumblingWindowAssigner, EventTimeSessionWindows,
                                             GlobalWindows)
        if window_function is not None or self._allowed_lateness or self._trigger_object is not None \
                or self._runs_in_python() or isinstance(
                self._window_assigner, (CountTumblingWindowAssigner, CountSlidingWindowAssigner, EventTimeSessionWindows,
                                        GlobalWindows)):
            # Folded when the window fires (count windows and merging sessions are only known
            # then), then handed on.
            fold = _Folding.reduce(reduce_function)
            return self.process(_PreAggregated(fold, window_function),
                                output_type if window_function is not None else output_type or self._keyed_stream._type_info)
        stream = self._keyed_stream
        transformation = stream._udf('window_reduce', 'Window Reduce', reduce_function, 'reduce', ReduceFunction,
                                     type_string(stream._type_info), inputs=[stream._transformation],
                                     argument=self._window_assigner._spate_window(), **self._late_params())
        return DataStream(stream._env, transformation, stream._type_info)


    def aggregate(self, aggregate_function, window_function=None, accumulator_type: TypeInformation = None,
                  output_type: TypeInformation = None) -> 'DataStream':
        """Aggregates each window with an `AggregateFunction` (create_accumulator, add,
        get_result), optionally handing the result to a window function."""
        from spate.datastream.functions import AggregateFunction
        if not isinstance(aggregate_function, AggregateFunction):
            raise TypeError(f"aggregate: expected an AggregateFunction, got {aggregate_function!r}")
        return self.process(_PreAggregated(_Folding.aggregate(aggregate_function), window_function), output_type)

    def process(self, process_window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `process_window_function.process(key, context, elements)` once per fired window
        with all its elements; `context.window()` is the `TimeWindow`."""
        from spate.datastream.functions import ProcessWindowFunction
        if not isinstance(process_window_function, (ProcessWindowFunction, _PreAggregated, _AllWindowAdapter)):
            raise TypeError(f"process: expected a ProcessWindowFunction, got {process_window_function!r}")
        return self._whole_windows(process_window_function, 'process', output_type,
                                   lambda f, key, context, elements: f.process(key, context, elements))

    def apply(self, window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `window_function.apply(key, window, elements)` once per fired window."""
        from spate.datastream.functions import WindowFunction
        if not isinstance(window_function, WindowFunction):
            raise TypeError(f"apply: expected a WindowFunction, got {window_function!r}")
        return self._whole_windows(window_function, 'apply', output_type,
                                   lambda f, key, context, elements: f.apply(key, context.window(), elements))

    def _whole_windows(self, function, method: str, output_type, call) -> 'DataStream':
        from spate.datastream.window import (CountSlidingWindowAssigner, CountTumblingWindowAssigner, CountWindow,
                                             GlobalWindow, GlobalWindows, TimeWindow)
        counted = isinstance(self._window_assigner, (CountTumblingWindowAssigner, CountSlidingWindowAssigner))
        whole = isinstance(self._window_assigner, GlobalWindows)
        stream = self._keyed_stream
        get_key = getattr(self._key_selector, 'get_key', self._key_selector)

        from spate.datastream.window_state import WindowStates
        event_time = self._window_assigner.is_event_time()
        lateness = self._allowed_lateness if event_time else 0  # processing time has no late elements

        class Windows(object):
            """The per-subtask entry point: one call per fired window; then the windows whose
            cleanup time has come are cleared (`clear(context)`) and forgotten."""

            def __init__(self, instance):
                self.instance = instance
                self.states = WindowStates(lateness)

            def __call__(self, elements, start, end, watermark):
                window = CountWindow(start) if counted else GlobalWindow.get() if whole else TimeWindow(start, end)
                key = get_key(elements[0])
                self.states.window_store(key, window)  # known from now on, to be cleared when it ends
                outputs = call(self.instance, key, _WindowContext(window, watermark, key, self.states), elements)
                # Run the function (a generator runs only when iterated) before windows are dropped.
                if isinstance(outputs, types.GeneratorType):
                    outputs = list(outputs)
                clear = getattr(self.instance, 'clear', None)
                # Event-time windows end with the watermark; processing-time ones when they fire.
                ended = watermark if event_time else window.max_timestamp()
                self.states.drop_due(ended, lambda k, w: clear and clear(_WindowContext(w, watermark, k, self.states)))
                return outputs

        if self._runs_in_python():
            return self._python_windows(function, method, output_type, call, get_key)

        hooks = FunctionHooks(function, method, 'Window', stream._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            hooks.open(subtask, parallelism)
            return Windows(hooks.instances[subtask])

        transformation = stream._env._add(Transformation(
            'window_process', 'Window(%s)' % type(function).__name__, [stream._transformation],
            type_string(output_type), opener=opener, closer=hooks.close,
            argument=self._window_spec(), trigger=self._trigger, gap=getattr(self._window_assigner, '_extract', None),
            **self._late_params(),
            function_name=describe_function(getattr(function, method))))
        return DataStream(stream._env, transformation, output_type)

    def _python_windows(self, function, method: str, output_type, call, get_key) -> 'DataStream':
        """Windows of an assigner or trigger written in Python: Flink's window operator as a keyed
        process function (see spate.datastream.window_operator)."""
        import copy
        from spate.datastream.window_operator import PythonWindowOperator
        from spate.datastream.window_state import WindowStates
        stream = self._keyed_stream
        assigner = self._window_assigner
        trigger = self._trigger_object if self._trigger_object is not None else assigner.get_default_trigger(stream._env)
        lateness = self._allowed_lateness
        late_tag = self._late_output_tag
        hooks = FunctionHooks(function, method, 'Window', stream._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            hooks.open(subtask, parallelism, keyed=True)
            instance = hooks.instances[subtask]
            states = WindowStates(lateness)

            def call_window(key, window, watermark, elements):
                outputs = call(instance, key, _WindowContext(window, watermark, key, states), list(elements))
                return list(outputs) if outputs is not None else None

            def clear_window(key, window, watermark):
                clear = getattr(instance, 'clear', None)
                if clear is not None:
                    clear(_WindowContext(window, watermark, key, states))

            operator = PythonWindowOperator(assigner, copy.deepcopy(trigger), lateness, late_tag, call_window, clear_window)
            operator.open(hooks.contexts[subtask])
            return operator.process_element, operator.on_timer, get_key

        transformation = stream._env._add(Transformation(
            'keyed_process', 'Window(%s)' % type(function).__name__, [stream._transformation],
            type_string(output_type), opener=opener, closer=hooks.close, argument='stamped', **self._late_params(),
            function_name=describe_function(getattr(function, method))))
        return DataStream(stream._env, transformation, output_type)


class ConnectedStreams(object):
    """Two connected streams (`DataStream.connect`), possibly of different types, processed by one
    operator with a function for each. When both are keyed (`key_by` before `connect`, or
    `ConnectedStreams.key_by`), equal keys of both meet in the same subtask and share keyed state
    and timers.

    Example::

        orders.connect(payments).key_by(lambda o: o[0], lambda p: p[0]).process(Match())
    """

    def __init__(self, stream1: DataStream, stream2: DataStream):
        self.stream1 = stream1
        self.stream2 = stream2

    def _is_keyed_stream(self) -> bool:
        return isinstance(self.stream1, KeyedStream) and isinstance(self.stream2, KeyedStream)

    def key_by(self, key_selector1, key_selector2, key_type: TypeInformation = None) -> 'ConnectedStreams':
        """Keys both streams (`key_selector1` for the first, `key_selector2` for the second); with
        `key_type`, both keys are of that type."""
        def origin(stream: DataStream) -> DataStream:
            if isinstance(stream, KeyedStream):
                return DataStream(stream._env, stream._transformation.inputs[0], stream._type_info)
            return stream
        return ConnectedStreams(origin(self.stream1).key_by(key_selector1, key_type),
                                origin(self.stream2).key_by(key_selector2, key_type))

    def _co(self, kind: str, name: str, function, interface, methods, output_type, bundle=None) -> DataStream:
        """The two-input operator: `methods` are the per-input methods of `function`; `bundle`
        (for process functions) turns the opened instance, a method and an input's key selector
        into what the runtime calls."""
        if not isinstance(function, interface):
            raise TypeError(f"{kind}: expected a {interface.__name__}, got {function!r}")
        env = self.stream1._env
        hooks = FunctionHooks(function, methods[0], name, env.get_max_parallelism, {})
        keyed = self._is_keyed_stream()
        selectors = [s._get_key if keyed else None for s in (self.stream1, self.stream2)]

        def opener(side: int):
            def open_side(subtask, parallelism):
                if side == 0:
                    hooks.open(subtask, parallelism, keyed=keyed)
                instance = hooks.instances[subtask]
                method = getattr(instance, methods[side])
                return bundle(instance, method, selectors[side]) if bundle else method
            return open_side

        transformation = env._add(Transformation(
            kind, name, [self.stream1._transformation, self.stream2._transformation], type_string(output_type),
            opener=(opener(0), opener(1)), closer=(hooks.close, lambda subtask: None),
            function_name=describe_function(getattr(function, methods[0]))))
        return DataStream(env, transformation, output_type)

    def map(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.map1` for the first stream's records, `func.map2` for the second's."""
        from spate.datastream.functions import CoMapFunction
        if self._is_keyed_stream():
            # Keyed: run as a process function, so map1/map2 may use keyed state.
            return self._co('co_process', 'Co-Map', func, CoMapFunction, ('map1', 'map2'), output_type,
                            bundle=lambda instance, method, key_of: (lambda value, ctx: (method(value),), None, key_of))
        return self._co('co_map', 'Co-Map', func, CoMapFunction, ('map1', 'map2'), output_type)

    def flat_map(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.flat_map1`/`flat_map2`: zero or more outputs per record of each stream."""
        from spate.datastream.functions import CoFlatMapFunction
        if self._is_keyed_stream():
            return self._co('co_process', 'Co-Flat Map', func, CoFlatMapFunction, ('flat_map1', 'flat_map2'), output_type,
                            bundle=lambda instance, method, key_of: (lambda value, ctx: method(value), None, key_of))
        return self._co('co_flat_map', 'Co-Flat Map', func, CoFlatMapFunction, ('flat_map1', 'flat_map2'), output_type)

    def process(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.process_element1(value, ctx)` for the first stream's records and
        `process_element2` for the second's; what they yield is the output. On keyed streams
        (`KeyedCoProcessFunction`) they share keyed state and timers (`on_timer`)."""
        from spate.datastream.functions import CoProcessFunction, KeyedCoProcessFunction
        interface = KeyedCoProcessFunction if self._is_keyed_stream() else CoProcessFunction
        if not isinstance(func, interface):
            wanted = "keyed connected streams need a KeyedCoProcessFunction" if self._is_keyed_stream() \
                else "connected streams without keys need a CoProcessFunction (key_by both for a KeyedCoProcessFunction)"
            raise TypeError(f"ConnectedStreams.process: {wanted}, got {func!r}")
        return self._co('co_process', 'Co-Process', func, interface, ('process_element1', 'process_element2'), output_type,
                        bundle=lambda instance, method, key_of: (method, getattr(instance, 'on_timer', None), key_of))


class AllWindowedStream(object):
    """A stream grouped into windows over all its records (one subtask evaluates them)."""

    def __init__(self, windowed: 'WindowedStream'):
        self._windowed = windowed

    def get_execution_environment(self):
        return self._windowed.get_execution_environment()

    def allowed_lateness(self, time_ms: int) -> 'AllWindowedStream':
        """As `WindowedStream.allowed_lateness`."""
        self._windowed.allowed_lateness(time_ms)
        return self

    def side_output_late_data(self, output_tag: 'OutputTag') -> 'AllWindowedStream':
        """As `WindowedStream.side_output_late_data`."""
        self._windowed.side_output_late_data(output_tag)
        return self

    def trigger(self, trigger) -> 'AllWindowedStream':
        """As `WindowedStream.trigger`."""
        self._windowed.trigger(trigger)
        return self

    @staticmethod
    def _single(stream: 'DataStream') -> 'DataStream':
        stream._transformation.parallelism = 1
        return stream

    def reduce(self, reduce_function, window_function=None, output_type: TypeInformation = None) -> 'DataStream':
        adapted = _AllWindowAdapter(window_function) if window_function is not None else None
        return self._single(self._windowed.reduce(reduce_function, adapted, output_type))

    def aggregate(self, aggregate_function, window_function=None, accumulator_type: TypeInformation = None,
                  output_type: TypeInformation = None) -> 'DataStream':
        adapted = _AllWindowAdapter(window_function) if window_function is not None else None
        return self._single(self._windowed.aggregate(aggregate_function, adapted, accumulator_type, output_type))

    def apply(self, window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `window_function.apply(window, elements)` once per fired window."""
        return self._single(self._windowed.process(_AllWindowAdapter(window_function), output_type))

    def process(self, process_window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `process_window_function.process(context, elements)` once per fired window."""
        return self._single(self._windowed.process(_AllWindowAdapter(process_window_function), output_type))


class _AllWindowAdapter(object):
    """An AllWindowFunction / ProcessAllWindowFunction seen as a keyed window function."""

    def __init__(self, function):
        from spate.datastream.functions import AllWindowFunction, ProcessAllWindowFunction
        if not isinstance(function, (AllWindowFunction, ProcessAllWindowFunction)):
            raise TypeError(f"expected an AllWindowFunction or ProcessAllWindowFunction, got {function!r}")
        self.function = function
        self.is_process = isinstance(function, ProcessAllWindowFunction)

    def open(self, runtime_context):
        self.function.open(runtime_context)

    def close(self):
        self.function.close()

    def process(self, key, context, elements):
        if self.is_process:
            return self.function.process(context, elements)
        return self.function.apply(context.window(), elements)

    def clear(self, context):
        if self.is_process:
            self.function.clear(context)

    def apply(self, key, window, elements):
        return self.function.apply(window, elements)


class _Folding(object):
    """A pre-aggregation of a whole window's elements into one value (its functions opened too)."""

    def __init__(self, fold, functions):
        self.fold = fold
        self.functions = functions

    @staticmethod
    def reduce(reduce_function) -> '_Folding':
        import functools
        if isinstance(reduce_function, ReduceFunction):
            return _Folding(lambda elements: functools.reduce(reduce_function.reduce, elements), [reduce_function])
        if not callable(reduce_function):
            raise TypeError(f"reduce: expected a callable or a ReduceFunction, got {reduce_function!r}")
        return _Folding(lambda elements: functools.reduce(reduce_function, elements), [])

    @staticmethod
    def aggregate(aggregate_function) -> '_Folding':
        def fold(elements):
            accumulator = aggregate_function.create_accumulator()
            for element in elements:
                accumulator = aggregate_function.add(element, accumulator)
            return aggregate_function.get_result(accumulator)
        return _Folding(fold, [aggregate_function])


class _PreAggregated(object):
    """A window's elements folded into one value, then handed to the window function if any."""

    def __init__(self, folding: _Folding, window_function=None):
        from spate.datastream.functions import ProcessWindowFunction, WindowFunction
        if window_function is not None and not isinstance(window_function, (ProcessWindowFunction, WindowFunction,
                                                                            _AllWindowAdapter)):
            raise TypeError(f"expected a WindowFunction or ProcessWindowFunction, got {window_function!r}")
        self.folding = folding
        self.window_function = window_function

    def open(self, runtime_context):
        for function in self.folding.functions + [self.window_function]:
            if function is not None:
                function.open(runtime_context)

    def close(self):
        for function in self.folding.functions + [self.window_function]:
            if function is not None:
                function.close()

    def process(self, key, context, elements):
        from spate.datastream.functions import ProcessWindowFunction
        value = self.folding.fold(elements)
        if self.window_function is None:
            return [value]
        if isinstance(self.window_function, (ProcessWindowFunction, _AllWindowAdapter)):
            return self.window_function.process(key, context, [value])
        return self.window_function.apply(key, context.window(), [value])

    def clear(self, context):
        clear = getattr(self.window_function, 'clear', None)
        if clear is not None:
            clear(context)


class _WindowContext(object):
    """`ProcessWindowFunction.Context` of one fired window (of `key`)."""

    def __init__(self, window, watermark, key, states):
        self._window = window
        self._watermark = watermark
        self._key = key
        self._states = states

    def window(self):
        return self._window

    def current_watermark(self) -> int:
        return self._watermark

    def current_processing_time(self) -> int:
        from spate import _spate
        return _spate.current_processing_time()

    def window_state(self):
        """State of this key in this window, dropped with the window."""
        return self._states.window_store(self._key, self._window)

    def global_state(self):
        """State of this key across all its windows."""
        return self._states.global_store(self._key)


def _python_aggregate(kind: str, position: Union[int, str]) -> Callable[[Any, Any], Any]:
    """PyFlink's aggregation semantics over Python values (tuples, lists, Rows or plain numbers)."""
    def get(value):
        if isinstance(value, (tuple, list)) or hasattr(value, '_values'):
            return value[position]
        return value

    def with_field(record, new):
        if isinstance(record, tuple):
            items = list(record)
            items[position] = new
            return tuple(items)
        if isinstance(record, list) or hasattr(record, '_values'):
            record[position] = new
            return record
        return new

    def aggregate(accumulated, value):
        a, b = get(accumulated), get(value)
        if kind == 'sum':
            return with_field(accumulated, a + b)
        if kind == 'min':
            return with_field(accumulated, b if b < a else a)
        if kind == 'max':
            return with_field(accumulated, b if b > a else a)
        if kind == 'min_by':
            return value if b < a else accumulated
        return value if b > a else accumulated
    return aggregate


class DataStreamSink(OperatorSettings):
    """The end of a pipeline (from `print()` or `sink_to()`)."""

    def __init__(self, transformation: Transformation):
        self._transformation = transformation

    def name(self, name: str) -> 'DataStreamSink':
        self._transformation.name = name
        return self

    def uid(self, uid: str) -> 'DataStreamSink':
        self._transformation.uid = uid
        return self

    def set_parallelism(self, parallelism: int) -> 'DataStreamSink':
        self._transformation.parallelism = _check_parallelism(parallelism)
        return self

    def set_description(self, description: str) -> 'DataStreamSink':
        self._transformation.params['description'] = description
        return self



class CloseableIterator(object):
    """The records of `execute_and_collect()`; closing it (or leaving its `with` block) stops the job.

    Iterating chains whole batches (lists) in C: Python code runs once per batch, not per record."""

    def __init__(self, graph, job, by_id):
        import itertools
        self._graph = graph
        self._job = job
        self._by_id = by_id
        self._batches = self._generate_batches()
        self._records = itertools.chain.from_iterable(self._batches)

    def _generate_batches(self):
        from spate import _spate
        from spate.datastream.stream_execution_environment import raise_job_failure
        while True:
            try:
                batch = self._job.next_batch()
            except _spate.JobError as error:
                raise_job_failure(error, self._graph, self._by_id)
            if batch is None:
                return
            yield batch

    def __iter__(self):
        return self._records

    def __next__(self):
        return next(self._records)

    def next(self):
        return next(self._records)

    def close(self):
        self._batches.close()
        self._job.close()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()
        return False
