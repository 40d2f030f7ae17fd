"""`pip wheel ./python` gives a wheel an index accepts: a manylinux tag its binaries really meet
(auditwheel agrees), a stripped libspate.so, and the package's description and classifiers."""
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / ".build" / "release" / "libspate.so"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    if not LIBRARY.is_file():
        pytest.skip("no release libspate.so (make setup builds it)")
    out = tmp_path_factory.mktemp("wheel")
    env = dict(os.environ, SPATE_LIB=str(LIBRARY))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps", "-w", str(out),
                    str(ROOT / "python")], check=True, env=env, capture_output=True)
    [built] = out.glob("*.whl")
    return built


def test_the_wheel_is_tagged_manylinux(wheel):
    assert "-manylinux_2_" in wheel.name and wheel.name.endswith("_x86_64.whl")
    auditwheel = Path(sys.executable).parent / "auditwheel"
    if auditwheel.exists():
        shown = subprocess.run([str(auditwheel), "show", str(wheel)], check=True, capture_output=True, text=True).stdout
        tag = wheel.name.split("-")[-1][:-len(".whl")]
        assert f'consistent with\nthe following platform tag: "{tag}"' in shown


def test_the_library_is_stripped_and_the_metadata_describes_the_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        library = archive.getinfo("spate/libspate.so")
        assert library.file_size < 0.7 * LIBRARY.stat().st_size  # symbol tables gone (about half)
        [metadata] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
    assert "Description-Content-Type: text/markdown" in text
    assert "Spate runs PyFlink jobs on one machine" in text  # the README
    assert "Classifier: Operating System :: POSIX :: Linux" in text
    assert "Requires-Python: >=3.11" in text
