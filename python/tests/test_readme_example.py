"""The README's first job prints what the README says it prints."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_example_prints_what_the_readme_shows():
    readme = (ROOT / "README.md").read_text()
    shown = re.search(r"\$ \.venv/bin/spate run examples/clicks_per_user\.py\n((?:    .*\n)+)", readme).group(1)
    expected = [line.strip() for line in shown.splitlines()]
    code = (ROOT / "examples" / "clicks_per_user.py").read_text()
    assert code.split("\n", 2)[2].strip() in readme  # the README shows the file as it is
    done = subprocess.run([sys.executable, "-m", "spate", "run", str(ROOT / "examples" / "clicks_per_user.py")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected
