"""Helpers for testing jobs deterministically (a Spate extension; PyFlink has no equivalent).

Event-time results depend on when watermarks pass, and a watermark generator emits one every
`pipeline.auto-watermark-interval` of processing time; processing-time windows and timers depend
on the clock. To test them without sleeping, make time move a fixed step at every reading (and,
for watermarks, cut the input into small batches: then every batch is followed by a watermark).
"""
from spate.datastream.stream_execution_environment import StreamExecutionEnvironment


def watermark_after_every_batch(env: StreamExecutionEnvironment, batch_size: int = 1) -> StreamExecutionEnvironment:
    """Makes `env`'s jobs read sources `batch_size` records at a time and emit a watermark after
    each batch (processing time advances one watermark interval at every reading).

    Example::

        env = StreamExecutionEnvironment.get_execution_environment()
        watermark_after_every_batch(env)   # ('a', 1), ('a', 9), ('a', 2): 2 arrives after watermark 8
    """
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive int, got {batch_size!r}")
    env._runtime_options['batch_size'] = str(batch_size)
    return ticking_clock(env, max(env.get_config().get_auto_watermark_interval(), 1))


def ticking_clock(env: StreamExecutionEnvironment, step_ms: int) -> StreamExecutionEnvironment:
    """Makes processing time in `env`'s jobs start at 0 and move `step_ms` every time an operator
    reads it, so processing-time windows and timers fire without waiting. With a step at least as
    long as a timer's delay, the timer fires before the next element is processed. Sets the
    buffer timeout to -1: batches go whole, so the readings do not depend on the functions' speed.

    Example::

        ticking_clock(env, 10_000)   # a timer at current_processing_time() + 1000 fires next
    """
    if not isinstance(step_ms, int) or isinstance(step_ms, bool) or step_ms < 0:
        raise ValueError(f"step_ms must be a non-negative int, got {step_ms!r}")
    env._runtime_options['ticking_clock_step_ms'] = step_ms
    # Batches are not cut to fit a buffer timeout: how often the clock is read must not depend on
    # how fast the functions run (a slow function's slices would each read it).
    env.set_buffer_timeout(-1)
    return env
