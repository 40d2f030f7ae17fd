"""`Schema`, as in `pyflink.table.schema`: the columns a `TableDescriptor` declares (physical
columns with their types, computed columns, a watermark and a primary key), printed as Flink
prints an unresolved schema.

Spate takes a column's type as a `DataTypes` value, and a computed column as a Table API
expression (`col('a') + 1`); SQL text (a type string, a SQL expression) needs Spate's SQL, which it
does not have yet, and is a clear error. A watermark is kept (and printed) for event-time windows;
nothing reads it yet.
"""
from typing import List, Optional, Union

from spate.table.types import DataType, RowType

__all__ = ['Schema']


class Schema(object):
    """A table's declared columns.

    Example::

        schema = Schema.new_builder() \\
            .column('id', DataTypes.BIGINT()) \\
            .column('name', DataTypes.STRING()) \\
            .column_by_expression('next_id', col('id') + 1) \\
            .primary_key('id') \\
            .build()
    """

    def __init__(self, columns: List['_Column'], watermark: Optional[tuple], primary_key: Optional[tuple]):
        self._columns = columns
        self._watermark = watermark  # (column name, expression as given)
        self._primary_key = primary_key  # (constraint name, column names)

    @staticmethod
    def new_builder() -> 'Schema.Builder':
        return Schema.Builder(None)

    def _physical(self) -> List['_Column']:
        """The columns a connector reads and writes, in order."""
        return [column for column in self._columns if column.expression is None]

    def __str__(self):
        lines = [column.text() for column in self._columns]
        if self._watermark is not None:
            column, expression = self._watermark
            lines.append(f"WATERMARK FOR `{column}` AS {_expression_text(expression)}")
        if self._primary_key is not None:
            name, columns = self._primary_key
            keys = ', '.join(f"`{column}`" for column in columns)
            lines.append(f"CONSTRAINT `{name}` PRIMARY KEY ({keys}) NOT ENFORCED")
        return "(\n" + ",\n".join("  " + line for line in lines) + "\n)"

    def __eq__(self, other):
        return isinstance(other, Schema) and str(self) == str(other)

    def __hash__(self):
        return hash(str(self))

    class Builder(object):
        """Declares a schema's columns in order; `build()` makes the `Schema`. PyFlink's wraps a Java
        builder (`j_builder`); Spate's starts from the Schema given there, if any."""

        def __init__(self, j_builder: Optional['Schema']):
            self._columns: List[_Column] = []
            self._watermark = None
            self._primary_key = None
            if j_builder is not None:
                self.from_schema(j_builder)

        def from_schema(self, unresolved_schema: 'Schema') -> 'Schema.Builder':
            self._columns.extend(unresolved_schema._columns)
            self._watermark = unresolved_schema._watermark or self._watermark
            self._primary_key = unresolved_schema._primary_key or self._primary_key
            return self

        def from_row_data_type(self, data_type: DataType) -> 'Schema.Builder':
            """The fields of a ROW type as physical columns."""
            if not isinstance(data_type, RowType):
                raise TypeError(f"from_row_data_type: expected a DataTypes.ROW, got {data_type!r}")
            for field in data_type.fields:
                self.column(field.name, field.data_type)
            return self

        def from_fields(self, field_names: List[str], field_data_types: List[DataType]) -> 'Schema.Builder':
            if len(field_names) != len(field_data_types):
                raise ValueError(f"from_fields: {len(field_names)} names but {len(field_data_types)} types")
            for name, data_type in zip(field_names, field_data_types):
                self.column(name, data_type)
            return self

        def column(self, column_name: str, data_type: Union[str, DataType]) -> 'Schema.Builder':
            """A physical column: read from and written to the connector, in declaration order."""
            _check(f"column '{column_name}'", column_name, data_type, DataType, "the type as a DataTypes value "
                   "(DataTypes.STRING())")
            self._columns.append(_Column(column_name, data_type, None))
            return self

        def column_by_expression(self, column_name: str, expr) -> 'Schema.Builder':
            """A computed column: `expr` (an expression of the other columns) evaluated per row."""
            from spate.table.expression import Expression
            _check(f"column_by_expression '{column_name}'", column_name, expr, Expression,
                   "a Table API expression (col('a') + 1)")
            self._columns.append(_Column(column_name, None, expr))
            return self

        def watermark(self, column_name: str, watermark_expr) -> 'Schema.Builder':
            """Kept for event-time windows (which do not read it yet) and shown by `str()`."""
            self._watermark = (column_name, watermark_expr)
            return self

        def primary_key(self, *column_names: str) -> 'Schema.Builder':
            """An informational primary key, named `PK_<columns>` as Flink names it (not enforced)."""
            return self.primary_key_named('PK_' + '_'.join(column_names), *column_names)

        def primary_key_named(self, constraint_name: str, *column_names: str) -> 'Schema.Builder':
            if not column_names:
                raise ValueError("a primary key needs at least one column")
            self._primary_key = (constraint_name, tuple(column_names))
            return self

        def build(self) -> 'Schema':
            return Schema(list(self._columns), self._watermark, self._primary_key)


class _Column(object):
    def __init__(self, name: str, data_type: Optional[DataType], expression):
        self.name = name
        self.data_type = data_type
        self.expression = expression

    def text(self) -> str:
        if self.expression is not None:
            return f"`{self.name}` AS {_expression_text(self.expression)}"
        from spate.table.table_schema import sql_type_name
        return f"`{self.name}` {sql_type_name(self.data_type)}"


def _expression_text(expression) -> str:
    # Flink shows SQL text in brackets, a Table API expression as its call (`plus(a, 1)`).
    return f"[{expression}]" if isinstance(expression, str) else str(expression)


def _check(where: str, name, value, kind: type, wanted: str) -> None:
    """A column's name and its type or expression: SQL text (which Spate cannot plan yet) and
    other values are clear errors."""
    if not isinstance(name, str) or not name:
        raise TypeError(f"a column name is a non-empty str, got {name!r}")
    if isinstance(value, str):
        raise TypeError(f"{where}: Spate takes {wanted}, not SQL text {value!r}")
    if not isinstance(value, kind):
        raise TypeError(f"{where}: expected {wanted}, got {value!r}")
