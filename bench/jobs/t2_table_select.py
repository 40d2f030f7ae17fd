"""T2: five arithmetic expressions and a filter over N generated rows, counted natively
(batch mode): the Table API's native expressions without Python in the loop."""
import sys

from pyflink.table import DataTypes, EnvironmentSettings, Schema, TableDescriptor, TableEnvironment
from pyflink.table.expressions import col

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000_000
t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
rows = t_env.from_descriptor(
    TableDescriptor.for_connector('datagen').schema(Schema.new_builder().column('x', DataTypes.BIGINT()).build())
    .option('fields.x.kind', 'sequence').option('fields.x.start', '0').option('fields.x.end', str(N - 1)).option('number-of-rows', str(N)).option('rows-per-second', str(10 ** 12)).build())
selected = rows.where(col('x') % 3 == 1).select(
    (col('x') * 2 + 1).alias('a'), (col('x') - 7).alias('b'), (col('x') / 2).alias('c'),
    (col('x') % 10).alias('d'), (col('x') * 3).abs.alias('e'))
result = selected.select(col('a').sum.alias('s'), col('e').count.alias('n'))
total, count = next(iter(result.execute().collect()))
print(f"CHECK t2 count={count} sum={total}")
