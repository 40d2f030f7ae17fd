"""`TableDescriptor` and `FormatDescriptor`, as in `pyflink.table.table_descriptor`: a connector,
its options and format, and the table's schema; registered with
`TableEnvironment.create_temporary_table`, or written to directly (`Table.execute_insert`).

Options are kept as text, in the order Flink's `HashMap` gives them (so `get_options()` and `str()`
print as PyFlink's); Spate's planner checks them when a job reads or writes the table.
"""
from typing import Dict, List, Optional, Union

from spate.table.schema import Schema

__all__ = ['TableDescriptor', 'FormatDescriptor']


class TableDescriptor(object):
    """A table backed by a connector.

    Example::

        TableDescriptor.for_connector('filesystem') \\
            .schema(Schema.new_builder().column('word', DataTypes.STRING()).build()) \\
            .option('path', '/tmp/words') \\
            .format(FormatDescriptor.for_format('csv').option('field-delimiter', ';').build()) \\
            .build()
    """

    def __init__(self, schema: Optional[Schema], options: Dict[str, str], partition_keys: List[str],
                 comment: Optional[str]):
        self._schema = schema
        self._options = options
        self._partition_keys = partition_keys
        self._comment = comment

    @staticmethod
    def for_connector(connector: str) -> 'TableDescriptor.Builder':
        return TableDescriptor.Builder({'connector': connector})

    def get_schema(self) -> Optional[Schema]:
        return self._schema

    def get_options(self) -> Dict[str, str]:
        return _java_hash_map(self._options)

    def get_partition_keys(self) -> List[str]:
        return list(self._partition_keys)

    def get_comment(self) -> Optional[str]:
        return self._comment

    def __str__(self):
        schema = str(self._schema) if self._schema is not None else ""
        options = ",\n".join(f"  '{key}' = '{value}'" for key, value in self.get_options().items())
        return f"{schema}\nWITH (\n{options}\n)"

    def __eq__(self, other):
        return isinstance(other, TableDescriptor) and (self._schema, self._options, self._partition_keys,
                                                       self._comment) == (other._schema, other._options,
                                                                          other._partition_keys, other._comment)

    def __hash__(self):
        return hash(str(self))

    class Builder(object):
        """PyFlink's wraps a Java builder (`j_builder`); Spate's starts from these options."""

        def __init__(self, j_builder: Dict[str, str]):
            self._schema = None
            self._options = dict(j_builder)
            self._partition_keys = []
            self._comment = None

        def schema(self, schema: Schema) -> 'TableDescriptor.Builder':
            if not isinstance(schema, Schema):
                raise TypeError(f"schema: expected a Schema (Schema.new_builder()...build()), got {schema!r}")
            self._schema = schema
            return self

        def option(self, key, value) -> 'TableDescriptor.Builder':
            """Sets a connector option (`'path'`, `'print-identifier'`); values are kept as text, as in
            Flink (`True` becomes `'true'`)."""
            self._options[_option_key(key)] = _option_text(value)
            return self

        def format(self, format: Union[str, 'FormatDescriptor'], format_option=None) -> 'TableDescriptor.Builder':
            """The table's format: a name (`'csv'`), or a `FormatDescriptor` whose options are stored
            prefixed with its name (`'csv.field-delimiter'`)."""
            key = _option_key(format_option) if format_option is not None else 'format'
            if isinstance(format, FormatDescriptor):
                self._options[key] = format.get_format()
                for option, value in format._options.items():
                    self._options[f"{format.get_format()}.{option}"] = value
            elif isinstance(format, str):
                self._options[key] = format
            else:
                raise TypeError(f"format: expected a format name or a FormatDescriptor, got {format!r}")
            return self

        def partitioned_by(self, *partition_keys: str) -> 'TableDescriptor.Builder':
            self._partition_keys = list(partition_keys)
            return self

        def comment(self, comment: str) -> 'TableDescriptor.Builder':
            self._comment = comment
            return self

        def build(self) -> 'TableDescriptor':
            return TableDescriptor(self._schema, dict(self._options), list(self._partition_keys), self._comment)


class FormatDescriptor(object):
    """A format and its options, for `TableDescriptor.Builder.format`.

    Example::

        FormatDescriptor.for_format('json').option('ignore-parse-errors', 'true').build()
    """

    def __init__(self, format: str, options: Dict[str, str]):
        self._format = format
        self._options = options

    @staticmethod
    def for_format(format: str) -> 'FormatDescriptor.Builder':
        if not isinstance(format, str) or not format:
            raise TypeError(f"for_format: expected a format name such as 'csv', got {format!r}")
        return FormatDescriptor.Builder(format)

    def get_format(self) -> str:
        return self._format

    def get_options(self) -> Dict[str, str]:
        return _java_hash_map(self._options)

    def __str__(self):
        options = ", ".join(f"{key}={value}" for key, value in self.get_options().items())
        return f"{self._format}[{{{options}}}]"

    def __eq__(self, other):
        return isinstance(other, FormatDescriptor) and (self._format, self._options) == (other._format, other._options)

    def __hash__(self):
        return hash(str(self))

    class Builder(object):
        """PyFlink's wraps a Java builder (`j_builder`); Spate's takes the format's name."""

        def __init__(self, j_builder: str):
            self._format = j_builder
            self._options = {}

        def option(self, key, value) -> 'FormatDescriptor.Builder':
            """A format option, without the format's prefix (`'field-delimiter'`)."""
            self._options[_option_key(key)] = _option_text(value)
            return self

        def build(self) -> 'FormatDescriptor':
            return FormatDescriptor(self._format, dict(self._options))


def _option_key(key) -> str:
    if isinstance(key, str):
        return key
    name = getattr(key, 'key', None)  # a ConfigOption
    if callable(name):
        return name()
    raise TypeError(f"an option key is a str or a ConfigOption, got {key!r}")


def _option_text(value) -> str:
    if isinstance(value, bool):
        return 'true' if value else 'false'
    return str(value)


def _java_hash_map(options: Dict[str, str]) -> Dict[str, str]:
    """The options in the order Java's HashMap iterates them (as Flink keeps them): by bucket
    (the String hash spread and masked by the table size, 16 doubling past 3/4 full), then in
    insertion order within a bucket."""
    size = 16
    while len(options) > size * 3 // 4:
        size *= 2
    keys = list(options)

    def bucket(key: str) -> int:
        h = 0
        for unit in memoryview(key.encode('utf-16-le')).cast('H'):
            h = (31 * h + unit) & 0xFFFFFFFF
        return (h ^ (h >> 16)) & (size - 1)
    return {key: options[key] for key in sorted(keys, key=lambda k: (bucket(k), keys.index(k)))}
