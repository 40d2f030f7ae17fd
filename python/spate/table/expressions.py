"""The Table API's expression functions, as in `pyflink.table.expressions`: `col`, `lit`, the
conditionals (`if_then_else`, `coalesce`), logic (`and_`, `or_`, `not_`), `concat`, `concat_ws`,
math constants and functions, and `call` of a built-in function by name."""
from spate.table.expression import Expression, _function

__all__ = ['col', 'lit', 'null_of', 'if_then_else', 'coalesce', 'and_', 'or_', 'not_', 'concat', 'concat_ws',
           'pi', 'e', 'log', 'atan2', 'negative', 'call']
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


def null_of(data_type) -> Expression:
    """A NULL of `data_type`: `null_of(DataTypes.STRING())`."""
    return lit(None, data_type)


def if_then_else(condition, if_true, if_false) -> Expression:
    """`if_true` where `condition` is TRUE, else `if_false` (also where it is NULL), in the two
    values' common type: `if_then_else(col('qty') > 5, 'many', 'few')`."""
    return _function('if_then_else', 'IF', condition, if_true, if_false)


def coalesce(*args) -> Expression:
    """The first argument that is not NULL (NULL if all are), in their common type; NOT NULL if
    one of them is: `coalesce(col('nick'), col('name'), 'anonymous')`."""
    return _function('coalesce', 'COALESCE', *args)


def and_(predicate0, predicate1, *predicates) -> Expression:
    """TRUE if all predicates are TRUE, in SQL's three-valued logic: `and_(col('a') > 0, col('b'))`."""
    result = _function('and', 'AND', predicate0, predicate1)
    for predicate in predicates:
        result = _function('and', 'AND', result, predicate)
    return result


def or_(predicate0, predicate1, *predicates) -> Expression:
    """TRUE if any predicate is TRUE, in SQL's three-valued logic."""
    result = _function('or', 'OR', predicate0, predicate1)
    for predicate in predicates:
        result = _function('or', 'OR', result, predicate)
    return result


def not_(expression) -> Expression:
    """SQL's NOT: NULL stays NULL (unlike `~`, which is IS NOT TRUE, as in PyFlink)."""
    return _function('not', 'NOT', expression)


def concat(first, *others) -> Expression:
    """The strings one after another; NULL if any is NULL: `concat(col('first'), ' ', col('last'))`."""
    return _function('concat', 'CONCAT', first, *others)


def concat_ws(separator, first, *others) -> Expression:
    """The strings joined by `separator`, NULL ones left out; NULL if the separator is NULL:
    `concat_ws('-', col('y'), col('m'), col('d'))`."""
    return _function('concat_ws', 'CONCAT_WS', separator, first, *others)


def pi() -> Expression:
    """The DOUBLE closest to pi."""
    return _function('pi', 'PI')


def e() -> Expression:
    """The DOUBLE closest to e."""
    return _function('e', 'E')


def log(v, base=None) -> Expression:
    """The natural logarithm of `v`, or its logarithm to `base`: `log(col('x'), 10)`."""
    return _function('log', 'LOG', v) if base is None else _function('log', 'LOG', base, v)


def atan2(y, x) -> Expression:
    """The angle of the point (x, y), in radians."""
    return _function('atan2', 'ATAN2', y, x)


def negative(v) -> Expression:
    """-v."""
    return _function('negate', '-', v)


# Built-in functions `call` finds by name, as Flink's `call` finds them (by Flink's own names, in any
# case): name -> (the plan's function, as messages show it). Observed with PyFlink 2.3
# (Tests/Conformance/pyflink_scalar_functions.json, `call-name-*`).
_BY_NAME = {name.lower(): (function, name.upper()) for name, function in [
    ('abs', 'abs'), ('acos', 'acos'), ('and', 'and'), ('asin', 'asin'), ('atan', 'atan'), ('atan2', 'atan2'),
    ('btrim', 'trim'), ('ceil', 'ceil'), ('charLength', 'char_length'), ('coalesce', 'coalesce'),
    ('concat', 'concat'), ('concat_ws', 'concat_ws'), ('cos', 'cos'), ('cosh', 'cosh'), ('cot', 'cot'),
    ('degrees', 'degrees'), ('e', 'e'), ('endsWith', 'ends_with'), ('exp', 'exp'), ('floor', 'floor'),
    ('fromBase64', 'from_base64'), ('ifNull', 'if_null'), ('ifThenElse', 'if_then_else'), ('in', 'in'),
    ('initCap', 'init_cap'), ('isTrue', 'is_true'), ('isFalse', 'is_false'), ('isNotTrue', 'is_not_true'),
    ('isNotFalse', 'is_not_false'), ('left', 'left'), ('like', 'like'), ('ln', 'ln'), ('locate', 'locate'),
    ('log', 'log'), ('log10', 'log10'), ('log2', 'log2'), ('lower', 'lower'), ('lowerCase', 'lower'),
    ('lpad', 'lpad'), ('ltrim', 'ltrim'), ('mod', 'mod'), ('not', 'not'), ('or', 'or'), ('pi', 'pi'),
    ('position', 'position'), ('power', 'power'), ('radians', 'radians'), ('regexp', 'regexp'),
    ('regexpExtract', 'regexp_extract'), ('regexpReplace', 'regexp_replace'), ('repeat', 'repeat'),
    ('replace', 'replace'), ('reverse', 'reverse'), ('right', 'right'), ('round', 'round'), ('rpad', 'rpad'),
    ('rtrim', 'rtrim'), ('sign', 'sign'), ('sin', 'sin'), ('sinh', 'sinh'), ('splitIndex', 'split_index'),
    ('sqrt', 'sqrt'), ('startsWith', 'starts_with'), ('substr', 'substring'), ('substring', 'substring'),
    ('tan', 'tan'), ('tanh', 'tanh'), ('toBase64', 'to_base64'), ('truncate', 'truncate'), ('upper', 'upper'),
    ('upperCase', 'upper')]}
# Names Flink finds whose arguments Spate does not take yet: name -> why.
_NOT_YET = {'trim': "Flink's TRIM takes (leading, trailing, characters, string); use Expression.trim"}


def call(f, *args) -> Expression:
    """A call of the built-in function named `f`, as in Flink: `call('UPPER', col('name'))`. Flink
    knows a built-in function by its own name (`CHAR_LENGTH` is `charLength` there, and `call`
    does not find it as `CHAR_LENGTH`), and so does Spate. A Python function (`udf`, `udtf`) is
    called with the arguments: `call(add, col('a'), col('b'))`; by name (registered functions) not
    yet."""
    from spate.table.udf import UserDefinedScalarFunctionWrapper, UserDefinedTableFunctionWrapper
    if isinstance(f, (UserDefinedScalarFunctionWrapper, UserDefinedTableFunctionWrapper)):
        return f(*args)  # call(add, col('a'), col('b')) is add(col('a'), col('b'))
    if not isinstance(f, str):
        raise TypeError(f"call: expected a function name or a Python function (udf, udtf), got {f!r}")
    if f.lower() in _NOT_YET:
        raise NotImplementedError(f"call('{f}'): {_NOT_YET[f.lower()]}")
    function = _BY_NAME.get(f.lower())
    if function is None:
        raise ValueError(f"Undefined function: {f}")
    plan_name, shown = function
    return _function(plan_name, shown, *args)
