"""Transformers that turn sequences and genomics measurements into model input."""

from ._augment import (
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
    reverse_complement,
)
from ._kmer import KmerVectorizer
from ._onehot import DNAOneHotEncoder

__all__ = [
    "DNAOneHotEncoder",
    "KmerVectorizer",
    "ReverseComplementAugmenter",
    "ReverseComplementTransformer",
    "reverse_complement",
]
