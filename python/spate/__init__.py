"""Spate: a single-machine stream processor with PyFlink's Python API on a Swift runtime.

Scripts written for PyFlink run unchanged with ``spate run job.py``; ``import spate`` gives the same
API under its own name (``spate.common``, ``spate.datastream``).
"""

__version__ = '0.1.0'


def install_pyflink_alias() -> None:
    """Makes ``import pyflink...`` give Spate's modules in this interpreter, as ``spate run`` does:
    for notebooks and test suites that run PyFlink code without ``spate run``.

    Example::

        import spate
        spate.install_pyflink_alias()
        from pyflink.datastream import StreamExecutionEnvironment   # Spate's
    """
    from spate._pyflink_alias import install
    install()
