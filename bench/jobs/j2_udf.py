"""J2: NumberSequenceSource(0, N-1) -> map(x * 2 + 1) -> filter(x % 3 == 0) -> count and sum."""
import sys
import time

from pyflink.common import Types, WatermarkStrategy
from pyflink.datastream import StreamExecutionEnvironment
from pyflink.datastream.connectors.number_seq import NumberSequenceSource

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
started = time.perf_counter()
env = StreamExecutionEnvironment.get_execution_environment()
env.set_parallelism(1)
ds = env.from_source(NumberSequenceSource(0, N - 1), WatermarkStrategy.no_watermarks(), "seq") \
    .map(lambda x: x * 2 + 1, output_type=Types.LONG()) \
    .filter(lambda x: x % 3 == 0)
count = total = 0
with ds.execute_and_collect() as results:
    for value in results:
        count += 1
        total += value
print(f"CHECK j2 count={count} sum={total} seconds={time.perf_counter() - started:.3f}")
