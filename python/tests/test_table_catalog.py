"""Schema, TableDescriptor and the catalog (temporary and permanent tables, views, listings and
drops), with the strings, return values and errors PyFlink 2.3 gave for the same calls (recorded)."""
import pytest

from spate.table import DataTypes, EnvironmentSettings, FormatDescriptor, Schema, TableDescriptor, \
    TableEnvironment
from spate.table.expressions import col
from spate.util.exceptions import ValidationException


def _schema():
    return Schema.new_builder().column('a', DataTypes.INT(False)).column('b', DataTypes.STRING()).build()


def _t_env():
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set('parallelism.default', '1')
    return t_env


def test_schema_prints_as_flinks_unresolved_schema():
    schema = Schema.new_builder().column('a', DataTypes.INT()).column('b', DataTypes.STRING()) \
        .primary_key('a').build()
    assert str(schema) == "(\n  `a` INT,\n  `b` STRING,\n  CONSTRAINT `PK_a` PRIMARY KEY (`a`) NOT ENFORCED\n)"
    watermarked = Schema.new_builder().column('ts', DataTypes.TIMESTAMP(3)) \
        .watermark('ts', "ts - INTERVAL '5' SECOND").build()
    assert str(watermarked) == "(\n  `ts` TIMESTAMP(3),\n  WATERMARK FOR `ts` AS [ts - INTERVAL '5' SECOND]\n)"
    assert str(_schema()) == "(\n  `a` INT NOT NULL,\n  `b` STRING\n)"


def test_schema_refuses_sql_text_it_cannot_plan():
    with pytest.raises(TypeError, match="not SQL text 'STRING'"):
        Schema.new_builder().column('b', 'STRING')
    with pytest.raises(TypeError, match=r"not SQL text 'a \+ 1'"):
        Schema.new_builder().column_by_expression('c', 'a + 1')


def test_descriptor_options_in_flinks_order():
    descriptor = TableDescriptor.for_connector('filesystem').schema(_schema()).option('path', '/tmp/x') \
        .format(FormatDescriptor.for_format('csv').option('field-delimiter', ';').build()).build()
    assert descriptor.get_options() == {'path': '/tmp/x', 'connector': 'filesystem', 'format': 'csv',
                                        'csv.field-delimiter': ';'}
    assert list(descriptor.get_options()) == ['path', 'connector', 'format', 'csv.field-delimiter']
    assert str(descriptor) == ("(\n  `a` INT NOT NULL,\n  `b` STRING\n)\nWITH (\n  'path' = '/tmp/x',\n"
                               "  'connector' = 'filesystem',\n  'format' = 'csv',\n  'csv.field-delimiter' = ';'\n)")
    printed = TableDescriptor.for_connector('print').schema(_schema()).option('print-identifier', 'x').build()
    assert printed.get_options() == {'connector': 'print', 'print-identifier': 'x'}
    assert printed.get_partition_keys() == [] and printed.get_comment() is None
    assert printed == TableDescriptor.for_connector('print').schema(_schema()).option('print-identifier', 'x').build()
    assert str(TableDescriptor.for_connector('print').build()) == "\nWITH (\n  'connector' = 'print'\n)"
    csv = FormatDescriptor.for_format('csv').option('field-delimiter', ';').build()
    assert (str(csv), csv.get_format(), csv.get_options()) == ('csv[{field-delimiter=;}]', 'csv', {'field-delimiter': ';'})


def test_catalog_as_pyflink():
    t_env = _t_env()
    sink = TableDescriptor.for_connector('print').schema(_schema()).build()
    assert t_env.create_temporary_table('sink1', sink) is None
    with pytest.raises(ValidationException, match=r"^Temporary table '`default_catalog`.`default_database`.`sink1`' already exists$"):
        t_env.create_temporary_table('sink1', sink)
    t_env.create_temporary_table('sink1', sink, True)  # ignoreIfExists
    t_env.create_table('tab1', sink)
    with pytest.raises(ValidationException, match=r"^Could not execute CreateTable in path `default_catalog`.`default_database`.`tab1`"):
        t_env.create_table('tab1', sink)
    t_env.create_table('sink1', sink)  # a permanent table may share a temporary one's path
    t = t_env.from_elements([(1, 'hello'), (2, 'world')], ['a', 'b'])
    t_env.create_temporary_view('v1', t)
    with pytest.raises(ValidationException, match=r"^Temporary table '`default_catalog`.`default_database`.`v1`' already exists$"):
        t_env.create_temporary_view('v1', t)
    assert t_env.list_tables() == ['sink1', 'tab1', 'v1']
    assert t_env.list_views() == ['v1']
    assert t_env.list_temporary_tables() == ['sink1', 'v1']
    assert t_env.list_temporary_views() == ['v1']
    with pytest.raises(ValidationException, match=r"^Table `nosuch` was not found.$"):
        t_env.from_path('nosuch')
    with pytest.raises(ValidationException, match=r"^Table `db`.`nosuch` was not found.$"):
        t_env.from_path('db.nosuch')
    assert [tuple(row) for row in t_env.from_path('default_catalog.default_database.v1').execute().collect()] == \
        [(1, 'hello'), (2, 'world')]
    assert [tuple(row) for row in t_env.from_path('`v1`').execute().collect()] == [(1, 'hello'), (2, 'world')]
    assert [t_env.drop_temporary_table('nosuch'), t_env.drop_temporary_view('nosuch'), t_env.drop_table('nosuch'),
            t_env.drop_view('nosuch'), t_env.drop_temporary_table('v1'), t_env.drop_temporary_view('sink1'),
            t_env.drop_table('v1')] == [False] * 7
    with pytest.raises(ValidationException, match=r"^Temporary view with identifier '`default_catalog`.`default_database`.`v1`' "
                                                   r"exists. Drop it first before removing the permanent view.$"):
        t_env.drop_view('v1')
    with pytest.raises(ValidationException, match=r"^Temporary table with identifier '`default_catalog`.`default_database`.`sink1`' "
                                                   r"exists. Drop it first before removing the permanent table.$"):
        t_env.drop_table('sink1')
    assert t_env.drop_table('tab1') is True
    assert t_env.list_tables() == ['sink1', 'v1']
    assert [t_env.drop_temporary_table('sink1'), t_env.drop_temporary_table('sink1'), t_env.drop_temporary_view('v1')] == \
        [True, False, True]
    assert t_env.list_tables() == ['sink1'] and t_env.list_temporary_tables() == []
    with pytest.raises(ValidationException, match=r"^Table with identifier 'default_catalog.default_database.nosuch' does not exist.$"):
        t_env.drop_table('nosuch', False)
    with pytest.raises(ValidationException, match=r"^View with identifier 'default_catalog.default_database.nosuch' does not exist.$"):
        t_env.drop_view('nosuch', False)


def test_reading_a_sink_only_connector_is_flinks_error():
    t_env = _t_env()
    t_env.create_temporary_table('p', TableDescriptor.for_connector('print').schema(_schema()).build())
    with pytest.raises(ValidationException, match="Connector 'print' can only be used as a sink. It cannot be used as a source."):
        t_env.from_path('p')


def test_computed_columns_are_evaluated_after_the_source(capsys):
    t_env = _t_env()
    schema = Schema.new_builder().column('id', DataTypes.INT()).column_by_expression('next', col('id') + 1).build()
    t_env.create_temporary_table('numbers', TableDescriptor.for_connector('datagen').schema(schema)
                                 .option('fields.id.kind', 'sequence').option('fields.id.start', '1')
                                 .option('fields.id.end', '3').build())
    table = t_env.from_path('numbers')
    assert table.get_schema().get_field_names() == ['id', 'next']
    assert [tuple(row) for row in table.execute().collect()] == [(1, 2), (2, 3), (3, 4)]
