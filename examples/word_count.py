"""Word count: the PyFlink DataStream word count, unchanged, on Spate.

Run it with `make run`, or `.venv/bin/spate run examples/word_count.py`.
"""
from pyflink.common import Types
from pyflink.datastream import StreamExecutionEnvironment

TEXT = [
    "To be, or not to be,--that is the question:--",
    "Whether 'tis nobler in the mind to suffer",
    "The slings and arrows of outrageous fortune",
    "Or to take arms against a sea of troubles,",
    "And by opposing end them?--To die,--to sleep,--",
]


def split(line):
    for word in line.lower().replace(",", " ").replace("-", " ").replace("?", " ").replace(":", " ").split():
        yield word, 1


def main():
    env = StreamExecutionEnvironment.get_execution_environment()
    env.set_parallelism(1)
    lines = env.from_collection(TEXT, type_info=Types.STRING())
    counts = lines.flat_map(split, output_type=Types.TUPLE([Types.STRING(), Types.INT()])) \
        .key_by(lambda pair: pair[0], key_type=Types.STRING()) \
        .sum(1)
    counts.print()
    env.execute("word_count")


if __name__ == '__main__':
    main()
