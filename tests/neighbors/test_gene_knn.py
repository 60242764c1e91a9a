import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sklearn_genexpr.neighbors import GeneKNNRegressor


@settings(max_examples=50, deadline=None)
@given(
    X=arrays(np.float64, (8, 6), elements=st.floats(-10, 10)),
    Y=arrays(np.float64, (8, 3), elements=st.floats(-10, 10)),
    k=st.integers(1, 6),
)
def test_matches_a_plain_loop(X, Y, k):
    knn = GeneKNNRegressor(n_neighbors=k).fit(X, Y)
    new = X[:3] * 2 + 1
    for t in range(Y.shape[1]):
        distances = [np.linalg.norm(Y[:, t] - X[:, j]) for j in range(X.shape[1])]
        np.testing.assert_allclose(sorted(distances)[:k], knn.distances_[t], atol=1e-6)
        chosen = knn.neighbors_[t]
        np.testing.assert_allclose(np.array(distances)[chosen], knn.distances_[t], atol=1e-6)
        np.testing.assert_allclose(knn.predict(new)[:, t], new[:, chosen].mean(axis=1))


def test_single_target_and_errors():
    X = np.arange(12.0).reshape(4, 3)
    knn = GeneKNNRegressor(n_neighbors=1).fit(X, X[:, 2] + 0.1)
    assert knn.neighbors_.tolist() == [[2]] and knn.predict(X).shape == (4,)
    with pytest.raises(ValueError, match="more than the 3 landmark genes"):
        GeneKNNRegressor(n_neighbors=4).fit(X, X[:, 0])


@pytest.mark.parametrize("offset, scale", [(1e8, 1.0), (0.0, 1e-8), (-1e8, 1e3)])
def test_neighbours_hold_at_large_offsets_and_small_scales(offset, scale):
    rng = np.random.default_rng(0)
    base = rng.normal(size=(60, 30))
    targets = base[:, [3, 7, 11]] + 0.05 * rng.normal(size=(60, 3))
    X, y = offset + scale * base, offset + scale * targets
    model = GeneKNNRegressor(n_neighbors=3).fit(X, y)
    # reference: the distances of the shifted data (exact, no offset to cancel)
    exact = np.linalg.norm(targets[:, :, None] - base[:, None, :], axis=0)
    np.testing.assert_array_equal(model.neighbors_, np.argsort(exact, axis=1, kind="stable")[:, :3])
    np.testing.assert_allclose(model.distances_, scale * np.sort(exact, axis=1)[:, :3], rtol=1e-6)
