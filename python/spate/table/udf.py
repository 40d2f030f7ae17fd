"""User-defined functions of the Table API, as in `pyflink.table.udf`: `udf` makes a Python function
(or a `ScalarFunction`) callable in expressions. Spate calls it from the native calc that needs it,
once per batch of rows (the values converted in C, the function called per row), as Flink's
PythonCalc does.

Example::

    @udf(result_type=DataTypes.BIGINT())
    def add(i, j):
        return i + j

    t.select(add(col('a'), col('b')).alias('total'))
"""
import copy
import functools
from typing import Callable, List, Optional, Union

from spate.table.expression import Expression, _expression
from spate.table.types import DataType

__all__ = ['FunctionContext', 'ScalarFunction', 'TableFunction', 'udf', 'udtf']


class FunctionContext(object):
    """What a user-defined function's `open` learns of where it runs."""

    def __init__(self, base_metric_group, job_parameters, task_name=None, task_name_with_subtasks=None,
                 number_of_parallel_subtasks=None, max_number_of_parallel_subtasks=None,
                 index_of_this_subtask=None, attempt_number=None):
        self._base_metric_group = base_metric_group
        self._job_parameters = dict(job_parameters or {})
        self._task_name = task_name
        self._task_name_with_subtasks = task_name_with_subtasks
        self._number_of_parallel_subtasks = number_of_parallel_subtasks
        self._max_number_of_parallel_subtasks = max_number_of_parallel_subtasks
        self._index_of_this_subtask = index_of_this_subtask
        self._attempt_number = attempt_number

    def get_metric_group(self):
        return self._base_metric_group

    def get_job_parameter(self, key: str, default_value: str) -> str:
        return self._job_parameters.get(key, default_value)

    def get_task_name(self) -> str:
        return self._task_name

    def get_task_name_with_subtasks(self) -> str:
        return self._task_name_with_subtasks

    def get_number_of_parallel_subtasks(self) -> int:
        return self._number_of_parallel_subtasks

    def get_max_number_of_parallel_subtasks(self) -> int:
        return self._max_number_of_parallel_subtasks

    def get_index_of_this_subtask(self) -> int:
        return self._index_of_this_subtask

    def get_attempt_number(self) -> int:
        return self._attempt_number


class UserDefinedFunction(object):
    """The base of user-defined functions: `open` before the first call in a subtask, `close` after
    the last."""

    def open(self, function_context: FunctionContext):
        pass

    def close(self):
        pass

    def is_deterministic(self) -> bool:
        return True


class ScalarFunction(UserDefinedFunction):
    """A function of a row's values giving one value: override `eval`.

    Example::

        class Scale(ScalarFunction):
            def open(self, function_context):
                self.factor = int(function_context.get_job_parameter('factor', '2'))

            def eval(self, x):
                return x * self.factor

        scale = udf(Scale(), result_type=DataTypes.BIGINT())
    """

    def eval(self, *args):
        raise NotImplementedError(f"{type(self).__name__} must define eval(self, ...)")


class TableFunction(UserDefinedFunction):
    """A function of a row's values giving zero or more rows: override `eval` to yield them (a
    Row or tuple per row, or a plain value when the function has one column).

    Example::

        class Split(TableFunction):
            def eval(self, line):
                for word in line.split():
                    yield word

        t.join_lateral(udtf(Split(), result_types=[DataTypes.STRING()])(col('line')).alias('word'))
    """

    def eval(self, *args):
        raise NotImplementedError(f"{type(self).__name__} must define eval(self, ...)")


class _UserDefinedFunctionWrapper(object):
    """What `udf` and `udtf` return, around the user's function."""

    def __init__(self, func, input_types, deterministic: Optional[bool], name: Optional[str]):
        self._func = func
        self._input_types = input_types
        self._deterministic = deterministic if deterministic is not None else (
            func.is_deterministic() if isinstance(func, UserDefinedFunction) else True)
        self._name = name or (type(func).__name__ if isinstance(func, UserDefinedFunction)
                              else getattr(func, '__name__', type(func).__name__))

    def is_deterministic(self) -> bool:
        return self._deterministic

    def _plan_function(self, calling: Callable[[Callable], Callable], task_name: str):
        """The plan's `Fn` for the function: `calling(f)` makes what the runtime calls from the
        user's function (or a ScalarFunction's or TableFunction's `eval`, opened per subtask)."""
        from spate.datastream._graph import Fn
        func = self._func
        if not isinstance(func, UserDefinedFunction):
            return Fn(func=calling(func), name=self._name)
        instances = {}

        def opener(subtask: int, parallelism: int, *_):
            from spate.metrics._impl import operator_group
            instance = func if parallelism == 1 else copy.deepcopy(func)
            instances[subtask] = instance
            instance.open(FunctionContext(operator_group(subtask), {}, task_name,
                                          f"{task_name} ({subtask + 1}/{parallelism})", parallelism, parallelism,
                                          subtask, 0))
            return calling(instance.eval)

        def closer(subtask: int):
            instance = instances.pop(subtask, None)
            if instance is not None:
                instance.close()
        return Fn(opener=opener, closer=closer, name=self._name)


class UserDefinedScalarFunctionWrapper(_UserDefinedFunctionWrapper):
    """What `udf` returns: call it with expressions to get the expression of its result."""

    def __init__(self, func, input_types, result_type: DataType, deterministic: Optional[bool], name: Optional[str]):
        super().__init__(func, input_types, deterministic, name)
        self._result_type = result_type

    def __call__(self, *args) -> Expression:
        arguments = [_expression(argument) for argument in args]
        text = f"{self._name}({', '.join(argument._text for argument in arguments)})"
        call = _UdfCall(self, len(arguments))
        type_text = self._result_type._spate_type()
        expression = Expression(lambda fields: {'udf': call, 'args': [a._plan(fields) for a in arguments],
                                                'type': type_text, 'text': text},
                                text, contains_aggregate=any(a._contains_aggregate for a in arguments))
        expression._scalar_call = (self, arguments)
        return expression


class _UdfCall(object):
    """One call site of a udf in a plan, made into a plan function by the node that runs it."""

    def __init__(self, wrapper: UserDefinedScalarFunctionWrapper, arity: int):
        self.wrapper = wrapper
        self.arity = arity

    def plan_function(self, task_name: str):
        """The `Fn` the runtime calls with each row's argument (one) or tuple of arguments."""
        arity = self.arity
        return self.wrapper._plan_function(lambda f: f if arity == 1 else _spread(f), task_name)


class UserDefinedTableFunctionWrapper(_UserDefinedFunctionWrapper):
    """What `udtf` returns: call it with expressions for `join_lateral` (`f(col('a')).alias('x')`),
    or pass it to `flat_map` as it is (it then gets each row)."""

    def __init__(self, func, input_types, result_types: List[DataType], deterministic: Optional[bool],
                 name: Optional[str]):
        super().__init__(func, input_types, deterministic, name)
        self._result_types = result_types

    def __call__(self, *args) -> 'TableFunctionCall':
        return TableFunctionCall(self, [_expression(argument) for argument in args])


class TableFunctionCall(Expression):
    """A table function called with its arguments, for `join_lateral` and `flat_map`; `alias`
    names its columns (else `f0`, `f1`, ...)."""

    def __init__(self, wrapper: UserDefinedTableFunctionWrapper, arguments: Optional[List[Expression]],
                 names: Optional[List[str]] = None):
        text = f"{wrapper._name}({', '.join(a._text for a in arguments or [])})"

        def misplaced(fields):
            raise ValueError(f"{text} is a table function: use it in join_lateral, left_outer_join_lateral or "
                             f"flat_map, not in an expression")
        super().__init__(misplaced, text)
        self._wrapper = wrapper
        self._arguments = arguments  # None: the row itself (flat_map(f))
        self._names = names

    def alias(self, name: str, *extra_names: str) -> 'TableFunctionCall':
        names = [name, *extra_names]
        if len(names) != len(self._wrapper._result_types):
            raise ValueError(f"{self._text}: {len(names)} names for the function's {len(self._wrapper._result_types)} "
                             f"columns")
        return TableFunctionCall(self._wrapper, self._arguments, names)

    def _settings(self, fields: List[str]) -> dict:
        """The `table_function` node's settings (without its flags)."""
        from spate.table.types import DataTypes
        names = self._names or [f"f{i}" for i in range(len(self._wrapper._result_types))]
        row = DataTypes.ROW([DataTypes.FIELD(n, t) for n, t in zip(names, self._wrapper._result_types)])
        settings = {'result_type': row._spate_type()}
        if self._arguments is not None:
            settings['args'] = [a._plan(fields) for a in self._arguments]
        return settings

    def _plan_function(self, task_name: str):
        arity = 1 if self._arguments is None else len(self._arguments)
        return self._wrapper._plan_function(lambda f: _rows_of(f if arity == 1 else _spread(f)), task_name)


class _MapCall(TableFunctionCall):
    """A scalar function as `Table.map` uses it: one row per row, its columns the fields of its
    ROW result type (or one column, `f0`)."""

    def __init__(self, wrapper: UserDefinedScalarFunctionWrapper, arguments: Optional[List[Expression]]):
        result = wrapper._result_type
        fields = getattr(result, 'fields', None)
        self._row_result = fields is not None
        table_function = UserDefinedTableFunctionWrapper(wrapper._func, wrapper._input_types,
                                                         [f.data_type for f in fields] if fields else [result],
                                                         wrapper._deterministic, wrapper._name)
        super().__init__(table_function, arguments, [f.name for f in fields] if fields else None)

    def _plan_function(self, task_name: str):
        arity = 1 if self._arguments is None else len(self._arguments)
        row_result = self._row_result
        return self._wrapper._plan_function(
            lambda f: _rows_of(_one_row(f if arity == 1 else _spread(f), row_result)), task_name)


def _one_row(func: Callable, row_result: bool) -> Callable:
    """`func`'s one result as the one row of a table function (a ROW result is the row itself)."""
    from spate.common.types import Row
    return lambda arguments: (func(arguments) if row_result else Row(func(arguments)),)


def _rows_of(func: Callable) -> Callable:
    """`func`, whose results are rows, values or None (no rows), giving rows the runtime takes."""
    from spate.common.types import Row

    def rows(arguments):
        results = func(arguments)
        if results is None:
            return ()
        return (value if isinstance(value, Row) else Row(*value) if isinstance(value, (tuple, list)) else Row(value)
                for value in results)
    return rows


def _spread(func: Callable) -> Callable:
    """`func` called with the values of a tuple of arguments (none: the runtime passes a NULL)."""
    return lambda arguments: func(*arguments) if arguments is not None else func()


def udf(f: Union[Callable, ScalarFunction, type] = None, input_types: Union[List[DataType], DataType, str, List[str]] = None,
        result_type: Union[DataType, str] = None, deterministic: bool = None, name: str = None,
        func_type: str = 'general') -> Union[UserDefinedScalarFunctionWrapper, Callable]:
    """A scalar function for the Table API: a Python function or `ScalarFunction` giving values of
    `result_type`. Used as a decorator (`@udf(result_type=DataTypes.BIGINT())`) or called.

    Example::

        add_one = udf(lambda i: i + 1, result_type=DataTypes.BIGINT())
        t.select(add_one(col('a')))
    """
    if func_type != 'general':
        if func_type == 'pandas':
            raise NotImplementedError("udf: Spate does not run pandas (vectorized) functions yet; "
                                      "use func_type='general'")
        raise ValueError(f"The func_type must be one of 'general, pandas', got {func_type}.")
    if f is None:
        return functools.partial(udf, input_types=input_types, result_type=result_type,
                                 deterministic=deterministic, name=name, func_type=func_type)
    if isinstance(f, type):
        f = f()
    if not callable(f) and not isinstance(f, ScalarFunction):
        raise TypeError(f"udf: expected a function or a ScalarFunction, got {f!r}")
    if not isinstance(result_type, DataType):
        if isinstance(result_type, str):
            raise NotImplementedError(f"udf: Spate takes the result type as a DataType (DataTypes.BIGINT()), "
                                      f"not as the string {result_type!r}, yet")
        raise TypeError(f"Invalid returnType: returnType should be DataType or str but is {result_type}")
    return UserDefinedScalarFunctionWrapper(f, input_types, result_type, deterministic, name)


def udtf(f: Union[Callable, TableFunction, type] = None,
         input_types: Union[List[DataType], DataType, str, List[str]] = None,
         result_types: Union[List[DataType], DataType, str, List[str]] = None, deterministic: bool = None,
         name: str = None) -> Union[UserDefinedTableFunctionWrapper, Callable]:
    """A table function for the Table API: a Python generator function or `TableFunction` giving
    rows of `result_types` (one type or a list, one per column).

    Example::

        @udtf(result_types=[DataTypes.STRING(), DataTypes.BIGINT()])
        def words(line):
            for w in line.split():
                yield w, len(w)

        t.join_lateral(words(col('line')).alias('word', 'length'))
    """
    if f is None:
        return functools.partial(udtf, input_types=input_types, result_types=result_types,
                                 deterministic=deterministic, name=name)
    if isinstance(f, type):
        f = f()
    if not callable(f) and not isinstance(f, TableFunction):
        raise TypeError(f"udtf: expected a function or a TableFunction, got {f!r}")
    types = result_types if isinstance(result_types, list) else [result_types]
    for each in types:
        if isinstance(each, str):
            raise NotImplementedError(f"udtf: Spate takes result types as DataTypes (DataTypes.STRING()), "
                                      f"not as the string {each!r}, yet")
        if not isinstance(each, DataType):
            raise TypeError(f"Invalid result_type: result_type should be DataType or str but is {each}")
    return UserDefinedTableFunctionWrapper(f, input_types, types, deterministic, name)
