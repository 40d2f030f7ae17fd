"""The plan the Python API hands to Swift (ARCHITECTURE.md, "The plan"): what Swift refuses names
the node and the script line that made it; the extension refuses bad arguments."""
import json
import sys

import pytest

from spate import _spate
from spate.common.typeinfo import Types
from spate.datastream import StreamExecutionEnvironment


def _line_of(text: str) -> int:
    """The line of this file holding `text`."""
    with open(__file__) as source:
        return next(number for number, line in enumerate(source, 1) if text in line)


def test_a_plan_error_names_the_node_and_the_script_line():
    from spate.datastream.functions import CoProcessFunction

    class Pass(CoProcessFunction):
        def process_element1(self, value, ctx):
            yield value

        def process_element2(self, value, ctx):
            yield value

    env = StreamExecutionEnvironment.get_execution_environment()
    keyed = env.from_collection([1, 2], Types.INT()).key_by(lambda x: x)
    plain = env.from_collection([3], Types.INT())
    keyed.connect(plain).process(Pass()).print()  # the node Swift refuses
    with pytest.raises(ValueError) as raised:
        env.execute()
    message = str(raised.value)
    assert "connect two keyed streams or two unkeyed ones" in message
    assert f"test_plan.py:{_line_of('# the node Swift refuses')}" in message
    assert "'Co-Process'" in message


def test_swift_infers_output_types_and_the_extension_asks_for_them():
    env = StreamExecutionEnvironment.get_execution_environment()
    stream = env.from_collection([(1, 'a', 2.0)], Types.TUPLE([Types.INT(), Types.STRING(), Types.DOUBLE()]))
    stream.project(2, 0).key_by(lambda t: t[1]).reduce(lambda a, b: a).print()
    graph, ids, _ = env._translate(env._sinks)
    assert [graph.output_type(node) for node in range(4)] == [
        'tuple<i32,str,f64>', 'tuple<f64,i32>', 'tuple<f64,i32>', 'tuple<f64,i32>']
    with pytest.raises(ValueError, match="node 9 is not a node of the graph"):
        graph.output_type(9)


def _plan(*nodes) -> str:
    return json.dumps({'version': 1, 'nodes': list(nodes)})


SOURCE = {'id': 0, 'kind': 'sequence_source', 'name': 'numbers', 'settings': {'start': 1, 'end': 3}}


def test_an_empty_plan_raises_instead_of_hanging():
    with pytest.raises(ValueError, match="a plan needs at least one node"):
        _spate.Graph(_plan(), [], [])


def test_a_type_string_nested_50000_deep_raises():
    deep = "list<" * 50_000 + "i64" + ">" * 50_000
    with pytest.raises(ValueError, match="nested more than 1000 levels deep"):
        _spate.Column(deep, [], "deep")
    mapped = {'id': 1, 'kind': 'map', 'name': 'Map', 'inputs': [{'node': 0}],
              'settings': {'function': 0, 'output_type': deep}}
    with pytest.raises(ValueError, match="node 1 'Map': settings.output_type: .*nested more than 1000 levels deep"):
        _spate.Graph(_plan(SOURCE, mapped), [(abs, None, None, 'abs')], [])
    with pytest.raises(ValueError, match="nested deeper than 64 levels"):
        _spate.Graph("[" * 50_000, [], [])


def test_the_extension_refuses_bad_arguments():
    mapped = {'id': 1, 'kind': 'map', 'name': 'Map', 'inputs': [{'node': 0}],
              'settings': {'function': 0, 'output_type': 'i64'}}
    with pytest.raises(TypeError):
        _spate.Graph(_plan(SOURCE), "not a list", [])
    with pytest.raises(TypeError, match=r"columns\[0\] must be a _spate.Column"):
        _spate.Graph(_plan(SOURCE), [], [42])
    with pytest.raises(TypeError, match="a plan function is"):
        _spate.Graph(_plan(SOURCE, mapped), [(abs, None)], [])
    with pytest.raises(TypeError, match="a plan function is"):
        _spate.Graph(_plan(SOURCE, mapped), [5], [])
    # Neither a function nor an opener (this crashed the interpreter), both, or things not callable.
    for entry in [(None, None, None, 'f'), (abs, abs, None, 'f'), (5, None, None, 'f'), (None, 6, None, 'f'),
                  (abs, None, 7, 'f')]:
        with pytest.raises(TypeError, match="a plan function needs a callable func or a callable opener"):
            _spate.Graph(_plan(SOURCE, mapped), [entry], [])
    with pytest.raises(ValueError, match="function 3 is not one of the plan's 1 functions"):
        _spate.Graph(_plan(SOURCE, dict(mapped, settings={'function': 3, 'output_type': 'i64'})),
                     [(abs, None, None, 'abs')], [])
    with pytest.raises(ValueError, match="plan version 7 is not supported"):
        _spate.Graph(json.dumps({'version': 7, 'nodes': []}), [], [])
    with pytest.raises(ValueError, match="plan JSON, line 1"):
        _spate.Graph("{not json", [], [])
    # The interpreter stays usable: a good plan runs after the bad ones.
    graph = _spate.Graph(_plan(SOURCE, mapped, {'id': 2, 'kind': 'collect', 'name': 'out', 'inputs': [{'node': 1}]}),
                         [(lambda x: -x, None, None, 'negate')], [])
    job = graph.start(2)
    values = []
    while (batch := job.next_batch()) is not None:
        values.extend(batch)
    assert sorted(values) == [-3, -2, -1]
    assert sys.getrefcount(graph) >= 2


def _structure(env) -> list:
    """The plan's nodes as (type, contents, parallelism, pact, predecessors by contents and strategy)."""
    nodes = json.loads(env.get_execution_plan())['nodes']
    by_id = {node['id']: node for node in nodes}
    return sorted((node['type'], node['contents'], node['parallelism'], node['pact'],
                   tuple(sorted((by_id[p['id']]['contents'], p['ship_strategy']) for p in node.get('predecessors', []))))
                  for node in nodes)


def test_the_word_count_plan_has_pyflinks_node_structure():
    # As PyFlink 2.3 prints it for the same job: its Python functions and key selector as one node.
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    env.from_collection(["to be or not to be"], Types.STRING()) \
        .flat_map(lambda line: line.split(), Types.STRING()) \
        .map(lambda w: (w, 1), Types.TUPLE([Types.STRING(), Types.INT()])) \
        .key_by(lambda t: t[0]) \
        .reduce(lambda a, b: (a[0], a[1] + b[1])).print()
    fused = 'FlatMap, Map, _stream_key_by_map_operator'
    assert _structure(env) == sorted([
        ('Source: Collection Source', 'Source: Collection Source', 1, 'Data Source', ()),
        (fused, fused, 1, 'Operator', (('Source: Collection Source', 'FORWARD'),)),
        ('Reduce', 'Reduce', 1, 'Operator', ((fused, 'HASH'),)),
        ('Sink: Print to Std. Out', 'Sink: Print to Std. Out', 1, 'Data Sink', (('Reduce', 'FORWARD'),)),
    ])


def test_the_keyed_window_plan_has_pyflinks_node_structure():
    from spate.common import Duration, WatermarkStrategy
    from spate.common.time import Time
    from spate.common.watermark_strategy import TimestampAssigner
    from spate.datastream.window import TumblingEventTimeWindows

    class Stamp(TimestampAssigner):
        def extract_timestamp(self, value, record_timestamp):
            return value[1]

    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    stamped = env.from_collection([("a", 1000), ("b", 2000)], Types.TUPLE([Types.STRING(), Types.LONG()])) \
        .assign_timestamps_and_watermarks(
            WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_seconds(1)).with_timestamp_assigner(Stamp()))
    stamped.key_by(lambda t: t[0]).window(TumblingEventTimeWindows.of(Time.seconds(5))) \
        .reduce(lambda a, b: (a[0], a[1] + b[1])).print()
    window = 'Window(TumblingEventTimeWindows(5000, 0), EventTimeTrigger, function)'
    # As PyFlink 2.3's, but for its Remove-Timestamp step, which Spate has no need to run.
    assert _structure(env) == sorted([
        ('Source: Collection Source', 'Source: Collection Source', 1, 'Data Source', ()),
        ('Extract-Timestamp', 'Extract-Timestamp', 2, 'Operator', (('Source: Collection Source', 'REBALANCE'),)),
        ('Timestamps/Watermarks', 'Timestamps/Watermarks', 2, 'Operator', (('Extract-Timestamp', 'FORWARD'),)),
        ('_stream_key_by_map_operator', '_stream_key_by_map_operator', 2, 'Operator',
         (('Timestamps/Watermarks', 'FORWARD'),)),
        ('TumblingEventTimeWindows', window, 2, 'Operator', (('_stream_key_by_map_operator', 'HASH'),)),
        ('Sink: Print to Std. Out', 'Sink: Print to Std. Out', 2, 'Data Sink', ((window, 'FORWARD'),)),
    ])


def test_a_union_is_no_node_of_its_own():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(2)
    first = env.from_collection([1, 2], Types.INT())
    second = env.from_collection([3], Types.INT())
    first.union(second).map(lambda x: x + 1, Types.INT()).filter(lambda x: x > 1).print()
    assert _structure(env) == sorted([
        ('Source: Collection Source', 'Source: Collection Source', 1, 'Data Source', ()),
        ('Source: Collection Source', 'Source: Collection Source', 1, 'Data Source', ()),
        ('Map, Filter', 'Map, Filter', 2, 'Operator',
         (('Source: Collection Source', 'REBALANCE'), ('Source: Collection Source', 'REBALANCE'))),
        ('Sink: Print to Std. Out', 'Sink: Print to Std. Out', 2, 'Data Sink', (('Map, Filter', 'FORWARD'),)),
    ])
