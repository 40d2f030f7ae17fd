"""The DataStream API, as ``pyflink.datastream``."""

from spate.datastream.async_data_stream import AsyncDataStream
from spate.datastream.async_functions import AsyncFunction, AsyncRetryPredicate, AsyncRetryStrategy
from spate.datastream.broadcast import BroadcastConnectedStream, BroadcastStream
from spate.datastream.cached_data_stream import CachedDataStream
from spate.datastream.checkpoint_config import CheckpointConfig, CheckpointingMode
from spate.datastream.connected_streams import ConnectedStreams
from spate.datastream.data_stream import CloseableIterator, DataStream, DataStreamSink, KeyedStream
from spate.datastream.execution_mode import RuntimeExecutionMode
from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention
from spate.datastream.functions import AggregateFunction, AllWindowFunction, BroadcastProcessFunction, \
    CoFlatMapFunction, CoMapFunction, CoProcessFunction, \
    FilterFunction, FlatMapFunction, KeyedBroadcastProcessFunction, KeyedCoProcessFunction, \
    KeyedProcessFunction, KeySelector, MapFunction, Partitioner, \
    ProcessAllWindowFunction, ProcessFunction, ProcessWindowFunction, ReduceFunction, RuntimeContext, SinkFunction, \
    SourceFunction, WindowFunction
from spate.datastream.output_tag import OutputTag
from spate.datastream.stream_execution_environment import StreamExecutionEnvironment
from spate.datastream.deployment import TimeCharacteristic
from spate.datastream.slot_sharing_group import MemorySize, SlotSharingGroup
from spate.datastream.state_backend import (CheckpointStorage, CustomCheckpointStorage, CustomStateBackend,
                                            EmbeddedRocksDBStateBackend, FileSystemCheckpointStorage, FsStateBackend,
                                            HashMapStateBackend, JobManagerCheckpointStorage, MemoryStateBackend,
                                            PredefinedOptions, RocksDBStateBackend, StateBackend)
from spate.datastream.time_domain import TimeDomain
from spate.datastream.timerservice import TimerService
from spate.datastream.window import (CountWindow, GlobalWindow, MergingWindowAssigner, TimeWindow, Trigger, TriggerResult,
                                     Window, WindowAssigner)
from spate.datastream.windowed_stream import AllWindowedStream, WindowedStream

__all__ = [
    'AsyncDataStream', 'AsyncFunction', 'AsyncRetryPredicate', 'AsyncRetryStrategy', 'CachedDataStream', 'ExternalizedCheckpointRetention',
    'AggregateFunction', 'BroadcastConnectedStream', 'BroadcastStream', 'CheckpointConfig', 'CheckpointingMode', 'AllWindowFunction', 'AllWindowedStream', 'BroadcastProcessFunction', 'ConnectedStreams', 'CloseableIterator', 'CoFlatMapFunction',
    'CoMapFunction', 'CoProcessFunction', 'DataStream', 'DataStreamSink', 'FilterFunction',
    'FlatMapFunction', 'KeyedBroadcastProcessFunction', 'KeyedCoProcessFunction', 'KeyedProcessFunction',
    'KeyedStream', 'KeySelector', 'MapFunction', 'OutputTag', 'Partitioner', 'ProcessAllWindowFunction', 'ProcessFunction', 'ProcessWindowFunction',
    'ReduceFunction', 'RuntimeContext', 'RuntimeExecutionMode', 'SinkFunction', 'SourceFunction',
    'StreamExecutionEnvironment', 'StateBackend', 'HashMapStateBackend', 'EmbeddedRocksDBStateBackend', 'MemoryStateBackend',
    'FsStateBackend', 'RocksDBStateBackend', 'CheckpointStorage', 'JobManagerCheckpointStorage', 'FileSystemCheckpointStorage',
    'CustomStateBackend', 'CustomCheckpointStorage', 'PredefinedOptions', 'MemorySize', 'SlotSharingGroup',
    'TimeCharacteristic', 'TimeDomain', 'TimerService', 'CountWindow', 'GlobalWindow',
    'MergingWindowAssigner', 'TimeWindow', 'Trigger', 'TriggerResult', 'Window', 'WindowAssigner', 'WindowFunction', 'WindowedStream',
]
