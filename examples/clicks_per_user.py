# Clicks per user in 5-second event-time windows: the README's example.

from pyflink.common import Duration, Types, WatermarkStrategy
from pyflink.common.time import Time
from pyflink.common.watermark_strategy import TimestampAssigner
from pyflink.datastream import StreamExecutionEnvironment
from pyflink.datastream.window import TumblingEventTimeWindows

class AtSecond(TimestampAssigner):
    def extract_timestamp(self, click, record_timestamp):
        return click[1] * 1000

env = StreamExecutionEnvironment.get_execution_environment()
clicks = env.from_collection([("ann", 0), ("bob", 3), ("ann", 4), ("ann", 7)], Types.TUPLE([Types.STRING(), Types.INT()]))
strategy = WatermarkStrategy.for_bounded_out_of_orderness(Duration.of_seconds(1)).with_timestamp_assigner(AtSecond())
clicks.assign_timestamps_and_watermarks(strategy).map(lambda c: (c[0], 1), Types.TUPLE([Types.STRING(), Types.INT()])) \
    .key_by(lambda c: c[0]).window(TumblingEventTimeWindows.of(Time.seconds(5))) \
    .reduce(lambda a, b: (a[0], a[1] + b[1])).print()
env.execute("clicks per user, every 5 seconds")
