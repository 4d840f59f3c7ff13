"""Benchmarks: scripts that print figures. Run with ``python -m benchmarks.<name>``."""
