"""Async I/O, as ``pyflink.datastream.AsyncDataStream``: an `AsyncFunction`'s ``async_invoke``
runs for many records at once on an asyncio event loop of the operator's subtask.

Each batch of records is started together, at most `capacity` at a time; a record's outputs keep
its timestamp. ORDERED emits in input order, UNORDERED as operations complete. `timeout` bounds a
record's every attempt together; when it passes, `AsyncFunction.timeout(value)` gives the outputs.
"""
from typing import Any, List, Optional, Tuple

from spate.common.time import Time
from spate.common.typeinfo import TypeInformation
from spate.datastream._graph import Fn, FunctionHooks, Transformation, describe_function
from spate.datastream._types import type_string
from spate.datastream.async_functions import AsyncFunction, AsyncFunctionDescriptor, AsyncRetryStrategy
from spate.datastream.async_retry_strategies import NO_RETRY_STRATEGY
from spate.datastream.data_stream import DataStream

__all__ = ['AsyncDataStream']


class _AsyncBatches(object):
    """One subtask's async operator: runs a batch's operations on its own event loop and returns
    `(row, outputs)` pairs in emission order."""

    def __init__(self, function: AsyncFunction, timeout_s: Optional[float], capacity: int,
                 retry: AsyncRetryStrategy, ordered: bool):
        self.function = function
        self.timeout_s = timeout_s
        self.capacity = capacity
        self.retry = retry
        predicate = retry.get_retry_predicate()
        self.retry_on_result = predicate.result_predicate()
        self.retry_on_error = predicate.exception_predicate()
        self.ordered = ordered
        import asyncio  # here, not at the top: importing it costs ~40 ms, and most jobs never need it
        self.loop = asyncio.new_event_loop()

    def __call__(self, values: List[Any]) -> List[Tuple[int, List[Any]]]:
        return self.loop.run_until_complete(self._batch(values))

    def close(self) -> None:
        self.loop.close()

    async def _batch(self, values):
        import asyncio
        slots = asyncio.Semaphore(self.capacity)

        async def one(row, value):
            async with slots:
                return row, await self._outputs(value)

        tasks = [asyncio.ensure_future(one(row, value)) for row, value in enumerate(values)]
        try:
            if self.ordered:
                return await asyncio.gather(*tasks)
            return [await done for done in asyncio.as_completed(tasks)]
        finally:
            # After a failure the others are not needed: stop them and collect what they raised.
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def _outputs(self, value) -> List[Any]:
        import asyncio
        loop = asyncio.get_running_loop()
        deadline = None if self.timeout_s is None else loop.time() + self.timeout_s
        attempts = 1
        while True:
            remaining = None if deadline is None else deadline - loop.time()
            if remaining is not None and remaining <= 0:
                return self._checked(self.function.timeout(value), 'timeout')
            try:
                result = await asyncio.wait_for(self.function.async_invoke(value), remaining)
                error = None
            except asyncio.TimeoutError:
                return self._checked(self.function.timeout(value), 'timeout')
            except Exception as raised:  # noqa: BLE001 - the retry predicate decides, else it fails the job
                result, error = None, raised
            wanted = (error is None and self.retry_on_result is not None and self.retry_on_result(result)) or \
                (error is not None and self.retry_on_error is not None and self.retry_on_error(error))
            if not wanted or not self.retry.can_retry(attempts):
                if error is not None:
                    raise error
                return self._checked(result, 'async_invoke')
            backoff = self.retry.get_backoff_time_millis(attempts) / 1000
            if deadline is not None:
                backoff = min(backoff, max(deadline - loop.time(), 0))
            await asyncio.sleep(backoff)
            attempts += 1

    def _checked(self, result, method: str) -> List[Any]:
        """The outputs `method` gave, or PyFlink's errors for a result that is None or not a list (a
        string too, which PyFlink would split into characters), with what it returned."""
        if result is None or isinstance(result, (str, bytes)) or not hasattr(result, '__iter__'):
            what = "cannot be none" if result is None else "should be of list type"
            raise RuntimeError(f"The result of AsyncFunction {what}, please check the methods 'async_invoke' and "
                               f"'timeout' of class '{type(self.function)}'. ({method} returned {result!r} of type "
                               f"{type(result).__name__})")
        return list(result)


class AsyncDataStream(object):
    """Applies an `AsyncFunction` to a stream.

    Example::

        enriched = AsyncDataStream.unordered_wait(orders, Lookup(), Time.seconds(5), 100, Types.STRING())
    """

    @staticmethod
    def unordered_wait(data_stream: DataStream, async_function: AsyncFunction, timeout: Time,
                       capacity: int = 100, output_type: TypeInformation = None) -> DataStream:
        """Outputs as the operations complete (not in input order)."""
        return AsyncDataStream.unordered_wait_with_retry(data_stream, async_function, timeout, NO_RETRY_STRATEGY,
                                                         capacity, output_type)

    @staticmethod
    def unordered_wait_with_retry(data_stream: DataStream, async_function: AsyncFunction, timeout: Time,
                                  async_retry_strategy: AsyncRetryStrategy, capacity: int = 100,
                                  output_type: TypeInformation = None) -> DataStream:
        """As `unordered_wait`, retrying attempts the strategy's predicate picks."""
        return AsyncDataStream._wait(data_stream, AsyncFunctionDescriptor(
            async_function, timeout, capacity, async_retry_strategy, AsyncFunctionDescriptor.OutputMode.UNORDERED),
            output_type)

    @staticmethod
    def ordered_wait(data_stream: DataStream, async_function: AsyncFunction, timeout: Time,
                     capacity: int = 100, output_type: TypeInformation = None) -> DataStream:
        """Outputs in the order of the input records."""
        return AsyncDataStream.ordered_wait_with_retry(data_stream, async_function, timeout, NO_RETRY_STRATEGY,
                                                       capacity, output_type)

    @staticmethod
    def ordered_wait_with_retry(data_stream: DataStream, async_function: AsyncFunction, timeout: Time,
                                async_retry_strategy: AsyncRetryStrategy, capacity: int = 100,
                                output_type: TypeInformation = None) -> DataStream:
        """As `ordered_wait`, retrying attempts the strategy's predicate picks."""
        return AsyncDataStream._wait(data_stream, AsyncFunctionDescriptor(
            async_function, timeout, capacity, async_retry_strategy, AsyncFunctionDescriptor.OutputMode.ORDERED),
            output_type)

    @staticmethod
    def _wait(data_stream, descriptor: AsyncFunctionDescriptor, output_type) -> DataStream:
        async_function, timeout, capacity = descriptor.async_function, descriptor.timeout, descriptor.capacity
        retry = descriptor.async_retry_strategy
        ordered = descriptor.output_mode == AsyncFunctionDescriptor.OutputMode.ORDERED
        if not isinstance(data_stream, DataStream):
            raise TypeError(f"AsyncDataStream: expected a DataStream, got {data_stream!r}")
        if not isinstance(async_function, AsyncFunction):
            raise TypeError(f"AsyncDataStream: expected an AsyncFunction, got {async_function!r}")
        import inspect
        if not inspect.iscoroutinefunction(async_function.async_invoke):
            raise TypeError(f"Method 'async_invoke' of class '{type(async_function).__name__}' should be declared "
                            f"as 'async def'")
        if not isinstance(timeout, Time):
            raise TypeError(f"AsyncDataStream: timeout must be a Time, got {timeout!r}")
        if not isinstance(retry, AsyncRetryStrategy) or retry.get_retry_predicate() is None:
            raise TypeError(f"AsyncDataStream: expected an AsyncRetryStrategy with a retry predicate, got {retry!r}")
        if retry is not NO_RETRY_STRATEGY and timeout.to_milliseconds() <= 0:
            raise ValueError("AsyncDataStream: a timeout must be configured to retry")
        if isinstance(capacity, bool) or not isinstance(capacity, int) or capacity < 1:
            raise ValueError(f"AsyncDataStream: capacity must be a positive int, got {capacity!r}")
        timeout_s = timeout.to_milliseconds() / 1000 if timeout.to_milliseconds() > 0 else None
        env = data_stream._env
        hooks = FunctionHooks(async_function, 'async_invoke', 'async wait operator', env.get_max_parallelism, {})
        running = {}

        def opener(subtask: int, parallelism: int):
            hooks.open(subtask, parallelism)
            running[subtask] = _AsyncBatches(hooks.instances[subtask], timeout_s, capacity, retry, ordered)
            return running[subtask]

        def closer(subtask: int):
            batches = running.pop(subtask, None)
            if batches is not None:
                batches.close()
            hooks.close(subtask)

        transformation = env._add(Transformation(
            'batch_map', 'async wait operator', [data_stream._transformation], {'output_type': type_string(output_type)},
            {'function': Fn(opener=opener, closer=closer)}, function_name=describe_function(async_function.async_invoke)))
        return DataStream(env, transformation, output_type)
