"""`TypeSerializer`, as in `pyflink.common.serializer`: how a value of a type is written to and read
from a binary stream (window serializers, state written in Python)."""

from abc import ABC, abstractmethod
from io import BytesIO
from typing import Generic, TypeVar

__all__ = ['TypeSerializer']

T = TypeVar('T')


class TypeSerializer(ABC, Generic[T]):
    """Writes values of one type to a binary stream and reads them back, as PyFlink's base of its
    Python serializers: a subclass implements `serialize(element, stream)` (writes the element's
    bytes to the stream) and `deserialize(stream)` (reads exactly one element's bytes). Serializers
    of the same class and settings are equal."""

    def __eq__(self, other):
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "%s()" % self.__class__.__name__

    def __hash__(self):
        return hash(str(self))

    @abstractmethod
    def serialize(self, element: T, stream: BytesIO) -> None:
        """Writes `element` to `stream`."""

    @abstractmethod
    def deserialize(self, stream: BytesIO) -> T:
        """Reads one element from `stream`."""

    def _get_coder(self):
        """A coder over this serializer, as PyFlink's: `encode_nested(element)` gives the element's
        bytes, `decode_nested(data)` reads an element from bytes."""
        return _SerializerCoder(self)


class _SerializerCoder(object):
    """What `TypeSerializer._get_coder` gives: the serializer's rules on whole byte strings."""

    def __init__(self, serializer: TypeSerializer):
        self._serializer = serializer

    def encode_nested(self, element) -> bytes:
        stream = BytesIO()
        self._serializer.serialize(element, stream)
        return stream.getvalue()

    def decode_nested(self, bytes_data: bytes):
        return self._serializer.deserialize(BytesIO(bytes_data))
