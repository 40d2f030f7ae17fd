"""Base classes of sources and sinks."""


class Source(object):
    """A source usable with ``StreamExecutionEnvironment.from_source``."""


class Sink(object):
    """A sink usable with ``DataStream.sink_to``."""
