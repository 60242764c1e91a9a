"""Whole chromosomes per fold: the field's split for rows that come from a genome."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils._param_validation import validate_params

from ._base import LabelledGroupKFold

__all__ = ["ChromosomeKFold", "chromosome_groups"]


@validate_params(
    {"X": ["array-like", object], "column": [str]},
    prefer_skip_nested_validation=True,
)
def chromosome_groups(X: Any, *, column: str = "chrom") -> np.ndarray:
    """Group labels of rows by chromosome, for ``groups=`` of any group splitter.

    Parameters
    ----------
    X : DataFrame or array-like of str
        A table with a chromosome column (the genes or regions table of a
        pipeline), or the chromosome names themselves.
    column : str, default="chrom"
        The chromosome column of a table.

    Returns
    -------
    groups : ndarray of shape (n_rows,), dtype int64
        One label per chromosome, numbered in order of first appearance.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_genexpr.model_selection import chromosome_groups
    >>> chromosome_groups(pd.DataFrame({"chrom": ["chr2", "chr1", "chr2"], "tss": [5, 9, 7]}))
    array([0, 1, 0])
    """
    if hasattr(X, "columns"):
        if column not in X.columns:
            raise ValueError(
                f"the table has no chromosome column {column!r}; its columns: "
                f"{list(X.columns)[:10]}."
            )
        names = np.asarray(X[column])
    else:
        names = np.asarray(X)
        if names.ndim != 1:
            raise ValueError(
                f"expected a table with a {column!r} column or 1-D chromosome names, "
                f"got an array of shape {names.shape}."
            )
    if names.size == 0:
        raise ValueError("got 0 rows; at least 1 is required.")
    missing = [i for i, name in enumerate(names.tolist()) if not isinstance(name, str) or not name]
    if missing:
        raise ValueError(
            f"row {missing[0]} has no chromosome name ({names[missing[0]]!r}); "
            f"{len(missing)} rows in all."
        )
    _, first, inverse = np.unique(names, return_index=True, return_inverse=True)
    rank = np.empty(first.size, dtype=np.int64)
    rank[np.argsort(first)] = np.arange(first.size)
    return rank[inverse.reshape(-1)]


class ChromosomeKFold(LabelledGroupKFold):
    """K-fold with whole chromosomes in each test fold.

    Rows from one chromosome share neighbouring regulatory elements, tiles of
    the same loci and linkage: held out by chromosome, a model is scored on
    loci it never saw (the split of Enformer, Basenji and the ENCODE
    challenges). The chromosomes come from the ``column`` of the table
    ``X`` passed to :meth:`split` (the genes or regions table at the front of
    a pipeline), or from ``groups`` (chromosome names) when ``X`` is already
    a feature matrix. Folds are scikit-learn's
    :class:`~sklearn.model_selection.GroupKFold` over chromosomes (balanced by
    rows).

    Parameters
    ----------
    n_splits : int, default=5
        Number of folds (at least 2, at most the number of chromosomes).
    column : str, default="chrom"
        The chromosome column of ``X``.
    shuffle : bool, default=False
        Shuffle the chromosomes before they are spread over the folds.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffle.

    See Also
    --------
    chromosome_groups : The groups themselves.
    HomologyGroupKFold : The same idea for sequences: shared k-mers.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_genexpr.model_selection import ChromosomeKFold
    >>> genes = pd.DataFrame({"chrom": ["chr1", "chr1", "chr2", "chr3", "chr3", "chr3"]})
    >>> [sorted(set(genes.chrom.iloc[test])) for _, test in ChromosomeKFold(3).split(genes)]
    [['chr3'], ['chr1'], ['chr2']]
    """

    def __init__(
        self,
        n_splits: int = 5,
        *,
        column: str = "chrom",
        shuffle: bool = False,
        random_state: Any = None,
    ) -> None:
        super().__init__(n_splits=n_splits, shuffle=shuffle, random_state=random_state)
        self.column = column

    def split(self, X: Any, y: Any = None, groups: Any = None) -> Any:
        """Generate train and test indices with whole chromosomes in each test fold.

        Parameters
        ----------
        X : DataFrame or array-like
            A table with the chromosome ``column``, or any features when
            ``groups`` names the chromosomes.
        y : array-like, default=None
            Ignored.
        groups : array-like of str, default=None
            Each row's chromosome, when ``X`` has no chromosome column.

        Yields
        ------
        train : ndarray
            The training indices of the split.
        test : ndarray
            The test indices of the split.
        """
        yield from self._folds(X, y, groups)

    def _labels(self, X: Any, groups: Any) -> np.ndarray:
        if groups is None:
            if not hasattr(X, "columns"):
                raise ValueError(
                    f"ChromosomeKFold reads the chromosomes from the {self.column!r} column of a "
                    f"table X; X has no columns, so pass the chromosome names as groups=."
                )
            labels = chromosome_groups(X, column=self.column)
        else:
            labels = chromosome_groups(np.asarray(groups))
        n_chromosomes = int(labels.max()) + 1
        if self.n_splits > n_chromosomes:
            raise ValueError(
                f"n_splits={self.n_splits} is more than the {n_chromosomes} chromosomes "
                f"in the data."
            )
        return labels
