"""How records travel to the next operator: shuffle, rebalance, rescale, forward, broadcast."""
import json

import pytest

from spate.common import Types
from spate.datastream import MapFunction, Partitioner, StreamExecutionEnvironment
from spate.errors import JobExecutionException


class TagSubtask(MapFunction):
    def open(self, runtime_context):
        self.index = runtime_context.get_index_of_this_subtask()

    def map(self, value):
        return self.index, value


def two_subtasks():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    return env


def test_broadcast_sends_every_record_to_every_subtask():
    env = two_subtasks()
    out = env.from_collection([1, 2, 3], type_info=Types.LONG()).broadcast().map(TagSubtask()).execute_and_collect()
    assert sorted(out) == [(0, 1), (0, 2), (0, 3), (1, 1), (1, 2), (1, 3)]


@pytest.mark.parametrize("how", ["rebalance", "shuffle", "rescale"])
def test_redistributing_keeps_every_record_once(how):
    env = two_subtasks()
    source = env.from_collection(list(range(20_000)), type_info=Types.LONG())
    out = list(getattr(source, how)().map(TagSubtask()).execute_and_collect())
    assert sorted(v for _, v in out) == list(range(20_000))
    if how == "rebalance":
        assert {s for s, _ in out} == {0, 1}  # both subtasks got work


def test_rebalance_deals_a_small_input_to_every_subtask():
    # Flink's rebalance is round-robin per record: 8 records over 4 subtasks give each 2.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(4)
    source = env.from_collection(list(range(8)), type_info=Types.LONG()).set_parallelism(1)
    out = list(source.rebalance().map(TagSubtask()).execute_and_collect())
    assert sorted(v for _, v in out) == list(range(8))
    assert sorted(sum(1 for s, _ in out if s == subtask) for subtask in range(4)) == [2, 2, 2, 2]


def test_forward_needs_equal_parallelism():
    env = two_subtasks()
    with pytest.raises(ValueError, match="Forward partitioning does not allow change of parallelism"):
        env.from_collection([1, 2]).forward().map(lambda x: x).execute_and_collect()
    env = StreamExecutionEnvironment.get_execution_environment()
    assert list(env.from_collection([1, 2]).forward().map(lambda x: x + 1).execute_and_collect()) == [2, 3]


def test_plans_name_the_ship_strategies():
    env = two_subtasks()
    ds = env.from_collection([1, 2])
    ds.broadcast().map(lambda x: x).print()
    ds.shuffle().map(lambda x: x).print()
    strategies = sorted(p["ship_strategy"] for n in json.loads(env.get_execution_plan())["nodes"]
                        for p in n.get("predecessors", []))
    assert "BROADCAST" in strategies and "SHUFFLE" in strategies


def test_partition_custom_sends_each_key_where_the_partitioner_says():
    env = two_subtasks()
    class Parity(Partitioner):
        def partition(self, key, num_partitions):
            assert num_partitions == 3  # the next operator's parallelism
            return key % num_partitions

    out = env.from_collection(list(range(10)), type_info=Types.INT()) \
        .partition_custom(Parity(), lambda x: x).map(TagSubtask()).set_parallelism(3).execute_and_collect()
    assert sorted(out) == sorted((v % 3, v) for v in range(10))
    # A plain function works as the partitioner too.
    out = env.from_collection(['a', 'bb', 'ccc'], type_info=Types.STRING()) \
        .partition_custom(lambda key, n: key % n, len).map(TagSubtask()).set_parallelism(2).execute_and_collect()
    assert sorted(out) == [(0, 'bb'), (1, 'a'), (1, 'ccc')]


def test_partition_custom_refuses_partitions_out_of_range_and_bad_arguments():
    env = two_subtasks()
    ds = env.from_collection([1, 2], type_info=Types.INT())
    ds.partition_custom(lambda key, n: n, lambda x: x).map(TagSubtask()).set_parallelism(2).print()
    with pytest.raises(JobExecutionException, match=r"the partitioner returned 2, not a partition in 0\.\.<2"):
        env.execute()
    ds.partition_custom(lambda key, n: 'first', lambda x: x).print()
    with pytest.raises(TypeError, match="Partition Custom"):
        env.execute()
    with pytest.raises(TypeError, match="expected a Partitioner"):
        ds.partition_custom(5, lambda x: x)


@pytest.mark.parametrize("call, message", [
    (lambda ks: ks.shuffle(), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.rebalance(), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.rescale(), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.forward(), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.broadcast(), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.partition_custom(lambda k, n: 0, lambda x: x), "Cannot override partitioning for KeyedStream"),
    (lambda ks: ks.set_parallelism(2), "Set parallelism for KeyedStream is not supported"),
    (lambda ks: ks.name('keys'), "Set name for KeyedStream is not supported"),
    (lambda ks: ks.get_name(), "Get name of KeyedStream is not supported"),
    (lambda ks: ks.uid('keys'), "Set uid for KeyedStream is not supported"),
    (lambda ks: ks.set_uid_hash('abc'), "Set uid hash for KeyedStream is not supported"),
    (lambda ks: ks.set_max_parallelism(8), "Set max parallelism for KeyedStream is not supported"),
    (lambda ks: ks.force_non_parallel(), "Set force non-parallel for KeyedStream is not supported"),
    (lambda ks: ks.set_buffer_timeout(5), "Set buffer timeout for KeyedStream is not supported"),
    (lambda ks: ks.start_new_chain(), "Start new chain for KeyedStream is not supported"),
    (lambda ks: ks.disable_chaining(), "Disable chaining for KeyedStream is not supported"),
    (lambda ks: ks.slot_sharing_group('g'), "Setting slot sharing group for KeyedStream is not supported"),
])
def test_a_keyed_stream_is_not_an_operator_to_repartition_or_configure(call, message):
    # As in PyFlink: the key_by partitioning stays, and settings go on the operator after it.
    env = two_subtasks()
    keyed = env.from_collection([1, 2, 3], type_info=Types.LONG()).key_by(lambda x: x % 2)
    with pytest.raises(TypeError, match=message):
        call(keyed)
    assert sorted(keyed.sum().set_parallelism(2).name('sums').execute_and_collect()) == [1, 2, 4]
