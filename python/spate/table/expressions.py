"""The Table API's expression functions, as in `pyflink.table.expressions`: `col`, `lit`."""
from spate.table.expression import Expression

__all__ = ['col', 'lit']


def col(name: str) -> Expression:
    """The column `name` of the table an expression is used on.

    Example::

        table.select(col('word'), col('count') + 1)
    """
    if not isinstance(name, str):
        raise TypeError(f"col: expected a column name, got {name!r}")

    def to_plan(fields):
        named_keys = getattr(fields, 'named_keys', {})
        if name not in fields and name in named_keys:
            return named_keys[name]  # a grouping expression's alias, in what a grouped table selects
        if name not in fields:
            import difflib
            close = difflib.get_close_matches(name, fields, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ValueError(f"Cannot resolve field [{name}], input field list:[{', '.join(fields)}]{hint}")
        return {'field': fields.index(name)}
    return Expression(to_plan, name, name, name)


def lit(value, data_type=None) -> Expression:
    """A literal value: int (BIGINT if it needs it, else INT, as Flink types literals), float
    (DOUBLE), bool (BOOLEAN), str (STRING) or None (NULL of `data_type`)."""
    if data_type is not None:
        type_text = data_type._spate_type()
    elif isinstance(value, bool):
        type_text = 'bool'
    elif isinstance(value, int):
        type_text = 'i32' if -2 ** 31 <= value < 2 ** 31 else 'i64'
    elif isinstance(value, float):
        type_text = 'f64'
    elif isinstance(value, str):
        type_text = 'str'
    else:
        raise TypeError(f"lit: literals of {type(value).__name__} are not supported yet (give a data_type)")
    return Expression(lambda fields: {'literal': value, 'type': type_text}, repr(value))
