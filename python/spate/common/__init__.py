"""
Classes shared by the DataStream and Table APIs, as in `pyflink.common`: `Types` and
`TypeInformation`, `Row` and `RowKind`, `Configuration`, `Duration`, `Time`, `Instant`,
`WatermarkStrategy`, `ExecutionConfig`, `JobExecutionResult`, `JobID`, `Encoder`, the
serialization schemas, `ConfigOptions`, `TypeSerializer` and `RestartStrategies`.
"""

from spate.common.completable_future import CompletableFuture
from spate.common.config_options import ConfigOption, ConfigOptions
from spate.common.configuration import Configuration
from spate.common.execution_config import ExecutionConfig
from spate.common.input_dependency_constraint import InputDependencyConstraint
from spate.common.job_client import JobClient
from spate.common.job_execution_result import JobExecutionResult
from spate.common.job_id import JobID
from spate.common.job_status import JobStatus
from spate.common.restart_strategy import RestartStrategies, RestartStrategyConfiguration
from spate.common.serialization import ByteArraySchema, DeserializationSchema, Encoder, SerializationSchema, \
    SimpleStringSchema
from spate.common.serializer import TypeSerializer
from spate.common.time import Duration, Instant, Time
from spate.common.typeinfo import TypeInformation, Types
from spate.common.types import Row, RowKind
from spate.common.watermark_strategy import AssignerWithPeriodicWatermarksWrapper, \
    WatermarkStrategy

__all__ = [
    'ByteArraySchema',
    'CompletableFuture',
    'ConfigOption',
    'ConfigOptions',
    'Configuration',
    'DeserializationSchema',
    'Encoder',
    'InputDependencyConstraint',
    'SerializationSchema',
    'SimpleStringSchema',
    'TypeSerializer',
    'ExecutionConfig',
    'TypeInformation',
    'Types',
    'JobClient',
    'JobExecutionResult',
    'JobStatus',
    'JobID',
    'Row',
    'RowKind',
    'WatermarkStrategy',
    'Duration',
    'Instant',
    'Time',
    'AssignerWithPeriodicWatermarksWrapper',
    'RestartStrategies',
    'RestartStrategyConfiguration',
]
