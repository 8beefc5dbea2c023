"""Benchmarks: each module runs by itself and prints a table; run.py runs them all."""
