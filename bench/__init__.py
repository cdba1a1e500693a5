"""Benchmarks: ``python -m bench NAME`` prints each figure beside a baseline from the same run."""
