"""Runs the scalar function cases (scalar_function_cases.py) on PyFlink 2.3 and records what it
gives, each case's values and result type, in pyflink_scalar_functions.json beside this file:

    python observe_scalar_functions.py     # with apache-flink 2.3 installed (and Java)

Cases of one input are run as one job (one column each); a job that fails is re-run a case at a
time, so a failing case is recorded as its error.
"""
import json
import math
import sys
from pathlib import Path

from pyflink.table import DataTypes, EnvironmentSettings, TableEnvironment
from pyflink.table.expressions import (atan2, call, coalesce, col, concat, concat_ws, e, if_then_else, lit, log,
                                       not_, null_of, and_, or_, pi)

from scalar_function_cases import CALL_NAMES, CASES

SCOPE = dict(DataTypes=DataTypes, atan2=atan2, call=call, coalesce=coalesce, col=col, concat=concat,
             concat_ws=concat_ws, e=e, if_then_else=if_then_else, lit=lit, log=log, not_=not_, null_of=null_of,
             and_=and_, or_=or_, pi=pi)
TYPES = {'str': DataTypes.STRING, 'i8': DataTypes.TINYINT, 'i16': DataTypes.SMALLINT, 'i32': DataTypes.INT,
         'i64': DataTypes.BIGINT, 'f32': DataTypes.FLOAT, 'f64': DataTypes.DOUBLE, 'bool': DataTypes.BOOLEAN}


def schema(input_type):
    fields = []
    for item in input_type[len('row<'):-1].split(','):
        name, spate_type = item.split(':')
        fields.append(DataTypes.FIELD(name, TYPES[spate_type[:-1]](spate_type.endswith('?'))))
    return DataTypes.ROW(fields)


def value(v):
    if isinstance(v, float) and not math.isfinite(v):
        return {'float': repr(v)}
    return v


def run(t_env, cases):
    first = cases[0]
    table = t_env.from_elements([tuple(row) for row in first['rows']], schema(first['input_type']))
    selected = table.select(*[eval(c['pyflink'], SCOPE).alias(f'c{n}') for n, c in enumerate(cases)])
    types = [str(t) + ('' if t._nullable else ' NOT NULL') for t in selected.get_schema().get_field_data_types()]
    with selected.execute().collect() as rows:
        rows = [list(row) for row in rows]
    return {c['id']: {'type': types[n], 'values': [value(row[n]) for row in rows]} for n, c in enumerate(cases)}


def observe_names(t_env, observed):
    """Which names `call(name, ...)` finds (Flink looks built-in functions up by their own names)."""
    table = t_env.from_elements([('a', 1, 2.0, True)], schema('row<s:str?,i:i32?,d:f64?,c:bool?>'))
    for name, args in CALL_NAMES:
        try:
            table.select(call(name, *[eval(a, SCOPE) for a in args]))
            observed[f'call-name-{name}'] = {'resolves': True}
        except Exception as error:  # noqa: BLE001
            undefined = [line for line in str(error).splitlines() if 'Undefined function' in line]
            observed[f'call-name-{name}'] = {'resolves': False, 'error': (undefined or str(error).splitlines())[0][:200]}


def main():
    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("parallelism.default", "1")
    path = Path(__file__).with_name('pyflink_scalar_functions.json')
    if sys.argv[1:] == ['--names']:  # only the names, over the values recorded before
        observed = {k: v for k, v in json.loads(path.read_text()).items() if not k.startswith('call-name-')}
        observe_names(t_env, observed)
        path.write_text(json.dumps(observed, indent=0, sort_keys=True, ensure_ascii=False) + '\n')
        return
    groups = {}
    for c in CASES:
        groups.setdefault((c['input_type'], json.dumps(c['rows'])), []).append(c)
    observed = {}
    for cases in groups.values():
        try:
            observed.update(run(t_env, cases))
        except Exception:  # noqa: BLE001 - one case at a time, to record which one fails and how
            for c in cases:
                try:
                    observed.update(run(t_env, [c]))
                except Exception as error:  # noqa: BLE001
                    text = str(error)
                    cause = [line for line in text.splitlines() if 'Exception' in line or 'Error' in line]
                    observed[c['id']] = {'error': (cause[-1] if cause else text)[:300]}
    observe_names(t_env, observed)
    path.write_text(json.dumps(observed, indent=0, sort_keys=True, ensure_ascii=False) + '\n')
    print(f'{len(observed)} cases -> {path}')


if __name__ == '__main__':
    main()
