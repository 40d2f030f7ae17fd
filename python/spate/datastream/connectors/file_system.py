"""File sources and sinks, as ``pyflink.datastream.connectors.file_system``.

Example::

    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), "input/").build()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "lines")
    lines.sink_to(FileSink.for_row_format("output/", Encoder.simple_string_encoder()).build())

Bulk formats (Parquet, ORC, Avro: ``pyflink.datastream.formats``) are not supported yet: the calls
that take one say so.
"""
import copy
import os
from typing import List, Optional

from spate.common.serialization import Encoder, _require_utf8
from spate.common.time import Duration, positive_millis
from spate.datastream.connectors.base import Sink, Source, StreamTransformer
from spate.datastream.connectors.file_compaction import FileCompactor, FileCompactStrategy
from spate.datastream.connectors.part_files import (BucketAssigner, OutputFileConfig, PartFiles, PartFilesBuilder,
                                                    RollingPolicy, refuse_bulk_format)
from spate.datastream.connectors.streaming_file_sink import StreamingFileSink
from spate.datastream.deployment import warn_once


# ---- FileSource ----

class _ProviderOfKind(object):
    """PyFlink's providers wrap a Java provider; Spate's hold which of Flink's they are."""

    def __init__(self, kind: str):
        self._kind = kind

    def __eq__(self, other):
        return type(other) is type(self) and self._kind == other._kind

    def __hash__(self):
        return hash(self._kind)


class FileEnumeratorProvider(_ProviderOfKind):
    """Which files under a source's paths are read, and how they are split for parallel readers.

    Both of Flink's enumerators list directories recursively and skip hidden files (names starting
    with '.' or '_'), as Spate's FileSource does; the splittable one would also cut large files into
    blocks. With text lines (Spate's one format) the records read are the same with either: the
    choice is kept, and changes no result.
    """

    @staticmethod
    def default_splittable_file_enumerator() -> 'FileEnumeratorProvider':
        """Flink's FileSource.DEFAULT_SPLITTABLE_FILE_ENUMERATOR."""
        return FileEnumeratorProvider('splittable')

    @staticmethod
    def default_non_splittable_file_enumerator() -> 'FileEnumeratorProvider':
        """Flink's FileSource.DEFAULT_NON_SPLITTABLE_FILE_ENUMERATOR (one split per file)."""
        return FileEnumeratorProvider('non_splittable')


class FileSplitAssignerProvider(_ProviderOfKind):
    """Which reader gets which split, and in which order. Spate's readers share one machine, so
    locality does not arise: the assigner is kept, and changes no result."""

    @staticmethod
    def locality_aware_split_assigner() -> 'FileSplitAssignerProvider':
        """Flink's FileSource.DEFAULT_SPLIT_ASSIGNER: splits local to a host go to its readers first."""
        return FileSplitAssignerProvider('locality_aware')


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


class BulkFormat(object):
    """A format that reads batches of records at a time (ORC, Parquet), made in PyFlink by
    ``pyflink.datastream.formats``, which Spate does not have yet; kept as given."""

    def __init__(self, j_bulk_format):
        self._j_bulk_format = j_bulk_format


class FileSource(Source):
    """A source over files: the files named, and every file inside the directories named; bounded,
    or (`monitor_continuously`) watching the paths for new files without end."""

    def __init__(self, stream_format: StreamFormat, paths: List[str], discovery_interval_ms: int = 0,
                 file_enumerator: Optional[FileEnumeratorProvider] = None,
                 split_assigner: Optional[FileSplitAssignerProvider] = None):
        self._stream_format = stream_format
        self._paths = paths
        self._discovery_interval_ms = discovery_interval_ms
        self._file_enumerator = file_enumerator
        self._split_assigner = split_assigner

    @staticmethod
    def for_record_stream_format(stream_format: StreamFormat, *paths: str) -> 'FileSourceBuilder':
        if not isinstance(stream_format, StreamFormat):
            raise TypeError(f"for_record_stream_format: expected a StreamFormat, got {stream_format!r}")
        if not paths:
            raise ValueError("for_record_stream_format: give at least one path")
        return FileSourceBuilder(stream_format, [str(path) for path in paths])

    @staticmethod
    def for_bulk_file_format(bulk_format: BulkFormat, *paths: str) -> 'FileSourceBuilder':
        refuse_bulk_format("FileSource.for_bulk_file_format",
                            "for_record_stream_format(StreamFormat.text_line_format(), ...)")


class FileSourceBuilder(object):
    """Builds a `FileSource`."""

    def __init__(self, stream_format: StreamFormat, paths: List[str]):
        self._stream_format = stream_format
        self._paths = paths
        self._discovery_interval_ms = 0
        self._file_enumerator = None
        self._split_assigner = None

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

    def set_file_enumerator(self, file_enumerator: 'FileEnumeratorProvider') -> 'FileSourceBuilder':
        """Which files are read and how they are split; with text lines either of Flink's
        enumerators reads the same records (see `FileEnumeratorProvider`): kept."""
        if not isinstance(file_enumerator, FileEnumeratorProvider):
            raise TypeError(f"set_file_enumerator: expected a FileEnumeratorProvider such as "
                            f"FileEnumeratorProvider.default_splittable_file_enumerator(), got {file_enumerator!r}")
        self._file_enumerator = file_enumerator
        return self

    def set_split_assigner(self, split_assigner: 'FileSplitAssignerProvider') -> 'FileSourceBuilder':
        """Which reader gets which split; the records read are the same whichever: kept."""
        if not isinstance(split_assigner, FileSplitAssignerProvider):
            raise TypeError(f"set_split_assigner: expected a FileSplitAssignerProvider such as "
                            f"FileSplitAssignerProvider.locality_aware_split_assigner(), got {split_assigner!r}")
        self._split_assigner = split_assigner
        return self

    def build(self) -> FileSource:
        for path in self._paths:
            if not os.path.exists(path):
                raise FileNotFoundError(f"FileSource: no such file or directory: {path}")
            if not (os.path.isfile(path) or os.path.isdir(path)):
                # A FIFO or a device could block the source for ever: only regular files are read.
                raise ValueError(f"FileSource: {path} is not a regular file or a directory (only regular files are read)")
            if "\n" in path:
                raise ValueError(f"FileSource: a path must not contain a line break: {path!r}")
        return FileSource(self._stream_format, self._paths, self._discovery_interval_ms, self._file_enumerator,
                          self._split_assigner)


# ---- FileSink ----

class FileSink(Sink):
    """A sink writing part files under a base path (`DataStream.sink_to`): each record encoded as a
    line, in a bucket directory (by default one per hour), in parts rolled by the rolling policy and
    made visible when finished.

    Example::

        ds.sink_to(FileSink.for_row_format("out/", Encoder.simple_string_encoder()).build())
    """

    def __init__(self, part_files: PartFiles, compaction=None):
        # PyFlink's wraps the Java sink its builder made; Spate's builder passes the settings.
        self._part_files = part_files
        self._compaction = compaction

    def get_transformer(self) -> Optional[StreamTransformer]:
        """None: records are written as they come (PyFlink's bulk-format sinks may convert rows first)."""
        return None

    @staticmethod
    def for_row_format(base_path: str, encoder: Encoder) -> 'FileSink.RowFormatBuilder':
        return FileSink.RowFormatBuilder(PartFiles(base_path, encoder, "for_row_format"))

    @staticmethod
    def for_bulk_format(base_path: str, writer_factory) -> 'FileSink.BulkFormatBuilder':
        refuse_bulk_format("FileSink.for_bulk_format", "for_row_format")

    def _settings(self) -> dict:
        return self._part_files.settings()

    class BaseBuilder(PartFilesBuilder):
        """What both of FileSink's builders set: buckets, rolling, part names, compaction."""

        def __init__(self, part_files: PartFiles):
            super().__init__(part_files)
            self._compaction = None

        def enable_compact(self, strategy: FileCompactStrategy, compactor: FileCompactor):
            """Compacts small finished parts on a cluster. Spate does not compact: the strategy and
            compactor are checked and kept, and the parts are left as written (said once)."""
            if not isinstance(strategy, FileCompactStrategy):
                raise TypeError(f"enable_compact: expected a FileCompactStrategy, got {strategy!r}")
            if not isinstance(compactor, FileCompactor):
                raise TypeError(f"enable_compact: expected a FileCompactor, got {compactor!r}")
            warn_once('file_compaction', "FileSink.enable_compact() is kept but Spate does not compact part files: "
                                         "they hold the same records, uncompacted")
            self._compaction = (strategy, compactor)
            return self

        def disable_compact(self):
            self._compaction = None
            return self

        def build(self) -> 'FileSink':
            return FileSink(copy.copy(self._part_files), self._compaction)

    class RowFormatBuilder(BaseBuilder):
        """Builds a FileSink that writes each record with an Encoder (from `for_row_format`)."""

    class BulkFormatBuilder(BaseBuilder):
        """PyFlink's builder of a bulk-format FileSink (`for_bulk_format`), which Spate cannot build yet."""

        def __init__(self, j_bulk_format_builder):
            refuse_bulk_format("FileSink.BulkFormatBuilder", "FileSink.for_row_format")


__all__ = ['BucketAssigner', 'BulkFormat', 'FileCompactStrategy', 'FileCompactor', 'FileEnumeratorProvider',
           'FileSink', 'FileSource', 'FileSourceBuilder', 'FileSplitAssignerProvider', 'OutputFileConfig',
           'RollingPolicy', 'StreamFormat', 'StreamingFileSink']
