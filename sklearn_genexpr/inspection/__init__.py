"""What a fitted model learned: mutagenesis, variant effects, shuffles, importance by distance.

Functions in the style of :mod:`sklearn.inspection`: they take any fitted
estimator or pipeline (a k-mer + LightGBM pipeline as well as a network) and
call only its ``predict``.
"""

from ._importance import positional_importance
from ._mutagenesis import saturation_mutagenesis, variant_effects
from ._shuffle import dinucleotide_shuffle

__all__ = [
    "dinucleotide_shuffle",
    "positional_importance",
    "saturation_mutagenesis",
    "variant_effects",
]
