"""``WindowedStream`` and ``AllWindowedStream``: streams grouped into windows, and the window
functions' plumbing (pre-aggregation, the window context)."""
import types
from typing import TYPE_CHECKING, Callable, Union

from spate.common.typeinfo import TypeInformation, Types
from spate.datastream._graph import Fn, FunctionHooks, Transformation, describe_function
from spate.datastream._types import type_string
from spate.datastream.data_stream import DataStream, KeyedStream
from spate.datastream.functions import ReduceFunction

if TYPE_CHECKING:
    from spate.datastream.output_tag import OutputTag


class WindowedStream(object):
    """A keyed stream grouped into windows; `reduce` folds each key's window."""

    def __init__(self, keyed_stream: KeyedStream, window_assigner, key_selector=None):
        self._keyed_stream = keyed_stream
        self._window_assigner = window_assigner
        self._key_selector = key_selector
        self._allowed_lateness = 0
        self._late_tag = None
        self._late_output_tag = None
        self._trigger = None          # a built-in trigger as the plan spells it
        self._trigger_object = None   # the Trigger itself
        self._all = False             # windows over the whole stream (window_all)

    def get_input_type(self):
        """The type of the windowed records."""
        return self._keyed_stream._type_info

    def trigger(self, trigger) -> 'WindowedStream':
        """Replaces the window's default trigger (when it fires and purges), e.g.
        `CountTrigger.of(100)`, `ContinuousEventTimeTrigger.of(Time.seconds(10))` or a Trigger
        written in Python (then the windows run in Python)."""
        from spate.datastream.window import Trigger
        if not isinstance(trigger, Trigger):
            raise TypeError(f"trigger: expected a Trigger such as CountTrigger.of(10), got {trigger!r}")
        self._trigger = trigger._spate_trigger()  # None for a trigger written in Python
        self._trigger_object = trigger
        return self

    def _runs_in_python(self) -> bool:
        """Whether the windows need Python: an assigner or a trigger written in Python, or a
        trigger on merging (session) or count windows."""
        from spate.datastream.window import CountSlidingWindowAssigner, CountTumblingWindowAssigner, EventTimeSessionWindows
        if not self._window_assigner._runs_natively():
            return True
        if self._trigger_object is None:
            return False
        return self._trigger is None or isinstance(self._window_assigner, (EventTimeSessionWindows, CountTumblingWindowAssigner,
                                                                           CountSlidingWindowAssigner))

    def side_output_late_data(self, output_tag: 'OutputTag') -> 'WindowedStream':
        """Sends late elements (those whose every window has fired and passed its allowed
        lateness) to `output_tag` instead of dropping them; read them with
        `get_side_output(output_tag)` on the window's result stream.

        Example::

            late = OutputTag("late", Types.TUPLE([Types.STRING(), Types.INT()]))
            counts = keyed.window(TumblingEventTimeWindows.of(Time.seconds(5))) \\
                .side_output_late_data(late).process(Count(), Types.TUPLE([Types.STRING(), Types.INT()]))
            counts.get_side_output(late).print()
        """
        from spate.datastream.output_tag import OutputTag
        if not isinstance(output_tag, OutputTag):
            raise TypeError(f"side_output_late_data: expected an OutputTag, got {output_tag!r}")
        input_type = self._keyed_stream._type_info
        pickled = Types.PICKLED_BYTE_ARRAY()
        if output_tag.type_info != pickled and output_tag.type_info != (input_type or pickled):
            raise ValueError(f"side_output_late_data: late elements are the window's input records, of type "
                             f"{input_type or pickled}; the tag '{output_tag.tag_id}' declares {output_tag.type_info}")
        self._late_tag = output_tag.tag_id
        self._late_output_tag = output_tag
        return self

    def _late_params(self) -> dict:
        """The window transformation's late-data parameters: the tag and the type of what it carries."""
        if self._late_tag is None:
            return {}
        return dict(late_tag=self._late_tag, late_type=self._keyed_stream._type_info)

    def _window_names(self, function) -> dict:
        """The window node's name and plan type, as PyFlink's: `Window(TumblingEventTimeWindows(5000,
        0), EventTimeTrigger, function)`, of type `TumblingEventTimeWindows`."""
        assigner = self._window_assigner
        trigger = self._trigger_object if self._trigger_object is not None \
            else assigner.get_default_trigger(self._keyed_stream._env)
        kind = 'AllWindow' if self._all else 'Window'
        return dict(name=f"{kind}({assigner!r}, {type(trigger).__name__}, {_described(function)})",
                    display=type(assigner).__name__)

    def _window_settings(self) -> dict:
        """The plan settings of a native window node: the window, its clock, its late-data tag."""
        from spate.datastream.window import _ByTheClock
        return {'window': self._window_assigner._spate_window(),
                'time': 'processing' if isinstance(self._window_assigner, _ByTheClock) else 'event',
                'late_tag': self._late_tag}

    def allowed_lateness(self, time_ms: int) -> 'WindowedStream':
        """Keeps each window `time_ms` past its end: a late element within that time fires the
        window again with everything it holds; later elements are dropped."""
        if not isinstance(time_ms, int) or isinstance(time_ms, bool) or time_ms < 0:
            raise ValueError(f"allowed_lateness: expected a non-negative int of milliseconds, got {time_ms!r}")
        from spate.datastream.window import EventTimeSessionWindows, SlidingEventTimeWindows, TumblingEventTimeWindows
        if time_ms and self._window_assigner._runs_natively() and not isinstance(
                self._window_assigner, (TumblingEventTimeWindows, SlidingEventTimeWindows, EventTimeSessionWindows)):
            raise NotImplementedError(f"allowed_lateness is supported for tumbling, sliding and session event-time "
                                      f"windows, not {self._window_assigner!r}")
        self._allowed_lateness = time_ms
        return self

    def get_execution_environment(self):
        return self._keyed_stream._env

    def reduce(self, reduce_function: Union[Callable, ReduceFunction], window_function=None,
               output_type: TypeInformation = None) -> 'DataStream':
        """Folds each key's window with `reduce_function(accumulated, value)` as elements arrive
        (one call into Python per batch of elements) and emits the result when the window fires."""
        from spate.datastream.window import (CountSlidingWindowAssigner, CountTumblingWindowAssigner, EventTimeSessionWindows,
                                             GlobalWindows)
        if window_function is not None or self._allowed_lateness or self._trigger_object is not None \
                or self._runs_in_python() or isinstance(
                self._window_assigner, (CountTumblingWindowAssigner, CountSlidingWindowAssigner, EventTimeSessionWindows,
                                        GlobalWindows)):
            # Folded when the window fires (count windows and merging sessions are only known
            # then), then handed on.
            fold = _Folding.reduce(reduce_function)
            return self.process(_PreAggregated(fold, window_function),
                                output_type if window_function is not None else output_type or self._keyed_stream._type_info)
        stream = self._keyed_stream
        names = self._window_names(reduce_function)
        transformation = stream._udf('window_reduce', names['name'], reduce_function, 'reduce', ReduceFunction,
                                     self._window_settings(), inputs=[stream._transformation], display=names['display'],
                                     role='Window Reduce', **self._late_params())
        return DataStream(stream._env, transformation, stream._type_info)


    def aggregate(self, aggregate_function, window_function=None, accumulator_type: TypeInformation = None,
                  output_type: TypeInformation = None) -> 'DataStream':
        """Aggregates each window with an `AggregateFunction` (create_accumulator, add,
        get_result), optionally handing the result to a window function."""
        from spate.datastream.functions import AggregateFunction
        from spate.datastream.window import MergingWindowAssigner
        if not isinstance(aggregate_function, AggregateFunction):
            raise TypeError(f"aggregate: expected an AggregateFunction, got {aggregate_function!r}")
        if isinstance(self._window_assigner, MergingWindowAssigner):
            # Sessions: as Flink, each window's accumulator grows as its elements arrive, and the
            # accumulators of windows that merge are merged (AggregateFunction.merge).
            from spate.datastream.window_operator import Accumulator
            aggregated = _PreAggregated(_Folding.aggregated(aggregate_function), window_function)
            return self._python_windows(aggregated, 'process', output_type,
                                        lambda f, key, context, elements: f.process(key, context, elements),
                                        getattr(self._key_selector, 'get_key', self._key_selector),
                                        contents=Accumulator(aggregate_function), named=aggregate_function)
        return self.process(_PreAggregated(_Folding.aggregate(aggregate_function), window_function), output_type)

    def process(self, process_window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `process_window_function.process(key, context, elements)` once per fired window
        with all its elements; `context.window()` is the `TimeWindow`."""
        from spate.datastream.functions import ProcessWindowFunction
        if not isinstance(process_window_function, (ProcessWindowFunction, _PreAggregated, _AllWindowAdapter)):
            raise TypeError(f"process: expected a ProcessWindowFunction, got {process_window_function!r}")
        return self._whole_windows(process_window_function, 'process', output_type,
                                   lambda f, key, context, elements: f.process(key, context, elements))

    def apply(self, window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `window_function.apply(key, window, elements)` once per fired window."""
        from spate.datastream.functions import WindowFunction
        if not isinstance(window_function, WindowFunction):
            raise TypeError(f"apply: expected a WindowFunction, got {window_function!r}")
        return self._whole_windows(window_function, 'apply', output_type,
                                   lambda f, key, context, elements: f.apply(key, context.window(), elements))

    def _whole_windows(self, function, method: str, output_type, call) -> 'DataStream':
        from spate.datastream.window import (CountSlidingWindowAssigner, CountTumblingWindowAssigner, CountWindow,
                                             GlobalWindow, GlobalWindows, TimeWindow)
        counted = isinstance(self._window_assigner, (CountTumblingWindowAssigner, CountSlidingWindowAssigner))
        whole = isinstance(self._window_assigner, GlobalWindows)
        stream = self._keyed_stream
        get_key = getattr(self._key_selector, 'get_key', self._key_selector)

        from spate.datastream.window_state import WindowStates
        event_time = self._window_assigner.is_event_time()
        lateness = self._allowed_lateness if event_time else 0  # processing time has no late elements

        class Windows(object):
            """The per-subtask entry point: one call per fired window; then the windows whose
            cleanup time has come are cleared (`clear(context)`) and forgotten."""

            def __init__(self, instance):
                self.instance = instance
                self.states = WindowStates(lateness)

            def __call__(self, elements, start, end, watermark):
                window = CountWindow(start) if counted else GlobalWindow.get() if whole else TimeWindow(start, end)
                key = get_key(elements[0])
                self.states.window_store(key, window)  # known from now on, to be cleared when it ends
                outputs = call(self.instance, key, _WindowContext(window, watermark, key, self.states), elements)
                # Run the function (a generator runs only when iterated) before windows are dropped.
                if isinstance(outputs, types.GeneratorType):
                    outputs = list(outputs)
                clear = getattr(self.instance, 'clear', None)
                # Event-time windows end with the watermark; processing-time ones when they fire.
                ended = watermark if event_time else window.max_timestamp()
                self.states.drop_due(ended, lambda k, w: clear and clear(_WindowContext(w, watermark, k, self.states)))
                return outputs

        if self._runs_in_python():
            return self._python_windows(function, method, output_type, call, get_key)

        hooks = FunctionHooks(function, method, 'Window', stream._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            hooks.open(subtask, parallelism)
            return Windows(hooks.instances[subtask])

        functions = {'function': Fn(opener=opener, closer=hooks.close)}
        gap = getattr(self._window_assigner, '_extract', None)
        if gap is not None:
            functions['gap_function'] = Fn(gap)
        names = self._window_names(function)
        _, user_function = _user_view(function, method)
        transformation = stream._env._add(Transformation(
            'window_process', names['name'], [stream._transformation],
            dict(self._window_settings(), output_type=type_string(output_type), trigger=self._trigger,
                 allowed_lateness_ms=self._allowed_lateness or None),
            functions, **self._late_params(), display=names['display'],
            function_name=describe_function(user_function)))
        return DataStream(stream._env, transformation, output_type)

    def _python_windows(self, function, method: str, output_type, call, get_key, contents=None,
                        named=None) -> 'DataStream':
        """Windows of an assigner or trigger written in Python: Flink's window operator as a keyed
        process function (see spate.datastream.window_operator). `contents`: what a window holds
        (its elements unless given); `named`: the function errors name (`function` unless given)."""
        import copy
        from spate.datastream.window_operator import Elements, PythonWindowOperator
        from spate.datastream.window_state import WindowStates
        stream = self._keyed_stream
        assigner = self._window_assigner
        trigger = self._trigger_object if self._trigger_object is not None else assigner.get_default_trigger(stream._env)
        lateness = self._allowed_lateness
        late_tag = self._late_output_tag
        hooks = FunctionHooks(function, method, 'Window', stream._env.get_max_parallelism, {})

        def opener(subtask, parallelism):
            hooks.open(subtask, parallelism, keyed=True)
            instance = hooks.instances[subtask]
            states = WindowStates(lateness)

            def call_window(key, window, watermark, elements):
                outputs = call(instance, key, _WindowContext(window, watermark, key, states), list(elements))
                return list(outputs) if outputs is not None else None

            def clear_window(key, window, watermark):
                clear = getattr(instance, 'clear', None)
                if clear is not None:
                    clear(_WindowContext(window, watermark, key, states))

            operator = PythonWindowOperator(assigner, copy.deepcopy(trigger), lateness, late_tag, call_window, clear_window,
                                            contents or Elements)
            operator.open(hooks.contexts[subtask])
            return operator.process_element, operator.on_timer, get_key

        names = self._window_names(named if named is not None else function)
        user_function = named if named is not None else _user_view(function, method)[1]
        transformation = stream._env._add(Transformation(
            'keyed_process', names['name'], [stream._transformation],
            {'output_type': type_string(output_type), 'stamped': True}, {'function': Fn(opener=opener, closer=hooks.close)},
            **self._late_params(), display=names['display'], function_name=describe_function(user_function)))
        return DataStream(stream._env, transformation, output_type)


class AllWindowedStream(object):
    """A stream grouped into windows over all its records (one subtask evaluates them)."""

    def __init__(self, windowed: 'WindowedStream'):
        self._windowed = windowed
        windowed._all = True

    def get_execution_environment(self):
        return self._windowed.get_execution_environment()

    def allowed_lateness(self, time_ms: int) -> 'AllWindowedStream':
        """As `WindowedStream.allowed_lateness`."""
        self._windowed.allowed_lateness(time_ms)
        return self

    def side_output_late_data(self, output_tag: 'OutputTag') -> 'AllWindowedStream':
        """As `WindowedStream.side_output_late_data`."""
        self._windowed.side_output_late_data(output_tag)
        return self

    def trigger(self, trigger) -> 'AllWindowedStream':
        """As `WindowedStream.trigger`."""
        self._windowed.trigger(trigger)
        return self

    @staticmethod
    def _single(stream: 'DataStream') -> 'DataStream':
        stream._transformation.parallelism = 1
        return stream

    def reduce(self, reduce_function, window_function=None, output_type: TypeInformation = None) -> 'DataStream':
        adapted = _AllWindowAdapter(window_function) if window_function is not None else None
        return self._single(self._windowed.reduce(reduce_function, adapted, output_type))

    def aggregate(self, aggregate_function, window_function=None, accumulator_type: TypeInformation = None,
                  output_type: TypeInformation = None) -> 'DataStream':
        adapted = _AllWindowAdapter(window_function) if window_function is not None else None
        return self._single(self._windowed.aggregate(aggregate_function, adapted, accumulator_type, output_type))

    def apply(self, window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `window_function.apply(window, elements)` once per fired window."""
        return self._single(self._windowed.process(_AllWindowAdapter(window_function), output_type))

    def process(self, process_window_function, output_type: TypeInformation = None) -> 'DataStream':
        """Calls `process_window_function.process(context, elements)` once per fired window."""
        return self._single(self._windowed.process(_AllWindowAdapter(process_window_function), output_type))


class _AllWindowAdapter(object):
    """An AllWindowFunction / ProcessAllWindowFunction seen as a keyed window function."""

    def __init__(self, function):
        from spate.datastream.functions import AllWindowFunction, ProcessAllWindowFunction
        if not isinstance(function, (AllWindowFunction, ProcessAllWindowFunction)):
            raise TypeError(f"expected an AllWindowFunction or ProcessAllWindowFunction, got {function!r}")
        self.function = function
        self.is_process = isinstance(function, ProcessAllWindowFunction)

    def open(self, runtime_context):
        self.function.open(runtime_context)

    def close(self):
        self.function.close()

    def process(self, key, context, elements):
        if self.is_process:
            return self.function.process(context, elements)
        return self.function.apply(context.window(), elements)

    def clear(self, context):
        if self.is_process:
            self.function.clear(context)

    def apply(self, key, window, elements):
        return self.function.apply(window, elements)


def _user_view(function, method: str):
    """(the object, the function) that a window operator's name and error messages show: the
    user's, not Spate's wrappers around them (_PreAggregated, _AllWindowAdapter)."""
    from spate.datastream.functions import ProcessWindowFunction
    if isinstance(function, _PreAggregated):
        if function.window_function is None:
            return function.folding.owner, function.folding.result
        function = function.window_function
        method = 'process' if isinstance(function, (ProcessWindowFunction, _AllWindowAdapter)) else 'apply'
    if isinstance(function, _AllWindowAdapter):
        return function.function, function.function.process if function.is_process else function.function.apply
    return function, getattr(function, method)


def _described(function) -> str:
    """How PyFlink's window node names the user's window function: its class, or `function` for a
    plain function."""
    if isinstance(function, (_PreAggregated, _AllWindowAdapter)):
        function, _ = _user_view(function, 'process')
    if function is None or isinstance(function, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return 'function'
    return type(function).__name__


class _Folding(object):
    """A pre-aggregation of a whole window's elements into one value (its functions opened too).
    `owner` is the user's function or function object, `result` the function whose value the fold
    yields (for error messages)."""

    def __init__(self, fold, functions, owner, result):
        self.fold = fold
        self.functions = functions
        self.owner = owner
        self.result = result

    @staticmethod
    def reduce(reduce_function) -> '_Folding':
        import functools
        if isinstance(reduce_function, ReduceFunction):
            return _Folding(lambda elements: functools.reduce(reduce_function.reduce, elements), [reduce_function],
                            reduce_function, reduce_function.reduce)
        if not callable(reduce_function):
            raise TypeError(f"reduce: expected a callable or a ReduceFunction, got {reduce_function!r}")
        return _Folding(lambda elements: functools.reduce(reduce_function, elements), [], reduce_function,
                        reduce_function)

    @staticmethod
    def aggregated(aggregate_function) -> '_Folding':
        """The window holds the aggregate's result already (an accumulating pane): passed on."""
        return _Folding(lambda elements: elements[0], [aggregate_function], aggregate_function, aggregate_function.get_result)

    @staticmethod
    def aggregate(aggregate_function) -> '_Folding':
        def fold(elements):
            accumulator = aggregate_function.create_accumulator()
            for element in elements:
                accumulator = aggregate_function.add(element, accumulator)
            return aggregate_function.get_result(accumulator)
        return _Folding(fold, [aggregate_function], aggregate_function, aggregate_function.get_result)


class _PreAggregated(object):
    """A window's elements folded into one value, then handed to the window function if any."""

    def __init__(self, folding: _Folding, window_function=None):
        from spate.datastream.functions import ProcessWindowFunction, WindowFunction
        if window_function is not None and not isinstance(window_function, (ProcessWindowFunction, WindowFunction,
                                                                            _AllWindowAdapter)):
            raise TypeError(f"expected a WindowFunction or ProcessWindowFunction, got {window_function!r}")
        self.folding = folding
        self.window_function = window_function

    def open(self, runtime_context):
        for function in self.folding.functions + [self.window_function]:
            if function is not None:
                function.open(runtime_context)

    def close(self):
        for function in self.folding.functions + [self.window_function]:
            if function is not None:
                function.close()

    def process(self, key, context, elements):
        from spate.datastream.functions import ProcessWindowFunction
        value = self.folding.fold(elements)
        if self.window_function is None:
            return [value]
        if isinstance(self.window_function, (ProcessWindowFunction, _AllWindowAdapter)):
            return self.window_function.process(key, context, [value])
        return self.window_function.apply(key, context.window(), [value])

    def clear(self, context):
        clear = getattr(self.window_function, 'clear', None)
        if clear is not None:
            clear(context)


class _WindowContext(object):
    """`ProcessWindowFunction.Context` of one fired window (of `key`)."""

    def __init__(self, window, watermark, key, states):
        self._window = window
        self._watermark = watermark
        self._key = key
        self._states = states

    def window(self):
        return self._window

    def current_watermark(self) -> int:
        return self._watermark

    def current_processing_time(self) -> int:
        from spate import _spate
        return _spate.current_processing_time()

    def window_state(self):
        """State of this key in this window, dropped with the window."""
        return self._states.window_store(self._key, self._window)

    def global_state(self):
        """State of this key across all its windows."""
        return self._states.global_store(self._key)
