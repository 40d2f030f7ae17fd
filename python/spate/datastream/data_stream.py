"""``DataStream``, ``KeyedStream`` and ``DataStreamSink``: the operators a job is built from.

Windowed, connected and broadcast streams live in their own modules; their names are also importable
from here, as from PyFlink's ``data_stream``."""
from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Optional, Union

from spate.common.typeinfo import RowTypeInfo, TupleTypeInfo, TypeInformation, Types
from spate.common.watermark_strategy import WatermarkStrategy
from spate.datastream._graph import Fn, FunctionHooks, Transformation, describe_function
from spate.datastream._native import field_selector
from spate.datastream._types import type_string
from spate.datastream.operator_settings import OperatorSettings
from spate.datastream.functions import (FilterFunction, FlatMapFunction, KeySelector, MapFunction,
                                        ReduceFunction, SinkFunction)

if TYPE_CHECKING:
    from spate.datastream.cached_data_stream import CachedDataStream
    from spate.datastream.output_tag import OutputTag
    from spate.datastream.windowed_stream import AllWindowedStream, WindowedStream


# Node names as PyFlink gives them (execution plans and error messages show them).
KEY_BY_NAME = '_stream_key_by_map_operator'


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
        # Parts of one operator in Flink (a source, its timestamps and watermarks) run at one parallelism.
        for part in self._transformation.params.get('parts', ()):
            part.parallelism = parallelism
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
             settings: dict, inputs=None, **extra) -> Transformation:
        """Adds a node of kind `kind` (with its plan `settings`) whose `function` is `func`."""
        if isinstance(func, interface):
            hooks = FunctionHooks(func, method, default_name, self._env.get_max_parallelism, {})
            function = Fn(opener=hooks.open, closer=hooks.close)
        elif callable(func):
            function = Fn(func)
        else:
            raise TypeError(f"{default_name}: func must be a callable or a {interface.__name__}, "
                            f"got {func!r} of type {type(func).__name__}")
        transformation = Transformation(
            kind, default_name, inputs or [self._transformation], settings, {'function': function},
            function_name=describe_function(func), **extra)
        return self._env._add(transformation)

    def map(self, func: Union[Callable, MapFunction], output_type: TypeInformation = None) -> 'DataStream':
        """One output per record: `func(value)`. Without `output_type`, results are Python objects."""
        return DataStream(self._env, self._udf('map', 'Map', func, 'map', MapFunction,
                                                    {'output_type': type_string(output_type)}),
                          output_type)

    def flat_map(self, func: Union[Callable, FlatMapFunction], output_type: TypeInformation = None) -> 'DataStream':
        """Zero or more outputs per record: `func(value)` returns an iterable (or is a generator)."""
        return DataStream(self._env, self._udf('flat_map', 'FlatMap', func, 'flat_map', FlatMapFunction,
                                                    {'output_type': type_string(output_type)}),
                          output_type)

    def filter(self, func: Union[Callable, FilterFunction]) -> 'DataStream':
        """The records for which `func(value)` is true."""
        return DataStream(self._env, self._udf('filter', 'Filter', func, 'filter', FilterFunction, {}),
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
                'key_by_field', KEY_BY_NAME, [self._transformation], {'field': position},
                function_name=describe_function(key_selector)))
            return KeyedStream(self._env, transformation, self._type_info, key_type, key_selector)
        transformation = self._udf('key_by', KEY_BY_NAME, key_selector, 'get_key', KeySelector, {'key_type': key_text})
        return KeyedStream(self._env, transformation, self._type_info, key_type, key_selector)

    def assign_timestamps_and_watermarks(self, watermark_strategy: WatermarkStrategy) -> 'DataStream':
        """Gives each record an event timestamp (the strategy's `TimestampAssigner`) and emits
        watermarks every `pipeline.auto-watermark-interval` (200 ms) of processing time: the largest
        timestamp seen minus the allowed out-of-orderness minus 1 ms."""
        if not isinstance(watermark_strategy, WatermarkStrategy):
            raise TypeError(f"assign_timestamps_and_watermarks: expected a WatermarkStrategy, got {watermark_strategy!r}")
        upstream = self._transformation
        parts = []
        assigner = watermark_strategy._timestamp_assigner
        if assigner is not None:
            extract = getattr(assigner, 'extract_timestamp', None)
            if not callable(extract):
                raise TypeError(f"assign_timestamps_and_watermarks: the timestamp assigner {assigner!r} has no "
                                f"extract_timestamp(value, record_timestamp)")
            upstream = self._env._add(Transformation(
                'assign_timestamps', 'Extract-Timestamp', [upstream], {}, {'function': Fn(extract)},
                function_name=describe_function(extract)))
            parts.append(upstream)
        out_of_orderness = watermark_strategy._out_of_orderness_ms
        idleness = watermark_strategy._idleness_ms
        transformation = self._env._add(Transformation(
            'watermarks', 'Timestamps/Watermarks', [upstream],
            {'out_of_orderness_ms': out_of_orderness, 'interval_ms': self._env.get_config().get_auto_watermark_interval(),
             'idle_timeout_ms': idleness or None}, parts=parts))
        return DataStream(self._env, transformation, self._type_info)

    def project(self, *field_indexes: int) -> 'DataStream':
        """A stream of tuples made of the fields at `field_indexes` of each tuple, in that order
        (tuple streams only, as PyFlink); done in the runtime, without calling Python.

        Example::

            pairs.project(1, 0)   # ('a', 1) -> (1, 'a')
        """
        if not isinstance(self._type_info, TupleTypeInfo):
            raise TypeError(f"Only Tuple DataStreams can be projected; this stream is of {self._type_info}")
        field_types = self._type_info.get_field_types()
        for index in field_indexes:
            if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(field_types):
                raise ValueError(f"project: field indexes must be ints in 0..{len(field_types) - 1}, got {index!r}")
        if not field_indexes:
            raise ValueError("project: name at least one field index")
        output_type = Types.TUPLE([field_types[index] for index in field_indexes])
        transformation = self._env._add(Transformation(
            'project', 'Projection', [self._transformation], {'fields': list(field_indexes)}))
        return DataStream(self._env, transformation, output_type)

    def cache(self) -> 'CachedDataStream':
        """Keeps this bounded stream's records after the first job that computes them, for later
        jobs of the environment (BATCH mode, as Flink; see `CachedDataStream`)."""
        from spate.datastream.cached_data_stream import cache
        return cache(self)

    def union(self, *streams: 'DataStream') -> 'DataStream':
        """The records of this stream and `streams`, which must have the same type."""
        for stream in streams:
            if not isinstance(stream, DataStream):
                raise TypeError(f"union: expected DataStreams, got {stream!r}")
            if stream.get_type() != self.get_type():
                raise TypeError(f"union: cannot union a stream of {self.get_type()} with one of {stream.get_type()}")
        inputs = [self._transformation] + [s._transformation for s in streams]
        transformation = self._env._add(Transformation('union', 'Union', inputs))
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
            'process', 'PROCESS', [self._transformation], {'output_type': type_string(output_type)},
            {'function': Fn(opener=opener, closer=hooks.close)}, function_name=describe_function(func.process_element)))
        return DataStream(self._env, transformation, output_type)

    def window_all(self, window_assigner) -> 'AllWindowedStream':
        """Windows over the whole stream (not per key), evaluated by one subtask, as in Flink."""
        from spate.datastream.window import WindowAssigner
        from spate.datastream.windowed_stream import AllWindowedStream, WindowedStream
        if not isinstance(window_assigner, WindowAssigner):
            raise TypeError(f"window_all: expected a WindowAssigner, got {window_assigner!r}")
        keyed = KeyedStream(self._env, self._env._add(Transformation('key_constant', KEY_BY_NAME, [self._transformation])),
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
        from spate.datastream.connected_streams import ConnectedStreams
        if isinstance(ds, BroadcastStream):
            return BroadcastConnectedStream(self, ds)
        if not isinstance(ds, DataStream):
            raise TypeError(f"connect: expected a DataStream or BroadcastStream, got {ds!r}")
        return ConnectedStreams(self, ds)

    # ---- partitioning ----

    def _partitioned(self, how: str) -> 'DataStream':
        transformation = self._env._add(Transformation('partition', how.upper(), [self._transformation],
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

        chooser = self._env._add(Transformation('partition_key', 'Partition Custom', [self._transformation], {},
                                                {'function': Fn(choose)}, num_partitions=num_partitions,
                                                function_name=describe_function(partition)))
        transformation = self._env._add(Transformation('partition', 'CUSTOM', [chooser], argument='custom'))
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
        transformation = self._env._add(Transformation('side_output', 'SideOutput', [producer], output_type=type_string(type_info),
                                                       argument=output_tag.tag_id))
        return DataStream(self._env, transformation, type_info)

    # ---- sinks ----

    def print(self, sink_identifier: str = None) -> 'DataStreamSink':
        """Writes each record to standard output as PyFlink does (`k> ` prefixed when the sink runs
        with parallelism above 1)."""
        transformation = self._env._add(Transformation('print', 'Sink: Print to Std. Out', [self._transformation],
                                                       {'identifier': sink_identifier}))
        self._env._sinks.append(transformation)
        return DataStreamSink(transformation)

    def sink_to(self, sink) -> 'DataStreamSink':
        """Writes the stream to `sink` (a `FileSink`)."""
        from spate.datastream.connectors.file_system import FileSink
        if not isinstance(sink, FileSink):
            raise TypeError(f"sink_to: expected a sink such as FileSink, got {sink!r}")
        return self._file_sink(sink, 'Sink: File Sink')

    def add_sink(self, sink_func: SinkFunction) -> 'DataStreamSink':
        """Writes the stream to a legacy SinkFunction. PyFlink's are Java sinks, which Spate cannot
        run (no JVM); the one it can is the file system's `StreamingFileSink`."""
        from spate.datastream.connectors.file_system import StreamingFileSink
        if isinstance(sink_func, StreamingFileSink):
            return self._file_sink(sink_func, 'Sink: Unnamed')
        if isinstance(sink_func, SinkFunction):
            raise NotImplementedError("add_sink takes a Java SinkFunction, which Spate cannot run (no JVM); use "
                                      "sink_to (FileSink), print(), or add_sink with a StreamingFileSink")
        raise TypeError(f"add_sink: expected a SinkFunction such as StreamingFileSink, got {sink_func!r}")

    def _file_sink(self, sink, name: str) -> 'DataStreamSink':
        transformation = self._env._add(Transformation('file_sink', name, [self._transformation],
                                                       sink._settings()))
        self._env._sinks.append(transformation)
        return DataStreamSink(transformation)

    def execute_and_collect(self, job_execution_name: str = None, limit: int = None):
        """Runs the job and returns an iterator over this stream's records (a context manager);
        with `limit`, a list of at most `limit` records."""
        if limit is not None and (not isinstance(limit, int) or limit < 0):
            raise ValueError(f"limit must be a non-negative int, got {limit!r}")
        sink = Transformation('collect', 'Collect Sink', [self._transformation])
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

    class AccumulateType(Enum):
        """The built-in aggregations (`min`, `max`, `min_by`, `max_by`, `sum`), as PyFlink names them."""
        MIN = 1
        MAX = 2
        MIN_BY = 3
        MAX_BY = 4
        SUM = 5

    def __init__(self, env, transformation: Transformation, type_info, key_type, key_selector=None):
        super().__init__(env, transformation, type_info)
        self._key_type = key_type
        self._key_selector = key_selector

    @property
    def _get_key(self):
        """The key selector as a plain callable (a KeySelector's get_key, or the function itself)."""
        return getattr(self._key_selector, 'get_key', self._key_selector)

    def cache(self) -> 'CachedDataStream':
        raise TypeError("Cache for KeyedStream is not supported.")

    def execute_and_collect(self, job_execution_name: str = None, limit: int = None):
        """As PyFlink: each record as `Row(f0=key, f1=value)` (PyFlink gives keys and values of no
        declared type as their pickled bytes; Spate gives the objects)."""
        from spate.common.types import Row
        get_key = self._get_key

        def pair(value):
            row = Row(get_key(value), value)
            if isinstance(value, Row):
                row.set_row_kind(value.get_row_kind())  # the record's kind
            return row
        pairs = DataStream.map(self, pair, Types.ROW([self._key_type or Types.PICKLED_BYTE_ARRAY(), self.get_type()]))
        return pairs.execute_and_collect(job_execution_name, limit)

    # A KeyedStream is a partitioning, not an operator: PyFlink refuses to repartition it or to set
    # operator properties on it, and so does Spate (the same script must mean the same on a cluster).
    def shuffle(self) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def rebalance(self) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def rescale(self) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def forward(self) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def broadcast(self, *args) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def partition_custom(self, partitioner, key_selector) -> 'DataStream':
        raise TypeError("Cannot override partitioning for KeyedStream.")

    def set_parallelism(self, parallelism: int):
        raise TypeError("Set parallelism for KeyedStream is not supported.")

    def name(self, name: str):
        raise TypeError("Set name for KeyedStream is not supported.")

    def get_name(self) -> str:
        raise TypeError("Get name of KeyedStream is not supported.")

    def uid(self, uid: str):
        raise TypeError("Set uid for KeyedStream is not supported.")

    def set_uid_hash(self, uid_hash: str):
        raise TypeError("Set uid hash for KeyedStream is not supported.")

    def set_max_parallelism(self, max_parallelism: int):
        raise TypeError("Set max parallelism for KeyedStream is not supported.")

    def force_non_parallel(self):
        raise TypeError("Set force non-parallel for KeyedStream is not supported.")

    def set_buffer_timeout(self, timeout_millis: int):
        raise TypeError("Set buffer timeout for KeyedStream is not supported.")

    def start_new_chain(self) -> 'DataStream':
        raise TypeError("Start new chain for KeyedStream is not supported.")

    def disable_chaining(self) -> 'DataStream':
        raise TypeError("Disable chaining for KeyedStream is not supported.")

    def slot_sharing_group(self, slot_sharing_group):
        raise TypeError("Setting slot sharing group for KeyedStream is not supported.")

    def _with_state(self, name: str, func: Any, method: str, interface: type, adapt: Callable,
                    output_type: Optional[TypeInformation]) -> Optional['DataStream']:
        """A function object of `interface` whose `open()` may ask for keyed state runs as a keyed
        process node named `name` (as PyFlink shows it): `adapt(method, context)` turns the opened
        instance's `method` into a process function `(value, ctx) -> outputs`. None for functions
        that cannot use state (plain callables, no `open()` of their own): they keep their own kind."""
        if not isinstance(func, interface) or type(func).open is interface.open:
            return None
        hooks = FunctionHooks(func, method, name, self._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            bound = hooks.open(subtask, parallelism, keyed=True)
            return adapt(bound, hooks.contexts[subtask]), None, self._get_key

        transformation = self._env._add(Transformation(
            'keyed_process', name, [self._transformation], {'output_type': type_string(output_type)},
            {'function': Fn(opener=opener, closer=hooks.close)}, function_name=describe_function(func)))
        return DataStream(self._env, transformation, output_type)

    # On a keyed stream, PyFlink's map, flat_map, filter and reduce functions may use keyed state.
    def map(self, func: Union[Callable, MapFunction], output_type: TypeInformation = None) -> 'DataStream':
        return self._with_state('Map', func, 'map', MapFunction, lambda map_value, context: (
            lambda value, ctx: (map_value(value),)), output_type) or super().map(func, output_type)

    def flat_map(self, func: Union[Callable, FlatMapFunction], output_type: TypeInformation = None) -> 'DataStream':
        return self._with_state('FlatMap', func, 'flat_map', FlatMapFunction, lambda flat_map, context: (
            lambda value, ctx: flat_map(value)), output_type) or super().flat_map(func, output_type)

    def filter(self, func: Union[Callable, FilterFunction]) -> 'DataStream':
        return self._with_state('Filter', func, 'filter', FilterFunction, lambda keep, context: (
            lambda value, ctx: (value,) if keep(value) else ()), self._type_info) or super().filter(func)

    def reduce(self, func: Union[Callable, ReduceFunction]) -> 'DataStream':
        """Folds each key's records with `func(accumulated, value)`, emitting every new value."""
        def adapt(reduce, context):
            from spate.datastream.state import ValueStateDescriptor
            # The running value, in a state the function's own names cannot reach.
            running = context._cell(ValueStateDescriptor('\0reduce', self.get_type()), 'value state')

            def process(value, ctx):
                current = running.value()
                value = value if current is None else reduce(current, value)
                running.update(value)
                return (value,)
            return process
        stateful = self._with_state('Reduce', func, 'reduce', ReduceFunction, adapt, self._type_info)
        if stateful is not None:
            return stateful
        transformation = self._udf('reduce', 'Reduce', func, 'reduce', ReduceFunction, {},
                                   inputs=[self._transformation])
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
        composite = isinstance(field_type, (RowTypeInfo, TupleTypeInfo))
        if composite:
            field_type = field_type.get_field_types()[field]
        field_text = type_string(field_type)
        head = field_text.split('<')[0]
        # Numbers, and for all but sums dates, times, timestamps and decimals, run natively.
        native = head in ('i8', 'i16', 'i32', 'i64', 'f32', 'f64') or \
            (kind != 'sum' and head in ('date', 'time', 'timestamp', 'timestamp_ltz', 'decimal'))
        if not native:
            # Any other comparable field (strings, dates, times, timestamps, decimals): PyFlink
            # compares with Python's operators, and so does this reduce. A sum needs numbers.
            if kind == 'sum' and head not in ('decimal', 'bigdec', 'bigint'):
                raise ValueError(f"{kind}: field {position!r} of type {field_type} is not numeric")
            return self.reduce(_python_aggregate(kind, field if composite else None)).name(name)
        transformation = self._env._add(Transformation('keyed_aggregate', name, [self._transformation],
                                                       {'aggregation': kind, 'field': field}))
        return DataStream(self._env, transformation, self._type_info)

    def sum(self, position_to_sum: Union[int, str] = 0) -> 'DataStream':
        """Running sum of a field per key; the other fields are those of the key's first record."""
        return self._aggregate('sum', position_to_sum, 'Reduce')

    def min(self, position_to_min: Union[int, str] = 0) -> 'DataStream':
        """Running minimum of a field per key; the other fields are those of the first record."""
        return self._aggregate('min', position_to_min, 'Reduce')

    def max(self, position_to_max: Union[int, str] = 0) -> 'DataStream':
        """Running maximum of a field per key; the other fields are those of the first record."""
        return self._aggregate('max', position_to_max, 'Reduce')

    def min_by(self, position_to_min_by: Union[int, str] = 0) -> 'DataStream':
        """The record with the smallest field value per key (the first among equals)."""
        return self._aggregate('min_by', position_to_min_by, 'Reduce')

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
            'keyed_process', 'KEYED PROCESS', [self._transformation], {'output_type': type_string(output_type)},
            {'function': Fn(opener=opener, closer=hooks.close)}, function_name=describe_function(func.process_element)))
        return DataStream(self._env, transformation, output_type)

    def count_window(self, size: int, slide: int = 0) -> 'WindowedStream':
        """Windows of `size` elements per key, fired as soon as they are complete; elements left
        over when the input ends do not fire (as in Flink)."""
        from spate.datastream.window import CountSlidingWindowAssigner, CountTumblingWindowAssigner
        from spate.datastream.windowed_stream import WindowedStream
        if slide:
            return WindowedStream(self, CountSlidingWindowAssigner.of(size, slide), self._key_selector)
        return WindowedStream(self, CountTumblingWindowAssigner.of(size), self._key_selector)

    def window(self, window_assigner) -> 'WindowedStream':
        """Groups each key's elements into windows (event time needs
        `assign_timestamps_and_watermarks` upstream)."""
        from spate.datastream.window import WindowAssigner
        from spate.datastream.windowed_stream import WindowedStream
        if not isinstance(window_assigner, WindowAssigner):
            raise TypeError(f"window: expected a WindowAssigner such as TumblingEventTimeWindows.of(...), "
                            f"got {window_assigner!r}")
        return WindowedStream(self, window_assigner, self._key_selector)

    def max_by(self, position_to_max_by: Union[int, str] = 0) -> 'DataStream':
        """The record with the largest field value per key (the first among equals)."""
        return self._aggregate('max_by', position_to_max_by, 'Reduce')


def _python_aggregate(kind: str, position: Union[int, str]) -> Callable[[Any, Any], Any]:
    """PyFlink's aggregation semantics over Python values (tuples, lists, Rows or plain values);
    a `position` of None aggregates the whole value."""
    def get(value):
        if position is not None and (isinstance(value, (tuple, list)) or hasattr(value, '_values')):
            return value[position]
        return value

    def with_field(record, new):
        if position is None:
            return new
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
    """The end of a pipeline (from `print()`, `sink_to()` or `add_sink()`)."""

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


def __getattr__(name: str):
    # PyFlink scripts import these from data_stream; loaded on use, as they import this module.
    if name in ('WindowedStream', 'AllWindowedStream'):
        from spate.datastream import windowed_stream
        return getattr(windowed_stream, name)
    if name == 'ConnectedStreams':
        from spate.datastream.connected_streams import ConnectedStreams
        return ConnectedStreams
    if name in ('BroadcastStream', 'BroadcastConnectedStream'):
        from spate.datastream import broadcast
        return getattr(broadcast, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
