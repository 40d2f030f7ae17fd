"""ExecutionConfig: Flink 2.3's defaults, validation and chaining."""

import pytest

from spate.common import ExecutionConfig


def test_defaults():
    config = ExecutionConfig()
    assert config.get_parallelism() == ExecutionConfig.PARALLELISM_DEFAULT == -1
    assert config.get_max_parallelism() == -1
    assert config.get_auto_watermark_interval() == 200
    assert config.get_latency_tracking_interval() == 0
    assert config.get_task_cancellation_interval() == 30_000
    assert config.get_task_cancellation_timeout() == 180_000
    assert config.is_closure_cleaner_enabled() is True
    assert config.has_generic_types_disabled() is False
    assert config.has_auto_generated_uids_enabled() is True
    assert config.is_object_reuse_enabled() is False
    assert config.is_force_kryo_enabled() is False and config.is_force_avro_enabled() is False
    assert config.is_use_snapshot_compression() is False
    assert config.get_global_job_parameters() == {}
    assert config.get_registered_kryo_types() == [] and config.get_registered_pojo_types() == []
    assert config.get_default_kryo_serializer_classes() == {}


def test_setters_chain_and_read_back():
    config = ExecutionConfig()
    assert config.set_parallelism(4).set_max_parallelism(256).set_auto_watermark_interval(50) \
        .enable_object_reuse().disable_generic_types().set_use_snapshot_compression(True) \
        is config
    assert config.get_parallelism() == 4 and config.get_max_parallelism() == 256
    assert config.get_auto_watermark_interval() == 50
    assert config.is_object_reuse_enabled() and config.has_generic_types_disabled()
    assert config.is_use_snapshot_compression()
    config.disable_object_reuse().disable_closure_cleaner().enable_force_kryo()
    assert not config.is_object_reuse_enabled() and not config.is_closure_cleaner_enabled()
    assert config.is_force_kryo_enabled()


def test_parallelism_validation():
    config = ExecutionConfig().set_parallelism(3)
    config.set_parallelism(ExecutionConfig.PARALLELISM_UNKNOWN)
    assert config.get_parallelism() == 3
    config.set_parallelism(ExecutionConfig.PARALLELISM_DEFAULT)
    assert config.get_parallelism() == -1
    with pytest.raises(ValueError, match='at least one'):
        config.set_parallelism(0)
    with pytest.raises(ValueError):
        config.set_max_parallelism(0)
    with pytest.raises(ValueError):
        config.set_auto_watermark_interval(-1)


def test_global_job_parameters_become_strings():
    config = ExecutionConfig().set_global_job_parameters({'a': 1, 'b': 'x', 'c': True})
    assert config.get_global_job_parameters() == {'a': '1', 'b': 'x', 'c': 'True'}
    config.get_global_job_parameters()['a'] = 'changed'
    assert config.get_global_job_parameters()['a'] == '1'


def test_copy_and_equality():
    original = ExecutionConfig().set_parallelism(2).set_global_job_parameters({'k': 'v'})
    copied = ExecutionConfig(original)
    assert copied == original
    copied.set_global_job_parameters({'k': 'other'})
    assert original.get_global_job_parameters() == {'k': 'v'}
    assert copied != original
    with pytest.raises(TypeError):
        ExecutionConfig(object())
