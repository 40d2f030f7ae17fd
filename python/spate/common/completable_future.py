"""``CompletableFuture``, as ``pyflink.common``: what `JobClient` calls return; `result()` waits."""
from typing import Any, Optional

__all__ = ['CompletableFuture']


class CompletableFuture(object):
    """A value that may still be coming (a job's result, say).

    Example::

        result = env.execute_async("job").get_job_execution_result().result()
    """

    def __init__(self):
        from concurrent.futures import Future  # here: it imports logging, ~10 ms at start-up
        self._future = Future()

    @staticmethod
    def completed(value: Any) -> 'CompletableFuture':
        """A future that already holds `value`."""
        future = CompletableFuture()
        future._future.set_result(value)
        return future

    @staticmethod
    def failed(error: BaseException) -> 'CompletableFuture':
        """A future that already holds the exception `error`."""
        future = CompletableFuture()
        future._future.set_exception(error)
        return future

    def _complete(self, value: Any) -> None:
        if not self._future.done():
            self._future.set_result(value)

    def _fail(self, error: BaseException) -> None:
        if not self._future.done():
            self._future.set_exception(error)

    def cancel(self) -> bool:
        """Gives up waiting for the value (not the work behind it); False if it is already there."""
        return self._future.cancel()

    def cancelled(self) -> bool:
        return self._future.cancelled()

    def done(self) -> bool:
        return self._future.done()

    def result(self):
        """Waits for the value and returns it, or raises the exception the work ended with."""
        from concurrent.futures import CancelledError
        try:
            return self._future.result()
        except CancelledError:
            raise CancelledError("the future was cancelled") from None

    def exception(self) -> Optional[BaseException]:
        """The exception the work ended with; None if it has not ended or ended well."""
        if not self._future.done() or self._future.cancelled():
            return None
        return self._future.exception()

    def __str__(self):
        state = "cancelled" if self.cancelled() else "done" if self.done() else "pending"
        return f"CompletableFuture({state})"
