"""Exceptions that Spate raises from a job."""


class JobExecutionException(RuntimeError):
    """A job failed. The message names the operator (name, uid and function) and the subtask;
    ``__cause__`` is the original exception with its traceback, when a user function raised."""

    def __init__(self, message: str, operator: str = None, subtask_index: int = None):
        super().__init__(message)
        self.operator = operator
        self.subtask_index = subtask_index
