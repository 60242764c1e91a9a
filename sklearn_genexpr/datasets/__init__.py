"""Loaders of the shipped real data sets and generators with known ground truth.

The loaders land with the datasets issue; ``data/`` will hold the compressed
files with their provenance.
"""

__all__: list[str] = []
