"""Inserts (execute_insert, insert_into, statement sets) into the print and blackhole connectors:
the rows and results as PyFlink 2.3 printed them for the same scripts (recorded here)."""
import datetime
import decimal
import re

import pytest

from spate.table import DataTypes, EnvironmentSettings, ResultKind, Schema, TableDescriptor, TableEnvironment
from spate.table.expressions import col
from spate.util.exceptions import ValidationException


def _t_env(mode='stream', parallelism=1):
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode() if mode == 'stream'
                                    else EnvironmentSettings.in_batch_mode())
    t_env.get_config().set('parallelism.default', str(parallelism))
    return t_env


def _print_table(t_env, name, **options):
    builder = TableDescriptor.for_connector('print').schema(
        Schema.new_builder().column('a', DataTypes.BIGINT()).column('b', DataTypes.STRING()).build())
    for key, value in options.items():
        builder.option(key.replace('sink_', 'sink.').replace('_', '-'), value)
    t_env.create_temporary_table(name, builder.build())


def _table(t_env):
    return t_env.from_elements([(1, 'hello'), (2, 'world')], ['a', 'b'])


@pytest.mark.parametrize('mode', ['stream', 'batch'])
def test_execute_insert_into_print(mode, capsys):
    t_env = _t_env(mode)
    _print_table(t_env, 'p')
    result = _table(t_env).execute_insert('p')
    result.wait()
    assert capsys.readouterr().out == "+I[1, hello]\n+I[2, world]\n"
    assert result.get_result_kind() == ResultKind.SUCCESS_WITH_CONTENT
    assert str(result.get_table_schema()) == "root\n |-- default_catalog.default_database.p: BIGINT\n"
    result.print()
    assert capsys.readouterr().out == "-1\n"
    assert [str(row) for row in result.collect()] == ['<Row(-1)>']


def test_print_identifier_and_standard_error(capfd):
    t_env = _t_env()
    _print_table(t_env, 'pid', print_identifier='myid')
    _table(t_env).execute_insert('pid').wait()
    assert capfd.readouterr().out == "myid> +I[1, hello]\nmyid> +I[2, world]\n"
    _print_table(t_env, 'perr', standard_error='true')
    _table(t_env).execute_insert('perr').wait()
    captured = capfd.readouterr()
    assert (captured.out, captured.err) == ("", "+I[1, hello]\n+I[2, world]\n")


def test_parallel_print_prefixes_the_subtask(capsys):
    t_env = _t_env(parallelism=2)
    _print_table(t_env, 'p')
    _print_table(t_env, 'pid', print_identifier='myid')
    rows = t_env.from_elements([(i, f"v{i}") for i in range(6)], ['a', 'b'])
    rows.execute_insert('p').wait()
    lines = capsys.readouterr().out.splitlines()
    assert sorted(re.sub(r'^[12]> ', '', line) for line in lines) == [f"+I[{i}, v{i}]" for i in range(6)]
    assert all(re.match(r'^[12]> \+I\[', line) for line in lines)
    rows.execute_insert('pid').wait()
    assert all(re.match(r'^myid:[12]> \+I\[', line) for line in capsys.readouterr().out.splitlines())


def test_values_print_as_flinks_print_connector(capsys):
    t_env = _t_env()
    row_type = DataTypes.ROW([
        DataTypes.FIELD('i', DataTypes.BIGINT()), DataTypes.FIELD('s', DataTypes.STRING()),
        DataTypes.FIELD('d', DataTypes.DOUBLE()), DataTypes.FIELD('b', DataTypes.BOOLEAN()),
        DataTypes.FIELD('n', DataTypes.INT()), DataTypes.FIELD('ts', DataTypes.TIMESTAMP(3)),
        DataTypes.FIELD('dt', DataTypes.DATE()), DataTypes.FIELD('dec', DataTypes.DECIMAL(10, 2)),
        DataTypes.FIELD('arr', DataTypes.ARRAY(DataTypes.BIGINT())), DataTypes.FIELD('tm', DataTypes.TIME()),
        DataTypes.FIELD('ts0', DataTypes.TIMESTAMP(3))])
    rows = [(1, 'x', 1.5, True, None, datetime.datetime(2020, 1, 2, 3, 4, 5, 123000), datetime.date(2020, 1, 2),
             decimal.Decimal('1.50'), [1, 2], datetime.time(10, 0), datetime.datetime(2020, 1, 2, 3, 4)),
            (2, None, 1e10, False, 3, datetime.datetime(2020, 1, 2, 3, 4, 0), datetime.date(2020, 1, 2),
             decimal.Decimal('-1.50'), [], datetime.time(10, 0, 1), datetime.datetime(2020, 1, 2, 3, 4, 5))]
    table = t_env.from_elements(rows, row_type)
    table.execute_insert(TableDescriptor.for_connector('print').schema(
        Schema.new_builder().from_row_data_type(row_type).build()).build()).wait()
    assert capsys.readouterr().out == (
        "+I[1, x, 1.5, true, null, 2020-01-02T03:04:05.123, 2020-01-02, 1.50, [1, 2], 10:00, 2020-01-02T03:04]\n"
        "+I[2, null, 1.0E10, false, 3, 2020-01-02T03:04, 2020-01-02, -1.50, [], 10:00:01, 2020-01-02T03:04:05]\n")


def test_a_changelog_prints_its_row_kinds(capsys):
    t_env = _t_env()
    _print_table(t_env, 'p')
    t = t_env.from_elements([(1, 'hello'), (2, 'world'), (1, 'zzz')], ['a', 'b'])
    t.group_by(col('a')).select(col('a'), col('b').max.alias('b')).execute_insert('p').wait()
    assert capsys.readouterr().out == "+I[1, hello]\n+I[2, world]\n-U[1, hello]\n+U[1, zzz]\n"


def test_blackhole_statement_sets_and_pipelines(capsys):
    t_env = _t_env()
    _print_table(t_env, 'p')
    t_env.create_temporary_table('bh', TableDescriptor.for_connector('blackhole').schema(
        Schema.new_builder().column('a', DataTypes.BIGINT()).column('b', DataTypes.STRING()).build()).build())
    t = _table(t_env)
    result = t.execute_insert('bh')
    result.print()
    assert capsys.readouterr().out == "-1\n"
    statements = t_env.create_statement_set()
    assert statements.add_insert('p', t) is statements
    statements.add_insert('bh', t)
    result = statements.execute()
    result.wait()
    assert result.get_result_kind() == ResultKind.SUCCESS_WITH_CONTENT
    result.print()
    assert capsys.readouterr().out == "+I[1, hello]\n+I[2, world]\n-1, -1\n"
    twice = t_env.create_statement_set().add_insert('p', t).add_insert('p', t).execute()
    twice.print()
    assert sorted(capsys.readouterr().out.splitlines()) == sorted(["+I[1, hello]", "+I[2, world]"] * 2 + ["-1"])
    with pytest.raises(RuntimeError, match="^No operators defined in streaming topology. Cannot execute.$"):
        t_env.create_statement_set().execute()
    pipeline = t.insert_into('p')
    assert str(pipeline) == "TablePipeline with sink table '`default_catalog`.`default_database`.`p`'"
    pipeline.execute().print()
    assert capsys.readouterr().out == "+I[1, hello]\n+I[2, world]\n-1\n"


def test_an_int_column_is_written_into_a_bigint_one(capsys):
    t_env = _t_env()
    _print_table(t_env, 'p')
    t_env.from_elements([(1, 'x')], DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT()),
                                                    DataTypes.FIELD('b', DataTypes.STRING())])).execute_insert('p').wait()
    assert capsys.readouterr().out == "+I[1, x]\n"


def test_bad_inserts_are_flinks_errors_and_the_next_job_runs(capsys):
    t_env = _t_env()
    t = _table(t_env)
    columns = Schema.new_builder().column('a', DataTypes.BIGINT()).column('b', DataTypes.STRING()).build()
    with pytest.raises(ValidationException, match=r"(?s)Unable to create a sink for writing table "
                                                  r"'default_catalog.default_database.bad'.\n\nTable options are:\n\n"
                                                  r"'connector'='print'\n'nosuch'='1'\n\nUnsupported options found for "
                                                  r"'print'.\n\nUnsupported options:\n\nnosuch\n\nSupported options:\n\n"
                                                  r"connector\nprint-identifier\nproperty-version\nsink.parallelism\nstandard-error"):
        t_env.create_temporary_table('bad', TableDescriptor.for_connector('print').schema(columns).option('nosuch', '1').build())
        t.execute_insert('bad')
    with pytest.raises(ValidationException, match="Could not find any factory for identifier 'nosuch'"):
        t.execute_insert(TableDescriptor.for_connector('nosuch').schema(columns).build())
    with pytest.raises(ValidationException, match=r"^Cannot find table '`default_catalog`.`default_database`.`nosuchsink`' "
                                                  r"in any of the catalogs \[default_catalog\], nor as a temporary table.$"):
        t.execute_insert('nosuchsink')
    narrow = Schema.new_builder().column('a', DataTypes.INT()).build()
    with pytest.raises(ValidationException, match=r"(?s)Column types of query result and sink for "
                                                  r"'default_catalog.default_database.narrow' do not match.\nCause: Different "
                                                  r"number of columns.\n\nQuery schema: \[a: BIGINT, b: STRING\]\nSink schema:  \[a: INT\]"):
        t_env.create_temporary_table('narrow', TableDescriptor.for_connector('print').schema(narrow).build())
        t.execute_insert('narrow')
    swapped = Schema.new_builder().column('a', DataTypes.STRING()).column('b', DataTypes.INT()).build()
    with pytest.raises(ValidationException, match=r"Cause: Incompatible types for sink column 'a' at position 1.\n\n"
                                                  r"Query schema: \[a: BIGINT, b: STRING\]\nSink schema:  \[a: STRING, b: INT\]"):
        t.execute_insert(TableDescriptor.for_connector('print').schema(swapped).build())
    with pytest.raises(ValidationException, match=r"INSERT OVERWRITE requires that the underlying DynamicTableSink of table "
                                                  r"'default_catalog.default_database.p' implements the SupportsOverwrite interface."):
        _print_table(t_env, 'p')
        t.execute_insert('p', True)
    t.execute_insert('p').wait()
    assert capsys.readouterr().out == "+I[1, hello]\n+I[2, world]\n"


def test_sink_parallelism_sets_the_print_sinks_own(capsys):
    t_env = _t_env()
    _print_table(t_env, 'p2', sink_parallelism='2')
    _table(t_env).execute_insert('p2').wait()
    lines = capsys.readouterr().out.splitlines()
    assert sorted(re.sub(r'^[12]> ', '', line) for line in lines) == ['+I[1, hello]', '+I[2, world]']
    assert all(re.match(r'^[12]> ', line) for line in lines)
