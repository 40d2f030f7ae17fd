"""Base classes of sources and sinks, and the delivery guarantees a sink can be built with."""
from abc import ABC, abstractmethod
from enum import Enum


class Source(object):
    """A source usable with ``StreamExecutionEnvironment.from_source``."""


class Sink(object):
    """A sink usable with ``DataStream.sink_to``."""


class DeliveryGuarantee(Enum):
    """What a sink promises about each record under failures, as Flink's connectors take it:
    EXACTLY_ONCE (once, even after a failover; needs a source and sink that support it),
    AT_LEAST_ONCE (never lost, possibly repeated) or NONE (best effort)."""
    EXACTLY_ONCE = 0
    AT_LEAST_ONCE = 1
    NONE = 2


class StreamTransformer(ABC):
    """Rewrites the stream a sink receives before it is written (PyFlink's bulk-format FileSink
    converts rows with one); `FileSink.get_transformer` returns the sink's, if any."""

    @abstractmethod
    def apply(self, ds):
        pass
