"""`StreamExecutionEnvironment.configure`: Flink's configuration keys applied to an environment, as
Flink's `StreamExecutionEnvironment.configure` applies them (a key not set leaves its setting as
it is), and the process-wide defaults `spate run` sets (`-p`, `-D`, `-py*`) for the environments
a script makes with `get_execution_environment()`.

A value Flink would refuse is refused here, at `configure`, naming the key (Flink refuses some
only when the setting is read)."""
import re
from datetime import timedelta
from typing import Callable, Dict

from spate.common.configuration import Configuration

__all__ = ['apply', 'parse_duration_ms', 'default_configuration', 'job_name']

DEFAULT_JOB_NAME = 'Flink Streaming Job'

# Flink's TimeUtils units: each name, and its plural with an 's' for the words but 'min'.
_UNITS_MS = {}
for _factor, _names in ((86_400_000, ('d', 'day')), (3_600_000, ('h', 'hour')), (60_000, ('m', 'min', 'minute')),
                        (1_000, ('s', 'sec', 'second')), (1, ('ms', 'milli', 'millisecond')),
                        (1e-3, ('µs', 'micro', 'microsecond')), (1e-6, ('ns', 'nano', 'nanosecond'))):
    for _name in _names:
        _UNITS_MS[_name] = _factor
        if len(_name) > 2 and _name != 'min':
            _UNITS_MS[_name + 's'] = _factor
_DURATION = re.compile(r'([0-9]+)\s*([^\s0-9]*)')
_ISO_DURATION = re.compile(r'([-+]?)P(?:([0-9]+)D)?(?:T(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:[.,][0-9]*)?)S)?)?',
                           re.IGNORECASE)

# What `spate run` sets for the script's environments (-p, -D, -pyfs, ...): see `default_configuration`.
_DEFAULTS = Configuration()


def default_configuration() -> Configuration:
    """The configuration every `get_execution_environment()` starts from (empty unless `spate run`
    was given options): Flink's global configuration, under the one the script passes."""
    return _DEFAULTS


def parse_duration_ms(key: str, text: str) -> int:
    """A duration as Flink's TimeUtils reads it ("100 ms", "1 min", "5s", "PT1M"; no unit: ms),
    in whole milliseconds."""
    value = text.strip()
    iso = _ISO_DURATION.fullmatch(value)
    if iso and any(iso.group(i) for i in range(2, 6)):
        sign, days, hours, minutes, seconds = iso.groups()
        duration = timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0),
                             seconds=float((seconds or '0').replace(',', '.')))
        milliseconds = int(duration / timedelta(milliseconds=1))
        return -milliseconds if sign == '-' else milliseconds
    match = _DURATION.fullmatch(value)
    unit = match.group(2).lower() if match else None
    if unit is not None and (unit == '' or unit in _UNITS_MS):
        return int(int(match.group(1)) * _UNITS_MS.get(unit, 1))
    raise ValueError(f"configure: {key} must be a duration such as '100 ms', '5 s' or '1 min' "
                     f"(units: {', '.join(sorted(set(name for name in _UNITS_MS if len(name) <= 3)))}), "
                     f"got {text!r}")


def _boolean(key: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered not in ('true', 'false'):
        raise ValueError(f"configure: {key} must be true or false, got {text!r}")
    return lowered == 'true'


def _integer(key: str, text: str, minimum: int) -> int:
    try:
        number = int(text.strip())
    except ValueError:
        number = None
    if number is None or number < minimum:
        raise ValueError(f"configure: {key} must be a whole number of at least {minimum}, got {text!r}")
    return number


def _enum(key: str, text: str, enum):
    """An enum constant by name, in any case (as Flink reads enum options)."""
    for member in enum:
        if member.name.lower() == text.strip().lower():
            return member
    raise ValueError(f"configure: {key} must be one of {', '.join(m.name for m in enum)}, got {text!r}")


def _bundle(key: str, text: str) -> int:
    """A bundle size or time (ms): a whole number of at least 1. (Flink logs an error and takes
    its default for anything else; Spate says so at the call.)"""
    return _integer(key, text, 1)


def _checkpoints(env):
    return env.get_checkpoint_config()


def _runtime_mode(env, key, text):
    from spate.datastream.execution_mode import RuntimeExecutionMode
    env.set_runtime_mode(_enum(key, text, RuntimeExecutionMode))


def _checkpointing_mode(env, key, text):
    from spate.datastream.checkpoint_config import CheckpointingMode
    _checkpoints(env).set_checkpointing_mode(_enum(key, text, CheckpointingMode))


def _retention(env, key, text):
    from spate.datastream.externalized_checkpoint_retention import ExternalizedCheckpointRetention
    _checkpoints(env).set_externalized_checkpoint_retention(_enum(key, text, ExternalizedCheckpointRetention))


def _chaining(env, key, text):
    env._chaining = _boolean(key, text)


def _buffer_timeout_enabled(env, key, text):
    if not _boolean(key, text):
        env.set_buffer_timeout(-1)


def _object_reuse(env, key, text):
    config = env.get_config()
    config.enable_object_reuse() if _boolean(key, text) else config.disable_object_reuse()


def _runtime_option(option: str):
    def setting(env, key, text):
        env._runtime_options[option] = str(_bundle(key, text))
    return setting


def _python_files(env, key, text):
    for path in text.split(','):
        if path.strip():
            env.add_python_file(path.strip())


def _python_requirements(env, key, text):
    requirements, _, cache_dir = text.partition('#')
    env.set_python_requirements(requirements, cache_dir or None)


def _python_archives(env, key, text):
    for entry in text.split(','):
        if entry.strip():
            archive, _, target = entry.strip().partition('#')
            env.add_python_archive(archive, target or None)


# Each key Spate takes, and how it sets the environment from the key's (string) value.
_KEYS: Dict[str, Callable] = {
    'parallelism.default': lambda env, key, text: env.set_parallelism(_integer(key, text, 1)),
    'pipeline.max-parallelism': lambda env, key, text: env.set_max_parallelism(_integer(key, text, 1)),
    'pipeline.operator-chaining': _chaining,
    'pipeline.operator-chaining.enabled': _chaining,
    'pipeline.auto-watermark-interval':
        lambda env, key, text: env.get_config().set_auto_watermark_interval(parse_duration_ms(key, text)),
    'pipeline.object-reuse': _object_reuse,
    'execution.runtime-mode': _runtime_mode,
    'execution.buffer-timeout': lambda env, key, text: env.set_buffer_timeout(parse_duration_ms(key, text)),
    'execution.buffer-timeout.enabled': _buffer_timeout_enabled,
    'execution.checkpointing.interval':
        lambda env, key, text: _checkpoints(env).set_checkpoint_interval(parse_duration_ms(key, text)),
    'execution.checkpointing.mode': _checkpointing_mode,
    'execution.checkpointing.timeout':
        lambda env, key, text: _checkpoints(env).set_checkpoint_timeout(parse_duration_ms(key, text)),
    'execution.checkpointing.min-pause':
        lambda env, key, text: _checkpoints(env).set_min_pause_between_checkpoints(parse_duration_ms(key, text)),
    'execution.checkpointing.max-concurrent-checkpoints':
        lambda env, key, text: _checkpoints(env).set_max_concurrent_checkpoints(_integer(key, text, 1)),
    'execution.checkpointing.tolerable-failed-checkpoints':
        lambda env, key, text: _checkpoints(env).set_tolerable_checkpoint_failure_number(_integer(key, text, 0)),
    'execution.checkpointing.externalized-checkpoint-retention': _retention,
    'execution.checkpointing.unaligned.enabled':
        lambda env, key, text: _checkpoints(env).enable_unaligned_checkpoints(_boolean(key, text)),
    # How many records, and how long, a Python function's results may be held (CallPacer).
    'python.fn-execution.bundle.size': _runtime_option('bundle_size'),
    'python.fn-execution.bundle.time': _runtime_option('bundle_time_ms'),
    # Python dependencies (what `flink run -pyfs/-pyreq/-pyarch/-pyexec` set).
    'python.files': _python_files,
    'python.requirements': _python_requirements,
    'python.archives': _python_archives,
    'python.executable': lambda env, key, text: env.set_python_executable(text.strip()),
}


def apply(env, configuration: Configuration):
    """Sets `env` from the keys of `configuration` Spate knows (in the order above); every entry is
    kept in the environment's configuration (`pipeline.name` is the job's name)."""
    if not isinstance(configuration, Configuration):
        raise TypeError(f"configure: expected a Configuration, got {configuration!r}")
    for key, setting in _KEYS.items():
        text = configuration.get_string(key, None)
        if text is not None and text.strip():
            try:
                setting(env, key, text)
            except ValueError as error:
                if key in str(error):
                    raise
                raise ValueError(f"configure: {key} = {text!r}: {error}") from None
    env._configuration.add_all(configuration)
    return env


def job_name(env, given: str = None) -> str:
    """The job's name: `execute`'s argument, else `pipeline.name`, else Flink's default."""
    return given or env._configuration.get_string('pipeline.name', None) or DEFAULT_JOB_NAME
