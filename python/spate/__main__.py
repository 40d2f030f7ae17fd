"""``python -m spate SCRIPT.py [ARGS...]``: the same as ``spate run SCRIPT.py [ARGS...]``."""

import sys

from spate.cli import main

if __name__ == '__main__':
    sys.exit(main())
