"""One-hot and k-mer throughput against sklearn's OneHotEncoder and CountVectorizer.

Run with ``make bench``. Each pair runs on the same 100,000 random 80-bp
sequences in the same session, and the outputs are checked to be identical.
"""

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.preprocessing import OneHotEncoder

from sklearn_genexpr.preprocessing import DNAOneHotEncoder, KmerVectorizer

from .conftest import N_SEQUENCES, SEQ_LENGTH

BASES_TOTAL = N_SEQUENCES * SEQ_LENGTH


@pytest.fixture(scope="module")
def onehot_reference(random_80mers):
    _, chars = random_80mers
    return OneHotEncoder(categories=[list("ACGT")] * SEQ_LENGTH).fit_transform(chars)


@pytest.mark.benchmark(group="onehot-flat")
def test_onehot_sklearn_onehotencoder(benchmark, random_80mers, onehot_reference, record):
    _, chars = random_80mers
    encoder = OneHotEncoder(categories=[list("ACGT")] * SEQ_LENGTH)
    out = benchmark.pedantic(encoder.fit_transform, args=(chars,), rounds=3, iterations=1)
    assert (out != onehot_reference).nnz == 0
    record(benchmark, "onehot (n, 4L)", "baseline", BASES_TOTAL, "bp")


@pytest.mark.benchmark(group="onehot-flat")
def test_onehot_genexpr_flat(benchmark, random_80mers, onehot_reference, record):
    seqs, _ = random_80mers
    encoder = DNAOneHotEncoder(flatten=True)
    out = benchmark.pedantic(encoder.fit_transform, args=(seqs,), rounds=10, iterations=1)
    assert np.array_equal(out, onehot_reference.toarray())
    record(benchmark, "onehot (n, 4L)", "ours", BASES_TOTAL, "bp")


@pytest.mark.benchmark(group="onehot-3d")
def test_onehot_genexpr_channels_first(benchmark, random_80mers, onehot_reference, record):
    seqs, _ = random_80mers
    encoder = DNAOneHotEncoder()
    out = benchmark.pedantic(encoder.fit_transform, args=(seqs,), rounds=10, iterations=1)
    expected = onehot_reference.toarray().reshape(N_SEQUENCES, SEQ_LENGTH, 4)
    assert np.array_equal(out, expected.transpose(0, 2, 1))
    record(benchmark, "onehot (n, 4, L)", "ours", BASES_TOTAL, "bp")


@pytest.fixture(scope="module")
def kmer_reference(random_80mers):
    seqs, _ = random_80mers
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(6, 6), lowercase=False)
    return vectorizer.fit_transform(seqs), vectorizer.get_feature_names_out()


@pytest.mark.benchmark(group="kmer6")
def test_kmer_sklearn_countvectorizer(benchmark, random_80mers, kmer_reference, record):
    seqs, _ = random_80mers
    vectorizer = CountVectorizer(analyzer="char", ngram_range=(6, 6), lowercase=False)
    out = benchmark.pedantic(vectorizer.fit_transform, args=(seqs,), rounds=3, iterations=1)
    assert (out != kmer_reference[0]).nnz == 0
    record(benchmark, "kmer k=6", "baseline", BASES_TOTAL, "bp")


@pytest.mark.benchmark(group="kmer6")
def test_kmer_genexpr(benchmark, random_80mers, kmer_reference, record):
    seqs, _ = random_80mers
    vectorizer = KmerVectorizer(k=6)
    out = benchmark.pedantic(vectorizer.fit_transform, args=(seqs,), rounds=10, iterations=1)
    counts, names = kmer_reference
    column = {name: j for j, name in enumerate(vectorizer.get_feature_names_out())}
    assert (out[:, [column[name] for name in names]] != counts).nnz == 0
    assert out.sum() == counts.sum()  # nothing counted outside the baseline's vocabulary
    record(benchmark, "kmer k=6", "ours", BASES_TOTAL, "bp")


@pytest.mark.benchmark(group="kmer6-canonical")
def test_kmer_genexpr_canonical(benchmark, random_80mers, record):
    seqs, _ = random_80mers
    vectorizer = KmerVectorizer(k=6, canonical=True)
    benchmark.pedantic(vectorizer.fit_transform, args=(seqs,), rounds=5, iterations=1)
    record(benchmark, "kmer k=6 canonical", "ours", BASES_TOTAL, "bp")
