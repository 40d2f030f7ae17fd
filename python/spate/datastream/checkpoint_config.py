"""Checkpoint settings, as ``pyflink.datastream.CheckpointConfig`` and ``CheckpointingMode``.

Spate takes checkpoints at the interval, in the mode and with the minimum pause set here (barriers
in band, one checkpoint in flight); the other settings are kept and read back so scripts written for a Flink cluster run
unchanged. Checkpoints save no operator state yet: `enable_checkpointing` says once that a failed
job is not recovered from one.
"""
from enum import Enum


class CheckpointingMode(Enum):
    """The guarantee checkpoints give (Flink's default: exactly once)."""
    EXACTLY_ONCE = 0
    AT_LEAST_ONCE = 1


class CheckpointConfig(object):
    """What checkpoints are taken with (interval -1: checkpointing disabled).

    Example::

        env.enable_checkpointing(60_000)
        env.get_checkpoint_config().set_min_pause_between_checkpoints(10_000)
    """

    def __init__(self):
        self._interval = -1
        self._mode = CheckpointingMode.EXACTLY_ONCE
        self._min_pause = 0
        self._timeout = 600_000
        self._max_concurrent = 1
        self._tolerable_failures = 0
        self._unaligned = False
        self._externalized_cleanup = None

    @staticmethod
    def _positive(value, what: str, minimum: int = 1) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise ValueError(f"CheckpointConfig: {what} must be an int of at least {minimum}, got {value!r}")
        return value

    def is_checkpointing_enabled(self) -> bool:
        return self._interval > 0

    def get_checkpoint_interval(self) -> int:
        return self._interval

    def set_checkpoint_interval(self, checkpoint_interval: int) -> 'CheckpointConfig':
        self._interval = self._positive(checkpoint_interval, "the checkpoint interval", 10)
        return self

    def get_checkpointing_mode(self) -> CheckpointingMode:
        """The mode set (EXACTLY_ONCE by default) while checkpointing is enabled; AT_LEAST_ONCE
        while it is not, as Flink's (no checkpoints guarantee nothing more)."""
        return self._mode if self.is_checkpointing_enabled() else CheckpointingMode.AT_LEAST_ONCE

    def set_checkpointing_mode(self, checkpointing_mode: CheckpointingMode) -> 'CheckpointConfig':
        if not isinstance(checkpointing_mode, CheckpointingMode):
            raise TypeError(f"set_checkpointing_mode: expected a CheckpointingMode, got {checkpointing_mode!r}")
        self._mode = checkpointing_mode
        return self

    def get_min_pause_between_checkpoints(self) -> int:
        return self._min_pause

    def set_min_pause_between_checkpoints(self, min_pause_between_checkpoints: int) -> 'CheckpointConfig':
        self._min_pause = self._positive(min_pause_between_checkpoints, "the minimum pause", 0)
        return self

    def get_checkpoint_timeout(self) -> int:
        return self._timeout

    def set_checkpoint_timeout(self, checkpoint_timeout: int) -> 'CheckpointConfig':
        self._timeout = self._positive(checkpoint_timeout, "the checkpoint timeout")
        return self

    def get_max_concurrent_checkpoints(self) -> int:
        return self._max_concurrent

    def set_max_concurrent_checkpoints(self, max_concurrent_checkpoints: int) -> 'CheckpointConfig':
        self._max_concurrent = self._positive(max_concurrent_checkpoints, "the number of concurrent checkpoints")
        return self

    def get_tolerable_checkpoint_failure_number(self) -> int:
        return self._tolerable_failures

    def set_tolerable_checkpoint_failure_number(self, tolerable_checkpoint_failure_number: int) -> 'CheckpointConfig':
        self._tolerable_failures = self._positive(tolerable_checkpoint_failure_number, "the tolerable failures", 0)
        return self

    def enable_unaligned_checkpoints(self, enabled: bool = True) -> 'CheckpointConfig':
        self._unaligned = bool(enabled)
        return self

    def disable_unaligned_checkpoints(self) -> 'CheckpointConfig':
        return self.enable_unaligned_checkpoints(False)

    def is_unaligned_checkpoints_enabled(self) -> bool:
        return self._unaligned

    def set_externalized_checkpoint_cleanup(self, cleanup_mode) -> 'CheckpointConfig':
        self._externalized_cleanup = cleanup_mode
        return self

    def enable_externalized_checkpoints(self, cleanup_mode) -> 'CheckpointConfig':
        return self.set_externalized_checkpoint_cleanup(cleanup_mode)

    def get_externalized_checkpoint_cleanup(self):
        return self._externalized_cleanup

    def set_externalized_checkpoint_retention(self, retention_mode) -> 'CheckpointConfig':
        """What a cancelled job leaves of its externalized checkpoints (kept)."""
        from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention
        if not isinstance(retention_mode, ExternalizedCheckpointRetention):
            raise TypeError(f"set_externalized_checkpoint_retention: expected an ExternalizedCheckpointRetention, "
                            f"got {retention_mode!r}")
        self._retention = retention_mode
        return self

    def get_externalized_checkpoint_retention(self):
        """NO_EXTERNALIZED_CHECKPOINTS unless set (Flink's default)."""
        from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention
        return getattr(self, '_retention', ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS)

    def is_externalized_checkpoints_enabled(self) -> bool:
        from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention
        return self.get_externalized_checkpoint_retention() != ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS

    def is_fail_on_checkpointing_errors(self) -> bool:
        """Deprecated in Flink: whether no checkpoint failure is tolerated."""
        return self.get_tolerable_checkpoint_failure_number() == 0

    def set_fail_on_checkpointing_errors(self, fail_on_checkpointing_errors: bool) -> 'CheckpointConfig':
        """Deprecated in Flink: tolerate no checkpoint failure (True) or any number (False)."""
        return self.set_tolerable_checkpoint_failure_number(0 if fail_on_checkpointing_errors else 2 ** 31 - 1)

    def set_aligned_checkpoint_timeout(self, alignment_timeout) -> 'CheckpointConfig':
        """With unaligned checkpoints: how long a checkpoint stays aligned first (kept)."""
        from spate.common.time import Duration
        if not isinstance(alignment_timeout, Duration):
            raise TypeError(f"set_aligned_checkpoint_timeout: expected a Duration, got {alignment_timeout!r}")
        self._aligned_timeout = alignment_timeout
        return self

    def get_aligned_checkpoint_timeout(self):
        from spate.common.time import Duration
        return getattr(self, '_aligned_timeout', None) or Duration.of_millis(0)

    def set_alignment_timeout(self, alignment_timeout) -> 'CheckpointConfig':
        """Deprecated in Flink: `set_aligned_checkpoint_timeout`."""
        return self.set_aligned_checkpoint_timeout(alignment_timeout)

    def get_alignment_timeout(self):
        return self.get_aligned_checkpoint_timeout()

    def set_force_unaligned_checkpoints(self, force_unaligned_checkpoints: bool = True) -> 'CheckpointConfig':
        """Kept (Spate has no iterations or custom partitioners that would forbid them)."""
        self._force_unaligned = bool(force_unaligned_checkpoints)
        return self

    def is_force_unaligned_checkpoints(self) -> bool:
        return getattr(self, '_force_unaligned', False)

    def set_checkpoint_storage(self, storage) -> 'CheckpointConfig':
        """Where checkpoints would be written (a CheckpointStorage; kept)."""
        self._storage = storage
        return self

    def set_checkpoint_storage_dir(self, checkpoint_path: str) -> 'CheckpointConfig':
        from spate.datastream.state_backend import FileSystemCheckpointStorage
        return self.set_checkpoint_storage(FileSystemCheckpointStorage(checkpoint_path))

    def get_checkpoint_storage(self):
        return getattr(self, '_storage', None)
