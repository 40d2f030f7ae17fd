"""``python -m spate SCRIPT [ARGS...]``: the same as ``spate run SCRIPT [ARGS...]`` (and ``python -m
spate run ...``, ``--help``, ``--version`` as the `spate` command)."""

import sys

from spate.cli import main

if __name__ == '__main__':
    sys.exit(main())
