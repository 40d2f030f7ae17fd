"""The Table API's first piece: from_elements, select and where with expressions run natively,
execute().print() and collect() as PyFlink 2.3 prints and gives them (its output recorded here)."""
import pytest

from spate.table import DataTypes
from spate.table.environment_settings import EnvironmentSettings
from spate.table.expressions import col, lit
from spate.table.table_environment import TableEnvironment

STREAMING_PRINT = """\
+----+----------------------+--------------------------------+
| op |                  _c0 |                              b |
+----+----------------------+--------------------------------+
| +I |                    3 |                          world |
| +I |                    4 |                         <NULL> |
+----+----------------------+--------------------------------+
2 rows in set
"""

BATCH_PRINT = """\
+----------------------+--------------------------------+
|                  _c0 |                              b |
+----------------------+--------------------------------+
|                    3 |                          world |
|                    4 |                         <NULL> |
+----------------------+--------------------------------+
2 rows in set
"""

WIDE_PRINT = """\
+----+----------------------+--------------------------------+--------+--------------------------------+
| op |                   id |                              d |      f |                              s |
+----+----------------------+--------------------------------+--------+--------------------------------+
| +I |                    1 |                            2.5 |   TRUE | xxxxxxxxxxxxxxxxxxxxxxxxxxx... |
+----+----------------------+--------------------------------+--------+--------------------------------+
1 row in set
"""


def _t_env(mode: str) -> TableEnvironment:
    return TableEnvironment.create(EnvironmentSettings.in_streaming_mode() if mode == 'stream'
                                   else EnvironmentSettings.in_batch_mode())


def _table(t_env):
    return t_env.from_elements([(1, 'hello'), (2, 'world'), (3, None)], ['a', 'b'])


@pytest.mark.parametrize("mode, expected", [('stream', STREAMING_PRINT), ('batch', BATCH_PRINT)])
def test_select_and_where_print_as_pyflink(mode, expected, capsys):
    _table(_t_env(mode)).where(col('a') > 1).select(col('a') + 1, col('b')).execute().print()
    assert capsys.readouterr().out == expected


def test_a_row_of_every_basic_type_prints_as_pyflink(capsys):
    t_env = _t_env('stream')
    schema = DataTypes.ROW([DataTypes.FIELD('id', DataTypes.BIGINT()), DataTypes.FIELD('d', DataTypes.DOUBLE()),
                            DataTypes.FIELD('f', DataTypes.BOOLEAN()), DataTypes.FIELD('s', DataTypes.STRING())])
    t_env.from_elements([(1, 2.5, True, 'x' * 40)], schema).execute().print()
    assert capsys.readouterr().out == WIDE_PRINT


def test_schema_names_and_types(capsys):
    t_env = _t_env('batch')
    table = _table(t_env)
    table.print_schema()
    assert capsys.readouterr().out == "(\n  `a` BIGINT,\n  `b` STRING\n)\n"
    selected = table.select(col('a') * 2, col('b').alias('text'), (col('a') > 1).alias('big'))
    assert selected.get_schema().get_field_names() == ['_c0', 'text', 'big']
    assert [str(t) for t in selected.get_schema().get_field_data_types()] == ['BIGINT', 'VARCHAR', 'BOOLEAN']


def test_collect_gives_rows_with_their_kinds():
    t_env = _t_env('stream')
    with _table(t_env).where(col('b').is_not_null).select(col('a'), col('b')).execute().collect() as rows:
        collected = [(repr(row), row.get_row_kind().short_string()) for row in rows]
    assert collected == [("<Row(1, 'hello')>", '+I'), ("<Row(2, 'world')>", '+I')]


def test_three_valued_logic_and_literals():
    t_env = _t_env('batch')
    table = _table(t_env)
    kept = table.where((col('a') >= 2) & ((col('b') == 'world') | col('b').is_null)).select(col('a'), lit(10) - col('a'))
    with kept.execute().collect() as rows:
        assert [tuple(row) for row in rows] == [(2, 8), (3, 7)]


def test_an_empty_result_is_an_empty_set(capsys):
    _table(_t_env('stream')).where(col('a') > 100).execute().print()
    assert capsys.readouterr().out == "Empty set\n"


def test_an_unknown_column_names_it_the_columns_and_the_closest():
    with pytest.raises(ValueError, match=r"Cannot resolve field \[bb\], input field list:\[a, b\] \(did you mean 'b'\?\)"):
        _table(_t_env('batch')).select(col('bb'))


def test_a_type_error_shows_the_expression_and_its_types():
    with pytest.raises(ValueError, match="a \\+ b: plus does not take BIGINT and STRING"):
        _table(_t_env('batch')).select(col('a') + col('b'))


def test_an_overflow_names_the_expression_where_flink_wraps():
    t_env = _t_env('batch')
    big = t_env.from_elements([(2 ** 62,)], ['n'])
    from spate.errors import JobExecutionException
    with pytest.raises((ValueError, TypeError, JobExecutionException), match="n \\* 4: the result of"):
        big.select(col('n') * 4).execute()


def test_a_column_of_none_alone_needs_a_schema():
    with pytest.raises(TypeError, match="cannot infer the type of column 'x' from None alone"):
        _t_env('batch').from_elements([(None,)], ['x'])


# What PyFlink 2.3 printed here for the same calls (in streaming mode).
COLUMN_OPERATIONS_PRINT = """\
+----+----------------------+----------------------+----------------------+
| op |                    a |                    b |                    c |
+----+----------------------+----------------------+----------------------+
| +I |                    1 |                    2 |                    3 |
| +I |                    2 |                    3 |                    4 |
+----+----------------------+----------------------+----------------------+
2 rows in set
+----+----------------------+----------------------+
| op |                    a |                    b |
+----+----------------------+----------------------+
| +I |                    3 |                    2 |
| +I |                    4 |                    3 |
+----+----------------------+----------------------+
2 rows in set
+----+----------------------+--------------------------------+--------------------------------+
| op |                    d |                              b |                              f |
+----+----------------------+--------------------------------+--------------------------------+
| +I |                    1 |                             Hi |                          Hello |
| +I |                    2 |                          Hello |                          Hello |
+----+----------------------+--------------------------------+--------------------------------+
2 rows in set
+----+--------------------------------+
| op |                              b |
+----+--------------------------------+
| +I |                             Hi |
| +I |                          Hello |
+----+--------------------------------+
2 rows in set
(
  `a` BIGINT,
  `b` STRING,
  `c` STRING,
  `_c3` BIGINT
)
"""


def _columns_table():
    return _t_env('stream').from_elements([(1, 'Hi', 'Hello'), (2, 'Hello', 'Hello')], ['a', 'b', 'c'])


def test_column_operations_print_as_pyflink(capsys):
    t = _columns_table()
    t.select(t.a).add_columns((t.a + 1).alias('b'), (t.a + 2).alias('c')).execute().print()
    t.select(col('a')).add_or_replace_columns((t.a + 1).alias('b'), (t.a + 2).alias('a')).execute().print()
    t.rename_columns(col('a').alias('d'), col('c').alias('f')).execute().print()
    t.drop_columns(col('a'), col('c')).execute().print()
    t.add_columns(t.a + 1).print_schema()
    assert capsys.readouterr().out == COLUMN_OPERATIONS_PRINT


@pytest.mark.parametrize("bad, message", [
    (lambda t: t.add_columns((t.a + 1).alias('b')), "Ambiguous column name: b"),
    (lambda t: t.rename_columns(col('a').alias('b')), "Ambiguous column name: b"),
    (lambda t: t.rename_columns(col('a')), "rename_columns: expected a column with its new name, such as "
                                           "col('a').alias('b'), got a"),
    (lambda t: t.rename_columns((col('a') + 1).alias('x')), "rename_columns: expected a column with its new name"),
    (lambda t: t.rename_columns(col('z').alias('y')), "Cannot resolve field [z], input field list:[a, b, c]"),
    (lambda t: t.drop_columns(col('z')), "Cannot resolve field [z], input field list:[a, b, c]"),
    (lambda t: t.drop_columns(col('a') + 1), "drop_columns: expected a column, such as col('a'), got a + 1"),
    (lambda t: t.add_columns(col('q') + 1), "Cannot resolve field [q]"),
])
def test_bad_column_operations_are_clear_errors(bad, message):
    t = _columns_table()
    with pytest.raises(ValueError) as caught:
        bad(t)
    assert message in str(caught.value)
    assert [tuple(r) for r in t.execute().collect()] == [(1, 'Hi', 'Hello'), (2, 'Hello', 'Hello')]


def test_a_missing_column_attribute_names_the_tables_columns():
    t = _columns_table()
    with pytest.raises(AttributeError, match=r"The current table has no column named 'zz', available columns: \[a, b, c\]"):
        t.zz
    assert str(t.b) == 'b' and not hasattr(t, '__missing__')


ALIAS_PRINT = """\
+----------------------+--------------------------------+--------------------------------+
|                    x |                              y |                              z |
+----------------------+--------------------------------+--------------------------------+
|                    1 |                             Hi |                          Hello |
+----------------------+--------------------------------+--------------------------------+
1 row in set
(
  `p` BIGINT,
  `b` STRING,
  `c` STRING
)
"""


def test_alias_renames_the_first_columns_as_pyflink(capsys):
    t = _t_env('batch').from_elements([(1, 'Hi', 'Hello')], ['a', 'b', 'c'])
    t.alias('x', 'y', 'z').execute().print()
    t.alias('p').print_schema()
    assert capsys.readouterr().out == ALIAS_PRINT


@pytest.mark.parametrize("names, error, message", [
    (('x', 'y', 'z', 'w'), ValueError, "Aliasing more fields than we actually have: 4 names for the 3 columns [a, b, c]"),
    (('x', 'x'), ValueError, "Ambiguous column name: x"),
    (('b',), ValueError, "Ambiguous column name: b"),
    (('x', 1), TypeError, "alias: expected column names (str), got ['x', 1]"),
])
def test_bad_aliases_are_clear_errors(names, error, message):
    t = _columns_table()
    with pytest.raises(error) as caught:
        t.alias(*names)
    assert message in str(caught.value)


def test_a_querys_result_has_content():
    from spate.table.result_kind import ResultKind
    result = _columns_table().execute()
    assert result.get_result_kind() == ResultKind.SUCCESS_WITH_CONTENT == 1 and ResultKind.SUCCESS == 0
    assert result.get_table_schema().get_field_names() == ['a', 'b', 'c']


@pytest.mark.parametrize("mode", ['stream', 'batch'])
def test_union_all_keeps_duplicates_and_takes_the_left_names(mode, capsys):
    t_env = _t_env(mode)
    left = t_env.from_elements([(1, 'Hi'), (2, 'Hello')], ['a', 'b'])
    right = t_env.from_elements([(3, 'Yo'), (1, 'Hi')], ['x', 'y'])
    union = left.union_all(right)
    union.print_schema()
    assert capsys.readouterr().out == "(\n  `a` BIGINT,\n  `b` STRING\n)\n"  # as PyFlink 2.3 printed it
    with union.where(col('a') < 3).execute().collect() as rows:
        assert sorted(repr(row) for row in rows) == ["<Row(1, 'Hi')>", "<Row(1, 'Hi')>", "<Row(2, 'Hello')>"]


@pytest.mark.parametrize("right, error, message", [
    (lambda t_env: t_env.from_elements([(3, 4)], ['x', 'y']), ValueError,
     "Incompatible types for union operation at position 1: 'STRING' and 'BIGINT'"),
    (lambda t_env: t_env.from_elements([(3,)], ['x']), ValueError,
     "The union operation on two tables of different column sizes: 2 and 1 is not supported"),
    (lambda t_env: _t_env('stream').from_elements([(3, 'x')], ['x', 'y']), TypeError,
     "union_all: expected a Table of the same TableEnvironment"),
    (lambda t_env: [(3, 'x')], TypeError, "union_all: expected a Table of the same TableEnvironment, got [(3, 'x')]"),
])
def test_bad_unions_are_clear_errors(right, error, message):
    t_env = _t_env('stream')
    left = t_env.from_elements([(1, 'Hi')], ['a', 'b'])
    with pytest.raises(error) as caught:
        left.union_all(right(t_env))
    assert message in str(caught.value)


def test_rows_and_dicts_name_the_columns_as_in_pyflink(capsys):
    from spate.common.types import Row
    t_env = _t_env('batch')
    t_env.from_elements([Row(x=1, y='a')]).print_schema()
    t_env.from_elements([{'k': 1}]).print_schema()
    # As PyFlink 2.3 printed them.
    assert capsys.readouterr().out == "(\n  `x` BIGINT,\n  `y` STRING\n)\n(\n  `k` BIGINT\n)\n"
    table = t_env.from_elements([{'k': 1, 'b': 'z'}, {'b': 'q', 'k': 2}])  # keys sorted, as PyFlink
    assert table.get_schema().get_field_names() == ['b', 'k']
    assert [tuple(row) for row in table.execute().collect()] == [('z', 1), ('q', 2)]
    assert t_env.from_elements([Row(x=1, y='a')], ['p', 'q']).get_schema().get_field_names() == ['p', 'q']


@pytest.mark.parametrize("elements, message", [
    ([1, 2], "from_elements: element 0 is 1 (int); expected a tuple, list, Row or dict: one row of the table"),
    ([(1,), 5], "from_elements: element 1 is 5 (int); expected a tuple, list, Row or dict"),
    ([{'k': 1}, {'j': 2}], "from_elements: element 1 is {'j': 2}; expected a dict with the keys ['k']"),
    ([{'k': 1}, (2,)], "from_elements: element 1 is (2,); expected a dict with the keys ['k']"),
])
def test_elements_that_are_not_rows_are_clear_errors(elements, message):
    with pytest.raises(TypeError) as caught:
        _t_env('batch').from_elements(elements)
    assert message in str(caught.value)


CAST_PRINT = """\
(
  `a-INT` INT,
  `b-BIGINT` BIGINT,
  `_c2` TINYINT,
  `_c3` DOUBLE
)
+-------------+----------------------+--------+--------------------------------+
|       a-INT |             b-BIGINT |    _c2 |                            _c3 |
+-------------+----------------------+--------+--------------------------------+
|           1 |                    2 |      1 |                            2.0 |
|         300 |                   -2 | <NULL> |                          301.0 |
+-------------+----------------------+--------+--------------------------------+
2 rows in set
"""


def _cast_table():
    return _t_env('batch').from_elements([(1, 2.7, 'x'), (300, -2.5, None)], ['a', 'b', 'c'])


def test_cast_and_try_cast_name_and_print_as_pyflink(capsys):
    # PyFlink 2.3 printed this but for TRY_CAST(300 AS TINYINT), which it wrapped to 44: a value
    # that does not fit is NULL, as TRY_CAST says.
    t = _cast_table()
    result = t.select(col('a').cast(DataTypes.INT()), col('b').cast(DataTypes.BIGINT()),
                      col('a').try_cast(DataTypes.TINYINT()), (col('a') + 1).cast(DataTypes.DOUBLE()))
    result.print_schema()
    result.execute().print()
    assert capsys.readouterr().out == CAST_PRINT


def test_bad_casts_are_clear_errors():
    from spate.errors import JobExecutionException
    t = _cast_table()
    with pytest.raises(JobExecutionException, match=r"operator 'Calc', subtask 1: CAST\(a AS TINYINT\): "
                                                    r"300 does not fit TINYINT"):
        t.select(col('a').cast(DataTypes.TINYINT())).execute()
    with pytest.raises(ValueError, match=r"'Calc' .*CAST\(c AS INT\): cannot cast STRING to INT"):
        t.select(col('c').cast(DataTypes.INT()))
    with pytest.raises(TypeError, match=r"cast: expected a DataType such as DataTypes.INT\(\), got 'INT'"):
        col('a').cast('INT')
    assert [tuple(row) for row in t.select(col('a')).execute().collect()] == [(1,), (300,)]


BETWEEN_PRINT = """\
(
  `a` BIGINT,
  `_c1` BOOLEAN,
  `_c2` BOOLEAN
)
+----------------------+--------+--------+
|                    a |    _c1 |    _c2 |
+----------------------+--------+--------+
|                    1 |  FALSE |   TRUE |
|                    2 |   TRUE |  FALSE |
|                    5 |  FALSE |   TRUE |
|               <NULL> | <NULL> | <NULL> |
+----------------------+--------+--------+
4 rows in set
"""


def test_between_and_not_between_print_as_pyflink(capsys):
    t = _t_env('batch').from_elements([(1,), (2,), (5,), (None,)],
                                      DataTypes.ROW([DataTypes.FIELD('a', DataTypes.BIGINT())]))
    result = t.select(col('a'), col('a').between(2, 4), col('a').not_between(2, 4))
    result.print_schema()
    result.execute().print()
    assert capsys.readouterr().out == BETWEEN_PRINT
    assert str(col('a').between(2, 4)) == "a BETWEEN 2 AND 4"
    with pytest.raises(ValueError, match="a >= 'x': greater_than_or_equal does not take BIGINT and STRING"):
        t.select(col('a').between('x', 4))


def test_the_table_api_members_spate_has_take_pyflinks_arguments():
    """Every member the Table API's classes have so far is called as in PyFlink 2.3 (the rest of
    their members are being built)."""
    import inspect

    import spate.table
    from api_surface import API, parameters, signature_of
    different = []
    for name, entry in API['pyflink.table'].items():
        if entry.get('kind') != 'class' or name in API['pyflink.table.types'] or not hasattr(spate.table, name):
            continue
        cls = getattr(spate.table, name)
        for member, signature in entry['members'].items():
            attribute = inspect.getattr_static(cls, member, None)
            if member in ('__eq__', '__init__') or attribute is None or isinstance(attribute, property):
                continue
            mine = signature_of(getattr(cls, member))
            if parameters(mine) != parameters(signature):
                different.append(f'{name}.{member}{mine} where PyFlink has {signature}')
    assert not different, '\n'.join(different)


def test_every_kind_of_column_prints_as_pyflink(capsys):
    """Dates, times and timestamps with their precision's digits, decimals, arrays, maps, rows,
    bytes and FLOAT as Java prints them; the schema with Flink's type names (recorded)."""
    import datetime
    import decimal
    import os

    from spate.table import Row
    schema = DataTypes.ROW([
        DataTypes.FIELD('d', DataTypes.DATE()), DataTypes.FIELD('t', DataTypes.TIME()),
        DataTypes.FIELD('ts', DataTypes.TIMESTAMP(3)), DataTypes.FIELD('ts6', DataTypes.TIMESTAMP(6)),
        DataTypes.FIELD('dec', DataTypes.DECIMAL(10, 2)), DataTypes.FIELD('arr', DataTypes.ARRAY(DataTypes.INT())),
        DataTypes.FIELD('m', DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())),
        DataTypes.FIELD('r', DataTypes.ROW([DataTypes.FIELD('x', DataTypes.INT()), DataTypes.FIELD('y', DataTypes.STRING())])),
        DataTypes.FIELD('f', DataTypes.FLOAT()), DataTypes.FIELD('by', DataTypes.BYTES()),
        DataTypes.FIELD('ti', DataTypes.TINYINT()), DataTypes.FIELD('si', DataTypes.SMALLINT())])
    t = _t_env('stream').from_elements(
        [(datetime.date(2024, 2, 29), datetime.time(12, 34, 56), datetime.datetime(2024, 1, 1, 12, 0, 0, 123000),
          datetime.datetime(2024, 1, 1, 0, 0), decimal.Decimal('1.50'), [1, None, 3], {'a': 1}, Row(1, 'z'), 1.5,
          bytearray(b'ab'), 7, 300), (None,) * 12], schema)
    t.print_schema()
    t.execute().print()
    with open(os.path.join(os.path.dirname(__file__), 'data', 'pyflink_print_types.txt')) as f:
        assert capsys.readouterr().out == f.read()


def test_floats_print_as_java_prints_them():
    import struct

    from spate.table.table_result import _java_double
    single = lambda x: struct.unpack('f', struct.pack('f', x))[0]  # noqa: E731
    assert [_java_double(single(v), single=True) for v in (0.1, 1e10, 3.4028235e38)] == ['0.1', '1.0E10', '3.4028235E38']
    assert [_java_double(v) for v in (1e-5, 123456789.0, 100.0, -0.0)] == ['1.0E-5', '1.23456789E8', '100.0', '-0.0']


def test_from_descriptor_reads_a_connector_without_registering_it():
    from spate.table import Schema, TableDescriptor
    t_env = _t_env('batch')
    numbers = t_env.from_descriptor(
        TableDescriptor.for_connector('datagen').schema(Schema.new_builder().column('x', DataTypes.BIGINT()).build())
        .option('fields.x.kind', 'sequence').option('fields.x.start', '1').option('fields.x.end', '5')
        .option('number-of-rows', '5').build())
    assert sorted(row[0] for row in numbers.execute().collect()) == [1, 2, 3, 4, 5]
    assert t_env.list_tables() == []
    with pytest.raises(TypeError, match="from_descriptor: expected a TableDescriptor"):
        t_env.from_descriptor('datagen')
    # Without a number of rows it is unbounded: PyFlink 2.3's words, the table by its anonymous name.
    from spate.util.exceptions import ValidationException
    with pytest.raises(ValidationException, match=r"Querying an unbounded table '\*anonymous_datagen\$2\*' in batch mode "
                                                  r"is not allowed. The table source is unbounded."):
        t_env.from_descriptor(TableDescriptor.for_connector('datagen').schema(
            Schema.new_builder().column('x', DataTypes.BIGINT()).build()).build())
