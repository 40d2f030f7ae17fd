"""Packages whose public names are imported when first used (PEP 562): a script that imports
``pyflink.datastream`` pays for the modules it touches, not for all of them (start-up is part of
every job's time)."""
import importlib
from typing import Callable, Dict, List, Tuple


def lazy_exports(namespace: dict, modules: Dict[str, List[str]]) -> Tuple[Callable, Callable, List[str]]:
    """`__getattr__`, `__dir__` and `__all__` for the package whose globals are `namespace`:
    `modules` maps each submodule (relative to the package) to the public names it defines.

    Example (a package's ``__init__.py``)::

        __getattr__, __dir__, __all__ = lazy_exports(globals(), {'data_stream': ['DataStream']})
    """
    package = namespace['__name__']
    module_of = {name: module for module, names in modules.items() for name in names}

    def __getattr__(name: str):
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value  # found by ordinary lookup from now on
        return value

    def __dir__() -> List[str]:
        return sorted(set(namespace) | set(module_of))

    return __getattr__, __dir__, list(module_of)
