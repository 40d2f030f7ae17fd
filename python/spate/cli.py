"""
The `spate` command: ``spate run [OPTIONS] SCRIPT [ARGS...]`` runs a PyFlink script on Spate, as
``python SCRIPT [ARGS...]`` would run it on PyFlink, with `flink run -py`'s options for the job (-p,
-D, -pyfs, -pyreq, -pyarch, -pyexec: they become the configuration every
`get_execution_environment()` of the script starts from). Arguments are parsed with argparse;
everything after SCRIPT is the script's own (its sys.argv), even arguments that start with '-'.
"""

import argparse
import os
import runpy
import sys
from types import TracebackType
from typing import List, Optional, Sequence, Union

__all__ = ['main', 'run_script']

RUN_DESCRIPTION = """\
Runs a PyFlink (2.3 API) script on Spate: `import pyflink...` gives Spate's modules, and the script
runs as __main__ with sys.argv = [SCRIPT, ARGS...], as `python SCRIPT ARGS...` would run it. The exit
status is the script's. The options are `flink run -py SCRIPT`'s: they set the configuration each
StreamExecutionEnvironment.get_execution_environment() of the script starts from (its own
configuration and calls come after them)."""

RUN_USAGE = ('%(prog)s [-h] [-p PARALLELISM] [-s SAVEPOINT_PATH] [-D KEY=VALUE ...] [-pyfs FILES]\n'
             '                 [-pyreq FILE[#CACHE_DIR]] [-pyarch ARCHIVE[#TARGET]] [-pyexec PATH] [-q]\n'
             '                 SCRIPT [ARGS...]')

PLAN_DESCRIPTION = """\
Runs a PyFlink script as `spate run` does, except that its jobs do not run: execute(),
execute_async() and execute_and_collect() note the job's plan and return at once (no records, an
empty result). Then prints each job's plan, from get_execution_plan(): its nodes with their
parallelism, the partitioning of each edge (ship strategy) and each watermark node's strategy. What
the script prints goes to stderr, so stdout is the plan alone."""

PLAN_USAGE = ('%(prog)s [-h] [-f {text,json,mermaid,dot,svg}] [-p PARALLELISM] [-D KEY=VALUE ...] [...]\n'
              '                  SCRIPT [ARGS...]')

# The job options (`flink run`'s spelling, short and long), each with its configuration key: the
# options that take a value, so that the script's name can be told from an option's value.
_VALUE_OPTIONS = ('-f', '--format', '-p', '--parallelism', '-s', '--fromSavepoint', '-D', '-pyfs', '--pyFiles',
                  '-pyreq', '--pyRequirements', '-pyarch', '--pyArchives', '-pyexec', '--pyExecutable')

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


def _missing(script: str) -> str:
    """What `python SCRIPT` says of a script that is not there."""
    return "can't open file %r: [Errno 2] No such file or directory" % os.path.abspath(script)


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
        print('spate: %s' % _missing(script), file=sys.stderr)
        return 2
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


class _VersionAction(argparse.Action):
    """--version, with the version looked up only when asked for (not on every run)."""

    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show Spate's version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print('spate %s' % _version())
        parser.exit()


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError('the parallelism must be a whole number of at least 1, got %r' % text)
    return value


def _key_value(text: str):
    key, equals, value = text.partition('=')
    if not equals or not key.strip():
        raise argparse.ArgumentTypeError('expected KEY=VALUE, got %r' % text)
    return key.strip(), value


def _add_job_options(command):
    """`flink run`'s options for a Python job, as Flink spells and means them."""
    job = command.add_argument_group('job options (as `flink run -py`)')
    job.add_argument('-p', '--parallelism', type=_positive_int, metavar='PARALLELISM',
                     help='the default parallelism of the job (parallelism.default): overrides the default of 1')
    job.add_argument('-s', '--fromSavepoint', dest='savepoint', metavar='SAVEPOINT_PATH',
                     help='a savepoint to restore the job from: refused, Spate has no savepoints yet')
    job.add_argument('-D', dest='properties', action='append', type=_key_value, default=[], metavar='KEY=VALUE',
                     help='a configuration option for the job (as in config.yaml, e.g. -D execution.buffer-timeout="10 '
                          'ms"); may be given many times')
    job.add_argument('-pyfs', '--pyFiles', dest='py_files', metavar='FILES',
                     help="Python files, directories or .zip files to put on sys.path, separated by ',' (python.files)")
    job.add_argument('-pyreq', '--pyRequirements', dest='py_requirements', metavar='FILE[#CACHE_DIR]',
                     help='a requirements.txt to install with pip when the job starts, and optionally, after a '
                          "'#', a directory of the packages to install offline from (python.requirements)")
    job.add_argument('-pyarch', '--pyArchives', dest='py_archives', metavar='ARCHIVE[#TARGET]',
                     help="zip or tar archives to extract into the job's working directory, each into TARGET "
                          "(default: the archive's file name); separated by ',' (python.archives)")
    job.add_argument('-pyexec', '--pyExecutable', dest='py_executable', metavar='PATH',
                     help="the Python interpreter of the job's functions (python.executable): Spate runs them "
                          'in the one running the script, so only it can be named')
    command.add_argument('-q', '--quiet', action='store_true',
                         help="no warnings from Spate about settings it accepts without effect (add_jars, "
                              "set_state_backend, ...)")



# The forms `spate plan` prints a plan in (spate._plan_cli renders each).
PLAN_FORMATS = ('text', 'json', 'mermaid', 'dot', 'svg')

class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, told the terminal's width: left to itself it imports shutil (with
    bz2 and lzma) for it, a few ms of every job's start-up."""

    def __init__(self, prog: str):
        width = os.environ.get('COLUMNS', '')
        if not width.isdigit():
            try:
                width = os.get_terminal_size(sys.__stdout__.fileno()).columns
            except (AttributeError, ValueError, OSError):
                width = 80
        super().__init__(prog, width=int(width) - 2)


def _parsers():
    """The `spate` parser and its commands' (`run`, `plan`) by name."""
    parser = argparse.ArgumentParser(formatter_class=_HelpFormatter, 
        prog='spate', description='Runs PyFlink (2.3 API) scripts on Spate.',
        epilog='`spate SCRIPT [ARGS...]` (and `python -m spate SCRIPT [ARGS...]`) is short for `spate run`.')
    parser.add_argument('-V', '--version', action=_VersionAction)
    # Not required here, so that an unknown option is reported as such rather than as a missing command.
    commands = parser.add_subparsers(dest='command', metavar='COMMAND')
    run = commands.add_parser('run', help='run a PyFlink script', description=RUN_DESCRIPTION, formatter_class=_HelpFormatter,
                              usage=RUN_USAGE, allow_abbrev=False)
    _add_job_options(run)
    run.add_argument('script', metavar='SCRIPT', help='the script to run (a .py file)')
    # For the usage and help only: main() hands argparse nothing after SCRIPT (see _split_at_script).
    run.add_argument('args', metavar='ARGS', nargs='*', default=[],
                     help="the script's arguments (its sys.argv[1:]), passed on untouched")
    plan = commands.add_parser('plan', help='show the plan of the jobs a PyFlink script would run', formatter_class=_HelpFormatter,
                               description=PLAN_DESCRIPTION, usage=PLAN_USAGE, allow_abbrev=False)
    plan.add_argument('-f', '--format', choices=PLAN_FORMATS, default='text',
                      help='text (default), json (Flink\'s plan JSON with the job\'s name; a list for several '
                           'jobs), mermaid (a flowchart), dot (Graphviz) or svg (a drawing)')
    _add_job_options(plan)
    plan.add_argument('script', metavar='SCRIPT', help='the script (a .py file)')
    plan.add_argument('args', metavar='ARGS', nargs='*', default=[],
                      help="the script's arguments (its sys.argv[1:]), passed on untouched")
    return parser, {'run': run, 'plan': plan}


def _job_configuration(options, command) -> 'Configuration':
    """The configuration the options give the script's environments (checked now, so that a bad
    option is a usage error rather than a failure inside the script)."""
    from spate.common.configuration import Configuration
    if options.savepoint is not None:
        command.error('-s/--fromSavepoint %s: Spate has no savepoints yet, so it cannot restore a job from one'
                      % options.savepoint)
    configuration = Configuration()
    for key, value in options.properties:
        configuration.set_string(key, value)
    for key, value in (('parallelism.default', options.parallelism), ('python.files', options.py_files),
                       ('python.requirements', options.py_requirements),
                       ('python.archives', options.py_archives), ('python.executable', options.py_executable)):
        if value is not None:
            configuration.set_string(key, str(value))
    if not configuration.to_dict():
        return configuration  # nothing to check, nor to load the configuration code for
    from spate.datastream import _configure
    from spate.datastream.stream_execution_environment import StreamExecutionEnvironment
    try:
        _configure.apply(StreamExecutionEnvironment(), configuration)
    except (ValueError, TypeError, FileNotFoundError) as error:
        command.error(str(error))
    return configuration


def _set_up_job(options, command):
    """Makes the options the defaults of the script's environments."""
    configuration = _job_configuration(options, command)
    if configuration.to_dict():
        from spate.datastream import _configure
        _configure.default_configuration().add_all(configuration)
    if options.quiet:
        from spate.datastream.deployment import quiet_warnings
        quiet_warnings()


def _split_at_script(args: List[str]):
    """(`run` and its options up to SCRIPT, the script's arguments). The script's arguments never
    reach argparse, which would take a '-h' among them for its own or drop a '--'."""
    index = 1
    while index < len(args):
        if args[index] == '--':
            return args[:index + 2], args[index + 2:]
        if not args[index].startswith('-') or args[index] == '-':
            return args[:index + 1], args[index + 1:]
        index += 2 if args[index] in _VALUE_OPTIONS else 1  # an option's value is not the script
    return args, []


def main(argv: Optional[List[str]] = None) -> _ExitCode:
    """Entry point of the `spate` command; returns the script's exit code (argparse exits with 2
    on a usage error, and 0 after --help or --version)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] not in ('run', 'plan') and not args[0].startswith('-'):
        args.insert(0, 'run')  # `spate SCRIPT`, `python -m spate SCRIPT`
    script_args: List[str] = []
    if args and args[0] in ('run', 'plan'):
        args, script_args = _split_at_script(args)
    parser, commands = _parsers()
    options = parser.parse_args(args)
    if options.command is None:
        parser.error('the following arguments are required: COMMAND (run, plan) or SCRIPT')
    command = commands[options.command]
    if not os.path.exists(options.script):
        # What `python SCRIPT` says, in argparse's form: the usage, the error, exit status 2.
        command.error(_missing(options.script))
    _set_up_job(options, command)
    if options.command == 'plan':
        return _plan(options, script_args)
    return run_script(options.script, script_args)


def _plan(options, script_args: List[str]) -> _ExitCode:
    """`spate plan`: the script runs with its jobs intercepted, its output on stderr; then the plans."""
    from spate._plan_cli import capture_plans, render
    stdout = sys.stdout
    sys.stdout = sys.stderr
    try:
        code, jobs = capture_plans(lambda: run_script(options.script, script_args))
    finally:
        sys.stdout = stdout
    if code not in (0, None):
        return code
    if not jobs:
        print('spate plan: %s started no job (no execute(), execute_async() or execute_and_collect())'
              % options.script, file=sys.stderr)
        return 1
    sys.stdout.write(render(jobs, options.format))
    return 0


if __name__ == '__main__':
    sys.exit(main())
