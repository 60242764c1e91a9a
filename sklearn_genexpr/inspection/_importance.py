"""Permutation importance grouped by distance to the TSS (and by assay)."""

from __future__ import annotations

import re
from numbers import Integral
from typing import Any

import numpy as np
from sklearn.metrics import check_scoring
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

__all__ = ["positional_importance"]

# A TSSBinner bin name, optionally prefixed by a FeatureUnion/ColumnTransformer step
_BIN_NAME = re.compile(r"^(?:(?P<assay>.*)__)?tss(?P<low>[+-]\d+)_(?P<high>[+-]\d+)$")


@validate_params(
    {
        "estimator": [object],
        "X": ["array-like", "sparse matrix"],
        "y": ["array-like"],
        "feature_names": ["array-like", None],
        "scoring": [str, callable, None],
        "n_repeats": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def positional_importance(
    estimator: Any,
    X: Any,
    y: Any,
    *,
    feature_names: Any = None,
    scoring: Any = None,
    n_repeats: int = 5,
    random_state: Any = None,
) -> Bunch:
    """How much a fitted model relies on each distance bin around the TSS.

    Permutation importance (``sklearn.inspection.permutation_importance``'s
    measure) over groups of columns: all the columns of one distance bin of one
    assay are permuted together (the same row permutation), and the drop of the
    score is the group's importance. Columns are grouped by their
    :class:`~sklearn_genexpr.preprocessing.TSSBinner` names
    (``tss{low}_{high}``, with a ``FeatureUnion`` prefix ``assay__`` kept as
    the assay). The result is a profile over distance to the TSS.

    Parameters
    ----------
    estimator : object
        A fitted estimator taking the binned matrix ``X``.
    X : {array-like, sparse matrix} of shape (n_genes, n_features)
        Binned signal (the output of ``TSSBinner`` or a union of them).
    y : array-like of shape (n_genes,) or (n_genes, n_outputs)
        Targets to score against.
    feature_names : array-like of str, default=None
        Column names; None takes ``X.columns`` or ``estimator.feature_names_in_``.
    scoring : str or callable, default=None
        A scikit-learn scorer name or callable; None is the estimator's ``score``.
    n_repeats : int, default=5
        Permutations per group.
    random_state : int, RandomState instance or None, default=None
        Seed of the permutations.

    Returns
    -------
    result : Bunch
        ``assay`` and ``distance_low``/``distance_high`` (bp, ``low``
        included) per group, sorted by assay then distance;
        ``importances_mean``, ``importances_std`` and ``importances`` (of
        shape (n_groups, n_repeats)); ``baseline_score``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn_genexpr.inspection import positional_importance
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 3))
    >>> y = 2 * X[:, 1]
    >>> names = ["tss-1000_+0", "tss+0_+1000", "tss+1000_+2000"]
    >>> result = positional_importance(LinearRegression().fit(X, y), X, y,
    ...                                feature_names=names, random_state=0)
    >>> int(np.argmax(result.importances_mean)), int(result.distance_low[1])
    (1, 0)
    """
    names = _feature_names(estimator, X, feature_names)
    groups: dict[tuple[str, int, int], list[int]] = {}
    for column, name in enumerate(names):
        match = _BIN_NAME.match(str(name))
        if match is None:
            raise ValueError(
                f"Column {column} ({name!r}) is not a TSS distance bin: expected TSSBinner "
                f"names such as 'tss-1000_+0' (optionally 'assay__tss-1000_+0')."
            )
        key = (match["assay"] or "", int(match["low"]), int(match["high"]))
        groups.setdefault(key, []).append(column)
    scorer = check_scoring(estimator, scoring=scoring)
    rng = check_random_state(random_state)
    data = X.to_numpy() if hasattr(X, "to_numpy") else X
    if hasattr(data, "tocsc"):
        data = data.toarray()
    data = np.array(data, dtype=float)  # a copy: columns are permuted in place
    frame_columns = getattr(X, "columns", None)

    def score(matrix: np.ndarray) -> float:
        if frame_columns is not None:
            import pandas as pd

            return float(scorer(estimator, pd.DataFrame(matrix, columns=frame_columns), y))
        return float(scorer(estimator, matrix, y))

    baseline = score(data)
    keys = sorted(groups)
    importances = np.empty((len(keys), n_repeats))
    for g, key in enumerate(keys):
        columns = groups[key]
        original = data[:, columns].copy()
        for r in range(n_repeats):
            data[:, columns] = original[rng.permutation(len(data))]
            importances[g, r] = baseline - score(data)
        data[:, columns] = original
    return Bunch(
        assay=np.array([k[0] for k in keys], dtype=object),
        distance_low=np.array([k[1] for k in keys]),
        distance_high=np.array([k[2] for k in keys]),
        importances=importances,
        importances_mean=importances.mean(axis=1),
        importances_std=importances.std(axis=1),
        baseline_score=baseline,
    )


def _feature_names(estimator: Any, X: Any, feature_names: Any) -> np.ndarray:
    if feature_names is None:
        feature_names = getattr(X, "columns", None)
    if feature_names is None:
        feature_names = getattr(estimator, "feature_names_in_", None)
    if feature_names is None:
        raise ValueError(
            "positional_importance needs the column names (TSSBinner's bin names): pass "
            "feature_names=binner.get_feature_names_out(), or X as a DataFrame."
        )
    names = np.asarray(feature_names, dtype=object)
    if len(names) != np.shape(X)[1]:
        raise ValueError(f"{len(names)} feature names for {np.shape(X)[1]} columns of X.")
    return names
