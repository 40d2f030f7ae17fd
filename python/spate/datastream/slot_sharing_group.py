"""``MemorySize`` and ``SlotSharingGroup``, as ``pyflink.datastream.slot_sharing_group``.

On a cluster a slot sharing group names the operators that may share a TaskManager slot and, with
its resources (CPU cores, heap, off-heap and managed memory, external resources), sizes that slot.
Spate runs every subtask on a thread of its own, so a group is kept (on the operator or the
environment) and read back, and changes no result.

Example::

    group = SlotSharingGroup.builder("heavy").set_cpu_cores(1.0).set_task_heap_memory_mb(100).build()
    ds.map(parse).slot_sharing_group(group)
    env.register_slot_sharing_group(group)
"""
from typing import Dict, Optional

from spate._checks import whole_number

__all__ = ['MemorySize', 'SlotSharingGroup']

_MAX_BYTES = 2 ** 63 - 1  # Flink keeps a size in a Java long
_UNITS = ((1, 'bytes'), (1 << 10, 'kb'), (1 << 20, 'mb'), (1 << 30, 'gb'), (1 << 40, 'tb'))


class MemorySize(object):
    """A number of bytes, viewable in KiB, MiB, GiB and TiB (Flink's MemorySize: a size of zero
    or more, ordered and compared by bytes, printed in its largest whole unit: ``100 mb``).

    PyFlink's wraps a Java MemorySize (`j_memory_size`); Spate's holds the bytes itself, so make
    one with `MemorySize(bytes_size=...)` or `MemorySize.of_mebi_bytes(...)`.
    """

    def __init__(self, j_memory_size=None, bytes_size: int = None):
        if j_memory_size is not None:
            raise TypeError("MemorySize: j_memory_size is a Java MemorySize, which Spate cannot hold (no JVM); "
                            "give bytes_size=")
        whole_number(bytes_size, "MemorySize: bytes_size")
        if not 0 <= bytes_size <= _MAX_BYTES:
            raise ValueError(f"MemorySize: bytes must be >= 0 and fit in 64 bits, got {bytes_size}")
        self._bytes = bytes_size

    @staticmethod
    def of_mebi_bytes(mebi_bytes: int) -> 'MemorySize':
        """`mebi_bytes` MiB (times 2**20 bytes)."""
        whole_number(mebi_bytes, "of_mebi_bytes: mebi_bytes")
        return MemorySize(bytes_size=mebi_bytes << 20)

    def get_bytes(self) -> int:
        return self._bytes

    def get_kibi_bytes(self) -> int:
        """Whole KiB (1024 bytes), rounded down."""
        return self._bytes >> 10

    def get_mebi_bytes(self) -> int:
        """Whole MiB (1024 KiB), rounded down."""
        return self._bytes >> 20

    def get_gibi_bytes(self) -> int:
        """Whole GiB (1024 MiB), rounded down."""
        return self._bytes >> 30

    def get_tebi_bytes(self) -> int:
        """Whole TiB (1024 GiB), rounded down."""
        return self._bytes >> 40

    def __eq__(self, other):
        return isinstance(other, MemorySize) and self._bytes == other._bytes

    def __hash__(self):
        return hash(self._bytes)

    def __lt__(self, other: 'MemorySize'):
        if not isinstance(other, MemorySize):
            raise TypeError(f"Does not support comparison with non-MemorySize {other!r}")
        return self._bytes < other._bytes

    def __le__(self, other: 'MemorySize'):
        return self == other or self < other

    def __str__(self):
        # As Flink's toString: the unit before the first that does not divide the size (a size that
        # every unit divides, 0 or whole TiB, is printed in bytes, as Flink does).
        for index, (multiplier, _) in enumerate(_UNITS):
            if self._bytes % multiplier:
                multiplier, unit = _UNITS[max(index - 1, 0)]
                return f"{self._bytes // multiplier} {unit}"
        return f"{self._bytes} bytes"

    def __repr__(self):
        return f"MemorySize({self})"


class SlotSharingGroup(object):
    """A slot sharing group's name and, if it was given any, its resources (made by `builder`).

    Two groups are equal when their resources are: Flink's equality leaves the name out.
    """

    def __init__(self, name: str, cpu_cores: Optional[float] = None, task_heap_memory: Optional[MemorySize] = None,
                 task_off_heap_memory: Optional[MemorySize] = None, managed_memory: Optional[MemorySize] = None,
                 external_resources: Optional[Dict[str, float]] = None):
        # PyFlink's wraps the Java group its builder made; Spate's builder passes the settings.
        self._name = name
        self._cpu_cores = cpu_cores
        self._task_heap_memory = task_heap_memory
        self._task_off_heap_memory = task_off_heap_memory
        self._managed_memory = managed_memory
        self._external_resources = dict(external_resources or {})

    def get_name(self) -> str:
        return self._name

    def get_managed_memory(self) -> Optional[MemorySize]:
        return self._managed_memory

    def get_task_heap_memory(self) -> Optional[MemorySize]:
        return self._task_heap_memory

    def get_task_off_heap_memory(self) -> Optional[MemorySize]:
        return self._task_off_heap_memory

    def get_cpu_cores(self) -> Optional[float]:
        return self._cpu_cores

    def get_external_resources(self) -> dict:
        """A copy of the external resources (name to amount)."""
        return dict(self._external_resources)

    @staticmethod
    def builder(name: str) -> 'SlotSharingGroup.Builder':
        if not isinstance(name, str):
            raise TypeError(f"SlotSharingGroup.builder: name must be a str, got {name!r}")
        return SlotSharingGroup.Builder(name)

    def _resources(self):
        return (self._cpu_cores, self._task_heap_memory, self._task_off_heap_memory, self._managed_memory,
                self._external_resources)

    def __eq__(self, other):
        return isinstance(other, SlotSharingGroup) and self._resources() == other._resources()

    def __hash__(self):
        return hash(self._resources()[:4] + (tuple(sorted(self._external_resources.items())),))

    def __repr__(self):
        resources = ", ".join(f"{key.lstrip('_')}={value!r}" for key, value in vars(self).items()
                              if key != '_name' and value not in (None, {}))
        return f"SlotSharingGroup({self._name!r}{', ' if resources else ''}{resources})"

    class Builder(object):
        """Builds a SlotSharingGroup: either no resources at all (unknown: the cluster decides), or at
        least the CPU cores and task heap memory (off-heap and managed memory then default to 0)."""

        def __init__(self, name: str):
            # PyFlink's wraps a Java builder; Spate's holds the settings.
            self._name = name
            self._cpu_cores = None
            self._task_heap_memory = None
            self._task_off_heap_memory = None
            self._managed_memory = None
            self._external_resources = {}

        def set_cpu_cores(self, cpu_cores: float) -> 'SlotSharingGroup.Builder':
            if isinstance(cpu_cores, bool) or not isinstance(cpu_cores, (int, float)):
                raise TypeError(f"set_cpu_cores: cpu_cores must be a number, got {cpu_cores!r}")
            if not cpu_cores > 0:
                raise ValueError(f"The cpu cores should be positive, got {cpu_cores!r}")
            self._cpu_cores = float(cpu_cores)
            return self

        def set_task_heap_memory(self, task_heap_memory: MemorySize) -> 'SlotSharingGroup.Builder':
            self._task_heap_memory = self._positive(self._memory(task_heap_memory, "set_task_heap_memory"),
                                                    "task heap memory")
            return self

        def set_task_heap_memory_mb(self, task_heap_memory_mb: int) -> 'SlotSharingGroup.Builder':
            whole_number(task_heap_memory_mb, "set_task_heap_memory_mb: task_heap_memory_mb")
            if task_heap_memory_mb <= 0:
                raise ValueError(f"The task heap memory should be positive, got {task_heap_memory_mb} MB")
            self._task_heap_memory = MemorySize.of_mebi_bytes(task_heap_memory_mb)
            return self

        def set_task_off_heap_memory(self, task_off_heap_memory: MemorySize) -> 'SlotSharingGroup.Builder':
            self._task_off_heap_memory = self._memory(task_off_heap_memory, "set_task_off_heap_memory")
            return self

        def set_task_off_heap_memory_mb(self, task_off_heap_memory_mb: int) -> 'SlotSharingGroup.Builder':
            whole_number(task_off_heap_memory_mb, "set_task_off_heap_memory_mb: task_off_heap_memory_mb")
            self._task_off_heap_memory = MemorySize.of_mebi_bytes(task_off_heap_memory_mb)
            return self

        def set_managed_memory(self, managed_memory: MemorySize) -> 'SlotSharingGroup.Builder':
            self._managed_memory = self._memory(managed_memory, "set_managed_memory")
            return self

        def set_managed_memory_mb(self, managed_memory_mb: int) -> 'SlotSharingGroup.Builder':
            whole_number(managed_memory_mb, "set_managed_memory_mb: managed_memory_mb")
            self._managed_memory = MemorySize.of_mebi_bytes(managed_memory_mb)
            return self

        def set_external_resource(self, name: str, value: float) -> 'SlotSharingGroup.Builder':
            """Adds an external resource (a GPU, say), replacing an earlier amount of the same name."""
            if not isinstance(name, str):
                raise TypeError(f"set_external_resource: name must be a str, got {name!r}")
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"set_external_resource: value must be a number, got {value!r}")
            self._external_resources[name] = float(value)
            return self

        def build(self) -> 'SlotSharingGroup':
            if self._cpu_cores is not None and self._task_heap_memory is not None:
                zero = MemorySize(bytes_size=0)
                off_heap, managed = self._task_off_heap_memory, self._managed_memory
                return SlotSharingGroup(self._name, self._cpu_cores, self._task_heap_memory,
                                        zero if off_heap is None else off_heap, zero if managed is None else managed,
                                        self._external_resources)
            if (self._cpu_cores, self._task_heap_memory, self._task_off_heap_memory, self._managed_memory) \
                    != (None,) * 4 or self._external_resources:
                raise ValueError("The cpu cores and task heap memory are required when specifying the resource of "
                                 "a slot sharing group. You need to explicitly configure them with positive value.")
            return SlotSharingGroup(self._name)

        @staticmethod
        def _memory(value, what: str) -> MemorySize:
            if not isinstance(value, MemorySize):
                raise TypeError(f"{what}: expected a MemorySize, got {value!r}")
            return value

        @staticmethod
        def _positive(value: MemorySize, what: str) -> MemorySize:
            if value.get_bytes() <= 0:
                raise ValueError(f"The {what} should be positive, got {value}")
            return value
