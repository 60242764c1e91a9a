"""What a fitted model learned: mutagenesis, variant effects, shuffles, importance by distance.

Functions in the style of :mod:`sklearn.inspection`: they take any fitted
estimator or pipeline (a k-mer + LightGBM pipeline as well as a network) and
call only its ``predict``; two plot helpers draw their results (matplotlib).
"""

from ._attributions import integrated_gradients
from ._importance import positional_importance
from ._mutagenesis import saturation_mutagenesis, variant_effects
from ._plot import plot_mutagenesis, plot_positional_importance
from ._shuffle import dinucleotide_shuffle

__all__ = [
    "dinucleotide_shuffle",
    "integrated_gradients",
    "plot_mutagenesis",
    "plot_positional_importance",
    "positional_importance",
    "saturation_mutagenesis",
    "variant_effects",
]
