"""The user-function base classes: which methods are abstract, and the defaults of the others."""

import inspect
from typing import Iterable

import pytest

from spate.datastream import functions as fn

# Each class with the methods a subclass must define (as PyFlink 2.3 marks them abstract).
ABSTRACT = {
    fn.MapFunction: {'map'},
    fn.FlatMapFunction: {'flat_map'},
    fn.FilterFunction: {'filter'},
    fn.ReduceFunction: {'reduce'},
    fn.KeySelector: {'get_key'},
    fn.Partitioner: {'partition'},
    fn.CoMapFunction: {'map1', 'map2'},
    fn.CoFlatMapFunction: {'flat_map1', 'flat_map2'},
    fn.AggregateFunction: {'create_accumulator', 'add', 'get_result', 'merge'},
    fn.ProcessFunction: {'process_element'},
    fn.KeyedProcessFunction: {'process_element'},
    fn.CoProcessFunction: {'process_element1', 'process_element2'},
    fn.KeyedCoProcessFunction: {'process_element1', 'process_element2'},
    fn.WindowFunction: {'apply'},
    fn.AllWindowFunction: {'apply'},
    fn.ProcessWindowFunction: {'process'},
    fn.ProcessAllWindowFunction: {'process'},
    fn.BroadcastProcessFunction: {'process_element', 'process_broadcast_element'},
    fn.KeyedBroadcastProcessFunction: {'process_element', 'process_broadcast_element'},
    fn.RuntimeContext: {
        'get_task_name', 'get_number_of_parallel_subtasks', 'get_max_number_of_parallel_subtasks',
        'get_index_of_this_subtask', 'get_attempt_number', 'get_task_name_with_subtasks',
        'get_job_parameter', 'get_metrics_group', 'get_state', 'get_list_state', 'get_map_state',
        'get_reducing_state', 'get_aggregating_state'},
}


@pytest.mark.parametrize('cls', list(ABSTRACT), ids=lambda c: c.__name__)
def test_abstract_methods_match_pyflink(cls):
    assert set(cls.__abstractmethods__) == ABSTRACT[cls]
    with pytest.raises(TypeError):
        cls()


@pytest.mark.parametrize('cls', [c for c in ABSTRACT if c is not fn.RuntimeContext],
                         ids=lambda c: c.__name__)
def test_functions_have_noop_open_and_close(cls):
    assert issubclass(cls, fn.Function)
    implemented = type('Impl', (cls,), {name: lambda self, *a: None for name in ABSTRACT[cls]})
    instance = implemented()
    assert instance.open(None) is None
    assert instance.close() is None


def test_abstract_bodies_raise_not_implemented():
    class Lazy(fn.MapFunction):
        def map(self, value):
            return super().map(value)

    with pytest.raises(NotImplementedError):
        Lazy().map(1)


def test_user_functions_work_as_pyflink_users_write_them():
    class Split(fn.FlatMapFunction):
        def flat_map(self, value):
            yield from value.split()

    class Sum(fn.ReduceFunction):
        def reduce(self, value1, value2):
            return value1 + value2

    class Average(fn.AggregateFunction):
        def create_accumulator(self):
            return 0, 0

        def add(self, value, accumulator):
            return accumulator[0] + value, accumulator[1] + 1

        def get_result(self, accumulator):
            return accumulator[0] / accumulator[1]

        def merge(self, acc_a, acc_b):
            return acc_a[0] + acc_b[0], acc_a[1] + acc_b[1]

    assert list(Split().flat_map('a b c')) == ['a', 'b', 'c']
    assert Sum().reduce(2, 3) == 5
    avg = Average()
    acc = avg.add(4, avg.add(2, avg.create_accumulator()))
    assert avg.get_result(avg.merge(acc, avg.add(6, avg.create_accumulator()))) == 4


def test_optional_hooks_default_to_nothing():
    class Keyed(fn.KeyedProcessFunction):
        def process_element(self, value, ctx):
            yield value

    class Windowed(fn.ProcessWindowFunction):
        def process(self, key, context, elements):
            return [len(list(elements))]

    assert Keyed().on_timer(5, None) is None
    assert Windowed().clear(None) is None
    assert Windowed().process('k', None, iter([1, 2])) == [2]


def test_window_functions_are_generic_as_in_pyflink():
    class Count(fn.ProcessWindowFunction[tuple, int, str, object]):
        def process(self, key, context, elements: Iterable[tuple]):
            return [sum(1 for _ in elements)]

    assert Count().process('k', None, [(1,), (2,)]) == [2]
    assert fn.WindowFunction[int, int, str, object] is not None


def test_contexts_are_abstract():
    for context in (fn.ProcessFunction.Context, fn.KeyedProcessFunction.Context,
                    fn.KeyedProcessFunction.OnTimerContext, fn.ProcessWindowFunction.Context,
                    fn.KeyedBroadcastProcessFunction.OnTimerContext):
        with pytest.raises(TypeError):
            context()
    assert {'get_current_key', 'timer_service', 'timestamp', 'time_domain'} == set(
        fn.KeyedProcessFunction.OnTimerContext.__abstractmethods__)


def test_helpers():
    assert fn.NullByteKeySelector().get_key('anything') == 0
    assert fn.ReduceFunctionWrapper(lambda a, b: a * b).reduce(3, 4) == 12
    assert list(fn.PassThroughWindowFunction().apply('k', None, [1, 2])) == [1, 2]


def test_java_wrappers_keep_what_they_were_given():
    sink = fn.SinkFunction('org.example.MySink')
    assert sink.get_java_function() == 'org.example.MySink'
    assert fn.SourceFunction('org.example.MySource').get_java_function() == 'org.example.MySource'


def test_signatures_match_pyflink():
    assert str(inspect.signature(fn.RuntimeContext.get_job_parameter)) == \
        '(self, key: str, default_value: str)'
    assert str(inspect.signature(fn.Partitioner.partition)) == \
        '(self, key: Any, num_partitions: int) -> int'
    assert str(inspect.signature(fn.KeyedProcessFunction.on_timer)) == \
        "(self, timestamp: int, ctx: 'KeyedProcessFunction.OnTimerContext')"
    assert str(inspect.signature(fn.SinkFunction.__init__)).startswith('(self, sink_func: ')
