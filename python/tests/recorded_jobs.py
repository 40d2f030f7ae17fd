"""Table API jobs whose printed output PyFlink 2.3 recorded: a test module defines `jobs(t_env)`
yielding (name, table), runs under PyFlink as a script to record (`python test_x.py > data/x.txt`
with PyFlink installed), and under pytest compares Spate's output with the recording: streaming
output line for line, batch output as a set of lines (Flink gives batch rows no order)."""
import importlib
import sys


def table_api(recording: bool):
    """The `table` and `table.expressions` modules to run: PyFlink's when recording."""
    package = 'pyflink' if recording else 'spate'
    return importlib.import_module(f'{package}.table'), importlib.import_module(f'{package}.table.expressions')


def environment(mode: str):
    """A TableEnvironment in 'stream' or 'batch' mode at parallelism 1, of PyFlink's API when the
    test module runs under PyFlink to record, else Spate's."""
    table, _ = table_api(recording='pyflink.table' in sys.modules)
    t_env = table.TableEnvironment.create(table.EnvironmentSettings.in_streaming_mode() if mode == 'stream'
                                          else table.EnvironmentSettings.in_batch_mode())
    t_env.get_config().set("parallelism.default", "1")
    return t_env


def print_all(jobs, mode: str, out=None) -> None:
    """Prints each job's schema and result under a `## <mode>: <name>` line."""
    out = out or sys.stdout
    for name, table in jobs(environment(mode)):
        out.write(f"## {mode}: {name}\n")
        out.flush()
        table.print_schema()
        table.execute().print()


def sections(text: str) -> dict:
    """The lines after each `## name` line, by name, in order."""
    found, name = {}, None
    for line in text.splitlines():
        if line.startswith('## '):
            name = line[3:]
            found[name] = []
        elif name is not None:
            found[name].append(line)
    return found


def assert_as_recorded(printed: str, recorded_path: str, mode: str) -> None:
    ours = sections(printed)
    with open(recorded_path) as f:
        recorded = {name: lines for name, lines in sections(f.read()).items() if name.startswith(mode + ':')}
    assert list(ours) == list(recorded)
    for name, lines in recorded.items():
        if mode == 'batch':
            assert sorted(ours[name]) == sorted(lines), name
        else:
            assert ours[name] == lines, name
