"""`TableResult`, as in `pyflink.table.table_result`: the rows a table's job gave, printed as
PyFlink prints them (Flink's tableau: a row-kind column in streaming mode, values right-aligned in
columns as wide as their type needs, `<NULL>`, long values cut with `...`)."""
import sys
from typing import List

from spate.table.result_kind import ResultKind
from spate.table.table_schema import TableSchema

_NULL = '<NULL>'
_MAX_WIDTH = 30  # Flink's widest column


class TableResult(object):
    def __init__(self, rows: List, schema: TableSchema, streaming: bool, raw: bool = False):
        self._rows = rows
        self._schema = schema
        self._streaming = streaming
        self._raw = raw  # an insert's result: printed as plain values, as Flink prints it

    def get_table_schema(self) -> TableSchema:
        return self._schema

    def get_result_kind(self) -> int:
        """A query's result: `SUCCESS_WITH_CONTENT`."""
        return ResultKind.SUCCESS_WITH_CONTENT

    def get_job_client(self):
        return None  # the job has finished when the result exists

    def wait(self, timeout_ms: int = None) -> None:
        """Waits for the job: Spate's inserts and queries have run to their end when the result
        exists, so it returns at once."""

    def collect(self) -> '_CloseableRows':
        """The result's rows (each with its row kind); use it as a context manager, as PyFlink's."""
        return _CloseableRows(self._rows)

    def print(self) -> None:
        """Prints the rows as PyFlink does (`Empty set` when there are none)."""
        out = sys.stdout
        if self._raw:
            out.write("".join(", ".join(_cell(value) for value in row) + "\n" for row in self._rows))
            return
        if not self._rows:
            out.write("Empty set\n")
            return
        names = self._schema.get_field_names()
        widths = [_type_width(name, data_type) for name, data_type in zip(names, self._schema.get_field_data_types())]
        header = names
        if self._streaming:
            widths, header = [2] + widths, ['op'] + names
        border = '+' + '+'.join('-' * (width + 2) for width in widths) + '+'
        lines = [border, _line(header, widths), border]
        types = self._schema.get_field_data_types()
        for row in self._rows:
            cells = [_cell(value, data_type) for value, data_type in zip(row, types)]
            if self._streaming:
                cells = [row.get_row_kind().short_string() if hasattr(row, 'get_row_kind') else '+I'] + cells
            lines.append(_line(cells, widths))
        lines.append(border)
        count = len(self._rows)
        lines.append(f"{count} row{'s' if count != 1 else ''} in set")
        out.write("\n".join(lines) + "\n")


class _CloseableRows(object):
    def __init__(self, rows):
        self._iterator = iter(rows)

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._iterator)

    def close(self):
        self._iterator = iter(())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def _type_width(name: str, data_type) -> int:
    """Flink's column width for a type: what its longest value needs, at least the name's and
    `<NULL>`'s, at most 30."""
    text = str(data_type).split('(')[0].replace(' NOT NULL', '')
    widths = {'TINYINT': 4, 'SMALLINT': 6, 'INT': 11, 'BIGINT': 20, 'BOOLEAN': 5, 'DATE': 10}
    width = widths.get(text, _MAX_WIDTH)
    if text == 'DECIMAL':
        width = data_type.precision + 2
    elif text in ('TIME', 'TIMESTAMP', 'LOCALZONEDTIMESTAMP'):
        # hh:mm:ss (8) or yyyy-mm-dd hh:mm:ss (19), then the point and the fraction's digits.
        width = (8 if text == 'TIME' else 19) + (data_type.precision + 1 if data_type.precision else 0)
    return max(len(name), width, len(_NULL))


def _cell(value, data_type=None, nested: bool = False) -> str:
    """A value as Flink's tableau prints it (`NULL` inside arrays, maps and rows)."""
    import datetime
    from spate.common.types import Row
    if value is None:
        return 'NULL' if nested else _NULL
    if isinstance(value, bool):
        return 'TRUE' if value else 'FALSE'
    if isinstance(value, float):
        return _java_double(value, single=str(data_type).startswith('FLOAT'))
    if isinstance(value, datetime.datetime):
        return value.strftime('%Y-%m-%d %H:%M:%S') + _fraction(value.microsecond, getattr(data_type, 'precision', 6))
    if isinstance(value, datetime.time):
        return value.strftime('%H:%M:%S') + _fraction(value.microsecond, getattr(data_type, 'precision', 0))
    if isinstance(value, (bytes, bytearray)):
        return "x'" + value.hex() + "'"
    if isinstance(value, Row):
        fields = getattr(data_type, 'fields', None) or [None] * len(value)
        return '(' + ', '.join(_cell(v, getattr(f, 'data_type', None), True) for v, f in zip(value, fields)) + ')'
    if isinstance(value, dict):
        key_type, value_type = getattr(data_type, 'key_type', None), getattr(data_type, 'value_type', None)
        return '{' + ', '.join(f"{_cell(k, key_type, True)}={_cell(v, value_type, True)}" for k, v in value.items()) + '}'
    if isinstance(value, list):
        element = getattr(data_type, 'element_type', None)
        return '[' + ', '.join(_cell(v, element, True) for v in value) + ']'
    return str(value)


def _fraction(microseconds: int, precision: int) -> str:
    """The fraction of a second with exactly `precision` digits (none for 0), as Flink prints it."""
    if not precision:
        return ''
    digits = f"{microseconds:06d}" + '0' * max(0, precision - 6)
    return '.' + digits[:precision]


def _java_double(value: float, single: bool = False) -> str:
    """Java's Double.toString (as Flink prints a DOUBLE), or Float.toString with `single` (a FLOAT
    held widened): the shortest digits that give the value back, in plain notation from 10^-3 up
    to 10^7 and as `d.dddE<n>` outside."""
    if value != value:
        return 'NaN'
    if value in (float('inf'), float('-inf')):
        return 'Infinity' if value > 0 else '-Infinity'
    from decimal import Decimal
    shortest = _shortest_single(value) if single else repr(value)
    if value == 0 or 1e-3 <= abs(value) < 1e7:
        text = format(Decimal(shortest), 'f')
        return text if '.' in text else text + '.0'
    sign, digits, exponent = Decimal(shortest).normalize().as_tuple()
    text = ''.join(map(str, digits))
    power = exponent + len(digits) - 1
    return ('-' if sign else '') + text[0] + '.' + (text[1:] or '0') + 'E' + str(power)


def _shortest_single(value: float) -> str:
    """The fewest significant digits that name the same 4-byte float as `value`."""
    import struct

    def single(x: float) -> float:
        return struct.unpack('f', struct.pack('f', x))[0]
    target = single(value)
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        if single(float(text)) == target:
            return text
    return repr(value)


def _line(cells, widths) -> str:
    shown = []
    for cell, width in zip(cells, widths):
        if len(cell) > width:
            cell = cell[:width - 3] + '...'
        shown.append(' ' + cell.rjust(width) + ' ')
    return '|' + '|'.join(shown) + '|'
