"""`Duration`, `Instant` and `Time`, as in `pyflink.common.time`."""

__all__ = ['Duration', 'Instant', 'Time']

_NANOS_PER_MILLI = 1_000_000
_NANOS_PER_SECOND = 1_000_000_000


def _whole(amount: int, method: str) -> int:
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError("Duration.%s() takes an int, got %r" % (method, amount))
    return amount


class Duration(object):
    """
    An amount of time, such as '34.5 seconds', kept in nanoseconds (like Java's Duration).

    Build one with the `of_*` methods; Spate has no JVM, so the constructor takes the number of
    nanoseconds where PyFlink takes a Java object.
    """

    def __init__(self, j_duration):
        if not isinstance(j_duration, int) or isinstance(j_duration, bool):
            raise TypeError("Duration(...) takes a number of nanoseconds; use Duration.of_millis() "
                            "and the other of_* methods")
        self._nanos = j_duration

    @staticmethod
    def of_days(days: int):
        """A duration of `days` standard 24-hour days."""
        return Duration(_whole(days, 'of_days') * 86_400 * _NANOS_PER_SECOND)

    @staticmethod
    def of_hours(hours: int):
        """A duration of `hours` hours."""
        return Duration(_whole(hours, 'of_hours') * 3_600 * _NANOS_PER_SECOND)

    @staticmethod
    def of_millis(millis: int):
        """A duration of `millis` milliseconds."""
        return Duration(_whole(millis, 'of_millis') * _NANOS_PER_MILLI)

    @staticmethod
    def of_minutes(minutes: int):
        """A duration of `minutes` minutes."""
        return Duration(_whole(minutes, 'of_minutes') * 60 * _NANOS_PER_SECOND)

    @staticmethod
    def of_nanos(nanos: int):
        """A duration of `nanos` nanoseconds."""
        return Duration(_whole(nanos, 'of_nanos'))

    @staticmethod
    def of_seconds(seconds: int):
        """A duration of `seconds` seconds."""
        return Duration(_whole(seconds, 'of_seconds') * _NANOS_PER_SECOND)

    def to_milliseconds(self) -> int:
        """The duration in whole milliseconds, rounded down (Java's `toMillis`)."""
        return self._nanos // _NANOS_PER_MILLI

    def to_millis(self) -> int:
        """Same as `to_milliseconds`."""
        return self.to_milliseconds()

    def to_nanos(self) -> int:
        """The duration in nanoseconds."""
        return self._nanos

    def get_seconds(self) -> int:
        """The whole seconds of the duration (rounded down, like Java's `getSeconds`)."""
        return self._nanos // _NANOS_PER_SECOND

    def get_nano(self) -> int:
        """The nanoseconds past `get_seconds()`, from 0 to 999,999,999."""
        return self._nanos % _NANOS_PER_SECOND

    def __eq__(self, other):
        return isinstance(other, Duration) and self._nanos == other._nanos

    def __hash__(self) -> int:
        return hash(('Duration', self._nanos))

    def __repr__(self) -> str:
        if self._nanos % _NANOS_PER_MILLI == 0:
            return 'Duration.of_millis(%d)' % (self._nanos // _NANOS_PER_MILLI)
        return 'Duration.of_nanos(%d)' % self._nanos


class Instant(object):
    """An instant on the time-line, in seconds and nanoseconds since the epoch (like Java's)."""

    def __init__(self, seconds, nanos):
        self.seconds = seconds
        self.nanos = nanos

    def to_epoch_milli(self):
        """Milliseconds since the epoch, rounded down."""
        # Right for instants before 1970 too, which PyFlink 2.3 gets wrong (it computes -901 for
        # Instant.of_epoch_milli(-1)).
        return self.seconds * 1000 + self.nanos // _NANOS_PER_MILLI

    @staticmethod
    def of_epoch_milli(epoch_milli: int) -> 'Instant':
        """The instant `epoch_milli` milliseconds after the epoch."""
        seconds, millis = divmod(epoch_milli, 1000)
        return Instant(seconds, millis * _NANOS_PER_MILLI)

    def __eq__(self, other):
        return (self.__class__ == other.__class__
                and self.seconds == other.seconds
                and self.nanos == other.nanos)

    def __hash__(self) -> int:
        return hash(('Instant', self.seconds, self.nanos))

    def __repr__(self):
        return 'Instant<{}, {}>'.format(self.seconds, self.nanos)


class Time(object):
    """A time interval in milliseconds."""

    def __init__(self, milliseconds: int):
        self._milliseconds = milliseconds

    def to_milliseconds(self) -> int:
        """The interval in milliseconds."""
        return self._milliseconds

    @staticmethod
    def milliseconds(milliseconds: int):
        """An interval of `milliseconds` milliseconds."""
        return Time(milliseconds)

    @staticmethod
    def seconds(seconds: int):
        """An interval of `seconds` seconds."""
        return Time.milliseconds(seconds * 1000)

    @staticmethod
    def minutes(minutes: int):
        """An interval of `minutes` minutes."""
        return Time.seconds(minutes * 60)

    @staticmethod
    def hours(hours: int):
        """An interval of `hours` hours."""
        return Time.minutes(hours * 60)

    @staticmethod
    def days(days: int):
        """An interval of `days` days."""
        return Time.hours(days * 24)

    def __eq__(self, other):
        return (self.__class__ == other.__class__
                and self._milliseconds == other._milliseconds)

    def __hash__(self) -> int:
        return hash(('Time', self._milliseconds))

    def __str__(self):
        return "{} ms".format(self._milliseconds)


def positive_millis(value, where: str, what: str) -> int:
    """`value`, a Time or Duration, in milliseconds; it must be positive. Errors name the call
    (`where`) and the setting (`what`): "StateTtlConfig: the ttl must be positive, got 0 ms"."""
    if not isinstance(value, (Time, Duration)):
        raise TypeError(f"{where}: {what} must be a Time or Duration, got {value!r}")
    millis = value.to_milliseconds()
    if millis <= 0:
        raise ValueError(f"{where}: {what} must be positive, got {millis} ms")
    return millis
