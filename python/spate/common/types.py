"""`Row` and `RowKind`, as in `pyflink.common.types`."""

from enum import Enum
from typing import Any, List, Optional

__all__ = ['Row', 'RowKind']


class RowKind(Enum):
    """The kind of change a row describes in a changelog."""

    INSERT = 0
    UPDATE_BEFORE = 1
    UPDATE_AFTER = 2
    DELETE = 3

    def short_string(self) -> str:
        """The short form printed before a row: "+I", "-U", "+U" or "-D"."""
        return _SHORT_STRINGS[self.value]

    def __str__(self) -> str:
        return _SHORT_STRINGS[self.value]


_SHORT_STRINGS = ('+I', '-U', '+U', '-D')

# The only attributes a Row may hold; anything else is a field access.
_ROW_SLOTS = frozenset(('_fields', '_from_dict', '_row_kind', '_values'))


def _create_row(fields: Optional[List[str]], values: Any,
                row_kind: Optional[RowKind] = None) -> 'Row':
    """Builds a row from field names and values (used by pickling and by Row factories)."""
    row = Row(*values)
    if fields is not None:
        row._fields = fields
    if row_kind is not None:
        row.set_row_kind(row_kind)
    return row



def _row_from_values(names: Any, values: Any) -> 'Row':
    """A named INSERT row from field names and values, built without checks (for the C
    extension, once per record)."""
    row = Row.__new__(Row)
    fields = row.__dict__
    fields['_values'] = list(values)
    fields['_fields'] = list(names)
    fields['_from_dict'] = False
    fields['_row_kind'] = RowKind.INSERT
    return row

class Row(object):
    """
    A fixed-length row of fields, positional (``Row(1, 'x')``) or named
    (``Row(name='Alice', age=11)``, fields kept in the order given).

    Fields are read as attributes (``row.name``), by name (``row['name']``) or by position
    (``row[0]``). ``Row('name', 'age')`` makes a factory: calling it with values gives named rows.
    """

    def __init__(self, *args, **kwargs):
        if args and kwargs:
            raise ValueError("Can not use both args and kwargs to create Row")
        if kwargs:
            # PyFlink 2.3 keeps the keyword order (older versions sorted the names).
            self._fields = list(kwargs.keys())
            self._values = [kwargs[name] for name in self._fields]
            self._from_dict = True
        else:
            self._values = list(args)
            self._from_dict = False
        self._row_kind = RowKind.INSERT

    def as_dict(self, recursive=False):
        """Returns the row as a dict of field name to value; nested rows too if `recursive`."""
        if not hasattr(self, '_fields'):
            raise TypeError("Cannot convert a Row class into dict")
        if not recursive:
            return dict(zip(self._fields, self._values))
        return dict(zip(self._fields, (_as_plain(value) for value in self._values)))

    def get_row_kind(self) -> RowKind:
        """The kind of change this row describes (INSERT by default)."""
        return self._row_kind

    def set_row_kind(self, row_kind: RowKind):
        """Sets the kind of change this row describes."""
        self._row_kind = row_kind

    def set_field_names(self, field_names: List):
        """Names the fields of this row."""
        self._fields = field_names

    def get_fields_by_names(self, names: List[str]):
        """The values of the given fields, in the order of `names`."""
        if not hasattr(self, '_fields') or names == self._fields:
            return self._values
        missing = list(set(names).difference(set(self._fields)))
        if missing:
            raise Exception("Field names {0} not exist in {1}.".format(missing, self._fields))
        return [self._values[self._fields.index(name)] for name in names]

    def _is_retract_msg(self) -> bool:
        return self._row_kind in (RowKind.UPDATE_BEFORE, RowKind.DELETE)

    def _is_accumulate_msg(self) -> bool:
        return self._row_kind in (RowKind.UPDATE_AFTER, RowKind.INSERT)

    @staticmethod
    def of_kind(row_kind: RowKind, *args, **kwargs):
        """A row of the given kind, made from positional or named values."""
        row = Row(*args, **kwargs)
        row.set_row_kind(row_kind)
        return row

    def __contains__(self, item: Any) -> bool:
        fields = self.__dict__.get('_fields')
        if fields is not None:
            return item in fields
        return item in self._values

    def __call__(self, *args):
        """Uses this row's values as field names: returns a named row of `args`."""
        if len(args) > len(self):
            raise ValueError("Can not create Row with fields %s, expected %d values "
                             "but got %s" % (self, len(self), args))
        return _create_row(self._values, args, self._row_kind)

    def __getitem__(self, item):
        if isinstance(item, (int, slice)):
            return self._values[item]
        try:
            return self._values[self._fields.index(item)]
        except IndexError:
            raise KeyError(item)
        except ValueError:
            raise ValueError(item)

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, (int, slice)):
            self._values[key] = value
            return
        try:
            self._values[self._fields.index(key)] = value
        except (IndexError, AttributeError):
            raise KeyError(key)
        except ValueError:
            raise ValueError(value)

    def __getattr__(self, item: str) -> Any:
        # Only called when normal lookup fails, i.e. for field names (and a missing `_fields`).
        if item.startswith('_'):
            raise AttributeError(item)
        try:
            return self._values[self._fields.index(item)]
        except (IndexError, ValueError):
            raise AttributeError(item)

    def __setattr__(self, key: str, value: Any) -> None:
        if key not in _ROW_SLOTS:
            raise AttributeError(key)
        self.__dict__[key] = value

    def __reduce__(self):
        return _create_row, (self.__dict__.get('_fields'), tuple(self._values), self._row_kind)

    def __repr__(self) -> str:
        fields = self.__dict__.get('_fields')
        if fields is not None:
            return "Row(%s)" % ", ".join(
                "%s=%r" % (name, value) for name, value in zip(fields, self._values))
        return "<Row(%s)>" % ", ".join(repr(value) for value in self._values)

    def __eq__(self, other):
        if not isinstance(other, Row) or self.__class__ != other.__class__:
            return False
        if self._row_kind != other._row_kind:
            return False
        mine, theirs = self.__dict__.get('_fields'), other.__dict__.get('_fields')
        if (mine is None) != (theirs is None):
            return False
        if mine is None:
            return self._values == other._values
        # Named rows are equal when they hold the same values under the same names, in any order.
        if sorted(mine) != sorted(theirs):
            return False
        return self._by_sorted_name() == other._by_sorted_name()

    def __hash__(self) -> int:
        # Named rows that are equal in another field order must hash alike (PyFlink's do not).
        if self.__dict__.get('_fields') is not None:
            return hash(tuple(self._by_sorted_name()))
        return hash(tuple(self._values))

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def _by_sorted_name(self) -> List[Any]:
        pairs = sorted(zip(self._fields, self._values), key=lambda pair: pair[0])
        return [value for _, value in pairs]


def _as_plain(value: Any) -> Any:
    """Turns nested rows (also inside lists and dicts) into dicts, for `Row.as_dict(True)`."""
    if isinstance(value, Row):
        return value.as_dict(True)
    if isinstance(value, list):
        return [_as_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_plain(item) for key, item in value.items()}
    return value

