"""The DataStream API, as ``pyflink.datastream``."""
from spate._lazy import lazy_exports

# Each public name and the module it lives in; each is imported when first used.
__getattr__, __dir__, __all__ = lazy_exports(globals(), {
    'async_data_stream': ['AsyncDataStream'],
    'async_functions': ['AsyncFunction', 'AsyncRetryPredicate', 'AsyncRetryStrategy'],
    'broadcast': ['BroadcastConnectedStream', 'BroadcastStream'],
    'cached_data_stream': ['CachedDataStream'],
    'checkpoint_config': ['CheckpointConfig', 'CheckpointingMode'],
    'connected_streams': ['ConnectedStreams'],
    'data_stream': ['CloseableIterator', 'DataStream', 'DataStreamSink', 'KeyedStream'],
    'execution_mode': ['RuntimeExecutionMode'],
    'externalized_checkpoint_retention': ['ExternalizedCheckpointRetention'],
    'functions': ['AggregateFunction', 'AllWindowFunction', 'BroadcastProcessFunction', 'CoFlatMapFunction',
                  'CoMapFunction', 'CoProcessFunction', 'FilterFunction', 'FlatMapFunction',
                  'KeyedBroadcastProcessFunction', 'KeyedCoProcessFunction', 'KeyedProcessFunction', 'KeySelector',
                  'MapFunction', 'Partitioner', 'ProcessAllWindowFunction', 'ProcessFunction',
                  'ProcessWindowFunction', 'ReduceFunction', 'RuntimeContext', 'SinkFunction', 'SourceFunction',
                  'WindowFunction'],
    'output_tag': ['OutputTag'],
    'stream_execution_environment': ['StreamExecutionEnvironment'],
    'deployment': ['TimeCharacteristic'],
    'slot_sharing_group': ['MemorySize', 'SlotSharingGroup'],
    'state_backend': ['CheckpointStorage', 'CustomCheckpointStorage', 'CustomStateBackend',
                      'EmbeddedRocksDBStateBackend', 'FileSystemCheckpointStorage', 'FsStateBackend',
                      'HashMapStateBackend', 'JobManagerCheckpointStorage', 'MemoryStateBackend',
                      'PredefinedOptions', 'RocksDBStateBackend', 'StateBackend'],
    'time_domain': ['TimeDomain'],
    'timerservice': ['TimerService'],
    'window': ['CountWindow', 'GlobalWindow', 'MergingWindowAssigner', 'TimeWindow', 'Trigger', 'TriggerResult',
               'Window', 'WindowAssigner'],
    'windowed_stream': ['AllWindowedStream', 'WindowedStream'],
})
