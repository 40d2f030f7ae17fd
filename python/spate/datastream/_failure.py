"""What a job failure says: which user function raised, and the exception's text.

An operator may call several functions the user wrote (process_element and on_timer, a Trigger's
on_element, an AggregateFunction's add and merge), often through Spate's own wrappers, so the one
that raised is read from the exception's traceback rather than from the operator."""
import os
import sysconfig
from typing import Optional

# Frames of Spate itself and of the standard library (asyncio runs async functions) are not the
# user's: the user's function is the outermost frame that is neither. Installed packages may sit
# inside the standard library's folder (.../lib/python3.X/site-packages): they are the user's.
_SPATE = os.path.join(os.path.realpath(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), '')
_STANDARD_LIBRARY = tuple(os.path.join(os.path.realpath(sysconfig.get_paths()[name]), '')
                          for name in ('stdlib', 'platstdlib'))
_INSTALLED = {'site-packages', 'dist-packages'}


def _is_user_code(filename: str) -> bool:
    if filename.startswith('<frozen '):
        return False
    path = os.path.realpath(filename)
    if path.startswith(_SPATE):
        return False
    if path.startswith(_STANDARD_LIBRARY):
        return bool(_INSTALLED.intersection(path.split(os.sep)))
    return True


def failing_function(error: BaseException) -> Optional[str]:
    """`name (file:line)` of the user's function that `error` left, as describe_function writes
    it, or None when no user code is in its traceback (the runtime or a library raised it)."""
    traceback = error.__traceback__
    while traceback is not None:  # outermost frame first
        code = traceback.tb_frame.f_code
        if _is_user_code(code.co_filename):
            return f"{code.co_qualname} ({code.co_filename}:{code.co_firstlineno})"
        traceback = traceback.tb_next
    return None


def exception_text(error: BaseException) -> str:
    """str(error), or a note when its __str__ raises (the error itself must stay the cause)."""
    try:
        return str(error)
    except Exception as failure:  # noqa: BLE001 - any failure of user code here
        return f"<exception str() failed: {type(failure).__name__}>"
