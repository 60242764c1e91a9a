"""Regression metrics of the four studies, with scorers for model selection."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.stats import rankdata
from sklearn.metrics import make_scorer
from sklearn.utils.validation import check_consistent_length

from ..utils._validation import check_numeric

__all__ = [
    "pearson_r",
    "spearman_r",
    "per_gene_mae",
    "mean_per_gene_mae",
    "pearson_scorer",
    "spearman_scorer",
]


def _check_targets(
    y_true: Any, y_pred: Any, *, min_samples: int = 2, what: str = "A correlation"
) -> tuple[np.ndarray, np.ndarray]:
    """2-D float64 targets of one shape, finite, with at least ``min_samples`` rows."""
    # sklearn's validation (no complex numbers, no 0-d input), errors naming the argument
    checks = dict(ensure_2d=False, allow_nd=True, ensure_all_finite=False, dtype=np.float64,
                  ensure_min_samples=0)  # fmt: skip
    y_true = check_numeric(y_true, name="y_true", **checks)
    y_pred = check_numeric(y_pred, name="y_pred", **checks)
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        if values.ndim not in (1, 2):
            raise ValueError(
                f"{name} must be 1-D (n_samples,) or 2-D (n_samples, n_outputs), got "
                f"shape {values.shape}."
            )
    check_consistent_length(y_true, y_pred)
    if y_true.ndim == 1:
        y_true = y_true[:, None]
    if y_pred.ndim == 1:
        y_pred = y_pred[:, None]
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true and y_pred have different shapes: {y_true.shape} and {y_pred.shape}."
        )
    if not (np.isfinite(y_true).all() and np.isfinite(y_pred).all()):
        raise ValueError("y_true and y_pred must not contain NaN or infinity.")
    if y_true.shape[0] < min_samples:
        plural = "s" if min_samples > 1 else ""
        raise ValueError(f"{what} needs at least {min_samples} sample{plural}.")
    return y_true, y_pred


def _unit_scale(centred: np.ndarray) -> np.ndarray:
    # r is scale-free; dividing by each column's largest magnitude keeps the
    # sums of squares from underflowing (values ~1e-180) or overflowing.
    scale = np.abs(centred).max(axis=0)
    return centred / np.where(scale > 0, scale, 1.0)


def _columnwise_pearson(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    # A constant column has no defined correlation; scipy returns NaN, and a
    # scorer must not, so it counts as "no linear relation". Test constancy on
    # the raw values: after centring, rounding leaves tiny non-zero residues
    # that would otherwise give a spurious r = 1.
    constant = (a.max(axis=0) == a.min(axis=0)) | (b.max(axis=0) == b.min(axis=0))
    a = _unit_scale(a - a.mean(axis=0))
    b = _unit_scale(b - b.mean(axis=0))
    denominator = np.sqrt((a * a).sum(axis=0) * (b * b).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (a * b).sum(axis=0) / denominator
    return np.where(constant | (denominator == 0), 0.0, np.clip(r, -1.0, 1.0))


def _aggregate(values: np.ndarray, multioutput: str) -> float | np.ndarray:
    if multioutput == "raw_values":
        return values
    if multioutput == "uniform_average":
        return float(values.mean())
    raise ValueError(f"multioutput must be 'raw_values' or 'uniform_average', got {multioutput!r}.")


def pearson_r(
    y_true: Any, y_pred: Any, *, multioutput: str = "uniform_average"
) -> float | np.ndarray:
    """Pearson correlation between targets and predictions, per output.

    The DREAM 2022 promoter challenge's main score. A constant column scores 0.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Measured values.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted values, the shape of ``y_true``.
    multioutput : {"uniform_average", "raw_values"}, default="uniform_average"
        Average the per-output scores, or return them all.

    Returns
    -------
    r : float or ndarray of shape (n_outputs,)
        The correlation, averaged over outputs or one per output.

    Examples
    --------
    >>> from sklearn_genexpr.metrics import pearson_r
    >>> round(pearson_r([1, 2, 3, 4], [1.1, 1.9, 3.2, 3.9]), 4)
    0.9934
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    return _aggregate(_columnwise_pearson(y_true, y_pred), multioutput)


def spearman_r(
    y_true: Any, y_pred: Any, *, multioutput: str = "uniform_average"
) -> float | np.ndarray:
    """Spearman rank correlation per output (ties get average ranks).

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Measured values.
    y_pred : array-like of shape (n_samples,) or (n_samples, n_outputs)
        Predicted values, the shape of ``y_true``.
    multioutput : {"uniform_average", "raw_values"}, default="uniform_average"
        Average the per-output scores, or return them all.

    Returns
    -------
    rho : float or ndarray of shape (n_outputs,)
        The rank correlation, averaged over outputs or one per output.

    Examples
    --------
    >>> from sklearn_genexpr.metrics import spearman_r
    >>> spearman_r([1, 2, 3, 4], [1, 4, 9, 16])
    1.0
    """
    y_true, y_pred = _check_targets(y_true, y_pred)
    ranks_true = rankdata(y_true, axis=0)
    ranks_pred = rankdata(y_pred, axis=0)
    return _aggregate(_columnwise_pearson(ranks_true, ranks_pred), multioutput)


def per_gene_mae(y_true: Any, y_pred: Any) -> np.ndarray:
    """Mean absolute error of each target gene (column), as in D-GEX.

    Parameters
    ----------
    y_true : array-like of shape (n_profiles, n_genes)
        Measured expression.
    y_pred : array-like of shape (n_profiles, n_genes)
        Predicted expression.

    Returns
    -------
    mae : ndarray of shape (n_genes,)
        The mean absolute error of each gene over the profiles.

    Examples
    --------
    >>> from sklearn_genexpr.metrics import per_gene_mae
    >>> per_gene_mae([[0, 1], [2, 3]], [[1, 1], [2, 5]])
    array([0.5, 1. ])
    """
    y_true, y_pred = _check_targets(y_true, y_pred, min_samples=1, what="The per-gene MAE")
    return np.abs(y_true - y_pred).mean(axis=0)


def mean_per_gene_mae(y_true: Any, y_pred: Any) -> float:
    """Average the per-gene MAE over the target genes: the D-GEX overall error.

    Parameters
    ----------
    y_true : array-like of shape (n_profiles, n_genes)
        Measured expression.
    y_pred : array-like of shape (n_profiles, n_genes)
        Predicted expression.

    Returns
    -------
    mae : float
        The mean over genes of each gene's mean absolute error.

    Examples
    --------
    >>> from sklearn_genexpr.metrics import mean_per_gene_mae
    >>> mean_per_gene_mae([[0, 1], [2, 3]], [[1, 1], [2, 5]])
    0.75
    """
    return float(per_gene_mae(y_true, y_pred).mean())


#: ``GridSearchCV(scoring=pearson_scorer)``: higher is better.
pearson_scorer = make_scorer(pearson_r)
#: ``GridSearchCV(scoring=spearman_scorer)``: higher is better.
spearman_scorer = make_scorer(spearman_r)
