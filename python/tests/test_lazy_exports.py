"""The packages' public names are imported when first used: a script pays at start-up only for
the modules it touches, and still finds every name where PyFlink has it."""
import subprocess
import sys

import pytest

import spate.common
import spate.datastream


def _modules_after(statement):
    probe = f"import sys; {statement}; print(sorted(m for m in sys.modules if m.startswith('spate.')))"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout


def test_a_script_imports_only_the_modules_it_uses():
    loaded = _modules_after("from spate.datastream import StreamExecutionEnvironment; "
                            "from spate.common import Types")
    for untouched in ("spate.datastream.window", "spate.datastream.state_backend", "spate.datastream.broadcast",
                      "spate.datastream.async_data_stream", "spate.common.restart_strategy",
                      "spate.common.config_options"):
        assert f"'{untouched}'" not in loaded, untouched


@pytest.mark.parametrize("package", [spate.common, spate.datastream])
def test_every_public_name_resolves_and_is_listed(package):
    for name in package.__all__:
        value = getattr(package, name)
        assert value.__name__ == name
        assert name in dir(package)


def test_an_unknown_name_is_an_attribute_error_naming_the_package():
    with pytest.raises(AttributeError, match="module 'spate.datastream' has no attribute 'StreamEnvironment'"):
        spate.datastream.StreamEnvironment  # noqa: B018
    with pytest.raises(ImportError, match="cannot import name 'Typez' from 'spate.common'"):
        from spate.common import Typez  # noqa: F401
