"""Regions of a genome FASTA to sequences, strand-aware, in pipelines."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from sklearn_genexpr import EncodedSequences
from sklearn_genexpr.genomics import Genome, RegionSequenceExtractor
from sklearn_genexpr.preprocessing import KmerVectorizer, reverse_complement


def _rc(sequence):
    return reverse_complement([sequence])[0]


def _window(genome, chrom, low, length):
    sequence = genome[chrom]
    return "".join(sequence[p] if 0 <= p < len(sequence) else "N" for p in range(low, low + length))


def test_windows_around_tss_follow_the_strand(fasta, genome_sequences):
    genes = pd.DataFrame(
        {
            "chrom": ["chr1", "chr1", "chr2", "chr2", "chrM"],
            "tss": [2500, 2500, 10, 2990, 250],
            "strand": ["+", "-", "+", "-", "."],
        }
    )
    out = RegionSequenceExtractor(fasta, upstream=30, downstream=20).fit_transform(genes)
    expected = [
        _window(genome_sequences, "chr1", 2470, 50),
        _rc(_window(genome_sequences, "chr1", 2481, 50)),
        _window(genome_sequences, "chr2", -20, 50),  # N before the chromosome's start
        _rc(_window(genome_sequences, "chr2", 2971, 50)),  # N past its end
        _window(genome_sequences, "chrM", 220, 50),
    ]
    assert out.tolist() == expected
    assert out[2].startswith("N" * 20) and out[3].startswith("N" * 11)
    codes = RegionSequenceExtractor(fasta, upstream=30, downstream=20, output="codes")
    assert isinstance(codes.fit_transform(genes), EncodedSequences)
    assert codes.fit_transform(genes).tolist() == expected


def test_intervals_and_centres(fasta, genome_sequences):
    regions = pd.DataFrame(
        {"chrom": ["chr1", "chr2"], "start": [100, 200], "end": [130, 260], "strand": ["+", "-"]}
    )
    intervals = RegionSequenceExtractor(fasta, anchor="interval").fit_transform(regions)
    assert intervals.tolist() == [
        genome_sequences["chr1"][100:130],
        _rc(genome_sequences["chr2"][200:260]),
    ]
    centred = RegionSequenceExtractor(fasta, anchor="center", upstream=5, downstream=5)
    assert centred.fit_transform(regions)[0] == genome_sequences["chr1"][110:120]


def test_a_genome_is_a_reference_not_a_copy(fasta):
    extractor = RegionSequenceExtractor(Genome(fasta), upstream=5, downstream=5)
    assert clone(extractor).genome is extractor.genome
    assert copy.deepcopy(extractor.genome) is extractor.genome
    genes = pd.DataFrame({"chrom": ["chr1"], "tss": [50], "strand": ["+"]})
    fitted = extractor.fit(genes)
    restored = pickle.loads(pickle.dumps(fitted))
    assert restored.transform(genes).tolist() == fitted.transform(genes).tolist()


def test_in_a_pipeline(fasta, genome_sequences):
    rng = np.random.default_rng(0)
    genes = pd.DataFrame(
        {
            "chrom": rng.choice(["chr1", "chr2"], size=200),
            "tss": rng.integers(100, 2900, size=200),
            "strand": rng.choice(["+", "-"], size=200),
        }
    )
    windows = RegionSequenceExtractor(fasta, upstream=50, downstream=50).fit_transform(genes)
    y = np.array([w.count("GC") for w in windows], dtype=float)
    pipe = make_pipeline(
        RegionSequenceExtractor(fasta, upstream=50, downstream=50), KmerVectorizer(k=2), Ridge()
    )
    assert pipe.fit(genes, y).score(genes, y) > 0.95


def test_bad_regions_are_named(fasta):
    extractor = RegionSequenceExtractor(fasta, upstream=5, downstream=5).fit()
    with pytest.raises(
        ValueError, match=r"chromosome\(s\) \['chrX'\].*its chromosomes: chr1, chr2, chrM"
    ):
        extractor.transform(pd.DataFrame({"chrom": ["chrX"], "tss": [5], "strand": ["+"]}))
    with pytest.raises(ValueError, match="missing column"):
        extractor.transform(pd.DataFrame({"chrom": ["chr1"], "tss": [5]}))
    with pytest.raises(ValueError, match="Unknown strand '\\*' at regions row 0"):
        extractor.transform(pd.DataFrame({"chrom": ["chr1"], "tss": [5], "strand": ["*"]}))
    with pytest.raises(ValueError, match="negative coordinate"):
        extractor.transform(pd.DataFrame({"chrom": ["chr1"], "tss": [-5], "strand": ["+"]}))
    with pytest.raises(TypeError, match="pandas DataFrame of regions"):
        extractor.transform(np.zeros((2, 3)))
    interval = RegionSequenceExtractor(fasta, anchor="interval").fit()
    with pytest.raises(ValueError, match="end 10 <= start 10"):
        interval.transform(
            pd.DataFrame({"chrom": ["chr1"], "start": [10], "end": [10], "strand": ["+"]})
        )
    with pytest.raises(FileNotFoundError, match="No genome FASTA"):
        RegionSequenceExtractor(fasta.with_name("missing.fa")).fit()
