"""TypeSerializer and the window serializers: PyFlink's (and Java's) byte layout, round trips, and
what they refuse."""
from io import BytesIO

import pytest

from spate.common import TypeSerializer
from spate.datastream.window import (CountWindow, CountWindowSerializer, GlobalWindow, GlobalWindowSerializer,
                                     TimeWindow, TimeWindowSerializer)

LONG_MIN, LONG_MAX = -2 ** 63, 2 ** 63 - 1


def written(serializer, *elements) -> bytes:
    stream = BytesIO()
    for element in elements:
        serializer.serialize(element, stream)
    return stream.getvalue()


def test_a_time_window_is_its_start_and_end_as_big_endian_longs():
    assert written(TimeWindowSerializer(), TimeWindow(1, 258)) == \
        b'\x00\x00\x00\x00\x00\x00\x00\x01' + b'\x00\x00\x00\x00\x00\x00\x01\x02'
    assert written(TimeWindowSerializer(), TimeWindow(-1, 0)) == b'\xff' * 8 + b'\x00' * 8
    assert written(TimeWindowSerializer(), TimeWindow(LONG_MIN, LONG_MAX)) == \
        b'\x80' + b'\x00' * 7 + b'\x7f' + b'\xff' * 7


def test_a_count_window_is_its_id_as_a_big_endian_long():
    assert written(CountWindowSerializer(), CountWindow(5)) == b'\x00' * 7 + b'\x05'
    assert written(CountWindowSerializer(), CountWindow(-2)) == b'\xff' * 7 + b'\xfe'


def test_the_global_window_is_one_zero_byte():
    assert written(GlobalWindowSerializer(), GlobalWindow.get()) == b'\x00'


@pytest.mark.parametrize('serializer, windows', [
    (TimeWindowSerializer(), [TimeWindow(0, 10), TimeWindow(-20, -10), TimeWindow(LONG_MIN, LONG_MAX)]),
    (CountWindowSerializer(), [CountWindow(0), CountWindow(LONG_MAX), CountWindow(LONG_MIN)]),
    (GlobalWindowSerializer(), [GlobalWindow.get(), GlobalWindow()]),
])
def test_windows_written_one_after_another_read_back_in_order(serializer, windows):
    stream = BytesIO(written(serializer, *windows))
    assert [serializer.deserialize(stream) for _ in windows] == windows
    assert stream.read() == b''  # each read takes exactly one window's bytes


def test_the_global_window_reads_back_as_the_one_instance():
    assert GlobalWindowSerializer().deserialize(BytesIO(b'\x00')) is GlobalWindow.get()


def test_the_coder_of_a_serializer_encodes_whole_byte_strings():
    coder = TimeWindowSerializer()._get_coder()
    assert coder.encode_nested(TimeWindow(0, 1)) == b'\x00' * 15 + b'\x01'
    assert coder.decode_nested(b'\x00' * 15 + b'\x01') == TimeWindow(0, 1)
    assert CountWindowSerializer()._get_coder().decode_nested(b'\x00' * 7 + b'\x07') == CountWindow(7)


def test_serializers_refuse_what_they_do_not_write():
    with pytest.raises(TypeError, match=r'TimeWindowSerializer writes a TimeWindow, got CountWindow\(id=1\)'):
        TimeWindowSerializer().serialize(CountWindow(1), BytesIO())
    with pytest.raises(TypeError, match='CountWindowSerializer writes a CountWindow, got 3'):
        CountWindowSerializer().serialize(3, BytesIO())
    with pytest.raises(TypeError, match='GlobalWindowSerializer writes a GlobalWindow, got None'):
        GlobalWindowSerializer().serialize(None, BytesIO())
    with pytest.raises(TypeError, match="TimeWindowSerializer: the window's end must be an int, got 2.5"):
        TimeWindowSerializer().serialize(TimeWindow(0, 2.5), BytesIO())
    with pytest.raises(ValueError, match=f"TimeWindowSerializer: the window's start {LONG_MAX + 1} does not fit"):
        TimeWindowSerializer().serialize(TimeWindow(LONG_MAX + 1, 0), BytesIO())
    with pytest.raises(ValueError, match=f"CountWindowSerializer: the window's id {LONG_MIN - 1} does not fit"):
        CountWindowSerializer().serialize(CountWindow(LONG_MIN - 1), BytesIO())


def test_nothing_is_written_when_a_window_is_refused():
    stream = BytesIO()
    with pytest.raises(ValueError):
        TimeWindowSerializer().serialize(TimeWindow(0, LONG_MAX + 1), stream)
    assert stream.getvalue() == b''


def test_a_stream_too_short_for_a_window_is_refused():
    with pytest.raises(ValueError, match='TimeWindowSerializer.deserialize: a window takes 16 bytes, '
                                         'the stream held 9'):
        TimeWindowSerializer().deserialize(BytesIO(b'\x00' * 9))
    with pytest.raises(ValueError, match='CountWindowSerializer.deserialize: a window takes 8 bytes, '
                                         'the stream held 0'):
        CountWindowSerializer().deserialize(BytesIO())
    with pytest.raises(ValueError, match='GlobalWindowSerializer.deserialize: a window takes 1 bytes'):
        GlobalWindowSerializer().deserialize(BytesIO())


def test_serializers_are_equal_by_class_as_pyflinks():
    assert TimeWindowSerializer() == TimeWindowSerializer()
    assert TimeWindowSerializer() != CountWindowSerializer()
    assert hash(CountWindowSerializer()) == hash(CountWindowSerializer())
    assert repr(GlobalWindowSerializer()) == 'GlobalWindowSerializer()'
    assert isinstance(TimeWindowSerializer(), TypeSerializer)


def test_a_type_serializer_implements_serialize_and_deserialize():
    with pytest.raises(TypeError, match='abstract'):
        TypeSerializer()

    class Utf8(TypeSerializer):
        def serialize(self, element, stream):
            data = element.encode()
            stream.write(len(data).to_bytes(4, 'big') + data)

        def deserialize(self, stream):
            return stream.read(int.from_bytes(stream.read(4), 'big')).decode()

    coder = Utf8()._get_coder()
    assert coder.encode_nested('hé') == b'\x00\x00\x00\x03h\xc3\xa9'
    assert coder.decode_nested(b'\x00\x00\x00\x03h\xc3\xa9') == 'hé'
