"""`spate plan`: runs a script with its jobs intercepted (nothing runs) and shows the plan of each
job it would have run, from `get_execution_plan()`'s JSON (Flink's shape: nodes, parallelism, ship
strategies), with each watermark node's strategy, as text, JSON, Mermaid or Graphviz DOT."""
import json
from typing import Callable, List

__all__ = ['FORMATS', 'capture_plans', 'render']

from spate.cli import PLAN_FORMATS as FORMATS  # noqa: E402 - one list, where the command line takes it


class _Job:
    """One job the script would have run: its name and plan (Flink's JSON, as a dict)."""

    def __init__(self, name: str, plan: dict):
        self.name = name
        self.plan = plan


def capture_plans(run: Callable[[], object]):
    """Calls `run` (which runs the script) with every way of starting a job replaced by one that
    records the job's plan and returns at once, as if the job had run and produced nothing;
    returns (what `run` returned, the jobs)."""
    from spate.common.job_execution_result import JobExecutionResult
    from spate.common.job_id import JobID
    from spate.datastream import _configure
    from spate.datastream.data_stream import DataStream
    from spate.datastream.stream_execution_environment import StreamExecutionEnvironment as Env
    from spate.datastream._graph import Transformation
    jobs: List[_Job] = []

    def record(env, sinks, job_name):
        graph, _, _ = env._graph_for_sinks(sinks)
        plan = json.loads(graph.plan_json())
        _add_watermark_strategies(plan, sinks)
        jobs.append(_Job(_configure.job_name(env, job_name), plan))
        env._sinks, env._transformations = [], []  # as execute(): the next job starts afresh

    def execute(self, job_name: str = None):
        record(self, self._sinks, job_name)
        return JobExecutionResult(JobID.generate(), 0)

    def execute_async(self, job_name: str = None):
        record(self, self._sinks, job_name)
        return _NoJob(JobExecutionResult(JobID.generate(), 0))

    def execute_and_collect(self, job_execution_name: str = None, limit: int = None):
        record(self._env, [Transformation('collect', 'Collect Sink', [self._transformation])], job_execution_name)
        return [] if limit is not None else _NoRecords()

    saved = [(Env, 'execute', Env.execute), (Env, 'execute_async', Env.execute_async),
             (DataStream, 'execute_and_collect', DataStream.execute_and_collect)]
    Env.execute, Env.execute_async, DataStream.execute_and_collect = execute, execute_async, execute_and_collect
    try:
        return run(), jobs
    finally:
        for owner, name, method in saved:
            setattr(owner, name, method)


class _NoRecords:
    """What an intercepted `execute_and_collect()` gives: no records (a closeable iterator)."""

    def __iter__(self):
        return self

    def __next__(self):
        raise StopIteration

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _NoJob:
    """What an intercepted `execute_async()` gives: a client of a job that finished at once."""

    def __init__(self, result):
        from spate.common.completable_future import CompletableFuture
        self._result = CompletableFuture()
        self._result._complete(result)
        self._job_id = result.get_job_id()

    def get_job_id(self):
        return self._job_id

    def get_job_execution_result(self):
        return self._result

    def get_job_status(self):
        from spate.common.completable_future import CompletableFuture
        from spate.common.job_status import JobStatus
        status = CompletableFuture()
        status._complete(JobStatus.FINISHED)
        return status

    def cancel(self):
        return self.get_job_status()


def _add_watermark_strategies(plan: dict, sinks):
    """Notes each watermark node's strategy (`watermark_strategy`) in the plan: the job's watermark
    transformations, in the order they were made, are its `Timestamps/Watermarks` nodes in order."""
    seen, stack, strategies = set(), list(sinks), []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.extend(node.inputs)
        if node.kind == 'watermarks':
            strategies.append(node)
    strategies.sort(key=lambda node: node.order)
    nodes = [node for node in plan.get('nodes', []) if node.get('type') == 'Timestamps/Watermarks']
    if len(nodes) != len(strategies):
        return
    for plan_node, node in zip(nodes, strategies):
        settings = node.settings
        text = 'bounded out-of-orderness %d ms, every %d ms' % (settings['out_of_orderness_ms'], settings['interval_ms'])
        if settings.get('idle_timeout_ms'):
            text += ', idle after %d ms' % settings['idle_timeout_ms']
        plan_node['watermark_strategy'] = text


# ---- rendering ----

def _label_lines(node: dict) -> List[str]:
    lines = [node['type']]
    if node.get('contents') and node['contents'] != node['type']:
        lines.append(node['contents'])
    lines.append('parallelism %s' % node.get('parallelism'))
    if node.get('watermark_strategy'):
        lines.append('watermarks: %s' % node['watermark_strategy'])
    return lines


def _text(jobs: List[_Job]) -> str:
    out = []
    for job in jobs:
        out.append("Job '%s'" % job.name)
        for node in job.plan['nodes']:
            out.append('  [%d] %s  (%s, parallelism %s)' % (node['id'], node['type'], node.get('pact', 'Operator'),
                                                            node.get('parallelism')))
            if node.get('contents') and node['contents'] != node['type']:
                out.append('        %s' % node['contents'])
            for edge in node.get('predecessors', []):
                out.append('        <- [%d] %s' % (edge['id'], edge.get('ship_strategy', '')))
            if node.get('watermark_strategy'):
                out.append('        watermarks: %s' % node['watermark_strategy'])
        out.append('')
    return '\n'.join(out)


def _json(jobs: List[_Job]) -> str:
    shown = [dict(name=job.name, **job.plan) for job in jobs]
    return json.dumps(shown[0] if len(shown) == 1 else shown, indent=2)


def _mermaid_text(text: str) -> str:
    return text.replace('&', '#amp;').replace('"', '#quot;').replace('<', '#lt;').replace('>', '#gt;')


def _mermaid(jobs: List[_Job]) -> str:
    out = ['flowchart LR']
    for number, job in enumerate(jobs, 1):
        prefix = 'j%d_n' % number if len(jobs) > 1 else 'n'
        indent = '    ' if len(jobs) > 1 else '  '
        if len(jobs) > 1:
            out.append('  subgraph job%d ["%s"]' % (number, _mermaid_text(job.name)))
        for node in job.plan['nodes']:
            label = '<br/>'.join(_mermaid_text(line) for line in _label_lines(node))
            out.append('%s%s%d["%s"]' % (indent, prefix, node['id'], label))
        for node in job.plan['nodes']:
            for edge in node.get('predecessors', []):
                out.append('%s%s%d -->|%s| %s%d' % (indent, prefix, edge['id'], _mermaid_text(edge.get('ship_strategy', '')),
                                                     prefix, node['id']))
        if len(jobs) > 1:
            out.append('  end')
    return '\n'.join(out)


def _dot_text(text: str) -> str:
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n')


def _dot(jobs: List[_Job]) -> str:
    name = jobs[0].name if len(jobs) == 1 else 'jobs'
    out = ['digraph %s {' % _dot_text(name), '  rankdir=LR;', '  node [shape=box];']
    for number, job in enumerate(jobs, 1):
        prefix = 'j%d_n' % number if len(jobs) > 1 else 'n'
        indent = '    ' if len(jobs) > 1 else '  '
        if len(jobs) > 1:
            out.append('  subgraph cluster_%d {' % number)
            out.append('    label=%s;' % _dot_text(job.name))
        for node in job.plan['nodes']:
            out.append('%s%s%d [label=%s];' % (indent, prefix, node['id'], _dot_text('\n'.join(_label_lines(node)))))
        for node in job.plan['nodes']:
            for edge in node.get('predecessors', []):
                out.append('%s%s%d -> %s%d [label=%s];' % (indent, prefix, edge['id'], prefix, node['id'],
                                                          _dot_text(edge.get('ship_strategy', ''))))
        if len(jobs) > 1:
            out.append('  }')
    out.append('}')
    return '\n'.join(out)


def _svg_text(text: str) -> str:
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')


def _svg(jobs: List[_Job]) -> str:
    """The plans drawn as SVG without Graphviz: each node a box in the column of its depth (its
    longest path from a source), left to right, with an arrow per edge labelled by its strategy."""
    box_width, line_height, gap_x, gap_y, margin = 240, 16, 80, 24, 20
    shapes, top, width = [], margin, margin * 2 + box_width
    for job in jobs:
        nodes = {node['id']: node for node in job.plan['nodes']}
        depth = {}

        def depth_of(node_id, seen=()):
            if node_id not in depth:
                inputs = [edge['id'] for edge in nodes[node_id].get('predecessors', []) if edge['id'] not in seen]
                depth[node_id] = 1 + max((depth_of(i, seen + (node_id,)) for i in inputs), default=-1)
            return depth[node_id]

        columns = {}
        for node_id in nodes:
            columns.setdefault(depth_of(node_id), []).append(node_id)
        shapes.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (margin, top + 14, _svg_text("Job '%s'" % job.name)))
        top += 28
        place, bottom = {}, top
        for column, ids in sorted(columns.items()):
            y = top
            for node_id in ids:
                lines = _label_lines(nodes[node_id])
                height = line_height * len(lines) + 12
                x = margin + column * (box_width + gap_x)
                place[node_id] = (x, y, height)
                width = max(width, x + box_width + margin)
                kind = nodes[node_id].get('pact', 'Operator')
                fill = {'Data Source': '#e8f4e8', 'Data Sink': '#f4e8e8'}.get(kind, '#eef2f8')
                shapes.append('<rect x="%d" y="%d" width="%d" height="%d" rx="6" fill="%s" stroke="#445"/>'
                              % (x, y, box_width, height, fill))
                for number, line in enumerate(lines):
                    shapes.append('<text x="%d" y="%d" font-size="12">%s</text>'
                                  % (x + 8, y + 18 + number * line_height, _svg_text(line[:38])))
                y += height + gap_y
            bottom = max(bottom, y)
        for node_id, node in nodes.items():
            for edge in node.get('predecessors', []):
                if edge['id'] not in place:
                    continue
                (x1, y1, h1), (x2, y2, h2) = place[edge['id']], place[node_id]
                start, end = (x1 + box_width, y1 + h1 // 2), (x2, y2 + h2 // 2)
                shapes.append('<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#445" marker-end="url(#arrow)"/>'
                              % (start + end))
                shapes.append('<text x="%d" y="%d" font-size="10" fill="#556">%s</text>'
                              % ((start[0] + end[0]) // 2 - 24, (start[1] + end[1]) // 2 - 4,
                                 _svg_text(edge.get('ship_strategy', ''))))
        top = bottom + margin
    return ('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif">\n'
            '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" '
            'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#445"/></marker></defs>\n%s\n</svg>'
            % (width, top, '\n'.join(shapes)))


def render(jobs: List[_Job], form: str) -> str:
    """The jobs' plans in `form` (one of FORMATS)."""
    return {'text': _text, 'json': _json, 'mermaid': _mermaid, 'dot': _dot, 'svg': _svg}[form](jobs).rstrip('\n') + '\n'
