"""The table environment's catalog: Flink's in-memory `default_catalog`.`default_database`, with
temporary tables and views (which shadow permanent ones of the same path) and permanent tables.
Lookups, listings, drops and their errors as Flink's `CatalogManager` gives them."""
from typing import Dict, List, Tuple

from spate.util.exceptions import ValidationException

DEFAULT_CATALOG = 'default_catalog'
DEFAULT_DATABASE = 'default_database'


class Catalog(object):
    """Tables (a `TableDescriptor`) and views (a `Table`) by their full path."""

    def __init__(self):
        self._temporary: Dict[Tuple[str, str, str], object] = {}
        self._permanent: Dict[Tuple[str, str, str], object] = {}

    # ---- creating ----

    def create_temporary(self, path: str, entry, ignore_if_exists: bool = False) -> None:
        identifier = resolve(path)
        if identifier in self._temporary:
            if ignore_if_exists:
                return
            raise ValidationException(f"Temporary table '{quoted(identifier)}' already exists")
        self._temporary[identifier] = entry

    def create_permanent(self, path: str, entry, ignore_if_exists: bool = False) -> None:
        identifier = resolve(path)
        if identifier in self._permanent:
            if ignore_if_exists:
                return
            catalog, database, name = identifier
            raise ValidationException(f"Could not execute CreateTable in path {quoted(identifier)}: "
                                      f"Table (or view) {database}.{name} already exists in Catalog {catalog}.")
        self._permanent[identifier] = entry

    # ---- reading ----

    def find(self, path: str):
        """The table or view at `path` (a temporary one first), or None."""
        identifier = resolve(path)
        return self._temporary.get(identifier, self._permanent.get(identifier))

    def lookup(self, path: str):
        """As `find`, an error naming the path when there is nothing there (`from_path`)."""
        entry = self.find(path)
        if entry is None:
            raise ValidationException(f"Table {'.'.join(f'`{part}`' for part in split(path))} was not found.")
        return entry

    def lookup_sink(self, path: str):
        entry = self.find(path)
        if entry is None:
            raise ValidationException(f"Cannot find table '{quoted(resolve(path))}' in any of the catalogs "
                                      f"[{DEFAULT_CATALOG}], nor as a temporary table.")
        return entry

    def names(self, temporary: bool, permanent: bool, views_only: bool) -> List[str]:
        """The names in the default database, sorted (Flink's listings)."""
        found = set()
        for chosen, entries in ((temporary, self._temporary), (permanent, self._permanent)):
            if chosen:
                found.update(name for (catalog, database, name), entry in entries.items()
                             if (catalog, database) == (DEFAULT_CATALOG, DEFAULT_DATABASE)
                             and (is_view(entry) or not views_only))
        return sorted(found)

    # ---- dropping ----

    def drop_temporary(self, path: str, view: bool) -> bool:
        """Drops a temporary table (or view): False when there is none of that kind."""
        identifier = resolve(path)
        entry = self._temporary.get(identifier)
        if entry is None or is_view(entry) != view:
            return False
        del self._temporary[identifier]
        return True

    def drop_permanent(self, path: str, view: bool, ignore_if_not_exists: bool) -> bool:
        identifier = resolve(path)
        kind = 'view' if view else 'table'
        if identifier in self._temporary and is_view(self._temporary[identifier]) == view:
            raise ValidationException(f"Temporary {kind} with identifier '{quoted(identifier)}' exists. "
                                      f"Drop it first before removing the permanent {kind}.")
        entry = self._permanent.get(identifier)
        if entry is None or is_view(entry) != view:
            if ignore_if_not_exists:
                return False
            raise ValidationException(f"{kind.capitalize()} with identifier '{summary(identifier)}' does not exist.")
        del self._permanent[identifier]
        return True


def is_view(entry) -> bool:
    from spate.table.table import Table
    return isinstance(entry, Table)


def split(path: str) -> List[str]:
    """A path's parts: `a`, `db.a`, `cat.db.a`, each part possibly `quoted` (a dot or a doubled
    backquote inside)."""
    if not isinstance(path, str) or not path.strip():
        raise ValidationException(f"expected a table path such as 'my_table' or 'db.my_table', got {path!r}")
    parts, current, position = [], '', 0
    while position < len(path):
        char = path[position]
        if char == '`':
            end = position + 1
            while True:
                end = path.find('`', end)
                if end < 0:
                    raise ValidationException(f"Invalid path '{path}': a backquote is not closed")
                if path[end + 1:end + 2] == '`':
                    end += 2
                    continue
                break
            current += path[position + 1:end].replace('``', '`')
            position = end + 1
        elif char == '.':
            parts.append(current)
            current = ''
            position += 1
        else:
            current += char
            position += 1
    parts.append(current)
    if len(parts) > 3 or any(part.strip() == '' for part in parts):
        raise ValidationException(f"Invalid path '{path}': expected [[catalog.]database.]table")
    return parts


def resolve(path: str) -> Tuple[str, str, str]:
    parts = split(path)
    return tuple([DEFAULT_CATALOG, DEFAULT_DATABASE][:3 - len(parts)] + parts)


def quoted(identifier) -> str:
    return '.'.join(f"`{part}`" for part in identifier)


def summary(identifier) -> str:
    """`default_catalog.default_database.t`, as Flink names a table in results and errors (an
    anonymous table of `from_descriptor` by its own name, `*anonymous_datagen$1*`)."""
    return identifier[-1] if identifier[-1].startswith('*anonymous_') else '.'.join(identifier)
