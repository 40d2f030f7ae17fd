"""`python -m spate` and `spate.cli.main` run a script as `python SCRIPT.py` would."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PYTHON_DIR = Path(__file__).resolve().parents[1]  # holds the `spate` package
RUN_USAGE = ['usage: spate run [-h] [-p PARALLELISM] [-s SAVEPOINT_PATH] [-D KEY=VALUE ...] [-pyfs FILES]',
             '                 [-pyreq FILE[#CACHE_DIR]] [-pyarch ARCHIVE[#TARGET]] [-pyexec PATH] [-q]',
             '                 SCRIPT [ARGS...]']

PROBE = textwrap.dedent('''
    import json, sys
    import pyflink
    import pyflink.common
    import pyflink.common.typeinfo
    from pyflink.common import Types
    from pyflink.datastream.functions import MapFunction
    import spate, spate.common, spate.datastream.functions
    import sibling
    print(json.dumps({
        "name": __name__,
        "argv": sys.argv,
        "path0": sys.path[0],
        "sibling": sibling.VALUE,
        "same_package": pyflink is spate,
        "same_common": pyflink.common is spate.common,
        "same_types": Types is spate.common.Types,
        "same_typeinfo": pyflink.common.typeinfo is sys.modules["spate.common.typeinfo"],
        "same_map": MapFunction is spate.datastream.functions.MapFunction,
        "spec_name": pyflink.common.__spec__.name,
        "long": Types.LONG()._spate_type(),
    }))
    if len(sys.argv) > 1 and sys.argv[1] == "exit":
        sys.exit(int(sys.argv[2]))
    if len(sys.argv) > 1 and sys.argv[1] == "exit-message":
        sys.exit("stopping here")
    if len(sys.argv) > 1 and sys.argv[1] == "raise":
        raise ValueError("boom")
''')


@pytest.fixture
def script(tmp_path):
    folder = tmp_path / 'job'
    folder.mkdir()
    (folder / 'sibling.py').write_text('VALUE = 42\n')
    path = folder / 'probe_job.py'
    path.write_text(PROBE)
    return path


def _env():
    env = dict(os.environ)
    env['PYTHONPATH'] = os.pathsep.join(
        [str(PYTHON_DIR)] + ([env['PYTHONPATH']] if env.get('PYTHONPATH') else []))
    return env


def _run(args, cwd):
    return subprocess.run([sys.executable, *args], cwd=cwd, env=_env(), capture_output=True,
                          text=True, timeout=60)


def _via_module(script_args, cwd):
    return _run(['-m', 'spate', *script_args], cwd)


def _via_main(script_args, cwd):
    code = 'import sys; from spate.cli import main; sys.exit(main(sys.argv[1:]))'
    return _run(['-c', code, *script_args], cwd)


LAUNCHERS = {
    'python -m spate': lambda script, args, cwd: _via_module([str(script), *args], cwd),
    'python -m spate run': lambda script, args, cwd: _via_module(['run', str(script), *args], cwd),
    'cli.main run': lambda script, args, cwd: _via_main(['run', str(script), *args], cwd),
}


@pytest.fixture(params=list(LAUNCHERS))
def launch(request):
    return LAUNCHERS[request.param]


def _probe_output(result):
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout.strip().splitlines()[0])


def test_runs_the_script_as_main_with_its_arguments(launch, script, tmp_path):
    result = launch(script, ['a', '--flag', 'b c'], tmp_path)
    assert result.returncode == 0, result.stderr
    out = _probe_output(result)
    assert out['name'] == '__main__'
    assert out['argv'] == [str(script), 'a', '--flag', 'b c']
    assert out['path0'] == str(script.parent.resolve())
    assert out['sibling'] == 42


def test_pyflink_imports_give_spate_modules(launch, script, tmp_path):
    out = _probe_output(launch(script, [], tmp_path))
    assert out['same_package'] and out['same_common'] and out['same_types']
    assert out['same_typeinfo'] and out['same_map']
    assert out['spec_name'] == 'spate.common'
    assert out['long'] == 'i64'


def test_relative_script_path_from_the_script_folder(script):
    result = _via_module(['run', script.name, 'x'], script.parent)
    assert result.returncode == 0, result.stderr
    out = _probe_output(result)
    assert out['argv'] == [script.name, 'x']
    assert out['path0'] == str(script.parent.resolve())


@pytest.mark.parametrize('code', [0, 3, 7])
def test_exit_code_is_the_scripts(launch, script, tmp_path, code):
    result = launch(script, ['exit', str(code)], tmp_path)
    assert result.returncode == code


def test_exit_with_a_message_prints_it_and_exits_1(launch, script, tmp_path):
    result = launch(script, ['exit-message'], tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == 'stopping here'


def test_uncaught_exception_prints_the_scripts_traceback_and_exits_1(launch, script, tmp_path):
    result = launch(script, ['raise'], tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0] == 'Traceback (most recent call last):'
    assert lines[1].startswith('  File "%s", line ' % script)
    assert lines[-1] == 'ValueError: boom'
    assert 'runpy' not in result.stderr and 'cli.py' not in result.stderr


def test_syntax_error_is_reported_like_python(tmp_path):
    bad = tmp_path / 'bad.py'
    bad.write_text('x = (\n')
    result = _via_module(['run', str(bad)], tmp_path)
    assert result.returncode == 1
    assert 'SyntaxError' in result.stderr
    assert 'Traceback' not in result.stderr


@pytest.mark.parametrize('via', [_via_module, _via_main])
def test_missing_script_is_an_argparse_error_with_exit_2(via, tmp_path):
    result = via(['run', 'no_such_job.py'], tmp_path)
    assert result.returncode == 2
    assert result.stdout == ''
    assert result.stderr.splitlines() == [
        *RUN_USAGE,
        "spate run: error: can't open file %r: [Errno 2] No such file or directory"
        % str(tmp_path / 'no_such_job.py')]


def test_version_and_help(tmp_path):
    version = _via_module(['--version'], tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith('spate ') and len(version.stdout.split()) == 2
    for flag in ('--help', '-h'):
        shown = _via_module([flag], tmp_path)
        assert shown.returncode == 0
        assert shown.stdout.startswith('usage: spate [-h] [-V] COMMAND ...')
        assert 'run' in shown.stdout and 'is short for `spate run`' in shown.stdout.replace('\n', ' ')


@pytest.mark.parametrize('via', [_via_module, _via_main])
@pytest.mark.parametrize('flag', ['--help', '-h'])
def test_run_help_shows_runs_usage_and_opens_no_file(via, flag, tmp_path):
    result = via(['run', flag], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('\n'.join(RUN_USAGE) + '\n')
    assert 'sys.argv = [SCRIPT, ARGS...]' in result.stdout
    assert result.stderr == ''


def test_the_installed_command_shows_runs_help(tmp_path):
    command = Path(sys.executable).with_name('spate')
    if not command.exists():
        pytest.skip('the spate command is not installed next to this Python')
    result = subprocess.run([str(command), 'run', '--help'], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith('\n'.join(RUN_USAGE) + '\n')


@pytest.mark.parametrize('script_args', [['-h'], ['--help', '--version'], ['--', '-x', 'y'], ['run', '-V']])
def test_arguments_after_the_script_are_the_scripts_untouched(launch, script, tmp_path, script_args):
    result = launch(script, script_args, tmp_path)
    assert result.returncode == 0, result.stderr
    assert _probe_output(result)['argv'] == [str(script), *script_args]


@pytest.mark.parametrize('args, error', [
    ([], 'spate: error: the following arguments are required: COMMAND (run, plan) or SCRIPT'),
    (['run'], 'spate run: error: the following arguments are required: SCRIPT'),
    (['--bogus'], 'spate: error: unrecognized arguments: --bogus'),
    (['run', '--bogus', 'job.py'], 'spate: error: unrecognized arguments: --bogus'),
])
def test_usage_errors_are_argparses_with_exit_2(args, error, tmp_path):
    result = _via_module(args, tmp_path)
    assert result.returncode == 2
    assert result.stdout == ''
    lines = result.stderr.splitlines()
    assert lines[0].startswith('usage: spate') and lines[-1] == error


def test_importing_the_api_leaves_heavy_modules_for_the_jobs_that_need_them():
    # Start-up time (J1): asyncio (async I/O) and concurrent.futures (JobClient futures) cost ~50 ms
    # to import, so they are imported when used.
    probe = "import sys, spate.datastream, spate.common; print(sorted({'asyncio', 'concurrent.futures'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---- `flink run -py`'s job options ----

ENV_PROBE = textwrap.dedent('''
    import json, os, sys, warnings
    from pyflink.common import Configuration, Types
    from pyflink.datastream import StreamExecutionEnvironment
    warnings.simplefilter("always")
    with warnings.catch_warnings(record=True) as caught:
        env = StreamExecutionEnvironment.get_execution_environment()
        env.add_jars("file:///x.jar")
    own = Configuration()
    own.set_string("execution.buffer-timeout", "5 ms")
    configured = StreamExecutionEnvironment.get_execution_environment(own)
    seen = []
    def use(x):
        out = [x]
        try:
            import cli_dep
            out.append(cli_dep.VALUE)
        except ImportError:
            pass
        if os.path.exists("words/w.txt"):
            out.append(open("words/w.txt").read())
        seen.append(out)
        return x
    env.from_collection([1], Types.INT()).map(use, Types.INT()).print()
    env.execute()
    print(json.dumps({"parallelism": env.get_parallelism(), "config_parallelism": env.get_config().get_parallelism(),
                      "buffer": env.get_buffer_timeout(), "chaining": env.is_chaining_enabled(),
                      "configured_buffer": configured.get_buffer_timeout(),
                      "configured_parallelism": configured.get_parallelism(),
                      "warnings": len(caught), "seen": seen, "argv": sys.argv[1:]}))
''')


def _run_job(args, cwd):
    """`python -m spate ARGS` with the installed package (the jobs need its extension)."""
    env = {key: value for key, value in os.environ.items() if key != 'PYTHONPATH'}
    return subprocess.run([sys.executable, '-m', 'spate', *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def _job_output(result):
    """The probe's JSON line (after what the job printed)."""
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _script_file(folder, name, text):
    path = folder / name
    path.write_text(text)
    return path


@pytest.fixture
def env_probe(tmp_path):
    return _script_file(tmp_path, 'env_probe.py', ENV_PROBE)


def test_without_options_the_script_gets_the_defaults(env_probe, tmp_path):
    out = _job_output(_run_job(['run', str(env_probe)], tmp_path))
    assert (out['parallelism'], out['config_parallelism'], out['buffer'], out['chaining']) == (1, 1, 100, True)
    assert out['warnings'] == 1 and out['seen'] == [[1]]


def test_parallelism_and_properties_reach_every_environment_of_the_script(env_probe, tmp_path):
    result = _run_job(['run', '-D', 'parallelism.default=4', '-p', '3', '-Dexecution.buffer-timeout=1 min',
                  '-D', 'pipeline.operator-chaining=false', '--quiet', str(env_probe), '-p', '9'], tmp_path)
    assert result.returncode == 0, result.stderr
    out = _job_output(result)
    # -p overrides -D parallelism.default, as in Flink; the script's own configuration comes after.
    assert (out['parallelism'], out['config_parallelism'], out['buffer'], out['chaining']) == (3, 3, 60_000, False)
    assert out['configured_buffer'] == 5 and out['configured_parallelism'] == 3
    assert out['warnings'] == 0  # --quiet
    assert out['argv'] == ['-p', '9']  # the script's own arguments are left alone


def test_python_files_and_archives_reach_the_jobs_functions(env_probe, tmp_path):
    deps = tmp_path / 'deps'
    deps.mkdir()
    (deps / 'cli_dep.py').write_text('VALUE = "dep"\n')
    import zipfile
    with zipfile.ZipFile(tmp_path / 'data.zip', 'w') as archive:
        archive.writestr('w.txt', 'from the archive')
    result = _run_job(['run', '-pyfs', str(deps), '--pyArchives', f"{tmp_path / 'data.zip'}#words",
                          '-pyexec', sys.executable, str(env_probe)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert _job_output(result)['seen'] == [[1, 'dep', 'from the archive']]


def test_requirements_install_offline_for_the_job(env_probe, tmp_path):
    from test_python_dependencies import make_wheel
    cache = tmp_path / 'cache'
    cache.mkdir()
    make_wheel(cache, 'cli_dep', '1.0', 'VALUE = "wheel"\n')
    (tmp_path / 'requirements.txt').write_text('cli_dep==1.0\n')
    result = _run_job(['run', '-pyreq', f"{tmp_path / 'requirements.txt'}#{cache}", str(env_probe)], tmp_path)
    assert result.returncode == 0, result.stderr
    assert _job_output(result)['seen'] == [[1, 'wheel']]


@pytest.mark.parametrize('args, error', [
    (['-s', '/savepoints/sp-1'], '-s/--fromSavepoint /savepoints/sp-1: Spate has no savepoints yet'),
    (['-p', '0'], 'argument -p/--parallelism: the parallelism must be a whole number of at least 1'),
    (['-D', 'no-value'], "argument -D: expected KEY=VALUE, got 'no-value'"),
    (['-D', 'execution.buffer-timeout=soon'], "execution.buffer-timeout must be a duration"),
    (['-pyexec', '/no/such/python'], "cannot run them in /no/such/python"),
    (['-pyfs', '/no/such/dir'], "add_python_file: no such file or directory: /no/such/dir"),
])
def test_bad_job_options_are_usage_errors_before_the_script_runs(args, error, env_probe, tmp_path):
    result = _run_job(['run', *args, str(env_probe)], tmp_path)
    assert result.returncode == 2 and result.stdout == ''
    assert result.stderr.splitlines()[:3] == RUN_USAGE
    assert result.stderr.splitlines()[-1].startswith('spate run: error: ') and error in result.stderr


def test_run_help_lists_flinks_job_options(tmp_path):
    shown = _via_module(['run', '--help'], tmp_path).stdout
    for option in ('-p PARALLELISM, --parallelism', '-s SAVEPOINT_PATH, --fromSavepoint', '-D KEY=VALUE',
                   '-pyfs FILES, --pyFiles', '-pyreq FILE[#CACHE_DIR], --pyRequirements',
                   '-pyarch ARCHIVE[#TARGET], --pyArchives', '-pyexec PATH, --pyExecutable', '-q, --quiet'):
        assert option in shown


# ---- spate plan ----

PLAN_JOB = textwrap.dedent('''
    import sys
    from pyflink.common import Duration, Types, WatermarkStrategy
    from pyflink.common.watermark_strategy import TimestampAssigner
    from pyflink.datastream import StreamExecutionEnvironment

    class Second(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value[1]

    def fail(value):
        raise AssertionError("the job must not run")

    env = StreamExecutionEnvironment.get_execution_environment()
    pairs = env.from_collection([("a", 1)], Types.TUPLE([Types.STRING(), Types.INT()]))
    pairs.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_seconds(2)).with_timestamp_assigner(Second())) \\
        .map(fail, Types.TUPLE([Types.STRING(), Types.INT()])).key_by(lambda t: t[0]).sum(1).print()
    print("the script's own output")
    result = env.execute("totals \\"quoted\\"")
    assert result.get_net_runtime() == 0
    if sys.argv[1:] == ["twice"]:
        assert list(env.from_collection([1, 2]).map(fail).execute_and_collect()) == []
        client = env.from_collection([3]).map(fail).print() and None or env.execute_async()
        client.get_job_execution_result().result()
''')


@pytest.fixture
def plan_job(tmp_path):
    return _script_file(tmp_path, 'plan_job.py', PLAN_JOB)


def _plan(args, cwd):
    result = _run_job(['plan', *args], cwd)
    assert result.returncode == 0, result.stderr
    assert "the script's own output" in result.stderr  # the script's prints stay out of the plan
    return result.stdout


def test_plan_as_text_shows_nodes_parallelism_partitioning_and_watermarks(plan_job, tmp_path):
    assert _plan(['-p', '2', str(plan_job)], tmp_path).splitlines() == [
        "Job 'totals \"quoted\"'",
        '  [1] Source: Collection Source  (Data Source, parallelism 1)',
        '  [2] Extract-Timestamp  (Operator, parallelism 2)',
        '        <- [1] REBALANCE',
        '  [3] Timestamps/Watermarks  (Operator, parallelism 2)',
        '        <- [2] FORWARD',
        '        watermarks: bounded out-of-orderness 2000 ms, every 200 ms',
        '  [4] Map, _stream_key_by_map_operator  (Operator, parallelism 2)',
        '        <- [3] FORWARD',
        '  [6] Reduce  (Operator, parallelism 2)',
        '        <- [4] HASH',
        '  [7] Sink: Print to Std. Out  (Data Sink, parallelism 2)',
        '        <- [6] FORWARD']


def test_plan_as_json_is_flinks_plan_with_the_jobs_name(plan_job, tmp_path):
    plan = json.loads(_plan(['--format', 'json', str(plan_job)], tmp_path))
    assert plan['name'] == 'totals "quoted"'
    assert [node['type'] for node in plan['nodes']][:3] == [
        'Source: Collection Source', 'Extract-Timestamp', 'Timestamps/Watermarks']
    assert plan['nodes'][2]['watermark_strategy'] == 'bounded out-of-orderness 2000 ms, every 200 ms'
    assert plan['nodes'][-1]['predecessors'][0]['ship_strategy'] == 'FORWARD'
    assert all(node['parallelism'] == 1 for node in plan['nodes'])


def test_plan_as_mermaid_and_dot(plan_job, tmp_path):
    mermaid = _plan(['-f', 'mermaid', str(plan_job)], tmp_path).splitlines()
    assert mermaid[0] == 'flowchart LR'
    assert '  n3["Timestamps/Watermarks<br/>parallelism 1<br/>watermarks: bounded out-of-orderness 2000 ms, ' \
           'every 200 ms"]' in mermaid
    assert '  n4 -->|HASH| n6' in mermaid and '  n1 -->|FORWARD| n2' in mermaid
    dot = _plan(['-f', 'dot', str(plan_job)], tmp_path).splitlines()
    assert dot[:3] == ['digraph "totals \\"quoted\\"" {', '  rankdir=LR;', '  node [shape=box];']
    assert '  n6 [label="Reduce\\nparallelism 1"];' in dot
    assert '  n4 -> n6 [label="HASH"];' in dot and dot[-1] == '}'


def test_plan_as_svg_draws_a_box_per_node_and_an_arrow_per_edge(plan_job, tmp_path):
    import xml.etree.ElementTree as ElementTree
    svg = ElementTree.fromstring(_plan(['-f', 'svg', str(plan_job)], tmp_path))  # well-formed
    plan = json.loads(_plan(['-f', 'json', str(plan_job)], tmp_path))
    tag = '{http://www.w3.org/2000/svg}'
    edges = sum(len(node.get('predecessors', [])) for node in plan['nodes'])
    assert len(svg.findall(f'{tag}rect')) == len(plan['nodes'])
    assert len(svg.findall(f'{tag}line')) == edges
    texts = [element.text for element in svg.findall(f'{tag}text')]
    assert 'Timestamps/Watermarks' in texts and 'HASH' in texts and 'Job \'totals "quoted"\'' in texts


def test_plan_shows_every_job_the_script_would_run(plan_job, tmp_path):
    text = _plan([str(plan_job), 'twice'], tmp_path)
    assert [line for line in text.splitlines() if line.startswith('Job ')] == [
        "Job 'totals \"quoted\"'", "Job 'Flink Streaming Job'", "Job 'Flink Streaming Job'"]
    assert 'Collect Sink' in text
    jobs = json.loads(_plan(['-f', 'json', str(plan_job), 'twice'], tmp_path))
    assert len(jobs) == 3
    mermaid = _plan(['-f', 'mermaid', str(plan_job), 'twice'], tmp_path)
    assert '  subgraph job2 ["Flink Streaming Job"]' in mermaid and '    j3_n1' in mermaid
    dot = _plan(['-f', 'dot', str(plan_job), 'twice'], tmp_path)
    assert '  subgraph cluster_3 {' in dot and '    j1_n1 -> j1_n2' in dot


def test_plan_of_a_script_without_a_job_or_failing_says_so(tmp_path):
    quiet = tmp_path / 'quiet.py'
    quiet.write_text('x = 1\n')
    result = _run_job(['plan', str(quiet)], tmp_path)
    assert result.returncode == 1 and result.stdout == ''
    assert 'started no job' in result.stderr
    failing = tmp_path / 'failing.py'
    failing.write_text('raise ValueError("before any job")\n')
    result = _run_job(['plan', str(failing)], tmp_path)
    assert result.returncode == 1 and result.stdout == '' and 'ValueError: before any job' in result.stderr


def test_plan_help_and_bad_format(tmp_path):
    shown = _via_module(['plan', '--help'], tmp_path)
    assert shown.returncode == 0 and shown.stdout.startswith('usage: spate plan [-h] [-f {text,json,mermaid,dot,svg}]')
    assert '-p PARALLELISM, --parallelism' in shown.stdout
    bad = _via_module(['plan', '-f', 'png', 'job.py'], tmp_path)
    assert bad.returncode == 2 and "invalid choice: 'png'" in bad.stderr
    assert 'plan' in _via_module(['--help'], tmp_path).stdout
