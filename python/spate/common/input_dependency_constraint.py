"""``InputDependencyConstraint``, as ``pyflink.common.input_dependency_constraint``."""
from enum import Enum

__all__ = ['InputDependencyConstraint']


class InputDependencyConstraint(Enum):
    """When a task of a batch job was scheduled, given its inputs: ANY (once any input can be
    consumed) or ALL (once all can). Deprecated in Flink, whose scheduler no longer reads it; kept
    for scripts that name it. Spate runs every task from the start, so it changes nothing."""
    ANY = 0
    ALL = 1
