"""The expression cases (Tests/Conformance/expressions.json), Python's side: each expression runs
in a whole plan — a collection of its rows, a native `calc` node, a collect sink — through the
extension's conversions both ways. (Swift's side: Tests/SpateCoreTests/ExpressionTests.swift.)"""
import json
import math
from pathlib import Path

import pytest

from spate import _spate

CASES = json.loads((Path(__file__).resolve().parents[2] / "Tests" / "Conformance" / "expressions.json").read_text())


def _run(case):
    """The expression's value for each row, or the error raised."""
    plan = {'version': 1, 'nodes': [
        {'id': 0, 'kind': 'collection_source', 'name': 'rows', 'settings': {'values': 0}},
        {'id': 1, 'kind': 'calc', 'name': 'Calc', 'inputs': [{'node': 0}],
         'settings': {'projections': [case['expression']], 'names': ['r']}},
        {'id': 2, 'kind': 'collect', 'name': 'out', 'inputs': [{'node': 1}]}]}
    rows = _spate.Column(case['input_type'], [tuple(row) for row in case['rows']], case['id'])
    graph = _spate.Graph(json.dumps(plan), [], [rows])
    job = graph.start(2)
    values = []
    while (batch := job.next_batch()) is not None:
        values.extend(batch)
    return graph, [row[0] for row in values]


def test_there_are_at_least_500_cases():
    assert len(CASES) >= 500


@pytest.mark.parametrize("case", CASES, ids=[case['id'] for case in CASES])
def test_expression(case):
    if 'expect_error' in case:
        with pytest.raises((ValueError, _spate.JobError, TypeError)) as raised:
            _run(case)
        assert case['expect_error'] in str(raised.value.args[0] if raised.value.args else raised.value)
        return
    graph, values = _run(case)
    assert len(values) == len(case['expect'])
    for value, expected in zip(values, case['expect']):
        if isinstance(value, float) and expected is not None:
            expected = float(expected)  # "NaN", "Infinity", "-Infinity" as JSON holds them
            assert value == expected or (math.isnan(value) and math.isnan(expected)) or \
                abs(value - expected) <= case.get('tolerance', 0) * max(abs(expected), 1), (value, expected)
        else:
            assert value == expected
    result_type = graph.output_type(1).split('<', 1)[1].split(':', 1)[1][:-1]
    assert result_type.rstrip('?!') == case['result_type']
    if 'result_not_null' in case:
        assert result_type.endswith('!') == case['result_not_null'], result_type
