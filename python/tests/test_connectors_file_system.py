"""FileSource with the text line format."""
import warnings

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


def test_malformed_utf8_becomes_replacement_characters_on_every_path(env, tmp_path, capsys):
    # Flink's text-line format decodes with Java's decoder: each malformed sequence becomes U+FFFD,
    # and the job goes on (one bad byte used to fail it with a bare UnicodeDecodeError).
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok\n\xffbad\nmid\xe2\x82\n\xc3\xa9t\xc3\xa9\n")
    expected = ["ok", "\ufffdbad", "mid\ufffd", "\u00e9t\u00e9"]
    assert list(read(env, str(path)).execute_and_collect()) == expected  # Python values
    assert sorted(read(env, str(path)).map(str.upper, Types.STRING()).execute_and_collect()) == \
        sorted(v.upper() for v in expected)  # through a function
    env.set_parallelism(1)
    read(env, str(path)).print()  # the native print path
    env.execute()
    assert capsys.readouterr().out.splitlines() == expected


def test_a_line_of_30_mb_arrives_whole(env, tmp_path):
    path = tmp_path / "long.txt"
    path.write_bytes(b"x" * (30 << 20) + b"\nshort\n")
    lengths = read(env, str(path)).map(len, Types.LONG()).execute_and_collect()
    assert sorted(lengths) == [5, 30 << 20]


def test_only_regular_files_are_read(env, tmp_path):
    # A FIFO would block the source for ever (no writer): a directory's is passed over, as Flink's
    # enumerator lists regular files, and one named as a path is refused.
    import os
    (tmp_path / "a.txt").write_text("a\n")
    os.mkfifo(tmp_path / "pipe")
    assert list(read(env, str(tmp_path)).execute_and_collect()) == ["a"]
    with pytest.raises(ValueError, match="pipe is not a regular file or a directory"):
        read(env, str(tmp_path / "pipe"))


def test_a_monitored_directory_passes_over_a_fifo(env, tmp_path):
    import os
    from spate.common import Duration
    os.mkfifo(tmp_path / "pipe")
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path)) \
        .monitor_continuously(Duration.of_millis(20)).build()
    with env.from_source(source, WatermarkStrategy.no_watermarks(), "lines").execute_and_collect() as results:
        (tmp_path / ".later.txt").write_text("x\n")  # hidden while written, then renamed in
        os.rename(tmp_path / ".later.txt", tmp_path / "later.txt")
        assert next(results) == "x"


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


def test_file_sink_writes_finished_parts_named_as_flink(env, tmp_path):
    import re
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import BucketAssigner, FileSink, OutputFileConfig, RollingPolicy
    out = tmp_path / "out"
    sink = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()) \
        .with_rolling_policy(RollingPolicy.default_rolling_policy(part_size=100)) \
        .with_output_file_config(OutputFileConfig.builder().with_part_prefix("pre").with_part_suffix(".txt").build()) \
        .build()
    env.from_collection([f"line {i}" for i in range(1000)], type_info=Types.STRING()).sink_to(sink)
    env.execute()
    files = sorted(p.name for p in out.iterdir())
    assert files and all(re.fullmatch(r"pre-[0-9a-f-]{36}-\d+\.txt", name) for name in files)
    assert len(files) > 1  # rolled over by size
    lines = sorted(line for p in out.iterdir() for line in p.read_text().splitlines())
    assert lines == sorted(f"line {i}" for i in range(1000))


def test_file_sink_failures_name_the_path_and_the_os_reason_in_words(env, tmp_path):
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import FileSink
    from spate.errors import JobExecutionException
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    base = blocker / "out"  # a directory cannot be made under a regular file
    sink = FileSink.for_row_format(str(base), Encoder.simple_string_encoder()).build()
    env.from_collection(["x"], type_info=Types.STRING()).sink_to(sink)
    with pytest.raises(JobExecutionException) as caught:
        env.execute()
    assert str(caught.value).endswith(f"FileSink: cannot create the directory {base}: Not a directory (errno 20)")
    assert "File Sink" in str(caught.value)


def test_file_sink_buckets_by_hour_and_checks_its_arguments(env, tmp_path):
    import re
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import FileSink
    env.from_collection([1, 2], type_info=Types.LONG()).sink_to(
        FileSink.for_row_format(str(tmp_path), Encoder.simple_string_encoder()).build())
    env.execute()
    buckets = [p for p in tmp_path.iterdir()]
    assert len(buckets) == 1 and re.fullmatch(r"\d{4}-\d\d-\d\d--\d\d", buckets[0].name)
    assert sorted(line for p in buckets[0].iterdir() for line in p.read_text().splitlines()) == ["1", "2"]
    assert not [p for p in buckets[0].iterdir() if p.name.startswith(".")]  # no in-progress files left
    with pytest.raises(TypeError, match="expected an Encoder"):
        FileSink.for_row_format(str(tmp_path), "utf-8")
    with pytest.raises(TypeError, match="expected a sink"):
        env.from_collection([1]).sink_to(object())


def test_a_monitored_directory_brings_new_files_without_end(env, tmp_path):
    import os
    import time
    from spate.common import Duration
    (tmp_path / "first.txt").write_text("a\nb\n")
    source = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path)) \
        .monitor_continuously(Duration.of_millis(20)).build()
    lines = env.from_source(source, WatermarkStrategy.no_watermarks(), "lines").map(str.upper, Types.STRING())
    with lines.execute_and_collect() as results:
        assert sorted([next(results), next(results)]) == ["A", "B"]
        staged = tmp_path / ".second.txt"  # hidden while written, then renamed in
        staged.write_text("c\n")
        os.rename(staged, tmp_path / "second.txt")
        started = time.monotonic()
        assert next(results) == "C"  # found by a later listing
        assert time.monotonic() - started < 5
        (tmp_path / "first.txt").write_text("a\nb\nappended\n")  # a file already read is not read again
        staged = tmp_path / ".third.txt"  # (written in place, a listing could catch it empty, read once)
        staged.write_text("d\n")
        os.rename(staged, tmp_path / "third.txt")
        assert next(results) == "D"
    # Closing the iterator cancels the endless job; the interpreter goes on.
    assert list(read(env, str(tmp_path / "third.txt")).execute_and_collect()) == ["d"]


def test_monitoring_needs_a_positive_duration(tmp_path):
    from spate.common import Duration
    builder = FileSource.for_record_stream_format(StreamFormat.text_line_format(), str(tmp_path))
    with pytest.raises(ValueError, match="discovery interval must be positive"):
        builder.monitor_continuously(Duration.of_millis(0))
    with pytest.raises(TypeError, match="expected a Duration"):
        builder.monitor_continuously(5)


def test_file_sink_parts_roll_by_age_and_inactivity_on_processing_time(env, tmp_path):
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import BucketAssigner, FileSink, RollingPolicy
    from spate.testing import watermark_after_every_batch

    def parts(policy, name):
        out = tmp_path / name
        sink = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
            .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()).with_rolling_policy(policy).build()
        watermark_after_every_batch(env)  # one record per batch; the clock moves 200 ms a reading
        env.from_collection([f"line {i}" for i in range(20)], type_info=Types.STRING()).sink_to(sink)
        env.execute()
        assert not [p for p in out.iterdir() if p.name.startswith(".")]  # nothing left in progress
        assert sorted(line for p in out.iterdir() for line in p.read_text().splitlines()) == \
            sorted(f"line {i}" for i in range(20))
        return len(list(out.iterdir()))

    assert parts(RollingPolicy.default_rolling_policy(rollover_interval=100), "aged") > env.get_parallelism()
    assert parts(RollingPolicy.default_rolling_policy(rollover_interval=10 ** 9, inactivity_interval=100), "idle") \
        > env.get_parallelism()
    # Rolling on checkpoints only: one part per subtask that got records, finished at the end.
    assert parts(RollingPolicy.on_checkpoint_rolling_policy(), "whole") <= env.get_parallelism()
    with pytest.raises(ValueError, match="rollover_interval must be a positive int"):
        RollingPolicy.default_rolling_policy(rollover_interval=0)


@pytest.mark.parametrize("mode", ["EXACTLY_ONCE", "AT_LEAST_ONCE"])
def test_on_checkpoint_rolling_finishes_a_part_at_every_checkpoint(env, tmp_path, mode):
    from spate.common.serialization import Encoder
    from spate.datastream import CheckpointingMode
    from spate.datastream.connectors.file_system import BucketAssigner, FileSink, RollingPolicy
    from spate.testing import watermark_after_every_batch
    out = tmp_path / "out"
    sink = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()) \
        .with_rolling_policy(RollingPolicy.on_checkpoint_rolling_policy()).build()
    watermark_after_every_batch(env)  # one record per batch; the clock moves 200 ms a reading
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said once per process: checkpoints save no state
        env.enable_checkpointing(100, CheckpointingMode[mode])
    env.from_collection([f"line {i}" for i in range(20)], type_info=Types.STRING()) \
        .map(lambda line: line.upper(), Types.STRING()).sink_to(sink)
    env.execute()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # nothing left in progress
    assert sorted(line for p in out.iterdir() for line in p.read_text().splitlines()) == \
        sorted(f"LINE {i}" for i in range(20))
    # A checkpoint completes every few records: many more parts than subtasks.
    assert len(list(out.iterdir())) > 2 * env.get_parallelism()



def test_the_minimum_pause_spaces_checkpoints_out(env, tmp_path):
    from spate.common.serialization import Encoder
    from spate.datastream.connectors.file_system import BucketAssigner, FileSink, RollingPolicy
    from spate.testing import watermark_after_every_batch
    out = tmp_path / "out"
    sink = FileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_bucket_assigner(BucketAssigner.base_path_bucket_assigner()) \
        .with_rolling_policy(RollingPolicy.on_checkpoint_rolling_policy()).build()
    watermark_after_every_batch(env)  # the clock moves 200 ms a reading
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env.enable_checkpointing(100)
    env.get_checkpoint_config().set_min_pause_between_checkpoints(10 ** 9)
    env.from_collection([f"line {i}" for i in range(20)], type_info=Types.STRING()).sink_to(sink)
    env.execute()
    # One checkpoint, then the pause outlasts the job: a part before it and one after, per subtask.
    assert len(list(out.iterdir())) <= 2 * env.get_parallelism()
    assert sorted(line for p in out.iterdir() for line in p.read_text().splitlines()) == \
        sorted(f"line {i}" for i in range(20))
