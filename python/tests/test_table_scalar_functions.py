"""The Table API's built-in scalar functions from Python: each case of
Tests/Conformance/scalar_function_cases.py, written as a PyFlink user writes it, makes the plan the
case runs (test_expressions.py runs it, with the values and types PyFlink 2.3 gave); `call` finds
the functions Flink's `call` finds by name; bad calls are errors naming the expression, raised when
the table is built."""
import json
import sys
from pathlib import Path

import pytest

from spate.table import DataTypes, EnvironmentSettings, TableEnvironment
from spate.table.expressions import (and_, atan2, call, coalesce, col, concat, concat_ws, e, if_then_else, lit,
                                     log, not_, null_of, or_, pi)

CONFORMANCE = Path(__file__).resolve().parents[2] / 'Tests' / 'Conformance'
sys.path.insert(0, str(CONFORMANCE))
from scalar_function_cases import CASES  # noqa: E402

OBSERVED = json.loads((CONFORMANCE / 'pyflink_scalar_functions.json').read_text())
SCOPE = dict(DataTypes=DataTypes, atan2=atan2, call=call, coalesce=coalesce, col=col, concat=concat,
             concat_ws=concat_ws, e=e, if_then_else=if_then_else, lit=lit, log=log, not_=not_, null_of=null_of,
             and_=and_, or_=or_, pi=pi)


def _without_text(plan):
    if isinstance(plan, dict):
        return {k: _without_text(v) for k, v in plan.items() if k != 'text'}
    if isinstance(plan, list):
        return [_without_text(v) for v in plan]
    return plan


@pytest.mark.parametrize('case', CASES, ids=[c['id'] for c in CASES])
def test_the_pyflink_expression_makes_the_case_plan(case):
    names = [item.split(':')[0] for item in case['input_type'][len('row<'):-1].split(',')]
    expression = eval(case['pyflink'], SCOPE)
    assert _without_text(expression._plan(names)) == _without_text(case['expression'])


CALLS = sorted(name[len('call-name-'):] for name in OBSERVED if name.startswith('call-name-'))


@pytest.mark.parametrize('name', CALLS)
def test_call_finds_a_function_by_name_where_flink_does(name):
    found = OBSERVED[f'call-name-{name}']['resolves']
    if found and name.lower() == 'trim':
        with pytest.raises(NotImplementedError, match="Flink's TRIM takes"):
            call(name, col('a'))
    elif found:
        call(name, col('a'))  # the arguments are checked when the table is built
    else:
        with pytest.raises(ValueError, match=f'Undefined function: {name}'):
            call(name, col('a'))


@pytest.fixture
def table():
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    return t_env.from_elements([('x', 1, 2.5, True)], ['s', 'i', 'd', 'c'])


@pytest.mark.parametrize('expression, message', [
    (lambda: col('i').upper_case, r"UPPER\(i\): UPPER takes a string as argument 1, not BIGINT"),
    (lambda: col('s').substring('x'), r"SUBSTRING\(s, 'x'\): SUBSTRING takes an integer as argument 2, not STRING"),
    (lambda: col('s').sqrt, r"SQRT\(s\): SQRT takes a number as argument 1, not STRING"),
    (lambda: col('d').round(1.5), r"ROUND\(d, 1.5\): ROUND takes an integer as argument 2, not DOUBLE"),
    (lambda: col('s').is_true, r"IS TRUE\(s\): IS_TRUE takes a boolean as argument 1, not STRING"),
    (lambda: coalesce(col('s'), col('i')), r"COALESCE\(s, i\): COALESCE needs values of one type, got STRING, BIGINT"),
    (lambda: col('i').in_(1, col('i')), r"IN\(i, 1, i\): IN takes literal values: argument 3 is not a literal"),
    (lambda: col('s').like('a%', col('s')), r"LIKE\(s, 'a%', s\): the escape of LIKE is one character given as a literal"),
    (lambda: col('s').regexp_replace('(', 'x'), r"REGEXP_REPLACE\(s, '\(', 'x'\): '\(' is not a valid regular expression"),
    (lambda: call('UPPER', col('s'), col('s')), r"UPPER\(s, s\): upper takes 1 argument\(s\), got 2"),
])
def test_a_bad_call_is_an_error_naming_it_when_the_table_is_built(table, expression, message):
    with pytest.raises(ValueError, match=message):
        table.select(expression())


def test_floor_to_a_time_unit_is_not_supported_yet():
    with pytest.raises(NotImplementedError, match='floor to a time unit'):
        col('d').floor('DAY')


def test_functions_run_in_a_table_and_print(capsys, table):
    table.select(col('s').upper_case.alias('u'), col('d').round(0).alias('r'), concat(col('s'), '!').alias('c'),
                 if_then_else(col('c'), 'yes', 'no').alias('y')).execute().print()
    assert capsys.readouterr().out.splitlines()[3] == \
        "| +I |                              X |                            3.0 |                             x! |" \
        "                            yes |"
