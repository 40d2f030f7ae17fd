"""`ExecutionConfig`, as in `pyflink.common.execution_config`, with Flink 2.3's defaults.

Settings that only matter to a JVM (closure cleaner, Kryo, Avro, task cancellation) are kept
and read back, and do nothing else.
"""

from typing import Any, Dict, List

__all__ = ['ExecutionConfig']


class ExecutionConfig(object):
    """
    How a program executes: default and max parallelism, watermark interval, object reuse,
    global job parameters, ...
    """

    PARALLELISM_DEFAULT = -1
    """Use the environment's default parallelism."""

    PARALLELISM_UNKNOWN = -2
    """Leave the parallelism unchanged (not a valid parallelism)."""

    def __init__(self, j_execution_config: Any = None):
        """A config with Flink's defaults. (PyFlink wraps a Java object; Spate accepts None or
        another ExecutionConfig to copy.)"""
        self._parallelism = ExecutionConfig.PARALLELISM_DEFAULT
        self._max_parallelism = -1
        self._auto_watermark_interval = 200
        self._latency_tracking_interval = 0
        self._task_cancellation_interval = 30_000
        self._task_cancellation_timeout = 180_000
        self._closure_cleaner = True
        self._force_kryo = False
        self._generic_types = True
        self._auto_generated_uids = True
        self._force_avro = False
        self._object_reuse = False
        self._snapshot_compression = False
        self._global_job_parameters: Dict[str, str] = {}
        if isinstance(j_execution_config, ExecutionConfig):
            self.__dict__.update(j_execution_config.__dict__)
            self._global_job_parameters = dict(j_execution_config._global_job_parameters)
        elif j_execution_config is not None:
            raise TypeError("ExecutionConfig takes None or an ExecutionConfig; Spate has no JVM")

    def enable_closure_cleaner(self) -> 'ExecutionConfig':
        """Enables the closure cleaner (a JVM setting; kept for compatibility)."""
        self._closure_cleaner = True
        return self

    def disable_closure_cleaner(self) -> 'ExecutionConfig':
        """Disables the closure cleaner (a JVM setting; kept for compatibility)."""
        self._closure_cleaner = False
        return self

    def is_closure_cleaner_enabled(self) -> bool:
        """Whether the closure cleaner is enabled (default True)."""
        return self._closure_cleaner

    def set_auto_watermark_interval(self, interval: int) -> 'ExecutionConfig':
        """How often sources emit watermarks, in ms of processing time (0 disables periodic
        watermarks)."""
        if interval < 0:
            raise ValueError("Auto watermark interval must not be negative.")
        self._auto_watermark_interval = interval
        return self

    def get_auto_watermark_interval(self) -> int:
        """The watermark interval in ms (default 200)."""
        return self._auto_watermark_interval

    def set_latency_tracking_interval(self, interval: int) -> 'ExecutionConfig':
        """How often latency markers are emitted, in ms (0 disables them)."""
        self._latency_tracking_interval = interval
        return self

    def get_latency_tracking_interval(self) -> int:
        """The latency tracking interval in ms (default 0: disabled)."""
        return self._latency_tracking_interval

    def get_parallelism(self) -> int:
        """The default parallelism of operations, or PARALLELISM_DEFAULT (-1) if not set."""
        return self._parallelism

    def set_parallelism(self, parallelism: int) -> 'ExecutionConfig':
        """Sets the default parallelism of operations (>= 1, or PARALLELISM_DEFAULT)."""
        if parallelism != ExecutionConfig.PARALLELISM_UNKNOWN:
            if parallelism < 1 and parallelism != ExecutionConfig.PARALLELISM_DEFAULT:
                raise ValueError("Parallelism must be at least one, or "
                                 "ExecutionConfig.PARALLELISM_DEFAULT (use system default).")
            self._parallelism = parallelism
        return self

    def get_max_parallelism(self) -> int:
        """The max parallelism (number of key groups), or -1 if not set."""
        return self._max_parallelism

    def set_max_parallelism(self, max_parallelism: int) -> 'ExecutionConfig':
        """Sets the max parallelism (number of key groups) of keyed state."""
        if max_parallelism <= 0:
            raise ValueError("The maximum parallelism must be greater than 0.")
        self._max_parallelism = max_parallelism
        return self

    def get_task_cancellation_interval(self) -> int:
        """Ms between attempts to cancel a task (a JVM setting; default 30000)."""
        return self._task_cancellation_interval

    def set_task_cancellation_interval(self, interval: int) -> 'ExecutionConfig':
        """Sets the ms between attempts to cancel a task (a JVM setting)."""
        self._task_cancellation_interval = interval
        return self

    def get_task_cancellation_timeout(self) -> int:
        """Ms after which a stuck cancellation is fatal (a JVM setting; default 180000)."""
        return self._task_cancellation_timeout

    def set_task_cancellation_timeout(self, timeout: int) -> 'ExecutionConfig':
        """Sets the ms after which a stuck cancellation is fatal (0 disables it)."""
        if timeout < 0:
            raise ValueError("Timeout value must be >= 0.")
        self._task_cancellation_timeout = timeout
        return self

    def enable_force_kryo(self) -> 'ExecutionConfig':
        """Forces Kryo serialization (a JVM setting; kept for compatibility)."""
        self._force_kryo = True
        return self

    def disable_force_kryo(self) -> 'ExecutionConfig':
        """Stops forcing Kryo serialization."""
        self._force_kryo = False
        return self

    def is_force_kryo_enabled(self) -> bool:
        """Whether Kryo is forced (default False)."""
        return self._force_kryo

    def enable_generic_types(self) -> 'ExecutionConfig':
        """Allows generic types (serialized with Kryo in Flink)."""
        self._generic_types = True
        return self

    def disable_generic_types(self) -> 'ExecutionConfig':
        """Forbids generic types (a JVM setting; kept for compatibility)."""
        self._generic_types = False
        return self

    def has_generic_types_disabled(self) -> bool:
        """Whether generic types are forbidden (default False)."""
        return not self._generic_types

    def enable_auto_generated_uids(self) -> 'ExecutionConfig':
        """Lets operators without a uid get one generated."""
        self._auto_generated_uids = True
        return self

    def disable_auto_generated_uids(self) -> 'ExecutionConfig':
        """Requires every operator to have a uid set with `uid()`."""
        self._auto_generated_uids = False
        return self

    def has_auto_generated_uids_enabled(self) -> bool:
        """Whether uids are generated for operators without one (default True)."""
        return self._auto_generated_uids

    def enable_force_avro(self) -> 'ExecutionConfig':
        """Forces Avro for POJOs (a JVM setting; kept for compatibility)."""
        self._force_avro = True
        return self

    def disable_force_avro(self) -> 'ExecutionConfig':
        """Stops forcing Avro for POJOs."""
        self._force_avro = False
        return self

    def is_force_avro_enabled(self) -> bool:
        """Whether Avro is forced (default False)."""
        return self._force_avro

    def enable_object_reuse(self) -> 'ExecutionConfig':
        """Lets the runtime reuse objects passed between functions."""
        self._object_reuse = True
        return self

    def disable_object_reuse(self) -> 'ExecutionConfig':
        """Makes the runtime copy objects passed between chained functions (the default)."""
        self._object_reuse = False
        return self

    def is_object_reuse_enabled(self) -> bool:
        """Whether objects are reused (default False)."""
        return self._object_reuse

    def get_global_job_parameters(self) -> Dict[str, str]:
        """The global job parameters (read by `RuntimeContext.get_job_parameter`)."""
        return dict(self._global_job_parameters)

    def set_global_job_parameters(self, global_job_parameters_dict: Dict) -> 'ExecutionConfig':
        """Replaces the global job parameters; values are turned into strings."""
        self._global_job_parameters = {
            str(key): value if isinstance(value, str) else str(value)
            for key, value in global_job_parameters_dict.items()}
        return self

    def get_default_kryo_serializer_classes(self) -> Dict[str, str]:
        """Kryo serializers registered by class (always empty: Spate has no JVM)."""
        return {}

    def get_registered_kryo_types(self) -> List[str]:
        """Types registered with Kryo (always empty: Spate has no JVM)."""
        return []

    def get_registered_pojo_types(self) -> List[str]:
        """POJO types registered (always empty: Spate has no JVM)."""
        return []

    def is_use_snapshot_compression(self) -> bool:
        """Whether snapshots are compressed (default False)."""
        return self._snapshot_compression

    def set_use_snapshot_compression(self, use_snapshot_compression: bool) -> 'ExecutionConfig':
        """Compresses snapshots (checkpoints and savepoints) or not."""
        self._snapshot_compression = bool(use_snapshot_compression)
        return self

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__
