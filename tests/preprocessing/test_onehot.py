import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.compose import ColumnTransformer
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from sklearn_genexpr.preprocessing import DNAOneHotEncoder

from ..conftest import random_sequences


def test_default_output_is_channels_first_float32_acgt():
    X = DNAOneHotEncoder().fit_transform(["ACGTA", "ttttt"])
    assert X.shape == (2, 4, 5) and X.dtype == np.float32
    assert np.array_equal(X[0].argmax(axis=0), [0, 1, 2, 3, 0])
    assert np.array_equal(X[1], np.r_[np.zeros((3, 5)), np.ones((1, 5))])


def test_layouts_and_alphabet_agree():
    seqs = random_sequences(20, 12)
    first = DNAOneHotEncoder().fit_transform(seqs)
    last = DNAOneHotEncoder(layout="channels_last").fit_transform(seqs)
    flat = DNAOneHotEncoder(flatten=True).fit_transform(seqs)
    agct = DNAOneHotEncoder(alphabet="AGCT").fit_transform(seqs)
    assert np.array_equal(first.transpose(0, 2, 1), last)
    assert np.array_equal(last.reshape(20, -1), flat)
    assert np.array_equal(agct, first[:, [0, 2, 1, 3], :])


def test_matches_sklearn_onehotencoder():
    seqs = random_sequences(200, 30, seed=3)
    chars = np.array([list(s) for s in seqs])
    expected = OneHotEncoder(categories=[list("ACGT")] * 30).fit_transform(chars).toarray()
    enc = DNAOneHotEncoder(flatten=True)
    assert np.array_equal(enc.fit_transform(seqs), expected)
    sk_names = OneHotEncoder(categories=[list("ACGT")] * 30).fit(chars).get_feature_names_out()
    assert [n.replace("x", "pos") for n in sk_names] == list(enc.get_feature_names_out())


@pytest.mark.parametrize("dtype", [np.uint8, np.float64, np.float16, bool])
def test_dtypes(dtype):
    X = DNAOneHotEncoder(dtype=dtype, layout="channels_last").fit_transform(["ACGTN"])
    assert X.dtype == np.dtype(dtype)
    assert X.astype(float).sum() == 4


def test_ambiguous_modes():
    seqs = ["ANR", "acg"]
    zeros = DNAOneHotEncoder().fit_transform(seqs)
    assert not zeros[0, :, 1].any() and not zeros[0, :, 2].any()
    for layout in ["channels_first", "channels_last"]:
        frac = DNAOneHotEncoder(ambiguous="fractional", layout=layout).fit_transform(seqs)
        if layout == "channels_last":
            frac = frac.transpose(0, 2, 1)
        assert np.allclose(frac[0, :, 1], 0.25)
        assert np.allclose(frac[0, :, 2], [0.5, 0, 0.5, 0])
        assert np.allclose(frac[1].sum(axis=0), 1)
    with pytest.raises(ValueError, match=r"Ambiguous base 'R' at position 2 of sequence 0"):
        DNAOneHotEncoder(ambiguous="error").fit(["ACR"])
    with pytest.raises(ValueError, match="cannot hold"):
        DNAOneHotEncoder(ambiguous="fractional", dtype=np.uint8).fit(seqs)


def test_fractional_padding_stays_zero():
    X = DNAOneHotEncoder(length=4, ambiguous="fractional").fit_transform(["NN"])
    assert np.allclose(X[0, :, :2], 0.25) and not X[0, :, 2:].any()


@pytest.mark.parametrize(
    "padding, truncation, expected",
    [
        ("right", "right", ["ACGT", "GGNN", "CCCC"]),
        ("left", "left", ["CGTA", "NNGG", "CCCC"]),
        ("center", "center", ["ACGT", "NGGN", "CCCC"]),
    ],
)
def test_length_pads_and_trims(padding, truncation, expected):
    enc = DNAOneHotEncoder(length=4, padding=padding, truncation=truncation)
    X = enc.fit_transform(["ACGTA", "GG", "CCCC"])
    assert X.shape == (3, 4, 4)
    assert enc.inverse_transform(X).tolist() == expected


def test_ragged_without_length_names_the_lengths():
    with pytest.raises(ValueError, match=r"different lengths \(3, 5\).*set `length`"):
        DNAOneHotEncoder().fit(["ACG", "ACGTA"])


def test_transform_length_must_match_fit():
    enc = DNAOneHotEncoder().fit(["ACGT"])
    with pytest.raises(ValueError, match="fitted on length 4"):
        enc.transform(["ACGTA"])


def test_invalid_character_names_character_and_index():
    with pytest.raises(ValueError, match=r"'Z' at position 1 of sequence 2"):
        DNAOneHotEncoder().fit_transform(["AC", "GT", "AZ"])


@pytest.mark.parametrize(
    "X",
    [
        ["ACG", "TTA"],
        np.array(["ACG", "TTA"]),
        np.array(["ACG", "TTA"], dtype=object),
        np.array([["ACG"], ["TTA"]]),
        pd.Series(["ACG", "TTA"]),
        pd.DataFrame({"seq": ["ACG", "TTA"]}),
        ("ACG", "TTA"),
    ],
)
def test_accepted_inputs(X):
    out = DNAOneHotEncoder().fit_transform(X)
    assert out.shape == (2, 4, 3)


@pytest.mark.parametrize(
    "X, error, match",
    [
        ("ACGT", TypeError, "single str"),
        (["ACG", None], TypeError, "sequence 1 is None"),
        (["ACG", float("nan")], TypeError, "sequence 1 is nan"),
        ([], ValueError, "0 sequences"),
        (pd.DataFrame({"a": ["A"], "b": ["C"]}), ValueError, "one column"),
        (np.array([["A", "C"]]), ValueError, r"shape \(1, 2\)"),
        (5, TypeError, "1-D array-like"),
    ],
)
def test_rejected_inputs(X, error, match):
    with pytest.raises(error, match=match):
        DNAOneHotEncoder().fit(X)


@pytest.mark.parametrize(
    "bad",
    [
        dict(alphabet="ACGU"),
        dict(layout="NCL"),
        dict(length=0),
        dict(padding="middle"),
        dict(dtype=str),
    ],
)
def test_bad_parameters(bad):
    with pytest.raises(ValueError):
        DNAOneHotEncoder(**bad).fit(["ACGT"])


@settings(max_examples=60, deadline=None)
@given(
    seqs=st.lists(
        st.text(alphabet="ACGTacgt", min_size=1, max_size=30), min_size=1, max_size=8
    ).filter(lambda s: len({len(x) for x in s}) == 1),
    alphabet=st.permutations("ACGT").map("".join),
    layout=st.sampled_from(["channels_first", "channels_last"]),
    flatten=st.booleans(),
)
def test_inverse_transform_round_trips(seqs, alphabet, layout, flatten):
    enc = DNAOneHotEncoder(alphabet=alphabet, layout=layout, flatten=flatten)
    X = enc.fit_transform(seqs)
    assert enc.inverse_transform(X).tolist() == [s.upper() for s in seqs]


@settings(max_examples=60, deadline=None)
@given(seq=st.text(alphabet="ACGTNRYSWKMBDHV", min_size=1, max_size=40))
def test_inverse_transform_round_trips_iupac_when_fractional(seq):
    enc = DNAOneHotEncoder(ambiguous="fractional")
    assert enc.inverse_transform(enc.fit_transform([seq])).tolist() == [seq]


def test_set_output_pandas_for_flat_output_only():
    seqs = pd.Series(["ACG", "TTA"], index=["g1", "g2"])
    flat = DNAOneHotEncoder(flatten=True).set_output(transform="pandas")
    df = flat.fit_transform(seqs)
    assert isinstance(df, pd.DataFrame)
    assert list(df.index) == ["g1", "g2"] and df.columns[0] == "pos0_A"
    cube = DNAOneHotEncoder().set_output(transform="pandas").fit_transform(seqs)
    assert isinstance(cube, np.ndarray) and cube.shape == (2, 4, 3)
    with pytest.raises(ValueError, match="transform must be"):
        DNAOneHotEncoder().set_output(transform="arrow")


def _planted_motif_data(n=600, length=30, seed=0):
    """y = number of GATA motifs + noise: a signal that one-hot + linear model sees."""
    rng = np.random.default_rng(seed)
    seqs = random_sequences(n, length, seed=seed)
    y = np.zeros(n)
    for i in range(n):
        if rng.random() < 0.5:
            seqs[i] = seqs[i][:10] + "GATA" + seqs[i][14:]
            y[i] = 1.0
    return seqs, y + rng.normal(0, 0.1, n)


def test_pipeline_learns_planted_motif_and_grid_searches():
    seqs, y = _planted_motif_data()
    pipe = make_pipeline(DNAOneHotEncoder(flatten=True), Ridge())
    grid = GridSearchCV(
        pipe, {"ridge__alpha": [0.1, 10.0], "dnaonehotencoder__alphabet": ["ACGT", "TGCA"]}, cv=3
    )
    grid.fit(seqs, y)
    model_score = cross_val_score(grid.best_estimator_, seqs, y, cv=3).mean()
    dummy_score = cross_val_score(
        make_pipeline(DNAOneHotEncoder(flatten=True), DummyRegressor()), seqs, y, cv=3
    ).mean()
    # A linear model cannot express the AND of four bases exactly; it still
    # explains most of the variance, the mean none.
    assert model_score > 0.6 and dummy_score < 0.05


def test_column_transformer_with_sequence_and_numeric_columns():
    seqs, y = _planted_motif_data(n=100)
    df = pd.DataFrame({"seq": seqs, "gc": np.random.default_rng(0).random(100)})
    ct = ColumnTransformer(
        [("onehot", DNAOneHotEncoder(flatten=True), "seq"), ("num", StandardScaler(), ["gc"])]
    )
    pipe = make_pipeline(ct, Ridge()).fit(df, y)
    assert pipe.predict(df).shape == (100,)
    names = ct.get_feature_names_out()
    assert names[0] == "onehot__pos0_A" and names[-1] == "num__gc"
    ct.set_output(transform="pandas")
    assert ct.fit_transform(df).shape == (100, 30 * 4 + 1)


def test_fit_learns_the_length_without_encoding(monkeypatch):
    def no_one_hot(*args, **kwargs):
        raise AssertionError("fit built the one-hot output")

    enc = DNAOneHotEncoder()
    monkeypatch.setattr(enc, "_one_hot", no_one_hot)
    assert enc.fit(["ACGT", "TTGA"]).n_positions_ == 4


def test_length_longest_pads_to_the_longest_training_sequence():
    enc = DNAOneHotEncoder(length="longest").fit(["ACG", "ACGTA"])
    assert enc.n_positions_ == 5
    out = enc.transform(["AC", "ACGTAAA"])
    assert out.shape == (2, 4, 5) and out[0, :, 2:].sum() == 0


@pytest.mark.parametrize("container", [list, tuple])
def test_set_output_pandas_with_a_plain_list_or_tuple(container):
    pd = pytest.importorskip("pandas")
    enc = DNAOneHotEncoder(flatten=True).set_output(transform="pandas")
    out = enc.fit_transform(container(["ACGT", "TTGA"]))
    assert isinstance(out, pd.DataFrame) and list(out.index) == [0, 1]
