"""`JobExecutionResult`, as in `pyflink.common.job_execution_result`."""

from typing import Any, Dict, Optional, Union

from spate.common.job_id import JobID

__all__ = ['JobExecutionResult']


class JobExecutionResult(object):
    """The result of a finished job: its id, its run time and its accumulators."""

    def __init__(self, job_id: Union[JobID, str, None], net_runtime_ms: int,
                 accumulators: Optional[Dict[str, Any]] = None):
        self._job_id = job_id if isinstance(job_id, JobID) else JobID(job_id)
        self._net_runtime = int(net_runtime_ms)
        self._accumulators = dict(accumulators or {})

    def get_job_id(self) -> JobID:
        """The id of the job."""
        return self._job_id

    def get_net_runtime(self) -> int:
        """How long the job ran, in milliseconds."""
        return self._net_runtime

    def get_accumulator_result(self, accumulator_name: str):
        """The value of the named accumulator, or None if the job produced none by that name."""
        return self._accumulators.get(accumulator_name)

    def get_all_accumulator_results(self) -> Dict[str, Any]:
        """All accumulators of the job, by name."""
        return dict(self._accumulators)

    def is_job_execution_result(self) -> bool:
        """True: this is the result of a finished job."""
        return True

    def get_job_execution_result(self) -> 'JobExecutionResult':
        """This result."""
        return self

    def __str__(self) -> str:
        text = ("Program execution finished\n"
                "Job with JobID %s has finished.\n"
                "Job Runtime: %d ms\n" % (self._job_id, self._net_runtime))
        if self._accumulators:
            text += "Accumulator Results: \n" + _format_accumulators(self._accumulators) + "\n"
        return text


def _format_accumulators(accumulators: Dict[str, Any]) -> str:
    # As Flink's AccumulatorHelper: "- name (java.type): value", one per line; collections
    # show their size.
    text = ""
    for name, value in accumulators.items():
        text += "- %s (%s)" % (name, _java_type_name(value))
        if isinstance(value, (list, tuple, set, frozenset)):
            text += " [%d elements]" % len(value)
        else:
            text += ": %s" % (value,)
        text += "\n"
    return text


def _java_type_name(value: Any) -> str:
    if isinstance(value, bool):
        return 'java.lang.Boolean'
    if isinstance(value, int):
        return 'java.lang.Long'
    if isinstance(value, float):
        return 'java.lang.Double'
    if isinstance(value, str):
        return 'java.lang.String'
    if isinstance(value, (list, tuple)):
        return 'java.util.ArrayList'
    if isinstance(value, (set, frozenset)):
        return 'java.util.HashSet'
    return type(value).__name__
