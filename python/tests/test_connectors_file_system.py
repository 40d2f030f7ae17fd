"""FileSource with the text line format."""
import pytest

from spate.common import Types, WatermarkStrategy
from spate.datastream.connectors.file_system import FileSource, StreamFormat


def read(env, *paths):
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), *paths).build()
    return env.from_source(source, WatermarkStrategy.no_watermarks(), "lines")


def test_lines_of_files_and_directories(env, tmp_path):
    (tmp_path / "a.txt").write_bytes(b"one two\r\nthree\n\nfour")
    (tmp_path / "b.txt").write_text("f\u00fcnf\n")
    (tmp_path / ".hidden").write_text("never\n")
    nested = tmp_path / "more"
    nested.mkdir()
    (nested / "c.txt").write_text("six\n")
    lines = read(env, str(tmp_path)).execute_and_collect()
    assert sorted(lines) == sorted(["one two", "three", "", "four", "f\u00fcnf", "six"])
    assert list(read(env, str(tmp_path / "b.txt")).execute_and_collect()) == ["f\u00fcnf"]


def test_a_large_file_in_many_batches(env, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("".join(f"line {i}\n" for i in range(50_000)))
    words = read(env, str(path)).flat_map(str.split, output_type=Types.STRING()) \
        .filter(lambda w: w != "line").map(int, output_type=Types.LONG())
    assert sum(words.execute_and_collect()) == sum(range(50_000))


def test_missing_files_and_unsupported_options_fail_clearly(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file or directory"):
        FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path / "nope")).build()
    with pytest.raises(NotImplementedError, match="only UTF-8"):
        StreamFormat.text_line_format("latin-1")
    with pytest.raises(ValueError, match="at least one path"):
        FileSource.for_record_stream_format(StreamFormat.text_line_format())
