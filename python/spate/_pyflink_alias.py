"""
Makes ``import pyflink`` and ``import pyflink.X.Y`` give the modules ``spate`` and ``spate.X.Y``
themselves (the same objects: ``pyflink.common.Types is spate.common.Types``), so that PyFlink
scripts run unchanged. Call `install()`; it is idempotent.
"""

import importlib
import importlib.machinery
import importlib.util
import sys
import threading
import warnings
from types import ModuleType
from typing import Optional, Sequence

__all__ = ['install', 'uninstall', 'ALIAS', 'TARGET']

ALIAS = 'pyflink'
TARGET = 'spate'

_lock = threading.Lock()


def _target_name(fullname: str) -> Optional[str]:
    """'pyflink.common' -> 'spate.common'; None for names outside the alias."""
    if fullname == ALIAS:
        return TARGET
    if fullname.startswith(ALIAS + '.'):
        return TARGET + fullname[len(ALIAS):]
    return None


# Plain classes rather than importlib.abc's: importing importlib.abc pulls in importlib.resources,
# pathlib and tempfile (about 25 ms of every `spate run`). The import system only needs the methods.
class _AliasLoader(object):
    """Hands the import system the spate module itself instead of a new module."""

    def __init__(self, target_name: str):
        self._target_name = target_name
        self._own_spec: Optional[importlib.machinery.ModuleSpec] = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        module = importlib.import_module(self._target_name)
        self._own_spec = getattr(module, '__spec__', None)
        return module

    def exec_module(self, module: ModuleType) -> None:
        # The import system has just set module.__spec__ to the alias's spec; the module keeps
        # its own, so that it still knows itself as spate.X (for reloads, pickling, -m, ...).
        if self._own_spec is not None:
            module.__spec__ = self._own_spec


class PyflinkAliasFinder(object):
    """A `sys.meta_path` finder resolving ``pyflink[.X...]`` to ``spate[.X...]``."""

    def find_spec(self, fullname: str, path: Optional[Sequence[str]],
                  target: Optional[ModuleType] = None) -> Optional[importlib.machinery.ModuleSpec]:
        target_name = _target_name(fullname)
        if target_name is None:
            return None
        # Locates spate.X without running it; the loader imports it (outside the global import
        # lock that is held here).
        target_spec = importlib.util.find_spec(target_name)
        if target_spec is None:
            raise ModuleNotFoundError(
                "No module named %r (Spate runs PyFlink scripts with its own modules, and has no "
                "%r yet)" % (fullname, target_name), name=fullname)
        is_package = target_spec.submodule_search_locations is not None
        spec = importlib.machinery.ModuleSpec(fullname, _AliasLoader(target_name),
                                              is_package=is_package)
        if is_package:
            spec.submodule_search_locations = list(target_spec.submodule_search_locations or [])
        return spec


def _installed() -> Optional[PyflinkAliasFinder]:
    for finder in sys.meta_path:
        if isinstance(finder, PyflinkAliasFinder):
            return finder
    return None


def install() -> None:
    """Puts the alias finder first on `sys.meta_path` (once). A real PyFlink imported before this
    keeps its modules; modules imported afterwards come from spate."""
    with _lock:
        if _installed() is None:
            sys.meta_path.insert(0, PyflinkAliasFinder())
    loaded = sys.modules.get(ALIAS)
    if loaded is not None and getattr(loaded, '__name__', None) != TARGET:
        warnings.warn("pyflink was imported before Spate's alias was installed: `import pyflink` "
                      "keeps giving PyFlink's own modules in this process", RuntimeWarning,
                      stacklevel=2)


def uninstall() -> None:
    """Removes the alias finder and forgets the pyflink modules it gave out."""
    with _lock:
        finder = _installed()
        while finder is not None:
            sys.meta_path.remove(finder)
            finder = _installed()
        for name in [n for n in sys.modules if _target_name(n) is not None]:
            module = sys.modules[name]
            if getattr(module, '__name__', None) == _target_name(name):
                del sys.modules[name]
