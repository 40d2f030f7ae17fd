"""The broadcast state pattern: `DataStream.broadcast(descriptor)` sends a stream to every subtask
of the operator it is connected to, where a `BroadcastProcessFunction` (or the keyed kind) keeps
what it says in broadcast state, a map per descriptor that every subtask holds a copy of.
"""
from typing import Dict, List

from spate.common.typeinfo import TypeInformation
from spate.datastream._graph import Fn, FunctionHooks, Transformation, describe_function
from spate.datastream._types import type_string
from spate.datastream._map_like import MapLike
from spate.datastream.state import MapStateDescriptor


class ReadOnlyBroadcastState(MapLike):
    """A read-only view of one broadcast state (the non-broadcast side's)."""

    def __init__(self, name: str, entries: dict):
        self._name = name
        self._entries = entries

    def get(self, key):
        return self._entries.get(key)

    def contains(self, key) -> bool:
        return key in self._entries

    def items(self):
        return list(self._entries.items())

    def keys(self):
        return list(self._entries.keys())

    def values(self):
        return list(self._entries.values())

    def is_empty(self) -> bool:
        return not self._entries

    def clear(self) -> None:
        raise TypeError("broadcast state is read-only here; change it in process_broadcast_element")

    def __setitem__(self, key, value):
        raise TypeError("broadcast state is read-only here; change it in process_broadcast_element")

    def __delitem__(self, key):
        raise TypeError("broadcast state is read-only here; change it in process_broadcast_element")


class BroadcastState(ReadOnlyBroadcastState):
    """One broadcast state, writable on the broadcast side. Every subtask must change it the same
    way (only from broadcast elements), so all copies stay equal, as Flink requires."""

    def put(self, key, value) -> None:
        self._entries[key] = value

    def put_all(self, dict_value) -> None:
        self._entries.update(dict_value)

    def remove(self, key) -> None:
        self._entries.pop(key, None)

    def clear(self) -> None:
        self._entries.clear()

    def __setitem__(self, key, value):
        self.put(key, value)

    def __delitem__(self, key):
        self.remove(key)


class _BroadcastContext(object):
    """The `ctx` of a broadcast process function: broadcast state (writable on the broadcast
    side), plus what the runtime's context knows about the current element, key and timers."""

    def __init__(self, runtime_context, states: Dict[str, dict], writable: bool):
        self._runtime = runtime_context
        self._states = states
        self._writable = writable

    def get_broadcast_state(self, state_descriptor: MapStateDescriptor):
        name = getattr(state_descriptor, 'name', None)
        if name not in self._states:
            raise ValueError(f"get_broadcast_state: no broadcast state {state_descriptor!r}; "
                             f"the stream was broadcast with {sorted(self._states)}")
        view = BroadcastState if self._writable else ReadOnlyBroadcastState
        return view(name, self._states[name])

    def timestamp(self):
        return self._runtime.timestamp()

    def current_processing_time(self) -> int:
        return self._runtime.current_processing_time()

    def current_watermark(self) -> int:
        return self._runtime.current_watermark()

    def timer_service(self):
        return self._runtime.timer_service()

    def get_current_key(self):
        return self._runtime.get_current_key()

    def time_domain(self):
        return self._runtime.time_domain()


class BroadcastStream(object):
    """A stream to broadcast, with the broadcast states its consumer keeps (`DataStream.broadcast`)."""

    def __init__(self, stream, descriptors: List[MapStateDescriptor]):
        self._stream = stream
        self._descriptors = descriptors

    def get_execution_environment(self):
        return self._stream.get_execution_environment()


class BroadcastConnectedStream(object):
    """A (keyed or non-keyed) stream connected to a broadcast stream.

    Example::

        rules = env.from_collection([("max", 10)]).broadcast(RULES)
        events.key_by(lambda e: e[0]).connect(rules).process(CheckAgainstRules())
    """

    def __init__(self, stream, broadcast_stream: BroadcastStream):
        self._stream = stream
        self._broadcast = broadcast_stream

    def process(self, func, output_type: TypeInformation = None):
        """`func.process_element(value, ctx)` for the stream's records (broadcast state read-only)
        and `func.process_broadcast_element(value, ctx)` for the broadcast ones (writable); a
        KeyedBroadcastProcessFunction also has keyed state and timers (`on_timer`)."""
        from spate.datastream.data_stream import DataStream, KeyedStream
        from spate.datastream.functions import BroadcastProcessFunction, KeyedBroadcastProcessFunction
        keyed = isinstance(self._stream, KeyedStream)
        interface = KeyedBroadcastProcessFunction if keyed else BroadcastProcessFunction
        if not isinstance(func, interface):
            raise TypeError(f"BroadcastConnectedStream.process: a {'keyed' if keyed else 'non-keyed'} stream "
                            f"needs a {interface.__name__}, got {func!r}")
        env = self._stream._env
        names = [descriptor.name for descriptor in self._broadcast._descriptors]
        hooks = FunctionHooks(func, 'process_element', 'BroadcastProcess', env.get_max_parallelism, {})
        key_of = self._stream._get_key if keyed else None
        contexts = {}

        def open_side(side: int):
            def opened(subtask, parallelism):
                from spate import _spate
                if side == 0:
                    hooks.open(subtask, parallelism, keyed=keyed)
                    states = {name: {} for name in names}  # this subtask's copy of every broadcast state
                    runtime = _spate.KeyedContext()
                    contexts[subtask] = (_BroadcastContext(runtime, states, False), _BroadcastContext(runtime, states, True))
                instance = hooks.instances[subtask]
                context = contexts[subtask][side]
                if side == 0:
                    element = instance.process_element
                    on_timer = getattr(instance, 'on_timer', None)
                    timer = (lambda timestamp, _ctx: on_timer(timestamp, context)) if on_timer else None
                    return (lambda value, _ctx: element(value, context)), timer, key_of
                broadcast_element = instance.process_broadcast_element
                return (lambda value, _ctx: broadcast_element(value, context)), None, None
            return opened

        def close(subtask):
            contexts.pop(subtask, None)
            hooks.close(subtask)

        transformation = env._add(Transformation(
            'co_process', 'Broadcast Process', [self._stream._transformation, self._broadcast._stream._transformation],
            {'output_type': type_string(output_type)},
            {'functions': [Fn(opener=open_side(0), closer=close), Fn(opener=open_side(1), closer=lambda subtask: None)]},
            function_name=describe_function(func.process_element)))
        return DataStream(env, transformation, output_type)
