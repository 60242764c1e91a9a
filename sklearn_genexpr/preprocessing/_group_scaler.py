"""Standardisation within groups of rows (each gene across cell types)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin, _fit_context
from sklearn.utils.validation import check_is_fitted

from ..utils._validation import check_numeric

__all__ = ["GroupStandardScaler", "group_standardize"]


def _group_codes(groups: Any, n_rows: int) -> tuple[np.ndarray, int]:
    groups = np.asarray(groups)
    if groups.ndim != 1 or groups.shape[0] != n_rows:
        raise ValueError(
            f"groups must be 1-D with one label per row ({n_rows}), got shape {groups.shape}."
        )
    if groups.dtype.kind == "f" and np.isnan(groups).any():
        raise ValueError(f"groups has NaN at row {int(np.argmax(np.isnan(groups)))}.")
    if groups.dtype == object and any(g is None for g in groups):
        raise ValueError("groups has None labels.")
    uniques, codes = np.unique(groups, return_inverse=True)
    return codes.ravel(), len(uniques)


def _indicator(codes: np.ndarray, n_groups: int) -> sp.csr_matrix:
    """(n_groups, n_rows) 0/1 matrix: one product sums the rows of each group."""
    return sp.csr_matrix(
        (np.ones(codes.size), (codes, np.arange(codes.size))), shape=(n_groups, codes.size)
    )


def _standardize(
    X: np.ndarray, codes: np.ndarray, n_groups: int, with_mean: bool, with_std: bool
) -> np.ndarray:
    counts = np.bincount(codes, minlength=n_groups).astype(np.float64)
    indicator = _indicator(codes, n_groups)
    mean = (indicator @ X) / counts[:, None]
    centered = X - mean[codes]
    out = centered if with_mean else X.astype(np.float64, copy=True)
    if with_std:
        var = (indicator @ (centered * centered)) / counts[:, None]
        out /= _safe_scale(var, mean, counts[:, None])[codes]
    return out


def _sparse_group_moments(
    X: sp.spmatrix, codes: np.ndarray, n_groups: int, counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and variance of each column within each group of a sparse X, in two passes.

    ``E[x^2] - E[x]^2`` cancels catastrophically for a constant non-zero column
    (0.1 everywhere came out with a variance of ~1e-17 instead of 0, which the
    rounding test of :func:`_safe_scale` is not made for); here the squared
    deviations are summed over the stored entries, and each implicit zero adds
    ``mean**2``.
    """
    indicator = _indicator(codes, n_groups)
    mean = np.asarray((indicator @ X).todense()) / counts
    coo = X.tocoo()
    deviation = coo.data - mean[codes[coo.row], coo.col]
    squares = sp.csr_matrix((deviation * deviation, (coo.row, coo.col)), shape=X.shape)
    stored = sp.csr_matrix((np.ones_like(coo.data), (coo.row, coo.col)), shape=X.shape)
    zeros = counts - np.asarray((indicator @ stored).todense())
    var = (np.asarray((indicator @ squares).todense()) + zeros * mean**2) / counts
    return mean, var


def _safe_scale(var: np.ndarray, mean: np.ndarray, counts: Any) -> np.ndarray:
    """Standard deviation, 1 where a feature is constant up to rounding.

    As in ``StandardScaler``: a variance within the rounding error of the
    mean (not only exactly 0) counts as constant, so near-constant groups are
    centred, not blown up to +-1.
    """
    eps = np.finfo(np.float64).eps
    rounding = counts * eps * var + (counts * mean * eps) ** 2
    return np.where(var <= rounding, 1.0, np.sqrt(np.maximum(var, 0)))


def group_standardize(
    X: Any, groups: Any, *, with_mean: bool = True, with_std: bool = True
) -> np.ndarray:
    """Standardise (z-score) each column within each group of rows.

    For the openness study: rows are (gene, cell type) pairs, ``groups`` the
    gene of each row, and each gene's bins (or expression, as ``y``) are
    standardised across its cell types.

    Parameters
    ----------
    X : array-like of shape (n_rows,) or (n_rows, n_features)
        Values; a 1-D array (e.g. a target) is standardised likewise.
    groups : array-like of shape (n_rows,)
        Group label of each row.
    with_mean, with_std : bool, default=True
        Centre / scale (population std; a zero std leaves values centred).

    Returns
    -------
    X_std : ndarray of the shape of ``X``, float64
        The values standardised within their group.

    Examples
    --------
    >>> from sklearn_genexpr.preprocessing import group_standardize
    >>> group_standardize([1.0, 3.0, 10.0, 20.0], groups=["a", "a", "b", "b"])
    array([-1.,  1., -1.,  1.])
    """
    X = np.asarray(X, dtype=np.float64)
    if not np.isfinite(X).all():
        raise ValueError("X has NaN or infinity; group_standardize needs finite values.")
    one_d = X.ndim == 1
    X2 = X[:, None] if one_d else X
    codes, n_groups = _group_codes(groups, X2.shape[0])
    out = _standardize(X2, codes, n_groups, with_mean, with_std)
    return out[:, 0] if one_d else out


class GroupStandardScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Standardise features within groups of rows, e.g. each gene across cell types.

    With ``groups`` (one label per row), every group is centred and scaled by
    the mean and standard deviation of its own rows *in the call where it
    appears*: this is a per-gene feature construction, applied the same way
    to training and held-out genes, and it learns nothing from other genes
    (no leakage). Pass all rows of a gene in one call. Without ``groups`` it
    behaves like :class:`~sklearn.preprocessing.StandardScaler`: statistics
    are learned in :meth:`fit` and applied in :meth:`transform`.

    In a Pipeline, ``groups`` reaches this step through sklearn's metadata
    routing (the request is on by default)::

        sklearn.set_config(enable_metadata_routing=True)
        pipe = make_pipeline(TSSBinner(PeakTrack(peaks), sparse_output=False),
                             GroupStandardScaler(), OpennessMLP())
        pipe.fit(genes, y, groups=genes["gene"])
        pipe.predict(new_genes, groups=new_genes["gene"])

    For the target use :func:`group_standardize` (``y`` is not routed through
    transformers).

    Parameters
    ----------
    with_mean : bool, default=True
        Centre the values. Sparse input needs ``with_mean=False`` (centring
        would make it dense), as in ``StandardScaler``.
    with_std : bool, default=True
        Scale to unit variance (population std; zero std leaves values as is).

    Attributes
    ----------
    mean_ : ndarray of shape ``(n_features_in_,)``
        Column means learned in :meth:`fit` (used when ``groups`` is None).
    scale_ : ndarray of shape ``(n_features_in_,)``
        Column standard deviations learned in :meth:`fit` (1 where 0).
    n_features_in_ : int
    feature_names_in_ : ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.preprocessing import GroupStandardScaler
    >>> X = np.array([[1.0], [3.0], [10.0], [30.0]])
    >>> GroupStandardScaler().fit_transform(X, groups=["g1", "g1", "g2", "g2"])
    array([[-1.],
           [ 1.],
           [-1.],
           [ 1.]])
    """

    __metadata_request__fit = {"groups": True}
    __metadata_request__transform = {"groups": True}

    _parameter_constraints: dict = {"with_mean": ["boolean"], "with_std": ["boolean"]}

    def __init__(self, *, with_mean: bool = True, with_std: bool = True) -> None:
        self.with_mean = with_mean
        self.with_std = with_std

    def _check_X(self, X: Any, reset: bool) -> Any:
        X = check_numeric(X, estimator=self, accept_sparse="csr", dtype=np.float64, reset=reset)
        if sp.issparse(X) and self.with_mean:
            raise ValueError(
                "Cannot centre sparse input (it would become dense); use "
                "with_mean=False or a dense input (e.g. TSSBinner(sparse_output=False))."
            )
        return X

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None, groups: Any = None) -> GroupStandardScaler:
        """Learn column statistics (used for calls without ``groups``).

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_rows, n_features)
        y : None
            Ignored.
        groups : array-like of shape (n_rows,), optional
            Checked for shape; group statistics are computed where they are applied.

        Returns
        -------
        self : GroupStandardScaler
            The fitted scaler.
        """
        X = self._check_X(X, reset=True)
        if groups is not None:
            _group_codes(groups, X.shape[0])
        if sp.issparse(X):
            one_group = np.zeros(X.shape[0], dtype=np.intp)
            counts = np.array([[X.shape[0]]], dtype=np.float64)
            mean, var = (m.ravel() for m in _sparse_group_moments(X, one_group, 1, counts))
        else:
            mean, var = X.mean(axis=0), X.var(axis=0)
        self.mean_, self.scale_ = mean, _safe_scale(var, mean, X.shape[0])
        return self

    def transform(self, X: Any, groups: Any = None) -> Any:
        """Standardise within ``groups``, or with the fitted statistics.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_rows, n_features)
            The values to standardise.
        groups : array-like of shape (n_rows,), optional
            Group label of each row; None uses the statistics learned in :meth:`fit`.

        Returns
        -------
        X_std : ndarray or sparse matrix of shape (n_rows, n_features)
            The standardised values (sparse input stays sparse).
        """
        check_is_fitted(self)
        X = self._check_X(X, reset=False)
        if groups is None:
            if sp.issparse(X):
                return X.multiply(1.0 / self.scale_).tocsr() if self.with_std else X.copy()
            out = X - self.mean_ if self.with_mean else X.copy()
            return out / self.scale_ if self.with_std else out
        codes, n_groups = _group_codes(groups, X.shape[0])
        if sp.issparse(X):  # with_mean is False here: only scale, keep sparse
            if not self.with_std:
                return X.copy()
            counts = np.bincount(codes, minlength=n_groups)[:, None]
            mean, var = _sparse_group_moments(X, codes, n_groups, counts)
            std = _safe_scale(var, mean, counts)
            return sp.csr_matrix(X.multiply(1.0 / std[codes]))
        return _standardize(X, codes, n_groups, self.with_mean, self.with_std)

    def fit_transform(self, X: Any, y: Any = None, groups: Any = None) -> Any:
        """Fit, then transform with the same ``groups``.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_rows, n_features)
            The values to standardise.
        y : None
            Ignored.
        groups : array-like of shape (n_rows,), optional
            Group label of each row.

        Returns
        -------
        X_std : ndarray or sparse matrix of shape (n_rows, n_features)
            The standardised values.
        """
        return self.fit(X, y, groups=groups).transform(X, groups=groups)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = not self.with_mean  # centring would densify
        return tags
