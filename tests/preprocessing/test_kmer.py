from collections import Counter
from itertools import product

import lightgbm
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.dummy import DummyRegressor
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.metrics import pearson_scorer
from sklearn_genexpr.preprocessing import KmerVectorizer, reverse_complement

from ..conftest import dna, iupac_dna, random_sequences

_COMP = str.maketrans("ACGT", "TGCA")


def _reference_counts(seq, k, canonical=False, stride=1):
    """Plain-Python k-mer counts: the slow, obviously right version."""
    seq = seq.upper()
    counts = Counter()
    for start in range(0, len(seq) - k + 1, stride):
        kmer = seq[start : start + k]
        if set(kmer) <= set("ACGT"):
            if canonical:
                kmer = min(kmer, kmer.translate(_COMP)[::-1])
            counts[kmer] += 1
    return counts


@settings(max_examples=80, deadline=None)
@given(
    seqs=st.lists(iupac_dna, min_size=1, max_size=6),
    k=st.integers(1, 4),
    canonical=st.booleans(),
    stride=st.integers(1, 3),
)
def test_counts_match_reference(seqs, k, canonical, stride):
    vec = KmerVectorizer(k=k, canonical=canonical, stride=stride)
    X = vec.fit_transform(seqs).toarray()
    names = list(vec.get_feature_names_out())
    for row, seq in zip(X, seqs):
        expected = _reference_counts(seq, k, canonical, stride)
        got = {names[j]: row[j] for j in np.flatnonzero(row)}
        assert got == expected


@settings(max_examples=60, deadline=None)
@given(
    seqs=st.lists(iupac_dna, min_size=1, max_size=12),
    k=st.integers(1, 7),
    canonical=st.booleans(),
    stride=st.integers(1, 3),
    block=st.integers(1, 40),
    dtype=st.sampled_from([np.float32, np.int32, np.uint8]),
)
def test_counts_match_reference_across_blocks(seqs, k, canonical, stride, block, dtype):
    # tiny blocks: sequences of very different lengths, sequences wider than a
    # block, empty blocks and every output dtype through the same code path
    from sklearn_genexpr.preprocessing import _kmer

    saved = _kmer._CHUNK_WINDOWS
    _kmer._CHUNK_WINDOWS = block
    try:
        vec = KmerVectorizer(k=k, canonical=canonical, stride=stride, dtype=dtype)
        X = vec.fit_transform(seqs)
    finally:
        _kmer._CHUNK_WINDOWS = saved
    assert X.dtype == dtype and X.has_sorted_indices
    names = list(vec.get_feature_names_out())
    for row, seq in zip(X.toarray(), seqs):
        expected = _reference_counts(seq, k, canonical, stride)
        assert {names[j]: row[j] for j in np.flatnonzero(row)} == expected


@settings(max_examples=60, deadline=None)
@given(seq=dna, k=st.integers(1, 6))
def test_counts_sum_to_number_of_windows(seq, k):
    X = KmerVectorizer(k=k).fit_transform([seq])
    assert X.sum() == max(len(seq) - k + 1, 0)


@settings(max_examples=60, deadline=None)
@given(seq=dna, k=st.integers(1, 5))
def test_canonical_equals_forward_plus_rc_merged(seq, k):
    forward = KmerVectorizer(k=k).fit([seq])
    canon = KmerVectorizer(k=k, canonical=True).fit([seq])
    fwd_counts = dict(zip(forward.get_feature_names_out(), forward.transform([seq]).toarray()[0]))
    merged = Counter()
    for kmer, count in fwd_counts.items():
        merged[min(kmer, kmer.translate(_COMP)[::-1])] += count
    got = dict(zip(canon.get_feature_names_out(), canon.transform([seq]).toarray()[0]))
    assert got == dict(merged)
    # and a sequence and its reverse complement have the same canonical counts
    rc = reverse_complement([seq])
    assert np.array_equal(canon.transform([seq]).toarray(), canon.transform(rc).toarray())


def test_feature_names_lexicographic_and_k_range():
    vec = KmerVectorizer(k=(1, 2)).fit(["A"])
    names = vec.get_feature_names_out()
    assert list(names) == list("ACGT") + ["".join(p) for p in product("ACGT", repeat=2)]
    assert vec.n_features_out_ == 20 and vec.k_values_ == [1, 2]
    assert KmerVectorizer(k=6).fit(["A"]).get_feature_names_out()[0] == "AAAAAA"
    # 4**k / 2 + palindromes / 2 for even k
    assert KmerVectorizer(k=4, canonical=True).fit(["A"]).n_features_out_ == (256 + 16) // 2


def test_matches_countvectorizer():
    seqs = random_sequences(300, 40, seed=1)
    cv = CountVectorizer(analyzer="char", ngram_range=(5, 5), lowercase=False)
    expected = cv.fit_transform(seqs)
    vec = KmerVectorizer(k=5)
    X = vec.fit_transform(seqs)
    column = {name: j for j, name in enumerate(vec.get_feature_names_out())}
    cols = [column[name] for name in cv.get_feature_names_out()]
    assert (X[:, cols] != expected).nnz == 0
    assert X.sum() == expected.sum()


def test_ragged_short_and_ambiguous_sequences():
    X = KmerVectorizer(k=3).fit_transform(["ACGTACGT", "AC", "", "ACNGT", "acgt"])
    assert X.sum(axis=1).A1.tolist() == [6, 0, 0, 0, 2]
    with pytest.raises(ValueError, match=r"Ambiguous base 'N' at position 2 of sequence 1"):
        KmerVectorizer(k=3, ambiguous="error").fit_transform(["ACG", "ACN"])
    with pytest.raises(ValueError, match=r"'U' at position 1 of sequence 0"):
        KmerVectorizer(k=3).fit_transform(["AUG"])


def test_norms_apply_per_k_block():
    seqs = random_sequences(5, 30)
    X = KmerVectorizer(k=(2, 3), norm="l1").fit_transform(seqs).toarray()
    assert np.allclose(X[:, :16].sum(axis=1), 1) and np.allclose(X[:, 16:].sum(axis=1), 1)
    X2 = KmerVectorizer(k=3, norm="l2").fit_transform(seqs).toarray()
    assert np.allclose(np.linalg.norm(X2, axis=1), 1)
    assert not KmerVectorizer(k=3, norm="l1").fit_transform(["AA"]).toarray().any()


def test_output_types_and_set_output():
    X = KmerVectorizer(k=2).fit_transform(["ACGT"])
    assert X.format == "csr" and X.dtype == np.float32
    assert KmerVectorizer(k=2, dtype=np.int32).fit_transform(["ACGT"]).dtype == np.int32
    with pytest.raises(ValueError, match="sparse"):
        KmerVectorizer(k=2).set_output(transform="pandas").fit_transform(["ACGT"])
    df = (
        KmerVectorizer(k=2, sparse_output=False)
        .set_output(transform="pandas")
        .fit_transform(pd.Series(["ACGT", "AAAA"], index=["a", "b"]))
    )
    assert list(df.index) == ["a", "b"] and df.loc["b", "AA"] == 3


@pytest.mark.parametrize(
    "bad",
    [
        dict(k=0),
        dict(k=13),
        dict(k=(3, 2)),
        dict(k=(1, 2, 3)),
        dict(stride=0),
        dict(norm="l3"),
        dict(ambiguous="keep"),
        dict(norm="l1", dtype=np.int64),
    ],
)
def test_bad_parameters(bad):
    with pytest.raises(ValueError):
        KmerVectorizer(**bad).fit(["ACGT"])


def _gc_target(n=400, length=60, seed=0):
    seqs = random_sequences(n, length, seed=seed)
    rng = np.random.default_rng(seed)
    y = np.array([s.count("CG") + s.count("TATA") * 3 for s in seqs]) + rng.normal(0, 0.3, n)
    return seqs, y


def test_lightgbm_pipeline_learns_and_grid_searches():
    seqs, y = _gc_target()
    pipe = make_pipeline(
        KmerVectorizer(k=4),
        lightgbm.LGBMRegressor(n_estimators=60, min_child_samples=5, verbose=-1, random_state=0),
    )
    grid = GridSearchCV(pipe, {"kmervectorizer__k": [2, 4]}, cv=3, scoring=pearson_scorer)
    grid.fit(seqs, y)
    assert grid.best_params_["kmervectorizer__k"] == 4
    model = cross_val_score(grid.best_estimator_, seqs, y, cv=3, scoring="r2").mean()
    dummy = cross_val_score(
        make_pipeline(KmerVectorizer(k=2), DummyRegressor()), seqs, y, cv=3, scoring="r2"
    ).mean()
    assert model > 0.5 and dummy < 0.05


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.float16])
def test_counts_beyond_the_dtype_are_refused_naming_the_sequence(dtype):
    with pytest.raises(ValueError, match=r"occurs 3\d\d\d? times in sequence 1"):
        KmerVectorizer(k=1, dtype=dtype).fit_transform(["ACGT", "A" * 3000])
    small = KmerVectorizer(k=1, dtype=dtype).fit_transform(["ACGT", "A" * 100])
    assert small[1, 0] == 100
