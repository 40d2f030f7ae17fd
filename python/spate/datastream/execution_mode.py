"""Runtime execution modes, as ``pyflink.datastream.RuntimeExecutionMode``."""
from enum import Enum


class RuntimeExecutionMode(Enum):
    """STREAMING emits every update; BATCH (bounded inputs only) emits final results, so a keyed
    ``reduce``/``sum`` gives one record per key."""
    STREAMING = 0
    BATCH = 1
    AUTOMATIC = 2
