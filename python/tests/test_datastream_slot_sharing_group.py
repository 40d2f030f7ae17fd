"""MemorySize and SlotSharingGroup with Flink's arithmetic and checks (the cases of PyFlink's
test_slot_sharing_group.py among them), kept on operators and the environment without changing results."""
import pytest

from spate.common import Types
from spate.datastream import MemorySize, SlotSharingGroup, StreamExecutionEnvironment


def test_memory_size_units_round_down_as_flinks():
    size = MemorySize(bytes_size=3 * 2 ** 40 + 5 * 2 ** 30 + 7)
    assert (size.get_bytes(), size.get_kibi_bytes(), size.get_mebi_bytes(), size.get_gibi_bytes(),
            size.get_tebi_bytes()) == (3 * 2 ** 40 + 5 * 2 ** 30 + 7, (3 * 2 ** 40 + 5 * 2 ** 30) >> 10,
                                       3 * 2 ** 20 + 5 * 2 ** 10, 3 * 1024 + 5, 3)
    assert MemorySize.of_mebi_bytes(100).get_bytes() == 100 * 1024 * 1024
    assert MemorySize.of_mebi_bytes(100) == MemorySize(bytes_size=100 << 20)
    assert MemorySize.of_mebi_bytes(1) != MemorySize.of_mebi_bytes(2) and MemorySize.of_mebi_bytes(1) != 1 << 20
    assert len({MemorySize.of_mebi_bytes(1), MemorySize(bytes_size=1 << 20)}) == 1


def test_memory_sizes_order_and_print_as_flinks():
    small, large = MemorySize.of_mebi_bytes(1), MemorySize.of_mebi_bytes(2)
    assert small < large and not large < small and small <= small and small <= large and not large <= small
    assert sorted([large, small]) == [small, large]
    with pytest.raises(TypeError, match="non-MemorySize"):
        small < 5
    # Flink prints the unit before the first that does not divide the size.
    assert [str(MemorySize(bytes_size=n)) for n in (7, 2048, 3 << 20, 5 << 30, 1536)] == \
        ["7 bytes", "2 kb", "3 mb", "5 gb", "1536 bytes"]
    assert str(MemorySize(bytes_size=0)) == "0 bytes"
    assert str(MemorySize(bytes_size=1 << 40)) == "1099511627776 bytes"  # as Flink: every unit divides it


def test_memory_size_checks_its_argument():
    with pytest.raises(ValueError, match="bytes must be >= 0"):
        MemorySize(bytes_size=-1)
    with pytest.raises(ValueError, match="bytes must be >= 0"):
        MemorySize.of_mebi_bytes(-1)
    with pytest.raises(ValueError, match="fit in 64 bits"):
        MemorySize.of_mebi_bytes(2 ** 44)
    with pytest.raises(TypeError, match="bytes_size must be an int"):
        MemorySize()
    with pytest.raises(TypeError, match="bytes_size must be an int"):
        MemorySize(bytes_size=1.5)
    with pytest.raises(TypeError, match="Java MemorySize"):
        MemorySize(object())


def test_a_group_with_resources():
    heap, off_heap, managed = MemorySize.of_mebi_bytes(100), MemorySize.of_mebi_bytes(200), MemorySize.of_mebi_bytes(300)
    group = SlotSharingGroup.builder('slot_sharing_group').set_cpu_cores(1.0).set_task_heap_memory(heap) \
        .set_task_off_heap_memory(off_heap).set_managed_memory(managed).set_external_resource('gpu', 1.0).build()
    assert group.get_name() == 'slot_sharing_group'
    assert group.get_cpu_cores() == 1.0
    assert (group.get_task_heap_memory(), group.get_task_off_heap_memory(), group.get_managed_memory()) == \
        (heap, off_heap, managed)
    assert group.get_external_resources() == {'gpu': 1.0}
    group.get_external_resources()['gpu'] = 9.0  # a copy
    assert group.get_external_resources() == {'gpu': 1.0}
    by_mb = SlotSharingGroup.builder('other').set_cpu_cores(1).set_task_heap_memory_mb(100) \
        .set_task_off_heap_memory_mb(200).set_managed_memory_mb(300).set_external_resource('gpu', 1).build()
    assert by_mb == group  # Flink compares resources, not names
    assert hash(by_mb) == hash(group)
    minimal = SlotSharingGroup.builder('g').set_cpu_cores(0.5).set_task_heap_memory_mb(10).build()
    assert minimal.get_task_off_heap_memory() == MemorySize(bytes_size=0) == minimal.get_managed_memory()
    assert minimal != group and minimal.get_external_resources() == {}


def test_a_group_with_unknown_resources():
    group = SlotSharingGroup.builder('slot_sharing_group').build()
    assert group.get_name() == 'slot_sharing_group'
    assert (group.get_cpu_cores(), group.get_task_heap_memory(), group.get_task_off_heap_memory(),
            group.get_managed_memory(), group.get_external_resources()) == (None, None, None, None, {})
    assert group == SlotSharingGroup.builder('another').build()


def test_the_builder_checks_as_flinks():
    with pytest.raises(ValueError, match="task heap memory should be positive"):
        SlotSharingGroup.builder('g').set_cpu_cores(1.0).set_task_heap_memory(MemorySize(bytes_size=0))
    with pytest.raises(ValueError, match="task heap memory should be positive"):
        SlotSharingGroup.builder('g').set_task_heap_memory_mb(0)
    with pytest.raises(ValueError, match="cpu cores should be positive"):
        SlotSharingGroup.builder('g').set_cpu_cores(0)
    with pytest.raises(ValueError, match="cpu cores and task heap memory are required"):
        SlotSharingGroup.builder('g').set_cpu_cores(1.0).set_task_off_heap_memory_mb(10).build()
    with pytest.raises(ValueError, match="cpu cores and task heap memory are required"):
        SlotSharingGroup.builder('g').set_external_resource('gpu', 1.0).build()
    with pytest.raises(ValueError, match="bytes must be >= 0"):
        SlotSharingGroup.builder('g').set_managed_memory_mb(-1)
    with pytest.raises(TypeError, match="expected a MemorySize"):
        SlotSharingGroup.builder('g').set_managed_memory(100)
    with pytest.raises(TypeError, match="task_off_heap_memory_mb must be an int"):
        SlotSharingGroup.builder('g').set_task_off_heap_memory_mb("10")
    with pytest.raises(TypeError, match="cpu_cores must be a number"):
        SlotSharingGroup.builder('g').set_cpu_cores("1")
    with pytest.raises(TypeError, match="value must be a number"):
        SlotSharingGroup.builder('g').set_external_resource('gpu', None)
    with pytest.raises(TypeError, match="name must be a str"):
        SlotSharingGroup.builder(None)


def test_operators_and_the_environment_keep_groups_without_changing_results(env):
    group = SlotSharingGroup.builder('heavy').set_cpu_cores(1.0).set_task_heap_memory_mb(100).build()
    doubled = env.from_collection([1, 2, 3], type_info=Types.INT()).map(lambda x: x * 2, Types.INT())
    assert doubled.slot_sharing_group(group) is doubled
    assert doubled._transformation.params['slot_sharing_group'] is group
    sums = doubled.key_by(lambda x: x % 2).sum()
    assert sums.slot_sharing_group('by name')._transformation.params['slot_sharing_group'] == 'by name'
    sink = doubled.map(lambda x: x + 1, Types.INT()).print()
    assert sink.slot_sharing_group(group)._transformation.params['slot_sharing_group'] is group
    with pytest.raises(TypeError, match="slot_sharing_group: expected a str or a SlotSharingGroup"):
        doubled.slot_sharing_group(42)
    with pytest.raises(TypeError, match="slot_sharing_group: expected a str or a SlotSharingGroup"):
        sink.slot_sharing_group(None)
    assert sorted(doubled.execute_and_collect()) == [2, 4, 6]


def test_the_environment_registers_groups_by_name():
    env = StreamExecutionEnvironment.get_execution_environment()
    first = SlotSharingGroup.builder('heavy').set_cpu_cores(1.0).set_task_heap_memory_mb(100).build()
    second = SlotSharingGroup.builder('heavy').set_cpu_cores(2.0).set_task_heap_memory_mb(100).build()
    assert env.register_slot_sharing_group(first) is env
    env.register_slot_sharing_group(second)  # replaces the group of the same name
    assert env._slot_sharing_groups['heavy'] is second
    env.register_slot_sharing_group('light')  # a name alone: no resources
    assert env._slot_sharing_groups['light'] == SlotSharingGroup.builder('light').build()
    with pytest.raises(TypeError, match="slot_sharing_group must be a SlotSharingGroup"):
        env.register_slot_sharing_group(MemorySize.of_mebi_bytes(1))
