"""Retry strategies for async I/O, as ``pyflink.datastream.async_retry_strategies``.

Example::

    retry = FixedDelayRetryStrategy(3, 100, lambda outputs: not outputs, lambda error: True)
    AsyncDataStream.unordered_wait_with_retry(ds, Lookup(), Time.seconds(5), retry)
"""
from typing import Callable, List, Optional

from spate.datastream.async_functions import AsyncRetryPredicate, AsyncRetryStrategy

__all__ = ['RetryPredicate', 'NoRetryStrategy', 'FixedDelayRetryStrategy', 'ExponentialBackoffDelayRetryStrategy',
           'NO_RETRY_STRATEGY']


class RetryPredicate(AsyncRetryPredicate):
    """Retry when `result_predicate(outputs)` or `exception_predicate(error)` says so."""

    def __init__(self, result_predicate: Optional[Callable[[List], bool]],
                 exception_predicate: Optional[Callable[[Exception], bool]]):
        self._result_predicate = result_predicate
        self._exception_predicate = exception_predicate

    def result_predicate(self):
        return self._result_predicate

    def exception_predicate(self):
        return self._exception_predicate


def _positive(value, what: str):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        raise ValueError(f"{what} should be greater than zero, got {value!r}")
    return value


class NoRetryStrategy(AsyncRetryStrategy):
    """Every record gets one attempt."""

    def can_retry(self, current_attempts: int) -> bool:
        return False

    def get_backoff_time_millis(self, current_attempts: int) -> int:
        return -1

    def get_retry_predicate(self) -> AsyncRetryPredicate:
        return RetryPredicate(None, None)


class _BoundedRetries(AsyncRetryStrategy):
    """Up to `max_attempts` retries after the first attempt, when the predicates ask for one."""

    def __init__(self, max_attempts: int, result_predicate: Optional[Callable[[List], bool]],
                 exception_predicate: Optional[Callable[[Exception], bool]]):
        self._max_attempts = _positive(max_attempts, "max_attempts")
        self._predicate = RetryPredicate(result_predicate, exception_predicate)

    def can_retry(self, current_attempts: int) -> bool:
        return current_attempts <= self._max_attempts

    def get_retry_predicate(self) -> AsyncRetryPredicate:
        return self._predicate


class FixedDelayRetryStrategy(_BoundedRetries):
    """Up to `max_attempts` retries (after the first attempt), `backoff_time_millis` apart."""

    def __init__(self, max_attempts: int, backoff_time_millis: int,
                 result_predicate: Optional[Callable[[List], bool]],
                 exception_predicate: Optional[Callable[[Exception], bool]]):
        super().__init__(max_attempts, result_predicate, exception_predicate)
        self._backoff_time_millis = _positive(backoff_time_millis, "backoff_time_millis")

    def get_backoff_time_millis(self, current_attempts: int) -> int:
        return self._backoff_time_millis


class ExponentialBackoffDelayRetryStrategy(_BoundedRetries):
    """Up to `max_attempts` retries; the first after `initial_delay` ms, each next one `multiplier`
    times longer, at most `max_retry_delay` ms."""

    def __init__(self, max_attempts: int, initial_delay: int, max_retry_delay: int, multiplier: float,
                 result_predicate: Optional[Callable[[List], bool]],
                 exception_predicate: Optional[Callable[[Exception], bool]]):
        super().__init__(max_attempts, result_predicate, exception_predicate)
        self._initial_delay = _positive(initial_delay, "initial_delay")
        self._max_retry_delay = _positive(max_retry_delay, "max_retry_delay")
        self._multiplier = _positive(multiplier, "multiplier")

    def get_backoff_time_millis(self, current_attempts: int) -> int:
        delay = self._initial_delay * self._multiplier ** max(current_attempts - 1, 0)
        return int(min(delay, self._max_retry_delay))


NO_RETRY_STRATEGY: AsyncRetryStrategy = NoRetryStrategy()
