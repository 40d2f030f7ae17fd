"""`Expression`: what `col`, `lit` and their operators build, as in `pyflink.table.expression`.
An expression becomes the plan's form (`Tests/Conformance/expressions.json` shows it) once the table
it reads is known; Spate types and evaluates it natively."""
from typing import Callable, List, Optional


def _property(function: str, shown: str, doc: str) -> property:
    """A property giving the built-in `function` (the plan's name) of the expression, as PyFlink's
    `col('a').upper_case`."""
    def get(self) -> 'Expression':
        return _function(function, shown, self)
    get.__doc__ = doc
    return property(get)


class Expression(object):
    """A column expression of the Table API.

    Example::

        table.select(col('price') * col('qty'), col('name')).where(col('qty') > 0)
    """

    def __init__(self, to_plan: Callable[[List[str]], dict], text: str, name: Optional[str] = None,
                 field: Optional[str] = None, aggregate: Optional[tuple] = None, contains_aggregate: bool = False):
        self._to_plan = to_plan  # the input's field names -> the plan's expression
        self._text = text        # as the user wrote it, for error messages
        self._name = name        # the column's name in a select (None: Flink's default)
        self._field = field      # the column it reads, if it is just a column (col('a'), aliased or not)
        self._aggregate = aggregate  # (function, arguments) if it is an aggregate call
        self._contains_aggregate = contains_aggregate or aggregate is not None
        self._scalar_call = None  # (udf wrapper, arguments) if it is a call of a Python scalar function
        self._descending = None  # True or False once given an order (.desc, .asc)

    def _plan(self, fields: List[str]) -> dict:
        return self._to_plan(fields)

    def __str__(self):
        return self._text

    def __repr__(self):
        return self._text

    def alias(self, name: str, *extra_names: str) -> 'Expression':
        """The same expression under another name."""
        if extra_names:
            raise NotImplementedError("alias with several names is for expressions giving several columns")
        return Expression(self._to_plan, self._text, name, self._field, self._aggregate, self._contains_aggregate)

    def _call(self, function: str, symbol: str, *others) -> 'Expression':
        arguments = [self] + [_expression(other) for other in others]
        if len(arguments) == 1:
            text = f"{symbol}{self._text}" if symbol in ('-', '!') else f"{self._text} {symbol}"
        else:
            text = f" {symbol} ".join(argument._text for argument in arguments)
        return Expression(lambda fields: {'call': function, 'args': [a._plan(fields) for a in arguments], 'text': text},
                          text, contains_aggregate=any(a._contains_aggregate for a in arguments))

    # Arithmetic, comparisons and logic, as PyFlink's operators on expressions.
    def __add__(self, other): return self._call('plus', '+', other)
    def __radd__(self, other): return _expression(other)._call('plus', '+', self)
    def __sub__(self, other): return self._call('minus', '-', other)
    def __rsub__(self, other): return _expression(other)._call('minus', '-', self)
    def __mul__(self, other): return self._call('times', '*', other)
    def __rmul__(self, other): return _expression(other)._call('times', '*', self)
    def __truediv__(self, other): return self._call('divide', '/', other)
    def __rtruediv__(self, other): return _expression(other)._call('divide', '/', self)
    def __mod__(self, other): return self._call('mod', '%', other)
    def __rmod__(self, other): return _expression(other)._call('mod', '%', self)
    def __neg__(self): return self._call('negate', '-')
    def __eq__(self, other): return self._call('equals', '===', other)  # noqa: E704
    def __ne__(self, other): return self._call('not_equals', '!==', other)
    def __lt__(self, other): return self._call('less_than', '<', other)
    def __le__(self, other): return self._call('less_than_or_equal', '<=', other)
    def __gt__(self, other): return self._call('greater_than', '>', other)
    def __ge__(self, other): return self._call('greater_than_or_equal', '>=', other)
    def __and__(self, other): return self._call('and', '&&', other)
    def __rand__(self, other): return _expression(other)._call('and', '&&', self)
    def __or__(self, other): return self._call('or', '||', other)
    def __ror__(self, other): return _expression(other)._call('or', '||', self)
    def __pow__(self, other): return _function('power', 'POWER', self, other)
    def __rpow__(self, other): return _function('power', 'POWER', other, self)
    # As PyFlink: `~e` is `e IS NOT TRUE` (TRUE for NULL), not SQL's NOT.
    def __invert__(self): return self._call('is_not_true', 'IS NOT TRUE')

    __hash__ = None  # == builds an expression, so expressions cannot be dict keys

    def between(self, lower_bound, upper_bound) -> 'Expression':
        """TRUE if `lower_bound <= self <= upper_bound` (SQL's BETWEEN: NULL if any is NULL and
        the others do not decide it)."""
        text = f"{self._text} BETWEEN {_expression(lower_bound)._text} AND {_expression(upper_bound)._text}"
        return self._shown_as(((self >= lower_bound) & (self <= upper_bound)), text)

    def not_between(self, lower_bound, upper_bound) -> 'Expression':
        """TRUE if `self < lower_bound` or `self > upper_bound` (SQL's NOT BETWEEN)."""
        text = f"{self._text} NOT BETWEEN {_expression(lower_bound)._text} AND {_expression(upper_bound)._text}"
        return self._shown_as(((self < lower_bound) | (self > upper_bound)), text)

    @staticmethod
    def _shown_as(expression: 'Expression', text: str) -> 'Expression':
        """`expression` shown in messages as `text` (what the user called, not what it expands to)."""
        def to_plan(fields):
            plan = expression._plan(fields)
            plan['text'] = text
            return plan
        return Expression(to_plan, text, contains_aggregate=expression._contains_aggregate)

    def cast(self, data_type) -> 'Expression':
        """This value as `data_type` (`col('price').cast(DataTypes.INT())`); a value that does not fit
        is an error. A cast column keeps a name, `price-INT`, as in Flink."""
        return self._cast(data_type, or_null=False)

    def try_cast(self, data_type) -> 'Expression':
        """As `cast`, but a value that does not fit becomes NULL (Flink 2.3 wraps some instead)."""
        return self._cast(data_type, or_null=True)

    def _cast(self, data_type, or_null: bool) -> 'Expression':
        from spate.table.table_schema import sql_type_name
        from spate.table.types import DataType
        if not isinstance(data_type, DataType):
            raise TypeError(f"{'try_cast' if or_null else 'cast'}: expected a DataType such as DataTypes.INT(), "
                            f"got {data_type!r}")
        type_text = data_type._spate_type()
        text = f"{'TRY_CAST' if or_null else 'CAST'}({self._text} AS {sql_type_name(data_type)})"
        name = f"{self._field}-{sql_type_name(data_type)}" if self._field is not None and not or_null else None
        return Expression(lambda fields: {'cast': self._plan(fields), 'type': type_text, 'or_null': or_null,
                                          'text': text}, text, name, contains_aggregate=self._contains_aggregate)

    # Aggregates: what a grouped table selects (`t.group_by(col('k')).select(col('k'), col('v').sum)`).
    @property
    def sum(self) -> 'Expression':
        """The sum of the group's values (NULL over none), in the values' type."""
        return self._aggregate_call('sum')

    @property
    def sum0(self) -> 'Expression':
        """The sum of the group's values, 0 over none."""
        return self._aggregate_call('sum0')

    @property
    def min(self) -> 'Expression':
        return self._aggregate_call('min')

    @property
    def max(self) -> 'Expression':
        return self._aggregate_call('max')

    @property
    def count(self) -> 'Expression':
        """How many of the group's values are not NULL (`lit(1).count` counts the rows)."""
        return self._aggregate_call('count')

    @property
    def avg(self) -> 'Expression':
        """The mean of the group's values, in their type (integers divide truncating, as in Flink)."""
        return self._aggregate_call('avg')

    @property
    def first_value(self) -> 'Expression':
        """The first value of the group that is not NULL."""
        return self._aggregate_call('first_value')

    @property
    def last_value(self) -> 'Expression':
        """The last value of the group that is not NULL."""
        return self._aggregate_call('last_value')

    def list_agg(self, separator=None) -> 'Expression':
        """The group's strings joined by `separator` (default ',')."""
        return self._aggregate_call('list_agg', *([] if separator is None else [separator]))

    @property
    def stddev_pop(self) -> 'Expression':
        return self._aggregate_call('stddev_pop')

    @property
    def stddev_samp(self) -> 'Expression':
        return self._aggregate_call('stddev_samp')

    @property
    def var_pop(self) -> 'Expression':
        return self._aggregate_call('var_pop')

    @property
    def var_samp(self) -> 'Expression':
        return self._aggregate_call('var_samp')

    @property
    def distinct(self) -> 'Expression':
        """The aggregate over the group's distinct values: `col('b').count.distinct`."""
        if self._aggregate is None:
            raise ValueError(f"distinct applies to an aggregate, such as col('b').count.distinct; got {self._text}")
        function, arguments, _ = self._aggregate
        return self._make_aggregate(function, arguments, distinct=True)

    def _aggregate_call(self, function: str, *others) -> 'Expression':
        return self._make_aggregate(function, [self] + [_expression(other) for other in others], distinct=False)

    @staticmethod
    def _make_aggregate(function: str, arguments: List['Expression'], distinct: bool) -> 'Expression':
        shown = {'first_value': 'firstValue', 'last_value': 'lastValue', 'list_agg': 'listAgg',
                 'stddev_pop': 'stddevPop', 'stddev_samp': 'stddevSamp', 'var_pop': 'varPop',
                 'var_samp': 'varSamp'}.get(function, function)
        text = f"{shown}({'DISTINCT ' if distinct else ''}{', '.join(a._text for a in arguments)})"
        return Expression(lambda fields: {'aggregate': function, 'args': [a._plan(fields) for a in arguments],
                                          'distinct': distinct, 'text': text},
                          text, aggregate=(function, arguments, distinct))

    @property
    def asc(self) -> 'Expression':
        """This expression in ascending order, for `order_by` (NULLs first, as Flink): `col('a').asc`."""
        return self._sorted(descending=False)

    @property
    def desc(self) -> 'Expression':
        """This expression in descending order, for `order_by` (NULLs last, as Flink): `col('a').desc`."""
        return self._sorted(descending=True)

    def _sorted(self, descending: bool) -> 'Expression':
        # Outside order_by the order is ignored, as in Flink; the column keeps no name (`_c<n>`).
        ordered = Expression(self._to_plan, f"{'desc' if descending else 'asc'}({self._text})",
                             contains_aggregate=self._contains_aggregate)
        ordered._descending = descending
        return ordered

    @property
    def is_null(self) -> 'Expression':
        return self._call('is_null', 'IS NULL')

    @property
    def is_not_null(self) -> 'Expression':
        return self._call('is_not_null', 'IS NOT NULL')


    # Conditionals and truth tests.
    def then(self, if_true, if_false) -> 'Expression':
        """`if_true` where this condition is TRUE, else `if_false` (also for NULL): `(col('a') > 0).then('+', '-')`."""
        return _function('if_then_else', 'IF', self, if_true, if_false)

    def if_null(self, null_replacement) -> 'Expression':
        """This value, or `null_replacement` where it is NULL; NOT NULL when the replacement is."""
        return _function('if_null', 'IFNULL', self, null_replacement)

    def in_(self, first_element_or_table, *remaining_elements) -> 'Expression':
        """TRUE if this value equals one of the literal values (SQL's IN: NULL when none matches
        and this value or one of them is NULL): `col('a').in_(1, 2, 3)`."""
        from spate.table.table import Table
        if isinstance(first_element_or_table, Table):
            raise NotImplementedError("in_ of a table (a sub-query) is not supported yet; give literal values")
        return _function('in', 'IN', self, first_element_or_table, *remaining_elements)

    is_true = _property('is_true', 'IS TRUE', "TRUE if this boolean is TRUE; FALSE for FALSE and NULL.")
    is_false = _property('is_false', 'IS FALSE', "TRUE if this boolean is FALSE; FALSE for TRUE and NULL.")
    is_not_true = _property('is_not_true', 'IS NOT TRUE', "TRUE if this boolean is FALSE or NULL.")
    is_not_false = _property('is_not_false', 'IS NOT FALSE', "TRUE if this boolean is TRUE or NULL.")

    # Strings. Positions and lengths count characters, from 1.
    upper_case = _property('upper', 'UPPER', "The string in upper case (Unicode's mapping: 'straße' is 'STRASSE').")
    lower_case = _property('lower', 'LOWER', "The string in lower case.")
    char_length = _property('char_length', 'CHAR_LENGTH', "The number of characters (code points) of the string.")
    init_cap = _property('init_cap', 'INITCAP', "Each word's first letter in upper case, its others in lower "
                         "case; words are runs of ASCII letters and digits: 'hello wORLD' is 'Hello World'.")
    reverse = _property('reverse', 'REVERSE', "The string's characters in reverse order.")

    def trim(self, character=None) -> 'Expression':
        """The string without leading and trailing spaces (U+0020), or without any of the characters
        of `character`: `col('a').trim('xy')`."""
        return _function('trim', 'TRIM', self, *_given(character))

    def trim_leading(self, character=None) -> 'Expression':
        """As `trim`, at the start only."""
        return _function('ltrim', 'TRIM LEADING', self, *_given(character))

    def trim_trailing(self, character=None) -> 'Expression':
        """As `trim`, at the end only."""
        return _function('rtrim', 'TRIM TRAILING', self, *_given(character))

    def ltrim(self, trim_str=None) -> 'Expression':
        """The string without leading spaces, or leading characters of `trim_str`."""
        return _function('ltrim', 'LTRIM', self, *_given(trim_str))

    def rtrim(self, trim_str=None) -> 'Expression':
        """The string without trailing spaces, or trailing characters of `trim_str`."""
        return _function('rtrim', 'RTRIM', self, *_given(trim_str))

    def btrim(self, trim_str=None) -> 'Expression':
        """The string without leading and trailing spaces, or characters of `trim_str`."""
        return _function('trim', 'BTRIM', self, *_given(trim_str))

    def substring(self, begin_index, length=None) -> 'Expression':
        """`length` characters (all to the end without it) from `begin_index` (from 1; 0 acts as 1,
        a negative one counts from the end): `lit('Hello').substring(2, 3)` is 'ell'. A negative
        length is an error (Flink gives NULL)."""
        return _function('substring', 'SUBSTRING', self, begin_index, *_given(length))

    def substr(self, begin_index, length=None) -> 'Expression':
        """The same as `substring`."""
        return _function('substring', 'SUBSTR', self, begin_index, *_given(length))

    def concat(self, other) -> 'Expression':
        """This string followed by `other`; NULL if either is NULL."""
        return _function('concat', 'CONCAT', self, other)

    def replace(self, search=None, replacement=None) -> 'Expression':
        """The string with every `search` (left to right, not overlapping) replaced by `replacement`."""
        return _function('replace', 'REPLACE', self, search, replacement)

    def like(self, pattern=None, escape=None) -> 'Expression':
        """TRUE if the whole string matches the SQL pattern: `%` any characters, `_` one (not a line
        break); `escape` (one character) makes the next `%`, `_` or itself literal."""
        return _function('like', 'LIKE', self, pattern, *_given(escape))

    def position(self, haystack=None) -> 'Expression':
        """Where this string first occurs in `haystack` (from 1; 0 if it does not):
        `lit('a').position('bbbbba')` is 6."""
        return _function('position', 'POSITION', self, haystack)

    def locate(self, s, pos=None) -> 'Expression':
        """Where this string first occurs in `s`, searching from character `pos` (from 1); 0 if it
        does not (Flink's LOCATE(this, s, pos))."""
        return _function('locate', 'LOCATE', self, s, *_given(pos))

    def lpad(self, length, pad) -> 'Expression':
        """The string cut or left-padded with `pad` (repeated) to `length` characters:
        `lit('hi').lpad(4, '??')` is '??hi'. NULL for a negative length or an empty pad, as Flink."""
        return _function('lpad', 'LPAD', self, length, pad)

    def rpad(self, length, pad) -> 'Expression':
        """As `lpad`, padding on the right."""
        return _function('rpad', 'RPAD', self, length, pad)

    def repeat(self, n) -> 'Expression':
        """The string `n` times ('' for n <= 0)."""
        return _function('repeat', 'REPEAT', self, n)

    def left(self, length) -> 'Expression':
        """The first `length` characters ('' for length <= 0)."""
        return _function('left', 'LEFT', self, length)

    def right(self, length) -> 'Expression':
        """The last `length` characters ('' for length <= 0)."""
        return _function('right', 'RIGHT', self, length)

    def starts_with(self, start_expr) -> 'Expression':
        """TRUE if the string starts with `start_expr` (always for '')."""
        return _function('starts_with', 'STARTSWITH', self, start_expr)

    def ends_with(self, end_expr) -> 'Expression':
        """TRUE if the string ends with `end_expr` (always for '')."""
        return _function('ends_with', 'ENDSWITH', self, end_expr)

    def regexp(self, regex) -> 'Expression':
        """TRUE if some part of the string matches the regular expression (a BOOLEAN)."""
        return _function('regexp', 'REGEXP', self, regex)

    def regexp_replace(self, regex, replacement) -> 'Expression':
        """The string with each match of `regex` replaced by `replacement`, taken literally (as
        Flink: `$1` is not a group). A pattern that does not compile is an error, not NULL."""
        return _function('regexp_replace', 'REGEXP_REPLACE', self, regex, replacement)

    def regexp_extract(self, regex, extract_index=None) -> 'Expression':
        """Group `extract_index` (0, the whole match, by default) of the first match of `regex`;
        NULL if nothing matches: `lit('foo123').regexp_extract('([a-z]+)(\\d+)', 2)` is '123'."""
        return _function('regexp_extract', 'REGEXP_EXTRACT', self, regex, *_given(extract_index))

    def split_index(self, separator, index) -> 'Expression':
        """Part `index` (from 0) of the string split at each `separator`; NULL if there is none."""
        return _function('split_index', 'SPLIT_INDEX', self, separator, index)

    to_base64 = _property('to_base64', 'TO_BASE64', "The string's UTF-8 bytes in base64.")
    from_base64 = _property('from_base64', 'FROM_BASE64',
                              "The string that base64 text encodes (as UTF-8); text that is not base64 is an error.")

    # Math. The results of the logarithms, roots, powers and trigonometric functions are DOUBLE.
    abs = _property('abs', 'ABS',
                      "The absolute value, in the value's type (the smallest integer of its type is an error).")

    sign = _property('sign', 'SIGN', "-1, 0 or 1 (in the value's type) as the value is negative, zero or positive.")
    sqrt = _property('sqrt', 'SQRT', "The square root (NaN for a negative value).")
    exp = _property('exp', 'EXP', "e raised to this power.")
    ln = _property('ln', 'LN', "The natural logarithm (-Infinity for 0, NaN for a negative value).")
    log10 = _property('log10', 'LOG10', "The base-10 logarithm.")
    log2 = _property('log2', 'LOG2', "The base-2 logarithm.")

    def log(self, base=None) -> 'Expression':
        """The natural logarithm, or the logarithm to `base`: `col('x').log(2)`."""
        if base is None:
            return _function('log', 'LOG', self)
        return _function('log', 'LOG', base, self)

    def floor(self, time_interval_unit=None) -> 'Expression':
        """The largest integer not above the value, in the value's type."""
        _no_time_unit('floor', time_interval_unit)
        return _function('floor', 'FLOOR', self)

    def ceil(self, time_interval_unit=None) -> 'Expression':
        """The smallest integer not below the value, in the value's type."""
        _no_time_unit('ceil', time_interval_unit)
        return _function('ceil', 'CEIL', self)

    def round(self, places) -> 'Expression':
        """The value rounded half up to `places` decimal places (negative: to tens, hundreds...), in
        its type, on its shortest decimal form as Flink: `lit(1.005).round(2)` is 1.01."""
        return _function('round', 'ROUND', self, places)

    def truncate(self, n=0) -> 'Expression':
        """The value cut (toward zero) to `n` decimal places: `lit(42.345).truncate(2)` is 42.34."""
        return _function('truncate', 'TRUNCATE', self, n)

    sin = _property('sin', 'SIN', "The sine (of radians).")
    cos = _property('cos', 'COS', "The cosine (of radians).")
    tan = _property('tan', 'TAN', "The tangent (of radians).")
    cot = _property('cot', 'COT', "The cotangent (Infinity at 0).")
    asin = _property('asin', 'ASIN', "The arc sine, in radians.")
    acos = _property('acos', 'ACOS', "The arc cosine, in radians.")
    atan = _property('atan', 'ATAN', "The arc tangent, in radians.")
    sinh = _property('sinh', 'SINH', "The hyperbolic sine.")
    cosh = _property('cosh', 'COSH', "The hyperbolic cosine.")
    tanh = _property('tanh', 'TANH', "The hyperbolic tangent.")
    degrees = _property('degrees', 'DEGREES', "Radians converted to degrees.")
    radians = _property('radians', 'RADIANS', "Degrees converted to radians.")

def _expression(value) -> Expression:
    """`value` as an expression: itself, or a literal."""
    if isinstance(value, Expression):
        return value
    from spate.table.expressions import lit
    return lit(value)


def _function(function: str, shown: str, *arguments) -> Expression:
    """A call of the built-in `function` (the plan's name) on `arguments` (literals made of plain
    values), shown in messages as `shown(argument, ...)`."""
    arguments = [_expression(argument) for argument in arguments]
    text = f"{shown}({', '.join(a._text for a in arguments)})"
    return Expression(lambda fields: {'call': function, 'args': [a._plan(fields) for a in arguments], 'text': text},
                      text, contains_aggregate=any(a._contains_aggregate for a in arguments))


def _given(optional) -> list:
    """An optional argument as a list of zero or one arguments."""
    return [] if optional is None else [optional]


def _no_time_unit(name: str, time_interval_unit) -> None:
    if time_interval_unit is not None:
        raise NotImplementedError(f"{name} to a time unit ({time_interval_unit}) is not supported yet: "
                                  f"Spate's expressions have no temporal types yet")
