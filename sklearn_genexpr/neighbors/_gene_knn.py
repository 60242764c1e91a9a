"""GeneKNNRegressor: the KNN-GE baseline of D-GEX."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from ..utils._validation import check_numeric

__all__ = ["GeneKNNRegressor"]


class GeneKNNRegressor(RegressorMixin, BaseEstimator):
    """Predict each target gene as the mean of its most similar landmark genes (KNN-GE).

    Unlike :class:`~sklearn.neighbors.KNeighborsRegressor`, the neighbours are
    *genes*, not samples: for every target gene (column of y), :meth:`fit`
    finds the ``n_neighbors`` landmark genes (columns of X) whose profiles
    over the training samples are nearest to the target's in Euclidean
    distance; :meth:`predict` returns, for each new profile, the mean of
    those landmark genes' values. This is the KNN-GE baseline of D-GEX (Chen
    et al. 2016); as there, standardise X and y per gene first.

    Parameters
    ----------
    n_neighbors : int, default=10
        Landmark genes averaged per target gene.

    Attributes
    ----------
    neighbors_ : ndarray of shape (n_outputs, n_neighbors)
        Column indices (into X) of the landmark genes chosen for each target,
        nearest first.
    distances_ : ndarray of shape (n_outputs, n_neighbors)
        Their Euclidean distances to the target over the training samples.
    n_outputs_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neighbors import GeneKNNRegressor
    >>> X = np.array([[0.0, 1.0, 5.0], [1.0, 2.0, 5.0], [2.0, 3.0, 5.0]])
    >>> y = X[:, :2].mean(axis=1) + 0.01
    >>> knn = GeneKNNRegressor(n_neighbors=2).fit(X, y)
    >>> knn.neighbors_
    array([[1, 0]])
    >>> knn.predict([[4.0, 6.0, 0.0]])
    array([5.])
    """

    _parameter_constraints: dict = {"n_neighbors": [Interval(Integral, 1, None, closed="left")]}

    def __init__(self, n_neighbors: int = 10) -> None:
        self.n_neighbors = n_neighbors

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any) -> GeneKNNRegressor:
        """Find the nearest landmark genes of every target gene.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_landmarks)
            Landmark gene expression of the training profiles.
        y : array-like of shape (n_samples,) or (n_samples, n_targets)
            Target gene expression of the same profiles.

        Returns
        -------
        self : GeneKNNRegressor
            The fitted regressor.
        """
        X, y = check_numeric(
            X, estimator=self, y=y, dtype=np.float64, multi_output=True, y_numeric=True
        )
        if self.n_neighbors > X.shape[1]:
            raise ValueError(
                f"n_neighbors={self.n_neighbors} is more than the {X.shape[1]} landmark "
                f"genes (columns of X)."
            )
        y = np.asarray(y, dtype=np.float64)
        self._y_ndim = y.ndim
        Y = y.reshape(y.shape[0], -1)
        # Distances between columns do not change when one value per sample (row) is
        # subtracted from X and y alike; subtracting the landmarks' row means keeps the
        # one-product expansion below from cancelling catastrophically (values near 1e8:
        # |y|^2 + |x|^2 - 2 y.x loses every digit of the distance).
        shift = X.mean(axis=1, keepdims=True)
        X, Y = X - shift, Y - shift
        # ||y_t - x_l||^2 for all pairs in one product: (n_targets, n_landmarks)
        squared = (Y * Y).sum(axis=0)[:, None] + (X * X).sum(axis=0)[None, :] - 2.0 * (Y.T @ X)
        np.maximum(squared, 0, out=squared)  # rounding can dip below 0
        nearest = np.argsort(squared, axis=1, kind="stable")[:, : self.n_neighbors]
        self.neighbors_ = nearest
        self.distances_ = np.sqrt(np.take_along_axis(squared, nearest, axis=1))
        self.n_outputs_ = Y.shape[1]
        # Averaging as a sparse (n_landmarks, n_targets) matrix: predict is one product.
        self._averaging = sp.csr_matrix(
            (
                np.full(nearest.size, 1.0 / self.n_neighbors),
                (nearest.ravel(), np.repeat(np.arange(self.n_outputs_), self.n_neighbors)),
            ),
            shape=(X.shape[1], self.n_outputs_),
        )
        return self

    def predict(self, X: Any) -> np.ndarray:
        """Mean of each target's neighbour landmark genes in each profile.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_landmarks)
            Landmark gene expression of the profiles to predict.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_targets)
            Predicted target gene expression.
        """
        check_is_fitted(self)
        X = check_numeric(X, estimator=self, dtype=np.float64, reset=False)
        out = np.asarray(self._averaging.T @ X.T).T
        return out.ravel() if self._y_ndim == 1 else out

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags
