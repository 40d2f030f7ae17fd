"""``StreamExecutionEnvironment``: where a job is built and from where it runs."""
import json
import os
from typing import Any, List, Optional

from spate.common.configuration import Configuration
from spate.common.execution_config import ExecutionConfig
from spate.common.job_execution_result import JobExecutionResult
from spate.common.job_id import JobID
from spate.common.typeinfo import TypeInformation
from spate.common.watermark_strategy import WatermarkStrategy
from spate.datastream._graph import Fn, Transformation
from spate.datastream.deployment import DeploymentSettings, warn_once
from spate.datastream._types import type_string
from spate.datastream.connectors.base import Source
from spate.datastream.connectors.number_seq import NumberSequenceSource
from spate.datastream.execution_mode import RuntimeExecutionMode
from spate.errors import JobExecutionException


def _check_positive(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{what} must be an int, got {value!r} of type {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{what} must be at least 1, got {value}")
    return value


_DEFAULT_LOCAL_PARALLELISM = [0]  # set_default_local_parallelism (0: not set)

class StreamExecutionEnvironment(DeploymentSettings):
    """The context of a streaming job: sources are created here, and `execute()` runs the job on
    Spate's Swift runtime.

    Example::

        env = StreamExecutionEnvironment.get_execution_environment()
        env.from_collection([1, 2, 3], type_info=Types.LONG()).map(lambda x: x * 2).print()
        env.execute("doubles")
    """

    def __init__(self, configuration: Optional[Configuration] = None):
        self._configuration = Configuration(configuration) if configuration is not None else Configuration()
        self._config = ExecutionConfig()  # holds the parallelism and max parallelism, as Flink's
        self._config.set_parallelism(1)
        self._buffer_timeout = 100
        self._runtime_mode = RuntimeExecutionMode.STREAMING
        self._transformations: List[Transformation] = []
        self._sinks: List[Transformation] = []
        self._chaining = True
        # Runtime options without a PyFlink setting (see spate.testing), as the runtime spells them.
        self._runtime_options: dict = {}

    @staticmethod
    def get_execution_environment(configuration: Configuration = None) -> 'StreamExecutionEnvironment':
        """A new environment (parallelism 1 by default: one machine, one local job), set from the
        process's default configuration (what `spate run -p/-D/...` gave) and then `configuration`."""
        import sys
        env = StreamExecutionEnvironment()
        # Only `spate run`'s options (or an earlier configure) set process defaults, and they load
        # _configure: a script run without them does not pay for loading it.
        configure = sys.modules.get('spate.datastream._configure')
        if configure is not None:
            configure.apply(env, configure.default_configuration())
        return env.configure(configuration) if configuration is not None else env

    def configure(self, configuration: Configuration) -> 'StreamExecutionEnvironment':
        """Takes the settings of `configuration` Flink's `configure` takes (parallelism.default,
        pipeline.*, execution.buffer-timeout, execution.checkpointing.*, python.*: see
        `spate.datastream._configure`); a key not set leaves its setting unchanged."""
        from spate.datastream import _configure
        return _configure.apply(self, configuration)

    def get_default_local_parallelism(self) -> int:
        """The parallelism new local environments would get in Flink (here: set, or the CPU count).
        One value for the process, as Flink's static setting."""
        return _DEFAULT_LOCAL_PARALLELISM[0] or os.cpu_count() or 1

    def set_default_local_parallelism(self, parallelism: int):
        """Kept (Spate environments start at parallelism 1, one machine, one local job)."""
        _DEFAULT_LOCAL_PARALLELISM[0] = _check_positive(parallelism, "parallelism")

    # ---- settings ----

    def set_parallelism(self, parallelism: int) -> 'StreamExecutionEnvironment':
        self._config.set_parallelism(_check_positive(parallelism, "parallelism"))
        return self

    @property
    def _parallelism(self) -> int:
        """The job's default parallelism: `get_config()`'s (1 if that was set to PARALLELISM_DEFAULT)."""
        parallelism = self._config.get_parallelism()
        return parallelism if parallelism > 0 else 1

    @property
    def _max_parallelism(self) -> Optional[int]:
        """`get_config()`'s max parallelism, None if not set."""
        max_parallelism = self._config.get_max_parallelism()
        return max_parallelism if max_parallelism > 0 else None

    def get_parallelism(self) -> int:
        return self._parallelism

    def set_max_parallelism(self, max_parallelism: int) -> 'StreamExecutionEnvironment':
        _check_positive(max_parallelism, "max_parallelism")
        if max_parallelism > 32768:
            raise ValueError(f"max_parallelism must be at most 32768, got {max_parallelism}")
        self._config.set_max_parallelism(max_parallelism)
        return self

    def get_max_parallelism(self) -> int:
        return self._max_parallelism if self._max_parallelism is not None else -1

    def set_buffer_timeout(self, timeout_millis: int) -> 'StreamExecutionEnvironment':
        if not isinstance(timeout_millis, int) or timeout_millis < -1:
            raise ValueError(f"timeout_millis must be -1 or more, got {timeout_millis!r}")
        self._buffer_timeout = timeout_millis
        return self

    def get_buffer_timeout(self) -> int:
        return self._buffer_timeout

    def set_runtime_mode(self, execution_mode: RuntimeExecutionMode):
        if not isinstance(execution_mode, RuntimeExecutionMode):
            raise TypeError(f"execution_mode must be a RuntimeExecutionMode, got {execution_mode!r}")
        self._runtime_mode = execution_mode
        return self

    def get_config(self) -> ExecutionConfig:
        return self._config

    def is_chaining_enabled(self) -> bool:
        return self._chaining

    def disable_operator_chaining(self) -> 'StreamExecutionEnvironment':
        self._chaining = False
        return self

    def add_jars(self, *jars_path: str):
        """Accepted for compatibility; Spate runs no JVM, so jars are not used."""
        warn_once('add_jars', "add_jars() has no effect: Spate runs without a JVM")

    def add_classpaths(self, *classpaths: str):
        """Accepted for compatibility; Spate runs no JVM, so class paths are not used."""
        warn_once('add_classpaths', "add_classpaths() has no effect: Spate runs without a JVM")

    def close(self):
        """Releases the environment (nothing to release in Spate)."""

    # ---- sources ----

    def _add(self, transformation: Transformation) -> Transformation:
        self._transformations.append(transformation)
        return transformation

    def from_collection(self, collection: List[Any], type_info: TypeInformation = None) -> 'DataStream':
        """A bounded stream of the collection's elements (converted now, so a value that does not fit
        `type_info` raises here). Without `type_info`, elements are Python objects as they are."""
        from spate.datastream.data_stream import DataStream
        if isinstance(collection, (str, bytes)) or not hasattr(collection, '__iter__'):
            raise TypeError(f"from_collection: collection must be a list, got {type(collection).__name__}")
        from spate import _spate
        # Converted once, now: a value that does not fit raises here, naming its index.
        values = _spate.Column(type_string(type_info), collection, "from_collection")
        transformation = self._add(Transformation(
            'collection_source', 'Source: Collection Source', [], values=values, function_name=None))
        return DataStream(self, transformation, type_info)

    def from_source(self, source: Source, watermark_strategy: WatermarkStrategy, source_name: str,
                    type_info: TypeInformation = None) -> 'DataStream':
        """A stream from a `Source` (`NumberSequenceSource`, `FileSource`), with the timestamps and
        watermarks of `watermark_strategy` (as `assign_timestamps_and_watermarks` right at the
        source: `set_parallelism` on the result sets the source's too)."""
        from spate.datastream.data_stream import DataStream
        from spate.common.typeinfo import Types
        if not isinstance(watermark_strategy, WatermarkStrategy):
            raise TypeError(f"from_source: watermark_strategy must be a WatermarkStrategy, got {watermark_strategy!r}")
        from spate.datastream.connectors.file_system import FileSource
        if isinstance(source, FileSource):
            transformation = self._add(Transformation(
                'file_source', source_name, [], {'paths': list(source._paths),
                                                 'discovery_interval_ms': source._discovery_interval_ms or None}))
            stream = DataStream(self, transformation, Types.STRING())
        elif isinstance(source, NumberSequenceSource):
            transformation = self._add(Transformation(
                'sequence_source', source_name, [], {'start': source._start, 'end': source._end}))
            stream = DataStream(self, transformation, Types.LONG())
        else:
            raise TypeError(f"from_source: unsupported source {type(source).__name__}")
        if watermark_strategy._kind == 'no_watermarks' and watermark_strategy._timestamp_assigner is None:
            return stream
        timed = stream.assign_timestamps_and_watermarks(watermark_strategy)
        timed._transformation.params['parts'].append(transformation)
        return timed

    # ---- running ----

    def _translate(self, sinks: List[Transformation]):
        """Builds the runtime graph of everything the sinks read from."""
        from spate import _spate
        # Everything the sinks read from, in creation order: streams defined for an earlier job
        # may be built on again, as in Flink.
        needed = {}
        stand_ins = {}  # cached streams: id of the cache node -> the source of its kept records

        def resolved(transformation: Transformation) -> Transformation:
            return stand_ins.get(id(transformation), transformation)

        stack = list(sinks)
        while stack:
            node = stack.pop()
            if node.kind == 'cache':
                from spate.datastream.cached_data_stream import cached_source
                if id(node) not in stand_ins:
                    stand_ins[id(node)] = cached_source(self, node)
                node = stand_ins[id(node)]
            if id(node) not in needed:
                needed[id(node)] = node
                stack.extend(node.inputs)
        nodes, functions, columns = [], [], []
        # The user metrics this graph's functions register when they open (read by execute()).
        from spate.metrics._impl import JobMetrics
        self._translated_metrics = metrics = JobMetrics()
        ids = {}
        by_id = {}
        # The side outputs each operator must produce: those some needed stream reads.
        side_outputs = {}
        for node in needed.values():
            if node.kind == 'side_output':
                sides = side_outputs.setdefault(id(node.inputs[0]), [])
                side = {'tag': node.params['argument'], 'type': node.output_type}
                if side not in sides:
                    sides.append(side)
        for node in sorted(needed.values(), key=lambda n: n.order):
            if node.kind in ('partition', 'side_output'):
                continue  # virtual: they set what and how their consumers read
            inputs = []
            for upstream in node.inputs:
                partitioning = side = None
                upstream = resolved(upstream)
                while upstream.kind in ('partition', 'side_output'):
                    if upstream.kind == 'partition':
                        partitioning = partitioning or upstream.params['argument']
                        if upstream.params['argument'] == 'custom':
                            # The partitioner chooses among the reading operator's subtasks.
                            upstream.inputs[0].params['num_partitions'][0] = node.parallelism or self._parallelism
                    else:
                        side = upstream.params['argument']
                    upstream = resolved(upstream.inputs[0])
                inputs.append({'node': ids[id(upstream)], 'partitioning': partitioning, 'side': side})
            node_id = len(nodes)
            nodes.append(_plan_node(node, node_id, inputs, side_outputs.get(id(node)), functions, columns, metrics))
            ids[id(node)] = node_id
            by_id[node_id] = node
        dependencies = getattr(self, '_python_dependencies', None)  # set by add_python_archive & co.
        if dependencies is not None and dependencies.archives:  # the job runs in their directory
            from spate.datastream._python_dependencies import absolute_paths
            absolute_paths(nodes)
        plan = {'version': 1, 'job': self._job_settings(), 'nodes': nodes}
        graph = _spate.Graph(json.dumps(plan), functions, columns)
        if dependencies:
            from spate.datastream._python_dependencies import JobGraph
            graph = JobGraph(graph, dependencies)
        return graph, ids, by_id

    def _job_settings(self) -> dict:
        """The plan's job settings (ARCHITECTURE.md, "The plan")."""
        job = {'parallelism': self._parallelism, 'buffer_timeout_ms': self._buffer_timeout,
               'runtime_mode': 'BATCH' if self._runtime_mode == RuntimeExecutionMode.BATCH else 'STREAMING',
               'auto_watermark_interval_ms': self.get_config().get_auto_watermark_interval()}
        if self._max_parallelism is not None:
            job['max_parallelism'] = self._max_parallelism
        checkpoints = self.get_checkpoint_config()
        if checkpoints.is_checkpointing_enabled():
            job['checkpoints'] = {'interval_ms': checkpoints.get_checkpoint_interval(),
                                  'mode': checkpoints.get_checkpointing_mode().name,
                                  'min_pause_ms': checkpoints.get_min_pause_between_checkpoints()}
        for key, value in self._runtime_options.items():
            # Whole numbers may be given as text (`_runtime_options['batch_size'] = '64'`).
            job[key] = int(value) if isinstance(value, str) and value.lstrip('-').isdigit() else value
        return job

    def _graph_for_sinks(self, sinks: List[Transformation]):
        if not sinks:
            raise RuntimeError("No operators defined in streaming topology. Cannot execute.")
        return self._translate(sinks)

    def execute(self, job_name: str = None) -> JobExecutionResult:
        """Runs every sink's pipeline to the end; returns the job's id and runtime. Raises
        `JobExecutionException` (chained to the user's exception) when an operator fails."""
        # As Flink: execute() consumes the operators defined so far, so the environment can build
        # the next job and does not keep this one's data alive.
        sinks, self._sinks = self._sinks, []
        return self._run(sinks, job_name or 'Flink Streaming Job')

    def _run(self, sinks: List[Transformation], job_name: str) -> JobExecutionResult:
        """Runs the job of these sinks to its end (`execute()`, and the Table API's inserts)."""
        from spate import _spate
        graph, _, by_id = self._graph_for_sinks(sinks)
        self._transformations = []
        job_id = JobID.generate()
        reporters = self._start_reporters(graph, by_id, job_name, job_id)
        from spate.datastream._progress import ProgressLine
        progress = ProgressLine(graph, by_id).start() if ProgressLine.wanted() else None
        try:
            runtime = graph.execute()
        except _spate.JobError as error:
            raise_job_failure(error, graph, by_id)
        finally:
            if progress is not None:
                progress.stop()
            stop_reporters(reporters)
            _flush_stdout()
        return JobExecutionResult(job_id, runtime)

    def _start_reporters(self, graph, by_id: dict, job_name: str, job_id: JobID) -> list:
        """The metric reporters the configuration sets up (`metrics.reporter.*`), serving the
        job's metrics until `stop_reporters`."""
        from spate.metrics._prometheus import start_reporters
        return start_reporters(self._configuration, graph, self._translated_metrics, by_id, job_name, str(job_id))

    def read_text_file(self, file_path: str, charset_name: str = "UTF-8") -> 'DataStream':
        """The lines of a text file (or of every file in a directory), as strings."""
        from spate.common.watermark_strategy import WatermarkStrategy
        from spate.datastream.connectors.file_system import FileSource, StreamFormat
        source = FileSource.for_record_stream_format(StreamFormat.text_line_format(charset_name), file_path).build()
        return self.from_source(source, WatermarkStrategy.no_watermarks(), "Read Text File")

    def execute_async(self, job_name: str = 'Flink Streaming Job'):
        """Starts every sink's pipeline on a thread of its own and returns a `JobClient` at once
        (to wait for the result, see the status or cancel the job, e.g. an endless one)."""
        from spate.common.job_client import JobClient
        sinks, self._sinks = self._sinks, []
        graph, _, by_id = self._graph_for_sinks(sinks)
        self._transformations = []
        job_id = JobID.generate()
        reporters = self._start_reporters(graph, by_id, job_name, job_id)
        return JobClient(graph, by_id, raise_job_failure, job_id, lambda: stop_reporters(reporters))

    def execute_and_collect(self, job_execution_name: str = None, limit: int = None):
        raise AttributeError("execute_and_collect is a DataStream method")

    def get_execution_plan(self) -> str:
        """The plan of the sinks defined so far, as JSON in Flink's shape."""
        graph, _, _ = self._graph_for_sinks(self._sinks)
        return graph.plan_json()


def _plan_node(node: Transformation, node_id: int, inputs: list, side_outputs: Optional[list], functions: list,
               columns: list, metrics=None) -> dict:
    """Node `node` as the plan spells it: its Python functions and collection values go into the
    plan's `functions` and `columns` lists, which the settings name by number. Functions opened per
    subtask register their metrics in `metrics` (a `JobMetrics`) under this node."""
    from spate.metrics._impl import opening
    settings = dict(node.settings)
    label = node.describe()

    def number(function: Fn) -> int:
        opener = function.opener
        if opener is not None and metrics is not None:
            opener = opening(metrics, node_id, opener)
        functions.append((function.func, opener, function.closer, node.describe(function.name) if function.name else label))
        return len(functions) - 1

    for role, function in node.functions.items():
        settings[role] = [number(f) for f in function] if isinstance(function, list) else number(function)
    values = node.params.get('values')
    if values is not None:
        columns.append(values)
        settings['values'] = len(columns) - 1
    plan_node = {'id': node_id, 'kind': node.kind, 'name': node.name, 'origin': node.origin,
                 'inputs': [{k: v for k, v in edge.items() if v is not None} for edge in inputs],
                 'settings': {k: v for k, v in settings.items() if v is not None}}
    if node.uid:
        plan_node['uid'] = node.uid
    if node.params.get('display'):
        plan_node['display'] = node.params['display']
    if node.parallelism:
        plan_node['parallelism'] = node.parallelism
    if node.params.get('buffer_timeout', -2) != -2:
        plan_node['buffer_timeout_ms'] = node.params['buffer_timeout']
    if side_outputs:
        plan_node['side_outputs'] = side_outputs
    return plan_node


def raise_job_failure(error, graph, by_id):
    """Turns the runtime's JobError into the exception the user sees."""
    from spate.datastream._failure import exception_text, failing_function
    message, node_id, subtask = error.args
    node = by_id.get(node_id)
    failures = list(graph.failures)
    cause = failures[0][1] if failures else None
    if cause is not None and getattr(cause, '__spate_conversion__', False):
        raise cause.with_traceback(None) from None
    function = failing_function(cause) if cause is not None else None
    where = node.describe(function) if node is not None else "the job"
    parallel = f", subtask {subtask + 1}" if subtask is not None and subtask >= 0 else ""
    if cause is not None:
        text = f"Job failed: {where}{parallel} raised {type(cause).__name__}: {exception_text(cause)}"
    else:
        text = f"Job failed: {where}{parallel}: {message}"
    raise JobExecutionException(text, node.name if node else None, subtask) from cause


def stop_reporters(reporters: list) -> None:
    from spate.metrics._prometheus import stop_reporters as stop
    stop(reporters)


def _flush_stdout():
    import sys
    try:
        sys.stdout.flush()
    except Exception:  # noqa: BLE001 - a closed stdout must not hide the job's result
        pass


