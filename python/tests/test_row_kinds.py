"""Row kinds (+I, -U, +U, -D) travel with their records: through filters, keys, unions and every
partitioning, out of Python functions that keep or change them, into collected Rows and print()."""
import pytest

from spate.common import Row, Time, Types, WatermarkStrategy
from spate.common.types import RowKind
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import OutputTag, StreamExecutionEnvironment
from spate.datastream.window import TumblingEventTimeWindows
from spate.testing import watermark_after_every_batch

ROW = Types.ROW_NAMED(['k', 'v'], [Types.INT(), Types.STRING()])
KINDS = list(RowKind)


def kind_of(k):
    return KINDS[k % 4]


def rows(numbers):
    return [Row.of_kind(kind_of(k), k=k, v='v%d' % k) for k in numbers]


def lines(capsys):
    return capsys.readouterr().out.splitlines()


def assert_kinds(collected, expected_numbers):
    assert sorted(row.k for row in collected) == sorted(expected_numbers)
    for row in collected:
        assert isinstance(row, Row)
        assert row.get_row_kind() == kind_of(row.k), row


def test_collect_returns_rows_with_their_kinds(env):
    out = list(env.from_collection(rows(range(8)), type_info=ROW).execute_and_collect())
    assert [row.get_row_kind() for row in sorted(out, key=lambda r: r.k)] == KINDS * 2
    assert out[0] == rows([out[0].k])[0]  # equal Rows: same values and kind


PARTITIONINGS = {
    'none': lambda ds: ds,
    'rebalance': lambda ds: ds.rebalance(),
    'shuffle': lambda ds: ds.shuffle(),
    'rescale': lambda ds: ds.rescale(),
    'broadcast': lambda ds: ds.broadcast(),
    'forward': lambda ds: ds.forward(),
    'custom': lambda ds: ds.partition_custom(lambda key, n: key % n, lambda r: r.k),
}


@pytest.mark.parametrize('partitioning', list(PARTITIONINGS))
def test_kinds_survive_filter_key_by_union_map_and_partitioning(env, partitioning):
    a = env.from_collection(rows(range(40)), type_info=ROW)
    b = env.from_collection(rows(range(100, 130)), type_info=ROW)
    united = a.union(b).filter(lambda r: r.k % 7 != 0)
    keyed = united.key_by(lambda r: r.k % 3).map(lambda r: r, output_type=ROW)
    out = PARTITIONINGS[partitioning](keyed).map(lambda r: r, output_type=ROW)
    expected = [k for k in list(range(40)) + list(range(100, 130)) if k % 7 != 0]
    if partitioning == 'broadcast':
        expected = expected * env.get_parallelism()
    assert_kinds(list(out.execute_and_collect()), expected)


def test_kinds_survive_a_native_key_by_and_pickled_rows(env):
    keyed = env.from_collection(rows(range(20)), type_info=ROW).key_by(lambda r: r[0])
    # A keyed stream collects Row(f0=key, f1=value) (as PyFlink), of the record's kind.
    collected = list(keyed.execute_and_collect())
    assert all(r.f0 == r.f1.k and r.get_row_kind() == kind_of(r.f0) for r in collected)
    assert sorted(r.f0 for r in collected) == list(range(20))
    # Without a declared type the Row object itself travels, with its kind.
    pickled = env.from_collection(rows(range(20))).map(lambda r: r).rebalance().filter(lambda r: True)
    assert_kinds(list(pickled.execute_and_collect()), range(20))


class KeyAsTime(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value.k


def test_kinds_survive_timestamps_watermarks_and_the_late_side_output(env):
    watermark_after_every_batch(env)
    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(KeyAsTime())
    # After 12 arrives, [0, 5) has fired: 3 and 4 are late and leave with their kinds.
    arrivals = rows([1, 2, 12, 3, 4, 15])
    stamped = env.from_collection(arrivals, type_info=ROW).assign_timestamps_and_watermarks(strategy).set_parallelism(1)
    assert_kinds(list(stamped.execute_and_collect()), [1, 2, 12, 3, 4, 15])

    late = OutputTag('late', ROW)
    stamped = env.from_collection(arrivals, type_info=ROW).assign_timestamps_and_watermarks(strategy).set_parallelism(1)
    windows = stamped.key_by(lambda r: 0, key_type=Types.INT()).window(TumblingEventTimeWindows.of(Time.milliseconds(5))) \
        .side_output_late_data(late).reduce(lambda a, b: a)
    assert_kinds(list(windows.get_side_output(late).execute_and_collect()), [3, 4])


def test_a_function_sets_the_kind_downstream(env):
    def delete(row):
        row.set_row_kind(RowKind.DELETE)
        return row

    ds = env.from_collection(rows(range(12)), type_info=ROW).map(delete, output_type=ROW)
    seen = ds.rebalance().map(lambda r: (r.k, r.get_row_kind().value), output_type=Types.TUPLE([Types.INT(), Types.INT()]))
    assert sorted(seen.execute_and_collect()) == [(k, 3) for k in range(12)]

    def updates(row):
        yield Row.of_kind(RowKind.UPDATE_BEFORE, k=row.k, v='old')
        yield Row.of_kind(RowKind.UPDATE_AFTER, k=row.k, v='new')

    out = list(env.from_collection(rows(range(3)), type_info=ROW).flat_map(updates, output_type=ROW)
               .key_by(lambda r: r.k).execute_and_collect())
    assert sorted((r.f1.k, r.f1.v, r.get_row_kind()) for r in out) == [
        (k, v, kind) for k in range(3) for v, kind in (('new', RowKind.UPDATE_AFTER), ('old', RowKind.UPDATE_BEFORE))]


def test_process_functions_and_side_outputs_carry_their_rows_kinds(env):
    # Imported here: test_pyflink_alias imports spate.datastream.functions afresh, and
    # KeyedStream.process checks against the module's current class.
    from spate.datastream.functions import KeyedProcessFunction
    retracted = OutputTag('retracted', ROW)

    class Retract(KeyedProcessFunction):
        def process_element(self, value, ctx):
            yield Row.of_kind(RowKind.UPDATE_AFTER, k=value.k, v=value.v)
            yield retracted, Row.of_kind(RowKind.DELETE, k=value.k, v=value.v)

    main = env.from_collection(rows(range(6)), type_info=ROW).key_by(lambda r: r.k).process(Retract(), output_type=ROW)
    side = main.get_side_output(retracted)
    assert {r.get_row_kind() for r in side.execute_and_collect()} == {RowKind.DELETE}
    assert {r.get_row_kind() for r in main.execute_and_collect()} == {RowKind.UPDATE_AFTER}


def test_print_shows_each_rows_kind_as_pyflink(capsys):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    env.from_collection(rows(range(4)), type_info=ROW).print()
    env.execute()
    assert lines(capsys) == ['+I[0,v0]', '-U[1,v1]', '+U[2,v2]', '-D[3,v3]']

    def delete(row):
        row.set_row_kind(RowKind.DELETE)
        return row

    env.from_collection(rows(range(2)), type_info=ROW).map(delete, output_type=ROW).filter(lambda r: True).print()
    env.execute()
    assert lines(capsys) == ['-D[0,v0]', '-D[1,v1]']

    # Only ROW values show a kind: a tuple made from a retraction prints as before.
    env.from_collection(rows([1]), type_info=ROW).map(
        lambda r: (r.k, r.v), output_type=Types.TUPLE([Types.INT(), Types.STRING()])).print()
    env.execute()
    assert lines(capsys) == ['(1,v1)']
