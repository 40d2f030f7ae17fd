"""``JobClient``, as ``pyflink.common.JobClient``: a job started by `execute_async`, running on a
thread of its own while the script goes on."""
import threading

from spate.common.job_execution_result import JobExecutionResult
from spate.common.job_id import JobID
from spate.common.job_status import JobStatus


class JobClient(object):
    """Watches and controls a job started with `StreamExecutionEnvironment.execute_async`.

    Example::

        client = env.execute_async("monitor")
        ...
        client.cancel()
    """

    def __init__(self, graph, by_id, on_failure):
        self._graph = graph
        self._by_id = by_id
        self._on_failure = on_failure   # turns the runtime's JobError into the user's exception
        self._job_id = JobID.generate()
        self._runtime = None
        self._error = None
        self._cancelled = False
        self._thread = threading.Thread(target=self._run, name=f"spate-job-{self._job_id}", daemon=True)
        self._thread.start()

    def _run(self):
        try:
            runtime = self._graph.execute()
            if runtime < 0:
                self._cancelled = True
            else:
                self._runtime = runtime
        except BaseException as error:  # noqa: BLE001 - kept for get_job_execution_result()
            self._error = error

    def get_job_id(self) -> JobID:
        return self._job_id

    def get_job_status(self) -> JobStatus:
        if self._thread.is_alive():
            return JobStatus.RUNNING
        if self._cancelled:
            return JobStatus.CANCELED
        return JobStatus.FAILED if self._error is not None else JobStatus.FINISHED

    def cancel(self) -> None:
        """Stops the job (within about 100 ms) and waits until it has ended."""
        if self._thread.is_alive():
            self._graph.cancel()
            self._thread.join()

    def get_job_execution_result(self) -> JobExecutionResult:
        """Waits for the job to end: its result, or the exception that ended it."""
        self._thread.join()
        if self._cancelled:
            from spate.errors import JobExecutionException
            raise JobExecutionException("Job was cancelled", None, None)
        if self._error is not None:
            from spate import _spate
            if isinstance(self._error, _spate.JobError):
                self._on_failure(self._error, self._graph, self._by_id)
            raise self._error
        return JobExecutionResult(self._job_id, self._runtime)
