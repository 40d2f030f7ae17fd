"""Group aggregations of the Table API: `group_by(...).select(...)` with aggregates, aggregates of a
whole table, `distinct()`, a grouping of a grouping (a changelog in, retractions taken back), in
streaming mode (a changelog: +I, -U/+U, -D) and batch mode (final rows).

The jobs are below; PyFlink 2.3 ran them (`python test_table_group_aggregates.py` with PyFlink
installed) and its output is recorded in data/pyflink_group_aggregates.txt. Batch rows are compared
as sets: Flink gives no order there.
"""
import os
import sys

import pytest

from _table_recording import environment, sections, table_api

_table, _expressions = table_api(recording=__name__ == '__main__')
DataTypes, col, lit = _table.DataTypes, _expressions.col, _expressions.lit

RECORDED = os.path.join(os.path.dirname(__file__), 'data', 'pyflink_group_aggregates.txt')


def _environment(mode):
    return environment(_table, mode)


def _jobs(t_env):
    """(name, table) of each job."""
    t = t_env.from_elements(
        [(1, 'a', 2.5, 10), (2, 'b', 1.0, 20), (1, 'c', 3.0, 10), (1, 'a', None, 5), (3, 'a', 4.0, 7)],
        DataTypes.ROW([DataTypes.FIELD('k', DataTypes.BIGINT()), DataTypes.FIELD('s', DataTypes.STRING()),
                       DataTypes.FIELD('d', DataTypes.DOUBLE()), DataTypes.FIELD('i', DataTypes.INT())]))
    u = t_env.from_elements(
        [(1, 'x', -7), (1, None, 2), (None, 'b', 1), (2, 'a', 4), (2, 'c', 5)],
        DataTypes.ROW([DataTypes.FIELD('k', DataTypes.BIGINT()), DataTypes.FIELD('s', DataTypes.STRING()),
                       DataTypes.FIELD('i', DataTypes.INT())]))
    yield 'sum count avg max min', t.group_by(col('k')).select(
        col('k'), col('i').sum.alias('si'), col('i').count, col('d').avg, col('i').avg.alias('ai'), col('s').max,
        col('d').min)
    yield 'an unchanged result sends nothing', t.group_by(col('k')).select(col('k'), col('i').max.alias('m'))
    yield 'distinct aggregates and list_agg', t.group_by(col('s')).select(
        col('s'), col('k').count.distinct.alias('dk'), col('i').sum.distinct.alias('ds'),
        col('s').list_agg().alias('l'), col('s').list_agg('-').alias('l2'))
    yield 'first and last values, variances', t.group_by(col('k')).select(
        col('k'), col('d').first_value.alias('f'), col('d').last_value.alias('l'), col('i').stddev_pop.alias('sp'),
        col('i').stddev_samp.alias('ss'), col('i').var_pop.alias('vp'), col('i').var_samp.alias('vs'),
        col('d').stddev_pop.alias('dsp'), col('d').var_samp.alias('dvs'))
    yield 'a whole table', t.select(col('i').sum.alias('total'), col('k').count.alias('n'))
    yield 'two keys, expressions of aggregates', t.group_by(col('k'), col('s')).select(
        col('k'), col('s'), col('i').sum + 1, (col('i') * 2).sum.alias('x'))
    yield 'a filter after', t.group_by(col('k')).select(col('k'), col('i').sum.alias('x')).where(col('x') > 12)
    yield 'distinct rows', t.select(col('k'), col('s')).distinct()
    yield 'counting rows and values', t.group_by(col('k')).select(
        col('k'), lit(1).count.alias('c'), col('d').count.alias('cd'))
    yield 'a grouping of a grouping', t.group_by(col('k')).select(col('i').sum.alias('x')).group_by(col('x')).select(
        col('x'), col('x').count.alias('c'))
    yield 'names of unnamed aggregates', u.group_by(col('k')).select(
        col('i').sum + 1, col('i').max, col('k').sum, col('i').sum, lit(5), col('k'))
    yield 'negative averages, strings, a NULL key', u.group_by(col('k')).select(
        col('k'), col('i').var_samp.alias('vs'), col('i').var_pop.alias('vp'), col('i').sum0.alias('z'),
        col('i').avg.alias('a'), col('s').min.alias('mn'), col('s').max.alias('mx'), col('s').first_value.alias('f'),
        col('s').last_value.alias('l'), col('s').count.alias('c'))
    empty = u.where(col('i') > 100)
    yield 'a whole empty table', empty.select(col('i').sum.alias('s'), col('i').count.alias('c'),
                                              col('i').sum0.alias('z'))
    yield 'groups of an empty table', empty.group_by(col('k')).select(col('k'), col('i').count.alias('c'))
    yield 'aggregates in expressions', u.select(col('i').max.alias('m'), (col('i').min * 2).alias('m2'),
                                                col('i').count)
    yield 'a NULL string key', u.group_by(col('s')).select(col('s'), col('i').sum0.alias('z'))
    v = t_env.from_elements([(1, 1.5, 2), (1, 2.5, 3)], ['a', 'b', 'c'])
    yield 'inferred types', v.group_by(col('a')).select(col('a'), col('b').sum, col('c').avg, col('c').sum0,
                                                        col('b').var_samp)
    yield 'a grouping expression with a name', t.group_by((col('k') % 2).alias('m')).select(
        col('m'), col('i').sum.alias('s'))


def _print_all(mode, out):
    t_env = _environment(mode)
    for name, table in _jobs(t_env):
        out.write(f"## {mode}: {name}\n")
        out.flush()
        table.print_schema()
        table.execute().print()


def _recorded():
    with open(RECORDED) as f:
        return sections(f.read())


@pytest.mark.parametrize('mode', ['stream', 'batch'])
def test_group_aggregations_give_what_pyflink_gives(mode, capsys):
    _print_all(mode, sys.stdout)
    ours = sections(capsys.readouterr().out)
    recorded = {name: lines for name, lines in _recorded().items() if name.startswith(mode + ':')}
    assert list(ours) == list(recorded)
    for name, lines in recorded.items():
        if mode == 'batch':
            assert sorted(ours[name]) == sorted(lines), name
        else:
            assert ours[name] == lines, name


@pytest.fixture
def table():
    t_env = _environment('stream')
    return t_env.from_elements([(1, 'a', 10)], ['k', 's', 'i'])


def test_a_field_not_grouped_is_an_error_naming_it(table):
    with pytest.raises(ValueError, match=r"Cannot resolve field \[s\], input field list:\[k\]"):
        table.group_by(col('k')).select(col('s'))


def test_an_aggregate_of_an_aggregate_is_an_error(table):
    with pytest.raises(ValueError, match="not allowed to use an aggregate function as input of another"):
        table.group_by(col('k')).select(col('i').sum.sum)


def test_an_aggregate_of_the_wrong_type_is_an_error_naming_both(table):
    with pytest.raises(ValueError, match=r"sum\(s\): sum does not take an argument of type STRING"):
        table.group_by(col('k')).select(col('s').sum)


def test_an_aggregate_in_a_filter_is_an_error(table):
    with pytest.raises(ValueError, match=r"sum\(i\): an aggregate is allowed only in what a table selects"):
        table.where(col('i').sum > 1)


def test_distinct_of_a_plain_expression_is_an_error(table):
    with pytest.raises(ValueError, match="distinct applies to an aggregate"):
        table.group_by(col('k')).select(col('i').distinct)


def test_an_integer_sum_past_its_type_is_an_error_not_a_wrapped_value():
    t_env = _environment('stream')
    t = t_env.from_elements([(1, 2 ** 31 - 1), (1, 1)], DataTypes.ROW([DataTypes.FIELD('k', DataTypes.BIGINT()),
                                                                         DataTypes.FIELD('i', DataTypes.INT())]))
    with pytest.raises(Exception, match=r"sum\(i\) overflows INT \(2147483647 \+ 1\)"):
        t.group_by(col('k')).select(col('i').sum).execute().print()
    # The interpreter goes on: the same sum cast to BIGINT first.
    rows = list(t.group_by(col('k')).select(col('i').cast(DataTypes.BIGINT()).sum.alias('s')).execute().collect())
    assert [tuple(row) for row in rows][-1] == (2 ** 31,)


def test_collected_rows_carry_their_kinds():
    t_env = _environment('stream')
    t = t_env.from_elements([(1, 10), (1, 5)], ['k', 'i'])
    with t.group_by(col('k')).select(col('k'), col('i').sum.alias('s')).execute().collect() as rows:
        changes = [(str(row.get_row_kind()), tuple(row)) for row in rows]
    assert changes == [('+I', (1, 10)), ('-U', (1, 10)), ('+U', (1, 15))]


if __name__ == '__main__':
    for each in ('stream', 'batch'):
        _print_all(each, sys.stdout)
