"""``JobClient``, as ``pyflink.common.JobClient``: a job started by `execute_async`, running on a
thread of its own while the script goes on. Its calls return `CompletableFuture`s, as PyFlink's."""
import threading

from spate.common.completable_future import CompletableFuture
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

    def __init__(self, graph, by_id, on_failure, job_id: JobID = None, on_end=None):
        self._graph = graph
        self._by_id = by_id
        self._on_failure = on_failure   # raises the user's exception for the runtime's JobError
        self._on_end = on_end           # called when the job has ended (stops its metric reporters)
        self._job_id = job_id or JobID.generate()
        self._cancelled = False
        self._failed = False
        self._result = CompletableFuture()
        self._thread = threading.Thread(target=self._run, name=f"spate-job-{self._job_id}", daemon=True)
        self._thread.start()

    def _run(self):
        from spate import _spate
        from spate.errors import JobExecutionException
        try:
            try:
                runtime = self._graph.execute()
            finally:
                if self._on_end is not None:
                    self._on_end()
        except BaseException as error:  # noqa: BLE001 - handed to get_job_execution_result()
            self._failed = True
            if isinstance(error, _spate.JobError):
                try:
                    self._on_failure(error, self._graph, self._by_id)
                except BaseException as raised:  # noqa: BLE001 - the user's exception, as execute() raises it
                    error = raised
            self._result._fail(error)
            return
        if runtime < 0:
            self._cancelled = True
            self._result._fail(JobExecutionException("Job was cancelled", None, None))
        else:
            self._result._complete(JobExecutionResult(self._job_id, runtime))

    def get_job_id(self) -> JobID:
        return self._job_id

    def get_job_status(self) -> CompletableFuture:
        """The job's status now (`.result()` is a `JobStatus`)."""
        if self._thread.is_alive():
            status = JobStatus.RUNNING
        elif self._cancelled:
            status = JobStatus.CANCELED
        else:
            status = JobStatus.FAILED if self._failed else JobStatus.FINISHED
        return CompletableFuture.completed(status)

    def cancel(self) -> CompletableFuture:
        """Stops the job (within about 100 ms); the future completes when it has ended."""
        if self._thread.is_alive():
            self._graph.cancel()
            self._thread.join()
        return CompletableFuture.completed(None)

    def get_job_execution_result(self) -> CompletableFuture:
        """The job's result when it ends (`.result()` waits, then returns the `JobExecutionResult` or
        raises what ended the job, as `execute()` would)."""
        return self._result

    def get_accumulators(self) -> CompletableFuture:
        """The job's accumulators: Spate jobs have none (an empty dict)."""
        return CompletableFuture.completed({})

    def trigger_savepoint(self, savepoint_directory: str = None) -> CompletableFuture:
        """Savepoints need state snapshots, which Spate's checkpoints do not take yet."""
        return CompletableFuture.failed(NotImplementedError(
            "trigger_savepoint: Spate takes no savepoints yet (checkpoints save no state)"))

    def stop_with_savepoint(self, advance_to_end_of_event_time: bool, savepoint_directory: str = None) \
            -> CompletableFuture:
        """Savepoints need state snapshots, which Spate's checkpoints do not take yet."""
        return CompletableFuture.failed(NotImplementedError(
            "stop_with_savepoint: Spate takes no savepoints yet (checkpoints save no state); use cancel()"))
