"""J3 through the PyFlink DataStream API: 5M events, key i % 1000, value i % 97, event time i ms,
tumbling 1 s event-time windows, sum per key and window (a Python reduce), results collected.

usage: j3_window.py N [KEYS] [WINDOW_MS]   (J3b: KEYS=100, WINDOW_MS=10000)"""
import sys

from pyflink.common import Time, Types, WatermarkStrategy
from pyflink.common.watermark_strategy import TimestampAssigner
from pyflink.datastream import StreamExecutionEnvironment
from pyflink.datastream.connectors.number_seq import NumberSequenceSource
from pyflink.datastream.window import TumblingEventTimeWindows

N = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
KEYS = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
WINDOW = int(sys.argv[3]) if len(sys.argv) > 3 else 1000


class EventTime(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return value[2]


env = StreamExecutionEnvironment.get_execution_environment()
env.set_parallelism(1)
events = env.from_source(NumberSequenceSource(0, N - 1), WatermarkStrategy.no_watermarks(), "events") \
    .map(lambda i: (i % KEYS, i % 97, i), output_type=Types.TUPLE([Types.LONG(), Types.LONG(), Types.LONG()]))
sums = events.assign_timestamps_and_watermarks(
        WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(EventTime())) \
    .key_by(lambda e: e[0]) \
    .window(TumblingEventTimeWindows.of(Time.milliseconds(WINDOW))) \
    .reduce(lambda a, b: (a[0], a[1] + b[1], a[2]))
rows = total = 0
with sums.execute_and_collect() as results:
    for _key, value, _time in results:
        rows += 1
        total += value
print(f"CHECK j3 rows={rows} total={total}")
