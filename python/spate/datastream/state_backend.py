"""State backends and checkpoint storage, as ``pyflink.datastream``'s, for scripts that name them.

Spate keeps keyed state in memory and its checkpoints save no state yet: these classes hold their settings so
a script written for a cluster runs unchanged (`set_state_backend` says once that they have no effect).
"""
from typing import Optional


class StateBackend(object):
    """Where a cluster job would keep its state."""

    def __repr__(self):
        settings = ", ".join(f"{key.lstrip('_')}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({settings})"


class HashMapStateBackend(StateBackend):
    """State as objects on the heap (what Spate does in any case)."""


class EmbeddedRocksDBStateBackend(StateBackend):
    """State in an embedded RocksDB on a cluster."""

    def __init__(self, enable_incremental_checkpointing: Optional[bool] = None):
        self._enable_incremental_checkpointing = enable_incremental_checkpointing

    def is_incremental_checkpoints_enabled(self) -> bool:
        return bool(self._enable_incremental_checkpointing)


class MemoryStateBackend(StateBackend):
    """Deprecated in Flink: HashMapStateBackend with checkpoints in the JobManager."""

    def __init__(self, checkpoint_path: Optional[str] = None, savepoint_path: Optional[str] = None,
                 max_state_size: Optional[int] = None, using_asynchronous_snapshots: Optional[bool] = None):
        self._checkpoint_path = checkpoint_path
        self._savepoint_path = savepoint_path
        self._max_state_size = max_state_size


class FsStateBackend(StateBackend):
    """Deprecated in Flink: HashMapStateBackend with checkpoints in a file system."""

    def __init__(self, checkpoint_directory_uri: str, default_savepoint_directory_uri: Optional[str] = None,
                 file_state_size_threshold: Optional[int] = None, write_buffer_size: Optional[int] = None,
                 using_asynchronous_snapshots: Optional[bool] = None):
        self._checkpoint_directory_uri = checkpoint_directory_uri
        self._default_savepoint_directory_uri = default_savepoint_directory_uri


class RocksDBStateBackend(StateBackend):
    """Deprecated in Flink: EmbeddedRocksDBStateBackend with checkpoints in a file system."""

    def __init__(self, checkpoint_data_uri: Optional[str] = None, enable_incremental_checkpointing: Optional[bool] = None,
                 checkpoint_stream_backend=None):
        self._checkpoint_data_uri = checkpoint_data_uri
        self._enable_incremental_checkpointing = enable_incremental_checkpointing


class CheckpointStorage(object):
    """Where a cluster job would write its checkpoints."""

    def __repr__(self):
        return f"{type(self).__name__}({getattr(self, '_checkpoint_path', '')!r})"


class JobManagerCheckpointStorage(CheckpointStorage):
    def __init__(self, checkpoint_path: Optional[str] = None, max_state_size: Optional[int] = None):
        self._checkpoint_path = checkpoint_path


class FileSystemCheckpointStorage(CheckpointStorage):
    def __init__(self, checkpoint_path: str, file_state_size_threshold: Optional[int] = None,
                 write_buffer_size: Optional[int] = None):
        self._checkpoint_path = checkpoint_path

    def get_checkpoint_path(self) -> str:
        return self._checkpoint_path
