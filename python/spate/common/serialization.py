"""Encoders, as ``pyflink.common.serialization``."""


def _require_utf8(charset_name: str, what: str) -> None:
    """Spate reads and writes text as UTF-8 only; any other charset is refused, not garbled."""
    if charset_name.replace("-", "").upper() != "UTF8":
        raise NotImplementedError(f"{what}: only UTF-8 is supported by Spate, got {charset_name!r}")


class Encoder(object):
    """How a row-format sink turns a record into bytes."""

    def __init__(self, kind: str, charset_name: str = "UTF-8"):
        self._kind = kind
        self._charset_name = charset_name

    @staticmethod
    def simple_string_encoder(charset_name: str = "UTF-8") -> 'Encoder':
        """Each record's string form (as `print()` writes it) and a newline."""
        _require_utf8(charset_name, "simple_string_encoder")
        return Encoder("simple_string", charset_name)

    def __eq__(self, other):
        return isinstance(other, Encoder) and (self._kind, self._charset_name) == (other._kind, other._charset_name)

    def __hash__(self):
        return hash((self._kind, self._charset_name))


__all__ = ['Encoder']
