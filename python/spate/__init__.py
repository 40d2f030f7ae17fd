"""Spate: a single-machine stream processor with PyFlink's Python API on a Swift runtime.

Scripts written for PyFlink run unchanged with ``spate run job.py``; ``import spate`` gives the same
API under its own name (``spate.common``, ``spate.datastream``).
"""

__version__ = '0.1.0'
