"""A job's Python dependencies are ready when it runs, as PyFlink's worker has them: files on
sys.path, requirements installed with this interpreter's pip (offline here, from a local wheel),
archives extracted into the job's working directory; the executable can only be this one."""
import io
import os
import sys
import tarfile
import zipfile

import pytest

from spate.common import Configuration, Types
from spate.datastream import StreamExecutionEnvironment


def make_wheel(directory, name, version, source):
    """A pure-Python wheel of one module, made by hand (no build tools, no network)."""
    path = directory / f"{name}-{version}-py3-none-any.whl"
    info = f"{name}-{version}.dist-info"
    files = {f"{name}.py": source,
             f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
             f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\nTag: py3-none-any\n"}
    files[f"{info}/RECORD"] = "".join(f"{file},,\n" for file in files) + f"{info}/RECORD,,\n"
    with zipfile.ZipFile(path, 'w') as wheel:
        for file, text in files.items():
            wheel.writestr(file, text)
    return path


def run_map(env, function, values):
    """Runs `values` through `function` with execute() (the archives' working directory applies to
    it); returns what the function returned, in order."""
    seen = []

    def record(value):
        seen.append(function(value))
        return value
    env.from_collection(values, Types.INT()).map(record, Types.INT()).print()
    env.execute()
    return seen


def test_requirements_install_offline_from_the_cache_dir_and_are_importable(tmp_path, capsys):
    cache = tmp_path / "cache"
    cache.mkdir()
    make_wheel(cache, "spate_tiny_dep", "0.1", "def plus_forty(x):\n    return x + 40\n")
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("spate_tiny_dep==0.1\n")
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_python_requirements(str(requirements), str(cache))

    def use(x):
        import spate_tiny_dep
        return spate_tiny_dep.plus_forty(x)
    try:
        assert run_map(env, use, [1, 2]) == [41, 42]
        import spate_tiny_dep
        # Installed into a directory of the job's, not into the interpreter's packages.
        assert 'spate-python-dist-' in spate_tiny_dep.__file__
        # A second job does not install again; execute_and_collect has them too.
        assert list(env.from_collection([3]).map(use, Types.INT()).execute_and_collect()) == [43]
    finally:
        sys.modules.pop('spate_tiny_dep', None)


def test_a_requirement_missing_from_the_cache_fails_the_job_with_pips_words(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("spate_not_there==9.9\n")
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_python_requirements(str(requirements), str(cache))
    env.from_collection([1]).print()
    with pytest.raises(RuntimeError, match=r"(?s)installing .*requirements.txt failed.*--no-index.*spate_not_there"):
        env.execute()
    with pytest.raises(FileNotFoundError, match="no such directory"):
        env.set_python_requirements(str(requirements), str(tmp_path / "no-cache"))


def write_archive(path, members):
    if path.suffix == '.zip':
        with zipfile.ZipFile(path, 'w') as archive:
            for name, text in members.items():
                archive.writestr(name, text)
    else:
        with tarfile.open(path, 'w:gz') as archive:
            for name, text in members.items():
                data = text.encode()
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))


@pytest.mark.parametrize("archive_name", ["data.zip", "data.tar.gz"])
def test_archives_are_extracted_into_the_jobs_working_directory(tmp_path, monkeypatch, capsys, archive_name):
    archive = tmp_path / archive_name
    write_archive(archive, {"words/first.txt": "alpha", "words/second.txt": "beta"})
    monkeypatch.chdir(tmp_path)
    (tmp_path / "input.txt").write_text("from the script's directory\n")
    env = StreamExecutionEnvironment.get_execution_environment()
    env.add_python_archive(archive_name)  # in a directory named as the archive
    env.add_python_archive(str(archive), "renamed")

    def read(x):
        name = "first" if x == 1 else "second"
        with open(f"{archive_name}/words/{name}.txt") as by_name, open(f"renamed/words/{name}.txt") as by_target:
            return by_name.read(), by_target.read(), os.path.basename(os.getcwd())
    assert run_map(env, read, [1, 2]) == [("alpha", "alpha", "python-archives"), ("beta", "beta", "python-archives")]
    assert os.getcwd() == str(tmp_path)  # the script's working directory is back
    # The plan's own relative paths still mean the script's directory.
    lines = []
    env.read_text_file("input.txt").map(lambda line: lines.append(line) or line).print()
    env.execute()
    assert lines == ["from the script's directory"]


def test_archives_are_checked(tmp_path):
    env = StreamExecutionEnvironment.get_execution_environment()
    with pytest.raises(FileNotFoundError, match="add_python_archive: no such file"):
        env.add_python_archive(str(tmp_path / "missing.zip"))
    (tmp_path / "notes.txt").write_text("not an archive")
    with pytest.raises(ValueError, match="is not a zip or tar archive"):
        env.add_python_archive(str(tmp_path / "notes.txt"))
    write_archive(tmp_path / "ok.zip", {"a.txt": "a"})
    with pytest.raises(ValueError, match="target_dir must be a relative directory name"):
        env.add_python_archive(str(tmp_path / "ok.zip"), "../elsewhere")


def test_python_files_directories_and_zips_go_on_sys_path(tmp_path):
    package_dir = tmp_path / "lib"
    package_dir.mkdir()
    (package_dir / "spate_dep_in_dir.py").write_text("VALUE = 'dir'\n")
    write_archive(tmp_path / "deps.zip", {"spate_dep_in_zip.py": "VALUE = 'zip'\n"})
    single = tmp_path / "single"
    single.mkdir()
    (single / "spate_dep_single.py").write_text("VALUE = 'py'\n")
    env = StreamExecutionEnvironment.get_execution_environment()
    for path in (package_dir, tmp_path / "deps.zip", single / "spate_dep_single.py"):
        env.add_python_file(str(path))

    def use(x):
        import spate_dep_in_dir
        import spate_dep_in_zip
        import spate_dep_single
        return spate_dep_in_dir.VALUE + spate_dep_in_zip.VALUE + spate_dep_single.VALUE
    try:
        assert list(env.from_collection([1]).map(use, Types.STRING()).execute_and_collect()) == ['dirzippy']
    finally:
        for name in ('spate_dep_in_dir', 'spate_dep_in_zip', 'spate_dep_single'):
            sys.modules.pop(name, None)


def test_only_the_running_interpreter_can_be_the_executable(tmp_path):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_python_executable(sys.executable)
    other = tmp_path / "python3"
    other.write_text("#!/bin/sh\n")
    with pytest.raises(ValueError) as raised:
        env.set_python_executable(str(other))
    assert str(other) in str(raised.value) and sys.executable in str(raised.value)


def test_the_python_keys_of_a_configuration_set_the_same(tmp_path):
    write_archive(tmp_path / "a.zip", {"x.txt": "x"})
    (tmp_path / "mod_dir").mkdir()
    conf = Configuration()
    conf.set_string('python.archives', f"{tmp_path / 'a.zip'}#target")
    conf.set_string('python.files', str(tmp_path / "mod_dir"))
    conf.set_string('python.executable', sys.executable)
    env = StreamExecutionEnvironment.get_execution_environment(conf)
    assert env._python_dependencies_().archives == [(str(tmp_path / 'a.zip'), 'target')]
    assert str(tmp_path / "mod_dir") in sys.path
    conf.set_string('python.executable', '/no/such/python')
    with pytest.raises(ValueError, match="/no/such/python"):
        env.configure(conf)
