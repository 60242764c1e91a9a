import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import ShuffleSplit, cross_val_score

from sklearn_genexpr.datasets import (
    load_dgex_arrays,
    load_histone_expression,
    load_k562_openness,
    load_yeast_libraries,
    load_yeast_promoters,
)
from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.preprocessing import DNAOneHotEncoder, KmerVectorizer, TSSBinner


def test_histone_shapes_frames_and_the_papers_linear_r2():
    bunch = load_histone_expression()
    assert bunch.data.shape == (8641, 14) and bunch.target.shape == (8641,)
    assert bunch.feature_names[:2] == ["Control", "Dnase"] and len(bunch.gene_ids) == 8641
    assert "seandavi/ITR" in bunch.DESCR and "0.7506" in bunch.DESCR
    X, y = load_histone_expression(return_X_y=True, as_frame=True)
    assert isinstance(X, pd.DataFrame) and X.index[0].startswith("ENSG")
    assert isinstance(y, pd.Series) and (y.index == X.index).all()
    splits = ShuffleSplit(n_splits=5, test_size=1 / 3, random_state=0)
    r2 = cross_val_score(LinearRegression(), bunch.data, bunch.target, cv=splits).mean()
    assert abs(r2 - 0.7506) < 0.01  # the mlr3 worked example's test R2


@pytest.mark.parametrize(
    "subset, n, length",
    [
        ("dream2022_train", 6370, None),
        ("dream2022_heldout", 1000, None),
        ("deboer2020_pTpA", 10000, 80),
        ("deboer2020_Abf1TATA", 10000, 245),
        ("deboer2020_native", 69240, 120),
    ],
)
def test_yeast_subsets_are_valid_dna_with_expression(subset, n, length):
    bunch = load_yeast_promoters(subset)
    assert len(bunch.data) == n == len(bunch.target)
    assert np.isfinite(bunch.target).all()
    # expression bins span 0..17; only the combined native estimates stray a little beyond
    low, high = (-5, 22) if subset == "deboer2020_native" else (0, 18)
    assert low <= bunch.target.min() <= bunch.target.max() <= high
    if length is not None:
        assert {len(s) for s in bunch.data} == {length}
    KmerVectorizer(k=3).fit_transform(bunch.data)  # raises on anything but DNA/IUPAC
    assert (bunch.is_native is not None) == (subset == "deboer2020_native")
    assert "de Boer" in bunch.DESCR or "DREAM" in bunch.DESCR


def test_yeast_frames_and_errors():
    X, y = load_yeast_promoters("dream2022_heldout", return_X_y=True, as_frame=True)
    assert list(X.columns) == ["sequence"] and y.name == "expression"
    assert DNAOneHotEncoder(length=150).fit_transform(X).shape == (1000, 4, 150)
    with pytest.raises(ValueError, match="Unknown subset 'dream'"):
        load_yeast_promoters("dream")


def test_old_heldout_name_is_a_deprecated_alias():
    with pytest.warns(FutureWarning, match="renamed 'dream2022_heldout'"):
        old = load_yeast_promoters("dream2022_test")
    assert old.subset == "dream2022_heldout"
    np.testing.assert_array_equal(old.target, load_yeast_promoters("dream2022_heldout").target)


def test_yeast_libraries_are_one_frame_with_one_measured_column_per_row():
    libraries = load_yeast_libraries()
    assert list(libraries.target_names) == ["dream2022", "deboer2020_native", "deboer2020_pTpA"]
    measured = np.isfinite(libraries.target)
    assert (measured.sum(axis=1) == 1).all()
    assert measured.sum(axis=0).tolist() == [6370, 69240, 10000]
    assert len(set(libraries.data)) == len(libraries.data)  # no sequence in two libraries
    # every sequence sits in the DREAM library's flanks
    assert all(s.startswith("TGCATTTTTTTCACATC") for s in libraries.data)
    assert all(s.endswith("GGTTACGGCTGTT") for s in libraries.data)
    # the trimmed native and framed pTpA sequences are 80-bp regions in the 110-bp frame
    assert {len(s) for s in libraries.data[~measured[:, 0]]} == {110}
    native = load_yeast_promoters("deboer2020_native")
    np.testing.assert_array_equal(libraries.target[measured[:, 1], 1], native.target)
    assert libraries.data[6370] == native.data[0][3:-7]
    ptpa = load_yeast_promoters("deboer2020_pTpA")
    assert libraries.data[-1][17:-13] == ptpa.data[-1]
    assert libraries.is_native.sum() == native.is_native.sum()
    assert (libraries.library == np.asarray(libraries.target_names)[measured.argmax(1)]).all()
    X, Y = load_yeast_libraries(return_X_y=True)
    np.testing.assert_array_equal(Y, libraries.target)


def test_abf1tata_sample_duplicates_the_ptpa_sample():
    """Why load_yeast_libraries leaves the Abf1TATA sample out (documented in DESCR)."""
    ptpa = load_yeast_promoters("deboer2020_pTpA")
    abf1 = load_yeast_promoters("deboer2020_Abf1TATA")
    regions = dict(zip((s[60:140] for s in abf1.data), abf1.target))
    assert [regions[s] for s in ptpa.data] == ptpa.target.tolist()


def test_dgex_arrays_platforms_probes_and_l1000():
    arrays = load_dgex_arrays(as_frame=True)
    assert arrays.rma.shape == (57, 22283) and arrays.mas5.shape == (17, 22283)
    assert arrays.data.shape == (74, 943) and arrays.target.shape == (74, 5765)
    assert (arrays.platform == "rma").sum() == 57
    # two value scales: RMA is log2, MAS5 linear
    assert arrays.rma.to_numpy().max() < 20 < arrays.mas5.to_numpy().max()
    assert len(arrays.landmarks) == 943 and len(arrays.targets) == 9520
    assert arrays.l1000.shape == (377, 978)
    assert len(set(arrays.l1000.columns) & set(arrays.landmarks.probe_id)) == 943
    assert arrays.l1000_row_meta.shape == (978, 11) and arrays.l1000_col_meta.shape == (377, 35)
    assert "GSE3167" in arrays.DESCR and "cmapPy" in arrays.DESCR
    X, Y = load_dgex_arrays(return_X_y=True, as_frame=True)
    assert X.equals(arrays.data) and Y.equals(arrays.target)
    X, Y = load_dgex_arrays(return_X_y=True)  # arrays, the probe ids beside them
    np.testing.assert_array_equal(X, arrays.data.to_numpy())
    assert list(load_dgex_arrays().feature_names) == list(arrays.data.columns)
    # both series list the probes in one order, so they can be normalised jointly
    assert list(arrays.rma.columns) == list(arrays.mas5.columns)


def test_k562_openness_inputs_bin_and_track_expression():
    k562 = load_k562_openness()
    genes = k562.genes[k562.genes.chrom == "chr22"]
    genes = genes[genes.gene_name.isin(k562.expression.index)].drop_duplicates("gene_name")
    peaks = k562.dnase[k562.dnase.end - k562.dnase.start < 5000]
    X = TSSBinner(
        PeakTrack(peaks), upstream=10_000, downstream=10_000, bin_size=1000, length_normalize=False
    ).fit_transform(genes)
    promoter = X[:, 9].toarray().ravel()  # [-1 kb, TSS)
    rho = spearmanr(promoter, np.log1p(k562.expression[genes.gene_name].to_numpy())).statistic
    assert len(genes) > 300 and rho > 0.3
    assert "ENCFF860XAE" in k562.DESCR and "MIT" in k562.DESCR or "ABC" in k562.DESCR


LOADERS = [
    load_histone_expression,
    load_yeast_promoters,
    load_yeast_libraries,
    load_dgex_arrays,
    load_k562_openness,
]


@pytest.mark.parametrize("loader", LOADERS, ids=lambda f: f.__name__)
def test_every_loader_keeps_sklearns_contract(loader):
    from sklearn.utils import Bunch

    from sklearn_genexpr import datasets
    from sklearn_genexpr.datasets import _base

    assert loader.__name__ in datasets.__all__ and loader.__name__ in _base.__all__
    bunch = loader()
    assert isinstance(bunch, Bunch) and bunch.DESCR.splitlines()[0].strip()
    assert "Provenance (shipped with the data)" in bunch.DESCR
    X, y = loader(return_X_y=True)
    assert len(X) == len(y) == len(bunch.target)
    np.testing.assert_array_equal(np.asarray(y, dtype=float), np.asarray(bunch.target, float))
    framed = loader(as_frame=True)
    assert isinstance(framed.target, (pd.Series, pd.DataFrame))
    assert isinstance(framed.frame, pd.DataFrame) and len(framed.frame) == len(framed.target)
    for bad in ({"return_X_y": "yes"}, {"as_frame": 1.5}):
        with pytest.raises(ValueError, match=next(iter(bad))):
            loader(**bad)


def test_k562_target_is_the_openness_task():
    genes, y = load_k562_openness(return_X_y=True)
    assert set(genes.chrom) == {"chr22"} and genes.gene_name.is_unique and len(genes) > 300
    k562 = load_k562_openness()
    np.testing.assert_allclose(y, np.log1p(k562.expression[genes.gene_name].to_numpy()))
