"""Bad input, drawn: a hypothesis fuzzer over the public entry points.

``tests/test_bad_inputs.py`` is the fixed regression list; this file draws the
cases. Every entry point that takes sequences, and every one that takes a
numeric table, is called with malformed input of each category below, and
each call must end in a ``TypeError`` or ``ValueError`` whose message says
what is wrong and where (the argument, the sequence and position, the row and
column), or in a documented behaviour that the test checks (bools are
numbers; an offset or a scale does not change a correlation).

Sequence categories: a mapping, a scalar (bool, int, float, None), a single
str or bytes, bytes inside, a set (no order), a nested list, a 2-D array of
str, an empty collection, a non-DNA character (unicode, space, digit,
punctuation) at a drawn position of a drawn sequence, a non-str element (int,
float, NaN, None, bytes) at a drawn index.
Numeric categories: NaN or infinity at a drawn cell, a non-numeric str at a
drawn cell, a ragged row, complex numbers, a mapping/None/str for the table,
3-D input, no rows, bools, large offsets and tiny scales.

``GENEXPR_FUZZ_EXAMPLES`` sets the draws per entry point (30 in CI, which
keeps this file near 30 s; ``GENEXPR_FUZZ_EXAMPLES=1000`` for a long local run).
"""

import os
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from sklearn_genexpr import EncodedSequences
from sklearn_genexpr.inspection import (
    dinucleotide_shuffle,
    hypothetical_contributions,
    saturation_mutagenesis,
    variant_effects,
)
from sklearn_genexpr.metrics import mean_per_gene_mae, pearson_r, per_gene_mae, spearman_r
from sklearn_genexpr.model_selection import homology_groups
from sklearn_genexpr.neighbors import GeneKNNRegressor
from sklearn_genexpr.preprocessing import (
    DNAOneHotEncoder,
    GroupStandardScaler,
    JointQuantileNormalizer,
    KmerVectorizer,
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
)

EXAMPLES = int(os.environ.get("GENEXPR_FUZZ_EXAMPLES", "30"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DNA = st.text(alphabet="ACGTN", min_size=4, max_size=12)
NOT_DNA = st.characters(
    blacklist_characters="ACGTUNRYSWKMBDHVacgtunryswkmbdhv", blacklist_categories=("Cs",)
)


@st.composite
def bad_sequences(draw):
    """(category, malformed sequences, regex the message must match)."""
    category = draw(
        st.sampled_from(
            ["mapping", "scalar", "single", "bytes inside", "set", "nested", "2-D", "empty",
             "character", "element"]
        )
    )  # fmt: skip
    seqs = draw(st.lists(DNA, min_size=2, max_size=6))
    if category == "mapping":
        return category, dict(enumerate(seqs)), "mapping"
    if category == "scalar":
        value = draw(st.one_of(st.booleans(), st.integers(), st.floats(), st.none()))
        return category, value, r"1-D array-like of sequences|must be an array-like"
    if category == "single":
        value = draw(st.sampled_from([seqs[0], seqs[0].encode()]))
        return category, value, r"single (str|bytes)|must be an array-like"
    if category == "bytes inside":
        i = draw(st.integers(0, len(seqs) - 1))
        seqs[i] = seqs[i].encode()
        return category, seqs, rf"sequence {i} is b'"
    if category == "set":
        return category, set(seqs), r"no order|must be an array-like"
    if category == "nested":
        return category, [[s] for s in seqs], r"sequence 0 is \["
    if category == "2-D":
        width = draw(st.integers(2, 3))
        return category, np.array([seqs[:1] * width] * 2), r"array of shape \(2, \d\)"
    if category == "empty":
        return category, draw(st.sampled_from([[], (), np.array([], dtype=str)])), "0 sequences"
    if category == "character":
        i = draw(st.integers(0, len(seqs) - 1))
        position = draw(st.integers(0, len(seqs[i])))
        character = draw(NOT_DNA)
        seqs[i] = seqs[i][:position] + character + seqs[i][position:]
        return category, seqs, rf"position {position} of sequence {i}"
    i = draw(st.integers(0, len(seqs) - 1))
    seqs[i] = draw(st.sampled_from([3, 2.5, float("nan"), None, True]))
    return category, seqs, rf"sequence {i} is "


SEEDS = ["ACGTACGT", "AAAACCCC", "GGGGTTTT", "ACACACAC", "TGCATGCA"]


@pytest.fixture(scope="module")
def kmer_model():
    return make_pipeline(KmerVectorizer(k=2), Ridge()).fit(SEEDS, np.arange(5.0))


def _tiny_resnet():
    from sklearn_genexpr.neural_network import PromoterResNetRegressor

    return PromoterResNetRegressor(channels=4, n_blocks=1, head_units=4, max_iter=1,
                                   early_stopping=False, device="cpu")  # fmt: skip


@pytest.fixture(scope="module")
def resnet():
    pytest.importorskip("torch", reason="the networks need the 'neural' extra")
    return _tiny_resnet().fit(SEEDS * 4, np.arange(20.0) % 5)


def _sequence_entry_points(model, network=None):
    def with_y(X):
        return ReverseComplementAugmenter().fit_resample(X, np.zeros(_length(X)))

    def substitutions(X):
        n = _length(X)
        return variant_effects(model, X, positions=[0] * n, alleles=["A"] * n)

    return {
        "KmerVectorizer.fit_transform": lambda X: KmerVectorizer(k=2).fit_transform(X),
        "DNAOneHotEncoder.fit_transform": lambda X: DNAOneHotEncoder().fit_transform(X),
        "ReverseComplementTransformer.fit_transform": (
            lambda X: ReverseComplementTransformer().fit_transform(X)
        ),
        "ReverseComplementAugmenter.fit_resample": with_y,
        "Pipeline.predict": lambda X: model.predict(X),
        "saturation_mutagenesis": lambda X: saturation_mutagenesis(model, X),
        "variant_effects": substitutions,
        "hypothetical_contributions": lambda X: hypothetical_contributions(model, X),
        "dinucleotide_shuffle": dinucleotide_shuffle,
        "homology_groups": lambda X: homology_groups(X, k=3),
        "EncodedSequences.from_strings": EncodedSequences.from_strings,
        "PromoterResNetRegressor.fit": lambda X: _tiny_resnet().fit(X, np.zeros(_length(X))),
        "PromoterResNetRegressor.predict": lambda X: network.predict(X),
    }


def _length(X):
    try:
        return len(X)
    except TypeError:
        return 1


SEQUENCE_ENTRY_POINTS = list(_sequence_entry_points(None))


@pytest.mark.parametrize("name", SEQUENCE_ENTRY_POINTS)
def test_malformed_sequences_get_an_error_that_says_what_and_where(name, kmer_model, request):
    network = request.getfixturevalue("resnet") if name.startswith("Promoter") else None
    call = _sequence_entry_points(kmer_model, network)[name]

    @FUZZ
    @given(case=bad_sequences())
    def fuzz(case):
        category, value, where = case
        with pytest.raises((TypeError, ValueError)) as caught:
            call(value)
        message = str(caught.value)
        assert re.search(where, message), (category, value, message)

    fuzz()


@st.composite
def bad_tables(draw):
    """(category, malformed 2-D table, regex the message must match), shape (8, 4) when 2-D."""
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    X = rng.normal(size=(8, 4))
    i, j = draw(st.integers(0, 7)), draw(st.integers(0, 3))
    category = draw(
        st.sampled_from(["nan", "inf", "string cell", "ragged", "complex", "not a table",
                         "3-D", "no rows"])
    )  # fmt: skip
    if category in ("nan", "inf"):
        X[i, j] = np.nan if category == "nan" else draw(st.sampled_from([np.inf, -np.inf]))
        return category, X, "NaN" if category == "nan" else "infinity"
    if category == "string cell":
        table = X.astype(object)
        table[i, j] = draw(st.sampled_from(["a", "1,5", "", "NA?"]))
        return category, table, rf"column {j}.* \(row {i}\)"
    if category == "ragged":
        rows = X.tolist()
        rows[i] = rows[i][: draw(st.integers(0, 2))] if i else rows[i] + [1.0]
        return category, rows, rf"ragged: row {i if i else 1} "
    if category == "complex":
        return category, X + 1j, "Complex data not supported"
    if category == "not a table":
        value = draw(st.sampled_from([None, "abc", {"a": [1.0, 2.0]}, b"12"]))
        return category, value, "must be an array-like of numbers|requires y to be passed"
    if category == "3-D":
        return category, X[:, :, None], r"dim 3|shape"
    return category, np.empty((0, 4)), r"0 sample|inconsistent numbers of samples"


def _table_entry_points():
    rng = np.random.default_rng(0)
    good = rng.normal(size=(8, 4))
    groups = np.arange(8) % 2
    fitted_knn = GeneKNNRegressor(n_neighbors=2).fit(good, good[:, :2])
    return {
        "JointQuantileNormalizer.fit_transform": (
            lambda X: JointQuantileNormalizer().fit_transform(X)
        ),
        "GroupStandardScaler.fit_transform": (
            lambda X: GroupStandardScaler().fit_transform(X, groups=groups[: _length(X)])
        ),
        "GeneKNNRegressor.fit": lambda X: GeneKNNRegressor(n_neighbors=2).fit(X, good[:, :2]),
        "GeneKNNRegressor.predict": fitted_knn.predict,
        "pearson_r(y_true)": lambda X: pearson_r(X, good),
        "pearson_r(y_pred)": lambda X: pearson_r(good, X),
        "spearman_r": lambda X: spearman_r(X, good),
        "per_gene_mae": lambda X: per_gene_mae(good, X),
        "mean_per_gene_mae": lambda X: mean_per_gene_mae(X, good),
        "TabularMLPRegressor.fit(X)": lambda X: _tiny_mlp().fit(X, good[: _length(X), 0]),
        "TabularMLPRegressor.fit(y)": lambda Y: _tiny_mlp().fit(good[: _length(Y)], Y),
    }


def _tiny_mlp():
    pytest.importorskip("torch", reason="the networks need the 'neural' extra")
    from sklearn_genexpr.neural_network import TabularMLPRegressor

    return TabularMLPRegressor(hidden_layer_sizes=(3,), max_iter=1, early_stopping=False)


TABLE_ENTRY_POINTS = list(_table_entry_points())
# what a row-less or NaN table means for an entry point that documents it
_ALLOWED = {
    # the quantile normaliser documents NaN as "not measured": it stays NaN
    ("JointQuantileNormalizer.fit_transform", "nan"),
    # a network's y: NaN marks an entry that was not measured (2-D y)
    ("TabularMLPRegressor.fit(y)", "nan"),
}


@pytest.mark.parametrize("name", TABLE_ENTRY_POINTS)
def test_malformed_tables_get_an_error_that_says_what_and_where(name):
    call = _table_entry_points()[name]

    @FUZZ
    @given(case=bad_tables())
    def fuzz(case):
        category, value, where = case
        if (name, category) in _ALLOWED:
            out = call(value)
            if isinstance(out, np.ndarray):
                assert np.isnan(out).sum() == np.isnan(value).sum()  # documented: NaN kept
            return
        with pytest.raises((TypeError, ValueError)) as caught:
            call(value)
        message = str(caught.value)
        assert re.search(where, message), (category, message)

    fuzz()


@FUZZ
@given(
    seed=st.integers(0, 2**16),
    offset=st.sampled_from([1e8, -1e8, 1e6]),
    scale=st.sampled_from([1e-8, 1e-150, 1e150]),
)
def test_correlations_ignore_offsets_and_scales(seed, offset, scale):
    # documented: the metrics centre in float64 before they correlate
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(30, 3)), rng.normal(size=(30, 3))
    b = a + rng.normal(size=(30, 3))
    np.testing.assert_allclose(pearson_r(a * scale + offset * scale, b), pearson_r(a, b),
                               rtol=1e-6)  # fmt: skip
    np.testing.assert_allclose(spearman_r(a + offset, b), spearman_r(a, b), rtol=1e-12)


@FUZZ
@given(seed=st.integers(0, 2**16))
def test_bools_are_numbers(seed):
    # documented by sklearn's validation: True/False are 1/0
    X = np.random.default_rng(seed).random((8, 4)) > 0.5
    np.testing.assert_array_equal(
        JointQuantileNormalizer().fit_transform(X), JointQuantileNormalizer().fit_transform(X * 1.0)
    )
