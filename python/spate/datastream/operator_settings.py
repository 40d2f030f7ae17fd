"""The per-operator settings of PyFlink's DataStream and DataStreamSink that tune a cluster job
(slot sharing, chaining, uid hashes, buffer timeouts, maximum parallelism).

Spate keeps each on the operator (readable from its transformation's parameters) and checks its
argument; none changes a job's results. `force_non_parallel` does take effect (parallelism 1), and
so does `set_buffer_timeout` (how long a slow operator's results may wait; see ARCHITECTURE.md).
"""
from typing import Union

from spate.datastream.slot_sharing_group import SlotSharingGroup


class OperatorSettings(object):
    """Mixed into DataStream and DataStreamSink, which hold `_transformation`."""

    def _keep(self, name: str, value):
        self._transformation.params[name] = value
        return self

    def set_max_parallelism(self, max_parallelism: int):
        """The operator's maximum parallelism (its number of key groups), 1 to 32768."""
        if not isinstance(max_parallelism, int) or isinstance(max_parallelism, bool) or not 1 <= max_parallelism <= 32768:
            raise ValueError(f"max_parallelism must be an int from 1 to 32768, got {max_parallelism!r}")
        return self._keep('max_parallelism', max_parallelism)

    def set_uid_hash(self, uid_hash: str):
        """A hash to match the operator's state in a savepoint (kept)."""
        if not isinstance(uid_hash, str) or not uid_hash:
            raise ValueError(f"set_uid_hash: expected a non-empty str, got {uid_hash!r}")
        return self._keep('uid_hash', uid_hash)

    def slot_sharing_group(self, slot_sharing_group: Union[str, SlotSharingGroup]):
        """The operator's slot sharing group: a name, or a `SlotSharingGroup` with the resources of
        its slot. A cluster scheduling hint (kept; Spate runs every subtask on a thread of its own)."""
        if not isinstance(slot_sharing_group, (str, SlotSharingGroup)):
            raise TypeError(f"slot_sharing_group: expected a str or a SlotSharingGroup, got {slot_sharing_group!r}")
        return self._keep('slot_sharing_group', slot_sharing_group)

    def start_new_chain(self):
        """A chaining hint (kept; chaining in Spate changes speed, not results)."""
        return self._keep('chaining', 'start_new_chain')

    def disable_chaining(self):
        """A chaining hint (kept; chaining in Spate changes speed, not results)."""
        return self._keep('chaining', 'disabled')

    def set_buffer_timeout(self, timeout_millis: int):
        """How long the operator's output may wait to move on, in place of the environment's
        `set_buffer_timeout` (-1: until a batch is full)."""
        if not isinstance(timeout_millis, int) or isinstance(timeout_millis, bool) or timeout_millis < -1:
            raise ValueError(f"timeout_millis must be -1 or more, got {timeout_millis!r}")
        return self._keep('buffer_timeout', timeout_millis)
