"""
The `spate` command: ``spate run SCRIPT.py [ARGS...]`` runs a PyFlink script on Spate, as
``python SCRIPT.py [ARGS...]`` would run it on PyFlink.
"""

import os
import runpy
import sys
from types import TracebackType
from typing import List, Optional, Sequence, Union

__all__ = ['main', 'run_script']

USAGE = """\
usage: spate run SCRIPT.py [ARGS...]
       spate SCRIPT.py [ARGS...]
       spate --version | --help

Runs a PyFlink (2.3 API) script on Spate: `import pyflink...` gives Spate's modules, and the script
runs as __main__ with sys.argv = [SCRIPT.py, ARGS...], as `python SCRIPT.py ARGS...` would run it.
The exit status is the script's.

options:
  -h, --help     show this help and exit
  -V, --version  show Spate's version and exit
"""

_ExitCode = Union[int, str, None]


def _version() -> str:
    try:
        import spate
        version = getattr(spate, '__version__', None)
        if version:
            return str(version)
    except ImportError:
        pass
    try:
        from importlib.metadata import version as dist_version
        return dist_version('spate')
    except Exception:
        return 'unknown'


def _error(message: str) -> int:
    print('spate: %s' % message, file=sys.stderr)
    return 2


def _script_traceback(tb: Optional[TracebackType], script: str) -> Optional[TracebackType]:
    """Drops the frames of the CLI and runpy above the script, as `python SCRIPT.py` shows it."""
    current = tb
    while current is not None:
        if current.tb_frame.f_code.co_filename == script:
            return current
        current = current.tb_next
    return None  # e.g. a SyntaxError: Python shows no frames for it either


def run_script(script: str, args: Sequence[str] = ()) -> _ExitCode:
    """Runs `script` as __main__ with `args`, after installing the pyflink alias; returns the exit
    code (the script's SystemExit code, or 1 after printing an uncaught exception)."""
    if not os.path.exists(script):
        return _error("can't open file %r: [Errno 2] No such file or directory"
                      % os.path.abspath(script))
    from spate import _pyflink_alias
    _pyflink_alias.install()

    sys.argv = [script, *args]
    # `python SCRIPT.py` puts the script's folder (symbolic links resolved) first on sys.path, in
    # place of the folder of the program started (here: the cwd or the `spate` launcher's folder).
    script_dir = os.path.dirname(os.path.realpath(script))
    if sys.path:
        sys.path[0] = script_dir
    else:
        sys.path.append(script_dir)
    try:
        runpy.run_path(script, run_name='__main__')
    except SystemExit as exit_:
        return exit_.code
    except BaseException as error:  # noqa: B036 - reported as the interpreter would
        # The hook prints the exception's own __traceback__, so trim that.
        error.with_traceback(_script_traceback(error.__traceback__, script))
        sys.excepthook(type(error), error, error.__traceback__)
        return 130 if isinstance(error, KeyboardInterrupt) else 1
    return 0


def main(argv: Optional[List[str]] = None) -> _ExitCode:
    """Entry point of the `spate` command; returns the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(USAGE, end='', file=sys.stderr)
        return 2
    first = args[0]
    if first in ('-h', '--help'):
        print(USAGE, end='')
        return 0
    if first in ('-V', '--version'):
        print('spate %s' % _version())
        return 0
    if first == 'run':
        args = args[1:]
        if args and args[0] == '--':
            args = args[1:]
        if not args:
            return _error('run: missing SCRIPT.py (usage: spate run SCRIPT.py [ARGS...])')
    elif first.startswith('-'):
        return _error('unknown option %r (try spate --help)' % first)
    return run_script(args[0], args[1:])


if __name__ == '__main__':
    sys.exit(main())
