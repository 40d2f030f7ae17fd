"""
Classes shared by the DataStream and Table APIs, as in `pyflink.common`: `Types` and
`TypeInformation`, `Row` and `RowKind`, `Configuration`, `Duration`, `Time`, `Instant`,
`WatermarkStrategy`, `ExecutionConfig`, `JobExecutionResult`, `JobID`, `Encoder`, the
serialization schemas, `ConfigOptions`, `TypeSerializer` and `RestartStrategies`.
"""
from spate._lazy import lazy_exports

# Each public name and the module it lives in; each is imported when first used.
__getattr__, __dir__, __all__ = lazy_exports(globals(), {
    'completable_future': ['CompletableFuture'],
    'config_options': ['ConfigOption', 'ConfigOptions'],
    'configuration': ['Configuration'],
    'execution_config': ['ExecutionConfig'],
    'input_dependency_constraint': ['InputDependencyConstraint'],
    'job_client': ['JobClient'],
    'job_execution_result': ['JobExecutionResult'],
    'job_id': ['JobID'],
    'job_status': ['JobStatus'],
    'restart_strategy': ['RestartStrategies', 'RestartStrategyConfiguration'],
    'serialization': ['ByteArraySchema', 'DeserializationSchema', 'Encoder', 'SerializationSchema',
                      'SimpleStringSchema'],
    'serializer': ['TypeSerializer'],
    'time': ['Duration', 'Instant', 'Time'],
    'typeinfo': ['TypeInformation', 'Types'],
    'types': ['Row', 'RowKind'],
    'watermark_strategy': ['AssignerWithPeriodicWatermarksWrapper', 'WatermarkStrategy'],
})
