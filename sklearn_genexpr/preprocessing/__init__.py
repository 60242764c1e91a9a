"""Transformers that turn sequences and genomics measurements into model input."""

from ..genomics._intervals import read_peaks, read_tss
from ._augment import (
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
    reverse_complement,
)
from ._group_scaler import GroupStandardScaler, group_standardize
from ._kmer import KmerVectorizer
from ._onehot import DNAOneHotEncoder
from ._quantile import JointQuantileNormalizer
from ._tss import TSSBinner

__all__ = [
    "DNAOneHotEncoder",
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
]
