"""Writes expressions.json: the data-driven expression cases both sides run (Swift's
ExpressionTests and python/tests/test_expressions.py). The built-in scalar functions' cases (ids
`fn-...`) expect what PyFlink 2.3 gave (recorded by observe_scalar_functions.py), except where a
case says what Spate does instead and why. The other expected results are worked out here in
plain Python from Flink SQL's rules (as observed with PyFlink 2.3), independently of Spate: integer
arithmetic in the wider argument's type, division truncating toward zero and remainders taking the
dividend's sign (Java's), SQL's three-valued logic, NULL in gives NULL out. Where Flink silently
wraps (an INT past 2^31, CAST(300 AS TINYINT)) Spate raises, so those cases expect an error.

    python3 Tests/Conformance/make_expression_cases.py   # rewrites expressions.json beside it
"""
import itertools
import json
import math
import struct
from pathlib import Path

INTS = {'i8': 8, 'i16': 16, 'i32': 32, 'i64': 64}
ORDER = ['i8', 'i16', 'i32', 'i64', 'f32', 'f64']
SYMBOL = {'plus': '+', 'minus': '-', 'times': '*', 'divide': '/', 'mod': '%'}


def bounds(t):
    bits = INTS[t]
    return -(1 << (bits - 1)), (1 << (bits - 1)) - 1


def f32(x):
    return struct.unpack('f', struct.pack('f', x))[0]


def samples(t):
    if t in INTS:
        low, high = bounds(t)
        return [0, 1, -1, 7, -7, high, low]
    return [0.0, 1.5, -2.25, 1e10 if t == 'f64' else 1024.0]


def arithmetic(op, t, a, b):
    """(value, error) of a op b in type t."""
    if op in ('divide', 'mod') and b == 0:
        return None, 'division by zero'
    if t in INTS:
        if op == 'plus':
            value = a + b
        elif op == 'minus':
            value = a - b
        elif op == 'times':
            value = a * b
        elif op == 'divide':
            value = abs(a) // abs(b) * (1 if (a >= 0) == (b >= 0) else -1)
        else:
            value = abs(a) % abs(b) * (1 if a >= 0 else -1)
        low, high = bounds(t)
        if not low <= value <= high:
            return None, 'does not fit'
        return value, None
    value = {'plus': a + b, 'minus': a - b, 'times': a * b, 'divide': a / b if b else 0,
             'mod': math.fmod(a, b) if b else 0}[op]
    return (f32(value) if t == 'f32' else value), None


def literal(value, t):
    return {'literal': value, 'type': t + '?'}


cases = []


def add(case_id, input_type, rows, expression, result_type, expect=None, error=None):
    case = {'id': case_id, 'input_type': input_type, 'rows': rows, 'expression': expression, 'result_type': result_type}
    if error:
        case['expect_error'] = error
    else:
        case['expect'] = expect
    cases.append(case)


# Arithmetic on two fields of every pair of numeric types, at edge values (and NULL).
for op in SYMBOL:
    for ta, tb in itertools.product(ORDER, ORDER):
        wide = ORDER[max(ORDER.index(ta), ORDER.index(tb))]
        if ta.startswith('f') != tb.startswith('f') and op == 'mod':
            continue
        # MOD of integers has the divisor's type (as PyFlink 2.3: BIGINT % INT is INT); it is
        # computed in the wider type, and the remainder always fits the divisor's.
        result = tb if op == 'mod' and tb in INTS else wide
        pairs = [(a, b) for a in samples(ta) for b in samples(tb)]
        # A handful per type pair: the edges that matter (overflow, zero divisors, signs).
        chosen = [p for p in pairs if (p[0] in (max(samples(ta)), min(samples(ta))) or p[1] in (0, -1, 7))][:6]
        for index, (a, b) in enumerate(chosen):
            a_in = float(a) if ta.startswith('f') else a
            b_in = float(b) if tb.startswith('f') else b
            value, error = arithmetic(op, wide, a_in, b_in)
            if result.startswith('f') and error is None and not math.isfinite(value):
                continue
            expression = {'call': op, 'args': [{'field': 0}, {'field': 1}], 'text': f'a {SYMBOL[op]} b'}
            add(f'{op}-{ta}-{tb}-{index}', f'row<a:{ta}?,b:{tb}?>', [[a_in, b_in]], expression, result,
                expect=[value], error=error)
        expression = {'call': op, 'args': [{'field': 0}, {'field': 1}], 'text': f'a {SYMBOL[op]} b'}
        add(f'{op}-{ta}-{tb}-null', f'row<a:{ta}?,b:{tb}?>', [[None, samples(tb)[1]], [samples(ta)[1], None]], expression,
            result, expect=[None, None])

# Negation: the one value of each integer type that has no negative.
for t in INTS:
    low, high = bounds(t)
    add(f'negate-{t}', f'row<a:{t}?>', [[high], [None]], {'call': 'negate', 'args': [{'field': 0}], 'text': '-a'}, t,
        expect=[-high, None])
    add(f'negate-{t}-min', f'row<a:{t}?>', [[low]], {'call': 'negate', 'args': [{'field': 0}], 'text': '-a'}, t,
        error=f'-a: -({low}) does not fit')

# Comparisons across numeric types and of strings, NULL giving NULL.
COMPARE = {'equals': lambda a, b: a == b, 'not_equals': lambda a, b: a != b, 'less_than': lambda a, b: a < b,
           'less_than_or_equal': lambda a, b: a <= b, 'greater_than': lambda a, b: a > b,
           'greater_than_or_equal': lambda a, b: a >= b}
for name, test in COMPARE.items():
    for ta, tb in [('i32', 'i32'), ('i8', 'i64'), ('i64', 'f64'), ('f32', 'i16'), ('f64', 'f64')]:
        values = [(1, 1), (1, 2), (2, 1), (-7, 7)]
        rows = [[float(a) if ta.startswith('f') else a, float(b) if tb.startswith('f') else b] for a, b in values]
        add(f'{name}-{ta}-{tb}', f'row<a:{ta}?,b:{tb}?>', rows + [[None, 1]],
            {'call': name, 'args': [{'field': 0}, {'field': 1}]}, 'bool',
            expect=[test(a, b) for a, b in values] + [None])
    strings = [('a', 'b'), ('b', 'a'), ('abc', 'abc'), ('B', 'a'), ('', 'a'), ('é', 'z')]
    add(f'{name}-str', 'row<a:str?,b:str?>', [list(p) for p in strings] + [['x', None]],
        {'call': name, 'args': [{'field': 0}, {'field': 1}]}, 'bool',
        expect=[test(a.encode(), b.encode()) for a, b in strings] + [None])
    add(f'{name}-literal', 'row<a:i32?>', [[5], [10], [None]],
        {'call': name, 'args': [{'field': 0}, literal(7, 'i32')]}, 'bool', expect=[test(5, 7), test(10, 7), None])

# Three-valued logic over every pair of TRUE, FALSE and NULL.
TRUTH = [True, False, None]
for a, b in itertools.product(TRUTH, TRUTH):
    and_ = False if False in (a, b) else (None if None in (a, b) else True)
    or_ = True if True in (a, b) else (None if None in (a, b) else False)
    for name, value in (('and', and_), ('or', or_)):
        add(f'{name}-{a}-{b}', 'row<a:bool?,b:bool?>', [[a, b]], {'call': name, 'args': [{'field': 0}, {'field': 1}]},
            'bool', expect=[value])
add('not', 'row<a:bool?>', [[True], [False], [None]], {'call': 'not', 'args': [{'field': 0}]}, 'bool',
    expect=[False, True, None])
for t in ORDER + ['str', 'bool']:
    sample = {'str': 'x', 'bool': True}.get(t, 1)
    add(f'is_null-{t}', f'row<a:{t}?>', [[sample], [None]], {'call': 'is_null', 'args': [{'field': 0}]}, 'bool',
        expect=[False, True])
    add(f'is_not_null-{t}', f'row<a:{t}?>', [[sample], [None]], {'call': 'is_not_null', 'args': [{'field': 0}]}, 'bool',
        expect=[True, False])

# Casts between numeric types: exact or an error (TRY_CAST: NULL); floats to integers truncate.
for source, target in itertools.product(ORDER, ORDER):
    for index, value in enumerate(samples(source)):
        given = float(value) if source.startswith('f') else value
        if target in INTS:
            low, high = bounds(target)
            whole = math.trunc(given)
            fits = low <= whole <= high
            expected = whole
        else:
            fits, expected = True, (f32(float(given)) if target == 'f32' else float(given))
        for try_cast in (False, True):
            expression = {'cast': {'field': 0}, 'type': target + '?', 'or_null': try_cast,
                          'text': f"{'TRY_CAST' if try_cast else 'CAST'}(a AS {target})"}
            case_id = f"{'try_cast' if try_cast else 'cast'}-{source}-{target}-{index}"
            if fits:
                add(case_id, f'row<a:{source}?>', [[given]], expression, target, expect=[expected])
            elif try_cast:
                add(case_id, f'row<a:{source}?>', [[given]], expression, target, expect=[None])
            else:
                add(case_id, f'row<a:{source}?>', [[given]], expression, target, error='does not fit')
for target in INTS:
    add(f'cast-bool-{target}', 'row<a:bool?>', [[True], [False], [None]], {'cast': {'field': 0}, 'type': target + '?'},
        target, expect=[1, 0, None])
add('cast-int-bool', 'row<a:i32?>', [[5], [0], [None]], {'cast': {'field': 0}, 'type': 'bool?'}, 'bool',
    expect=[True, False, None])

# Nested expressions and literals, as a query writes them.
add('nested', 'row<price:i64?,qty:i32?>', [[10, 3], [None, 2], [7, 0]],
    {'call': 'greater_than', 'args': [{'call': 'times', 'args': [{'field': 0}, {'field': 1}], 'text': 'price * qty'},
                                       literal(20, 'i64')], 'text': 'price * qty > 20'},
    'bool', expect=[True, None, False])

# Bad expressions: errors that name the expression as written.
add('bad-field', 'row<a:i32?>', [[1]], {'call': 'plus', 'args': [{'field': 3}, {'field': 0}], 'text': 'x + a'}, 'i32',
    error='field 3 is not one of the input')
add('bad-types', 'row<a:i32?,b:str?>', [[1, 'x']], {'call': 'plus', 'args': [{'field': 0}, {'field': 1}], 'text': 'a + b'},
    'i32', error='a + b: plus does not take INT and STRING')
add('bad-logic', 'row<a:i32?>', [[1]], {'call': 'and', 'args': [{'field': 0}, {'field': 0}], 'text': 'a AND a'}, 'bool',
    error='a AND a: and does not take INT and INT')

# The built-in scalar functions: cases in scalar_function_cases.py, expected values and types as
# PyFlink 2.3 gave them (pyflink_scalar_functions.json, written by observe_scalar_functions.py),
# except where a case says what Spate does instead and why.
from scalar_function_cases import CASES as SCALAR_CASES  # noqa: E402

FLINK_TYPES = {'VARCHAR': 'str', 'INT': 'i32', 'BIGINT': 'i64', 'SMALLINT': 'i16', 'TINYINT': 'i8', 'DOUBLE': 'f64',
               'FLOAT': 'f32', 'BOOLEAN': 'bool'}
OBSERVED = json.loads(Path(__file__).with_name('pyflink_scalar_functions.json').read_text())


def observed_value(value):
    """A value as JSON holds it: NaN and the infinities as strings."""
    if isinstance(value, dict):
        return {'nan': 'NaN', 'inf': 'Infinity', '-inf': '-Infinity'}[value['float']]
    return value


for scalar in SCALAR_CASES:
    seen, spate = OBSERVED.get(scalar['id'], {}), scalar.get('spate', {})
    entry = {'id': 'fn-' + scalar['id'], 'input_type': scalar['input_type'], 'rows': scalar['rows'],
             'expression': scalar['expression'], 'pyflink': scalar['pyflink']}
    if 'why' in scalar:
        entry['differs_from_pyflink'] = scalar['why']
        entry['pyflink_gave'] = seen.get('values', seen.get('error'))
    if 'error' in spate:
        entry['result_type'] = FLINK_TYPES.get(seen.get('type', '').replace(' NOT NULL', ''), '')
        entry['expect_error'] = spate['error']
        cases.append(entry)
        continue
    # Where Flink failed, the case gives Spate's type and values.
    flink_type = seen.get('type', spate.get('type'))
    entry['result_type'] = FLINK_TYPES[flink_type.replace(' NOT NULL', '')]
    entry['result_not_null'] = spate.get('not_null', flink_type.endswith(' NOT NULL'))
    values = [observed_value(v) for v in seen['values']] if 'values' in seen else [None] * len(scalar['rows'])
    if entry['result_type'] == 'f32':
        # PyFlink gives a FLOAT as the shortest text of its binary32 value (2.67): that value.
        values = [f32(v) if isinstance(v, float) else v for v in values]
    for row, value in spate.get('rows', {}).items():
        values[row] = value
    entry['expect'] = values
    if entry['result_type'] in ('f32', 'f64'):
        entry['tolerance'] = 1e-15  # Java's Math and libm may differ in the last bit
    cases.append(entry)

path = Path(__file__).with_name('expressions.json')
path.write_text('[\n' + ',\n'.join(json.dumps(case, allow_nan=False) for case in cases) + '\n]\n')
print(f'{len(cases)} cases -> {path}')
