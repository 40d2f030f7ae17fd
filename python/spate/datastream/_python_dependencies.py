"""A job's Python dependencies (`add_python_file`, `set_python_requirements`, `add_python_archive`,
`set_python_executable`), made ready as PyFlink's Python worker has them, for functions that run in
this interpreter:

- files: a directory, or the folder of a .py file, or a .zip, goes on sys.path (at once);
- requirements: installed when a job starts, with this interpreter's pip, into a directory of the
  job's (`pip install --target DIR -r FILE`; offline from the cache directory, `--no-index
  --find-links CACHE`, when one is given), which then goes on sys.path;
- archives: extracted when a job starts into `python-archives/TARGET` (TARGET: `target_dir`, or the
  archive's file name) of a directory of the job's, and `python-archives` is the working directory
  while `execute()` or `execute_async()`'s job runs, as it is PyFlink's worker's (relative paths in
  functions reach the archives' files; the plan's file paths were made absolute first). With
  `execute_and_collect` the archives are extracted but the working directory stays as it is;
- the executable: functions run in this interpreter, so only it can be named.
"""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
import tarfile
from typing import List, Optional, Tuple

__all__ = ['PythonDependencies']

# The working directory is the process's: one job at a time may move it (see `job`).
_CWD_LOCK = threading.Lock()


class PythonDependencies:
    """The Python dependencies of one environment's jobs."""

    def __init__(self):
        self.requirements: Optional[Tuple[str, Optional[str]]] = None
        self.archives: List[Tuple[str, str]] = []
        self._installed = {}  # (requirements, cache dir) -> the directory they were installed into
        self._extracted = None  # the archives extracted last: (their list, the python-archives directory)

    # ---- what the environment's methods record ----

    @staticmethod
    def add_file(file_path: str):
        if not os.path.exists(file_path):
            raise FileNotFoundError(f"add_python_file: no such file or directory: {file_path}")
        path = os.path.abspath(file_path)
        entry = path if os.path.isdir(path) or path.endswith('.zip') else os.path.dirname(path)
        if entry not in sys.path:
            sys.path.append(entry)

    def set_requirements(self, requirements_file_path: str, requirements_cache_dir: str = None):
        if not os.path.isfile(requirements_file_path):
            raise FileNotFoundError(f"set_python_requirements: no such file: {requirements_file_path}")
        if requirements_cache_dir is not None and not os.path.isdir(requirements_cache_dir):
            raise FileNotFoundError(f"set_python_requirements: no such directory: {requirements_cache_dir}")
        self.requirements = (os.path.abspath(requirements_file_path),
                             None if requirements_cache_dir is None else os.path.abspath(requirements_cache_dir))

    def add_archive(self, archive_path: str, target_dir: str = None):
        if not os.path.isfile(archive_path):
            raise FileNotFoundError(f"add_python_archive: no such file: {archive_path}")
        if not (zipfile.is_zipfile(archive_path) or tarfile.is_tarfile(archive_path)):
            raise ValueError(f"add_python_archive: {archive_path} is not a zip or tar archive")
        target = target_dir if target_dir is not None else os.path.basename(archive_path)
        if not target or os.path.isabs(target) or '..' in target.replace('\\', '/').split('/'):
            raise ValueError(f"add_python_archive: target_dir must be a relative directory name, got {target_dir!r}")
        self.archives.append((os.path.abspath(archive_path), target))

    @staticmethod
    def check_executable(python_exec: str):
        if not _same_interpreter(python_exec):
            raise ValueError(f"set_python_executable({python_exec!r}): Spate runs the job's Python functions in "
                             f"the interpreter that runs the script, {sys.executable}, so it cannot run them "
                             f"in {python_exec}; run the script with that interpreter instead")

    # ---- when a job starts ----

    def __bool__(self):
        return self.requirements is not None or bool(self.archives)

    def prepare(self) -> Optional[str]:
        """Installs the requirements and extracts the archives (once each); returns the directory
        the job's functions work in (`python-archives`), None without archives."""
        if self.requirements is not None:
            self._install(*self.requirements)
        if not self.archives:
            return None
        if self._extracted is None or self._extracted[0] != self.archives:
            directory = os.path.join(_job_directory(), 'python-archives')
            for archive, target in self.archives:
                _extract(archive, os.path.join(directory, target))
            self._extracted = (list(self.archives), directory)
        return self._extracted[1]

    def job(self):
        """A context in which a job runs: dependencies ready, in the archives' working directory."""
        return _WorkingDirectory(self.prepare())

    def _install(self, requirements: str, cache_dir: Optional[str]):
        key = (requirements, cache_dir)
        if key not in self._installed:
            target = os.path.join(_job_directory(), 'python-requirements')
            command = [sys.executable, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input',
                       '--target', target, '-r', requirements]
            if cache_dir is not None:
                command += ['--no-index', '--find-links', cache_dir]
            done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"set_python_requirements: installing {requirements} failed "
                                   f"({' '.join(command)}):\n{done.stdout.strip()}")
            self._installed[key] = target
        if self._installed[key] not in sys.path:
            sys.path.insert(0, self._installed[key])


class _WorkingDirectory:
    def __init__(self, directory: Optional[str]):
        self.directory = directory
        self.previous = None

    def __enter__(self):
        if self.directory is not None:
            _CWD_LOCK.acquire()
            self.previous = os.getcwd()
            os.chdir(self.directory)
        return self

    def __exit__(self, *exc):
        if self.directory is not None:
            try:
                os.chdir(self.previous)
            finally:
                _CWD_LOCK.release()
        return False


class JobGraph:
    """A built job that runs with its Python dependencies ready (see `PythonDependencies.job`);
    everything else is the graph's."""

    def __init__(self, graph, dependencies: PythonDependencies):
        self._graph = graph
        self._dependencies = dependencies

    def execute(self):
        with self._dependencies.job():
            return self._graph.execute()

    def start(self, *args):
        self._dependencies.prepare()
        return self._graph.start(*args)

    def __getattr__(self, name):
        return getattr(self._graph, name)


def absolute_paths(nodes: list):
    """Makes the plan's file paths absolute (they are opened after the working directory moved)."""
    for node in nodes:
        settings = node['settings']
        if node['kind'] == 'file_source' and 'paths' in settings:
            settings['paths'] = [os.path.abspath(path) for path in settings['paths']]
        elif node['kind'] == 'file_sink' and 'base_path' in settings:
            settings['base_path'] = os.path.abspath(settings['base_path'])


def _same_interpreter(python_exec: str) -> bool:
    """Whether `python_exec` is this interpreter: the same program with the same packages (a
    virtual environment's python is a link to its base interpreter, with other packages)."""
    found = os.path.abspath(shutil.which(python_exec) or python_exec)
    if found == os.path.abspath(sys.executable):
        return True
    return os.path.realpath(found) == os.path.realpath(sys.executable) and _prefix(found) == os.path.realpath(sys.prefix)


def _prefix(executable: str) -> str:
    """The prefix an interpreter started as `executable` would have: its virtual environment's, if
    it is in one (a pyvenv.cfg next to its bin directory), else the base installation's."""
    environment = os.path.dirname(os.path.dirname(executable))
    if os.path.isfile(os.path.join(environment, 'pyvenv.cfg')):
        return os.path.realpath(environment)
    return os.path.realpath(sys.base_prefix)


_JOB_DIRECTORY = []


def _job_directory() -> str:
    """A directory for this process's jobs' dependencies, removed when the process ends."""
    if not _JOB_DIRECTORY:
        directory = tempfile.mkdtemp(prefix='spate-python-dist-')
        atexit.register(shutil.rmtree, directory, True)
        _JOB_DIRECTORY.append(directory)
    return _JOB_DIRECTORY[0]


def _extract(archive: str, target: str):
    if os.path.isdir(target):
        shutil.rmtree(target)
    os.makedirs(target)
    if zipfile.is_zipfile(archive):
        with zipfile.ZipFile(archive) as opened:
            for member in opened.infolist():
                _check_member(archive, member.filename)
            opened.extractall(target)
            for member in opened.infolist():  # keep executable bits, as Flink's extraction does
                mode = member.external_attr >> 16
                if mode & 0o111 and not member.is_dir():
                    os.chmod(os.path.join(target, member.filename), mode & 0o777)
    else:
        with tarfile.open(archive) as opened:
            for member in opened.getmembers():
                _check_member(archive, member.name)
            opened.extractall(target, filter='data') if hasattr(tarfile, 'data_filter') else opened.extractall(target)


def _check_member(archive: str, name: str):
    if os.path.isabs(name) or '..' in name.replace('\\', '/').split('/'):
        raise ValueError(f"add_python_archive: {archive} holds {name!r}, outside the directory it is extracted to")
