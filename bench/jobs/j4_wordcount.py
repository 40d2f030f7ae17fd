"""J4: word count over generated lines: Python flat_map split, key_by word, sum.

usage: j4_wordcount.py LINES [streaming|batch]. Streaming collects every running count (2M updates)
into Python; batch mode emits only each word's final count, as PyFlink's BATCH mode does."""
import sys

from pyflink.common import Types
from pyflink.datastream import RuntimeExecutionMode, StreamExecutionEnvironment

L = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
MODE = sys.argv[2] if len(sys.argv) > 2 else "streaming"
lines = [' '.join(f"word_{(i * 7919 + j * 104729) % 5000}" for j in range(10)) for i in range(L)]
env = StreamExecutionEnvironment.get_execution_environment()
env.set_parallelism(1)
if MODE == "batch":
    env.set_runtime_mode(RuntimeExecutionMode.BATCH)
counts = env.from_collection(lines, type_info=Types.STRING()) \
    .flat_map(lambda line: [(w, 1) for w in line.split()], output_type=Types.TUPLE([Types.STRING(), Types.LONG()])) \
    .key_by(lambda t: t[0], key_type=Types.STRING()) \
    .sum(1)
final = {}
with counts.execute_and_collect() as results:
    for word, count in results:
        final[word] = count
print(f"CHECK j4 distinct={len(final)} max={max(final.values())} total={sum(final.values())}")
