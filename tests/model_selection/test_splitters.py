"""Splitters that keep related rows apart: shared k-mers, whole chromosomes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, cross_validate
from sklearn.pipeline import make_pipeline

from sklearn_genexpr import EncodedSequences, KmerVectorizer, reverse_complement
from sklearn_genexpr.model_selection import (
    ChromosomeKFold,
    HomologyGroupKFold,
    chromosome_groups,
    homology_groups,
)


def _rc(seq):
    return reverse_complement([seq])[0]


def _kmers(seq, k, flanks=(0, 0), both_strands=True):
    body = seq[flanks[0] : len(seq) - flanks[1]]
    strands = [body, _rc(body)] if both_strands else [body]
    found = {strand[i : i + k] for strand in strands for i in range(len(strand) - k + 1)}
    return {kmer for kmer in found if "N" not in kmer}


def test_groups_join_chains_strands_and_skip_flanks_and_ambiguity():
    a, b, c = "AAAACCCCGG", "CCCCGGTTTT", "GGTTTTACGT"  # a~b and b~c share 6-mers; a, c don't
    assert homology_groups([a, b, c, "ACACACACAC"], k=6).tolist() == [0, 0, 0, 1]
    rc = _rc(a)
    assert homology_groups([a, rc], k=6).tolist() == [0, 0]
    assert homology_groups([a, rc], k=6, both_strands=False).tolist() == [0, 1]
    flanked = ["GGGGGG" + "ACGTAC", "GGGGGG" + "TTTTTT"]  # only the flank is shared
    assert homology_groups(flanked, k=6).tolist() == [0, 0]
    assert homology_groups(flanked, k=6, flanks=(6, 0)).tolist() == [0, 1]
    assert homology_groups(["ACGNACGTTT", "ACGTTT"], k=6).tolist() == [0, 0]
    assert homology_groups(["ACGTANGTTT", "CGTANG"], k=6).tolist() == [0, 1]  # N windows skipped
    encoded = EncodedSequences.from_strings([a, b, c, "ACACACACAC"])
    assert homology_groups(encoded, k=6).tolist() == [0, 0, 0, 1]


@given(
    st.lists(st.text(alphabet="ACGT", min_size=8, max_size=30), min_size=6, max_size=40),
    st.integers(4, 8),
    st.booleans(),
)
@settings(max_examples=60, deadline=None)
def test_no_test_fold_shares_a_kmer_with_its_training_fold(sequences, k, both_strands):
    rng = np.random.default_rng(len(sequences))
    # plant shared pieces so that groups form
    for i in range(0, len(sequences) - 1, 3):
        start = int(rng.integers(0, max(1, len(sequences[i]) - k)))
        sequences[i + 1] += sequences[i][start : start + k]
    cv = HomologyGroupKFold(n_splits=3, k=k, both_strands=both_strands)
    if len(set(homology_groups(sequences, k=k, both_strands=both_strands))) < 3:
        return  # fewer groups than folds: GroupKFold refuses, as it should
    for train, test in cv.split(sequences):
        seen = set().union(*(_kmers(sequences[i], k, both_strands=both_strands) for i in train))
        for i in test:
            assert not (_kmers(sequences[i], k, both_strands=both_strands) & seen)


def test_homology_folds_on_the_shipped_libraries_share_no_25mer():
    from sklearn_genexpr.datasets import load_yeast_libraries

    sequences = list(load_yeast_libraries().data)
    cv = HomologyGroupKFold(n_splits=5, k=25, flanks=(17, 13), shuffle=True, random_state=0)
    train, test = next(cv.split(sequences))
    assert 0.15 < len(test) / len(sequences) < 0.25
    test_kmers = set().union(*(_kmers(sequences[i], 25, (17, 13)) for i in test))
    for i in train:  # the test set holds both strands: forward training k-mers suffice
        body = sequences[i][17 : len(sequences[i]) - 13]
        assert not any(body[j : j + 25] in test_kmers for j in range(len(body) - 24)), i


def test_homology_splitter_in_a_search_and_its_errors():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), size=40)) for _ in range(120)]
    y = np.array([s.count("GC") for s in seqs], dtype=float)
    search = GridSearchCV(
        make_pipeline(KmerVectorizer(k=2), Ridge()), {"ridge__alpha": [0.1, 10.0]},
        cv=HomologyGroupKFold(3, k=12),
    ).fit(seqs, y)  # fmt: skip
    assert search.best_score_ > 0.9 and search.n_splits_ == 3
    with pytest.raises(ValueError, match="computes the groups from the sequences"):
        next(HomologyGroupKFold(3).split(seqs, y, groups=np.zeros(120)))
    with pytest.raises(ValueError, match="'k' parameter of homology_groups"):
        homology_groups(seqs, k=40)
    with pytest.raises(ValueError, match="flanks must be >= 0"):
        homology_groups(seqs, flanks=(-1, 0))
    with pytest.raises(ValueError, match="flanks must be two integers"):
        homology_groups(seqs, flanks=(1, 2, 3))


def test_chromosome_folds_hold_whole_chromosomes():
    genes = pd.DataFrame(
        {"chrom": [f"chr{1 + i % 7}" for i in range(70)], "tss": np.arange(70) * 1000}
    )
    cv = ChromosomeKFold(n_splits=3)
    seen = []
    for train, test in cv.split(genes):
        held_out = set(genes.chrom.iloc[test])
        assert not held_out & set(genes.chrom.iloc[train])
        seen += sorted(held_out)
    assert sorted(seen) == sorted(set(genes.chrom))
    X = np.zeros((70, 2))
    by_groups = [test.tolist() for _, test in cv.split(X, groups=genes.chrom.to_numpy())]
    assert by_groups == [test.tolist() for _, test in cv.split(genes)]
    assert chromosome_groups(genes)[:8].tolist() == [0, 1, 2, 3, 4, 5, 6, 0]
    result = cross_validate(Ridge(), genes[["tss"]].assign(chrom=genes.chrom).drop(columns="chrom"),
                            genes.tss, cv=cv.split(genes))  # fmt: skip
    assert len(result["test_score"]) == 3
    with pytest.raises(ValueError, match="pass the chromosome names as groups="):
        next(cv.split(X))
    with pytest.raises(ValueError, match="no chromosome column 'chromosome'"):
        next(ChromosomeKFold(3, column="chromosome").split(genes))
    with pytest.raises(ValueError, match="n_splits=8 is more than the 7 chromosomes"):
        next(ChromosomeKFold(8).split(genes))
    with pytest.raises(ValueError, match="row 2 has no chromosome name"):
        chromosome_groups(np.array(["chr1", "chr2", None], dtype=object))
