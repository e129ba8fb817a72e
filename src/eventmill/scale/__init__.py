"""Coding across processes and hosts with Dask distributed."""
