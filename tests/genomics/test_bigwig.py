"""TSS binning of bigWig signal: the layout of binned peaks, by reference, strand-aware."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from sklearn_genexpr.genomics import BigWigTrack, PeakTrack
from sklearn_genexpr.preprocessing import TSSBinner

pyBigWig = pytest.importorskip("pyBigWig", reason="the genomics extra (pyBigWig) is not installed")


def write_density_bigwig(path, peaks, lengths):
    """Per-base density of the peaks (signal / length over each; overlaps add up)."""
    handle = pyBigWig.open(str(path), "w")
    handle.addHeader(list(lengths.items()))
    for chrom in lengths:
        rows = peaks[peaks.chrom == chrom]
        if rows.empty:
            continue
        start, end = rows.start.to_numpy(), rows.end.to_numpy()
        density = rows.signal.to_numpy() / (end - start)
        points = np.unique(np.concatenate([start, end]))
        change = np.zeros(points.size)
        np.add.at(change, np.searchsorted(points, start), density)
        np.add.at(change, np.searchsorted(points, end), -density)
        level = np.cumsum(change)[:-1]
        keep = level > 1e-12
        handle.addEntries(
            [chrom] * int(keep.sum()), points[:-1][keep].tolist(),
            ends=points[1:][keep].tolist(), values=level[keep].tolist(),
        )  # fmt: skip
    handle.close()
    return path


def test_a_bigwig_of_the_shipped_peaks_bins_as_the_peaks(tmp_path):
    from sklearn_genexpr.datasets import load_k562_openness

    k562 = load_k562_openness()
    peaks = k562.dnase[k562.dnase.end - k562.dnase.start < 5000]
    genes = k562.genes[k562.genes.chrom == "chr22"].iloc[:300]
    length = int(max(peaks.end.max(), genes.tss.max()) + 60_000)
    path = write_density_bigwig(tmp_path / "dnase.bw", peaks, {"chr22": length})
    window = dict(upstream=50_000, downstream=50_000, bin_size=1_000, sparse_output=False)
    from_peaks = TSSBinner(
        PeakTrack(peaks), assign="overlap", length_normalize=False, **window
    ).fit_transform(genes)
    from_bigwig = TSSBinner(BigWigTrack(path), stat="sum", **window).fit_transform(genes)
    assert (from_peaks > 0).sum() > 1000  # the comparison has substance
    np.testing.assert_allclose(from_bigwig, from_peaks, rtol=1e-4, atol=1e-6)
    by_path = TSSBinner(str(path), **window).fit_transform(genes)  # .bw read as bigWig
    np.testing.assert_array_equal(by_path, from_bigwig)


@pytest.fixture
def small_bigwig(tmp_path):
    path = tmp_path / "small.bw"
    handle = pyBigWig.open(str(path), "w")
    handle.addHeader([("chr1", 100), ("chr2", 50)])
    handle.addEntries(["chr1", "chr1"], [10, 40], ends=[20, 45], values=[2.0, 6.0])
    handle.close()
    return path


def test_stats_strands_and_chromosome_ends(small_bigwig):
    genes = pd.DataFrame(
        {"chrom": ["chr1", "chr1", "chr1", "chr3"], "tss": [20, 39, 95, 10],
         "strand": ["+", "-", "+", "+"]}
    )  # fmt: skip
    kw = dict(upstream=20, downstream=20, bin_size=10, sparse_output=False)
    total = TSSBinner(BigWigTrack(small_bigwig), **kw).fit_transform(genes)
    # + gene at 20: bins [0,10) [10,20) [20,30) [30,40)
    np.testing.assert_allclose(total[0], [0, 20, 0, 0])
    # - gene at 39: genome window [20, 60), read 5' -> 3' (right to left)
    np.testing.assert_allclose(total[1], [0, 30, 0, 0])
    # + gene at 95: bins past the chromosome's end are 0; chr3 is not in the file: all 0
    np.testing.assert_allclose(total[2], [0, 0, 0, 0])
    np.testing.assert_allclose(total[3], [0, 0, 0, 0])
    mean = TSSBinner(BigWigTrack(small_bigwig), stat="mean", **kw).fit_transform(genes)
    np.testing.assert_allclose(mean[0], [0, 2, 0, 0])
    peak = TSSBinner(BigWigTrack(small_bigwig), stat="max", **kw).fit_transform(genes)
    np.testing.assert_allclose(peak[1], [0, 6, 0, 0])


def test_tracks_are_references_and_pickle(small_bigwig):
    track = BigWigTrack(small_bigwig)
    binner = TSSBinner(track, upstream=20, downstream=20, bin_size=10)
    assert clone(binner).peaks is track and copy.deepcopy(track) is track
    genes = pd.DataFrame({"chrom": ["chr1"], "tss": [20], "strand": ["+"]})
    fitted = binner.fit(genes)
    restored = pickle.loads(pickle.dumps(fitted))
    assert (restored.transform(genes) != fitted.transform(genes)).nnz == 0
    peaks = pd.DataFrame({"chrom": ["chr1"], "start": [10], "end": [20], "signal": [1.0]})
    assert clone(TSSBinner(PeakTrack(peaks))).peaks.table() is peaks


def test_deprecated_table_and_errors(small_bigwig):
    peaks = pd.DataFrame({"chrom": ["chr1"], "start": [10], "end": [20], "signal": [1.0]})
    genes = pd.DataFrame({"chrom": ["chr1"], "tss": [20], "strand": ["+"]})
    kw = dict(upstream=20, downstream=20, bin_size=10)
    with pytest.warns(FutureWarning, match=r"Pass PeakTrack\(peaks\)"):
        old = TSSBinner(peaks, **kw).fit_transform(genes)
    new = TSSBinner(PeakTrack(peaks), **kw).fit_transform(genes)
    assert (old != new).nnz == 0  # deprecated, not broken
    with pytest.raises(ValueError, match="stat='max' needs a bigWig signal"):
        TSSBinner(PeakTrack(peaks), stat="max", **kw).fit(genes)
    with pytest.raises(FileNotFoundError, match="No bigWig file"):
        TSSBinner(BigWigTrack(small_bigwig.with_name("missing.bw")), **kw).fit(genes)
    with pytest.raises(TypeError, match="PeakTrack takes a peak file path or a DataFrame"):
        PeakTrack([1, 2])


def test_the_openness_study_runs_from_bigwigs(tmp_path, capsys):
    pytest.importorskip("lightgbm", reason="the studies extra is not installed")
    from sklearn_genexpr.cli import main
    from sklearn_genexpr.datasets import load_k562_openness

    k562 = load_k562_openness()
    paths = {}
    for assay in ("dnase", "atac"):
        peaks = k562[assay][k562[assay].end - k562[assay].start < 5000]
        length = {"chr22": int(peaks.end.max()) + 1_000_000}
        paths[assay] = write_density_bigwig(tmp_path / f"{assay}.bw", peaks, length)
    argv = ["reproduce", "openness", "--quick", "--dnase-bigwig", str(paths["dnase"]),
            "--atac-bigwig", str(paths["atac"])]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr().out
    ridge = next(line for line in out.splitlines() if "ridge" in line and "Spearman" in line)
    assert float(ridge.split()[-2]) > 0.4, ridge  # the shipped peaks give 0.60
    assert main(["reproduce", "histone", "--dnase-bigwig", str(paths["dnase"])]) == 2
    assert "options of the openness study" in capsys.readouterr().err
