"""KeyedStream's sum/min/max/min_by/max_by mean one thing whichever path runs them: natively on typed
records, or in Python on Python objects (whose + and < only Python knows). The same input through
both paths gives the same running results, including which record's other fields are kept and
which record wins a tie."""
import pytest

from spate.common.typeinfo import Types
from spate.datastream import StreamExecutionEnvironment

# (key, value, tag): ties in value (3 twice for 'a') show which record min_by/max_by keep.
RECORDS = [('a', 3, 'first'), ('b', 5, 'b1'), ('a', 1, 'second'), ('a', 3, 'third'), ('b', 5, 'b2'),
           ('a', 9, 'fourth'), ('b', -2, 'b3'), ('a', 1, 'fifth')]
TYPE = Types.TUPLE([Types.STRING(), Types.LONG(), Types.STRING()])


def _run(kind: str, typed: bool, parallelism: int) -> list:
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(parallelism)
    stream = env.from_collection(RECORDS, TYPE if typed else None)
    keyed = stream.key_by(lambda record: record[0])
    aggregated = getattr(keyed, kind)(1)
    results = [tuple(record) for record in aggregated.execute_and_collect()]
    by_key = {}
    for record in results:  # per key, the order of running results is the input's
        by_key.setdefault(record[0], []).append(record)
    return sorted(by_key.items())


@pytest.mark.parametrize("kind", ["sum", "min", "max", "min_by", "max_by"])
@pytest.mark.parametrize("parallelism", [1, 2])
def test_native_and_python_aggregation_agree(kind, parallelism):
    native, python = _run(kind, True, parallelism), _run(kind, False, parallelism)
    assert native == python
    a_results = dict(native)['a']
    if kind == 'sum':
        assert [r[1] for r in a_results] == [3, 4, 7, 16, 17] and {r[2] for r in a_results} == {'first'}
    if kind == 'min_by':
        assert [r[2] for r in a_results] == ['first', 'second', 'second', 'second', 'second']
    if kind == 'max_by':
        assert [r[2] for r in a_results] == ['first', 'first', 'first', 'fourth', 'fourth']
