"""The `pyflink` -> `spate` import alias, in process."""

import importlib
import sys

import pytest

from spate import _pyflink_alias


@pytest.fixture
def alias():
    _pyflink_alias.install()
    yield
    _pyflink_alias.uninstall()


def _finders():
    return [f for f in sys.meta_path if isinstance(f, _pyflink_alias.PyflinkAliasFinder)]


def test_install_is_idempotent(alias):
    _pyflink_alias.install()
    _pyflink_alias.install()
    assert len(_finders()) == 1
    assert sys.meta_path[0] is _finders()[0]


def test_pyflink_modules_are_the_spate_modules(alias):
    import spate.common
    import spate.common.types
    pyflink_common = importlib.import_module('pyflink.common')
    assert pyflink_common is spate.common
    assert importlib.import_module('pyflink.common.types') is spate.common.types
    from pyflink.common import Row, Types  # noqa: E402 - imported through the alias
    assert Row is spate.common.Row and Types is spate.common.Types
    assert sys.modules['pyflink.common'] is spate.common
    # The spate modules still know themselves by their own names.
    assert spate.common.__name__ == 'spate.common'
    assert spate.common.__spec__.name == 'spate.common'


def test_submodule_imported_through_the_alias_first(alias, monkeypatch):
    # The module is imported afresh here; the original comes back afterwards, or functions that
    # later tests define on its classes would not be the API's (isinstance checks fail).
    import spate.datastream
    import spate.datastream.functions
    monkeypatch.setattr(spate.datastream, 'functions', spate.datastream.functions)
    monkeypatch.delitem(sys.modules, 'spate.datastream.functions')
    monkeypatch.delitem(sys.modules, 'pyflink.datastream.functions', raising=False)
    functions = importlib.import_module('pyflink.datastream.functions')
    assert functions is sys.modules['spate.datastream.functions']
    assert functions.__spec__.name == 'spate.datastream.functions'


def test_missing_module_names_the_pyflink_module(alias):
    with pytest.raises(ModuleNotFoundError, match='pyflink.no_such_module') as info:
        importlib.import_module('pyflink.no_such_module')
    assert info.value.name == 'pyflink.no_such_module'


def test_uninstall_removes_the_finder():
    _pyflink_alias.install()
    importlib.import_module('pyflink.common')
    _pyflink_alias.uninstall()
    assert not _finders()
    assert 'pyflink.common' not in sys.modules


def test_the_names_pyflink_examples_import_are_there(alias):
    # The import lines of PyFlink's own examples (word count, windows, state, side outputs).
    from pyflink.common import Encoder, Types, WatermarkStrategy  # noqa: F401
    from pyflink.datastream import (OutputTag, ProcessWindowFunction, RuntimeExecutionMode, TimerService,  # noqa: F401
                                    StreamExecutionEnvironment, TimeDomain)
    from pyflink.datastream.connectors import (FileSink, FileSource, OutputFileConfig, RollingPolicy,  # noqa: F401
                                               StreamFormat)
    from pyflink.datastream.state import MapStateDescriptor, StateTtlConfig  # noqa: F401
    from pyflink.datastream.window import (EventTimeSessionWindows, SessionWindowTimeGapExtractor,  # noqa: F401
                                           TimeWindow, Trigger, TriggerResult)
    assert FileSource.for_record_stream_format is not None
    # The stream classes, from PyFlink's data_stream module (Spate keeps some in modules of their own).
    from pyflink.datastream import AllWindowedStream, ConnectedStreams, WindowedStream
    from pyflink.datastream import data_stream
    assert (data_stream.WindowedStream, data_stream.AllWindowedStream, data_stream.ConnectedStreams) == \
        (WindowedStream, AllWindowedStream, ConnectedStreams)
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        data_stream.Nope
    # Async I/O, where PyFlink keeps it.
    from pyflink.datastream import AsyncDataStream, AsyncFunction, CachedDataStream  # noqa: F401
    from pyflink.datastream.async_retry_strategies import NO_RETRY_STRATEGY, FixedDelayRetryStrategy  # noqa: F401
    from pyflink.datastream.functions import AsyncRetryStrategy
    assert isinstance(NO_RETRY_STRATEGY, AsyncRetryStrategy)
    # Generic subscripts in class definitions, as the examples write them.
    from typing import Iterable

    class Counting(ProcessWindowFunction[tuple, tuple, str, TimeWindow]):
        def process(self, key: str, context: ProcessWindowFunction.Context[TimeWindow],
                    elements: Iterable[tuple]) -> Iterable[tuple]:
            return [(key, len(list(elements)))]

    assert Counting().process('k', None, [1, 2]) == [('k', 2)]
