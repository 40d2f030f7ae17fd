"""`EnvironmentSettings`, as in `pyflink.table`: streaming or batch mode for a `TableEnvironment`."""


class EnvironmentSettings(object):
    """How a `TableEnvironment` runs its jobs: in streaming mode (changelogs: every result row with
    its kind) or batch mode (final results).

    Example::

        t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    """

    class Builder(object):
        def __init__(self):
            self._streaming = True

        def in_streaming_mode(self) -> 'EnvironmentSettings.Builder':
            self._streaming = True
            return self

        def in_batch_mode(self) -> 'EnvironmentSettings.Builder':
            self._streaming = False
            return self

        def build(self) -> 'EnvironmentSettings':
            return EnvironmentSettings(self._streaming)

    def __init__(self, streaming: bool = True):
        self._streaming = streaming

    @staticmethod
    def new_instance() -> 'EnvironmentSettings.Builder':
        return EnvironmentSettings.Builder()

    @staticmethod
    def in_streaming_mode() -> 'EnvironmentSettings':
        return EnvironmentSettings(True)

    @staticmethod
    def in_batch_mode() -> 'EnvironmentSettings':
        return EnvironmentSettings(False)

    def is_streaming_mode(self) -> bool:
        return self._streaming
