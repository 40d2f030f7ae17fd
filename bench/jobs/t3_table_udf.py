"""T3: a Python scalar udf (x * 2 + 1) over N generated BIGINTs, summed natively (batch mode)."""
import sys

from pyflink.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment
from pyflink.table.expressions import col
from pyflink.table.udf import udf

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2_000_000
t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
numbers = t_env.from_descriptor(
    TableDescriptor.for_connector('datagen').schema(Schema.new_builder().column('x', DataTypes.BIGINT()).build())
    .option('fields.x.kind', 'sequence').option('fields.x.start', '0').option('fields.x.end', str(N - 1)).option('number-of-rows', str(N)).option('rows-per-second', str(10 ** 12)).build())
twice_plus_one = udf(lambda x: x * 2 + 1, result_type=DataTypes.BIGINT())
result = numbers.select(twice_plus_one(col('x')).alias('y')).select(col('y').sum.alias('s'), col('y').count.alias('n'))
total, count = next(iter(result.execute().collect()))
print(f"CHECK t3 count={count} sum={total}")
