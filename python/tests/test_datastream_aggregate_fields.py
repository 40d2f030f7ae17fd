"""`min`, `max`, `min_by`, `max_by` on any comparable field and `sum` on numeric ones, as PyFlink
2.3 gives them (each expectation below is what PyFlink printed for the same input)."""
import datetime
from decimal import Decimal

import pytest

from spate.common import Row, Types
from spate.table import DataTypes

STRINGS = [('a', 'pear', 'p1'), ('a', 'apple', 'p2'), ('a', 'zoo', 'p3'), ('a', 'apple', 'p4')]
DATES = [('a', datetime.date(2024, 5, 1), 'p1'), ('a', datetime.date(2023, 1, 1), 'p2'),
         ('a', datetime.date(2025, 1, 1), 'p3'), ('a', datetime.date(2023, 1, 1), 'p4')]
DECIMALS = [('a', Decimal('1.5'), 'p1'), ('a', Decimal('-2.25'), 'p2'), ('a', Decimal('10'), 'p3')]


def aggregated(env, data, field_type, aggregation, position=1):
    stream = env.from_collection(data, Types.TUPLE([Types.STRING(), field_type, Types.STRING()]))
    return list(getattr(stream.key_by(lambda v: v[0]), aggregation)(position).execute_and_collect())


@pytest.mark.parametrize("aggregation, expected", [
    ('min', ['pear', 'apple', 'apple', 'apple'], ),
    ('max', ['pear', 'pear', 'zoo', 'zoo']),
])
def test_min_max_of_strings_keep_the_first_records_other_fields(env, aggregation, expected):
    assert aggregated(env, STRINGS, Types.STRING(), aggregation) == [('a', v, 'p1') for v in expected]


def test_min_by_max_by_of_strings_keep_the_first_among_equals(env):
    assert [r[2] for r in aggregated(env, STRINGS, Types.STRING(), 'min_by')] == ['p1', 'p2', 'p2', 'p2']
    assert [r[2] for r in aggregated(env, STRINGS, Types.STRING(), 'max_by')] == ['p1', 'p1', 'p3', 'p3']


def test_dates(env):
    d = datetime.date
    assert [r[1] for r in aggregated(env, DATES, Types.SQL_DATE(), 'min')] == [d(2024, 5, 1)] + [d(2023, 1, 1)] * 3
    assert [r[1] for r in aggregated(env, DATES, Types.SQL_DATE(), 'max')] == [d(2024, 5, 1)] * 2 + [d(2025, 1, 1)] * 2
    assert [r[2] for r in aggregated(env, DATES, Types.SQL_DATE(), 'min_by')] == ['p1', 'p2', 'p2', 'p2']
    assert [r[2] for r in aggregated(env, DATES, Types.SQL_DATE(), 'max_by')] == ['p1', 'p1', 'p3', 'p3']


def test_times_and_timestamps(env):
    times = [('a', datetime.time(5, 1), 'p1'), ('a', datetime.time(1, 1), 'p2'), ('a', datetime.time(9, 0), 'p3')]
    assert [r[1] for r in aggregated(env, times, Types.SQL_TIME(), 'min')] == [
        datetime.time(5, 1), datetime.time(1, 1), datetime.time(1, 1)]
    # PyFlink 2.3 fails on a SQL_TIMESTAMP field ('bytearray' object has no attribute 'timestamp').
    stamps = [('a', datetime.datetime(2024, 5, 1, 1, 2, 3), 'p1'), ('a', datetime.datetime(2023, 1, 1), 'p2'),
              ('a', datetime.datetime(2025, 1, 1, 0, 0, 0, 5000), 'p3')]
    assert [r[2] for r in aggregated(env, stamps, Types.SQL_TIMESTAMP(), 'max_by')] == ['p1', 'p1', 'p3']
    assert aggregated(env, stamps, Types.SQL_TIMESTAMP(), 'min')[-1][1] == datetime.datetime(2023, 1, 1)


def test_decimals_compare_and_sum_exactly(env):
    assert [r[1] for r in aggregated(env, DECIMALS, Types.BIG_DEC(), 'min')] == [Decimal('1.5'), Decimal('-2.25'), Decimal('-2.25')]
    assert [r[2] for r in aggregated(env, DECIMALS, Types.BIG_DEC(), 'max_by')] == ['p1', 'p1', 'p3']
    assert aggregated(env, DECIMALS, Types.BIG_DEC(), 'sum') == [
        ('a', Decimal('1.5'), 'p1'), ('a', Decimal('-0.75'), 'p1'), ('a', Decimal('9.25'), 'p1')]
    decimals = env.from_collection([r[1] for r in DECIMALS], DataTypes.DECIMAL(10, 2)).key_by(lambda v: 1)
    assert list(decimals.sum(0).execute_and_collect()) == [Decimal('1.50'), Decimal('-0.75'), Decimal('9.25')]


def test_named_fields_of_rows_and_plain_values(env):
    rows = env.from_collection([Row('a', 'pear'), Row('a', 'apple')],
                               Types.ROW_NAMED(['k', 'v'], [Types.STRING(), Types.STRING()]))
    assert list(rows.key_by(lambda r: r[0]).min('v').execute_and_collect()) == [Row(k='a', v='pear'), Row(k='a', v='apple')]
    plain = env.from_collection(['b', 'a', 'c'], Types.STRING()).key_by(lambda v: 1)
    assert list(plain.min(0).execute_and_collect()) == ['b', 'a', 'a']


def test_sum_of_a_field_that_is_not_a_number_is_an_error_at_the_call(env):
    # PyFlink concatenates strings and fails the job on dates; Spate refuses both at the call.
    stream = env.from_collection(STRINGS, Types.TUPLE([Types.STRING()] * 3)).key_by(lambda v: v[0])
    with pytest.raises(ValueError, match="not numeric"):
        stream.sum(1)
    dates = env.from_collection(DATES, Types.TUPLE([Types.STRING(), Types.SQL_DATE(), Types.STRING()]))
    with pytest.raises(ValueError, match="not numeric"):
        dates.key_by(lambda v: v[0]).sum(1)


def test_dates_times_timestamps_and_decimals_run_natively_strings_in_python(env):
    def kind(field_type, aggregation):
        stream = env.from_collection([], Types.TUPLE([Types.STRING(), field_type])).key_by(lambda v: v[0])
        return getattr(stream, aggregation)(1)._transformation.kind
    for field_type in (Types.SQL_DATE(), Types.SQL_TIME(), Types.SQL_TIMESTAMP()):
        assert kind(field_type, 'min') == kind(field_type, 'max_by') == 'keyed_aggregate'
    assert kind(Types.STRING(), 'min') == kind(Types.BIG_DEC(), 'sum') == 'reduce'
