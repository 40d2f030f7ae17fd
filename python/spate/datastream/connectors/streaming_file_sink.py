"""``StreamingFileSink``, Flink's file sink before FileSink (deprecated since Flink 1.15), as
``pyflink.datastream.connectors.file_system`` has it: a SinkFunction, added with `add_sink`.

Spate writes it as FileSink's row format writes (the same buckets, rolling policies and part
files, finished when they roll and at the end of input). Two things differ from Flink's legacy sink:
Flink names its parts `{prefix}-{subtask}-{counter}{suffix}`, Spate as FileSink does
(`{prefix}-{uuid}-{subtask}-{counter}{suffix}`); and Flink makes a finished part visible only when
a checkpoint completes, Spate also at the end of input, as FileSink does.

Example::

    ds.add_sink(StreamingFileSink.for_row_format("out/", Encoder.simple_string_encoder()).build())
"""
import copy
import warnings

from spate.common.serialization import Encoder
from spate.datastream.connectors.part_files import PartFiles, PartFilesBuilder, refuse_bulk_format
from spate.datastream.functions import SinkFunction

__all__ = ['StreamingFileSink']


class StreamingFileSink(SinkFunction):
    """Writes a stream to part files under a base path (made by `for_row_format`), as Flink's legacy
    sink: parts are named `{prefix}-{subtask}-{counter}{suffix}` and become visible only when a
    checkpoint completes; without checkpointing (and for the parts open at the end of the input)
    they stay hidden in-progress files (`.{name}.inprogress.{uuid}`)."""

    def __init__(self, part_files: PartFiles):
        # PyFlink's wraps the Java sink its builder made; Spate's builder passes the settings.
        warnings.warn("Deprecated in 1.15. Use FileSink instead.", DeprecationWarning, stacklevel=3)
        self._part_files = part_files

    def _settings(self) -> dict:
        return dict(self._part_files.settings(), streaming_file_sink=True)

    @staticmethod
    def for_row_format(base_path: str, encoder: Encoder) -> 'StreamingFileSink.DefaultRowFormatBuilder':
        return StreamingFileSink.DefaultRowFormatBuilder(PartFiles(base_path, encoder, "for_row_format"))

    @staticmethod
    def for_bulk_format(base_path: str, writer_factory):
        refuse_bulk_format("StreamingFileSink.for_bulk_format", "for_row_format")

    class BaseBuilder(PartFilesBuilder):
        """What both of StreamingFileSink's builders set: buckets, rolling, part names."""

        def build(self) -> 'StreamingFileSink':
            return StreamingFileSink(copy.copy(self._part_files))

    class DefaultRowFormatBuilder(BaseBuilder):
        """Builds a StreamingFileSink that writes each record with an Encoder."""

    class DefaultBulkFormatBuilder(BaseBuilder):
        """PyFlink's builder of a bulk-format StreamingFileSink, which Spate cannot build yet."""

        def __init__(self, j_default_bulk_format_builder):
            refuse_bulk_format("StreamingFileSink.DefaultBulkFormatBuilder", "StreamingFileSink.for_row_format")
