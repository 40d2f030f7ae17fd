"""The settings a PyFlink script gives for running on a cluster: Python files and environments,
checkpoints, state backends and restart strategies.

Spate runs the job's functions in the interpreter that runs the script, so Python files, requirements
and archives are made ready here (`_python_dependencies`) and the executable must be this one. Checkpoints
run (barriers flow, file sinks commit on each) but save no state yet, so a failed job is not
restored from one; state backends and restarts are kept and read back, and said once to be
without effect, so a script written for a cluster runs unchanged.
"""
import os
import warnings
from enum import Enum

from spate.datastream.checkpoint_config import CheckpointConfig, CheckpointingMode
from spate.datastream.slot_sharing_group import SlotSharingGroup

_warned = set()
_QUIET = [False]  # `spate run --quiet`


def quiet_warnings() -> None:
    """No more of Spate's warnings about settings it keeps without effect (`spate run --quiet`)."""
    _QUIET[0] = True


def warn_once(key: str, message: str) -> None:
    if key not in _warned and not _QUIET[0]:
        _warned.add(key)
        warnings.warn(message, stacklevel=3)


class TimeCharacteristic(Enum):
    """Deprecated in Flink (event time is always on); kept for scripts that still set it."""
    ProcessingTime = 0
    IngestionTime = 1
    EventTime = 2


class DeploymentSettings(object):
    """The StreamExecutionEnvironment's cluster settings (a part of the environment)."""

    def _checkpoint_config_(self) -> CheckpointConfig:
        if not hasattr(self, '_checkpoint_config'):
            self._checkpoint_config = CheckpointConfig()
        return self._checkpoint_config

    # ---- checkpoints, state backend, restarts ----

    def enable_checkpointing(self, interval: int, mode: CheckpointingMode = None):
        """Takes a checkpoint every `interval` ms: barriers flow with the records (aligned for
        EXACTLY_ONCE, Flink's default) and file sinks make their parts visible when one completes.
        Checkpoints save no operator state yet, so a failed job is not restored (said once)."""
        config = self._checkpoint_config_()
        config.set_checkpoint_interval(interval)
        if mode is not None:
            config.set_checkpointing_mode(mode)
        warn_once('checkpoints', "Spate's checkpoints save no state yet: file sinks commit on each, but a "
                                 "failure is not recovered from a checkpoint")
        return self

    def get_checkpoint_config(self) -> CheckpointConfig:
        return self._checkpoint_config_()

    def get_checkpointing_consistency_mode(self) -> CheckpointingMode:
        return self._checkpoint_config_().get_checkpointing_mode()

    def is_unaligned_checkpoints_enabled(self) -> bool:
        return self._checkpoint_config_().is_unaligned_checkpoints_enabled()

    def is_force_unaligned_checkpoints(self) -> bool:
        return self._checkpoint_config_().is_force_unaligned_checkpoints()

    def enable_changelog_state_backend(self, enabled: bool):
        """Kept (the changelog makes cluster checkpoints faster; Spate's save no state)."""
        self._changelog = bool(enabled)
        return self

    def is_changelog_state_backend_enabled(self):
        """None unless `enable_changelog_state_backend` was called, as PyFlink."""
        return getattr(self, '_changelog', None)

    def register_slot_sharing_group(self, slot_sharing_group: SlotSharingGroup):
        """Declares a slot sharing group's resources for the operators that name it (a name alone
        declares none). A cluster scheduling hint: kept by name, a later group replacing an earlier
        one of the same name (Spate runs every subtask on a thread of its own)."""
        if isinstance(slot_sharing_group, str):
            slot_sharing_group = SlotSharingGroup.builder(slot_sharing_group).build()
        if not isinstance(slot_sharing_group, SlotSharingGroup):
            raise TypeError(f"register_slot_sharing_group: slot_sharing_group must be a SlotSharingGroup, got "
                            f"{slot_sharing_group!r}")
        if not hasattr(self, '_slot_sharing_groups'):
            self._slot_sharing_groups = {}
        self._slot_sharing_groups[slot_sharing_group.get_name()] = slot_sharing_group
        return self

    def is_chaining_of_operators_with_different_max_parallelism_enabled(self) -> bool:
        return True

    def add_source(self, source_func, source_name: str = 'Custom Source', type_info=None):
        """PyFlink's `add_source` takes a Java SourceFunction, which needs a JVM."""
        raise NotImplementedError("add_source takes a Java SourceFunction, which Spate cannot run (no JVM); use "
                                  "from_source (NumberSequenceSource, FileSource) or from_collection")

    def create_input(self, input_format, type_info=None):
        """PyFlink's `create_input` takes a Java InputFormat, which needs a JVM."""
        raise NotImplementedError("create_input takes a Java InputFormat, which Spate cannot run (no JVM); use "
                                  "from_source (FileSource) or from_collection")

    def get_checkpoint_interval(self) -> int:
        return self._checkpoint_config_().get_checkpoint_interval()

    def get_checkpointing_mode(self) -> CheckpointingMode:
        return self._checkpoint_config_().get_checkpointing_mode()

    def set_state_backend(self, state_backend):
        """Kept; Spate holds keyed state in memory whatever the backend (said once)."""
        self._state_backend = state_backend
        warn_once('state_backend', "set_state_backend() is kept but Spate holds state in memory")
        return self

    def get_state_backend(self):
        return getattr(self, '_state_backend', None)

    def set_restart_strategy(self, restart_strategy_configuration):
        """Kept (a `RestartStrategies` configuration); a failed Spate job is not restarted (said once)."""
        from spate.common.restart_strategy import RestartStrategyConfiguration
        if not isinstance(restart_strategy_configuration, RestartStrategyConfiguration):
            raise TypeError(f"set_restart_strategy: expected a configuration from RestartStrategies, got "
                            f"{restart_strategy_configuration!r}")
        self._restart_strategy = restart_strategy_configuration
        warn_once('restart', "set_restart_strategy() is kept but Spate does not restart a failed job")

    def get_restart_strategy(self):
        return getattr(self, '_restart_strategy', None)

    def set_default_savepoint_dir(self, directory: str):
        self._savepoint_dir = directory
        return self

    def set_default_savepoint_directory(self, directory: str):
        return self.set_default_savepoint_dir(directory)

    def get_default_savepoint_directory(self):
        return getattr(self, '_savepoint_dir', None)

    def set_stream_time_characteristic(self, characteristic: TimeCharacteristic):
        """Deprecated in Flink: windows and timers say their time themselves (kept)."""
        if not isinstance(characteristic, TimeCharacteristic):
            raise TypeError(f"set_stream_time_characteristic: expected a TimeCharacteristic, got {characteristic!r}")
        self._time_characteristic = characteristic

    def get_stream_time_characteristic(self) -> TimeCharacteristic:
        return getattr(self, '_time_characteristic', TimeCharacteristic.EventTime)

    def register_cached_file(self, file_path: str, name: str, executable: bool = False):
        """A file for cluster workers' caches (checked and kept: here every function reads the file
        where it is)."""
        if not os.path.exists(file_path):
            raise FileNotFoundError(f"register_cached_file: no such file: {file_path}")
        if not hasattr(self, '_cached_files'):
            self._cached_files = {}
        self._cached_files[name] = (file_path, executable)

    # ---- Python files and environments (spate.datastream._python_dependencies) ----

    def _python_dependencies_(self):
        if not hasattr(self, '_python_dependencies'):
            from spate.datastream._python_dependencies import PythonDependencies
            self._python_dependencies = PythonDependencies()
        return self._python_dependencies

    def add_python_file(self, file_path: str):
        """Makes a Python file, package directory or zip importable by the job's functions (they
        run in this interpreter: the directory, the .py file's directory or the zip goes on
        sys.path)."""
        self._python_dependencies_().add_file(file_path)

    def set_python_requirements(self, requirements_file_path: str, requirements_cache_dir: str = None):
        """Installs the requirements when a job starts, with this interpreter's pip, into a
        directory of the job's that goes on sys.path; with `requirements_cache_dir`, offline from
        the packages in it (`pip install --no-index --find-links`)."""
        self._python_dependencies_().set_requirements(requirements_file_path, requirements_cache_dir)

    def add_python_archive(self, archive_path: str, target_dir: str = None):
        """Extracts a zip or tar archive when a job starts into the job's working directory, in a
        directory named `target_dir` (default: the archive's file name), as PyFlink's worker: the
        job's functions reach its files by relative paths."""
        self._python_dependencies_().add_archive(archive_path, target_dir)

    def set_python_executable(self, python_exec: str):
        """Spate runs the job's functions in the interpreter that runs the script: it is the only
        executable that can be set (anything else is an error naming both)."""
        self._python_dependencies_().check_executable(python_exec)
