"""`spate.install_pyflink_alias()`: PyFlink code in a notebook or a test suite, without `spate run`."""
import subprocess
import sys


def test_the_alias_makes_pyflink_imports_give_spates_modules():
    script = (
        "import spate\n"
        "spate.install_pyflink_alias()\n"
        "spate.install_pyflink_alias()  # twice is harmless\n"
        "from pyflink.datastream import StreamExecutionEnvironment\n"
        "from pyflink.common import Types\n"
        "import spate.datastream\n"
        "assert StreamExecutionEnvironment is spate.datastream.StreamExecutionEnvironment\n"
        "env = StreamExecutionEnvironment.get_execution_environment()\n"
        "print(sorted(env.from_collection([3, 1, 2], Types.INT()).map(lambda x: x * 10, Types.INT())"
        ".execute_and_collect()))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[10, 20, 30]"


def test_without_the_alias_pyflink_is_not_spate():
    done = subprocess.run([sys.executable, "-c", "import spate\nimport pyflink"], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr
