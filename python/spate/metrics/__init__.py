"""
User-defined metrics, as in `pyflink.metrics`: a function's `open()` reaches its operator's
`MetricGroup` through `RuntimeContext.get_metrics_group()` and registers `Counter`s, gauges,
`Meter`s and `Distribution`s there (reported, with Spate's built-in operator metrics, by the
Prometheus reporter when the job's configuration sets one up: `spate.metrics._prometheus`).
"""
from spate._lazy import lazy_exports

__getattr__, __dir__, __all__ = lazy_exports(globals(), {
    'metricbase': ['MetricGroup', 'Metric', 'Counter', 'Meter', 'Distribution'],
})
