"""Helpers for testing jobs deterministically (a Spate extension; PyFlink has no equivalent).

Event-time results depend on when watermarks pass, and a watermark generator emits one every
`pipeline.auto-watermark-interval` of processing time. To test late data, allowed lateness or
timers without sleeping, make time move a fixed step at every reading and cut the input into
small batches: then every batch is followed by a watermark.
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
    step = env.get_config().get_auto_watermark_interval()
    env._runtime_options['batch_size'] = str(batch_size)
    env._runtime_options['clock'] = f"ticking:{max(step, 1)}"
    return env
