"""The live status line of a job run from a terminal: on stderr only, at most four refreshes a
second, off when stderr is not a terminal or with --quiet."""
import os
import pty
import select
import subprocess
import sys
import time

from spate.datastream._graph import Transformation
from spate.datastream._progress import ProgressLine

SLOW_JOB = """
import time
from pyflink.common import Types
from pyflink.datastream import StreamExecutionEnvironment
env = StreamExecutionEnvironment.get_execution_environment()
env.set_buffer_timeout(10)
env.from_collection(list(range(40)), Types.INT()).map(lambda x: time.sleep(0.05) or x, Types.INT()).print()
env.execute()
"""


def _run_with_terminal_stderr(tmp_path, *options):
    script = tmp_path / 'slow.py'
    script.write_text(SLOW_JOB)
    leader, follower = pty.openpty()
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, '-m', 'spate', 'run', *options, str(script)], stdout=subprocess.PIPE,
                               stderr=follower, text=True)
    os.close(follower)
    err = b''
    while True:
        ready, _, _ = select.select([leader], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            err += chunk
        elif process.poll() is not None:
            break
    out = process.stdout.read()
    process.wait(timeout=30)
    os.close(leader)
    return out, err.decode(), time.monotonic() - started


def test_a_terminal_sees_a_status_line_on_stderr_and_stdout_only_the_jobs_output(tmp_path):
    out, err, seconds = _run_with_terminal_stderr(tmp_path)
    assert out.split() == [str(x) for x in range(40)]  # stdout holds the job's output alone
    lines = [part for part in err.split('\r') if part.strip()]
    assert lines and all(line.startswith('spate: ') for line in lines)
    assert any('% read' in line for line in lines) and any('in/s' in line for line in lines)
    assert len(lines) <= 4 * seconds + 2  # at most four refreshes a second
    assert err.endswith('\r')  # the line is cleared at the end


def test_quiet_or_a_pipe_shows_no_status_line(tmp_path):
    _, err, _ = _run_with_terminal_stderr(tmp_path, '--quiet')
    assert 'spate: ' not in err
    script = tmp_path / 'slow.py'
    done = subprocess.run([sys.executable, '-m', 'spate', 'run', str(script)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and 'spate: ' not in done.stderr


def test_the_line_says_rates_share_time_left_lag_and_checkpoints():
    source = Transformation('sequence_source', 'numbers', [], {'start': 1, 'end': 1000})
    sink = Transformation('print', 'out', [source])
    progress = ProgressLine(graph=None, by_id={0: source, 1: sink})
    now_ms = int(time.time() * 1000)
    snapshot = ([(0, 0, 0, 0, 250, -(1 << 63), now_ms - 3000, 0, 0, 0),
                 (1, 0, 1, 200, 0, now_ms - 2500, now_ms - 2500, 0, 0, 0)], 2, 0)
    line, totals = progress.render(snapshot, elapsed=1.0, span=0.5, before=(0, 0))
    assert totals == (250, 200)
    assert line.startswith('spate: 500 in/s, 400 out/s, 25% read, 3.0 s left, watermark lag 2.')
    assert line.endswith(', 2 checkpoints')
