"""Benchmarks: `python -m bench [--quick]`. Timings are reported, never asserted."""
