"""A script's cluster settings: kept, read back, and said to be without effect where Spate has none."""
import warnings
from datetime import timedelta

import pytest

from spate.common import RestartStrategies, Types
from spate.datastream import CheckpointingMode, StreamExecutionEnvironment


def test_checkpoint_settings_are_kept_and_said_once_to_save_no_state():
    from spate.datastream import deployment
    deployment._warned.discard('checkpoints')
    env = StreamExecutionEnvironment.get_execution_environment()
    assert env.get_checkpoint_interval() == -1 and not env.get_checkpoint_config().is_checkpointing_enabled()
    with pytest.warns(UserWarning, match="checkpoints save no state yet"):
        env.enable_checkpointing(60_000, CheckpointingMode.AT_LEAST_ONCE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # once only
        env.enable_checkpointing(30_000)
    config = env.get_checkpoint_config()
    assert env.get_checkpoint_interval() == 30_000 and env.get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    config.set_min_pause_between_checkpoints(5_000).set_checkpoint_timeout(1_000).set_max_concurrent_checkpoints(2)
    config.set_tolerable_checkpoint_failure_number(3).enable_unaligned_checkpoints()
    assert (config.get_min_pause_between_checkpoints(), config.get_checkpoint_timeout(),
            config.get_max_concurrent_checkpoints(), config.get_tolerable_checkpoint_failure_number(),
            config.is_unaligned_checkpoints_enabled()) == (5_000, 1_000, 2, 3, True)
    with pytest.raises(ValueError, match="checkpoint interval must be an int of at least 10"):
        env.enable_checkpointing(0)
    with pytest.raises(TypeError, match="expected a CheckpointingMode"):
        config.set_checkpointing_mode('exactly once')
    from spate.common import Duration
    from spate.datastream import ExternalizedCheckpointRetention
    assert not config.is_externalized_checkpoints_enabled()
    assert config.get_externalized_checkpoint_retention() == ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS
    config.set_externalized_checkpoint_retention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION)
    assert config.is_externalized_checkpoints_enabled()
    config.set_fail_on_checkpointing_errors(True)
    assert config.is_fail_on_checkpointing_errors() and config.get_tolerable_checkpoint_failure_number() == 0
    assert config.get_aligned_checkpoint_timeout().to_milliseconds() == 0
    config.set_alignment_timeout(Duration.of_seconds(2)).set_force_unaligned_checkpoints()
    assert (config.get_aligned_checkpoint_timeout().to_milliseconds(), config.is_force_unaligned_checkpoints()) == \
        (2_000, True)
    with pytest.raises(TypeError, match="expected an ExternalizedCheckpointRetention"):
        config.set_externalized_checkpoint_retention("retain")
    # The job itself runs as written.
    assert list(env.from_collection([1, 2]).map(lambda x: x * 2, Types.INT()).execute_and_collect()) == [2, 4]


def test_python_files_become_importable_and_other_settings_are_checked(tmp_path):
    module = tmp_path / "helpers_for_spate_test.py"
    module.write_text("def triple(x):\n    return 3 * x\n")
    env = StreamExecutionEnvironment.get_execution_environment()
    env.add_python_file(str(module))

    def use(x):
        import helpers_for_spate_test
        return helpers_for_spate_test.triple(x)

    assert list(env.from_collection([1, 2]).map(use, Types.INT()).execute_and_collect()) == [3, 6]
    with pytest.raises(FileNotFoundError, match="add_python_file: no such file"):
        env.add_python_file(str(tmp_path / "missing.py"))
    with pytest.raises(FileNotFoundError, match="set_python_requirements: no such file"):
        env.set_python_requirements(str(tmp_path / "requirements.txt"))
    (tmp_path / "requirements.txt").write_text("numpy\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env.set_python_requirements(str(tmp_path / "requirements.txt"))
        env.set_state_backend("hashmap")
        env.set_restart_strategy(RestartStrategies.fixed_delay_restart(3, 10_000))
    assert env.get_state_backend() == "hashmap"
    assert env.get_restart_strategy() == RestartStrategies.fixed_delay_restart(3, timedelta(seconds=10))
    assert env.get_restart_strategy().get_description() == "Restart with fixed delay (PT10S). #3 restart attempts."
    rate = RestartStrategies.failure_rate_restart(2, timedelta(minutes=1, seconds=30), 500)
    assert (rate.get_max_failure_rate(), rate.get_failure_interval(), rate.get_delay_between_attempts_interval()) == \
        (2, timedelta(seconds=90), timedelta(milliseconds=500))
    assert rate.get_description() == \
        "Failure rate restart with maximum of 2 failures within interval PT1M30S and fixed delay PT0.5S."
    assert RestartStrategies.no_restart() != RestartStrategies.fall_back_restart()
    with pytest.raises(TypeError, match="only supports integer and datetime.timedelta"):
        RestartStrategies.fixed_delay_restart(3, "10 s")
    with pytest.raises(TypeError, match="expected a configuration from RestartStrategies"):
        env.set_restart_strategy("none")


def test_operator_tuning_settings_are_kept_and_checked(env):
    ds = env.from_collection([1, 2, 3], type_info=Types.INT()).map(lambda x: x, Types.INT())
    ds.set_max_parallelism(64).slot_sharing_group("g").start_new_chain().set_buffer_timeout(5).set_uid_hash("abc")
    params = ds._transformation.params
    assert (params['max_parallelism'], params['slot_sharing_group'], params['buffer_timeout'], params['uid_hash']) \
        == (64, "g", 5, "abc")
    ds.disable_chaining()
    assert params['chaining'] == 'disabled'
    with pytest.raises(ValueError, match="max_parallelism must be an int from 1 to 32768"):
        ds.set_max_parallelism(0)
    with pytest.raises(ValueError, match="timeout_millis must be -1 or more"):
        ds.set_buffer_timeout(-2)
    single = ds.map(lambda x: x * 2, Types.INT()).force_non_parallel()
    assert single._transformation.parallelism == 1 and single.get_execution_config() is env.get_config()
    assert sorted(single.execute_and_collect()) == [2, 4, 6]
    sink = env.from_collection([1]).print().slot_sharing_group("g").disable_chaining()
    assert sink._transformation.params['chaining'] == 'disabled'


def test_read_text_file_and_the_deprecated_time_characteristic(env, tmp_path):
    from spate.datastream import TimeCharacteristic
    (tmp_path / "in.txt").write_text("one\ntwo\n")
    assert sorted(env.read_text_file(str(tmp_path / "in.txt")).execute_and_collect()) == ["one", "two"]
    env.set_stream_time_characteristic(TimeCharacteristic.ProcessingTime)
    assert env.get_stream_time_characteristic() == TimeCharacteristic.ProcessingTime
    with pytest.raises(TypeError, match="expected a TimeCharacteristic"):
        env.set_stream_time_characteristic("event")
    with pytest.raises(FileNotFoundError, match="register_cached_file"):
        env.register_cached_file(str(tmp_path / "nope"), "cache")


def test_state_backends_and_checkpoint_storage_are_kept():
    from spate.datastream import EmbeddedRocksDBStateBackend, FileSystemCheckpointStorage, HashMapStateBackend
    env = StreamExecutionEnvironment.get_execution_environment()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        env.set_state_backend(EmbeddedRocksDBStateBackend(enable_incremental_checkpointing=True))
    assert env.get_state_backend().is_incremental_checkpoints_enabled()
    assert "HashMapStateBackend" in repr(HashMapStateBackend())
    config = env.get_checkpoint_config().set_checkpoint_storage_dir("file:///tmp/checkpoints")
    assert isinstance(config.get_checkpoint_storage(), FileSystemCheckpointStorage)
    assert config.get_checkpoint_storage().get_checkpoint_path() == "file:///tmp/checkpoints"


def test_the_rest_of_the_environments_cluster_surface():
    from spate.common import Configuration
    env = StreamExecutionEnvironment.get_execution_environment()
    configuration = Configuration()
    configuration.set_string('parallelism.default', '3')
    assert env.configure(configuration) is env and env.get_parallelism() == 3
    with pytest.raises(TypeError, match="expected a Configuration"):
        env.configure({'parallelism.default': '2'})
    assert env.get_checkpointing_consistency_mode() == CheckpointingMode.AT_LEAST_ONCE  # not enabled: Flink's
    assert not env.is_unaligned_checkpoints_enabled() and not env.is_force_unaligned_checkpoints()
    assert env.is_changelog_state_backend_enabled() is None
    assert env.enable_changelog_state_backend(True).is_changelog_state_backend_enabled() is True
    assert env.register_slot_sharing_group("group") is env
    env.set_default_local_parallelism(4)
    assert StreamExecutionEnvironment.get_execution_environment().get_default_local_parallelism() == 4
    with pytest.raises(NotImplementedError, match="Java SourceFunction"):
        env.add_source(object())
    with pytest.raises(NotImplementedError, match="Java InputFormat"):
        env.create_input(object())


def test_keyed_and_windowed_stream_extras(env):
    from spate.common import Time
    from spate.datastream import KeyedStream
    from spate.datastream.functions import AsyncRetryStrategy
    from spate.datastream.window import TumblingEventTimeWindows
    windowed = env.from_collection([1], type_info=Types.INT()).key_by(lambda x: x) \
        .window(TumblingEventTimeWindows.of(Time.milliseconds(5)))
    assert windowed.get_input_type() == Types.INT()
    assert KeyedStream.AccumulateType.SUM.value == 5
    assert not AsyncRetryStrategy.no_restart().can_retry(1)
    assert AsyncRetryStrategy.fixed_delay(2, 10, None, None).can_retry(2)
    assert AsyncRetryStrategy.exponential_backoff(2, 10, 100, 2.0, None, None).get_backoff_time_millis(2) == 20
