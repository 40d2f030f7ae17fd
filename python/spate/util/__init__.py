"""Utilities, as in `pyflink.util`: the exceptions Spate's Table API raises (`exceptions`)."""
