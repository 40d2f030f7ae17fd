"""Tables and DataStreams of one job (`StreamTableEnvironment`): `from_data_stream` (rows, tuples,
single values; columns renamed by position or picked by name), `to_data_stream`,
`to_changelog_stream` and `from_changelog_stream`, with the schemas, rows and kinds PyFlink 2.3
gave for the same calls (recorded here)."""
import pytest

from spate.common import Row, RowKind, Types
from spate.datastream import StreamExecutionEnvironment
from spate.table import StreamTableEnvironment
from spate.table.expressions import col


@pytest.fixture
def envs():
    env = StreamExecutionEnvironment.get_execution_environment()
    return env, StreamTableEnvironment.create(env)


def _named(env):
    return env.from_collection([(1, 'Hi'), (2, 'Hello')], type_info=Types.ROW_NAMED(['a', 'b'], [Types.INT(), Types.STRING()]))


def _tuples(env):
    return env.from_collection([(1, 'Hi'), (2, 'Hello')], type_info=Types.TUPLE([Types.LONG(), Types.STRING()]))


def _schema(table):
    return [(name, str(t) + ('' if t._nullable else ' NOT NULL'))
            for name, t in zip(table.get_schema().get_field_names(), table.get_schema().get_field_data_types())]


def _rows(table):
    return [tuple(row) for row in table.execute().collect()]


def test_a_stream_of_rows_keeps_its_names_and_a_tuple_stream_is_f0_f1(envs):
    env, t_env = envs
    named, tuples = t_env.from_data_stream(_named(env)), t_env.from_data_stream(_tuples(env))
    assert _schema(named) == [('a', 'INT'), ('b', 'VARCHAR')]
    assert _schema(tuples) == [('f0', 'BIGINT NOT NULL'), ('f1', 'VARCHAR')]
    assert _rows(named) == _rows(tuples) == [(1, 'Hi'), (2, 'Hello')]


def test_columns_rename_by_position_or_pick_by_name(envs):
    env, t_env = envs
    renamed = t_env.from_data_stream(_tuples(env), col('x'), col('y'))
    assert renamed.get_schema().get_field_names() == ['x', 'y'] and _rows(renamed) == [(1, 'Hi'), (2, 'Hello')]
    picked = t_env.from_data_stream(_named(env), col('b'), col('a'))
    assert picked.get_schema().get_field_names() == ['b', 'a'] and _rows(picked) == [('Hi', 1), ('Hello', 2)]


def test_a_stream_of_single_values_is_one_column(envs):
    env, t_env = envs
    table = t_env.from_data_stream(env.from_collection([5, 6], type_info=Types.LONG()))
    assert _schema(table) == [('f0', 'BIGINT NOT NULL')] and _rows(table) == [(5,), (6,)]


def test_to_data_stream_gives_named_rows_of_inserts(envs):
    env, t_env = envs
    stream = t_env.to_data_stream(t_env.from_data_stream(_named(env)).select(col('a') + 1, col('b')))
    assert repr(stream.get_type()) == 'ExternalTypeInfo<RowTypeInfo(_c0: Integer, b: String)>'
    with stream.execute_and_collect() as rows:
        got = [(repr(row), str(row.get_row_kind())) for row in rows]
    assert got == [("Row(_c0=2, b='Hi')", '+I'), ("Row(_c0=3, b='Hello')", '+I')]


def test_to_changelog_stream_gives_each_change_with_its_kind(envs):
    env, t_env = envs
    counts = t_env.from_data_stream(env.from_collection([(1, 'a'), (2, 'a')], type_info=Types.TUPLE([Types.LONG(), Types.STRING()])))
    grouped = counts.group_by(col('f1')).select(col('f1'), col('f0').sum.alias('s'))
    with t_env.to_changelog_stream(grouped).execute_and_collect() as rows:
        got = [(repr(row), str(row.get_row_kind())) for row in rows]
    assert got == [("Row(f1='a', s=1)", '+I'), ("Row(f1='a', s=1)", '-U'), ("Row(f1='a', s=3)", '+U')]
    with pytest.raises(ValueError, match="changelog with updates .* use to_changelog_stream"):
        t_env.to_data_stream(grouped)


def test_a_changelog_stream_is_a_table_whose_retractions_count(envs, capsys):
    env, t_env = envs
    changes = env.from_collection([Row.of_kind(RowKind.INSERT, 'a', 1), Row.of_kind(RowKind.UPDATE_BEFORE, 'a', 1),
                                   Row.of_kind(RowKind.UPDATE_AFTER, 'a', 5)], type_info=Types.ROW([Types.STRING(), Types.INT()]))
    table = t_env.from_changelog_stream(changes)
    table.group_by(col('f0')).select(col('f0'), col('f1').sum).execute().print()
    assert capsys.readouterr().out == """\
+----+--------------------------------+-------------+
| op |                             f0 |      EXPR$0 |
+----+--------------------------------+-------------+
| +I |                              a |           1 |
| -D |                              a |           1 |
| +I |                              a |           5 |
+----+--------------------------------+-------------+
3 rows in set
"""


def test_tables_and_streams_print_in_one_job(envs, capfd):
    env, t_env = envs
    t_env.to_data_stream(t_env.from_data_stream(_named(env))).print()
    env.execute()
    assert capfd.readouterr().out == "+I[1,Hi]\n+I[2,Hello]\n"


def test_a_stream_without_a_declared_type_is_a_clear_error(envs):
    env, t_env = envs
    with pytest.raises(TypeError, match="a table needs the stream's type"):
        t_env.from_data_stream(env.from_collection([(1, 'a')]))
    with pytest.raises(ValueError, match="'stream_execution_environment' or 'environment_settings' is required"):
        StreamTableEnvironment.create()
