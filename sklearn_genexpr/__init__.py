"""sklearn-genexpr: scikit-learn estimators for predicting gene expression.

The public classes live in subpackages (``preprocessing``, ``metrics``,
``neural_network``, ``neighbors``, ``inspection``, ``genomics``, ``model_selection``,
``multioutput``, ``datasets``) and are re-exported here.
Importing the package never imports torch: the neural estimators do that when
first used, so ``import sklearn_genexpr`` stays fast and initialises no CUDA
context (which matters for forked and Dask worker processes).
"""

from . import (
    genomics,
    inspection,
    metrics,
    model_selection,
    multioutput,
    neighbors,
    neural_network,
    preprocessing,
)
from ._alphabet import EncodedSequences
from ._version import __version__
from .neighbors import GeneKNNRegressor
from .neural_network import (
    DGEXRegressor,
    LegNetRegressor,
    OpennessMLP,
    PromoterResNetRegressor,
    TabularMLPRegressor,
)
from .preprocessing import (
    DNAOneHotEncoder,
    GroupStandardScaler,
    JointQuantileNormalizer,
    KmerVectorizer,
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
    TSSBinner,
    group_standardize,
    read_peaks,
    read_tss,
    reverse_complement,
)
from .utils._show_versions import show_versions

__all__ = [
    "DGEXRegressor",
    "GeneKNNRegressor",
    "LegNetRegressor",
    "OpennessMLP",
    "PromoterResNetRegressor",
    "TabularMLPRegressor",
    "DNAOneHotEncoder",
    "EncodedSequences",
    "GroupStandardScaler",
    "JointQuantileNormalizer",
    "KmerVectorizer",
    "ReverseComplementAugmenter",
    "ReverseComplementTransformer",
    "TSSBinner",
    "group_standardize",
    "read_peaks",
    "read_tss",
    "reverse_complement",
    "show_versions",
    "inspection",
    "metrics",
    "genomics",
    "model_selection",
    "multioutput",
    "neighbors",
    "neural_network",
    "preprocessing",
    "__version__",
]
