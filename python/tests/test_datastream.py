"""The DataStream core: sources, UDF operators, keyed aggregations, sinks and their errors."""
import pytest

from spate.common import Row, Types, WatermarkStrategy
from spate.datastream import (FilterFunction, FlatMapFunction, MapFunction, ReduceFunction,
                              RuntimeExecutionMode, StreamExecutionEnvironment)
from spate.datastream.connectors.number_seq import NumberSequenceSource
from spate.errors import JobExecutionException


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def test_map_filter_flat_map_on_python_objects(env):
    ds = env.from_collection(["a b", "c", "d e f"])
    out = ds.flat_map(lambda line: line.split()).filter(lambda w: w != "c").map(str.upper)
    assert sorted(out.execute_and_collect()) == ["A", "B", "D", "E", "F"]


def test_typed_map_over_number_sequence(env):
    src = env.from_source(NumberSequenceSource(0, 19_999), WatermarkStrategy.no_watermarks(), "seq")
    out = src.map(lambda x: x * 2 + 1, output_type=Types.LONG()).filter(lambda x: x % 3 == 0)
    values = list(out.execute_and_collect())
    assert len(values) == sum(1 for x in range(20_000) if (2 * x + 1) % 3 == 0)
    assert sum(values) == sum(2 * x + 1 for x in range(20_000) if (2 * x + 1) % 3 == 0)


def test_function_objects_are_opened_per_subtask_and_closed(env):
    class AddIndex(MapFunction):
        def open(self, runtime_context):
            self.parallelism = runtime_context.get_number_of_parallel_subtasks()

        def map(self, value):
            return value * 10 + self.parallelism

    class Even(FilterFunction):
        def filter(self, value):
            return value % 2 == 0

    class Twice(FlatMapFunction):
        def flat_map(self, value):
            yield value
            yield value

    p = env.get_parallelism()
    out = env.from_collection([1, 2, 3, 4]).filter(Even()).flat_map(Twice()).map(AddIndex())
    assert sorted(out.execute_and_collect()) == sorted([20 + p, 20 + p, 40 + p, 40 + p])


def test_keyed_sum_on_tuples_keeps_first_record_fields(env):
    data = [("a", 1), ("b", 2), ("a", 3), ("b", 4), ("a", 5)]
    ds = env.from_collection(data, type_info=Types.TUPLE([Types.STRING(), Types.LONG()]))
    out = list(ds.key_by(lambda t: t[0], key_type=Types.STRING()).sum(1).execute_and_collect())
    assert sorted(out) == sorted([("a", 1), ("b", 2), ("a", 4), ("b", 6), ("a", 9)])


@pytest.mark.parametrize("method, expected", [
    ("min", [(1, 5, "x"), (1, 3, "x"), (1, 3, "x")]),
    ("max", [(1, 5, "x"), (1, 5, "x"), (1, 7, "x")]),
    ("min_by", [(1, 5, "x"), (1, 3, "y"), (1, 3, "y")]),
    ("max_by", [(1, 5, "x"), (1, 5, "x"), (1, 7, "z")]),
])
def test_min_max_and_by_variants(method, expected):
    env = StreamExecutionEnvironment.get_execution_environment()
    ds = env.from_collection([(1, 5, "x"), (1, 3, "y"), (1, 7, "z")],
                             type_info=Types.TUPLE([Types.LONG(), Types.LONG(), Types.STRING()]))
    keyed = ds.key_by(lambda t: t[0])
    assert list(getattr(keyed, method)(1).execute_and_collect()) == expected


def test_sum_by_field_name_on_rows(env):
    row_type = Types.ROW_NAMED(["name", "score"], [Types.STRING(), Types.DOUBLE()])
    ds = env.from_collection([Row("a", 1.5), Row("a", 2.0)], type_info=row_type)
    out = list(ds.key_by(lambda r: r.name).sum("score").execute_and_collect())
    assert [r.score for r in out] == [1.5, 3.5]
    assert out[-1].name == "a"


def test_reduce_with_python_function_and_pickled_sum(env):
    ds = env.from_collection([("a", 1), ("b", 10), ("a", 2)])
    reduced = ds.key_by(lambda t: t[0]).reduce(lambda a, b: (a[0], a[1] + b[1]))
    assert sorted(reduced.execute_and_collect()) == [("a", 1), ("a", 3), ("b", 10)]

    class Concat(ReduceFunction):
        def reduce(self, a, b):
            return a + b
    words = env.from_collection(["x", "y", "x"]).key_by(lambda w: w).reduce(Concat())
    assert sorted(words.execute_and_collect()) == ["x", "xx", "y"]
    summed = env.from_collection([("k", 1), ("k", 2)]).key_by(lambda t: t[0]).sum(1)
    assert list(summed.execute_and_collect()) == [("k", 1), ("k", 3)]


def test_batch_mode_emits_final_value_per_key():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_runtime_mode(RuntimeExecutionMode.BATCH)
    ds = env.from_collection([("a", 1), ("b", 2), ("a", 3)], type_info=Types.TUPLE([Types.STRING(), Types.LONG()]))
    assert sorted(ds.key_by(lambda t: t[0]).sum(1).execute_and_collect()) == [("a", 4), ("b", 2)]
    reduced = env.from_collection([1, 2, 3, 4]).key_by(lambda x: x % 2).reduce(lambda a, b: a + b)
    assert sorted(reduced.execute_and_collect()) == [4, 6]


def test_union_of_streams(env):
    a = env.from_collection([1, 2], type_info=Types.LONG())
    b = env.from_collection([3], type_info=Types.LONG())
    c = env.from_source(NumberSequenceSource(10, 11), WatermarkStrategy.no_watermarks(), "seq")
    assert sorted(a.union(b, c).execute_and_collect()) == [1, 2, 3, 10, 11]


def test_print_formats_as_pyflink(capsys):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([(1, 'x', [1, 2], {'a': 1})]).print()
    env.execute()
    env.from_collection([(1, "x", 2.5)], type_info=Types.TUPLE([Types.LONG(), Types.STRING(), Types.DOUBLE()])).print()
    env.execute()
    env.from_collection([Row(1, "x", 2.5, None)],
                        type_info=Types.ROW([Types.LONG(), Types.STRING(), Types.DOUBLE(), Types.STRING()])).print()
    env.execute()
    env.from_collection([0.1], type_info=Types.FLOAT()).print()
    env.execute()
    assert lines(capsys) == ["(1, 'x', [1, 2], {'a': 1})", "(1,x,2.5)", "+I[1,x,2.5,None]", "0.1"]


def test_print_prefixes_subtask_when_parallel(capsys):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    env.from_collection([1, 2, 3, 4], type_info=Types.LONG()).map(lambda x: x, output_type=Types.LONG()).print()
    env.execute()
    out = lines(capsys)
    assert sorted(line.split("> ")[1] for line in out) == ["1", "2", "3", "4"]
    assert {line.split("> ")[0] for line in out} <= {"1", "2"}


def test_word_count_example_output(capsys):
    import runpy
    import os
    from spate._pyflink_alias import install
    install()
    here = os.path.dirname(__file__)
    runpy.run_path(os.path.join(here, "..", "..", "examples", "word_count.py"), run_name="__main__")
    out = lines(capsys)
    assert "(to,1)" in out and "(to,6)" in out and "(question,1)" in out


def test_execute_result_and_plan():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([1, 2]).map(lambda x: x).name("double").print()
    plan = env.get_execution_plan()
    import json
    nodes = json.loads(plan)["nodes"]
    assert [n["contents"] for n in nodes] == ["Source: Collection Source", "double", "Sink: Print to Std. Out"]
    assert nodes[1]["predecessors"][0]["ship_strategy"] == "FORWARD"
    result = env.execute("job")
    assert len(str(result.get_job_id())) == 32
    assert result.get_net_runtime() >= 0


def test_execute_and_collect_limit_and_early_close():
    env = StreamExecutionEnvironment.get_execution_environment()
    src = env.from_source(NumberSequenceSource(0, 10_000_000), WatermarkStrategy.no_watermarks(), "seq")
    assert src.execute_and_collect(limit=3) == [0, 1, 2]
    with src.map(lambda x: x).execute_and_collect() as it:
        assert next(it) == 0
    # The job was cancelled when the iterator closed; the next job runs normally.
    assert list(env.from_collection([7]).execute_and_collect()) == [7]


# ---- bad input ----

def test_udf_exception_names_operator_and_chains_original(env):
    def explode(x):
        raise KeyError("nope")
    env.from_collection([1, 2, 3]).map(explode).name("exploder").uid("ex-1").print()
    with pytest.raises(JobExecutionException) as info:
        env.execute()
    message = str(info.value)
    assert "exploder" in message and "ex-1" in message and "explode" in message and "KeyError" in message
    assert isinstance(info.value.__cause__, KeyError)
    assert info.value.__cause__.__traceback__ is not None
    # The interpreter stays usable: the next job runs.
    assert list(env.from_collection([1]).map(lambda x: x + 1).execute_and_collect()) == [2]


@pytest.mark.parametrize("value, output_type, error, fragment", [
    ("a string", Types.LONG(), TypeError, "expected int (declared Types.LONG()), got 'a string' of type str"),
    (2 ** 70, Types.LONG(), OverflowError, "Types.BIG_INT()"),
    (None, Types.LONG(), TypeError, "does not accept None"),
    (5, Types.STRING(), TypeError, "expected str (declared Types.STRING()), got 5 of type int"),
    ((1, 2), Types.ROW([Types.LONG(), Types.LONG()]), TypeError, "return Row(...) not a tuple"),
    ((1,), Types.TUPLE([Types.LONG(), Types.LONG()]), ValueError, "it has 1 fields where 2 are declared"),
])
def test_udf_result_not_fitting_output_type(env, value, output_type, error, fragment):
    env.from_collection([1]).map(lambda x: value, output_type=output_type).name("mapper").print()
    with pytest.raises(error) as info:
        env.execute()
    assert fragment in str(info.value)
    assert "mapper" in str(info.value)


def test_bad_collection_values_raise_at_from_collection():
    env = StreamExecutionEnvironment.get_execution_environment()
    with pytest.raises(OverflowError, match="element 1"):
        env.from_collection([1, 2 ** 31], type_info=Types.INT())
    with pytest.raises(TypeError, match="from_collection"):
        env.from_collection(["x"], type_info=Types.LONG())


def test_invalid_calls_raise_at_the_call():
    env = StreamExecutionEnvironment.get_execution_environment()
    with pytest.raises(ValueError, match="parallelism"):
        env.set_parallelism(0)
    ds = env.from_collection([1, 2])
    with pytest.raises(ValueError, match="parallelism"):
        ds.map(lambda x: x).set_parallelism(-1)
    with pytest.raises(TypeError, match="func must be a callable"):
        ds.map(42)
    typed = env.from_collection([Row("a", 1)], type_info=Types.ROW_NAMED(["k", "v"], [Types.STRING(), Types.LONG()]))
    with pytest.raises(ValueError, match="unknown field 'x'"):
        typed.key_by(lambda r: r.k).sum("x")
    with pytest.raises(ValueError, match="not numeric"):
        typed.key_by(lambda r: r.k).sum(0)
    with pytest.raises(RuntimeError, match="No operators"):
        StreamExecutionEnvironment.get_execution_environment().execute()


def test_flat_map_returning_non_iterable_fails_clearly():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([1]).flat_map(lambda x: 5).print()
    with pytest.raises(JobExecutionException, match="must return an iterable"):
        env.execute()


def test_keyed_sum_over_many_keys_and_records(env):
    # One flat_map batch brings thousands of new keys at once, so the per-key state grows (and
    # moves) inside a single batch.
    lines = [" ".join(f"w{(i * 7919 + j * 104729) % 6000}" for j in range(10)) for i in range(20000)]
    ds = env.from_collection(lines, type_info=Types.STRING()) \
        .flat_map(lambda line: [(w, 1) for w in line.split()], output_type=Types.TUPLE([Types.STRING(), Types.LONG()]))
    final = {}
    for word, count in ds.key_by(lambda t: t[0], key_type=Types.STRING()).sum(1).execute_and_collect():
        final[word] = count
    assert len(final) == 6000 and sum(final.values()) == 200_000


@pytest.mark.parametrize("values, type_info, expected", [
    # Each expected line was printed by PyFlink 2.3 for the same input.
    ([1e10, 1e-4, 0.001, 1e7, 100.0, -0.0, float('nan'), float('inf')], Types.DOUBLE(),
     ["1.0E10", "1.0E-4", "0.001", "1.0E7", "100.0", "-0.0", "NaN", "Infinity"]),
    ([0.1, 1e10, 3.4e38], Types.FLOAT(), ["0.1", "1.0E10", "3.4E38"]),
    ([True], Types.BOOLEAN(), ["true"]),
    (["héllo"], Types.STRING(), ["héllo"]),
    ([Row(True, 0.1)], Types.ROW_NAMED(['a', 'b'], [Types.BOOLEAN(), Types.FLOAT()]), ["+I[True,0.10000000149011612]"]),
    ([Row(Row(1), ('a', 2))], Types.ROW([Types.ROW([Types.LONG()]), Types.TUPLE([Types.STRING(), Types.LONG()])]),
     ["+I[Row(f0=1),('a', 2)]"]),
    ([(True, 0.1)], Types.TUPLE([Types.BOOLEAN(), Types.FLOAT()]), ["(true,0.1)"]),
    ([None, 1, True, 1.5], None, ["None", "1", "True", "1.5"]),
])
def test_print_matches_pyflink(capsys, values, type_info, expected):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection(values, type_info=type_info).print()
    env.execute()
    assert lines(capsys) == expected


def test_print_sink_identifier(capsys):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.from_collection([1, 2], type_info=Types.LONG()).print("id")
    env.execute()
    assert lines(capsys) == ["id> 1", "id> 2"]
    env.set_parallelism(2)
    env.from_collection([1, 2, 3, 4], type_info=Types.LONG()).map(lambda x: x, output_type=Types.LONG()).print("id")
    env.execute()
    assert {line.split("> ")[0] for line in lines(capsys)} <= {"id:1", "id:2"}


CLOSED = []


def test_every_subtask_opens_and_closes_its_own_function_copy(env):
    class Tracked(MapFunction):
        def open(self, runtime_context):
            self.index = runtime_context.get_index_of_this_subtask()
            self.name = runtime_context.get_task_name()

        def map(self, value):
            return value

        def close(self):
            CLOSED.append(self.index)

    CLOSED.clear()
    src = env.from_source(NumberSequenceSource(1, 10_000), WatermarkStrategy.no_watermarks(), "seq")
    assert sum(src.map(Tracked()).execute_and_collect()) == sum(range(1, 10_001))
    assert sorted(CLOSED) == list(range(env.get_parallelism()))


def test_from_collection_takes_tuples_and_lists_for_rows_as_pyflink(env):
    from spate.common import Row
    row_type = Types.ROW_NAMED(['id', 'name'], [Types.INT(), Types.STRING()])
    out = env.from_collection([(1, 'a'), [2, 'b'], Row(3, 'c')], type_info=row_type).execute_and_collect()
    assert sorted((row.id, row.name) for row in out) == [(1, 'a'), (2, 'b'), (3, 'c')]
    with pytest.raises(ValueError, match="it has 1 fields where 2 are declared"):
        env.from_collection([(1,)], type_info=row_type)


def test_project_picks_tuple_fields_in_the_runtime(env):
    tuples = Types.TUPLE([Types.STRING(), Types.INT(), Types.PICKLED_BYTE_ARRAY()])
    ds = env.from_collection([('a', 1, [1]), ('b', 2, {'x': 2})], type_info=tuples)
    assert sorted(ds.project(1, 0).execute_and_collect()) == [(1, 'a'), (2, 'b')]
    # A field taken twice is two values: each can travel (here through a keyed exchange) on its own.
    twice = env.from_collection([('a', 1, [1]), ('b', 2, {'x': 2})], type_info=tuples).project(2, 2, 0)
    assert twice.get_type() == Types.TUPLE([Types.PICKLED_BYTE_ARRAY(), Types.PICKLED_BYTE_ARRAY(), Types.STRING()])
    moved = twice.key_by(lambda t: t[2]).map(lambda t: (t[2], str(t[0]), str(t[1])),
                                                Types.TUPLE([Types.STRING(), Types.STRING(), Types.STRING()]))
    assert sorted(moved.execute_and_collect()) == [('a', '[1]', '[1]'), ('b', "{'x': 2}", "{'x': 2}")]
    with pytest.raises(TypeError, match="Only Tuple DataStreams can be projected"):
        env.from_collection([1], type_info=Types.INT()).project(0)
    with pytest.raises(ValueError, match="field indexes must be ints in 0..2, got 3"):
        env.from_collection([('a', 1, 2)], type_info=tuples).project(3)
