"""Groups of sequences that share a k-mer, and a K-fold splitter that keeps each group whole.

A random split of related sequences (native promoters and their variants,
tiles of one region, a motif library) scores memorisation: a test sequence
whose 25-mer the model saw in training is half seen. As in hashFrag, two
sequences are related when they share a k-mer (on either strand), and the
groups are the connected components of that relation: no test-fold sequence
then shares a k-mer with any training-fold sequence.
"""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.utils._param_validation import Interval, validate_params

from .._alphabet import encode_sequences, reverse_complement_joined
from ..utils._validation import reject_bools
from ._base import LabelledGroupKFold

__all__ = ["HomologyGroupKFold", "homology_groups"]

MAX_K = 32  # a k-mer's 2-bit index fits in 64 bits


def _check_flanks(flanks: Any) -> tuple[int, int]:
    try:
        five, three = (int(f) for f in flanks)
    except (TypeError, ValueError):
        raise ValueError(
            f"flanks must be two integers (5' and 3' bases), got {flanks!r}."
        ) from None
    if five < 0 or three < 0:
        raise ValueError(f"flanks must be >= 0, got {flanks!r}.")
    return five, three


_GROUPS_CONSTRAINTS: dict = {
    "X": ["array-like", object],
    "k": [Interval(Integral, 1, MAX_K, closed="both")],
    "flanks": ["array-like"],
    "both_strands": ["boolean"],
}


@validate_params(_GROUPS_CONSTRAINTS, prefer_skip_nested_validation=True)
def homology_groups(
    X: Any, *, k: int = 25, flanks: Any = (0, 0), both_strands: bool = True
) -> np.ndarray:
    """Label each sequence with its group: sequences joined by shared k-mers.

    Two sequences are joined when they share a k-mer (windows holding an
    ambiguity code are left out); with ``both_strands`` a k-mer also matches
    its reverse complement. The groups are the connected components: a chain
    of shared k-mers joins sequences that share none directly.

    Parameters
    ----------
    X : array-like of str of shape (n_sequences,), or EncodedSequences
        The sequences.
    k : int, default=25
        Length of the k-mers (at most 32).
    flanks : tuple of (int, int), default=(0, 0)
        Bases at the 5' and 3' end of every sequence to leave out: a
        library's constant flanks, which every sequence shares (DREAM 2022's
        frame: ``(17, 13)``). A k-mer overlapping a flank is shared by chance
        far more often than one inside the variable region.
    both_strands : bool, default=True
        Match k-mers on either strand.

    Returns
    -------
    groups : ndarray of shape (n_sequences,), dtype int64
        Group labels 0, 1, ... in order of each group's first sequence.

    See Also
    --------
    HomologyGroupKFold : The K-fold splitter over these groups.

    Examples
    --------
    >>> from sklearn_genexpr.model_selection import homology_groups
    >>> homology_groups(["AAACCCGGGTTT", "CCCGGGTAAA", "GGGGGGGGGG", "TTTAAACC"], k=6)
    array([0, 0, 1, 2])
    """
    from . import _homology_kernels as kernels

    reject_bools(_GROUPS_CONSTRAINTS, {"k": k}, owner="homology_groups")
    five, three = _check_flanks(flanks)
    codes, lengths = encode_sequences(X, estimator_name="homology_groups")
    strands = [(codes, lengths, five, three)]
    if both_strands:  # the reverse strand: its 5' end is the forward strand's 3' flank
        strands.append((reverse_complement_joined(codes, lengths)[0], lengths, three, five))
    n = lengths.size
    total = sum(int(kernels.count_windows(lengths, k, f5, f3).sum()) for _, _, f5, f3 in strands)
    hashes = np.empty(total, dtype=np.uint64)
    rows = np.empty(total, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    position = 0
    for strand_codes, strand_lengths, f5, f3 in strands:
        position = kernels.kmer_hashes(
            strand_codes, starts, strand_lengths, k, f5, f3, 0, hashes, rows, position
        )
    hashes, rows = hashes[:position], rows[:position]
    order = np.argsort(hashes, kind="stable")
    parent = np.arange(n, dtype=np.int64)
    kernels.union_runs(hashes[order], rows[order], parent)
    return kernels.component_labels(parent)


class HomologyGroupKFold(LabelledGroupKFold):
    """K-fold over groups of sequences that share k-mers: no shared k-mer across folds.

    The groups are :func:`homology_groups` of the sequences passed to
    :meth:`split`; the folds are scikit-learn's
    :class:`~sklearn.model_selection.GroupKFold` over them (each group in one
    test fold, the folds balanced by size). Usable as ``cv=`` anywhere:
    ``cross_validate``, ``GridSearchCV``, the Dask-backed searches.

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds (at least 2).
    k : int, default=25
        Length of the k-mers of :func:`homology_groups`.
    flanks : tuple of (int, int), default=(0, 0)
        Constant 5' and 3' flanks to leave out (see :func:`homology_groups`).
    both_strands : bool, default=True
        Match k-mers on either strand.
    shuffle : bool, default=False
        Shuffle the groups before they are spread over the folds.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle.

    See Also
    --------
    homology_groups : The groups themselves (for ``groups=`` of other splitters).
    ChromosomeKFold : The same idea for rows from a genome: whole chromosomes per fold.

    Notes
    -----
    A group larger than ``1 / n_splits`` of the data makes folds of unequal
    size; the largest group's size is worth a look (``np.bincount(groups).max()``).

    Examples
    --------
    >>> from sklearn_genexpr.datasets import make_promoter_expression
    >>> from sklearn_genexpr.model_selection import HomologyGroupKFold
    >>> X, y = make_promoter_expression(n_samples=200, random_state=0)
    >>> cv = HomologyGroupKFold(n_splits=4, k=12)
    >>> [len(test) for _, test in cv.split(X)]
    [50, 50, 50, 50]
    """

    def __init__(
        self,
        n_splits: int = 5,
        *,
        k: int = 25,
        flanks: Any = (0, 0),
        both_strands: bool = True,
        shuffle: bool = False,
        random_state: Any = None,
    ) -> None:
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.k = k
        self.flanks = flanks
        self.both_strands = both_strands

    def split(self, X: Any, y: Any = None, groups: Any = None) -> Any:
        """Generate train and test indices; the groups come from the sequences in ``X``.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or EncodedSequences
            The sequences.
        y : array-like, default=None
            Ignored.
        groups : None
            Must be None: the groups are computed from ``X``.

        Yields
        ------
        train : ndarray
            The training indices of the split.
        test : ndarray
            The test indices of the split.
        """
        yield from self._folds(X, y, groups)

    def _labels(self, X: Any, groups: Any) -> np.ndarray:
        if groups is not None:
            raise ValueError(
                "HomologyGroupKFold computes the groups from the sequences; pass groups=None "
                "(or use GroupKFold with your own groups)."
            )
        return homology_groups(X, k=self.k, flanks=self.flanks, both_strands=self.both_strands)
