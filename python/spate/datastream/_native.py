"""Recognizes user functions that Spate can run natively, without calling Python.

Only exact, side-effect-free shapes are recognized, so the result is the same as calling the
function: `lambda t: t[i]` (any argument name) and `operator.itemgetter(i)` as key selectors on
TUPLE or ROW streams, which become a field read in Swift.
"""
import operator
from typing import Any, Optional

_FIELD_LAMBDA_CODE = (lambda value: value[0]).__code__


def field_selector(func: Any) -> Optional[int]:
    """The field position `func` reads (`lambda t: t[i]` or `itemgetter(i)`), or None."""
    if isinstance(func, operator.itemgetter):
        text = repr(func)  # operator.itemgetter(1)
        inner = text[len('operator.itemgetter('):-1]
        return int(inner) if inner.isdigit() else None
    code = getattr(func, '__code__', None)
    if code is None or getattr(func, '__closure__', None) or getattr(func, '__defaults__', None):
        return None
    if (code.co_code != _FIELD_LAMBDA_CODE.co_code or code.co_argcount != 1 or code.co_kwonlyargcount
            or code.co_names or len(code.co_consts) != 2):
        return None
    position = code.co_consts[1]
    if type(position) is not int or position < 0:
        return None
    return position
