import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.pipeline import Pipeline as ImbPipeline
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.preprocessing import (
    DNAOneHotEncoder,
    KmerVectorizer,
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
    reverse_complement,
)

from ..conftest import iupac_dna, random_sequences


def test_reverse_complement_of_strings():
    assert reverse_complement(["AACGT", "acgN", "RYKMBVDHSW", ""]).tolist() == [
        "ACGTT",
        "Ncgt",
        "WSDHBVKMRY",
        "",
    ]


@settings(max_examples=80, deadline=None)
@given(seqs=st.lists(iupac_dna, min_size=1, max_size=5))
def test_reverse_complement_twice_is_identity(seqs):
    assert reverse_complement(reverse_complement(seqs)).tolist() == seqs


@settings(max_examples=40, deadline=None)
@given(
    seqs=st.lists(st.text(alphabet="ACGTN", min_size=5, max_size=5), min_size=1, max_size=5),
    alphabet=st.permutations("ACGT").map("".join),
    layout=st.sampled_from(["channels_first", "channels_last"]),
)
def test_onehot_reverse_complement_matches_string_reverse_complement(seqs, alphabet, layout):
    enc = DNAOneHotEncoder(alphabet=alphabet, layout=layout, ambiguous="fractional")
    X = enc.fit_transform(seqs)
    X_rc = reverse_complement(X, alphabet=alphabet, layout=layout)
    assert np.array_equal(X_rc, enc.transform(reverse_complement(seqs)))
    assert np.array_equal(reverse_complement(X_rc, alphabet=alphabet, layout=layout), X)


def test_reverse_complement_errors():
    with pytest.raises(ValueError, match=r"'U' at position 2 of sequence 0"):
        reverse_complement(["ACU"])
    with pytest.raises(ValueError, match="4 channels"):
        reverse_complement(np.zeros((2, 5, 7)))
    with pytest.raises(ValueError, match="3-D"):
        reverse_complement(np.zeros((2, 8)))


def test_transformer_is_reverse_complement_and_its_own_inverse():
    rc = ReverseComplementTransformer().fit(["A"])
    assert rc.transform(["AAC"]).tolist() == ["GTT"]
    assert rc.inverse_transform(rc.transform(["AAC"])).tolist() == ["AAC"]
    pipe = make_pipeline(ReverseComplementTransformer(), KmerVectorizer(k=1))
    assert pipe.fit_transform(["AAC"]).toarray().tolist() == [[0, 0, 1, 2]]  # GTT


@pytest.mark.parametrize(
    "y",
    [
        np.array([1.0, 2.5]),
        np.array([[1.0, 0.1], [2.5, 0.2]]),
        [3, 4],
        pd.Series([1.0, 2.5], index=["a", "b"]),
    ],
)
def test_fit_resample_appends_reverse_complements_and_repeats_y(y):
    X_res, y_res = ReverseComplementAugmenter().fit_resample(["AAC", "GGT"], y)
    assert X_res.tolist() == ["AAC", "GGT", "GTT", "ACC"]
    y_arr = np.asarray(y)
    assert np.array_equal(np.asarray(y_res), np.concatenate([y_arr, y_arr]))
    if isinstance(y, pd.Series):
        assert isinstance(y_res, pd.Series)


def test_fit_resample_onehot_and_errors():
    X = DNAOneHotEncoder().fit_transform(["AAC", "GGT"])
    X_res, y_res = ReverseComplementAugmenter().fit_resample(X, [0, 1])
    assert X_res.shape == (4, 4, 3)
    assert np.array_equal(X_res[2:], reverse_complement(X))
    with pytest.raises(ValueError, match="X has 2 samples but y has 3"):
        ReverseComplementAugmenter().fit_resample(["AAC", "GGT"], [1, 2, 3])
    assert not hasattr(ReverseComplementAugmenter(), "transform")


class _RowCounter(RegressorMixin, BaseEstimator):
    """Records how many rows it was fitted on and predicted for."""

    def fit(self, X, y):
        self.n_fit_rows_ = X.shape[0]
        self.mean_ = float(np.mean(y))
        return self

    def predict(self, X):
        self.n_predict_rows_ = X.shape[0]
        return np.full(X.shape[0], self.mean_)


def test_imblearn_pipeline_augments_at_fit_time_only():
    seqs = random_sequences(30, 12)
    y = np.arange(30.0)
    pipe = ImbPipeline(
        [
            ("rc", ReverseComplementAugmenter()),
            ("onehot", DNAOneHotEncoder(flatten=True)),
            ("model", _RowCounter()),
        ]
    )
    pipe.fit(seqs, y)
    assert pipe[-1].n_fit_rows_ == 60
    assert pipe.predict(seqs).shape == (30,)
    assert pipe[-1].n_predict_rows_ == 30


def test_imblearn_pipeline_in_grid_search():
    seqs = random_sequences(90, 20, seed=2)
    y = np.array([s.count("GC") for s in seqs], dtype=float)
    pipe = make_imb_pipeline(ReverseComplementAugmenter(), KmerVectorizer(k=2), Ridge())
    grid = GridSearchCV(pipe, {"ridge__alpha": [0.1, 1.0]}, cv=3).fit(seqs, y)
    # GC count is strand-symmetric (the RC of GC is GC), so k=2 counts explain it exactly
    assert grid.best_score_ > 0.95


def test_reverse_complement_transformer_sets_pandas_output_and_names_its_column():
    from sklearn_genexpr.preprocessing import KmerVectorizer, ReverseComplementTransformer

    series = pd.Series(["AACG", "TTGA"], name="promoter", index=["a", "b"])
    out = ReverseComplementTransformer().set_output(transform="pandas").fit_transform(series)
    assert isinstance(out, pd.DataFrame) and list(out.columns) == ["promoter"]
    assert list(out.index) == ["a", "b"] and list(out.promoter) == ["CGTT", "TCAA"]
    plain = ReverseComplementTransformer().fit(["AACG"])
    assert list(plain.get_feature_names_out()) == ["sequence"]
    assert plain.transform(["AACG"]).tolist() == ["CGTT"]  # default output: an array
    # through a pipeline: its DataFrame feeds the k-mer counter, the names chain
    pipe = make_pipeline(ReverseComplementTransformer(), KmerVectorizer(k=1)).fit(series)
    assert pipe.transform(series).shape == (2, 4)
    assert len(pipe.get_feature_names_out()) == 4
    onehot = np.zeros((2, 4, 5), dtype=np.float32)
    rc = ReverseComplementTransformer().set_output(transform="pandas").fit(onehot)
    assert isinstance(rc.transform(onehot), np.ndarray)  # 3-D output is never wrapped
    with pytest.raises(ValueError, match="one sequence column"):
        plain.get_feature_names_out(["a", "b"])
