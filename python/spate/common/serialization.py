"""Encoders, serialization schemas and bulk writer factories, as ``pyflink.common.serialization``.

PyFlink's schemas wrap Java objects that Kafka's and Pulsar's connectors call; Spate's are Python
objects with the same rules, for its connectors to call: `serialize(element) -> bytes`,
`deserialize(message) -> element`, `get_produced_type()`.
"""
from typing import Optional

from spate.common.typeinfo import TypeInformation, Types
from spate.common.types import Row

_BYTES_LIKE = (bytes, bytearray, memoryview)


def _require_utf8(charset_name: str, what: str) -> None:
    """Spate reads and writes text as UTF-8 only; any other charset is refused, not garbled."""
    if not isinstance(charset_name, str):
        raise TypeError(f"{what}: the charset is a name such as 'UTF-8', got {charset_name!r}")
    if charset_name.replace("-", "").upper() != "UTF8":
        raise NotImplementedError(f"{what}: only UTF-8 is supported by Spate, got {charset_name!r}")


def _shown(value, limit: int = 60) -> str:
    """`repr(value)`, cut short for an error message."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + '...'


def _no_jvm(what: str, java_object) -> None:
    if java_object is not None:
        raise TypeError(f"{what} wraps a Java object in PyFlink, which needs a JVM (Spate has none); "
                        f"subclass {what} in Python instead")


class Encoder(object):
    """How a row-format sink turns a record into bytes."""

    def __init__(self, kind: str, charset_name: str = "UTF-8"):
        self._kind = kind
        self._charset_name = charset_name

    @staticmethod
    def simple_string_encoder(charset_name: str = "UTF-8") -> 'Encoder':
        """Each record's string form (as `print()` writes it) and a newline."""
        _require_utf8(charset_name, "simple_string_encoder")
        return Encoder("simple_string", charset_name)

    def __eq__(self, other):
        return isinstance(other, Encoder) and (self._kind, self._charset_name) == (other._kind, other._charset_name)

    def __hash__(self):
        return hash((self._kind, self._charset_name))


class SerializationSchema(object):
    """How a sink (Kafka's, Pulsar's) turns a record into bytes, as Flink's SerializationSchema,
    which PyFlink's class wraps. A subclass implements `serialize(element) -> bytes`."""

    def __init__(self, j_serialization_schema=None):
        _no_jvm("SerializationSchema", j_serialization_schema)

    def serialize(self, element) -> bytes:
        """The bytes of `element`."""
        raise NotImplementedError(f"{type(self).__name__} must implement serialize(element)")


class DeserializationSchema(object):
    """How a source (Kafka's, Pulsar's) turns the bytes of a message into a record, and the type of
    those records, as Flink's DeserializationSchema, which PyFlink's class wraps. A subclass
    implements `deserialize(message)` and `get_produced_type()`."""

    def __init__(self, j_deserialization_schema=None):
        _no_jvm("DeserializationSchema", j_deserialization_schema)

    def deserialize(self, message: bytes):
        """The record that the bytes `message` hold."""
        raise NotImplementedError(f"{type(self).__name__} must implement deserialize(message)")

    def is_end_of_stream(self, next_element) -> bool:
        """Whether `next_element` ends the stream (it is then not emitted); never, by default."""
        return False

    def get_produced_type(self) -> TypeInformation:
        """The type of the records `deserialize` gives."""
        raise NotImplementedError(f"{type(self).__name__} must implement get_produced_type()")


def _require_bytes(message, what: str) -> bytes:
    if not isinstance(message, _BYTES_LIKE):
        raise TypeError(f"{what} takes bytes, got {_shown(message)} of type {type(message).__name__}")
    return bytes(message)


class SimpleStringSchema(SerializationSchema, DeserializationSchema):
    """Strings to bytes and back in `charset` (UTF-8 by default), as Flink's SimpleStringSchema.
    Spate supports UTF-8 only. Unlike Java, which writes '?' for an unpaired surrogate and reads
    malformed bytes as U+FFFD, Spate refuses both with a ValueError."""

    def __init__(self, charset: str = 'UTF-8'):
        _require_utf8(charset, "SimpleStringSchema")
        SerializationSchema.__init__(self)
        DeserializationSchema.__init__(self)
        self._charset = charset

    def serialize(self, element: str) -> bytes:
        """The UTF-8 bytes of the str `element`."""
        if not isinstance(element, str):
            raise TypeError(f"SimpleStringSchema.serialize takes a str, got {_shown(element)} of type "
                            f"{type(element).__name__}")
        try:
            return element.encode('utf-8')
        except UnicodeEncodeError as error:
            raise ValueError(f"SimpleStringSchema.serialize: {_shown(element)} cannot be written as UTF-8 "
                             f"({error.reason} at index {error.start})") from None

    def deserialize(self, message: bytes) -> str:
        """The str that the UTF-8 bytes `message` spell."""
        data = _require_bytes(message, "SimpleStringSchema.deserialize")
        try:
            return data.decode('utf-8')
        except UnicodeDecodeError as error:
            raise ValueError(f"SimpleStringSchema.deserialize: {_shown(data)} is not valid UTF-8 "
                             f"({error.reason} at byte {error.start})") from None

    def get_produced_type(self) -> TypeInformation:
        return Types.STRING()

    def __repr__(self):
        return f"SimpleStringSchema(charset={self._charset!r})"


class ByteArraySchema(SerializationSchema, DeserializationSchema):
    """Bytes passed through unchanged both ways, as Flink's ByteArraySchema."""

    def __init__(self):
        SerializationSchema.__init__(self)
        DeserializationSchema.__init__(self)

    def serialize(self, element: bytes) -> bytes:
        """`element` itself (a bytearray or memoryview as bytes)."""
        return _require_bytes(element, "ByteArraySchema.serialize")

    def deserialize(self, message: bytes) -> bytes:
        """`message` itself (a bytearray or memoryview as bytes)."""
        return _require_bytes(message, "ByteArraySchema.deserialize")

    def get_produced_type(self) -> TypeInformation:
        return Types.PRIMITIVE_ARRAY(Types.BYTE())

    def __repr__(self):
        return "ByteArraySchema()"


class RowFieldExtractorSchema(SerializationSchema):
    """Writes one field of a Row, which must hold bytes, as Flink's RowFieldExtractorSchema (for
    instance a Kafka record's key from field 0 and its value from field 1). A None row or field
    gives empty bytes."""

    def __init__(self, field_index: int):
        if not isinstance(field_index, int) or isinstance(field_index, bool):
            raise TypeError(f"RowFieldExtractorSchema: the field index is an int, got {field_index!r}")
        if field_index < 0:
            raise ValueError(f"RowFieldExtractorSchema: Field index must be non-negative, got: {field_index}")
        super().__init__()
        self._field_index = field_index

    def serialize(self, element: Optional[Row]) -> bytes:
        """The bytes of the row's field at the schema's index."""
        if element is None:
            return b''
        if not isinstance(element, Row):
            raise TypeError(f"RowFieldExtractorSchema.serialize takes a Row, got {_shown(element)} of type "
                            f"{type(element).__name__}")
        if self._field_index >= len(element):
            raise ValueError(f"RowFieldExtractorSchema: Cannot access field {self._field_index} in Row with "
                             f"arity {len(element)}")
        field = element[self._field_index]
        if field is None:
            return b''
        if not isinstance(field, _BYTES_LIKE):
            raise TypeError(f"RowFieldExtractorSchema: Field at index {self._field_index} must be of type bytes, "
                            f"but was {type(field).__name__} ({_shown(field)})")
        return bytes(field)

    def __eq__(self, other):
        return isinstance(other, RowFieldExtractorSchema) and self._field_index == other._field_index

    def __hash__(self):
        return self._field_index

    def __repr__(self):
        return f"RowFieldExtractorSchema({self._field_index})"


class BulkWriterFactory(object):
    """Makes the writer of each part file of a bulk-format file sink, as Flink's BulkWriter.Factory,
    which PyFlink's class wraps. A subclass implements `create(stream)`: given the binary stream of
    a new part file, it returns a writer with `add_element(element)` (encodes and writes one
    record), `flush()` (writes what it buffers) and `finish()` (writes what is left, such as a
    footer; the sink closes the stream)."""

    def __init__(self, j_bulk_writer_factory=None):
        _no_jvm("BulkWriterFactory", j_bulk_writer_factory)

    def create(self, stream):
        """A writer of records to the binary `stream` of one part file."""
        raise NotImplementedError(f"{type(self).__name__} must implement create(stream)")


__all__ = ['BulkWriterFactory', 'ByteArraySchema', 'DeserializationSchema', 'Encoder', 'RowFieldExtractorSchema',
           'SerializationSchema', 'SimpleStringSchema']
