"""``ExternalizedCheckpointRetention``, as PyFlink's: what happens to externalized checkpoints when a
job is cancelled (kept by `CheckpointConfig`; Spate writes no checkpoint files)."""
from enum import Enum


class ExternalizedCheckpointRetention(Enum):
    DELETE_ON_CANCELLATION = 0
    RETAIN_ON_CANCELLATION = 1
    NO_EXTERNALIZED_CHECKPOINTS = 2
