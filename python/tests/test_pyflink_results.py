"""Results as PyFlink 2.3 gives them (each expectation observed with PyFlink on the same script):
a keyed stream's collected records, from_collection's lists for tuples, printed strings with
characters Python's repr escapes, and the file sinks' part files."""
import os
import re

import pytest

from spate.common import Encoder, Row, Types
from spate.datastream.connectors.file_system import (FileSink, OutputFileConfig, RollingPolicy,
                                                      StreamingFileSink)

PAIRS = [('a', 'x'), ('b', 'y'), ('a', 'z')]
PAIR = Types.TUPLE([Types.STRING(), Types.STRING()])


def test_a_keyed_stream_collects_rows_of_key_and_value(env):
    # PyFlink: [Row(f0=1, f1=1), Row(f0=0, f1=2), Row(f0=1, f1=3)]
    typed = env.from_collection([1, 2, 3], Types.INT()).key_by(lambda v: v % 2, Types.INT())
    rows = list(typed.execute_and_collect())
    assert sorted(rows, key=lambda r: r.f1) == [Row(f0=1, f1=1), Row(f0=0, f1=2), Row(f0=1, f1=3)]
    assert all(type(r) is Row and r.f0 == r.f1 % 2 for r in rows)
    # PyFlink gives a key of no declared type as its pickled bytes; Spate gives the key itself.
    keyed = env.from_collection(PAIRS, PAIR).key_by(lambda v: v[0])
    assert sorted(keyed.execute_and_collect(), key=lambda r: r.f1) == [
        Row(f0='a', f1=('a', 'x')), Row(f0='a', f1=('a', 'z')), Row(f0='b', f1=('b', 'y'))]
    assert keyed.execute_and_collect(limit=1)[0].f0 in ('a', 'b')
    plain = env.from_collection([[1], [2]]).key_by(lambda v: len(v))
    assert sorted(r.f1 for r in plain.execute_and_collect()) == [[1], [2]]


def test_from_collection_takes_lists_for_tuple_types(env):
    # PyFlink: [('a', 1), ('b', 2)], tuples for both.
    tuples = env.from_collection([['a', 1], ('b', 2)], Types.TUPLE([Types.STRING(), Types.INT()]))
    assert sorted(tuples.map(lambda t: (type(t).__name__, t)).execute_and_collect()) == [
        ('tuple', ('a', 1)), ('tuple', ('b', 2))]
    nested = env.from_collection([[['x', 1]]], Types.TUPLE([Types.TUPLE([Types.STRING(), Types.INT()])]))
    assert list(nested.execute_and_collect()) == [(('x', 1),)]
    with pytest.raises(ValueError, match="2 fields where 3 are declared"):
        env.from_collection([['a', 1]], Types.TUPLE([Types.STRING(), Types.INT(), Types.INT()]))


def test_map_outputs_stay_strict_about_tuples(env):
    env.from_collection([1]).map(lambda v: [v, v], Types.TUPLE([Types.INT(), Types.INT()])).print()
    with pytest.raises(TypeError, match="return a tuple, not a list"):
        env.execute()


STRINGS = ['a\u00a0b', 'c\u2028d', '\x85\ue000', '\U0001f600\u200b', '\U000e0001\u0378\u3000',
           '\u2029\xad\x7f', "q'\"", '\ud7ff\U0010ffff']


def test_print_shows_strings_in_containers_as_pythons_repr(capsys):
    from spate.datastream import StreamExecutionEnvironment
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    row_type = Types.ROW([Types.TUPLE([Types.STRING()] * len(STRINGS)), Types.LIST(Types.STRING()),
                          Types.ROW([Types.STRING(), Types.STRING()])])
    env.from_collection([Row(tuple(STRINGS), STRINGS, Row(STRINGS[0], STRINGS[1]))], row_type).print()
    env.from_collection([Row({'k\xa0': 'v\u2028'})], Types.ROW([Types.MAP(Types.STRING(), Types.STRING())])).print()
    # Plain strings, typed or not, and typed tuples print the characters themselves.
    env.from_collection(STRINGS[:2], Types.STRING()).print()
    env.from_collection([tuple(STRINGS[:2])], Types.TUPLE([Types.STRING()] * 2)).print()
    env.from_collection([tuple(STRINGS[:2])]).print()
    env.execute()
    lines = capsys.readouterr().out.split('\n')
    # What PyFlink 2.3 printed for the same job (Python's str() of each ROW field).
    listed = ', '.join(repr(s) for s in STRINGS)
    expected = [f"+I[({listed}),[{listed}],Row(f0='a\\xa0b', f1='c\\u2028d')]", "+I[{'k\\xa0': 'v\\u2028'}]",
                'a\u00a0b', 'c\u2028d', '(a\u00a0b,c\u2028d)', "('a\\xa0b', 'c\\u2028d')"]
    for line in expected:
        assert line in lines


def parts(directory):
    return sorted((os.path.relpath(os.path.join(root, f), directory), open(os.path.join(root, f)).read())
                  for root, _, files in os.walk(directory) for f in files)


def streaming_file_sink(out, part_size=None):
    import warnings
    builder = StreamingFileSink.for_row_format(str(out), Encoder.simple_string_encoder()) \
        .with_output_file_config(OutputFileConfig.builder().with_part_prefix('pre').with_part_suffix('.txt').build())
    if part_size:
        builder = builder.with_rolling_policy(RollingPolicy.default_rolling_policy(part_size=part_size))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return builder.build()


LINES = [f'line{i}' for i in range(10)]


@pytest.mark.parametrize("part_size", [None, 20])
def test_streaming_file_sink_without_checkpoints_leaves_parts_in_progress(env, tmp_path, part_size):
    # PyFlink (parallelism 2, parts of 20 bytes): .pre-0-0.txt.inprogress.<uuid> (24 bytes),
    # .pre-0-1.txt.inprogress.<uuid> (6), and the same for subtask 1; no finished part.
    env.from_collection(LINES, Types.STRING()).add_sink(streaming_file_sink(tmp_path, part_size))
    env.execute()
    found = parts(tmp_path)
    names = [os.path.basename(name) for name, _ in found]
    assert all(re.fullmatch(r"\.pre-\d-\d\.txt\.inprogress\.[0-9a-f-]{36}", name) for name in names), names
    assert sorted(line for _, text in found for line in text.splitlines()) == sorted(LINES)
    subtasks = {name.split('-')[1] for name in names}
    assert subtasks == {str(i) for i in range(env.get_parallelism())}
    if part_size:
        assert any(name.split('-')[2].startswith('1') for name in names)  # rolled: a second part


def test_streaming_file_sink_with_checkpoints_finishes_rolled_parts(env, tmp_path):
    # PyFlink (parallelism 2): pre-0-0.txt (rolled, committed by the checkpoint) and
    # .pre-0-1.txt.inprogress.<uuid> (open at the end), the same for subtask 1.
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # checkpoints save no state yet (said once)
        env.enable_checkpointing(50)
    env.from_collection(LINES, Types.STRING()).add_sink(streaming_file_sink(tmp_path, 20))
    env.execute()
    names = [os.path.basename(name) for name, _ in parts(tmp_path)]
    finished = [re.fullmatch(r"pre-(\d)-(\d)\.txt", n) for n in names if not n.startswith('.')]
    open_parts = [re.fullmatch(r"\.pre-(\d)-(\d)\.txt\.inprogress\.[0-9a-f-]{36}", n) for n in names if n.startswith('.')]
    assert finished and all(finished) and all(open_parts) and len(open_parts) == env.get_parallelism()
    last = {m.group(1): int(m.group(2)) for m in open_parts}
    assert all(int(m.group(2)) < last[m.group(1)] for m in finished)


def test_file_sink_names_parts_with_one_uuid_per_subtask_and_a_count(env, tmp_path):
    # PyFlink (parallelism 2): pre-<uuid1>-0.txt, pre-<uuid1>-1.txt, pre-<uuid2>-0.txt, pre-<uuid2>-1.txt.
    sink = FileSink.for_row_format(str(tmp_path), Encoder.simple_string_encoder()) \
        .with_output_file_config(OutputFileConfig.builder().with_part_prefix('pre').with_part_suffix('.txt').build()) \
        .with_rolling_policy(RollingPolicy.default_rolling_policy(part_size=20)).build()
    env.from_collection(LINES, Types.STRING()).sink_to(sink)
    env.execute()
    names = [os.path.basename(name) for name, _ in parts(tmp_path)]
    matches = [re.fullmatch(r"pre-([0-9a-f-]{36})-(\d+)\.txt", name) for name in names]
    assert all(matches), names
    by_uuid = {}
    for match in matches:
        by_uuid.setdefault(match.group(1), []).append(int(match.group(2)))
    assert len(by_uuid) == env.get_parallelism()
    assert all(sorted(counts) == list(range(len(counts))) for counts in by_uuid.values())
