"""Serialization schemas and bulk writer factories, with Flink's rules, in Python."""
from io import BytesIO

import pytest

import spate.common
from spate.common import Row, Types
from spate.common.serialization import (BulkWriterFactory, ByteArraySchema, DeserializationSchema,
                                        RowFieldExtractorSchema, SerializationSchema, SimpleStringSchema)


def test_simple_string_schema_writes_and_reads_utf8():
    schema = SimpleStringSchema()
    assert schema.serialize('test string') == b'test string'
    assert schema.serialize('h\u00e9\u20ac\U0001f600') == b'h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80'
    assert schema.deserialize(b'h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80') == 'h\u00e9\u20ac\U0001f600'
    assert schema.deserialize(bytearray(b'abc')) == 'abc'
    assert schema.deserialize(memoryview(b'abc')) == 'abc'
    assert schema.serialize('') == b'' and schema.deserialize(b'') == ''
    assert schema.get_produced_type() == Types.STRING()
    assert schema.is_end_of_stream('anything') is False
    assert isinstance(schema, SerializationSchema) and isinstance(schema, DeserializationSchema)


def test_simple_string_schema_accepts_the_spellings_of_utf8_only():
    for charset in ('UTF-8', 'utf-8', 'utf8', 'UTF8'):
        assert SimpleStringSchema(charset).serialize('x') == b'x'
    with pytest.raises(NotImplementedError, match="SimpleStringSchema: only UTF-8 .* 'ISO-8859-1'"):
        SimpleStringSchema('ISO-8859-1')
    with pytest.raises(TypeError, match='SimpleStringSchema: the charset'):
        SimpleStringSchema(None)


def test_simple_string_schema_refuses_what_is_not_text():
    schema = SimpleStringSchema()
    with pytest.raises(TypeError, match=r"SimpleStringSchema.serialize takes a str, got b'x' of type bytes"):
        schema.serialize(b'x')
    with pytest.raises(TypeError, match='SimpleStringSchema.serialize takes a str, got None'):
        schema.serialize(None)
    with pytest.raises(ValueError, match=r"SimpleStringSchema.serialize: 'a\\ud800' cannot be written as UTF-8"):
        schema.serialize('a\ud800')  # an unpaired surrogate
    with pytest.raises(ValueError, match=r"SimpleStringSchema.deserialize: b'ab\\xff' is not valid UTF-8 "
                                         r"\(invalid start byte at byte 2\)"):
        schema.deserialize(b'ab\xff')
    with pytest.raises(TypeError, match="SimpleStringSchema.deserialize takes bytes, got 'text' of type str"):
        schema.deserialize('text')


def test_error_messages_show_long_values_cut_short():
    with pytest.raises(ValueError) as error:
        SimpleStringSchema().deserialize(b'a' * 10_000 + b'\xff')
    assert len(str(error.value)) < 200 and "b'aaaa" in str(error.value)


def test_byte_array_schema_passes_bytes_through():
    schema = ByteArraySchema()
    data = 'test bytes'.encode('utf-8')
    assert schema.serialize(data) is data
    assert schema.deserialize(data) is data
    assert schema.serialize(bytearray(b'\x00\xff')) == b'\x00\xff'
    assert type(schema.deserialize(memoryview(b'\x01'))) is bytes
    assert schema.get_produced_type() == Types.PRIMITIVE_ARRAY(Types.BYTE())
    with pytest.raises(TypeError, match="ByteArraySchema.serialize takes bytes, got 'x' of type str"):
        schema.serialize('x')
    with pytest.raises(TypeError, match='ByteArraySchema.deserialize takes bytes, got 5 of type int'):
        schema.deserialize(5)


def test_row_field_extractor_schema_writes_the_bytes_of_one_field():
    row = Row(b'key', b'value', 123)
    assert RowFieldExtractorSchema(0).serialize(row) == b'key'
    assert RowFieldExtractorSchema(1).serialize(row) == b'value'
    assert RowFieldExtractorSchema(0).serialize(Row(key=bytearray(b'k'), value=b'v')) == b'k'
    # A None row or field gives empty bytes, as Flink's.
    assert RowFieldExtractorSchema(0).serialize(None) == b''
    assert RowFieldExtractorSchema(0).serialize(Row(None, b'value')) == b''


def test_row_field_extractor_schema_refuses_bad_indexes_and_fields():
    with pytest.raises(ValueError, match='RowFieldExtractorSchema: Field index must be non-negative, got: -1'):
        RowFieldExtractorSchema(-1)
    with pytest.raises(TypeError, match="the field index is an int, got '0'"):
        RowFieldExtractorSchema('0')
    with pytest.raises(TypeError, match='the field index is an int, got True'):
        RowFieldExtractorSchema(True)
    with pytest.raises(ValueError, match='Cannot access field 5 in Row with arity 2'):
        RowFieldExtractorSchema(5).serialize(Row('field0', 'field1'))
    with pytest.raises(TypeError, match=r'Field at index 1 must be of type bytes, but was int \(42\)'):
        RowFieldExtractorSchema(1).serialize(Row('key', 42))
    with pytest.raises(TypeError, match="Field at index 0 must be of type bytes, but was str \\('not-bytes'\\)"):
        RowFieldExtractorSchema(0).serialize(Row('not-bytes'))
    with pytest.raises(TypeError, match=r"RowFieldExtractorSchema.serialize takes a Row, got \(b'k',\) of type tuple"):
        RowFieldExtractorSchema(0).serialize((b'k',))


def test_row_field_extractor_schemas_of_the_same_index_are_equal():
    assert RowFieldExtractorSchema(1) == RowFieldExtractorSchema(1)
    assert RowFieldExtractorSchema(1) != RowFieldExtractorSchema(2)
    assert hash(RowFieldExtractorSchema(1)) == hash(RowFieldExtractorSchema(1))
    assert repr(RowFieldExtractorSchema(3)) == 'RowFieldExtractorSchema(3)'


def test_base_schemas_are_implemented_in_python_by_subclasses():
    class Upper(SerializationSchema, DeserializationSchema):
        def serialize(self, element):
            return element.upper().encode()

        def deserialize(self, message):
            return message.decode().lower()

        def get_produced_type(self):
            return Types.STRING()

    schema = Upper()
    assert schema.deserialize(schema.serialize('abc')) == 'abc'
    with pytest.raises(NotImplementedError, match='SerializationSchema must implement serialize'):
        SerializationSchema().serialize('x')
    with pytest.raises(NotImplementedError, match='DeserializationSchema must implement deserialize'):
        DeserializationSchema().deserialize(b'x')
    with pytest.raises(NotImplementedError, match='must implement get_produced_type'):
        DeserializationSchema().get_produced_type()


def test_java_objects_are_refused_clearly():
    for cls, argument in ((SerializationSchema, 'j_serialization_schema'),
                          (DeserializationSchema, 'j_deserialization_schema'),
                          (BulkWriterFactory, 'j_bulk_writer_factory')):
        with pytest.raises(TypeError, match=f'{cls.__name__} wraps a Java object in PyFlink, which needs a JVM'):
            cls(**{argument: object()})


def test_a_bulk_writer_factory_makes_writers_of_part_files():
    class Lines(BulkWriterFactory):
        def create(self, stream):
            return LineWriter(stream)

    class LineWriter(object):
        def __init__(self, stream):
            self.stream = stream

        def add_element(self, element):
            self.stream.write(str(element).encode() + b'\n')

        def flush(self):
            pass

        def finish(self):
            self.stream.write(b'end\n')

    part = BytesIO()
    writer = Lines().create(part)
    for element in (1, 'two'):
        writer.add_element(element)
    writer.finish()
    assert part.getvalue() == b'1\ntwo\nend\n'
    with pytest.raises(NotImplementedError, match='BulkWriterFactory must implement create'):
        BulkWriterFactory().create(BytesIO())


def test_pyflink_common_exports_the_schemas():
    for name in ('SerializationSchema', 'DeserializationSchema', 'SimpleStringSchema', 'ByteArraySchema', 'Encoder'):
        assert getattr(spate.common, name) is getattr(spate.common.serialization, name)
