"""Flink's configuration keys set the environment, through `configure` and
`get_execution_environment(config)` alike (each value checked against PyFlink 2.3)."""
import datetime

import pytest

from spate.common import Configuration, Types
from spate.datastream import CheckpointingMode, StreamExecutionEnvironment
from spate.datastream._configure import job_name, parse_duration_ms
from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention


def config(**entries) -> Configuration:
    conf = Configuration()
    for key, value in entries.items():
        conf.set_string(key.replace('__', '.').replace('_', '-'), value)
    return conf


JOB = config(parallelism__default='3', pipeline__operator_chaining='false', execution__buffer_timeout='1 min',
             execution__checkpointing__interval='4 s', execution__checkpointing__mode='AT_LEAST_ONCE',
             execution__checkpointing__timeout='2 min', execution__checkpointing__min_pause='250 ms',
             execution__checkpointing__max_concurrent_checkpoints='2',
             execution__checkpointing__tolerable_failed_checkpoints='5',
             execution__checkpointing__externalized_checkpoint_retention='RETAIN_ON_CANCELLATION',
             pipeline__max_parallelism='48', pipeline__name='nightly totals',
             pipeline__auto_watermark_interval='300 ms', pipeline__object_reuse='true')


def configured_both_ways():
    first = StreamExecutionEnvironment.get_execution_environment(JOB)
    second = StreamExecutionEnvironment.get_execution_environment()
    assert second.configure(JOB) is second
    return first, second


@pytest.mark.parametrize("env", configured_both_ways(), ids=['get_execution_environment', 'configure'])
def test_every_key_reaches_its_setting(env):
    assert env.get_parallelism() == 3 and env.get_config().get_parallelism() == 3
    assert env.get_max_parallelism() == 48 and env.get_config().get_max_parallelism() == 48
    assert not env.is_chaining_enabled()
    assert env.get_buffer_timeout() == 60_000
    checkpoints = env.get_checkpoint_config()
    assert checkpoints.is_checkpointing_enabled() and checkpoints.get_checkpoint_interval() == 4_000
    assert checkpoints.get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    assert env.get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    assert checkpoints.get_checkpoint_timeout() == 120_000
    assert checkpoints.get_min_pause_between_checkpoints() == 250
    assert checkpoints.get_max_concurrent_checkpoints() == 2
    assert checkpoints.get_tolerable_checkpoint_failure_number() == 5
    assert checkpoints.get_externalized_checkpoint_retention() == ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
    assert checkpoints.is_externalized_checkpoints_enabled()
    assert env.get_config().get_auto_watermark_interval() == 300
    assert env.get_config().is_object_reuse_enabled()
    assert job_name(env) == 'nightly totals' and job_name(env, 'given') == 'given'
    job = env._job_settings()
    assert job['parallelism'] == 3 and job['max_parallelism'] == 48 and job['buffer_timeout_ms'] == 60_000
    assert job['checkpoints'] == {'interval_ms': 4_000, 'mode': 'AT_LEAST_ONCE', 'min_pause_ms': 250}


def test_defaults_and_keys_left_out_leave_settings_alone():
    env = StreamExecutionEnvironment.get_execution_environment()
    assert env.get_config().get_parallelism() == env.get_parallelism() == 1
    assert env.get_max_parallelism() == env.get_config().get_max_parallelism() == -1
    retention = env.get_checkpoint_config().get_externalized_checkpoint_retention()
    assert retention == ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS
    assert not env.get_checkpoint_config().is_externalized_checkpoints_enabled()
    assert job_name(env) == 'Flink Streaming Job'
    env.set_parallelism(2).set_buffer_timeout(7)
    env.configure(config(execution__checkpointing__interval='1 s'))
    assert env.get_parallelism() == 2 and env.get_buffer_timeout() == 7 and env.is_chaining_enabled()
    # The environment and its ExecutionConfig are one setting, either way round.
    assert env.get_config().get_parallelism() == 2
    env.get_config().set_parallelism(5)
    env.get_config().set_max_parallelism(64)
    assert env.get_parallelism() == 5 and env.get_max_parallelism() == 64


def test_a_configured_job_runs_with_its_parallelism_and_chaining():
    env = StreamExecutionEnvironment.get_execution_environment(
        config(parallelism__default='2', pipeline__operator_chaining='false', execution__buffer_timeout='100 ms'))
    results = env.from_collection(list(range(10)), Types.INT()).map(lambda x: x * 2, Types.INT()).execute_and_collect()
    assert sorted(results) == [x * 2 for x in range(10)]


@pytest.mark.parametrize("text, ms", [('100 ms', 100), ('100ms', 100), ('2 s', 2000), ('1 min', 60_000),
                                      ('1 MIN', 60_000), ('5 m', 300_000), ('1h', 3_600_000), ('1 d', 86_400_000), ('2 days', 172_800_000), ('3 secs', 3000),
                                      ('500', 500), (' 7 ms ', 7), ('10 millis', 10), ('3 seconds', 3000),
                                      ('999999 ns', 0), ('2000 micro', 2), ('PT1M', 60_000), ('PT0.5S', 500)])
def test_durations_read_as_flinks(text, ms):
    assert parse_duration_ms('execution.buffer-timeout', text) == ms


@pytest.mark.parametrize("key, value, message", [
    ('execution.buffer-timeout', '1.5 s', "must be a duration such as"),
    ('execution.buffer-timeout', '2 mins', "got '2 mins'"),
    ('execution.buffer-timeout', '-1', "execution.buffer-timeout"),
    ('parallelism.default', '0', "parallelism.default must be a whole number of at least 1, got '0'"),
    ('parallelism.default', 'many', "parallelism.default"),
    ('pipeline.operator-chaining', 'maybe', "pipeline.operator-chaining must be true or false"),
    ('execution.checkpointing.mode', 'at-least-once', "EXACTLY_ONCE, AT_LEAST_ONCE"),
    ('execution.checkpointing.interval', '5 ms', "at least 10"),
    ('execution.checkpointing.max-concurrent-checkpoints', '0', "at least 1"),
    ('execution.checkpointing.tolerable-failed-checkpoints', '-1', "at least 0"),
    ('execution.checkpointing.externalized-checkpoint-retention', 'bogus', "NO_EXTERNALIZED_CHECKPOINTS"),
    ('pipeline.max-parallelism', '0', "pipeline.max-parallelism"),
])
def test_values_flink_refuses_are_refused_naming_the_key(key, value, message):
    conf = Configuration().set_string(key, value)
    with pytest.raises(ValueError, match=message):
        StreamExecutionEnvironment.get_execution_environment(conf)


def test_the_mode_is_at_least_once_until_checkpointing_is_enabled():
    env = StreamExecutionEnvironment.get_execution_environment(config(execution__checkpointing__mode='EXACTLY_ONCE'))
    assert env.get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    assert env.get_checkpoint_config().get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    env.configure(config(execution__checkpointing__interval='1 s'))
    assert env.get_checkpointing_consistency_mode() == CheckpointingMode.EXACTLY_ONCE
    assert env._job_settings()['checkpoints']['mode'] == 'EXACTLY_ONCE'


def test_enum_values_and_booleans_in_any_case():
    env = StreamExecutionEnvironment.get_execution_environment(
        config(execution__checkpointing__mode='at_least_once', pipeline__operator_chaining='FALSE',
               execution__checkpointing__externalized_checkpoint_retention='delete_on_cancellation'))
    assert env.get_checkpoint_config().get_checkpointing_mode() == CheckpointingMode.AT_LEAST_ONCE
    assert not env.is_chaining_enabled()
    assert env.get_checkpoint_config().get_externalized_checkpoint_retention() == \
        ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION
    env.configure(config(execution__buffer_timeout__enabled='false'))
    assert env.get_buffer_timeout() == -1


def test_add_all_to_dict_keeps_the_type_each_value_was_set_with():
    conf = Configuration()
    conf.set_string('s', 'x').set_integer('i', 5).set_boolean('b', True).set_float('f', 1.5)
    conf.set_bytearray('raw', bytearray(b'ab')).set_string('n', '7')
    out = {}
    conf.add_all_to_dict(out)
    assert out == {'s': 'x', 'i': 5, 'b': True, 'f': 1.5, 'raw': b'ab', 'n': '7'}
    assert [type(out[k]) for k in ('i', 'b', 'f', 'n')] == [int, bool, float, str]
    copied = {}
    Configuration(conf).add_all_to_dict(copied)
    assert copied == out
    # Read as strings, as Flink prints them; parsed when asked.
    assert conf.to_dict() == {'s': 'x', 'i': '5', 'b': 'true', 'f': '1.5', 'raw': b'ab', 'n': '7'}
    assert conf.get_string('i', '') == '5' and conf.get_float('i', 0.0) == 5.0 and conf.get_integer('n', 0) == 7
    assert str(conf) == '{s=x, i=5, b=true, f=1.5, raw=[97, 98], n=7}'
    with pytest.raises(ValueError, match="Could not parse value '5' for key 'i'"):
        conf.get_boolean('i', False)
    conf.set_string('i', '9')
    out = {}
    conf.add_all_to_dict(out)
    assert out['i'] == '9'


@pytest.mark.parametrize("text, items", [
    ('[a, b, 1]', ['a', 'b', 1]), ('[1, 2.5, true, null, ~]', [1, 2.5, True, None, None]),
    ("['x;y', \"z\\n\"]", ['x;y', 'z\n']), ('- a\n- 2', ['a', 2]), ('[]', []),
    ('[a, [b, c]]', ['a', ['b', 'c']]), ('[a: 1]', [{'a': 1}]), ('[2024-01-31]', [datetime.date(2024, 1, 31)]),
    ('[a b, c]', ['a b', 'c']), ("['it''s']", ["it's"]),
    # Not a YAML list: split at ';'.
    ('a;b', ['a', 'b']), ('a', ['a']), ('{a: 1}', ['{a: 1}']), ('', [])])
def test_list_values_parse_as_yaml_lists(text, items):
    assert Configuration.parse_list_value(text) == items


def test_a_broken_yaml_list_is_an_error():
    with pytest.raises(ValueError, match="not a YAML list"):
        Configuration.parse_list_value('[a, b')
