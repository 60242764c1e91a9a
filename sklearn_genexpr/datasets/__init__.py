"""Real data sets shipped with the package, and generators with known ground truth.

The loaders read compressed files in ``data/`` (each with its provenance file);
the generators make data of the four studies' shapes whose signal is known.
"""

from ._base import (
    load_dgex_arrays,
    load_histone_expression,
    load_k562_openness,
    load_yeast_libraries,
    load_yeast_promoters,
)
from ._generators import (
    make_landmark_expression,
    make_openness_expression,
    make_promoter_expression,
)
from ._promoter_file import load_promoter_file

__all__ = [
    "load_dgex_arrays",
    "load_histone_expression",
    "load_k562_openness",
    "load_promoter_file",
    "load_yeast_libraries",
    "load_yeast_promoters",
    "make_landmark_expression",
    "make_openness_expression",
    "make_promoter_expression",
]
