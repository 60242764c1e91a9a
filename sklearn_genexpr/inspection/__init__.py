"""What a fitted model learned: mutagenesis, variant effects, motifs by name, shuffles.

Functions in the style of :mod:`sklearn.inspection`: they take any fitted
estimator or pipeline (a k-mer + LightGBM pipeline as well as a network) and
call only its ``predict`` (the ResNet's mutagenesis has a faster exact
route); plot helpers draw their results (matplotlib). Motif discovery and
matching need the ``motifs`` extra, imported only when called.
"""

from ._attributions import integrated_gradients
from ._contributions import hypothetical_contributions
from ._importance import positional_importance
from ._logos import plot_motifs
from ._motifs import Motif, discover_motifs, find_motifs, load_motif_database, match_motifs
from ._mutagenesis import saturation_mutagenesis, variant_effects
from ._plot import plot_mutagenesis, plot_positional_importance
from ._shuffle import dinucleotide_shuffle

__all__ = [
    "Motif",
    "dinucleotide_shuffle",
    "discover_motifs",
    "find_motifs",
    "hypothetical_contributions",
    "integrated_gradients",
    "load_motif_database",
    "match_motifs",
    "plot_motifs",
    "plot_mutagenesis",
    "plot_positional_importance",
    "positional_importance",
    "saturation_mutagenesis",
    "variant_effects",
]
