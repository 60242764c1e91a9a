import numpy as np
import pandas as pd
import pytest
import qnorm
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_genexpr.preprocessing import JointQuantileNormalizer


@parametrize_with_checks(
    [JointQuantileNormalizer(), JointQuantileNormalizer(balance_datasets=True)]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


@pytest.mark.parametrize("ties", [False, True])
@pytest.mark.parametrize("negative", [False, True])
def test_equals_qnorm(ties, negative):
    rng = np.random.default_rng(0)
    X = rng.lognormal(size=(40, 300))
    if negative:
        X = np.log(X)
    if ties:
        X = np.round(X, 1)
    expected = qnorm.quantile_normalize(X.T, axis=1).T
    np.testing.assert_allclose(
        JointQuantileNormalizer().fit(X).transform(X), expected, rtol=0, atol=1e-12
    )
    np.testing.assert_allclose(
        JointQuantileNormalizer().fit_transform(X), expected, rtol=0, atol=1e-12
    )


@settings(max_examples=80, deadline=None)
@given(
    X=arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(1, 20)),
        # few distinct values, so that ties, -0.0 == 0.0 and tiny numbers are common
        elements=st.sampled_from([-3.0, -0.0, 0.0, 1.0, 1.5, 2.0, 1e-300, 7e5])
        | st.floats(-1e6, 1e6),
    )
)
def test_matches_qnorm_and_rows_share_one_sorted_vector(X):
    out = JointQuantileNormalizer().fit_transform(X)
    np.testing.assert_allclose(out, qnorm.quantile_normalize(X.T, axis=1).T, rtol=1e-12, atol=1e-9)
    if not any(len(np.unique(row)) < row.size for row in X):  # without ties ...
        # ... every normalised row holds exactly the reference's values
        for row in out:
            np.testing.assert_allclose(np.sort(row), np.sort(out[0]), rtol=1e-12, atol=1e-9)


def test_keys_that_collide_in_low_bits_are_ordered_exactly():
    # values one ulp apart share the packed sort key: the exact re-sort must catch them
    base = np.full(8, 1.0) + np.arange(8) * np.finfo(float).eps
    X = np.vstack([base[::-1], base, np.random.default_rng(0).permutation(base)])
    np.testing.assert_allclose(
        JointQuantileNormalizer().fit_transform(X),
        qnorm.quantile_normalize(X.T, axis=1).T,
        rtol=0,
        atol=1e-12,
    )


def test_new_rows_map_onto_the_training_reference():
    rng = np.random.default_rng(1)
    train = rng.lognormal(size=(30, 50))
    qn = JointQuantileNormalizer().fit(train)
    new = rng.normal(100, 5, size=(3, 50))  # another platform's scale
    out = qn.transform(new)
    for row in out:
        np.testing.assert_allclose(np.sort(row), qn.reference_)


def test_several_datasets_joint_and_balanced():
    rng = np.random.default_rng(2)
    rma = rng.normal(8, 2, size=(20, 30))  # log scale
    mas5 = rng.lognormal(6, 1, size=(5, 30))  # linear scale
    joint = JointQuantileNormalizer().fit([rma, mas5])
    stacked = JointQuantileNormalizer().fit(np.vstack([rma, mas5]))
    np.testing.assert_allclose(joint.reference_, stacked.reference_)
    assert joint.n_datasets_ == 2
    balanced = JointQuantileNormalizer(balance_datasets=True).fit([rma, mas5])
    expected = (np.sort(rma, axis=1).mean(0) + np.sort(mas5, axis=1).mean(0)) / 2
    np.testing.assert_allclose(balanced.reference_, expected)
    out = JointQuantileNormalizer().fit_transform([rma, mas5])
    assert out.shape == (25, 30)
    with pytest.raises(ValueError, match="features"):
        JointQuantileNormalizer().fit([rma, mas5[:, :10]])
    df1 = pd.DataFrame(rma, columns=[f"g{i}" for i in range(30)])
    df2 = pd.DataFrame(mas5, columns=[f"h{i}" for i in range(30)])
    with pytest.raises(ValueError, match="different columns"):
        JointQuantileNormalizer().fit([df1, df2])


def test_nan_is_kept_and_ignored():
    X = np.array([[1.0, 2.0, 3.0, 4.0], [4.0, np.nan, 2.0, 8.0], [2.0, 6.0, 4.0, 8.0]])
    qn = JointQuantileNormalizer().fit(X)
    out = qn.transform(X)
    assert np.isnan(out[1, 1]) and not np.isnan(np.delete(out, 5)).any()
    # the NaN row's 3 values get the reference at 3 evenly spaced ranks, in rank order
    np.testing.assert_allclose(out[1, [2, 0, 3]], np.interp([0, 1.5, 3], range(4), qn.reference_))
    # its quantile function (interpolated to 4 points) enters the reference
    row1 = np.interp(np.linspace(0, 2, 4), range(3), [2.0, 4.0, 8.0])
    np.testing.assert_allclose(
        qn.reference_, (np.array([1, 2, 3, 4.0]) + row1 + np.array([2, 4, 6, 8.0])) / 3
    )
    with pytest.raises(ValueError, match="entirely NaN"):
        JointQuantileNormalizer().fit(np.full((2, 3), np.nan))
    with pytest.raises(ValueError, match="infinity"):
        JointQuantileNormalizer().fit(np.array([[1.0, np.inf]]))


def test_in_pipeline_makes_two_platforms_comparable():
    """Profiles from a log-scale and a linear-scale platform: after joint quantile
    normalisation one linear model fits both; without it, it cannot."""
    from sklearn.model_selection import cross_val_score

    rng = np.random.default_rng(3)
    z = rng.normal(size=(200, 30))
    X = np.where(np.arange(200)[:, None] % 2 == 0, z, np.exp(z))  # alternate platforms
    y = z[:, 0] - z[:, 1] + rng.normal(0, 0.1, 200)
    with_qn = make_pipeline(JointQuantileNormalizer(), StandardScaler(), LinearRegression())
    grid = GridSearchCV(with_qn, {"linearregression__fit_intercept": [True, False]}, cv=3)
    assert grid.fit(X, y).best_score_ > 0.7
    without = make_pipeline(StandardScaler(), LinearRegression())
    assert cross_val_score(without, X, y, cv=3).mean() < grid.best_score_ - 0.1


def test_fortran_ordered_input_gives_the_same_result_with_ties_and_nan():
    # blocks of rows are written through flat views: the layout must not matter
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, size=(50, 30)).astype(float)
    X[3, 4] = np.nan
    normalizer = JointQuantileNormalizer().fit(X)
    expected = normalizer.transform(X)
    np.testing.assert_array_equal(normalizer.transform(np.asfortranarray(X)), expected)
    frame = pd.DataFrame(X, columns=[f"g{j}" for j in range(X.shape[1])])
    np.testing.assert_array_equal(JointQuantileNormalizer().fit(frame).transform(frame), expected)
    # fit_transform sums the sorted profiles in another order: equal up to rounding
    np.testing.assert_allclose(
        JointQuantileNormalizer().fit_transform(np.asfortranarray(X)), expected, rtol=1e-12
    )
