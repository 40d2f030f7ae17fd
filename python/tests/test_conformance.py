"""The type-mapping conformance suite: every case of Tests/Conformance/types.json, run through Spate.

A case declares a type as PyFlink spells it (`Types.INT()`, `DataTypes.DECIMAL(10, 2)`), an input
value, and what must happen to it on the round trip

    env.from_collection([value], type_info=T).map(lambda x: x, output_type=T)

then `execute_and_collect()`: the value that comes back (`expect_value`, "same" for the input
itself), the line `print()` writes (`expect_print`), or the error (`expect_error`: a class and a
fragment of the message; raised by from_collection or by the job, either is fine). The values
follow PyFlink 2.3 where it is right, and raise a clear error where PyFlink corrupts them; see
Tests/Conformance/PYFLINK-OBSERVED.md. The Swift side of the same cases is
Tests/SpateCoreTests/ConformanceTests.swift.

Cases whose type string uses a runtime type Spate does not run yet are skipped: RUNTIME_TYPES lists
the heads of type strings the runtime supports. Set SPATE_CONFORMANCE_ALL=1 to run every case.
"""

import builtins
import collections
import datetime
import decimal
import json
import math
import os
import re
import struct
from pathlib import Path

import pytest

from spate.common import Row, Types
from spate.common.time import Instant
from spate.datastream import StreamExecutionEnvironment
from spate.table import DataType, DataTypes

RUN_ALL = os.environ.get('SPATE_CONFORMANCE_ALL', '') not in ('', '0')

CASES_PATH = Path(__file__).resolve().parent / '..' / '..' / 'Tests' / 'Conformance' / 'types.json'
CASES = json.loads(CASES_PATH.read_text(encoding='utf-8'))

# The names a case's expressions may use.
NAMESPACE = {'Types': Types, 'DataTypes': DataTypes, 'Row': Row, 'Instant': Instant,
             'datetime': datetime, 'decimal': decimal, 'math': math, 'collections': collections}

# Every head of the runtime's type strings (ARCHITECTURE.md), which the cases must all exercise.
ALL_HEADS = {'bool', 'i8', 'i16', 'i32', 'i64', 'f32', 'f64', 'str', 'obj', 'char', 'bytes',
             'bigint', 'bigdec', 'decimal', 'date', 'time', 'timestamp', 'timestamp_ltz',
             'instant', 'interval_ym', 'interval_dt', 'list', 'map', 'multiset', 'null', 'tuple',
             'row', '!'}

# The heads of type strings the runtime handles: all of them now. `!` (NOT NULL) counts as a head.
RUNTIME_TYPES = set(ALL_HEADS)

_HEAD = re.compile(r'([A-Za-z_][A-Za-z0-9_]*)(:?)')


def heads(type_string):
    """The type heads a type string uses ('row<a:list<i32>!>' -> {'row', 'list', 'i32', '!'})."""
    found = {name for name, colon in _HEAD.findall(type_string) if not colon}
    if '!' in type_string:
        found.add('!')
    return found


def evaluate(expression):
    return eval(expression, dict(NAMESPACE))


# ---- comparing values as Spate must give them back ----

def same(got, want):
    """Equal, and of the same type, all the way down: floats NaN-aware and with the sign of zero,
    decimals with their exponent (not the sign of zero), rows with their field names, dicts in
    order, datetimes with their UTC offset."""
    if want is None:
        return got is None
    if isinstance(want, float):
        if type(got) is not float:
            return False
        if math.isnan(want):
            return math.isnan(got)
        return got == want and math.copysign(1.0, got) == math.copysign(1.0, want)
    if isinstance(want, decimal.Decimal):
        return (type(got) is decimal.Decimal and got == want
                and got.as_tuple().exponent == want.as_tuple().exponent)
    if isinstance(want, Row):
        if not isinstance(got, Row) or len(got) != len(want):
            return False
        if got.get_row_kind() != want.get_row_kind():
            return False
        want_names = want.__dict__.get('_fields')
        if want_names is not None and got.__dict__.get('_fields') != want_names:
            return False
        return all(same(g, w) for g, w in zip(got, want))
    if isinstance(want, dict):
        return (type(got) is dict and len(got) == len(want)
                and all(same(gk, wk) and same(gv, wv)
                        for (gk, gv), (wk, wv) in zip(got.items(), want.items())))
    if isinstance(want, (list, tuple)):
        return (type(got) is type(want) and len(got) == len(want)
                and all(same(g, w) for g, w in zip(got, want)))
    if isinstance(want, (datetime.datetime, datetime.time)):
        return (type(got) is type(want) and got == want
                and (got.utcoffset() if got.tzinfo else None)
                == (want.utcoffset() if want.tzinfo else None))
    return type(got) is type(want) and got == want


def test_same_is_strict():
    assert same(0.0, 0.0) and not same(-0.0, 0.0) and same(float('nan'), float('nan'))
    assert not same(1, 1.0) and not same(True, 1) and not same(1, True)
    assert same(decimal.Decimal('-0'), decimal.Decimal('0'))
    assert not same(decimal.Decimal('1.1'), decimal.Decimal('1.10'))
    assert not same({'a': 1, 'b': 2}, {'b': 2, 'a': 1})
    assert same(Row(f0=1), Row(1)) and not same(Row(a=1), Row(b=1))
    assert not same([1], (1,)) and not same(b'a', bytearray(b'a'))
    assert not same(datetime.datetime(2020, 1, 1), datetime.date(2020, 1, 1))
    utc = datetime.timezone.utc
    assert not same(datetime.datetime(2020, 1, 1, tzinfo=utc), datetime.datetime(2020, 1, 1))
    plus5 = datetime.timezone(datetime.timedelta(hours=5))
    # The same instant in another zone: an instant comes back in UTC.
    assert not same(datetime.datetime(2020, 1, 1, 5, tzinfo=plus5),
                    datetime.datetime(2020, 1, 1, tzinfo=utc))


# ---- running a case ----

def _environment():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    return env


def _round_trip(type_info, value):
    env = _environment()
    stream = env.from_collection([value], type_info=type_info)
    return list(stream.map(lambda x: x, output_type=type_info).execute_and_collect())


def _skip_reason(case, type_info):
    if RUN_ALL:
        return None
    missing = sorted(heads(case['spate_type']) - RUNTIME_TYPES)
    return 'runtime lacks %s' % ', '.join(missing) if missing else None


def _matching(error, cls, fragment):
    """`error` or an exception it was raised from, of class `cls` with `fragment` in its text."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, cls) and fragment in str(error):
            return error
        error = error.__cause__ or error.__context__
    return None


def _short(value):
    text = repr(value)
    return text if len(text) <= 300 else text[:300] + '...'


@pytest.mark.parametrize('case', CASES, ids=[case['id'] for case in CASES])
def test_conformance_case(case, capsys):
    type_info = evaluate(case['type'])
    assert type_info._spate_type() == case['spate_type'], 'the type string changed'
    reason = _skip_reason(case, type_info)
    if reason:
        pytest.skip(reason)
    value = evaluate(case['input'])
    if 'expect_value' in case:
        # A second evaluation, so that a runtime that changed the input in place is caught.
        want = evaluate(case['input'] if case['expect_value'] == 'same' else case['expect_value'])
        got = _round_trip(type_info, value)
        assert len(got) == 1, 'expected one record back, got %s' % _short(got)
        assert same(got[0], want), 'got %s, expected %s' % (_short(got[0]), _short(want))
    elif 'expect_error' in case:
        cls = getattr(builtins, case['expect_error']['class'])
        fragment = case['expect_error']['message']
        with pytest.raises(Exception) as info:
            _round_trip(type_info, value)
        assert _matching(info.value, cls, fragment) is not None, \
            'expected %s with %r, got %s: %s' % (cls.__name__, fragment,
                                                 type(info.value).__name__, info.value)
    else:
        capsys.readouterr()
        env = _environment()
        env.from_collection([value], type_info=type_info) \
            .map(lambda x: x, output_type=type_info).print()
        env.execute()
        assert capsys.readouterr().out == case['expect_print'] + '\n'


# ---- the case file itself ----

def test_the_cases_are_well_formed():
    assert len(CASES) >= 400
    ids = [case['id'] for case in CASES]
    assert len(ids) == len(set(ids)), 'case ids are unique'
    for case in CASES:
        expectations = [key for key in ('expect_value', 'expect_error', 'expect_print') if key in case]
        assert len(expectations) == 1, case['id']
        assert set(case) <= {'id', 'type', 'spate_type', 'input', 'expect_value', 'expect_error',
                             'expect_print', 'note', 'swift'}, case['id']
        evaluate(case['input'])
        if case.get('expect_value', 'same') != 'same':
            evaluate(case['expect_value'])
        if 'expect_error' in case:
            assert isinstance(getattr(builtins, case['expect_error']['class']), type)
            assert case['expect_error']['message']
        if 'swift' in case:
            assert set(case['swift']) == {'type', 'value'} and case['swift']['type'] == case['spate_type']


def test_the_cases_cover_every_type():
    used = set().union(*(heads(case['spate_type']) for case in CASES))
    assert ALL_HEADS <= used, 'no case for %s' % (ALL_HEADS - used)
    spelled = ' '.join(case['type'] for case in CASES)
    for name in ['BOOLEAN', 'BYTE', 'SHORT', 'INT', 'LONG', 'FLOAT', 'DOUBLE', 'CHAR', 'STRING',
                 'BIG_INT', 'BIG_DEC', 'INSTANT', 'SQL_DATE', 'SQL_TIME', 'SQL_TIMESTAMP', 'TUPLE',
                 'ROW', 'ROW_NAMED', 'MAP', 'LIST', 'PRIMITIVE_ARRAY', 'BASIC_ARRAY', 'OBJECT_ARRAY',
                 'PICKLED_BYTE_ARRAY']:
        assert 'Types.%s(' % name in spelled, name
    for name in ['NULL', 'CHAR', 'VARCHAR', 'STRING', 'BOOLEAN', 'BINARY', 'VARBINARY', 'BYTES',
                 'DECIMAL', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DATE',
                 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'INTERVAL', 'ARRAY', 'MAP', 'MULTISET',
                 'ROW', 'FIELD']:
        assert 'DataTypes.%s(' % name in spelled, name
    kinds = collections.Counter(next(k for k in ('expect_value', 'expect_error', 'expect_print')
                                     if k in case) for case in CASES)
    assert min(kinds.values()) >= 50, kinds


def test_heads():
    assert heads('row<a:list<i32>!,b:decimal<10,2>>') == {'row', 'list', 'i32', '!', 'decimal'}
    assert heads('map<str,timestamp_ltz<3>>') == {'map', 'str', 'timestamp_ltz'}


# ---- generated values of generated types (the heads the runtime runs) ----

hypothesis = pytest.importorskip('hypothesis')
st = hypothesis.strategies

FLT_MAX = 3.4028234663852886e+38


def _f32(x):
    return struct.unpack('<f', struct.pack('<f', x))[0]


class _Expect(object):
    """A generated value: what goes in, and what must come back or be raised."""

    def __init__(self, value, want=None, error=None):
        self.value = value
        self.want = want
        self.error = error  # (class, fragment) or None

    @staticmethod
    def combine(values, build_in, build_want):
        error = next((v.error for v in values if v.error), None)
        return _Expect(build_in([v.value for v in values]), build_want([v.want for v in values]),
                       error)


_INT_KINDS = {'BYTE': 8, 'SHORT': 16, 'INT': 32, 'LONG': 64}


def _scalar_types():
    kinds = ['BOOLEAN', 'FLOAT', 'DOUBLE', 'STRING'] + list(_INT_KINDS)
    return st.sampled_from(kinds).map(lambda kind: ('scalar', kind))


_types = st.recursive(
    _scalar_types() | st.just(('obj',)),
    lambda children: (
        st.lists(children, min_size=1, max_size=3).map(lambda fields: ('tuple', fields))
        | st.lists(st.tuples(st.from_regex(r'[a-z][a-z0-9_]{0,6}', fullmatch=True), children),
                   min_size=1, max_size=3, unique_by=lambda pair: pair[0])
        .map(lambda fields: ('row', fields))),
    max_leaves=6)


def _type_info(desc):
    if desc[0] == 'scalar':
        return getattr(Types, desc[1])()
    if desc[0] == 'obj':
        return Types.PICKLED_BYTE_ARRAY()
    if desc[0] == 'tuple':
        return Types.TUPLE([_type_info(d) for d in desc[1]])
    return Types.ROW_NAMED([name for name, _ in desc[1]], [_type_info(d) for _, d in desc[1]])


_objects = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.text(max_size=3), children, max_size=3),
    max_leaves=5)


def _values(desc, nullable=False):
    """A strategy of _Expect for values of the type `desc`; `nullable` inside a ROW."""
    if desc[0] == 'scalar':
        kind = desc[1]
        if kind == 'BOOLEAN':
            base = st.booleans().map(lambda v: _Expect(v, v))
        elif kind in _INT_KINDS:
            bits = _INT_KINDS[kind]
            lo, hi = -2 ** (bits - 1), 2 ** (bits - 1) - 1
            outside = (OverflowError, 'outside %d..%d' % (lo, hi))
            base = (st.integers(lo, hi).map(lambda v: _Expect(v, v))
                    | st.sampled_from([lo, hi, 0, -1]).map(lambda v: _Expect(v, v))
                    | st.one_of(st.integers(hi + 1, hi + 2 ** 70), st.integers(lo - 2 ** 70, lo - 1))
                    .map(lambda v: _Expect(v, error=outside)))
        elif kind == 'FLOAT':
            base = (st.floats(width=32).map(lambda v: _Expect(v, v))
                    | st.floats(-FLT_MAX, FLT_MAX).map(lambda v: _Expect(v, _f32(v))))
        elif kind == 'DOUBLE':
            base = st.floats().map(lambda v: _Expect(v, v))
        else:
            base = (st.text(max_size=20) | st.none()).map(lambda v: _Expect(v, v))
        if nullable or kind == 'STRING':
            return base | st.none().map(lambda v: _Expect(None, None))
        return base | st.none().map(lambda v: _Expect(None, error=(TypeError, 'does not accept None')))
    if desc[0] == 'obj':
        return _objects.map(lambda v: _Expect(v, v))
    if desc[0] == 'tuple':
        fields = st.tuples(*[_values(d) for d in desc[1]])
        base = fields.map(lambda parts: _Expect.combine(parts, tuple, tuple))
    else:
        names = [name for name, _ in desc[1]]
        fields = st.tuples(*[_values(d, nullable=True) for _, d in desc[1]])
        base = fields.map(lambda parts: _Expect.combine(
            parts, lambda values: Row(*values),
            lambda values: Row(**dict(zip(names, values)))))
    if nullable:
        return base | st.none().map(lambda v: _Expect(None, None))
    return base


@hypothesis.settings(max_examples=200, deadline=None,
                     suppress_health_check=list(hypothesis.HealthCheck))
@hypothesis.given(st.data())
def test_generated_values_come_back_or_fail_clearly(data):
    desc = data.draw(_types, label='type')
    type_info = _type_info(desc)
    if not RUN_ALL:
        hypothesis.assume(heads(type_info._spate_type()) <= RUNTIME_TYPES)
    expect = data.draw(_values(desc), label='value')
    if expect.error is None:
        got = _round_trip(type_info, expect.value)
        assert len(got) == 1 and same(got[0], expect.want), \
            'got %s, expected %s' % (_short(got), _short(expect.want))
    else:
        cls, fragment = expect.error
        with pytest.raises(Exception) as info:
            _round_trip(type_info, expect.value)
        assert _matching(info.value, cls, fragment) is not None, \
            'expected %s with %r, got %s: %s' % (cls.__name__, fragment,
                                                 type(info.value).__name__, info.value)
