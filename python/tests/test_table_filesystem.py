"""The filesystem connector with the csv and json formats, and the datagen connector: files
written and rows read as PyFlink 2.3 wrote and read them for the same scripts (recorded here),
malformed rows failing the job with the file, line and field, or handled as Flink handles them
with ignore-parse-errors."""
import datetime
import decimal
import os
import re

import pytest

from spate.errors import JobExecutionException
from spate.table import DataTypes, EnvironmentSettings, FormatDescriptor, Schema, TableDescriptor, TableEnvironment
from spate.util.exceptions import ValidationException

ROW_TYPE = DataTypes.ROW([
    DataTypes.FIELD('a', DataTypes.BIGINT()), DataTypes.FIELD('b', DataTypes.STRING()),
    DataTypes.FIELD('c', DataTypes.DOUBLE()), DataTypes.FIELD('d', DataTypes.BOOLEAN()),
    DataTypes.FIELD('ts', DataTypes.TIMESTAMP(3)), DataTypes.FIELD('dec', DataTypes.DECIMAL(10, 2)),
    DataTypes.FIELD('dt', DataTypes.DATE())])
ROWS = [(1, 'hello', 1.5, True, datetime.datetime(2020, 1, 2, 3, 4, 5, 123000), decimal.Decimal('1.50'),
         datetime.date(2020, 1, 2)),
        (2, 'wo,rld "q"', None, False, None, None, None),
        (3, None, 1e10, None, datetime.datetime(2020, 1, 2, 3, 4), decimal.Decimal('2'), datetime.date(1, 1, 1)),
        (4, '', -0.0, True, None, None, None)]

# What PyFlink 2.3 wrote for ROWS (one part file; the same in both modes).
CSV_WRITTEN = ('1,hello,1.5,true,"2020-01-02 03:04:05.123",1.5,2020-01-02\n2,"wo,rld ""q""",,false,,,\n'
               '3,,1.0E10,,"2020-01-02 03:04:00",2,0001-01-01\n4,,-0.0,true,,,\n')
JSON_WRITTEN = ('{"a":1,"b":"hello","c":1.5,"d":true,"ts":"2020-01-02 03:04:05.123","dec":1.5,"dt":"2020-01-02"}\n'
                '{"a":2,"b":"wo,rld \\"q\\"","c":null,"d":false,"ts":null,"dec":null,"dt":null}\n'
                '{"a":3,"b":null,"c":1.0E10,"d":null,"ts":"2020-01-02 03:04:00","dec":2,"dt":"0001-01-01"}\n'
                '{"a":4,"b":"","c":-0.0,"d":true,"ts":null,"dec":null,"dt":null}\n')
# ... and what it read back from the json file.
JSON_READ = ["<Row(1, 'hello', 1.5, True, datetime.datetime(2020, 1, 2, 3, 4, 5, 123000), Decimal('1.50'), "
             "datetime.date(2020, 1, 2))>", '<Row(2, \'wo,rld "q"\', None, False, None, None, None)>',
             "<Row(3, None, 10000000000.0, None, datetime.datetime(2020, 1, 2, 3, 4), Decimal('2.00'), "
             "datetime.date(1, 1, 1))>", "<Row(4, '', -0.0, True, None, None, None)>"]
UUID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'


def _t_env(mode='batch', parallelism=1):
    t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode() if mode == 'batch'
                                    else EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set('parallelism.default', str(parallelism))
    return t_env


def _files(path):
    return sorted(os.listdir(path))


def _table(t_env, name, path, fmt, schema=None):
    schema = schema or Schema.new_builder().from_row_data_type(ROW_TYPE).build()
    t_env.create_temporary_table(name, TableDescriptor.for_connector('filesystem').schema(schema)
                                 .option('path', str(path)).format(fmt).build())


def _collect(t_env, name):
    return [str(row) for row in t_env.from_path(name).execute().collect()]


@pytest.mark.parametrize('mode, part', [('batch', f'part-{UUID}-task-0-file-0'), ('stream', f'part-{UUID}-0-0')])
@pytest.mark.parametrize('fmt, written', [('csv', CSV_WRITTEN), ('json', JSON_WRITTEN)])
def test_written_as_flink_writes_and_names_them(tmp_path, mode, part, fmt, written):
    t_env = _t_env(mode)
    _table(t_env, 'out', tmp_path / 'out', fmt)
    t_env.from_elements(ROWS, ROW_TYPE).execute_insert('out').wait()
    [name] = _files(tmp_path / 'out')
    assert re.fullmatch(part, name)
    assert (tmp_path / 'out' / name).read_text() == written


def test_json_read_back_as_pyflink(tmp_path):
    t_env = _t_env()
    _table(t_env, 'out', tmp_path / 'out', 'json')
    t_env.from_elements(ROWS, ROW_TYPE).execute_insert('out').wait()
    assert _collect(t_env, 'out') == JSON_READ


def test_csv_read_back(tmp_path):
    t_env = _t_env()
    _table(t_env, 'out', tmp_path / 'out', 'csv')
    t_env.from_elements(ROWS, ROW_TYPE).execute_insert('out').wait()
    # As JSON_READ, but the csv has no NULL STRING: an empty field reads as ''.
    assert _collect(t_env, 'out') == [row.replace("Row(3, None,", "Row(3, '',") for row in JSON_READ]


def test_csv_options_as_pyflink_wrote_them(tmp_path):
    t_env = _t_env()
    _table(t_env, 'out', tmp_path / 'out', FormatDescriptor.for_format('csv').option('field-delimiter', ';')
           .option('quote-character', "'").option('null-literal', 'NULL').build())
    t_env.from_elements(ROWS, ROW_TYPE).execute_insert('out').wait()
    [name] = _files(tmp_path / 'out')
    assert (tmp_path / 'out' / name).read_text() == (
        "1;hello;1.5;true;'2020-01-02 03:04:05.123';1.5;'2020-01-02'\n2;'wo,rld \"q\"';NULL;false;NULL;NULL;NULL\n"
        "3;NULL;1.0E10;NULL;'2020-01-02 03:04:00';2;'0001-01-01'\n4;;-0.0;true;NULL;NULL;NULL\n")
    _table(t_env, 'plain', tmp_path / 'plain', FormatDescriptor.for_format('csv')
           .option('disable-quote-character', 'true').build())
    t_env.from_elements(ROWS, ROW_TYPE).execute_insert('plain').wait()
    [name] = _files(tmp_path / 'plain')
    assert (tmp_path / 'plain' / name).read_text() == (
        '1,hello,1.5,true,2020-01-02 03:04:05.123,1.5,2020-01-02\n2,wo,rld "q",,false,,,\n'
        '3,,1.0E10,,2020-01-02 03:04:00,2,0001-01-01\n4,,-0.0,true,,,\n')


def test_decimals_floats_and_arrays_as_pyflink_wrote_them(tmp_path):
    t_env = _t_env()
    row_type = DataTypes.ROW([DataTypes.FIELD('d', DataTypes.DECIMAL(10, 2)), DataTypes.FIELD('f', DataTypes.FLOAT()),
                              DataTypes.FIELD('t', DataTypes.TINYINT())])
    rows = [(decimal.Decimal('100.00'), 0.1, 1), (decimal.Decimal('0.00'), 1e10, 2), (decimal.Decimal('-12.30'), 1.5, 3)]
    schema = Schema.new_builder().from_row_data_type(row_type).build()
    for fmt in ('csv', 'json'):
        _table(t_env, fmt, tmp_path / fmt, fmt, schema)
        t_env.from_elements(rows, row_type).execute_insert(fmt).wait()
    assert [(tmp_path / fmt / _files(tmp_path / fmt)[0]).read_text() for fmt in ('csv', 'json')] == [
        '1E+2,0.1,1\n0,1.0E10,2\n-12.3,1.5,3\n',
        '{"d":1E+2,"f":0.1,"t":1}\n{"d":0,"f":1.0E10,"t":2}\n{"d":-12.3,"f":1.5,"t":3}\n']
    array_type = DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT()), DataTypes.FIELD('b', DataTypes.ARRAY(DataTypes.INT()))])
    _table(t_env, 'arr', tmp_path / 'arr', 'csv', Schema.new_builder().from_row_data_type(array_type).build())
    t_env.from_elements([(1, [1, 2])], array_type).execute_insert('arr').wait()
    assert (tmp_path / 'arr' / _files(tmp_path / 'arr')[0]).read_text() == '1,1;2\n'
    assert _collect(t_env, 'arr') == ['<Row(1, [1, 2])>']


SMALL = Schema.new_builder().column('a', DataTypes.INT()).column('b', DataTypes.STRING()) \
    .column('c', DataTypes.DOUBLE()).build()


@pytest.mark.parametrize('content, ignored', [
    # PyFlink 2.3's rows with ignore-parse-errors.
    ('1,x,1.5\nx,bad,1\n', ["<Row(1, 'x', 1.5)>", "<Row(None, 'bad', 1.0)>"]),
    ('1,x,1.5\n4,short\n', ["<Row(1, 'x', 1.5)>", "<Row(4, 'short', None)>"]),
    ('1,x,1.5\n5,long,1,extra\n', ["<Row(1, 'x', 1.5)>"]),
    ('1,x,1.5\n# comment\n', ["<Row(1, 'x', 1.5)>", '<Row(None, None, None)>']),
    ('1,x,1.5\n\n2,y,2\n', ["<Row(1, 'x', 1.5)>", '<Row(None, None, None)>', "<Row(2, 'y', 2.0)>"]),
    ('1,x,notdouble\n', ["<Row(1, 'x', None)>"]),
    ('1,"unterminated,1\n2,y,2\n', []),
])
def test_malformed_csv_fails_naming_the_line_or_is_ignored_as_flink(tmp_path, content, ignored):
    (tmp_path / 'in').mkdir()
    (tmp_path / 'in' / 'f.csv').write_text(content)
    t_env = _t_env()
    _table(t_env, 'strict', tmp_path / 'in', 'csv', SMALL)
    with pytest.raises(JobExecutionException, match=re.escape(str(tmp_path / 'in' / 'f.csv')) + r', line \d'):
        _collect(t_env, 'strict')
    _table(t_env, 'lenient', tmp_path / 'in', FormatDescriptor.for_format('csv').option('ignore-parse-errors', 'true').build(), SMALL)
    assert _collect(t_env, 'lenient') == ignored
    assert _collect(t_env, 'lenient') == ignored  # the interpreter runs the next job after a failed one


def test_a_bad_field_names_file_line_field_and_value(tmp_path):
    (tmp_path / 'in').mkdir()
    (tmp_path / 'in' / 'f.csv').write_text('1,x,1.5\nx,bad,1\n')
    t_env = _t_env()
    _table(t_env, 'strict', tmp_path / 'in', 'csv', SMALL)
    with pytest.raises(JobExecutionException, match=re.escape(f"{tmp_path / 'in' / 'f.csv'}, line 2, field 'a': "
                                                              f"cannot read 'x' as INT")):
        _collect(t_env, 'strict')


@pytest.mark.parametrize('content, options, expected', [
    # PyFlink 2.3's results; None: the job fails.
    ('{"a":1,"b":"x","c":1.5}\nnot json\n', {}, None),
    ('{"a":1,"b":"x","c":1.5}\nnot json\n', {'ignore-parse-errors': 'true'}, ["<Row(1, 'x', 1.5)>"]),
    ('{"a":"x"}\n', {}, None),
    ('{"a":"x"}\n', {'ignore-parse-errors': 'true'}, ['<Row(None, None, None)>']),
    ('{"a":1}\n', {}, ['<Row(1, None, None)>']),
    ('{"a":1}\n', {'fail-on-missing-field': 'true'}, None),
    ('[1,2]\n', {}, None),
    ('[1,2]\n', {'ignore-parse-errors': 'true'}, []),
    ('{"a":1.7,"b":{"n":1},"c":true}\n', {}, None),
    ('{"a":1.7,"b":{"n":1},"c":true}\n', {'ignore-parse-errors': 'true'}, ['<Row(1, \'{"n":1}\', None)>']),
    ('{"a":1}\n\n{"a":2}\n', {}, ['<Row(1, None, None)>', '<Row(2, None, None)>']),
    ('{"a":"3","b":4,"c":"2.5","extra":1}\n', {}, ["<Row(3, '4', 2.5)>"]),
])
def test_json_read_as_pyflink(tmp_path, content, options, expected):
    (tmp_path / 'in').mkdir()
    (tmp_path / 'in' / 'f.json').write_text(content)
    t_env = _t_env()
    fmt = FormatDescriptor.for_format('json')
    for key, value in options.items():
        fmt.option(key, value)
    _table(t_env, 'j', tmp_path / 'in', fmt.build(), SMALL)
    if expected is None:
        with pytest.raises(JobExecutionException, match=re.escape(str(tmp_path / 'in' / 'f.json')) + r', line \d'):
            _collect(t_env, 'j')
    else:
        assert _collect(t_env, 'j') == expected


def test_a_directory_is_read_file_by_file_over_the_subtasks(tmp_path):
    (tmp_path / 'in').mkdir()
    for i in range(4):
        (tmp_path / 'in' / f'f{i}.csv').write_text(f'{i},x{i},{i}.5\n{i + 10},y,1\n')
    (tmp_path / 'in' / '.hidden').write_text('not,a,row,at all\n')
    t_env = _t_env(parallelism=2)
    _table(t_env, 'dir', tmp_path / 'in', 'csv', SMALL)
    assert sorted(_collect(t_env, 'dir')) == sorted([f"<Row({i}, 'x{i}', {i}.5)>" for i in range(4)] +
                                                    [f"<Row({i + 10}, 'y', 1.0)>" for i in range(4)])
    _table(t_env, 'one', tmp_path / 'in' / 'f1.csv', 'csv', SMALL)
    assert _collect(t_env, 'one') == ["<Row(1, 'x1', 1.5)>", "<Row(11, 'y', 1.0)>"]


def test_overwrite_replaces_the_files_in_batch_mode_only(tmp_path):
    t_env = _t_env()
    _table(t_env, 'out', tmp_path / 'out', 'csv', SMALL)
    small_row = DataTypes.ROW([DataTypes.FIELD('a', DataTypes.INT()), DataTypes.FIELD('b', DataTypes.STRING()),
                               DataTypes.FIELD('c', DataTypes.DOUBLE())])
    rows = t_env.from_elements([(1, 'x', 1.0)], small_row)
    rows.execute_insert('out').wait()
    rows.execute_insert('out').wait()
    assert len(_files(tmp_path / 'out')) == 2
    rows.execute_insert('out', True).wait()
    [name] = _files(tmp_path / 'out')
    assert (tmp_path / 'out' / name).read_text() == '1,x,1.0\n'
    streaming = _t_env('stream')
    with pytest.raises(ValidationException, match='Streaming mode not support overwrite.'):
        streaming.from_elements([(1, 'x', 1.0)], small_row).execute_insert(
            TableDescriptor.for_connector('filesystem').schema(SMALL).option('path', str(tmp_path / 'out'))
            .format('csv').build(), True)


@pytest.mark.parametrize('options, message', [
    ({'format': 'csv'}, "One or more required options are missing.\n\nMissing required options are:\n\npath"),
    ({'path': '/tmp'}, "One or more required options are missing.\n\nMissing required options are:\n\nformat"),
    ({'path': '/nonexistent/spate', 'format': 'csv'}, "no such file or directory: /nonexistent/spate"),
    ({'path': '/tmp', 'format': 'xml'}, "Could not find any format factory for identifier 'xml'"),
    ({'path': '/tmp', 'format': 'csv', 'csv.field-delimiter': 'ab'},
     "Option 'csv.field-delimiter' must be a string with single character, but was: ab"),
    ({'path': '/tmp', 'format': 'csv', 'csv.nosuch': '1'}, "Unsupported options:\n\ncsv.nosuch\n\n"),
    ({'path': '/tmp', 'format': 'json', 'json.ignore-parse-errors': 'maybe'},
     "Could not parse value 'maybe' for key 'json.ignore-parse-errors'"),
    ({'path': '/tmp', 'format': 'json', 'json.fail-on-missing-field': 'true', 'json.ignore-parse-errors': 'true'},
     "fail-on-missing-field and ignore-parse-errors shouldn't both be true."),
])
def test_bad_filesystem_options_name_the_table_and_option(options, message):
    t_env = _t_env()
    builder = TableDescriptor.for_connector('filesystem').schema(SMALL)
    for key, value in options.items():
        builder.option(key, value)
    t_env.create_temporary_table('bad', builder.build())
    with pytest.raises(ValidationException, match=re.escape(message)) as failure:
        t_env.from_path('bad')
    assert "'default_catalog.default_database.bad'" in str(failure.value) or 'no such file' in str(failure.value)


def _datagen(t_env, name, schema, **options):
    builder = TableDescriptor.for_connector('datagen').schema(schema)
    for key, value in options.items():
        builder.option(key, value)
    t_env.create_temporary_table(name, builder.build())
    return t_env.from_path(name)


def test_datagen_sequences_and_random_values(capsys):
    t_env = _t_env('stream')
    schema = Schema.new_builder().column('id', DataTypes.INT()).column('s', DataTypes.STRING()).build()
    table = _datagen(t_env, 'seq', schema, **{'fields.id.kind': 'sequence', 'fields.id.start': '1',
                                              'fields.id.end': '3', 'fields.s.length': '3'})
    rows = [tuple(row) for row in table.execute().collect()]
    assert [row[0] for row in rows] == [1, 2, 3]
    assert all(re.fullmatch('[0-9a-f]{3}', row[1]) for row in rows)
    # number-of-rows ends a sequence early (PyFlink 2.3: 1, 2, 3 of 1..10); a string sequence is digits.
    limited = _datagen(t_env, 'limited', Schema.new_builder().column('id', DataTypes.INT()).column('s', DataTypes.STRING())
                       .column('d', DataTypes.DOUBLE()).column('dec', DataTypes.DECIMAL(5, 2)).build(),
                       **{'number-of-rows': '3', 'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '10',
                          'fields.s.kind': 'sequence', 'fields.s.start': '7', 'fields.s.end': '20',
                          'fields.d.min': '1', 'fields.d.max': '2', 'fields.dec.min': '1', 'fields.dec.max': '2'})
    rows = [tuple(row) for row in limited.execute().collect()]
    assert [(row[0], row[1]) for row in rows] == [(1, '7'), (2, '8'), (3, '9')]
    assert all(1 <= row[2] <= 2 and decimal.Decimal(1) <= row[3] <= decimal.Decimal(2) for row in rows)
    defaults = _datagen(t_env, 'defaults', Schema.new_builder().column('s', DataTypes.STRING()).column('i', DataTypes.TINYINT())
                        .column('dec', DataTypes.DECIMAL(5, 2)).build(), **{'number-of-rows': '50'})
    rows = [tuple(row) for row in defaults.execute().collect()]
    assert len(rows) == 50 and all(re.fullmatch('[0-9a-f]{100}', row[0]) for row in rows)
    assert all(-128 <= row[1] <= 127 and 0 <= row[2] <= decimal.Decimal('999.99') for row in rows)


def test_datagen_splits_its_rows_over_the_subtasks():
    t_env = _t_env('stream', parallelism=2)
    table = _datagen(t_env, 'seq', Schema.new_builder().column('id', DataTypes.BIGINT()).build(),
                     **{'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '9'})
    assert sorted(row[0] for row in table.execute().collect()) == list(range(1, 10))
    counted = _datagen(t_env, 'counted', Schema.new_builder().column('id', DataTypes.BIGINT()).build(), **{'number-of-rows': '7'})
    assert len(list(counted.execute().collect())) == 7


@pytest.mark.parametrize('options, message', [
    ({'fields.id.kind': 'sequence'}, "Could not find required property 'fields.id.start' for sequence generator."),
    ({'fields.id.kind': 'bogus'}, 'Unsupported generator kind: bogus'),
    ({'number-of-rows': 'x'}, "Could not parse value 'x' for key 'number-of-rows'"),
    ({'fields.nosuch.kind': 'sequence'}, "Unsupported options found for 'datagen'.\n\nUnsupported options:\n\nfields.nosuch.kind"),
    ({'fields.id.length': '3'}, "Unsupported options:\n\nfields.id.length"),
    ({'fields.id.min': '5', 'fields.id.max': '1'}, "Invalid range [5, 1] for field 'id' of type INT."),
])
def test_bad_datagen_options_are_flinks_errors(options, message):
    t_env = _t_env('stream')
    with pytest.raises(ValidationException, match=re.escape(message)):
        _datagen(t_env, 'bad', Schema.new_builder().column('id', DataTypes.INT()).build(), **options)


def test_an_unbounded_datagen_table_is_refused_in_batch_mode():
    t_env = _t_env('batch')
    with pytest.raises(ValidationException, match=re.escape(
            "Querying an unbounded table 'default_catalog.default_database.dg' in batch mode is not allowed. "
            "The table source is unbounded.")):
        _datagen(t_env, 'dg', Schema.new_builder().column('id', DataTypes.INT()).build(),
                 **{'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '4'})



def test_column_types_a_format_cannot_hold_are_refused_when_planned(tmp_path):
    t_env = _t_env()
    schema = Schema.new_builder().column('m', DataTypes.MAP(DataTypes.STRING(), DataTypes.INT())).build()
    for fmt in ('csv', 'json'):
        _table(t_env, fmt, tmp_path, fmt, schema)
        with pytest.raises(ValidationException, match=f"The {fmt} format of Spate does not read or write column 'm' "
                                                      f"of type MAP<STRING, INT>"):
            t_env.from_path(fmt)
