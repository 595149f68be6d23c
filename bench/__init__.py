"""Benchmarks of Parvis at the scale of a département: `make bench` (see the "Benchmarks" section of the README).

Nothing here is part of the installed package: the baseline views exist only under `bench.settings`.
"""
