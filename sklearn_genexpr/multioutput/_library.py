"""LibraryIndicatorRegressor: one single-output regressor for all libraries of a 2-D y."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context, clone
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._validation import check_target, reject_bool_integers

__all__ = ["LibraryIndicatorRegressor"]


class LibraryIndicatorRegressor(RegressorMixin, BaseEstimator):
    """Fit one regressor on every measured entry of a 2-D target, the library as a feature.

    ``y`` has one column per library or condition, NaN where a row was not
    measured (as :func:`~sklearn_genexpr.datasets.load_yeast_libraries` gives
    it). Every measured ``(row, library)`` entry becomes a training row: the
    row's features plus a one-hot column per library. So a single-output
    model such as LightGBM learns from all libraries at once, the libraries
    sharing what they have in common and the indicator columns holding their
    offsets and, for trees, their interactions (sklearn's
    ``MultiOutputRegressor`` would instead fit one model per library, each on
    its own rows). The multi-task networks of ``sklearn_genexpr.neural_network``
    share a trunk across the libraries instead.

    Parameters
    ----------
    regressor : estimator
        A single-output regressor, cloned in :meth:`fit`; it must accept
        sparse input when X is sparse (LightGBM, ``Ridge``, trees).
    predict_library : int or None, default=None
        None: :meth:`predict` returns every library's prediction, one column
        each (1-D for a 1-D ``y``), as a multi-output regressor does; an int:
        only that library's (column of ``y``), 1-D.

    Attributes
    ----------
    regressor_ : estimator
        The fitted regressor.
    n_libraries_ : int
        Columns of ``y`` seen in :meth:`fit` (1 for 1-D ``y``).
    n_features_in_ : int
        Features of X (before the indicator columns).

    See Also
    --------
    sklearn_genexpr.datasets.load_yeast_libraries : A 2-D target of this kind.
    sklearn_genexpr.neural_network.PromoterResNetRegressor : Multi-task on the same y.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn_genexpr.multioutput import LibraryIndicatorRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3))
    >>> Y = np.full((200, 2), np.nan)
    >>> Y[:100, 0] = X[:100, 0] + 5  # library 0, offset 5
    >>> Y[100:, 1] = X[100:, 0] - 5  # library 1, offset -5
    >>> model = LibraryIndicatorRegressor(Ridge(alpha=1e-3)).fit(X, Y)
    >>> np.round(model.predict_libraries(np.zeros((1, 3))), 1)
    array([[ 5., -5.]])
    """

    _parameter_constraints: dict = {
        "regressor": [HasMethods(["fit", "predict"])],
        "predict_library": [Interval(Integral, 0, None, closed="left"), None],
    }

    def __init__(self, regressor: Any, *, predict_library: int | None = None) -> None:
        self.regressor = regressor
        self.predict_library = predict_library

    def _with_indicator(self, X: Any, library: np.ndarray) -> Any:
        indicator = np.eye(self.n_libraries_, dtype=np.float64)[library]
        if sp.issparse(X):
            return sp.hstack([X, sp.csr_matrix(indicator)]).tocsr()
        return np.hstack([X, indicator])

    @_fit_context(prefer_skip_nested_validation=False)  # the regressor validates itself
    def fit(self, X: Any, y: Any) -> LibraryIndicatorRegressor:
        """Fit the regressor on every measured ``(row, library)`` entry.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Features (e.g. :class:`~sklearn_genexpr.preprocessing.KmerVectorizer`
            counts).
        y : array-like of shape (n_samples,) or (n_samples, n_libraries)
            Targets; NaN marks an entry that was not measured (2-D y only).

        Returns
        -------
        self : object
            The fitted estimator.
        """
        reject_bool_integers(self)
        X = validate_data(self, X, accept_sparse="csr")
        y = check_target(y, X.shape[0], estimator_name=type(self).__name__)
        Y = y.reshape(len(y), -1)
        self.n_libraries_ = Y.shape[1]
        self._y_ndim = y.ndim
        if self.predict_library is not None and self.predict_library >= self.n_libraries_:
            raise ValueError(
                f"predict_library={self.predict_library}, but y has {self.n_libraries_} "
                f"librar{'y' if self.n_libraries_ == 1 else 'ies'} (columns)."
            )
        rows, library = np.nonzero(np.isfinite(Y))
        if len(rows) == 0:
            raise ValueError("y has no measured entry (all NaN): there is nothing to learn.")
        self.regressor_ = clone(self.regressor).fit(
            self._with_indicator(X[rows], library), Y[rows, library]
        )
        return self

    def predict_libraries(self, X: Any) -> np.ndarray:
        """Predict every library.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Features.

        Returns
        -------
        y_pred : ndarray of shape (n_samples, n_libraries)
            Column ``j``: the prediction as if each row were measured in library ``j``.
        """
        check_is_fitted(self)
        return self._predict_columns(X, range(self.n_libraries_))

    def _predict_columns(self, X: Any, libraries: Any) -> np.ndarray:
        """``(n_samples, len(libraries))``: each row as if measured in each library."""
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        columns = [
            self.regressor_.predict(self._with_indicator(X, np.full(X.shape[0], j)))
            for j in libraries
        ]
        return np.column_stack(columns).astype(np.float64)

    def predict(self, X: Any) -> np.ndarray:
        """Predict every library, or ``predict_library`` alone.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Features.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_libraries)
            The expression of each row as measured in each library (1-D for a
            1-D ``y`` or with ``predict_library``).
        """
        check_is_fitted(self)
        if self.predict_library is None:
            every = self.predict_libraries(X)
            return every.ravel() if self._y_ndim == 1 else every
        return self._predict_columns(X, [self.predict_library]).ravel()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        tags.input_tags.allow_nan = False
        return tags
