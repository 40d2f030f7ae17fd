"""Connectors, as ``pyflink.datastream.connectors`` (which also exports the file system classes)."""
from spate.datastream.connectors.base import DeliveryGuarantee, Source, Sink
from spate.datastream.connectors.file_system import (BucketAssigner, FileSink, FileSource, FileSourceBuilder,
                                                     OutputFileConfig, RollingPolicy, StreamFormat)
from spate.datastream.connectors.number_seq import NumberSequenceSource

__all__ = ['BucketAssigner', 'DeliveryGuarantee', 'FileSink', 'FileSource', 'FileSourceBuilder', 'NumberSequenceSource',
           'OutputFileConfig', 'RollingPolicy', 'Sink', 'Source', 'StreamFormat']
