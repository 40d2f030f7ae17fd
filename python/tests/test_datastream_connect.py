"""Connected streams: one operator, a function for each input."""
import pytest

from spate.common import Types
from spate.common import WatermarkStrategy
from spate.common.watermark_strategy import TimestampAssigner
from spate.datastream import CoFlatMapFunction, CoMapFunction, CoProcessFunction, KeyedCoProcessFunction
from spate.datastream.state import ListStateDescriptor, ValueStateDescriptor
from spate.errors import JobExecutionException


class Label(CoMapFunction):
    def open(self, runtime_context):
        self.opened = True

    def map1(self, value):
        return 'num', str(value * 10)

    def map2(self, value):
        assert self.opened  # one function object per subtask serves both inputs
        return 'str', value.upper()


def test_co_map_over_streams_of_different_types(env):
    numbers = env.from_collection([1, 2, 3], type_info=Types.LONG())
    words = env.from_collection(['x', 'yy'], type_info=Types.STRING())
    out = numbers.connect(words).map(Label(), Types.TUPLE([Types.STRING(), Types.STRING()])).execute_and_collect()
    assert sorted(out) == [('num', '10'), ('num', '20'), ('num', '30'), ('str', 'X'), ('str', 'YY')]


def test_co_flat_map_and_errors(env):
    class Spread(CoFlatMapFunction):
        def flat_map1(self, value):
            yield value

        def flat_map2(self, value):
            for word in value.split():
                yield len(word)

    numbers = env.from_collection([7], type_info=Types.LONG())
    lines = env.from_collection(['a bb ccc'], type_info=Types.STRING())
    assert sorted(numbers.connect(lines).flat_map(Spread(), Types.LONG()).execute_and_collect()) == [1, 2, 3, 7]

    class Broken(CoMapFunction):
        def map1(self, value):
            return value

        def map2(self, value):
            raise KeyError(value)

    numbers.connect(lines).map(Broken(), Types.LONG()).print()
    with pytest.raises(JobExecutionException, match="Co-Map") as info:
        env.execute()
    assert isinstance(info.value.__cause__, KeyError)
    with pytest.raises(TypeError, match="expected a CoMapFunction"):
        numbers.connect(lines).map(lambda x: x)
    with pytest.raises(TypeError, match="connected streams without keys need a CoProcessFunction"):
        numbers.connect(lines).process(Label())


ORDERS = [('apple', 3), ('pear', 1), ('apple', 5), ('fig', 2)]
PRICES = [('apple', 10.0), ('pear', 20.0), ('apple', 11.0)]
ORDER = Types.TUPLE([Types.STRING(), Types.INT()])
PRICE = Types.TUPLE([Types.STRING(), Types.DOUBLE()])


class Join(KeyedCoProcessFunction):
    """Every order with every price of its key, whichever arrives first."""

    def open(self, runtime_context):
        self.orders = runtime_context.get_list_state(ListStateDescriptor('orders', Types.PICKLED_BYTE_ARRAY()))
        self.prices = runtime_context.get_list_state(ListStateDescriptor('prices', Types.PICKLED_BYTE_ARRAY()))

    def process_element1(self, order, ctx):
        assert ctx.get_current_key() == order[0]
        self.orders.add(order[1])
        for price in self.prices.get():
            yield order[0], order[1] * price

    def process_element2(self, price, ctx):
        assert ctx.get_current_key() == price[0]
        self.prices.add(price[1])
        for quantity in self.orders.get():
            yield price[0], quantity * price[1]


EXPECTED_JOIN = [('apple', 30.0), ('apple', 33.0), ('apple', 50.0), ('apple', 55.0), ('pear', 20.0)]


def test_keyed_co_process_shares_keyed_state_between_inputs(env):
    orders = env.from_collection(ORDERS, type_info=ORDER)
    prices = env.from_collection(PRICES, type_info=PRICE)
    joined = orders.connect(prices).key_by(lambda o: o[0], lambda p: p[0]).process(Join())
    assert sorted(joined.execute_and_collect()) == EXPECTED_JOIN
    # Keyed before connecting means the same, with typed keys.
    orders = env.from_collection(ORDERS, type_info=ORDER).key_by(lambda o: o[0], key_type=Types.STRING())
    prices = env.from_collection(PRICES, type_info=PRICE).key_by(lambda p: p[0], key_type=Types.STRING())
    joined = orders.connect(prices).process(Join(), Types.TUPLE([Types.STRING(), Types.DOUBLE()]))
    assert sorted(joined.execute_and_collect()) == EXPECTED_JOIN


class First(TimestampAssigner):
    def extract_timestamp(self, value, record_timestamp):
        return len(value[0])


def test_keyed_co_process_timers_see_both_inputs(env):
    class CountAtEnd(KeyedCoProcessFunction):
        def open(self, runtime_context):
            self.count = runtime_context.get_state(ValueStateDescriptor('count', Types.LONG()))

        def bump(self, ctx):
            self.count.update((self.count.value() or 0) + 1)
            ctx.timer_service().register_event_time_timer(100)
            return []

        def process_element1(self, value, ctx):
            return self.bump(ctx)

        def process_element2(self, value, ctx):
            return self.bump(ctx)

        def on_timer(self, timestamp, ctx):
            yield ctx.get_current_key(), self.count.value(), timestamp

    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(First())
    orders = env.from_collection(ORDERS, type_info=ORDER).assign_timestamps_and_watermarks(strategy)
    prices = env.from_collection(PRICES, type_info=PRICE).assign_timestamps_and_watermarks(strategy)
    counts = orders.connect(prices).key_by(lambda o: o[0], lambda p: p[0]).process(CountAtEnd())
    assert sorted(counts.execute_and_collect()) == [('apple', 4, 100), ('fig', 1, 100), ('pear', 2, 100)]


def test_keyed_co_map_and_flat_map_may_use_keyed_state(env):
    class Running(CoMapFunction):
        def open(self, runtime_context):
            self.seen = runtime_context.get_state(ValueStateDescriptor('seen', Types.LONG()))

        def bump(self, key):
            self.seen.update((self.seen.value() or 0) + 1)
            return key, self.seen.value()

        def map1(self, value):
            return self.bump(value[0])

        def map2(self, value):
            return self.bump(value[0])

    orders = env.from_collection(ORDERS, type_info=ORDER)
    prices = env.from_collection(PRICES, type_info=PRICE)
    out = list(orders.connect(prices).key_by(lambda o: o[0], lambda p: p[0]).map(Running()).execute_and_collect())
    assert {key: max(n for k, n in out if k == key) for key, _ in out} == {'apple': 4, 'pear': 2, 'fig': 1}

    class Words(CoFlatMapFunction):
        def flat_map1(self, value):
            yield from [value[0]] * value[1]

        def flat_map2(self, value):
            yield value[0].upper()

    out = orders.connect(prices).key_by(lambda o: o[0], lambda p: p[0]).flat_map(Words(), Types.STRING())
    assert sorted(out.execute_and_collect()) == sorted(['apple'] * 8 + ['pear', 'fig', 'fig', 'APPLE', 'PEAR', 'APPLE'])


def test_co_process_without_keys_sees_timestamps_and_refuses_timers(env):
    class Tag(CoProcessFunction):
        def process_element1(self, value, ctx):
            yield 'order', value[0], ctx.timestamp()

        def process_element2(self, value, ctx):
            yield 'price', value[0], ctx.timestamp()

    strategy = WatermarkStrategy.for_monotonous_timestamps().with_timestamp_assigner(First())
    orders = env.from_collection(ORDERS[:2], type_info=ORDER).assign_timestamps_and_watermarks(strategy)
    prices = env.from_collection(PRICES[:1], type_info=PRICE)
    out = orders.connect(prices).process(Tag()).execute_and_collect()
    assert sorted(out, key=str) == [('order', 'apple', 5), ('order', 'pear', 4), ('price', 'apple', None)]

    class Timer(CoProcessFunction):
        def process_element1(self, value, ctx):
            ctx.timer_service().register_event_time_timer(5)
            return []

        def process_element2(self, value, ctx):
            return []

    with pytest.raises(JobExecutionException, match="only supported on a keyed stream"):
        list(orders.connect(prices).process(Timer()).execute_and_collect())


def test_connected_streams_check_their_functions_and_keys(env):
    orders = env.from_collection(ORDERS, type_info=ORDER)
    prices = env.from_collection(PRICES, type_info=PRICE)
    with pytest.raises(TypeError, match="keyed connected streams need a KeyedCoProcessFunction"):
        orders.connect(prices).key_by(lambda o: o[0], lambda p: p[0]).process(Label())
    mixed = orders.key_by(lambda o: o[0]).connect(prices)
    with pytest.raises(TypeError, match="connected streams without keys need a CoProcessFunction"):
        mixed.process(Join())

    class Pass(CoProcessFunction):
        def process_element1(self, value, ctx):
            yield value

        def process_element2(self, value, ctx):
            yield value

    mixed.process(Pass()).print()
    with pytest.raises(ValueError, match="connect two keyed streams or two unkeyed ones"):
        env.execute()
