"""State backends and checkpoint storage: settings checked as Flink checks them, kept, and read back with
Flink's defaults (PyFlink's test_state_backend.py and test_checkpoint_storage.py expect the same values)."""
import warnings

import pytest

from spate.datastream import (CustomCheckpointStorage, CustomStateBackend, EmbeddedRocksDBStateBackend,
                              FileSystemCheckpointStorage, JobManagerCheckpointStorage, PredefinedOptions,
                              StreamExecutionEnvironment)


def test_rocksdb_settings_read_back_flinks_defaults_until_set():
    backend = EmbeddedRocksDBStateBackend()
    assert not backend.is_incremental_checkpoints_enabled()
    assert backend.get_db_storage_paths() == []
    assert backend.get_number_of_transfer_threads() == 4
    assert backend.get_predefined_options() is PredefinedOptions.DEFAULT
    assert backend.get_options() is None
    assert EmbeddedRocksDBStateBackend(True).is_incremental_checkpoints_enabled()
    assert not EmbeddedRocksDBStateBackend(enable_incremental_checkpointing=False).is_incremental_checkpoints_enabled()
    with pytest.raises(TypeError, match="Unsupported input for 'enable_incremental_checkpointing'"):
        EmbeddedRocksDBStateBackend("yes")


def test_rocksdb_storage_paths_are_local_and_absolute():
    backend = EmbeddedRocksDBStateBackend()
    backend.set_db_storage_paths("/tmp/rocks-a/", "file:///tmp/rocks-b", "/var//rocks")
    assert backend.get_db_storage_paths() == ["/tmp/rocks-a", "/tmp/rocks-b", "/var/rocks"]
    backend.set_db_storage_paths()  # no paths: back to the default
    assert backend.get_db_storage_paths() == []
    with pytest.raises(ValueError, match="has a non-local scheme"):
        backend.set_db_storage_paths("hdfs://namenode/rocks")
    with pytest.raises(ValueError, match="Relative paths are not supported"):
        backend.set_db_storage_paths("rocks")
    with pytest.raises(TypeError, match="must be a str"):
        backend.set_db_storage_paths(None)
    assert backend.get_db_storage_paths() == []  # a refused call changes nothing


def test_rocksdb_transfer_threads_and_options():
    from spate.datastream import deployment
    backend = EmbeddedRocksDBStateBackend()
    backend.set_number_of_transfer_threads(8)
    assert backend.get_number_of_transfer_threads() == 8
    for bad, error in ((0, ValueError), (-1, ValueError), (2.0, TypeError), (True, TypeError), (2 ** 31, ValueError)):
        with pytest.raises(error, match="transfer"):
            backend.set_number_of_transfer_threads(bad)
    assert backend.get_number_of_transfer_threads() == 8
    backend.set_predefined_options(PredefinedOptions.SPINNING_DISK_OPTIMIZED_HIGH_MEM)
    assert backend.get_predefined_options() is PredefinedOptions.SPINNING_DISK_OPTIMIZED_HIGH_MEM
    with pytest.raises(TypeError, match="expected a PredefinedOptions"):
        backend.set_predefined_options("FLASH_SSD_OPTIMIZED")
    deployment._warned.discard('rocksdb_options')
    with pytest.warns(UserWarning, match="names a Java class, which Spate cannot load"):
        backend.set_options("org.example.MyOptionsFactory")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # said once
        backend.set_options("org.example.OtherOptionsFactory")
    assert backend.get_options() == "org.example.OtherOptionsFactory"
    with pytest.raises(TypeError, match="class name of a RocksDBOptionsFactory"):
        backend.set_options("")


def test_predefined_options_are_flinks_four_profiles():
    assert [option.name for option in PredefinedOptions] == \
        ['DEFAULT', 'SPINNING_DISK_OPTIMIZED', 'SPINNING_DISK_OPTIMIZED_HIGH_MEM', 'FLASH_SSD_OPTIMIZED']
    assert PredefinedOptions['FLASH_SSD_OPTIMIZED'] is PredefinedOptions.FLASH_SSD_OPTIMIZED


def test_jobmanager_storage_defaults_and_checks():
    storage = JobManagerCheckpointStorage()
    assert storage.get_checkpoint_path() is None and storage.get_savepoint_path() is None
    assert storage.get_max_state_size() == JobManagerCheckpointStorage.DEFAULT_MAX_STATE_SIZE == 5 * 1024 * 1024
    storage = JobManagerCheckpointStorage("file://var/checkpoints/", 10_000_000)
    assert (storage.get_checkpoint_path(), storage.get_max_state_size()) == ("file://var/checkpoints", 10_000_000)
    assert JobManagerCheckpointStorage(max_state_size=50_000).get_max_state_size() == 50_000
    with pytest.raises(ValueError, match="maxStateSize must be > 0"):
        JobManagerCheckpointStorage(max_state_size=0)
    with pytest.raises(TypeError, match="max_state_size must be an int"):
        JobManagerCheckpointStorage(max_state_size="5mb")
    with pytest.raises(ValueError, match="The scheme .* is null"):
        JobManagerCheckpointStorage("/tmp/checkpoints")


def test_filesystem_storage_defaults_and_checks():
    storage = FileSystemCheckpointStorage("file://var/checkpoints/")
    assert storage.get_checkpoint_path() == "file://var/checkpoints"
    assert storage.get_savepoint_path() is None
    assert storage.get_min_file_size_threshold() == 20480  # Flink's 20 KiB
    assert storage.get_write_buffer_size() == 4096  # Flink's 4 KiB
    storage = FileSystemCheckpointStorage("hdfs://namenode:8020/flink/checkpoints", 2048, 8192)
    assert (storage.get_checkpoint_path(), storage.get_min_file_size_threshold(), storage.get_write_buffer_size()) \
        == ("hdfs://namenode:8020/flink/checkpoints", 2048, 8192)
    assert FileSystemCheckpointStorage("file:///tmp/ckp", file_state_size_threshold=0).get_min_file_size_threshold() == 0
    assert FileSystemCheckpointStorage("s3://bucket/ckp", -1, -1).get_write_buffer_size() == 4096
    with pytest.raises(ValueError, match="checkpoint_path must not be None"):
        FileSystemCheckpointStorage()
    with pytest.raises(ValueError, match=r"must be in \[-1, 1048576\]"):
        FileSystemCheckpointStorage("file:///tmp/ckp", 1024 * 1024 + 1)
    with pytest.raises(ValueError, match="must be not less than '-1'"):
        FileSystemCheckpointStorage("file:///tmp/ckp", write_buffer_size=-2)
    with pytest.raises(ValueError, match="Cannot use the root directory"):
        FileSystemCheckpointStorage("file:///")
    with pytest.raises(ValueError, match="The scheme .* is null"):
        FileSystemCheckpointStorage("relative/checkpoints")
    with pytest.raises(ValueError, match="empty string"):
        FileSystemCheckpointStorage("  ")
    with pytest.raises(TypeError, match="checkpoint_path must be a str"):
        FileSystemCheckpointStorage(42)


def test_custom_backends_keep_what_they_wrap_and_the_environment_keeps_them():
    marker = object()
    assert CustomStateBackend(marker)._j_custom_state_backend is marker
    assert CustomCheckpointStorage(marker)._j_custom_checkpoint_storage is marker
    env = StreamExecutionEnvironment.get_execution_environment()
    backend = CustomStateBackend(marker)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # said once: state stays in memory
        env.set_state_backend(backend)
    assert env.get_state_backend() is backend
    storage = FileSystemCheckpointStorage("file:///tmp/checkpoints", 1024)
    config = env.get_checkpoint_config().set_checkpoint_storage(storage)
    assert config.get_checkpoint_storage() is storage
    assert repr(storage) == "FileSystemCheckpointStorage(checkpoint_path='file:///tmp/checkpoints', " \
                            "file_state_size_threshold=1024, write_buffer_size=-1)"
