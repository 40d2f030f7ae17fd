"""Argument checks shared by the API's settings (one wording for each kind of mistake)."""


def whole_number(value, what: str) -> int:
    """`value` if it is an int (a bool is not), else TypeError naming `what`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {value!r}")
    return value
