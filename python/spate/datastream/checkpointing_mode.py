"""``pyflink.datastream.checkpointing_mode``: `CheckpointingMode` (defined with the checkpoint settings)."""
from spate.datastream.checkpoint_config import CheckpointingMode

__all__ = ['CheckpointingMode']
