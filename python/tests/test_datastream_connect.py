"""Connected streams: one operator, a function for each input."""
import pytest

from spate.common import Types
from spate.datastream import CoFlatMapFunction, CoMapFunction
from spate.errors import JobExecutionException


class Label(CoMapFunction):
    def open(self, runtime_context):
        self.opened = True

    def map1(self, value):
        return 'num', str(value * 10)

    def map2(self, value):
        assert self.opened  # one function object per subtask serves both inputs
        return 'str', value.upper()


def test_co_map_over_streams_of_different_types(env):
    numbers = env.from_collection([1, 2, 3], type_info=Types.LONG())
    words = env.from_collection(['x', 'yy'], type_info=Types.STRING())
    out = numbers.connect(words).map(Label(), Types.TUPLE([Types.STRING(), Types.STRING()])).execute_and_collect()
    assert sorted(out) == [('num', '10'), ('num', '20'), ('num', '30'), ('str', 'X'), ('str', 'YY')]


def test_co_flat_map_and_errors(env):
    class Spread(CoFlatMapFunction):
        def flat_map1(self, value):
            yield value

        def flat_map2(self, value):
            for word in value.split():
                yield len(word)

    numbers = env.from_collection([7], type_info=Types.LONG())
    lines = env.from_collection(['a bb ccc'], type_info=Types.STRING())
    assert sorted(numbers.connect(lines).flat_map(Spread(), Types.LONG()).execute_and_collect()) == [1, 2, 3, 7]

    class Broken(CoMapFunction):
        def map1(self, value):
            return value

        def map2(self, value):
            raise KeyError(value)

    numbers.connect(lines).map(Broken(), Types.LONG()).print()
    with pytest.raises(JobExecutionException, match="Co-Map") as info:
        env.execute()
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(TypeError, match="expected a CoMapFunction"):
        numbers.connect(lines).map(lambda x: x)
    with pytest.raises(NotImplementedError, match="keyed connected streams"):
        numbers.connect(lines).key_by(lambda x: x, lambda y: y)
