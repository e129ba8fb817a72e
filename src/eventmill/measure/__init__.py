"""Measuring the coder: scoring against gold files and PLOVER records, and benchmarks."""
