"""Round trips of every runtime type string through Swift, and the errors of values that do not fit.

The conformance suite (test_conformance.py) checks the same through PyFlink's type spellings; these
tests pin the runtime's own contract, type string by type string."""
import datetime
from decimal import Decimal

import pytest

from spate.common import Row
from spate.common.time import Instant
from spate.common.typeinfo import TypeInformation
from spate.datastream import StreamExecutionEnvironment

UTC = datetime.timezone.utc


class Spelled(TypeInformation):
    """A type given by its runtime type string."""

    def __init__(self, text):
        self.text = text

    def _spate_type(self):
        return self.text

    def __eq__(self, other):
        return isinstance(other, Spelled) and other.text == self.text

    def __hash__(self):
        return hash(self.text)


def round_trip(type_string, values, parallelism=1):
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(parallelism)
    t = Spelled(type_string)
    return list(env.from_collection(values, type_info=t).map(lambda x: x, output_type=t).execute_and_collect())


@pytest.mark.parametrize("type_string, values", [
    ("char", ["a", "é", "😀", "\x00"]),
    ("bytes", [b"", b"\x00\xff", bytes(range(256)), b"x" * (1 << 20)]),
    ("bigint", [0, -1, 255, -256, 2 ** 63, -2 ** 63 - 1, 2 ** 200, -2 ** 200]),
    ("bigdec", [Decimal("1.10"), Decimal("-0.000001"), Decimal("1E+10"), Decimal("123456789012345678901234567890.123456789")]),
    ("decimal<10,2>", [Decimal("1.23"), Decimal("-99999999.99"), Decimal("0.00")]),
    ("decimal<38,0>", [Decimal(10 ** 38 - 1), Decimal(-(10 ** 38 - 1))]),
    ("date", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31), datetime.date(1970, 1, 1), datetime.date(1969, 12, 31)]),
    ("time<6>", [datetime.time(0, 0), datetime.time(23, 59, 59, 999999), datetime.time(12, 0, 0, 5)]),
    ("timestamp<6>", [datetime.datetime(1, 1, 1), datetime.datetime(9999, 12, 31, 23, 59, 59, 999999),
                      datetime.datetime(1969, 12, 31, 23, 59, 59, 1)]),
    ("timestamp_ltz<6>", [datetime.datetime(2024, 1, 2, 3, 4, 5, 6, tzinfo=UTC), datetime.datetime(1, 1, 1, tzinfo=UTC)]),
    ("instant", [Instant(0, 0), Instant(-1, 999999999), Instant(1700000000, 123)]),
    ("interval_ym", [0, 14, -3]),
    ("interval_dt", [datetime.timedelta(days=-1, seconds=5), datetime.timedelta(microseconds=1)]),
    ("list<i64>", [[], [1, 2, 3], None]),
    ("map<str,i64>", [{}, {"a": 1, "b": 2}, None]),
    ("map<str,str>", [{"a": None}]),
    ("multiset<str>", [{"a": 2, "b": 1}]),
    ("list<row<a:i64,b:str>>", [[Row(a=1, b="x"), Row(a=None, b=None)]]),
    ("list<list<map<str,list<i64>>>>", [[[{"k": [1, 2]}, {}]], []]),
    ("row<d:date,t:timestamp<3>,m:decimal<5,1>,b:bytes>",
     [Row(d=datetime.date(2024, 1, 2), t=datetime.datetime(2024, 1, 2, 3, 4, 5, 123000), m=Decimal("1234.5"), b=b"z")]),
])
@pytest.mark.parametrize("parallelism", [1, 2])
def test_values_come_back_unchanged(type_string, values, parallelism):
    # At parallelism 2 the map's two subtasks are dealt the records one by one: any order comes back.
    assert sorted(round_trip(type_string, values, parallelism), key=repr) == sorted(values, key=repr)


def test_precision_and_scale_are_applied():
    assert round_trip("decimal<10,2>", [Decimal("1.005"), Decimal("1.004"), Decimal("-1.005"), 5]) == \
        [Decimal("1.01"), Decimal("1.00"), Decimal("-1.01"), Decimal("5.00")]
    assert round_trip("time<3>", [datetime.time(1, 2, 3, 456789)]) == [datetime.time(1, 2, 3, 456000)]
    assert round_trip("timestamp<0>", [datetime.datetime(1969, 12, 31, 23, 59, 59, 999999)]) == \
        [datetime.datetime(1969, 12, 31, 23, 59, 59)]
    shifted = datetime.datetime(2024, 1, 2, 5, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert round_trip("timestamp_ltz<6>", [shifted]) == [datetime.datetime(2024, 1, 2, 3, 0, tzinfo=UTC)]


@pytest.mark.parametrize("type_string, value, error, fragment", [
    ("char", "ab", TypeError, "a CHAR holds exactly one character"),
    ("char", "\ud800", ValueError, "lone surrogate"),
    ("bytes", "x", TypeError, "expected bytes (declared Types.PRIMITIVE_ARRAY(Types.BYTE()))"),
    ("bigint", 1.5, TypeError, "expected int"),
    ("decimal<10,2>", Decimal("123456789.999"), OverflowError, "more than 10 digits for DECIMAL(10, 2)"),
    ("decimal<5,2>", 1.5, TypeError, "pass decimal.Decimal(str(x))"),
    ("bigdec", Decimal("NaN"), ValueError, "NaN and infinity are not decimals"),
    ("date", datetime.datetime(2020, 1, 1), TypeError, "pass .date() of the datetime"),
    ("timestamp<6>", datetime.datetime(2020, 1, 1, tzinfo=UTC), ValueError, "a TIMESTAMP has no time zone"),
    ("timestamp_ltz<6>", datetime.datetime(2020, 1, 1), ValueError, "pass a datetime with tzinfo"),
    ("time<6>", "12:00", TypeError, "expected datetime.time"),
    ("instant", 5, TypeError, "Instant.of_epoch_milli"),
    ("interval_ym", 2 ** 40, OverflowError, "outside"),
    ("list<i32>", [1, 2 ** 31], OverflowError, "field [1]"),
    ("map<str,i64>", {"a": "x"}, TypeError, "field ['a']"),
    ("row<a:list<map<str,i64>>>", Row(a=[{"k": 1}, {"k": "v"}]), TypeError, "field a[1]['k']"),
    ("i64!", None, TypeError, "it is declared NOT NULL"),
    ("null", 1, TypeError, "the NULL type holds only None"),
])
def test_values_that_do_not_fit_are_rejected_clearly(type_string, value, error, fragment):
    env = StreamExecutionEnvironment.get_execution_environment()
    with pytest.raises(error) as info:
        env.from_collection([value], type_info=Spelled(type_string))
    assert fragment in str(info.value)
    assert "from_collection: element 0" in str(info.value)


def test_new_types_print_as_java_does(capsys):
    env = StreamExecutionEnvironment.get_execution_environment()
    for type_string, value in [("date", datetime.date(2024, 1, 2)),
                               ("timestamp<6>", datetime.datetime(2024, 1, 2, 3, 4, 5, 600000)),
                               ("decimal<10,2>", Decimal("1.5")), ("list<i64>", [1, 2]), ("map<str,i64>", {"a": 1}),
                               ("bigint", 2 ** 70)]:
        env.from_collection([value], type_info=Spelled(type_string)).print()
        env.execute()
    assert capsys.readouterr().out.splitlines() == [
        "2024-01-02", "2024-01-02 03:04:05.6", "1.50", "[1, 2]", "{a=1}", "1180591620717411303424"]
