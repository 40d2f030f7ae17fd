"""J5: 1M events over 10,000 keys through a Python KeyedProcessFunction keeping a ValueState counter;
each key's count is emitted by an event-time timer at the end of input."""
import sys, time
from pyflink.common import Types, WatermarkStrategy
from pyflink.datastream import StreamExecutionEnvironment, KeyedProcessFunction
from pyflink.datastream.state import ValueStateDescriptor
from pyflink.datastream.connectors.number_seq import NumberSequenceSource
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
K = 10_000
MAXTS = 2**63 - 2
class Counter(KeyedProcessFunction):
    def open(self, ctx):
        self.cnt = ctx.get_state(ValueStateDescriptor("cnt", Types.LONG()))
    def process_element(self, value, ctx):
        c = self.cnt.value()
        if c is None:
            c = 0
            ctx.timer_service().register_event_time_timer(MAXTS)
        self.cnt.update(c + 1)
    def on_timer(self, timestamp, ctx):
        yield ctx.get_current_key(), self.cnt.value()
env = StreamExecutionEnvironment.get_execution_environment()
env.set_parallelism(1)
src = env.from_source(NumberSequenceSource(0, N - 1), WatermarkStrategy.no_watermarks(), "seq")
out = src.key_by(lambda x: x % K, key_type=Types.LONG()).process(Counter(), output_type=Types.TUPLE([Types.LONG(), Types.LONG()]))
t = time.perf_counter()
keys = total = 0
with out.execute_and_collect() as results:
    for k, c in results:
        keys += 1; total += c
dt = time.perf_counter() - t
print(f"CHECK j5 keys={keys} total={total} seconds={dt:.3f} events_per_s={N/dt:.0f}")
