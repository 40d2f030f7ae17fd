"""`TableConfig`, as in `pyflink.table.table_config`: a table environment's options (Flink's keys,
such as `parallelism.default`), applied to the jobs it runs."""
from spate.common.configuration import Configuration


class TableConfig(object):
    """The options of a `TableEnvironment`.

    Example::

        t_env.get_config().set("parallelism.default", "2")
    """

    def __init__(self, env):
        self._env = env
        self._configuration = Configuration()

    def set(self, key: str, value: str) -> 'TableConfig':
        """Sets option `key` (a Flink key, its value as text) for the jobs run from now on."""
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError(f"TableConfig.set: expected a key and a value as str, got {key!r} and {value!r}")
        self._configuration.set_string(key, value)
        one = Configuration()
        one.set_string(key, value)
        self._env.configure(one)
        return self

    def get(self, key: str, default_value: str = None) -> str:
        return self._configuration.get_string(key, default_value)

    def get_configuration(self) -> Configuration:
        return self._configuration

    def add_configuration(self, configuration: Configuration) -> None:
        """Sets every option of `configuration`."""
        for key, value in configuration.to_dict().items():
            self.set(key, str(value))
