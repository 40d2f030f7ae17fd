"""``RestartStrategies``, as ``pyflink.common``: the restart strategy a script gives
`set_restart_strategy`. Spate keeps it and does not restart a failed job (said once there).

Example::

    env.set_restart_strategy(RestartStrategies.fixed_delay_restart(3, 10_000))
"""
from abc import ABC, abstractmethod
from datetime import timedelta
from typing import Union

__all__ = ['RestartStrategies', 'RestartStrategyConfiguration']


def _interval(value: Union[int, timedelta], what: str) -> timedelta:
    if isinstance(value, timedelta):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return timedelta(milliseconds=value)
    raise TypeError(f"The parameter '{what}' only supports integer and datetime.timedelta, current input type is "
                    f"{type(value)}.")


def _java_duration(interval: timedelta) -> str:
    """Java's `Duration.toString()` (PT10S, PT1M30S, PT0.5S), as Flink's descriptions show it."""
    millis = int(interval / timedelta(milliseconds=1))
    if millis == 0:
        return "PT0S"
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or millis:
        text += f"{seconds}.{millis:03d}".rstrip("0").rstrip(".") + "S"
    return text


class RestartStrategyConfiguration(ABC):
    """A restart strategy, compared by what it describes."""

    @abstractmethod
    def get_description(self) -> str:
        pass

    def __eq__(self, other):
        return isinstance(other, RestartStrategyConfiguration) and self.get_description() == other.get_description()

    def __hash__(self):
        return hash(self.get_description())

    def __repr__(self):
        return f"{type(self).__name__}({self.get_description()!r})"


class RestartStrategies(object):
    """Makes restart strategy configurations."""

    class NoRestartStrategyConfiguration(RestartStrategyConfiguration):
        def get_description(self) -> str:
            return "Restart deactivated."

    class FixedDelayRestartStrategyConfiguration(RestartStrategyConfiguration):
        def __init__(self, restart_attempts: int, delay_between_attempts_interval: Union[int, timedelta]):
            self._attempts = restart_attempts
            self._delay = _interval(delay_between_attempts_interval, "delay_between_attempts_interval")

        def get_restart_attempts(self) -> int:
            return self._attempts

        def get_delay_between_attempts_interval(self) -> timedelta:
            return self._delay

        def get_description(self) -> str:
            return f"Restart with fixed delay ({_java_duration(self._delay)}). #{self._attempts} restart attempts."

    class FailureRateRestartStrategyConfiguration(RestartStrategyConfiguration):
        def __init__(self, max_failure_rate: int, failure_interval: Union[int, timedelta],
                     delay_between_attempts_interval: Union[int, timedelta]):
            self._rate = max_failure_rate
            self._interval = _interval(failure_interval, "failure_interval")
            self._delay = _interval(delay_between_attempts_interval, "delay_between_attempts_interval")

        def get_max_failure_rate(self) -> int:
            return self._rate

        def get_failure_interval(self) -> timedelta:
            return self._interval

        def get_delay_between_attempts_interval(self) -> timedelta:
            return self._delay

        def get_description(self) -> str:
            return (f"Failure rate restart with maximum of {self._rate} failures within interval "
                    f"{_java_duration(self._interval)} and fixed delay {_java_duration(self._delay)}.")

    class FallbackRestartStrategyConfiguration(RestartStrategyConfiguration):
        def get_description(self) -> str:
            return "Cluster level default restart strategy"

    @staticmethod
    def no_restart() -> 'RestartStrategies.NoRestartStrategyConfiguration':
        return RestartStrategies.NoRestartStrategyConfiguration()

    @staticmethod
    def fall_back_restart() -> 'RestartStrategies.FallbackRestartStrategyConfiguration':
        return RestartStrategies.FallbackRestartStrategyConfiguration()

    @staticmethod
    def fixed_delay_restart(restart_attempts: int, delay_between_attempts: Union[int, timedelta]) \
            -> 'RestartStrategies.FixedDelayRestartStrategyConfiguration':
        """`restart_attempts` restarts, `delay_between_attempts` (ms or a timedelta) apart."""
        return RestartStrategies.FixedDelayRestartStrategyConfiguration(restart_attempts, delay_between_attempts)

    @staticmethod
    def failure_rate_restart(failure_rate: int, failure_interval: Union[int, timedelta],
                             delay_interval: Union[int, timedelta]) \
            -> 'RestartStrategies.FailureRateRestartStrategyConfiguration':
        """At most `failure_rate` restarts within `failure_interval`, `delay_interval` apart."""
        return RestartStrategies.FailureRateRestartStrategyConfiguration(failure_rate, failure_interval, delay_interval)
