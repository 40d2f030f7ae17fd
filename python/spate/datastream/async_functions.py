"""The interfaces of async I/O (``AsyncDataStream``), as PyFlink's ``functions`` module has them."""
from abc import ABC, abstractmethod
from enum import Enum
from typing import Callable, Generic, List, Optional, TypeVar

from spate.datastream.functions import Function

IN = TypeVar('IN')
OUT = TypeVar('OUT')


class AsyncFunction(Function, Generic[IN, OUT]):
    """Starts an asynchronous operation per record: ``async def async_invoke(value)`` returns the
    list of outputs for it. Many records are in flight at once (up to the operator's capacity).

    Example::

        class Lookup(AsyncFunction):
            async def async_invoke(self, value):
                await asyncio.sleep(0.01)          # a request to a service, say
                return [(value, len(value))]
    """

    @abstractmethod
    async def async_invoke(self, value: IN) -> List[OUT]:
        """The outputs for `value` (a list); raising fails the job."""

    def timeout(self, value: IN) -> List[OUT]:
        """The outputs for `value` when its operation did not finish in time (by default the job
        fails with TimeoutError)."""
        raise TimeoutError("Async function call has timed out for input: " + str(value))


class AsyncRetryPredicate(ABC, Generic[OUT]):
    """When an attempt is retried: on its result, on its exception (either may be None)."""

    @abstractmethod
    def result_predicate(self) -> Optional[Callable[[List[OUT]], bool]]:
        pass

    @abstractmethod
    def exception_predicate(self) -> Optional[Callable[[Exception], bool]]:
        pass


class AsyncRetryStrategy(ABC, Generic[OUT]):
    """How often and after how long a failed attempt is retried."""

    @abstractmethod
    def can_retry(self, current_attempts: int) -> bool:
        """Whether another attempt may follow attempt number `current_attempts` (from 1)."""

    @abstractmethod
    def get_backoff_time_millis(self, current_attempts: int) -> int:
        """How long to wait before the next attempt."""

    @abstractmethod
    def get_retry_predicate(self) -> AsyncRetryPredicate[OUT]:
        pass

    @staticmethod
    def no_restart() -> 'AsyncRetryStrategy':
        """One attempt per record."""
        from spate.datastream.async_retry_strategies import NO_RETRY_STRATEGY
        return NO_RETRY_STRATEGY

    @staticmethod
    def fixed_delay(max_attempts: int, backoff_time_millis: int,
                    result_predicate: Optional[Callable[[List[OUT]], bool]],
                    exception_predicate: Optional[Callable[[Exception], bool]]) -> 'AsyncRetryStrategy':
        """See `async_retry_strategies.FixedDelayRetryStrategy`."""
        from spate.datastream.async_retry_strategies import FixedDelayRetryStrategy
        return FixedDelayRetryStrategy(max_attempts, backoff_time_millis, result_predicate, exception_predicate)

    @staticmethod
    def exponential_backoff(max_attempts: int, initial_delay: int, max_retry_delay: int, multiplier: float,
                            result_predicate: Optional[Callable[[List[OUT]], bool]],
                            exception_predicate: Optional[Callable[[Exception], bool]]) -> 'AsyncRetryStrategy':
        """See `async_retry_strategies.ExponentialBackoffDelayRetryStrategy`."""
        from spate.datastream.async_retry_strategies import ExponentialBackoffDelayRetryStrategy
        return ExponentialBackoffDelayRetryStrategy(max_attempts, initial_delay, max_retry_delay, multiplier,
                                                    result_predicate, exception_predicate)


class AsyncFunctionDescriptor(object):
    """An async operator's settings, as `AsyncDataStream` gathers them: the function, the timeout
    (a Time) of each record's attempts together, the capacity (operations in flight), the retry
    strategy, and whether outputs keep the input order."""

    class OutputMode(Enum):
        ORDERED = 0
        UNORDERED = 1

    def __init__(self, async_function, timeout, capacity, async_retry_strategy, output_mode):
        self.async_function = async_function
        self.timeout = timeout
        self.capacity = capacity
        self.async_retry_strategy = async_retry_strategy
        self.output_mode = output_mode
