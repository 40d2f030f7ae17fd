"""How a FileSink would compact its small part files, as ``pyflink.datastream.connectors.file_system``'s
``FileCompactStrategy`` and ``FileCompactor`` (exported from there).

Spate does not compact: `FileSink.RowFormatBuilder.enable_compact` checks and keeps these and says
once that the part files are left as written (their records are the same either way).

Example::

    FileSink.for_row_format("out/", Encoder.simple_string_encoder()).enable_compact(
        FileCompactStrategy.builder().set_size_threshold(1 << 20).build(),
        FileCompactor.concat_file_compactor(b"\\n")).build()
"""
from typing import Optional

from spate._checks import whole_number

__all__ = ['FileCompactStrategy', 'FileCompactor']


class FileCompactStrategy(object):
    """When compaction would run: every N checkpoints, once the pending files reach a size, or
    both; with how many threads (made by `builder()`)."""

    def __init__(self, size_threshold: int, num_checkpoints_before_compaction: int, num_compact_threads: int):
        # PyFlink's wraps the Java strategy its builder made; Spate's builder passes the settings.
        self._size_threshold = size_threshold
        self._num_checkpoints_before_compaction = num_checkpoints_before_compaction
        self._num_compact_threads = num_compact_threads

    @staticmethod
    def builder() -> 'FileCompactStrategy.Builder':
        return FileCompactStrategy.Builder()

    def __eq__(self, other):
        return isinstance(other, FileCompactStrategy) and vars(self) == vars(other)

    def __hash__(self):
        return hash(tuple(vars(self).values()))

    def __repr__(self):
        return (f"FileCompactStrategy(size_threshold={self._size_threshold}, num_checkpoints_before_compaction="
                f"{self._num_checkpoints_before_compaction}, num_compact_threads={self._num_compact_threads})")

    class Builder(object):
        """Flink's defaults: -1 everywhere (no trigger set, the default thread count); `build`
        needs a trigger, a size threshold or a number of checkpoints."""

        def __init__(self):
            self._size_threshold = -1
            self._num_checkpoints_before_compaction = -1
            self._num_compact_threads = -1

        def build(self) -> 'FileCompactStrategy':
            if self._size_threshold < 0 and self._num_checkpoints_before_compaction <= 0:
                raise ValueError("FileCompactStrategy: At least one trigger condition must be configured.")
            return FileCompactStrategy(self._size_threshold, self._num_checkpoints_before_compaction,
                                       self._num_compact_threads)

        def enable_compaction_on_checkpoint(self, num_checkpoints_before_compaction: int) \
                -> 'FileCompactStrategy.Builder':
            """Compaction every `num_checkpoints_before_compaction` checkpoints (more than 0)."""
            whole_number(num_checkpoints_before_compaction, "enable_compaction_on_checkpoint: "
                                                         "num_checkpoints_before_compaction")
            if num_checkpoints_before_compaction <= 0:
                raise ValueError(f"Number of checkpoints before compaction should be more than 0, got "
                                 f"{num_checkpoints_before_compaction}")
            self._num_checkpoints_before_compaction = num_checkpoints_before_compaction
            return self

        def set_size_threshold(self, size_threshold: int) -> 'FileCompactStrategy.Builder':
            """Compaction once the files to compact reach `size_threshold` bytes (-1: no size trigger)."""
            self._size_threshold = whole_number(size_threshold, "set_size_threshold: size_threshold")
            return self

        def set_num_compact_threads(self, num_compact_threads: int) -> 'FileCompactStrategy.Builder':
            """The compacting threads of the compactor operator (more than 0)."""
            whole_number(num_compact_threads, "set_num_compact_threads: num_compact_threads")
            if num_compact_threads <= 0:
                raise ValueError(f"Compact threads should be more than 0, got {num_compact_threads}")
            self._num_compact_threads = num_compact_threads
            return self


class FileCompactor(object):
    """How files would be compacted into one."""

    def __init__(self, kind: str, file_delimiter: Optional[bytes] = None):
        # PyFlink's wraps a Java compactor; Spate's holds its kind ('concat' or 'identical').
        self._kind = kind
        self._file_delimiter = file_delimiter

    @staticmethod
    def concat_file_compactor(file_delimiter: bytes = None):
        """Concatenates the files, with `file_delimiter` between neighbours if given."""
        if file_delimiter is not None and not isinstance(file_delimiter, bytes):
            raise TypeError(f"concat_file_compactor: file_delimiter must be bytes, got {file_delimiter!r}")
        return FileCompactor('concat', file_delimiter or None)

    @staticmethod
    def identical_file_compactor():
        """Copies the only file to compact as it is."""
        return FileCompactor('identical')

    def __eq__(self, other):
        return isinstance(other, FileCompactor) and (self._kind, self._file_delimiter) == \
            (other._kind, other._file_delimiter)

    def __hash__(self):
        return hash((self._kind, self._file_delimiter))

    def __repr__(self):
        delimiter = '' if self._file_delimiter is None else repr(self._file_delimiter)
        return f"FileCompactor.{self._kind}_file_compactor({delimiter})"
