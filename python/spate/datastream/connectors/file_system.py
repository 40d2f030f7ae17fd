"""File sources, as ``pyflink.datastream.connectors.file_system``.

Example::

    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), "input/").build()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "lines")
"""
import os
from typing import List

from spate.common.time import Duration
from spate.datastream.connectors.base import Source


class StreamFormat(object):
    """How a file's bytes become records."""

    def __init__(self, kind: str, charset_name: str):
        self._kind = kind
        self._charset_name = charset_name

    @staticmethod
    def text_line_format(charset_name: str = "UTF-8") -> 'StreamFormat':
        """One record per line (a str without its line ending)."""
        if charset_name.replace("-", "").upper() != "UTF8":
            raise NotImplementedError(f"text_line_format: only UTF-8 is supported by Spate, got {charset_name!r}")
        return StreamFormat("text_line", charset_name)


class FileSource(Source):
    """A bounded source over files: the files named, and every file inside the directories named."""

    def __init__(self, stream_format: StreamFormat, paths: List[str]):
        self._stream_format = stream_format
        self._paths = paths

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

    def process_static_file_set(self) -> 'FileSourceBuilder':
        """Reads the files once (the default: a bounded source)."""
        return self

    def monitor_continuously(self, discovery_interval: Duration) -> 'FileSourceBuilder':
        raise NotImplementedError("FileSource.monitor_continuously is not supported by Spate yet")

    def build(self) -> FileSource:
        for path in self._paths:
            if not os.path.exists(path):
                raise FileNotFoundError(f"FileSource: no such file or directory: {path}")
            if "\n" in path:
                raise ValueError(f"FileSource: a path must not contain a line break: {path!r}")
        return FileSource(self._stream_format, self._paths)


__all__ = ['FileSource', 'FileSourceBuilder', 'StreamFormat']
