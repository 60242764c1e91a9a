import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV

from sklearn_genexpr.metrics import (
    mean_per_gene_mae,
    pearson_r,
    pearson_scorer,
    per_gene_mae,
    spearman_r,
    spearman_scorer,
)

finite = st.floats(-1e3, 1e3, allow_nan=False)


@settings(max_examples=50, deadline=None)
@given(a=arrays(np.float64, 20, elements=finite), b=arrays(np.float64, 20, elements=finite))
def test_correlations_match_scipy(a, b):
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        assert pearson_r(a, b) == 0.0  # constant input: defined as 0, not NaN
        return
    assert pearson_r(a, b) == pytest.approx(stats.pearsonr(a, b)[0], abs=1e-6)
    assert spearman_r(a, b) == pytest.approx(stats.spearmanr(a, b)[0], abs=1e-6)


def test_multioutput_and_per_gene_mae():
    y = np.array([[1.0, 2.0], [2.0, 1.0], [3.0, 0.0]])
    p = np.array([[1.0, 0.0], [2.0, 1.0], [3.5, 2.0]])
    assert pearson_r(y, p, multioutput="raw_values").shape == (2,)
    assert np.allclose(per_gene_mae(y, p), [0.5 / 3, 4 / 3])
    assert mean_per_gene_mae(y, p) == pytest.approx((0.5 / 3 + 4 / 3) / 2)


@pytest.mark.parametrize("metric", [pearson_r, spearman_r])
def test_metric_errors(metric):
    with pytest.raises(ValueError, match="NaN"):
        metric([1, 2, np.nan], [1, 2, 3])
    with pytest.raises(ValueError):
        metric([1, 2, 3], [1, 2])
    with pytest.raises(ValueError, match="multioutput"):
        metric([1, 2, 3], [1, 2, 3], multioutput="variance_weighted")


@pytest.mark.parametrize("scorer", [pearson_scorer, spearman_scorer])
def test_scorers_in_grid_search(scorer):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(60, 3))
    y = X @ [1.0, 2.0, 0.0] + rng.normal(0, 0.1, 60)
    grid = GridSearchCV(
        LinearRegression(), {"fit_intercept": [True, False]}, cv=3, scoring=scorer
    ).fit(X, y)
    assert grid.best_score_ > 0.95


def test_pearson_of_tiny_and_huge_scales_is_not_lost_to_underflow():
    a = np.r_[0.0, np.ones(19)]
    assert pearson_r(a, a * 2e-180) == pytest.approx(1.0)
    assert pearson_r(a, a * 1e300) == pytest.approx(1.0)
