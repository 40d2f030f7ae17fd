import pytest

from spate.datastream import StreamExecutionEnvironment


@pytest.fixture(params=[1, 2], ids=['p1', 'p2'])
def env(request):
    """An environment at parallelism 1 and 2: every job test runs in both."""
    environment = StreamExecutionEnvironment.get_execution_environment()
    environment.set_parallelism(request.param)
    return environment
