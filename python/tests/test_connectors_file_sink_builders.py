"""The rest of PyFlink's file system connector: StreamingFileSink (add_sink), compaction settings,
file enumerators and split assigners, bulk formats refused clearly, DeliveryGuarantee."""
import re
import warnings

import pytest

from spate.common import Types, WatermarkStrategy
from spate.common.serialization import Encoder
from spate.datastream import SinkFunction
from spate.datastream.connectors import DeliveryGuarantee
from spate.datastream.connectors.file_system import (BucketAssigner, FileCompactor, FileCompactStrategy,
                                                     FileEnumeratorProvider, FileSink, FileSource,
                                                     FileSplitAssignerProvider, OutputFileConfig, RollingPolicy,
                                                     StreamFormat, StreamingFileSink)


def lines_in(directory):
    return sorted(line for part in directory.iterdir() for line in part.read_text().splitlines())


def test_streaming_file_sink_writes_parts_through_add_sink(env, tmp_path):
    out = tmp_path / "out"
    with pytest.warns(DeprecationWarning, match="Use FileSink instead"):
        sink = StreamingFileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
            .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()) \
            .with_rolling_policy(RollingPolicy.default_rolling_policy(part_size=64)) \
            .with_output_file_config(OutputFileConfig.builder().with_part_prefix("legacy").build()) \
            .build()
    records = [f"record {i}" for i in range(300)]
    env.from_collection(records, type_info=Types.STRING()).add_sink(sink).name("files")
    env.execute()
    names = [part.name for part in out.iterdir()]
    # Without checkpointing they stay in progress, as Flink's (test_pyflink_results has the details).
    assert len(names) > 1 and all(re.fullmatch(r"\.legacy-\d+-\d+\.inprogress\.[0-9a-f-]{36}", name) for name in names)
    assert lines_in(out) == sorted(records)


def test_a_keyed_stream_adds_a_sink_too(env, tmp_path):
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        sink = StreamingFileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
            .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()).build()
    env.from_collection(["a", "b", "a"], type_info=Types.STRING()).key_by(lambda x: x).add_sink(sink)
    env.execute()
    assert lines_in(out) == ["a", "a", "b"]


def test_add_sink_refuses_what_it_cannot_run(env):
    ds = env.from_collection([1], type_info=Types.LONG())
    with pytest.raises(NotImplementedError, match="Java SinkFunction, which Spate cannot run"):
        ds.add_sink(SinkFunction(None))
    with pytest.raises(TypeError, match="add_sink: expected a SinkFunction such as StreamingFileSink, got 'out.txt'"):
        ds.add_sink("out.txt")


def test_compaction_is_kept_and_leaves_the_records_as_written(env, tmp_path, monkeypatch):
    from spate.datastream import deployment
    monkeypatch.setattr(deployment, '_warned', set())  # said once per process: make this the first time
    out = tmp_path / "out"
    strategy = FileCompactStrategy.builder().enable_compaction_on_checkpoint(2).set_size_threshold(1024) \
        .set_num_compact_threads(2).build()
    builder = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner())
    with pytest.warns(UserWarning, match="Spate does not compact part files"):
        assert builder.enable_compact(strategy, FileCompactor.concat_file_compactor(b"\n")) is builder
    sink = builder.build()
    assert sink._compaction == (strategy, FileCompactor.concat_file_compactor(b"\n"))
    assert sink.get_transformer() is None
    env.from_collection(["x", "y"], type_info=Types.STRING()).sink_to(sink)
    env.execute()
    assert lines_in(out) == ["x", "y"]
    assert builder.disable_compact().build()._compaction is None


def test_compaction_settings_check_their_arguments():
    with pytest.raises(ValueError, match="At least one trigger condition must be configured"):
        FileCompactStrategy.builder().build()
    with pytest.raises(ValueError, match="Number of checkpoints before compaction should be more than 0, got 0"):
        FileCompactStrategy.builder().enable_compaction_on_checkpoint(0)
    with pytest.raises(ValueError, match="Compact threads should be more than 0, got -2"):
        FileCompactStrategy.builder().set_num_compact_threads(-2)
    with pytest.raises(TypeError, match="set_size_threshold: size_threshold must be an int, got '1MB'"):
        FileCompactStrategy.builder().set_size_threshold('1MB')
    with pytest.raises(TypeError, match="file_delimiter must be bytes, got '\\\\n'"):
        FileCompactor.concat_file_compactor("\n")
    builder = FileSink.for_row_format("out", Encoder.simple_string_encoder())
    with pytest.raises(TypeError, match="enable_compact: expected a FileCompactStrategy"):
        builder.enable_compact(None, FileCompactor.identical_file_compactor())
    with pytest.raises(TypeError, match="enable_compact: expected a FileCompactor"):
        builder.enable_compact(FileCompactStrategy.builder().set_size_threshold(1).build(), "concat")
    assert repr(FileCompactor.identical_file_compactor()) == "FileCompactor.identical_file_compactor()"


def test_enumerators_and_split_assigners_are_kept_and_read_the_same_lines(env, tmp_path):
    (tmp_path / "a.txt").write_text("1\n2\n")
    (tmp_path / "b.txt").write_text("3\n")
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path)) \
        .set_file_enumerator(FileEnumeratorProvider.default_non_splittable_file_enumerator()) \
        .set_split_assigner(FileSplitAssignerProvider.locality_aware_split_assigner()) \
        .build()
    assert source._file_enumerator == FileEnumeratorProvider.default_non_splittable_file_enumerator()
    assert source._file_enumerator != FileEnumeratorProvider.default_splittable_file_enumerator()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "lines").execute_and_collect()
    assert sorted(lines) == ["1", "2", "3"]
    builder = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path))
    with pytest.raises(TypeError, match="set_file_enumerator: expected a FileEnumeratorProvider"):
        builder.set_file_enumerator("recursive")
    with pytest.raises(TypeError, match="set_split_assigner: expected a FileSplitAssignerProvider"):
        builder.set_split_assigner(None)


def test_bulk_formats_are_refused_naming_the_call_and_the_alternative():
    with pytest.raises(NotImplementedError, match="FileSink.for_bulk_format: bulk formats are not supported by "
                                                  "Spate yet; use for_row_format"):
        FileSink.for_bulk_format("out", object())
    with pytest.raises(NotImplementedError, match="FileSource.for_bulk_file_format: bulk formats"):
        FileSource.for_bulk_file_format(object(), "in")
    with pytest.raises(NotImplementedError, match="StreamingFileSink.for_bulk_format: bulk formats"):
        StreamingFileSink.for_bulk_format("out", object())
    with pytest.raises(NotImplementedError, match="FileSink.BulkFormatBuilder: bulk formats"):
        FileSink.BulkFormatBuilder(object())


def test_file_sink_builders_check_their_arguments():
    builder = FileSink.for_row_format("out", Encoder.simple_string_encoder())
    with pytest.raises(ValueError, match="with_bucket_check_interval: the interval must be a positive int"):
        builder.with_bucket_check_interval(0)
    with pytest.raises(TypeError, match="with_rolling_policy: expected a RollingPolicy, got 'daily'"):
        builder.with_rolling_policy('daily')
    with pytest.raises(TypeError, match="for_row_format: expected an Encoder"):
        StreamingFileSink.for_row_format("out", "utf-8")


def test_delivery_guarantees_are_flinks():
    assert [g.name for g in DeliveryGuarantee] == ['EXACTLY_ONCE', 'AT_LEAST_ONCE', 'NONE']
