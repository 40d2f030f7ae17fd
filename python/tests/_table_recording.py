"""What the Table API tests compared with PyFlink's recorded output share: the API a test file runs
(PyFlink's when the file runs as a script, to record its output; Spate's under pytest), an
environment at parallelism 1, and the recorded output's sections (`## name` then its lines)."""


def table_api(recording: bool):
    """The `table` and `table.expressions` modules to run: PyFlink's when recording."""
    if recording:
        import pyflink.table as table
        import pyflink.table.expressions as expressions
    else:
        import spate.table as table
        import spate.table.expressions as expressions
    return table, expressions


def environment(table, mode: str):
    """A TableEnvironment of `table`'s API in 'stream' or 'batch' mode, at parallelism 1."""
    settings = table.EnvironmentSettings
    t_env = table.TableEnvironment.create(settings.in_streaming_mode() if mode == 'stream'
                                          else settings.in_batch_mode())
    t_env.get_config().set("parallelism.default", "1")
    return t_env


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
