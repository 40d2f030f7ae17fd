"""T5: a 10-row from_elements -> select -> print Table API job; the whole process is timed."""
from pyflink.table import EnvironmentSettings, TableEnvironment
from pyflink.table.expressions import col

t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
table = t_env.from_elements([(i, f"w{i}") for i in range(10)], ['id', 'word'])
result = table.select((col('id') + 1).alias('next'), col('word')).execute()
result.print()
values = [row[0] for row in result.collect()]
print(f"CHECK t5 n={len(values)} sum={sum(values)}")
