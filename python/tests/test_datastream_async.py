"""Async I/O: AsyncDataStream with AsyncFunctions run on each subtask's event loop."""
import asyncio

import pytest

from spate.common import Time, Types
from spate.datastream import AsyncDataStream, AsyncFunction
from spate.datastream.async_retry_strategies import (NO_RETRY_STRATEGY, ExponentialBackoffDelayRetryStrategy,
                                                     FixedDelayRetryStrategy)
from spate.errors import JobExecutionException


class Tracked(AsyncFunction):
    """Doubles each value (two outputs per record) after a short wait; counts what is in flight."""

    def __init__(self, delay=lambda value: 0.01):
        self.delay = delay
        self.in_flight = 0
        self.most_in_flight = 0
        self.opened = False

    def open(self, runtime_context):
        self.opened = True

    async def async_invoke(self, value):
        assert self.opened
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        await asyncio.sleep(self.delay(value))
        self.in_flight -= 1
        return [value, value * 2]


def numbers(env, n=40):
    return env.from_collection(list(range(n)), type_info=Types.INT())


def test_ordered_wait_keeps_input_order_and_runs_records_together(env):
    function = Tracked()
    out = list(AsyncDataStream.ordered_wait(numbers(env), function, Time.seconds(10), 100, Types.INT())
               .execute_and_collect())
    if env.get_parallelism() == 1:
        assert out == [x for v in range(40) for x in (v, v * 2)]
        assert function.most_in_flight > 1
    else:
        assert sorted(out) == sorted(x for v in range(40) for x in (v, v * 2))


def test_unordered_wait_emits_as_operations_complete(env):
    env.set_parallelism(1)
    slow_first = Tracked(delay=lambda value: 0.05 if value == 0 else 0)
    out = list(AsyncDataStream.unordered_wait(numbers(env, 10), slow_first, Time.seconds(10), 100, Types.INT())
               .execute_and_collect())
    assert sorted(out) == sorted(x for v in range(10) for x in (v, v * 2))
    assert out[-2:] == [0, 0]  # record 0 finished last


def test_capacity_bounds_the_operations_in_flight(env):
    env.set_parallelism(1)
    function = Tracked()
    out = AsyncDataStream.ordered_wait(numbers(env, 20), function, Time.seconds(10), 3, Types.INT())
    assert len(list(out.execute_and_collect())) == 40
    assert function.most_in_flight == 3


class Stuck(AsyncFunction):
    async def async_invoke(self, value):
        await asyncio.sleep(10)
        return [value]


class StuckWithFallback(Stuck):
    def timeout(self, value):
        return [-value]


def test_a_timeout_gives_the_functions_fallback_or_fails_the_job(env):
    out = AsyncDataStream.ordered_wait(numbers(env, 5), StuckWithFallback(), Time.milliseconds(20), 10, Types.INT())
    assert sorted(out.execute_and_collect()) == [-4, -3, -2, -1, 0]
    out = AsyncDataStream.ordered_wait(numbers(env, 5), Stuck(), Time.milliseconds(20), 10, Types.INT())
    with pytest.raises(JobExecutionException, match="timed out for input") as failure:
        list(out.execute_and_collect())
    assert isinstance(failure.value.__cause__, TimeoutError)


class Flaky(AsyncFunction):
    """Fails (or gives nothing) the first `failures` attempts of each record."""

    def __init__(self, failures, by_raising):
        self.failures = failures
        self.by_raising = by_raising
        self.attempts = {}

    async def async_invoke(self, value):
        self.attempts[value] = self.attempts.get(value, 0) + 1
        if self.attempts[value] <= self.failures:
            if self.by_raising:
                raise ConnectionError("not yet")
            return []
        return [value]


@pytest.mark.parametrize("by_raising", [False, True])
def test_retries_follow_the_strategy(env, by_raising):
    env.set_parallelism(1)

    def retry(max_attempts):
        return FixedDelayRetryStrategy(max_attempts, 1, (lambda outputs: outputs == []) if not by_raising else None,
                                       (lambda error: isinstance(error, ConnectionError)) if by_raising else None)
    flaky = Flaky(2, by_raising)
    out = AsyncDataStream.unordered_wait_with_retry(numbers(env, 5), flaky, Time.seconds(10), retry(2), 10, Types.INT())
    assert sorted(out.execute_and_collect()) == [0, 1, 2, 3, 4]
    assert flaky.attempts == {v: 3 for v in range(5)}  # the first attempt and two retries
    short = AsyncDataStream.ordered_wait_with_retry(numbers(env, 5), Flaky(2, by_raising), Time.seconds(10), retry(1),
                                                    10, Types.INT())
    if by_raising:
        with pytest.raises(JobExecutionException, match="not yet"):
            list(short.execute_and_collect())
    else:
        assert list(short.execute_and_collect()) == []  # retries used up: the last result stands


def test_exponential_backoff_grows_to_its_bound():
    strategy = ExponentialBackoffDelayRetryStrategy(5, 10, 50, 2.0, None, None)
    assert [strategy.get_backoff_time_millis(n) for n in (1, 2, 3, 4)] == [10, 20, 40, 50]
    assert strategy.can_retry(5) and not strategy.can_retry(6)
    assert not NO_RETRY_STRATEGY.can_retry(1)
    with pytest.raises(ValueError, match="multiplier should be greater than zero"):
        ExponentialBackoffDelayRetryStrategy(5, 10, 50, 0, None, None)


class NotAsync(AsyncFunction):
    def async_invoke(self, value):
        return [value]


class ReturnsNone(AsyncFunction):
    async def async_invoke(self, value):
        return None


class Raises(AsyncFunction):
    async def async_invoke(self, value):
        raise KeyError(value)


def test_mistakes_fail_clearly(env):
    with pytest.raises(TypeError, match="'async_invoke' of class 'NotAsync' should be declared as 'async def'"):
        AsyncDataStream.ordered_wait(numbers(env), NotAsync(), Time.seconds(1))
    with pytest.raises(ValueError, match="capacity must be a positive int"):
        AsyncDataStream.ordered_wait(numbers(env), Tracked(), Time.seconds(1), 0)
    with pytest.raises(ValueError, match="a timeout must be configured to retry"):
        AsyncDataStream.ordered_wait_with_retry(numbers(env), Tracked(), Time.milliseconds(0),
                                                FixedDelayRetryStrategy(1, 1, None, None))
    with pytest.raises(TypeError, match="expected an AsyncFunction"):
        AsyncDataStream.ordered_wait(numbers(env), lambda x: [x], Time.seconds(1))
    out = AsyncDataStream.ordered_wait(numbers(env), ReturnsNone(), Time.seconds(1), 10, Types.INT())
    with pytest.raises(JobExecutionException, match=r"The result of AsyncFunction cannot be none, please check the "
                       r"methods 'async_invoke' and 'timeout' of class '<class '.*ReturnsNone'>'"):
        list(out.execute_and_collect())
    out = AsyncDataStream.ordered_wait(numbers(env), Raises(), Time.seconds(1), 10, Types.INT())
    with pytest.raises(JobExecutionException, match="async wait operator") as failure:
        list(out.execute_and_collect())
    assert isinstance(failure.value.__cause__, KeyError)
    # The interpreter goes on: the next job runs.
    assert len(list(AsyncDataStream.ordered_wait(numbers(env, 3), Tracked(), Time.seconds(1), 10, Types.INT())
                    .execute_and_collect())) == 6


def test_the_descriptor_gathers_an_async_operators_settings():
    from spate.datastream.functions import AsyncFunctionDescriptor
    function = Tracked()
    descriptor = AsyncFunctionDescriptor(function, Time.seconds(2), 7, NO_RETRY_STRATEGY,
                                         AsyncFunctionDescriptor.OutputMode.UNORDERED)
    assert (descriptor.async_function, descriptor.timeout, descriptor.capacity) == (function, Time.seconds(2), 7)
    assert descriptor.async_retry_strategy is NO_RETRY_STRATEGY
    assert [mode.name for mode in AsyncFunctionDescriptor.OutputMode] == ['ORDERED', 'UNORDERED']


class Returns(AsyncFunction):
    """async_invoke returns `result`; timeout (after a 10 s invoke) returns `on_timeout`."""

    def __init__(self, result, on_timeout=None, slow=False):
        self.result, self.on_timeout, self.slow = result, on_timeout, slow

    async def async_invoke(self, value):
        if self.slow:
            import asyncio
            await asyncio.sleep(10)
        return self.result

    def timeout(self, value):
        return self.on_timeout


@pytest.mark.parametrize("function, message", [
    # PyFlink 2.3's messages for the same functions.
    (Returns(5), "The result of AsyncFunction should be of list type, please check the methods 'async_invoke' and "
                 "'timeout' of class '<class 'test_datastream_async.Returns'>'."),
    (Returns(None), "The result of AsyncFunction cannot be none, please check the methods 'async_invoke' and "
                    "'timeout' of class '<class 'test_datastream_async.Returns'>'."),
    (Returns([1], None, slow=True), "The result of AsyncFunction cannot be none"),
    # PyFlink emits a string's characters ('ab' -> 'a', 'b'); Spate refuses it.
    (Returns("ab"), "The result of AsyncFunction should be of list type"),
])
def test_results_that_are_not_lists_fail_with_pyflinks_messages(env, function, message):
    out = AsyncDataStream.ordered_wait(numbers(env), function, Time.milliseconds(200), 10, Types.INT())
    with pytest.raises(JobExecutionException) as failure:
        list(out.execute_and_collect())
    cause = failure.value.__cause__
    assert isinstance(cause, RuntimeError) and str(cause).startswith(message)


def test_any_iterable_result_is_a_list_of_outputs(env):
    # As PyFlink: a tuple's items are the outputs.
    out = AsyncDataStream.ordered_wait(numbers(env), Returns((7, 8)), Time.seconds(5), 10, Types.INT())
    assert sorted(out.execute_and_collect()) == sorted([7, 8] * len(list(numbers(env).execute_and_collect())))
