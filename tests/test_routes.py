"""Every CPU-dependent route of a hot loop gives the same output (utils._routes)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sklearn_genexpr.preprocessing import JointQuantileNormalizer, KmerVectorizer
from sklearn_genexpr.utils import _routes


def _with_route(monkeypatch, name, route, compute):
    monkeypatch.setenv(f"SKLEARN_GENEXPR_ROUTE_{name.upper()}", route)
    return compute()


@given(
    st.lists(st.text(alphabet="ACGTN", min_size=0, max_size=40), min_size=1, max_size=30),
    st.integers(1, 5),
    st.booleans(),
    st.integers(1, 3),
)
@settings(max_examples=60, deadline=None)
def test_kmer_counts_by_sort_and_by_tally_are_identical(sequences, k, canonical, stride):
    vectorizer = KmerVectorizer(k=k, canonical=canonical, stride=stride)
    with pytest.MonkeyPatch.context() as patch:
        by_sort = _with_route(
            patch, "kmer_count", "sort", lambda: vectorizer.fit_transform(sequences)
        )
        by_tally = _with_route(
            patch, "kmer_count", "tally", lambda: vectorizer.fit_transform(sequences)
        )
    assert by_sort.has_sorted_indices and by_tally.has_sorted_indices
    np.testing.assert_array_equal(by_sort.indptr, by_tally.indptr)
    np.testing.assert_array_equal(by_sort.indices, by_tally.indices)
    np.testing.assert_array_equal(by_sort.data, by_tally.data)


def _profiles(seed):
    rng = np.random.default_rng(seed)
    X = np.round(rng.lognormal(size=(40, 300)), 1)  # rounded: ties
    X[3, 5] = np.nan
    X[7, :20] = -X[7, :20]
    X[9, 9] = -0.0
    return X


@pytest.mark.parametrize("method", ["fit_then_transform", "fit_transform"])
def test_quantile_normalisation_by_numpy_sort_and_by_radix_sort_is_identical(monkeypatch, method):
    X, Y = _profiles(0), _profiles(1)

    def run():
        normalizer = JointQuantileNormalizer()
        if method == "fit_transform":
            return normalizer.fit_transform([X, Y])
        return normalizer.fit([X, Y]).transform(Y)

    outputs = []
    for route in ("numpy", "radix"):
        monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_KEYS_SORT", route)
        monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_VALUES_SORT", route)
        outputs.append(run())
    np.testing.assert_array_equal(outputs[0], outputs[1])


def test_a_route_is_measured_once_and_can_be_forced(monkeypatch):
    calls = []

    def calibrations():
        calls.append(1)
        return {"slow": lambda: sum(range(20_000)), "fast": lambda: None}

    monkeypatch.setattr(_routes, "_CHOSEN", {})
    monkeypatch.setattr(_routes, "_TIMINGS", {})
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "fast"
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "fast"
    assert len(calls) == 1
    assert _routes.chosen_routes()["demo"]["route"] == "fast"
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_DEMO", "slow")
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "slow"
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_DEMO", "fastest")
    with pytest.raises(
        ValueError, match="SKLEARN_GENEXPR_ROUTE_DEMO='fastest': expected one of slow, fast"
    ):
        _routes.fastest_route("demo", ("slow", "fast"), calibrations)
