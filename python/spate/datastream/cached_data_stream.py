"""``DataStream.cache()``: a bounded stream's records kept after the first job that needs them, so
later jobs of the same environment read them instead of computing them again (BATCH mode, as Flink).

The first job that reads a cached stream computes it first (a job of its own, collecting its
records); every job then reads the records from memory. Records are kept without event timestamps,
so a stream that carries them cannot be cached.
"""
from typing import Any, List, Optional

from spate.datastream._graph import Transformation
from spate.datastream._types import type_string
from spate.datastream.data_stream import DataStream

__all__ = ['CachedDataStream']


class _Cache(object):
    """The records of one cached stream, once computed."""

    def __init__(self):
        self.records: Optional[List[Any]] = None


class CachedDataStream(DataStream):
    """A stream whose records are computed once and reused by later jobs (`DataStream.cache()`).

    Example::

        env.set_runtime_mode(RuntimeExecutionMode.BATCH)
        words = lines.flat_map(str.split, Types.STRING()).cache()
        print(len(list(words.execute_and_collect())))          # computes and keeps the words
        words.filter(lambda w: w.isupper()).print()             # reads the kept words
        env.execute()
    """

    def invalidate(self) -> None:
        """Drops the kept records; the next job that reads the stream computes them again."""
        self._transformation.params['cache'].records = None

    def set_parallelism(self, parallelism: int):
        raise TypeError("Set parallelism for CachedDataStream is not supported.")

    def name(self, name: str):
        raise TypeError("Set name for CachedDataStream is not supported.")

    def uid(self, uid: str):
        raise TypeError("Set uid for CachedDataStream is not supported.")


def cache(stream: DataStream) -> CachedDataStream:
    """`stream.cache()`: checked here, computed by the first job that reads it."""
    stack, seen = [stream._transformation], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.kind in ('watermarks', 'assign_timestamps'):
            raise NotImplementedError("cache(): the stream carries event timestamps, which cached records do not "
                                      "keep yet; cache it before assign_timestamps_and_watermarks")
        stack.extend(node.inputs)
    transformation = stream._env._add(Transformation('cache', 'Cache', [stream._transformation],
                                                     cache=_Cache(), type_info=stream._type_info))
    return CachedDataStream(stream._env, transformation, stream._type_info)


def cached_source(env, node: Transformation) -> Transformation:
    """The collection source that stands for cache node `node` in a job, computing the records
    first if no job has yet."""
    from spate import _spate
    from spate.datastream.execution_mode import RuntimeExecutionMode
    kept: _Cache = node.params['cache']
    type_text = type_string(node.params.get('type_info'))
    if kept.records is None:
        if env._runtime_mode != RuntimeExecutionMode.BATCH:
            raise RuntimeError("cache(): cached streams are supported in BATCH mode only (as in Flink); call "
                               "env.set_runtime_mode(RuntimeExecutionMode.BATCH)")
        upstream = DataStream(env, node.inputs[0], node.params.get('type_info'))
        with upstream.execute_and_collect() as records:
            kept.records = list(records)
    source = Transformation('collection_source', 'Source: Cache', [],
                            values=_spate.Column(type_text, kept.records, "cache"), function_name=None)
    source.order = node.order  # it takes the cache's place in the job's order
    return source
