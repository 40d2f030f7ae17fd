"""`Table.to_pandas` and `TableEnvironment.from_pandas`: the rows, names and column types PyFlink
2.3 gave for the same calls (recorded here), a changelog's final rows, and bad input."""
import math

import pandas as pd
import pytest

from spate.table import DataTypes, EnvironmentSettings, TableEnvironment
from spate.table.expressions import col


@pytest.fixture
def t_env():
    return TableEnvironment.create(EnvironmentSettings.in_streaming_mode())


def test_to_pandas_gives_pyflinks_column_types(t_env):
    t = t_env.from_elements([(1, 'a', 2.5, True), (2, None, None, None), (1, 'c', 1.0, False)], ['k', 's', 'd', 'b'])
    pdf = t.to_pandas()
    assert list(pdf.columns) == ['k', 's', 'd', 'b']
    assert {name: str(dtype) for name, dtype in pdf.dtypes.items()} == \
        {'k': 'int64', 's': 'object', 'd': 'float64', 'b': 'object'}
    assert pdf['k'].tolist() == [1, 2, 1] and pdf['s'].tolist() == ['a', None, 'c']
    assert math.isnan(pdf['d'][1]) and pdf['b'].tolist() == [True, None, False]
    no_nulls = t_env.from_elements([(1, 'a', 2.5, True)], ['k', 's', 'd', 'b']).to_pandas()
    assert str(no_nulls.dtypes['b']) == 'bool'


def test_a_changelog_gives_its_final_rows_in_the_order_of_their_last_change(t_env):
    t = t_env.from_elements([(1, 2.5), (2, None), (1, 1.0)], ['k', 'd'])
    pdf = t.group_by(col('k')).select(col('k'), col('d').sum.alias('s')).to_pandas()
    assert pdf['k'].tolist() == [2, 1] and math.isnan(pdf['s'][0]) and pdf['s'][1] == 3.5
    assert str(pdf.dtypes['s']) == 'float64'


def test_an_empty_table_is_an_empty_frame_with_its_columns(t_env):
    pdf = t_env.from_elements([], DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT())])).to_pandas()
    assert list(pdf.columns) == ['a'] and len(pdf) == 0


def test_from_pandas_infers_types_and_takes_names_or_a_schema(t_env, capsys):
    df = pd.DataFrame({'a': [1, 2, 3], 'b': ['x', 'y', None], 'c': [1.5, None, 2.0]})
    t = t_env.from_pandas(df)
    t.print_schema()
    t.execute().print()
    assert capsys.readouterr().out == """\
(
  `a` BIGINT,
  `b` STRING,
  `c` DOUBLE
)
+----+----------------------+--------------------------------+--------------------------------+
| op |                    a |                              b |                              c |
+----+----------------------+--------------------------------+--------------------------------+
| +I |                    1 |                              x |                            1.5 |
| +I |                    2 |                              y |                         <NULL> |
| +I |                    3 |                         <NULL> |                            2.0 |
+----+----------------------+--------------------------------+--------------------------------+
3 rows in set
"""
    assert t_env.from_pandas(df, ['x', 'y', 'z']).get_schema().get_field_names() == ['x', 'y', 'z']
    typed = t_env.from_pandas(df, DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT()), DataTypes.FIELD('b', DataTypes.STRING()),
                                                 DataTypes.FIELD('c', DataTypes.DOUBLE())]))
    assert [str(t) for t in typed.get_schema().get_field_data_types()] == ['INT', 'VARCHAR', 'DOUBLE']
    assert [tuple(r) for r in typed.execute().collect()] == [(1, 'x', 1.5), (2, 'y', None), (3, None, 2.0)]


def test_from_pandas_refuses_what_it_cannot_convert(t_env):
    with pytest.raises(TypeError, match="expected a pandas DataFrame, got list"):
        t_env.from_pandas([(1, 2)])
    with pytest.raises(ValueError, match="2 names for the DataFrame's 1 columns"):
        t_env.from_pandas(pd.DataFrame({'a': [1]}), ['x', 'y'])
    with pytest.raises(TypeError, match="column 'when' has dtype datetime64"):
        t_env.from_pandas(pd.DataFrame({'when': pd.to_datetime(['2024-01-01'])}))
