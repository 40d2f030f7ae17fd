"""What a row-format file sink writes, where, and when it rolls a part file: the settings that
FileSink's and StreamingFileSink's builders share (all exported by ``file_system``, as PyFlink's).
"""
from spate.common.serialization import Encoder

_NO_BULK_FORMATS = "bulk formats are not supported by Spate yet"


def refuse_bulk_format(what: str, instead: str):
    """Bulk formats need a writer factory from ``pyflink.datastream.formats`` (Parquet, ORC, Avro),
    which Spate does not have: the call that takes one says so."""
    raise NotImplementedError(f"{what}: {_NO_BULK_FORMATS}; use {instead}")


class OutputFileConfig(object):
    """The prefix and suffix of part file names: `{prefix}-{uuid}-{subtask}-{counter}{suffix}`."""

    def __init__(self, part_prefix: str, part_suffix: str):
        for name, value in (("part_prefix", part_prefix), ("part_suffix", part_suffix)):
            if not isinstance(value, str) or "/" in value or "\n" in value:
                raise ValueError(f"OutputFileConfig: {name} must be a str without '/' or line breaks, got {value!r}")
        self._part_prefix = part_prefix
        self._part_suffix = part_suffix

    @staticmethod
    def builder() -> 'OutputFileConfig.OutputFileConfigBuilder':
        return OutputFileConfig.OutputFileConfigBuilder()

    def get_part_prefix(self) -> str:
        return self._part_prefix

    def get_part_suffix(self) -> str:
        return self._part_suffix

    class OutputFileConfigBuilder(object):
        def __init__(self):
            self._prefix = "part"
            self._suffix = ""

        def with_part_prefix(self, prefix: str) -> 'OutputFileConfig.OutputFileConfigBuilder':
            self._prefix = prefix
            return self

        def with_part_suffix(self, suffix: str) -> 'OutputFileConfig.OutputFileConfigBuilder':
            self._suffix = suffix
            return self

        def build(self) -> 'OutputFileConfig':
            return OutputFileConfig(self._prefix, self._suffix)


class RollingPolicy(object):
    """When a part file is finished and a new one started."""

    def __init__(self, kind: str, part_size: int = 128 * 1024 * 1024, rollover_interval: int = 60_000,
                 inactivity_interval: int = 60_000):
        for what, value in (('part_size', part_size), ('rollover_interval', rollover_interval),
                            ('inactivity_interval', inactivity_interval)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"RollingPolicy: {what} must be a positive int, got {value!r}")
        self._kind = kind
        self._part_size = part_size
        self._rollover_interval = rollover_interval
        self._inactivity_interval = inactivity_interval

    @staticmethod
    def default_rolling_policy(part_size: int = 134217728, rollover_interval: int = 60000,
                               inactivity_interval: int = 60000) -> 'RollingPolicy':
        """Rolls a part when it reaches `part_size` bytes, is `rollover_interval` ms old or has not
        been written to for `inactivity_interval` ms (processing time), and at the end of input."""
        return RollingPolicy("default", part_size, rollover_interval, inactivity_interval)

    @staticmethod
    def on_checkpoint_rolling_policy() -> 'RollingPolicy':
        """Rolls every part at each checkpoint (`enable_checkpointing`) and at the end of input,
        never by size or time."""
        policy = RollingPolicy("on_checkpoint")
        policy._part_size = 2 ** 63 - 1
        policy._rollover_interval = policy._inactivity_interval = 0
        return policy


class BucketAssigner(object):
    """Which directory under the base path a record's part file goes to."""

    def __init__(self, format_str):
        self._format_str = format_str

    @staticmethod
    def base_path_bucket_assigner() -> 'BucketAssigner':
        """Every file directly in the base path."""
        return BucketAssigner(None)

    @staticmethod
    def date_time_bucket_assigner(format_str: str = "yyyy-MM-dd--HH", timezone_id: str = None) -> 'BucketAssigner':
        """A directory per hour (by default) of processing time, in the machine's time zone."""
        if timezone_id is not None:
            raise NotImplementedError("date_time_bucket_assigner: time zones other than the machine's are not supported yet")
        if "\n" in format_str:
            raise ValueError("date_time_bucket_assigner: the format must not contain a line break")
        return BucketAssigner(format_str)


class PartFiles(object):
    """A row-format sink's settings, and the plan settings of the runtime's file sink."""

    def __init__(self, base_path: str, encoder: Encoder, what: str):
        if not isinstance(encoder, Encoder):
            raise TypeError(f"{what}: expected an Encoder such as Encoder.simple_string_encoder(), got {encoder!r}")
        if not isinstance(base_path, str) or not base_path or "\n" in base_path:
            raise ValueError(f"{what}: expected a base path, got {base_path!r}")
        self.base_path = base_path
        self.encoder = encoder
        self.bucket_assigner = BucketAssigner.date_time_bucket_assigner()
        self.rolling_policy = RollingPolicy.default_rolling_policy()
        self.output_file_config = OutputFileConfig("part", "")
        self.bucket_check_interval = 60_000

    def settings(self) -> dict:
        """The plan settings of the runtime's file sink."""
        policy = self.rolling_policy
        return {'base_path': self.base_path.rstrip("/") or "/",
                'part_prefix': self.output_file_config.get_part_prefix(),
                'part_suffix': self.output_file_config.get_part_suffix(),
                'part_size_bytes': policy._part_size,
                'bucket_format': self.bucket_assigner._format_str or None,
                'rollover_interval_ms': policy._rollover_interval or None,
                'inactivity_interval_ms': policy._inactivity_interval or None,
                'rolls_on_checkpoint': policy._kind == "on_checkpoint"}


class PartFilesBuilder(object):
    """The settings every file sink builder takes (PyFlink's FileSink.BaseBuilder's and
    StreamingFileSink.BaseBuilder's); each returns the builder."""

    def __init__(self, part_files: PartFiles):
        self._part_files = part_files

    def with_bucket_check_interval(self, interval: int):
        """How often, in ms, a cluster's sink checks its open parts against the rolling policy
        (Flink's default: 60 s); kept (Spate rolls a part when its age or inactivity is due)."""
        if isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0:
            raise ValueError(f"with_bucket_check_interval: the interval must be a positive int (ms), got {interval!r}")
        self._part_files.bucket_check_interval = interval
        return self

    def with_bucket_assigner(self, bucket_assigner: BucketAssigner):
        return self._set('bucket_assigner', bucket_assigner, BucketAssigner, "with_bucket_assigner: expected a")

    def with_rolling_policy(self, rolling_policy: RollingPolicy):
        return self._set('rolling_policy', rolling_policy, RollingPolicy, "with_rolling_policy: expected a")

    def with_output_file_config(self, output_file_config: OutputFileConfig):
        return self._set('output_file_config', output_file_config, OutputFileConfig,
                         "with_output_file_config: expected an")

    def _set(self, setting: str, value, kind: type, expected: str):
        if not isinstance(value, kind):
            raise TypeError(f"{expected} {kind.__name__}, got {value!r}")
        setattr(self._part_files, setting, value)
        return self
