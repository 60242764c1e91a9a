import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import sklearn
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.preprocessing import GroupStandardScaler, TSSBinner, group_standardize


@parametrize_with_checks([GroupStandardScaler(), GroupStandardScaler(with_mean=False)])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_without_groups_equals_standard_scaler():
    X = np.random.default_rng(0).normal(3, 2, size=(30, 4))
    np.testing.assert_allclose(
        GroupStandardScaler().fit(X).transform(X[:5]), StandardScaler().fit(X).transform(X[:5])
    )


@settings(max_examples=60, deadline=None)
@given(
    X=arrays(np.float64, (12, 3), elements=st.floats(-1e3, 1e3)),
    groups=st.lists(st.integers(0, 3), min_size=12, max_size=12),
)
def test_each_group_is_standardised_on_its_own(X, groups):
    out = GroupStandardScaler().fit_transform(X, groups=groups)
    groups = np.array(groups)
    for g in np.unique(groups):
        rows = groups == g
        expected = StandardScaler().fit_transform(X[rows])
        np.testing.assert_allclose(out[rows], expected, atol=1e-7)


def test_function_handles_targets_and_errors():
    y = group_standardize(np.array([1.0, 3.0, 5.0, 5.0]), ["a", "a", "b", "b"])
    np.testing.assert_allclose(y, [-1, 1, 0, 0])
    with pytest.raises(ValueError, match="one label per row"):
        group_standardize([1.0, 2.0], ["a"])
    with pytest.raises(ValueError, match="NaN"):
        group_standardize([1.0, np.nan], ["a", "a"])


def test_sparse_input_scales_without_centring():
    X = sp.csr_matrix(np.array([[0.0, 2.0], [0.0, 4.0], [1.0, 0.0], [3.0, 0.0]]))
    with pytest.raises(ValueError, match="Cannot centre sparse"):
        GroupStandardScaler().fit(X)
    out = GroupStandardScaler(with_mean=False).fit_transform(X, groups=[0, 0, 1, 1])
    assert sp.issparse(out)
    np.testing.assert_allclose(out.toarray(), [[0, 2], [0, 4], [1, 0], [3, 0]])  # std 1 per group


def test_pipeline_routes_groups_to_the_scaler():
    """Expression depends on each gene's openness relative to its own mean across cell
    types: per-gene z-scoring of X and y makes that linear."""
    rng = np.random.default_rng(0)
    n_genes, n_types = 80, 6
    peaks_rows, gene_rows, y = [], [], []
    for g in range(n_genes):
        tss = 100_000 * (g + 1)
        base = rng.gamma(2, 10)  # gene-specific openness level (nuisance)
        for c in range(n_types):
            signal = base * rng.lognormal(0, 0.5)
            peaks_rows.append(("chr1", tss - 300, tss - 100, signal, c))
            gene_rows.append(("chr1", tss, "+", f"g{g}", f"t{c}"))
            y.append(np.log(signal / base) + rng.normal(0, 0.05))
    peaks = pd.DataFrame(peaks_rows, columns=["chrom", "start", "end", "value", "type"])
    wide = peaks.pivot_table(
        index=["chrom", "start", "end"], columns="type", values="value"
    ).reset_index()
    wide.columns = ["chrom", "start", "end"] + [f"t{c}" for c in range(n_types)]
    genes = pd.DataFrame(gene_rows, columns=["chrom", "tss", "strand", "gene", "sample"])
    y = group_standardize(np.array(y), genes["gene"])
    with sklearn.config_context(enable_metadata_routing=True):
        pipe = make_pipeline(
            TSSBinner(
                PeakTrack(wide),
                signal=[f"t{c}" for c in range(n_types)],
                upstream=1000,
                downstream=1000,
                bin_size=500,
                log1p=True,
                sparse_output=False,
            ),
            GroupStandardScaler(),
            Ridge(alpha=1e-3),
        )
        train = genes["gene"].isin([f"g{g}" for g in range(60)]).to_numpy()
        pipe.fit(genes[train], y[train], groups=genes["gene"][train])
        pred = pipe.predict(genes[~train], groups=genes["gene"][~train])
    r = np.corrcoef(pred, y[~train])[0, 1]
    assert r > 0.9  # held-out genes, never seen in training


@settings(max_examples=60, deadline=None)
@given(
    constant=st.floats(1e-6, 1e6),
    column=arrays(np.float64, 12, elements=st.floats(-1e3, 1e3) | st.just(0.0)),
    groups=arrays(np.int64, 12, elements=st.integers(0, 2)),
)
def test_sparse_and_dense_paths_agree_on_any_column(constant, column, groups):
    X = np.c_[np.full(12, constant), column]  # a constant non-zero column beside any column
    for g in (None, groups):
        dense = GroupStandardScaler(with_mean=False).fit(X).transform(X, groups=g)
        sparse = GroupStandardScaler(with_mean=False).fit(sp.csr_matrix(X))
        out = sparse.transform(sp.csr_matrix(X), groups=g).toarray()
        np.testing.assert_allclose(out, dense, rtol=1e-9, atol=1e-12)


def test_constant_sparse_columns_are_not_blown_up():
    X = np.tile([[0.1, 4.000001]], (8, 1))
    out = GroupStandardScaler(with_mean=False).fit_transform(sp.csr_matrix(X))
    np.testing.assert_allclose(out.toarray(), X)
    out = GroupStandardScaler(with_mean=False).fit_transform(
        sp.csr_matrix(X), groups=[0, 0, 0, 0, 1, 1, 1, 1]
    )
    np.testing.assert_allclose(out.toarray(), X)
