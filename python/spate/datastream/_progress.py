"""The live status line a job run from a terminal shows on stderr (never stdout): records in and
out per second, for bounded sources the share of input read and the time left, the watermark lag,
checkpoints completed. At most four refreshes a second; off when stderr is not a terminal or with
`spate run --quiet`; the line is cleared when the job ends."""
import sys
import threading
import time
from typing import Optional

# Flink's "no watermark yet" and "end of input".
_NO_WATERMARK = -(1 << 63)
_FINAL_WATERMARK = (1 << 63) - 1


class ProgressLine(object):
    """Shows `graph`'s job's progress while it runs (`start`, `stop`)."""

    def __init__(self, graph, by_id: dict, stream=None, interval: float = 0.25):
        self._graph = graph
        self._stream = stream if stream is not None else sys.stderr
        self._interval = max(interval, 0.25)  # at most four times a second
        self._sources, self._sinks = _sources_and_sinks(by_id)
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._shown = 0  # length of the line on screen

    @staticmethod
    def wanted(stream=None) -> bool:
        from spate.datastream.deployment import _QUIET
        stream = stream if stream is not None else sys.stderr
        try:
            return bool(stream.isatty()) and not _QUIET[0]
        except (AttributeError, ValueError):  # no isatty, or a closed stream
            return False

    def start(self) -> 'ProgressLine':
        self._thread = threading.Thread(target=self._run, name='spate-progress', daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self._shown:
            self._write('\r' + ' ' * self._shown + '\r')

    def _run(self) -> None:
        started = last = time.monotonic()
        totals = (0, 0)
        while not self._stop.wait(self._interval):
            snapshot = self._graph.metrics()
            if snapshot is None:
                continue
            now = time.monotonic()
            line, totals = self.render(snapshot, now - started, now - last, totals)
            last = now
            self._write('\r' + line.ljust(self._shown))
            self._shown = len(line)

    def render(self, snapshot, elapsed: float, span: float, before=(0, 0)) -> tuple:
        """The status line for a metrics snapshot taken `elapsed` s into the job and `span` s after
        the one that gave the totals `before`; and the (records in, records out) totals now."""
        rows, completed, _failed = snapshot
        read = sum(row[4] for row in rows if row[0] in self._sources)
        written = sum(row[3] for row in rows if row[0] in self._sinks)
        span = max(span, 1e-3)
        parts = [f"{_rate(read - before[0], span)} in/s", f"{_rate(written - before[1], span)} out/s"]
        total = sum(size for size in self._sources.values() if size is not None)
        if total and all(size is not None for size in self._sources.values()):
            share = min(read / total, 1.0)
            text = f"{share:.0%} read"
            if 0 < share < 1:
                text += f", {_duration(elapsed * (1 - share) / share)} left"
            parts.append(text)
        watermarks = [row[5] for row in rows if row[5] not in (_NO_WATERMARK, _FINAL_WATERMARK)]
        if watermarks:
            lag = time.time() * 1000 - min(watermarks)
            parts.append(f"watermark lag {_duration(max(lag, 0) / 1000)}")
        if completed:
            parts.append(f"{completed} checkpoint{'s' if completed != 1 else ''}")
        return "spate: " + ", ".join(parts), (read, written)

    def _write(self, text: str) -> None:
        try:
            self._stream.write(text)
            self._stream.flush()
        except (OSError, ValueError):  # a closed terminal must not fail the job
            self._stop.set()


def _sources_and_sinks(by_id: dict) -> tuple:
    """Plan node ids of the sources (with their record counts when bounded and known) and of the
    sinks (nodes nothing reads)."""
    read_from = {id(upstream) for node in by_id.values() for upstream in node.inputs}
    sources, sinks = {}, set()
    for node_id, node in by_id.items():
        if not node.inputs:
            sources[node_id] = _size(node)
        if id(node) not in read_from:
            sinks.add(node_id)
    return sources, sinks


def _size(node) -> Optional[int]:
    if node.kind == 'collection_source' and node.params.get('values') is not None:
        return len(node.params['values'])
    if node.kind == 'sequence_source':
        return node.settings['end'] - node.settings['start'] + 1
    return None  # files, monitored directories: not known ahead


def _rate(count: int, seconds: float) -> str:
    per_second = count / seconds if seconds > 0 else 0.0
    for unit, size in (('G', 1e9), ('M', 1e6), ('k', 1e3)):
        if per_second >= size:
            return f"{per_second / size:.1f}{unit}"
    return f"{per_second:.0f}"


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f} s"
    if seconds < 3600:
        return f"{int(seconds // 60)} min {int(seconds % 60)} s"
    return f"{int(seconds // 3600)} h {int(seconds % 3600 // 60)} min"
