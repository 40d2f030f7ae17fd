"""``JobStatus``, as ``pyflink.common.JobStatus``."""
from enum import Enum


class JobStatus(Enum):
    """Where a job is in its life (the states a Spate job passes through are CREATED, RUNNING and
    one of FINISHED, FAILED and CANCELED)."""
    INITIALIZING = 0
    CREATED = 1
    RUNNING = 2
    FAILING = 3
    FAILED = 4
    CANCELLING = 5
    CANCELED = 6
    FINISHED = 7
    RESTARTING = 8
    SUSPENDED = 9
    RECONCILING = 10

    def is_globally_terminal_state(self) -> bool:
        return self in (JobStatus.FAILED, JobStatus.CANCELED, JobStatus.FINISHED)

    def is_terminal_state(self) -> bool:
        return self.is_globally_terminal_state() or self == JobStatus.SUSPENDED
