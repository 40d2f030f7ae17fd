"""Connectors, as ``pyflink.datastream.connectors``."""
from spate.datastream.connectors.base import Source, Sink
from spate.datastream.connectors.number_seq import NumberSequenceSource

__all__ = ['Source', 'Sink', 'NumberSequenceSource']
