"""J1: 10 ints -> Python map(x + 1) -> collect; the whole process is timed."""
from pyflink.common import Types
from pyflink.datastream import StreamExecutionEnvironment

env = StreamExecutionEnvironment.get_execution_environment()
env.set_parallelism(1)
ds = env.from_collection(list(range(10)), type_info=Types.LONG()).map(lambda x: x + 1, output_type=Types.LONG())
with ds.execute_and_collect() as results:
    values = list(results)
print(f"CHECK j1 n={len(values)} sum={sum(values)}")
