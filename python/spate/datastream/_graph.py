"""The logical graph a script builds, and its translation into the Swift runtime's graph.

Each DataStream holds a `Transformation`; nothing runs until `execute()` translates the
transformations (in creation order, which is a topological order) into a `_spate.Graph`.
"""
import copy
import itertools
from typing import Any, Callable, List, NamedTuple, Optional

from spate.datastream.functions import RuntimeContext


_creation_order = itertools.count()


class Fn(NamedTuple):
    """A Python function of the plan: `func` itself, or one made per subtask by
    `opener(subtask, parallelism)` and closed by `closer(subtask)`. `name` names it in errors when
    its node calls several (a calc's udfs)."""
    func: Optional[Callable] = None
    opener: Optional[Callable] = None
    closer: Optional[Callable] = None
    name: Optional[str] = None


class Transformation(object):
    """One node of the logical graph: its `kind` and `settings` as the runtime's plan spells them
    (ARCHITECTURE.md, "The plan"), and its Python `functions` by role (`{'function': Fn(f)}`; a
    list for several). Creation order is a topological order (inputs exist first)."""

    def __init__(self, kind: str, name: str, inputs: List['Transformation'], settings: Optional[dict] = None,
                 functions: Optional[dict] = None, output_type: Optional[str] = None, **params: Any):
        self.order = next(_creation_order)
        self.kind = kind
        self.name = name
        self.uid: Optional[str] = None
        self.parallelism = 0  # 0: the environment's default
        self.inputs = inputs
        self.settings = settings if settings is not None else {}
        self.functions = functions if functions is not None else {}
        self.output_type = output_type  # side outputs: the type string they carry
        self.params = params  # what only the Python API uses
        self.origin = _script_origin()

    def describe(self, function: Optional[str] = None) -> str:
        """The operator as error messages name it, with `function` (the one that raised) or its own."""
        text = f"operator '{self.name}'"
        role = self.params.get('role')  # what it does, when PyFlink's name does not say
        if role:
            text += f" ({role})"
        if self.uid:
            text += f" (uid '{self.uid}')"
        function = function or self.params.get('function_name')
        if function:
            text += f", function {function}"
        return text


def _script_origin() -> Optional[str]:
    """`file:line` of the user's code that made a node (the first frame outside Spate)."""
    import sys
    frame = sys._getframe(2)
    while frame is not None and frame.f_globals.get('__name__', '').split('.')[0] in ('spate', 'pyflink'):
        frame = frame.f_back
    return f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame is not None else None


def describe_function(func: Any) -> str:
    """`name (file:line)` of a user function, for error messages."""
    target = func
    for attribute in ('map', 'flat_map', 'filter', 'get_key', 'reduce'):
        if not callable(func) or not hasattr(func, '__code__'):
            method = getattr(func, attribute, None)
            if method is not None and hasattr(method, '__func__'):
                target = method
                break
    code = getattr(getattr(target, '__func__', target), '__code__', None)
    name = getattr(target, '__qualname__', None) or type(func).__name__
    if code is not None:
        return f"{name} ({code.co_filename}:{code.co_firstlineno})"
    return name


class SubtaskContext(RuntimeContext):
    """The `RuntimeContext` handed to a function's `open()` in one subtask."""

    def __init__(self, task_name: str, index: int, parallelism: int, max_parallelism: int,
                 job_parameters: dict):
        self._task_name = task_name
        self._index = index
        self._parallelism = parallelism
        self._max_parallelism = max_parallelism
        self._job_parameters = job_parameters
        # Keyed state declared by the function: name -> (index, type); None outside keyed streams.
        self._states = None
        # Contexts are made while the runtime opens the operator's functions: its metric scope is known.
        from spate.metrics._impl import operator_group
        self._metrics_group = operator_group(index)

    def get_task_name(self) -> str:
        return self._task_name

    def get_number_of_parallel_subtasks(self) -> int:
        return self._parallelism

    def get_max_number_of_parallel_subtasks(self) -> int:
        return self._max_parallelism

    def get_index_of_this_subtask(self) -> int:
        return self._index

    def get_attempt_number(self) -> int:
        return 0

    def get_task_name_with_subtasks(self) -> str:
        return f"{self._task_name} ({self._index + 1}/{self._parallelism})"

    def get_job_parameter(self, key: str, default_value: str):
        return self._job_parameters.get(key, default_value)

    def get_metrics_group(self):
        """The operator subtask's `MetricGroup` (reported by the job's Prometheus reporter, if configured)."""
        return self._metrics_group

    def _cell(self, state_descriptor, kind: str):
        """The runtime's value slot of a state: the same name twice gives the same slot, and must
        have the same kind and type."""
        from spate import _spate
        from spate.datastream.state import StateDescriptor
        if not isinstance(state_descriptor, StateDescriptor):
            raise TypeError(f"expected a state descriptor such as ValueStateDescriptor, got {state_descriptor!r}")
        if self._states is None:
            raise RuntimeError(f"{self._task_name}: keyed state is only available in functions of a keyed stream "
                               f"(the functions of KeyedStream.process, map, flat_map, filter and reduce)")
        name = state_descriptor.name
        declared = (kind, state_descriptor.type_info)
        if name in self._states:
            index, existing = self._states[name]
            if existing != declared:
                raise ValueError(f"state '{name}' is already used as {existing[0]} of {existing[1]}, "
                                 f"not {kind} of {state_descriptor.type_info}")
        else:
            index = len(self._states) + 1
            self._states[name] = (index, declared)
        return _spate.ValueState(index, name)

    @staticmethod
    def _ttl_clock(state_descriptor):
        """The descriptor's time-to-live clock, or None when its values live for ever."""
        from spate.datastream.state_ttl import TtlClock
        config = state_descriptor._ttl_config
        return TtlClock(config) if config is not None and config.is_enabled() else None

    def _value_cell(self, state_descriptor, kind: str):
        """A cell of one value per key, with the descriptor's time to live if it has one."""
        from spate.datastream.state_ttl import TtlCell
        cell = self._cell(state_descriptor, kind)
        clock = self._ttl_clock(state_descriptor)
        return TtlCell(cell, clock) if clock is not None else cell

    def get_state(self, state_descriptor):
        """The `ValueState` of `state_descriptor` (keyed streams only)."""
        from spate.datastream.state import ValueStateDescriptor
        if not isinstance(state_descriptor, ValueStateDescriptor):
            raise TypeError(f"get_state: expected a ValueStateDescriptor, got {state_descriptor!r}")
        return self._value_cell(state_descriptor, 'value state')

    def get_list_state(self, state_descriptor):
        from spate.datastream.state import ListState, ListStateDescriptor
        if not isinstance(state_descriptor, ListStateDescriptor):
            raise TypeError(f"get_list_state: expected a ListStateDescriptor, got {state_descriptor!r}")
        from spate.datastream.state_ttl import TtlListState
        clock = self._ttl_clock(state_descriptor)
        cell = self._cell(state_descriptor, 'list state')
        return TtlListState(cell, clock) if clock is not None else ListState(cell)

    def get_map_state(self, state_descriptor):
        from spate.datastream.state import MapState, MapStateDescriptor
        if not isinstance(state_descriptor, MapStateDescriptor):
            raise TypeError(f"get_map_state: expected a MapStateDescriptor, got {state_descriptor!r}")
        from spate.datastream.state_ttl import TtlMapState
        clock = self._ttl_clock(state_descriptor)
        cell = self._cell(state_descriptor, 'map state')
        return TtlMapState(cell, clock) if clock is not None else MapState(cell)

    def get_reducing_state(self, state_descriptor):
        from spate.datastream.state import ReducingState, ReducingStateDescriptor
        if not isinstance(state_descriptor, ReducingStateDescriptor):
            raise TypeError(f"get_reducing_state: expected a ReducingStateDescriptor, got {state_descriptor!r}")
        return ReducingState(self._value_cell(state_descriptor, 'reducing state'), state_descriptor.get_reduce_function())

    def get_aggregating_state(self, state_descriptor):
        from spate.datastream.state import AggregatingState, AggregatingStateDescriptor
        if not isinstance(state_descriptor, AggregatingStateDescriptor):
            raise TypeError(f"get_aggregating_state: expected an AggregatingStateDescriptor, got {state_descriptor!r}")
        return AggregatingState(self._value_cell(state_descriptor, 'aggregating state'), state_descriptor.get_agg_function())


class FunctionHooks(object):
    """Per-subtask instances of a function object: each subtask gets its own copy (PyFlink ships a
    pickled copy to every subtask), opened with its own `RuntimeContext` and closed at the end."""

    def __init__(self, function: Any, method: str, task_name: str, max_parallelism: Callable[[], int],
                 job_parameters: dict):
        self.function = function
        self.method = method
        self.task_name = task_name
        self.max_parallelism = max_parallelism
        self.job_parameters = job_parameters
        self.instances = {}
        self.contexts = {}

    def open(self, subtask: int, parallelism: int, keyed: bool = False):
        instance = self.function if parallelism == 1 else copy.deepcopy(self.function)
        self.instances[subtask] = instance
        context = SubtaskContext(self.task_name, subtask, parallelism, self.max_parallelism(), self.job_parameters)
        if keyed:
            context._states = {}
        self.contexts[subtask] = context
        instance.open(context)
        return getattr(instance, self.method)

    def close(self, subtask: int):
        self.contexts.pop(subtask, None)
        instance = self.instances.pop(subtask, None)
        if instance is not None:
            instance.close()
