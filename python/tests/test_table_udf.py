"""Python scalar functions in the Table API (`udf`: functions, lambdas, `ScalarFunction`s with
open/close) in select, where and add_columns, against PyFlink 2.3's output for the same jobs
(recorded in data/pyflink_table_udf.txt by running this file under PyFlink); and their errors."""
import os

import pytest

if __name__ == '__main__':
    from pyflink.table import DataTypes, Row, ScalarFunction
    from pyflink.table.expressions import col, lit
    from pyflink.table.udf import udf
else:
    from spate.table import DataTypes, Row, ScalarFunction
    from spate.table.expressions import col, lit
    from spate.table.udf import udf
from recorded_jobs import assert_as_recorded, environment, print_all

RECORDED = os.path.join(os.path.dirname(__file__), 'data', 'pyflink_table_udf.txt')


@udf(result_type=DataTypes.BIGINT())
def add(i, j):
    return None if i is None or j is None else i + j


class Scale(ScalarFunction):
    def open(self, function_context):
        self.factor = 3

    def eval(self, x):
        return None if x is None else x * self.factor


scale = udf(Scale(), result_type=DataTypes.BIGINT())
upper = udf(lambda s: s.upper() if s else s, result_type=DataTypes.STRING())
halve = udf(lambda x: x / 2, result_type=DataTypes.DOUBLE(), name='halve')
seven = udf(lambda: 7, result_type=DataTypes.INT())
pair = udf(lambda r: Row(r.k * 10, r.s.upper() if r.s else r.s),
           result_type=DataTypes.ROW([DataTypes.FIELD('x', DataTypes.BIGINT()), DataTypes.FIELD('y', DataTypes.STRING())]))
swap = udf(lambda k, s: Row(s, k),
           result_type=DataTypes.ROW([DataTypes.FIELD('s2', DataTypes.STRING()), DataTypes.FIELD('k2', DataTypes.BIGINT())]))


def _jobs(t_env):
    t = t_env.from_elements([(1, 'a', 10), (2, None, 20), (3, 'c', None)], ['k', 's', 'i'])
    yield 'functions, lambdas and ScalarFunctions', t.select(add(col('k'), col('i')), scale(col('i')).alias('sc'),
                                                             upper(col('s')), col('k'))
    yield 'in a filter and nested', t.where(add(col('k'), lit(1)) > 2).select(
        col('k'), add(scale(col('k')), col('k')) + 1)
    yield 'new columns', t.add_columns(upper(col('s')).alias('u'))
    yield 'no arguments, named functions', t.select(col('k'), seven().alias('s'), halve(col('k')).alias('h'))
    yield 'map of rows', t.map(pair)
    yield 'map renamed', t.map(pair).alias('p', 'q')
    yield 'map of a call', t.map(swap(col('k'), col('s')))


@pytest.mark.parametrize('mode', ['stream', 'batch'])
def test_python_functions_give_what_pyflink_gives(mode, capsys):
    print_all(_jobs, mode)
    assert_as_recorded(capsys.readouterr().out, RECORDED, mode)


def test_map_of_a_function_of_one_value_is_one_column_f0():
    # PyFlink 2.3 names it f0 too (print_schema), but its job hangs: Spate runs it.
    t = environment('stream').from_elements([(1, 'a'), (2, 'b')], ['k', 's'])
    one = udf(lambda k: k + 1, result_type=DataTypes.BIGINT())
    mapped = t.map(one(col('k')))
    assert mapped.get_schema().get_field_names() == ['f0']
    assert [tuple(row) for row in mapped.execute().collect()] == [(2,), (3,)]
    with pytest.raises(TypeError, match="map: expected a scalar function"):
        t.map(col('k') + 1)


def test_call_of_a_python_function_is_the_function_called():
    from spate.table.expressions import call
    t = environment('stream').from_elements([(1, 'a'), (2, 'b')], ['k', 's'])
    assert [tuple(r) for r in t.select(call(add, col('k'), col('k'))).execute().collect()] == [(2,), (4,)]
    with pytest.raises(TypeError, match="call: expected a function name or a Python function"):
        call(len, col('s'))


class Counting(ScalarFunction):
    """Counts its opens and closes (each subtask opens its own copy)."""
    opened = []
    closed = []

    def open(self, function_context):
        Counting.opened.append(function_context.get_index_of_this_subtask())

    def eval(self, x):
        return x

    def close(self):
        Counting.closed.append(True)


def test_each_subtask_opens_and_closes_its_own_copy():
    t_env = environment('stream')
    t_env.get_config().set("parallelism.default", "2")
    Counting.opened, Counting.closed = [], []
    same = udf(Counting(), result_type=DataTypes.BIGINT())
    t = t_env.from_elements([(i,) for i in range(100)], ['k'])
    with t.select(same(col('k'))).execute().collect() as rows:
        values = sorted(row[0] for row in rows)
    assert values == list(range(100))
    assert sorted(Counting.opened) == [0, 1] and len(Counting.closed) == 2


def test_a_function_that_raises_fails_the_job_naming_it():
    t = environment('stream').from_elements([(1,)], ['k'])
    broken = udf(lambda k: 1 // 0, result_type=DataTypes.BIGINT(), name='broken')
    with pytest.raises(Exception, match=r"operator .Calc., function .*<lambda> \(.*test_table_udf.py:\d+\), "
                                        r"subtask 1 raised ZeroDivisionError") as failure:
        t.select(broken(col('k'))).execute().print()
    assert isinstance(failure.value.__cause__, ZeroDivisionError)
    # The interpreter goes on with the next job.
    assert [row[0] for row in t.select(col('k') + 1).execute().collect()] == [2]


def test_a_result_of_the_wrong_type_is_an_error_naming_the_declared_type():
    t = environment('stream').from_elements([(1,)], ['k'])
    wrong = udf(lambda k: 'x', result_type=DataTypes.BIGINT())
    with pytest.raises(TypeError, match=r"operator .Calc., function <lambda>: expected int \(declared DataTypes.BIGINT\(\)\), "
                                  r"got .x. of type str"):
        t.select(wrong(col('k'))).execute().print()


def test_a_udf_needs_a_result_type():
    with pytest.raises(TypeError, match="Invalid returnType: returnType should be DataType or str but is None"):
        udf(lambda k: k)


def test_a_udf_in_a_grouping_is_a_clear_error():
    t = environment('stream').from_elements([(1,)], ['k'])
    with pytest.raises(ValueError, match="does not call Python functions in a grouping yet"):
        t.group_by(col('k')).select(add(col('k'), col('k')))


if __name__ == '__main__':
    for each in ('stream', 'batch'):
        print_all(_jobs, each)
