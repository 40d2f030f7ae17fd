"""`Expression`: what `col`, `lit` and their operators build, as in `pyflink.table.expression`.
An expression becomes the plan's form (`Tests/Conformance/expressions.json` shows it) once the table
it reads is known; Spate types and evaluates it natively."""
from typing import Callable, List, Optional


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
    def __invert__(self): return self._call('not', '!')

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


def _expression(value) -> Expression:
    """`value` as an expression: itself, or a literal."""
    if isinstance(value, Expression):
        return value
    from spate.table.expressions import lit
    return lit(value)
