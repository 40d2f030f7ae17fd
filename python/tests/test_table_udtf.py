"""Python table functions in the Table API (`udtf`: generator functions and `TableFunction`s) with
`flat_map`, `join_lateral` and `left_outer_join_lateral`, against PyFlink 2.3's output for the same
jobs (recorded in data/pyflink_table_udtf.txt by running this file under PyFlink); and their errors."""
import os

import pytest

if __name__ == '__main__':
    from pyflink.table import DataTypes, Row, TableFunction
    from pyflink.table.expressions import col, lit
    from pyflink.table.udf import udtf
else:
    from spate.table import DataTypes, Row, TableFunction
    from spate.table.expressions import col, lit
    from spate.table.udf import udtf
from recorded_jobs import assert_as_recorded, environment, print_all

RECORDED = os.path.join(os.path.dirname(__file__), 'data', 'pyflink_table_udtf.txt')


@udtf(result_types=[DataTypes.STRING()])
def split(line):
    for s in line[1].split():
        yield Row(s)


@udtf(result_types=[DataTypes.STRING(), DataTypes.BIGINT()])
def words(s):
    if s is None:
        return
    for w in s.split():
        yield w, len(w)


@udtf(result_types=DataTypes.BIGINT())
def upto(n):
    for i in range(n):
        yield i


class Rep(TableFunction):
    def eval(self, s, n):
        for _ in range(n):
            yield s


rep = udtf(Rep(), result_types=[DataTypes.STRING()])


def _jobs(t_env):
    t = t_env.from_elements([(1, 'hello world hello'), (2, None), (3, 'x')], ['k', 's'])
    yield 'flat_map of rows', t.where(col('s').is_not_null).flat_map(split)
    yield 'word count', t.where(col('s').is_not_null).flat_map(split).alias('word').group_by(col('word')).select(
        col('word'), lit(1).count)
    yield 'join_lateral', t.join_lateral(words(col('s')).alias('w', 'n'))
    yield 'join_lateral without names', t.join_lateral(words(col('s')))
    yield 'left_outer_join_lateral', t.left_outer_join_lateral(words(col('s')).alias('w', 'n'))
    yield 'one column of one type', t.join_lateral(upto(col('k')).alias('i')).select(col('k'), col('i'))
    yield 'a TableFunction of two arguments', t.join_lateral(rep(col('s'), col('k')).alias('r')).select(
        col('k'), col('r'))
    yield 'flat_map of a call', t.flat_map(words(col('s')))
    yield 'join_lateral with an equality', t.join_lateral(words(col('s')).alias('w', 'n'), col('w') == col('s'))


@pytest.mark.parametrize('mode', ['stream', 'batch'])
def test_table_functions_give_what_pyflink_gives(mode, capsys):
    print_all(_jobs, mode)
    assert_as_recorded(capsys.readouterr().out, RECORDED, mode)


@pytest.fixture
def table():
    return environment('stream').from_elements([(1, 'a b')], ['k', 's'])


def test_a_predicate_without_an_equality_is_refused_as_in_flink(table):
    with pytest.raises(ValueError, match=r"Invalid join condition: .*At least one equi-join predicate is required"):
        table.join_lateral(words(col('s')).alias('w', 'n'), col('n') > 3)


def test_a_table_function_in_an_expression_is_an_error(table):
    with pytest.raises(ValueError, match=r"words\(s\) is a table function: use it in join_lateral"):
        table.select(words(col('s')))


def test_columns_named_as_the_tables_are_an_error(table):
    with pytest.raises(ValueError, match="Ambiguous column name: s"):
        table.join_lateral(words(col('s')).alias('s', 'n'))


def test_flat_map_needs_a_table_function(table):
    with pytest.raises(TypeError, match="flat_map: expected a table function"):
        table.flat_map(lambda row: [row])


def test_a_table_function_that_raises_fails_the_job_naming_it(table):
    broken = udtf(lambda s: [1 // 0], result_types=[DataTypes.BIGINT()])
    with pytest.raises(Exception, match=r"operator 'join_lateral', function .*<lambda> .*ZeroDivisionError"):
        table.join_lateral(broken(col('s')).alias('x')).execute().print()
    assert [tuple(r) for r in table.join_lateral(words(col('s')).alias('w', 'n')).execute().collect()] == \
        [(1, 'a b', 'a', 1), (1, 'a b', 'b', 1)]


if __name__ == '__main__':
    for each in ('stream', 'batch'):
        print_all(_jobs, each)
