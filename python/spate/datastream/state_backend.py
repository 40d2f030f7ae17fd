"""State backends and checkpoint storage, as ``pyflink.datastream``'s (PyFlink's state_backend.py and
checkpoint_storage.py), for scripts that name them.

Spate keeps keyed state in memory and its checkpoints save no state yet: these classes check and hold
their settings, with Flink's defaults, and give them back, so a script written for a cluster runs
unchanged (`set_state_backend` says once that they have no effect).

Example::

    backend = EmbeddedRocksDBStateBackend(enable_incremental_checkpointing=True)
    backend.set_predefined_options(PredefinedOptions.SPINNING_DISK_OPTIMIZED)
    env.set_state_backend(backend)
    env.get_checkpoint_config().set_checkpoint_storage(FileSystemCheckpointStorage("file:///checkpoints"))
"""
import os
import re
from enum import Enum
from typing import List, Optional, Tuple

from spate._checks import whole_number
from spate.datastream.deployment import warn_once

__all__ = ['StateBackend', 'HashMapStateBackend', 'EmbeddedRocksDBStateBackend', 'MemoryStateBackend',
           'FsStateBackend', 'RocksDBStateBackend', 'CustomStateBackend', 'PredefinedOptions', 'CheckpointStorage',
           'JobManagerCheckpointStorage', 'FileSystemCheckpointStorage', 'CustomCheckpointStorage']

_JAVA_INT_MAX = 2 ** 31 - 1


def _java_int(value, what: str) -> int:
    whole_number(value, what)
    if not -_JAVA_INT_MAX - 1 <= value <= _JAVA_INT_MAX:
        raise ValueError(f"{what} must fit in 32 bits (a Java int), got {value}")
    return value


def _flink_path(path, what: str) -> Tuple[Optional[str], Optional[str], str]:
    """Splits a path as Flink's `Path` does: (scheme, authority, path), the path part with repeated
    and trailing slashes removed."""
    if not isinstance(path, str):
        raise TypeError(f"{what} must be a str, got {path!r}")
    text = path.strip()
    if not text:
        raise ValueError(f"{what}: Can not create a Path from an empty string")
    scheme = authority = None
    colon, slash = text.find(':'), text.find('/')
    if colon != -1 and (slash == -1 or colon < slash):
        scheme, text = text[:colon], text[colon + 1:]
    if text.startswith('//') and len(text) > 2:
        end = text.find('/', 2)
        end = len(text) if end == -1 else end
        authority, text = text[2:end], text[end:]
    text = re.sub('/+', '/', text)
    if len(text) > 1 and text.endswith('/'):
        text = text[:-1]
    return scheme, authority, text


def _checkpoint_path(path, what: str) -> str:
    """A checkpoint directory checked as Flink checks it: a scheme (``file://``, ``hdfs://``, ...)
    and a path other than the root; given back without a trailing slash."""
    scheme, authority, part = _flink_path(path, what)
    if scheme is None:
        raise ValueError(f"{what} {path!r}: The scheme (hdfs://, file://, etc) is null. Please specify the file "
                         f"system scheme explicitly in the URI.")
    if part in ('', '/'):
        raise ValueError(f"{what} {path!r}: Cannot use the root directory for checkpoints.")
    return f"{scheme}:{'' if authority is None else '//' + authority}{part}"


class _KeptSettings(object):
    """Prints the settings a backend or storage holds."""

    def __repr__(self):
        settings = ", ".join(f"{key.lstrip('_')}={value!r}" for key, value in vars(self).items())
        return f"{type(self).__name__}({settings})"


class StateBackend(_KeptSettings):
    """Where a cluster job would keep its state."""


class HashMapStateBackend(StateBackend):
    """State as objects on the heap (what Spate does in any case)."""


class PredefinedOptions(Enum):
    """Flink's RocksDB option profiles for `EmbeddedRocksDBStateBackend.set_predefined_options`."""
    DEFAULT = 0
    SPINNING_DISK_OPTIMIZED = 1
    SPINNING_DISK_OPTIMIZED_HIGH_MEM = 2
    FLASH_SSD_OPTIMIZED = 3


class EmbeddedRocksDBStateBackend(StateBackend):
    """State in an embedded RocksDB on a cluster. Its settings are checked as Flink checks them and
    kept; unset ones read back as Flink's defaults (4 transfer threads, PredefinedOptions.DEFAULT)."""

    DEFAULT_NUMBER_OF_TRANSFER_THREADS = 4  # Flink's state.backend.rocksdb.checkpoint.transfer.thread.num

    def __init__(self, enable_incremental_checkpointing=None):
        if enable_incremental_checkpointing not in (None, True, False):
            raise TypeError(f"Unsupported input for 'enable_incremental_checkpointing': "
                            f"{enable_incremental_checkpointing!r}, the value of the parameter should be None or "
                            f"True or False.")
        self._enable_incremental_checkpointing = enable_incremental_checkpointing
        self._db_storage_paths: List[str] = []
        self._number_of_transfer_threads: Optional[int] = None
        self._options: Optional[str] = None
        self._predefined_options: Optional[PredefinedOptions] = None

    def is_incremental_checkpoints_enabled(self) -> bool:
        """As set; unset, Flink's default (False)."""
        return bool(self._enable_incremental_checkpointing)

    def set_db_storage_paths(self, *paths: str):
        """The local directories RocksDB would keep its files in: absolute paths, or ``file://`` URIs;
        no paths restores the default (the TaskManager's temporary directories)."""
        local = []
        for path in paths:
            scheme, _, part = _flink_path(path, "set_db_storage_paths: a path")
            if scheme is not None and scheme.lower() != 'file':
                raise ValueError(f"set_db_storage_paths: Path {path} has a non-local scheme")
            if not os.path.isabs(part):
                raise ValueError(f"set_db_storage_paths: Relative paths are not supported: {path!r}")
            local.append(part)
        self._db_storage_paths = local

    def get_db_storage_paths(self) -> List[str]:
        """The paths set (``file://`` URIs as plain paths); empty when none were set."""
        return list(self._db_storage_paths)

    def set_predefined_options(self, options: 'PredefinedOptions'):
        if not isinstance(options, PredefinedOptions):
            raise TypeError(f"set_predefined_options: expected a PredefinedOptions, got {options!r}")
        self._predefined_options = options

    def get_predefined_options(self) -> 'PredefinedOptions':
        return self._predefined_options or PredefinedOptions.DEFAULT

    def set_options(self, options_factory_class_name: str):
        """Names a Java RocksDBOptionsFactory class; kept (Spate loads no Java class: said once)."""
        if not isinstance(options_factory_class_name, str) or not options_factory_class_name.strip():
            raise TypeError(f"set_options: expected the class name of a RocksDBOptionsFactory, got "
                            f"{options_factory_class_name!r}")
        warn_once('rocksdb_options', f"set_options({options_factory_class_name!r}) names a Java class, which Spate "
                                     f"cannot load (no JVM); the name is kept")
        self._options = options_factory_class_name

    def get_options(self) -> Optional[str]:
        """The options factory's class name, or None."""
        return self._options

    def get_number_of_transfer_threads(self) -> int:
        if self._number_of_transfer_threads is None:
            return self.DEFAULT_NUMBER_OF_TRANSFER_THREADS
        return self._number_of_transfer_threads

    def set_number_of_transfer_threads(self, number_of_transfering_threads: int):
        _java_int(number_of_transfering_threads, "set_number_of_transfer_threads: number_of_transfering_threads")
        if number_of_transfering_threads <= 0:
            raise ValueError("The number of threads used to transfer files in EmbeddedRocksDBStateBackend should be "
                             f"greater than zero, got {number_of_transfering_threads}")
        self._number_of_transfer_threads = number_of_transfering_threads


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


class CustomStateBackend(StateBackend):
    """PyFlink's wrapper of a user's Java state backend; Spate keeps the object it is given."""

    def __init__(self, j_custom_state_backend):
        self._j_custom_state_backend = j_custom_state_backend


class CheckpointStorage(_KeptSettings):
    """Where a cluster job would write its checkpoints."""


class JobManagerCheckpointStorage(CheckpointStorage):
    """Checkpoints in the JobManager's memory, each state at most `max_state_size` bytes (Flink's
    default 5 MiB); `checkpoint_path`, optional, is where Flink would persist checkpoint metadata."""

    DEFAULT_MAX_STATE_SIZE = 5 * 1024 * 1024

    def __init__(self, checkpoint_path=None, max_state_size=None):
        self._checkpoint_path = None if checkpoint_path is None else \
            _checkpoint_path(checkpoint_path, "JobManagerCheckpointStorage: checkpoint_path")
        if max_state_size is None:
            max_state_size = self.DEFAULT_MAX_STATE_SIZE
        _java_int(max_state_size, "JobManagerCheckpointStorage: max_state_size")
        if max_state_size <= 0:
            raise ValueError(f"JobManagerCheckpointStorage: maxStateSize must be > 0, got {max_state_size}")
        self._max_state_size = max_state_size

    def get_checkpoint_path(self) -> Optional[str]:
        return self._checkpoint_path

    def get_max_state_size(self) -> int:
        return self._max_state_size

    def get_savepoint_path(self) -> Optional[str]:
        """None: the storage is given no savepoint directory (a cluster takes its configured one)."""
        return None


class FileSystemCheckpointStorage(CheckpointStorage):
    """Checkpoints as files under `checkpoint_path` (with a scheme: ``file:///checkpoints``). State
    below `file_state_size_threshold` bytes (at most 1 MiB; -1 or None: Flink's default, 20 KiB) would
    go inline in the metadata; `write_buffer_size` (-1: Flink's default, 4 KiB) sizes the writes."""

    MAX_FILE_STATE_THRESHOLD = 1024 * 1024
    DEFAULT_FILE_STATE_THRESHOLD = 20 * 1024  # Flink's execution.checkpointing.data-inline-threshold
    DEFAULT_WRITE_BUFFER_SIZE = 4 * 1024  # Flink's state.storage.fs.write-buffer-size

    def __init__(self, checkpoint_path=None, file_state_size_threshold=None, write_buffer_size=-1):
        if checkpoint_path is None:
            raise ValueError("FileSystemCheckpointStorage: checkpoint_path must not be None")
        self._checkpoint_path = _checkpoint_path(checkpoint_path, "FileSystemCheckpointStorage: checkpoint_path")
        if file_state_size_threshold is None:
            file_state_size_threshold = -1
        _java_int(file_state_size_threshold, "FileSystemCheckpointStorage: file_state_size_threshold")
        if not -1 <= file_state_size_threshold <= self.MAX_FILE_STATE_THRESHOLD:
            raise ValueError(f"FileSystemCheckpointStorage: The threshold for file state size must be in "
                             f"[-1, {self.MAX_FILE_STATE_THRESHOLD}], where '-1' means to use the value from the "
                             f"deployment's configuration; got {file_state_size_threshold}")
        _java_int(write_buffer_size, "FileSystemCheckpointStorage: write_buffer_size")
        if write_buffer_size < -1:
            raise ValueError(f"FileSystemCheckpointStorage: The write buffer size must be not less than '-1', where "
                             f"'-1' means to use the value from the deployment's configuration; got {write_buffer_size}")
        self._file_state_size_threshold = file_state_size_threshold
        self._write_buffer_size = write_buffer_size

    def get_checkpoint_path(self) -> str:
        return self._checkpoint_path

    def get_savepoint_path(self) -> Optional[str]:
        """None: the storage is given no savepoint directory (a cluster takes its configured one)."""
        return None

    def get_min_file_size_threshold(self) -> int:
        threshold = self._file_state_size_threshold
        return threshold if threshold >= 0 else self.DEFAULT_FILE_STATE_THRESHOLD

    def get_write_buffer_size(self) -> int:
        size = self._write_buffer_size
        return size if size >= 0 else self.DEFAULT_WRITE_BUFFER_SIZE


class CustomCheckpointStorage(CheckpointStorage):
    """PyFlink's wrapper of a user's Java checkpoint storage; Spate keeps the object it is given."""

    def __init__(self, j_custom_checkpoint_storage):
        self._j_custom_checkpoint_storage = j_custom_checkpoint_storage
