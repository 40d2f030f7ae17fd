"""File sources, as ``pyflink.datastream.connectors.file_system``.

Example::

    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), "input/").build()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "lines")
"""
import os
from typing import List

from spate.common.serialization import Encoder, _require_utf8
from spate.common.time import Duration, positive_millis
from spate.datastream.connectors.base import Source


class StreamFormat(object):
    """How a file's bytes become records."""

    def __init__(self, kind: str, charset_name: str):
        self._kind = kind
        self._charset_name = charset_name

    @staticmethod
    def text_line_format(charset_name: str = "UTF-8") -> 'StreamFormat':
        """One record per line (a str without its line ending)."""
        _require_utf8(charset_name, "text_line_format")
        return StreamFormat("text_line", charset_name)


class FileSource(Source):
    """A source over files: the files named, and every file inside the directories named; bounded,
    or (`monitor_continuously`) watching the paths for new files without end."""

    def __init__(self, stream_format: StreamFormat, paths: List[str], discovery_interval_ms: int = 0):
        self._stream_format = stream_format
        self._paths = paths
        self._discovery_interval_ms = discovery_interval_ms

    @staticmethod
    def for_record_stream_format(stream_format: StreamFormat, *paths: str) -> 'FileSourceBuilder':
        if not isinstance(stream_format, StreamFormat):
            raise TypeError(f"for_record_stream_format: expected a StreamFormat, got {stream_format!r}")
        if not paths:
            raise ValueError("for_record_stream_format: give at least one path")
        return FileSourceBuilder(stream_format, [str(path) for path in paths])

    @staticmethod
    def for_bulk_file_format(bulk_format, *paths: str) -> 'FileSourceBuilder':
        raise NotImplementedError("bulk file formats are not supported by Spate yet")


class FileSourceBuilder(object):
    """Builds a `FileSource`."""

    def __init__(self, stream_format: StreamFormat, paths: List[str]):
        self._stream_format = stream_format
        self._paths = paths
        self._discovery_interval_ms = 0

    def process_static_file_set(self) -> 'FileSourceBuilder':
        """Reads the files once (the default: a bounded source)."""
        self._discovery_interval_ms = 0
        return self

    def monitor_continuously(self, discovery_interval: Duration) -> 'FileSourceBuilder':
        """Makes the source unbounded: every `discovery_interval` it lists the paths again and
        reads each new file once (put finished files in place, e.g. by renaming them in).

        Example::

            FileSource.for_record_stream_format(StreamFormat.text_line_format(), "/data/in") \\
                .monitor_continuously(Duration.of_seconds(1)).build()
        """
        if not isinstance(discovery_interval, Duration):  # PyFlink takes no Time here
            raise TypeError(f"monitor_continuously: expected a Duration, got {discovery_interval!r}")
        self._discovery_interval_ms = positive_millis(discovery_interval, "monitor_continuously",
                                                      "the discovery interval")
        return self

    def build(self) -> FileSource:
        for path in self._paths:
            if not os.path.exists(path):
                raise FileNotFoundError(f"FileSource: no such file or directory: {path}")
            if "\n" in path:
                raise ValueError(f"FileSource: a path must not contain a line break: {path!r}")
        return FileSource(self._stream_format, self._paths, self._discovery_interval_ms)



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


class FileSink(object):
    """A sink writing part files under a base path (`DataStream.sink_to`).

    Example::

        ds.sink_to(FileSink.for_row_format("out/", Encoder.simple_string_encoder()).build())
    """

    def __init__(self, base_path: str, encoder, bucket_assigner: BucketAssigner, rolling_policy: RollingPolicy,
                 output_file_config: OutputFileConfig):
        self._base_path = base_path
        self._encoder = encoder
        self._bucket_assigner = bucket_assigner
        self._rolling_policy = rolling_policy
        self._output_file_config = output_file_config

    @staticmethod
    def for_row_format(base_path: str, encoder) -> 'FileSink.RowFormatBuilder':
        if not isinstance(encoder, Encoder):
            raise TypeError(f"for_row_format: expected an Encoder such as Encoder.simple_string_encoder(), got {encoder!r}")
        if not isinstance(base_path, str) or not base_path or "\n" in base_path:
            raise ValueError(f"for_row_format: expected a base path, got {base_path!r}")
        return FileSink.RowFormatBuilder(base_path, encoder)

    @staticmethod
    def for_bulk_format(base_path: str, writer_factory) -> 'FileSink.RowFormatBuilder':
        raise NotImplementedError("bulk formats are not supported by Spate yet")

    def _spec(self) -> str:
        bucket = self._bucket_assigner._format_str or ""
        policy = self._rolling_policy
        return "\n".join([self._base_path.rstrip("/") or "/", self._output_file_config.get_part_prefix(),
                          self._output_file_config.get_part_suffix(), str(policy._part_size), bucket,
                          str(policy._rollover_interval), str(policy._inactivity_interval),
                          "1" if policy._kind == "on_checkpoint" else "0"])

    class RowFormatBuilder(object):
        def __init__(self, base_path: str, encoder):
            self._base_path = base_path
            self._encoder = encoder
            self._bucket_assigner = BucketAssigner.date_time_bucket_assigner()
            self._rolling_policy = RollingPolicy.default_rolling_policy()
            self._output_file_config = OutputFileConfig("part", "")

        def with_bucket_assigner(self, bucket_assigner: BucketAssigner) -> 'FileSink.RowFormatBuilder':
            self._bucket_assigner = bucket_assigner
            return self

        def with_rolling_policy(self, rolling_policy: RollingPolicy) -> 'FileSink.RowFormatBuilder':
            self._rolling_policy = rolling_policy
            return self

        def with_output_file_config(self, output_file_config: OutputFileConfig) -> 'FileSink.RowFormatBuilder':
            self._output_file_config = output_file_config
            return self

        def with_bucket_check_interval(self, interval: int) -> 'FileSink.RowFormatBuilder':
            return self

        def build(self) -> 'FileSink':
            return FileSink(self._base_path, self._encoder, self._bucket_assigner, self._rolling_policy,
                            self._output_file_config)


__all__ = ['BucketAssigner', 'FileSink', 'FileSource', 'FileSourceBuilder', 'OutputFileConfig', 'RollingPolicy',
           'StreamFormat']
