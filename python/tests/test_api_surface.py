"""Spate's DataStream and common modules hold every public name of PyFlink 2.3's, with its signature.

A script written for PyFlink must import and call what it imports and calls there; a name that makes no
sense without a JVM still exists and fails or warns clearly when used. Signatures are compared by parameter
names and defaults (annotations aside). The exceptions are data below, each with its reason.
"""
import enum
import importlib
import inspect

import pytest

from api_surface import API, parameters, signature_of

MODULES = sorted(module for module in API if not module.startswith('pyflink.table'))

# Where Spate's signature differs from PyFlink's on purpose.
DIFFERENT_ON_PURPOSE = {
    # PyFlink builds these around the Java object that runs them; Spate builds them from Python values.
    # Users reach them through get_execution_environment, from_collection, map, ... in both.
    '*.WindowAssignerContext': "abstract in PyFlink (every assigner's); Spate's passes the processing time and "
                               'runtime context to assign_windows',
    'StateTtlConfig.__init__': "PyFlink's takes a Time where Spate's takes milliseconds; both are made by StateTtlConfig.new_builder",
    'RestartStrategies.FixedDelayRestartStrategyConfiguration': 'made by RestartStrategies.fixed_delay_restart; '
                                                               'PyFlink\'s optional arguments exist for a Java object',
    'RestartStrategies.FailureRateRestartStrategyConfiguration': 'made by RestartStrategies.failure_rate_restart',
    'RestartStrategies.NoRestartStrategyConfiguration': 'made by RestartStrategies.no_restart',
    'RestartStrategies.FallbackRestartStrategyConfiguration': 'made by RestartStrategies.fall_back_restart',
    'Source.__init__': "PyFlink's base takes a Java source (or its class name); Spate's sources are Python classes",
    'Sink.__init__': "PyFlink's base takes a Java sink (or its class name); Spate's sinks are Python classes",
    'BroadcastStream.__init__': 'made by DataStream.broadcast',
    'BroadcastConnectedStream.__init__': 'made by DataStream.connect(BroadcastStream)',
    'WindowedStream.__init__': 'made by KeyedStream.window; Spate passes the key selector along',
}


def _wraps_java(signature: str) -> bool:
    """A PyFlink constructor of a Java object's wrapper: internal there, as Spate's are."""
    return any(name.startswith('j_') for name, _ in parameters(signature))


def _on_purpose(qualified: str) -> bool:
    return qualified in DIFFERENT_ON_PURPOSE or '*.' + qualified.split('.')[-1] in DIFFERENT_ON_PURPOSE


def _members():
    for module in MODULES:
        for name, entry in API[module].items():
            if entry.get('kind') == 'class':
                for member, signature in entry['members'].items():
                    yield module, name, member, signature


@pytest.mark.parametrize('module', MODULES)
def test_every_public_name_of_the_module_is_there(module):
    ours = importlib.import_module(module.replace('pyflink', 'spate', 1))
    missing = [name for name in API[module] if not hasattr(ours, name)]
    assert not missing, f'{module} lacks {missing}'


@pytest.mark.parametrize('module', MODULES)
def test_every_member_of_each_class_is_there(module):
    ours = importlib.import_module(module.replace('pyflink', 'spate', 1))
    missing = [f'{name}.{member}' for m, name, member, _ in _members()
               if m == module and hasattr(ours, name) and not hasattr(getattr(ours, name), member)]
    assert not missing, f'{module} lacks {missing}'


@pytest.mark.parametrize('module', MODULES)
def test_signatures_match_pyflinks(module):
    ours = importlib.import_module(module.replace('pyflink', 'spate', 1))
    different = []
    for m, name, member, signature in _members():
        qualified = f'{name}.{member}'
        if m != module or member == '__eq__' or _on_purpose(qualified) or _wraps_java(signature):
            continue
        if member == '__init__' and signature == '(self, /, *args, **kwargs)':
            continue  # PyFlink's class declares no constructor of its own
        cls = getattr(ours, name, None)
        attribute = getattr(cls, member, None) if cls is not None else None
        if attribute is None:
            continue  # reported by the tests above
        if signature.startswith('(value, names=None'):
            assert isinstance(attribute, enum.EnumMeta), f'{module}.{qualified} is an Enum in PyFlink'
            continue
        try:
            mine = signature_of(attribute)
        except (TypeError, ValueError):
            continue  # a builtin without a signature
        if mine == '(self, /, *args, **kwargs)' and signature.startswith('(self)'):
            continue  # neither declares a constructor argument
        if parameters(mine) != parameters(signature):
            different.append(f'{qualified}{mine} where PyFlink has {signature}')
    assert not different, '\n'.join(different)


def test_exceptions_name_members_that_exist():
    known = {f'{name}.{member}' for _, name, member, _ in _members()}
    known |= {'*.' + member for _, _, member, _ in _members()}
    assert set(DIFFERENT_ON_PURPOSE) <= known


def test_static_and_instance_methods_are_called_as_in_pyflink():
    from spate.datastream import StreamExecutionEnvironment
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_default_local_parallelism(3)
    assert env.get_default_local_parallelism() == 3
    assert inspect.signature(StreamExecutionEnvironment.execute_async).parameters['job_name'].default == \
        'Flink Streaming Job'
