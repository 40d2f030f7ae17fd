"""Conversion cost in both directions, against building the same Python objects in a plain loop.

1,000,000 rows of ROW<BIGINT, DOUBLE, STRING (16 chars), TIMESTAMP(3)>:
- floor: a Python loop building the 1M Row objects (their field values included);
- in:    the same rows converted into a Spate column (from_collection);
- out:   the column collected back into 1M Row objects (execute_and_collect of a native source);
- map:   the rows sent through an identity Python map (out and in again), collected.
Prints each time and its ratio to the floor."""
import datetime
import sys
import time

from pyflink.common import Row, Types
from pyflink.datastream import StreamExecutionEnvironment

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
EPOCH = datetime.datetime(2024, 1, 1)
ROW_TYPE = Types.ROW_NAMED(["id", "score", "name", "at"],
                           [Types.LONG(), Types.DOUBLE(), Types.STRING(), Types.SQL_TIMESTAMP()])


def build():
    millis = datetime.timedelta(milliseconds=1)
    return [Row(id=i, score=i * 0.5, name=f"name-{i:011d}", at=EPOCH + i * millis) for i in range(N)]


started = time.perf_counter()
rows = build()
floor = time.perf_counter() - started

env = StreamExecutionEnvironment.get_execution_environment()
started = time.perf_counter()
source = env.from_collection(rows, type_info=ROW_TYPE)
into = time.perf_counter() - started

started = time.perf_counter()
with source.execute_and_collect() as results:
    back = list(results)
out = time.perf_counter() - started
assert len(back) == N and back[-1] == rows[-1], (back[-1], rows[-1])

source = env.from_collection(rows, type_info=ROW_TYPE)
started = time.perf_counter()
with source.map(lambda r: r, output_type=ROW_TYPE).execute_and_collect() as results:
    mapped = sum(1 for _ in results)
through = time.perf_counter() - started
assert mapped == N
print(f"CHECK conversion n={N} floor={floor:.3f}s in={into:.3f}s ({into / floor:.2f}x) "
      f"out={out:.3f}s ({out / floor:.2f}x) map={through:.3f}s ({through / floor:.2f}x of one floor)")
