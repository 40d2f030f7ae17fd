"""``StateTtlConfig.CleanupStrategies``: the background cleanup a TTL configuration asks for, as
PyFlink reads it back. Spate removes an expired value when it is next touched, whatever is asked;
the strategies are kept for a Flink cluster."""
from abc import ABC
from enum import Enum
from typing import Dict, Optional

from spate.common.time import Duration


class CleanupStrategies(object):
    """The cleanup strategies of a `StateTtlConfig` (`get_cleanup_strategies()`)."""

    class Strategies(Enum):
        FULL_STATE_SCAN_SNAPSHOT = 0
        INCREMENTAL_CLEANUP = 1
        ROCKSDB_COMPACTION_FILTER = 2

    class CleanupStrategy(ABC):
        """One strategy's settings."""

    class EmptyCleanupStrategy(CleanupStrategy):
        """A strategy without settings (full snapshot)."""

    class IncrementalCleanupStrategy(CleanupStrategy):
        def __init__(self, cleanup_size: int, run_cleanup_for_every_record: bool):
            self._cleanup_size = cleanup_size
            self._run_cleanup_for_every_record = run_cleanup_for_every_record

        def get_cleanup_size(self) -> int:
            return self._cleanup_size

        def run_cleanup_for_every_record(self) -> bool:
            return self._run_cleanup_for_every_record

    class RocksdbCompactFilterCleanupStrategy(CleanupStrategy):
        def __init__(self, query_time_after_num_entries: int, periodic_compaction_time: Duration = None):
            self._query_time_after_num_entries = query_time_after_num_entries
            self._periodic_compaction_time = periodic_compaction_time or Duration.of_days(30)

        def get_query_time_after_num_entries(self) -> int:
            return self._query_time_after_num_entries

        def get_periodic_compaction_time(self) -> Duration:
            return self._periodic_compaction_time

    def __init__(self, strategies: Dict['CleanupStrategies.Strategies', 'CleanupStrategies.CleanupStrategy'],
                 is_cleanup_in_background: bool):
        self._strategies = strategies
        self._is_cleanup_in_background = is_cleanup_in_background

    @staticmethod
    def from_builder(settings: dict) -> 'CleanupStrategies':
        """The strategies a `StateTtlConfig.Builder` collected."""
        kinds = CleanupStrategies.Strategies
        strategies = {}
        if settings.get('full_snapshot'):
            strategies[kinds.FULL_STATE_SCAN_SNAPSHOT] = CleanupStrategies.EmptyCleanupStrategy()
        if 'incremental' in settings:
            strategies[kinds.INCREMENTAL_CLEANUP] = CleanupStrategies.IncrementalCleanupStrategy(*settings['incremental'])
        if 'rocksdb_compaction_filter' in settings:
            strategies[kinds.ROCKSDB_COMPACTION_FILTER] = \
                CleanupStrategies.RocksdbCompactFilterCleanupStrategy(*settings['rocksdb_compaction_filter'])
        return CleanupStrategies(strategies, settings.get('background', True))

    def is_cleanup_in_background(self) -> bool:
        return self._is_cleanup_in_background

    def in_full_snapshot(self) -> bool:
        return CleanupStrategies.Strategies.FULL_STATE_SCAN_SNAPSHOT in self._strategies

    def get_incremental_cleanup_strategy(self) -> Optional['CleanupStrategies.IncrementalCleanupStrategy']:
        """The incremental strategy asked for; with background cleanup, Flink's default (5, False)."""
        default = CleanupStrategies.IncrementalCleanupStrategy(5, False) if self._is_cleanup_in_background else None
        return self._strategies.get(CleanupStrategies.Strategies.INCREMENTAL_CLEANUP, default)

    def get_rocksdb_compact_filter_cleanup_strategy(self) \
            -> Optional['CleanupStrategies.RocksdbCompactFilterCleanupStrategy']:
        """The RocksDB compaction filter strategy asked for; with background cleanup, Flink's default."""
        default = CleanupStrategies.RocksdbCompactFilterCleanupStrategy(1000) if self._is_cleanup_in_background \
            else None
        return self._strategies.get(CleanupStrategies.Strategies.ROCKSDB_COMPACTION_FILTER, default)
