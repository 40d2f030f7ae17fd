"""The logical graph a script builds, and its translation into the Swift runtime's graph.

Each DataStream holds a `Transformation`; nothing runs until `execute()` translates the
transformations (in creation order, which is a topological order) into a `_spate.Graph`.
"""
import copy
import itertools
from typing import Any, Callable, List, Optional

from spate.datastream.functions import RuntimeContext


_creation_order = itertools.count()


class Transformation(object):
    """One operator of the logical graph. Creation order is a topological order (inputs exist first)."""

    def __init__(self, kind: str, name: str, inputs: List['Transformation'], output_type: Optional[str],
                 **params: Any):
        self.order = next(_creation_order)
        self.kind = kind
        self.name = name
        self.uid: Optional[str] = None
        self.parallelism = 0  # 0: the environment's default
        self.inputs = inputs
        self.output_type = output_type  # type string, None: same as the input
        self.params = params

    def describe(self) -> str:
        """The operator as error messages name it."""
        text = f"operator '{self.name}'"
        if self.uid:
            text += f" (uid '{self.uid}')"
        function = self.params.get('function_name')
        if function:
            text += f", function {function}"
        return text


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
        raise NotImplementedError("metrics are not supported by Spate yet")

    def get_state(self, state_descriptor):
        raise NotImplementedError("keyed state arrives with the state issue")

    get_list_state = get_map_state = get_reducing_state = get_aggregating_state = get_state


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

    def open(self, subtask: int, parallelism: int):
        instance = self.function if parallelism == 1 else copy.deepcopy(self.function)
        self.instances[subtask] = instance
        instance.open(SubtaskContext(self.task_name, subtask, parallelism, self.max_parallelism(),
                                     self.job_parameters))
        return getattr(instance, self.method)

    def close(self, subtask: int):
        instance = self.instances.pop(subtask, None)
        if instance is not None:
            instance.close()
