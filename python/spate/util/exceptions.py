"""The Table API's exceptions, with PyFlink's names (`pyflink.util.exceptions`).

Example::

    try:
        t_env.from_path('missing')
    except ValidationException as e:
        print(e)  # Table `missing` was not found.
"""

__all__ = ['TableException', 'ValidationException']


class TableException(RuntimeError):
    """A table program that cannot run (Flink's TableException)."""


class ValidationException(ValueError):
    """A table program that is not valid: an unknown table or connector option, tables of
    mismatched schemas, a name taken twice (Flink's ValidationException). A ValueError, as the
    errors Spate's planner gives."""
