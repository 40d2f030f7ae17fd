"""Keyed state in the map, flat_map, filter and reduce functions of a keyed stream and in the
co-map/co-flat-map functions of keyed connected streams, as PyFlink allows (PyFlink 2.3's results
on the same inputs)."""
import json

import pytest

from spate.common import Types
from spate.datastream.functions import (CoFlatMapFunction, CoMapFunction, FilterFunction, FlatMapFunction,
                                        MapFunction, ReduceFunction)
from spate.datastream.state import (AggregatingStateDescriptor, ListStateDescriptor, MapStateDescriptor,
                                    ReducingStateDescriptor, ValueStateDescriptor)
from spate.datastream.functions import AggregateFunction
from spate.errors import JobExecutionException

PAIRS = [('a', 'x'), ('b', 'y'), ('a', 'x'), ('a', 'z'), ('b', 'y')]
PAIR = Types.TUPLE([Types.STRING(), Types.STRING()])


def keyed(env, data=PAIRS, type_info=PAIR):
    env.set_parallelism(2)
    return env.from_collection(data, type_info).key_by(lambda v: v[0])


def by_key(records):
    """Each key's records in order (parallel subtasks interleave keys, not a key's records)."""
    result = {}
    for record in records:
        result.setdefault(record[0], []).append(record)
    return result


class Counting(MapFunction):
    def open(self, runtime_context):
        self.count = runtime_context.get_state(ValueStateDescriptor("count", Types.INT()))
        self.seen = runtime_context.get_list_state(ListStateDescriptor("seen", Types.STRING()))

    def map(self, value):
        count = (self.count.value() or 0) + 1
        self.count.update(count)
        self.seen.add(value[1])
        return value[0], count, ",".join(self.seen.get())


class PerValue(FlatMapFunction):
    def open(self, runtime_context):
        self.counts = runtime_context.get_map_state(MapStateDescriptor("counts", Types.STRING(), Types.INT()))

    def flat_map(self, value):
        self.counts.put(value[1], (self.counts.get(value[1]) or 0) + 1)
        yield value[0], value[1], self.counts.get(value[1])


class EveryOther(FilterFunction):
    def open(self, runtime_context):
        self.total = runtime_context.get_reducing_state(ReducingStateDescriptor("total", lambda a, b: a + b, Types.INT()))

    def filter(self, value):
        self.total.add(1)
        return self.total.get() % 2 == 1


class Summing(ReduceFunction):
    def open(self, runtime_context):
        self.calls = runtime_context.get_state(ValueStateDescriptor("calls", Types.INT()))

    def reduce(self, a, b):
        calls = (self.calls.value() or 1) + 1
        self.calls.update(calls)
        return a[0], a[1] + b[1], calls


def test_keyed_map_uses_value_and_list_state(env):
    # PyFlink 2.3: [('a', 1, 'x'), ('b', 1, 'y'), ('a', 2, 'x,x'), ('a', 3, 'x,x,z'), ('b', 2, 'y,y')]
    out = by_key(keyed(env).map(Counting()).execute_and_collect())
    assert out == {'a': [('a', 1, 'x'), ('a', 2, 'x,x'), ('a', 3, 'x,x,z')], 'b': [('b', 1, 'y'), ('b', 2, 'y,y')]}


def test_keyed_map_with_output_type(env):
    out = keyed(env).map(Counting(), Types.TUPLE([Types.STRING(), Types.INT(), Types.STRING()])).execute_and_collect()
    assert sorted(out) == sorted([('a', 1, 'x'), ('b', 1, 'y'), ('a', 2, 'x,x'), ('a', 3, 'x,x,z'), ('b', 2, 'y,y')])


def test_keyed_flat_map_uses_map_state(env):
    out = by_key(keyed(env).flat_map(PerValue()).execute_and_collect())
    assert out == {'a': [('a', 'x', 1), ('a', 'x', 2), ('a', 'z', 1)], 'b': [('b', 'y', 1), ('b', 'y', 2)]}


def test_keyed_filter_uses_reducing_state(env):
    # PyFlink 2.3: [('a', 'x'), ('b', 'y'), ('a', 'z')]
    out = by_key(keyed(env).filter(EveryOther()).execute_and_collect())
    assert out == {'a': [('a', 'x'), ('a', 'z')], 'b': [('b', 'y')]}


def test_keyed_reduce_function_uses_state(env):
    # PyFlink 2.3: [('a', 1, 0), ('a', 3, 2), ('b', 5, 0), ('a', 6, 3)]
    data = [('a', 1, 0), ('a', 2, 0), ('b', 5, 0), ('a', 3, 0)]
    stream = keyed(env, data, Types.TUPLE([Types.STRING(), Types.INT(), Types.INT()]))
    out = by_key(stream.reduce(Summing()).execute_and_collect())
    assert out == {'a': [('a', 1, 0), ('a', 3, 2), ('a', 6, 3)], 'b': [('b', 5, 0)]}


def test_keyed_map_uses_aggregating_state_and_current_key_slots(env):
    class Average(AggregateFunction):
        def create_accumulator(self):
            return [0, 0]

        def add(self, value, accumulator):
            return [accumulator[0] + value, accumulator[1] + 1]

        def get_result(self, accumulator):
            return accumulator[0] / accumulator[1]

        def merge(self, a, b):
            return [a[0] + b[0], a[1] + b[1]]

    class Averaging(MapFunction):
        def open(self, runtime_context):
            self.average = runtime_context.get_aggregating_state(
                AggregatingStateDescriptor("average", Average(), Types.PICKLED_BYTE_ARRAY()))

        def map(self, value):
            self.average.add(value[1])
            return value[0], self.average.get()

    data = [('a', 1), ('b', 10), ('a', 3), ('b', 20), ('a', 5)]
    stream = keyed(env, data, Types.TUPLE([Types.STRING(), Types.INT()]))
    assert by_key(stream.map(Averaging()).execute_and_collect()) == {
        'a': [('a', 1.0), ('a', 2.0), ('a', 3.0)], 'b': [('b', 10.0), ('b', 15.0)]}


def test_keyed_functions_keep_their_names_in_the_plan(env):
    stream = keyed(env)
    stream.map(Counting()).print()
    stream.flat_map(PerValue()).print()
    stream.filter(EveryOther()).print()
    names = sorted(n['type'] for n in json.loads(env.get_execution_plan())['nodes'])
    assert names == ['Filter', 'FlatMap', 'Map', 'Sink: Print to Std. Out', 'Sink: Print to Std. Out',
                     'Sink: Print to Std. Out', 'Source: Collection Source', '_stream_key_by_map_operator']


def test_plain_functions_on_keyed_streams_are_unchanged(env):
    stream = keyed(env)
    assert sorted(stream.map(lambda v: v[1]).execute_and_collect()) == ['x', 'x', 'y', 'y', 'z']
    assert sorted(keyed(env).filter(lambda v: v[1] != 'x').execute_and_collect()) == [('a', 'z'), ('b', 'y'), ('b', 'y')]


def test_state_outside_keyed_streams_is_an_error_naming_keyed_functions(env):
    env.from_collection(PAIRS, PAIR).map(Counting()).print()
    with pytest.raises(JobExecutionException) as raised:
        env.execute()
    assert "keyed state is only available" in str(raised.value.__cause__ or raised.value) + str(raised.value)


class Totals(CoMapFunction):
    def open(self, runtime_context):
        self.total = runtime_context.get_state(ValueStateDescriptor("total", Types.INT()))

    def map1(self, value):
        self.total.update((self.total.value() or 0) + 1)
        return 'm1', value[0], self.total.value()

    def map2(self, value):
        self.total.update((self.total.value() or 0) + 10)
        return 'm2', value[0], self.total.value()


class Collected(CoFlatMapFunction):
    def open(self, runtime_context):
        self.values = runtime_context.get_list_state(ListStateDescriptor("values", Types.STRING()))

    def flat_map1(self, value):
        self.values.add(value[1])
        yield value[0], list(self.values.get())

    def flat_map2(self, value):
        self.values.add(value[1].upper())
        yield value[0], list(self.values.get())


def test_keyed_co_map_and_co_flat_map_share_state_per_key(env):
    env.set_parallelism(1)
    first = env.from_collection(PAIRS, PAIR).key_by(lambda v: v[0])
    second = env.from_collection(PAIRS, PAIR).key_by(lambda v: v[0])
    out = list(first.connect(second).map(Totals()).execute_and_collect())
    # Each key counts its own records of both inputs: 1 per first-input record, 10 per second
    # (PyFlink 2.3 ends with 33 for 'a' and 22 for 'b').
    assert len(out) == 10 and max(t[2] for t in out if t[1] == 'a') == 33 and max(t[2] for t in out if t[1] == 'b') == 22
    first = env.from_collection(PAIRS, PAIR).key_by(lambda v: v[0])
    second = env.from_collection(PAIRS, PAIR).key_by(lambda v: v[0])
    lists = [value for key, value in first.connect(second).flat_map(Collected()).execute_and_collect() if key == 'a']
    assert sorted(lists[-1]) == ['X', 'X', 'Z', 'x', 'x', 'z'] and [len(v) for v in lists] == [1, 2, 3, 4, 5, 6]
