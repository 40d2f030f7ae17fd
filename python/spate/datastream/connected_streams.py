"""``ConnectedStreams``: two streams processed by one operator with a function for each."""
from spate.common.typeinfo import TypeInformation
from spate.datastream._graph import Fn, FunctionHooks, Transformation, describe_function
from spate.datastream._types import type_string
from spate.datastream.data_stream import DataStream, KeyedStream


class ConnectedStreams(object):
    """Two connected streams (`DataStream.connect`), possibly of different types, processed by one
    operator with a function for each. When both are keyed (`key_by` before `connect`, or
    `ConnectedStreams.key_by`), equal keys of both meet in the same subtask and share keyed state
    and timers.

    Example::

        orders.connect(payments).key_by(lambda o: o[0], lambda p: p[0]).process(Match())
    """

    def __init__(self, stream1: DataStream, stream2: DataStream):
        self.stream1 = stream1
        self.stream2 = stream2

    def _is_keyed_stream(self) -> bool:
        return isinstance(self.stream1, KeyedStream) and isinstance(self.stream2, KeyedStream)

    def key_by(self, key_selector1, key_selector2, key_type: TypeInformation = None) -> 'ConnectedStreams':
        """Keys both streams (`key_selector1` for the first, `key_selector2` for the second); with
        `key_type`, both keys are of that type."""
        def origin(stream: DataStream) -> DataStream:
            if isinstance(stream, KeyedStream):
                return DataStream(stream._env, stream._transformation.inputs[0], stream._type_info)
            return stream
        return ConnectedStreams(origin(self.stream1).key_by(key_selector1, key_type),
                                origin(self.stream2).key_by(key_selector2, key_type))

    def _co(self, kind: str, name: str, function, interface, methods, output_type, bundle=None) -> DataStream:
        """The two-input operator: `methods` are the per-input methods of `function`; `bundle`
        (for process functions) turns the opened instance, a method and an input's key selector
        into what the runtime calls."""
        if not isinstance(function, interface):
            raise TypeError(f"{kind}: expected a {interface.__name__}, got {function!r}")
        env = self.stream1._env
        hooks = FunctionHooks(function, methods[0], name, env.get_max_parallelism, {})
        keyed = self._is_keyed_stream()
        selectors = [s._get_key if keyed else None for s in (self.stream1, self.stream2)]

        def opener(side: int):
            def open_side(subtask, parallelism):
                if side == 0:
                    hooks.open(subtask, parallelism, keyed=keyed)
                instance = hooks.instances[subtask]
                method = getattr(instance, methods[side])
                return bundle(instance, method, selectors[side]) if bundle else method
            return open_side

        transformation = env._add(Transformation(
            kind, name, [self.stream1._transformation, self.stream2._transformation], {'output_type': type_string(output_type)},
            {'functions': [Fn(opener=opener(0), closer=hooks.close), Fn(opener=opener(1), closer=lambda subtask: None)]},
            function_name=describe_function(getattr(function, methods[0]))))
        return DataStream(env, transformation, output_type)

    def map(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.map1` for the first stream's records, `func.map2` for the second's."""
        from spate.datastream.functions import CoMapFunction
        if self._is_keyed_stream():
            # Keyed: run as a process function, so map1/map2 may use keyed state.
            return self._co('co_process', 'Co-Map', func, CoMapFunction, ('map1', 'map2'), output_type,
                            bundle=lambda instance, method, key_of: (lambda value, ctx: (method(value),), None, key_of))
        return self._co('co_map', 'Co-Map', func, CoMapFunction, ('map1', 'map2'), output_type)

    def flat_map(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.flat_map1`/`flat_map2`: zero or more outputs per record of each stream."""
        from spate.datastream.functions import CoFlatMapFunction
        if self._is_keyed_stream():
            return self._co('co_process', 'Co-Flat Map', func, CoFlatMapFunction, ('flat_map1', 'flat_map2'), output_type,
                            bundle=lambda instance, method, key_of: (lambda value, ctx: method(value), None, key_of))
        return self._co('co_flat_map', 'Co-Flat Map', func, CoFlatMapFunction, ('flat_map1', 'flat_map2'), output_type)

    def process(self, func, output_type: TypeInformation = None) -> DataStream:
        """`func.process_element1(value, ctx)` for the first stream's records and
        `process_element2` for the second's; what they yield is the output. On keyed streams
        (`KeyedCoProcessFunction`) they share keyed state and timers (`on_timer`)."""
        from spate.datastream.functions import CoProcessFunction, KeyedCoProcessFunction
        interface = KeyedCoProcessFunction if self._is_keyed_stream() else CoProcessFunction
        if not isinstance(func, interface):
            wanted = "keyed connected streams need a KeyedCoProcessFunction" if self._is_keyed_stream() \
                else "connected streams without keys need a CoProcessFunction (key_by both for a KeyedCoProcessFunction)"
            raise TypeError(f"ConnectedStreams.process: {wanted}, got {func!r}")
        return self._co('co_process', 'Co-Process', func, interface, ('process_element1', 'process_element2'), output_type,
                        bundle=lambda instance, method, key_of: (method, getattr(instance, 'on_timer', None), key_of))
