"""The message for a cancelled job whose functions do not return: where each of them is."""
import linecache
import sys


def describe(thread_ids, by_signal: bool) -> str:
    """Names the function each of the job's threads is in (its innermost Python frame: the call
    there is what no interrupt ends, e.g. `time.sleep(100)`), and what the user can do."""
    frames = sys._current_frames()
    places = []
    for ident in thread_ids:
        frame = frames.get(ident)
        if frame is None:
            continue
        code = frame.f_code
        line = linecache.getline(code.co_filename, frame.f_lineno).strip()
        place = f"{code.co_name} ({code.co_filename}:{frame.f_lineno}" + (f": {line})" if line else ")")
        if place not in places:  # one function on several subtasks is named once
            places.append(place)
    if places:
        text = ("spate: the job is cancelled, but a function cannot be interrupted: "
                + "; ".join(places) + " is in a call that does not return when interrupted. "
                "The job ends when it returns")
    else:
        text = "spate: the job is cancelled but has not ended yet"
    return text + ("; press Ctrl-C again to exit at once." if by_signal else ".")
