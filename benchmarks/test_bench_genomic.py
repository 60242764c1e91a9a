"""TSS binning against the pyranges route, quantile normalisation against qnorm.

Run with ``make bench``; each pair runs on the same data in the same session
and the outputs are checked to be identical.
"""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.preprocessing import JointQuantileNormalizer, TSSBinner

N_GENES = 18_000
N_PEAKS = 200_000
WINDOW = 1_000_000
BIN = 1_000
# hg38 chromosome sizes (Mb), so that gene and peak densities are realistic
CHROM_MB = [
    248,
    242,
    198,
    190,
    181,
    171,
    159,
    145,
    138,
    134,
    135,
    133,
    114,
    107,
    102,
    90,
    83,
    80,
    59,
    64,
    47,
    51,
    156,
]


@pytest.fixture(scope="module")
def genome():
    rng = np.random.default_rng(7)
    names = [f"chr{i}" for i in range(1, 23)] + ["chrX"]
    sizes = np.array(CHROM_MB) * 1_000_000
    weights = sizes / sizes.sum()
    peak_chrom = rng.choice(len(names), N_PEAKS, p=weights)
    start = (rng.random(N_PEAKS) * (sizes[peak_chrom] - 5000)).astype(np.int64)
    peaks = pd.DataFrame(
        {
            "chrom": np.array(names)[peak_chrom],
            "start": start,
            "end": start + rng.integers(150, 2000, N_PEAKS),
            "signal": rng.gamma(2.0, 5.0, N_PEAKS),
        }
    )
    gene_chrom = rng.choice(len(names), N_GENES, p=weights)
    genes = pd.DataFrame(
        {
            "chrom": np.array(names)[gene_chrom],
            "tss": (rng.random(N_GENES) * sizes[gene_chrom]).astype(np.int64),
            "strand": rng.choice(["+", "-"], N_GENES),
        }
    )
    return peaks, genes


def pyranges_route(peaks: pd.DataFrame, genes: pd.DataFrame) -> sp.csr_matrix:
    """What a user writes today: PyRanges.join with slack, numpy bins, a sparse build."""
    import pyranges as pr

    gene_ranges = pr.PyRanges(
        pd.DataFrame(
            {
                "Chromosome": genes.chrom,
                "Start": genes.tss,
                "End": genes.tss + 1,
                "Strand": genes.strand,
                "row": np.arange(len(genes)),
            }
        )
    )
    mid = (peaks.start + peaks.end) // 2
    peak_ranges = pr.PyRanges(
        pd.DataFrame(
            {
                "Chromosome": peaks.chrom,
                "Start": mid,
                "End": mid + 1,
                "value": peaks.signal / (peaks.end - peaks.start),
            }
        )
    )
    pairs = gene_ranges.join(peak_ranges, slack=WINDOW, strandedness=False).df
    sign = np.where(pairs.Strand.to_numpy() == "+", 1, -1)
    distance = (pairs.Start_b.to_numpy() - pairs.Start.to_numpy()) * sign
    inside = (distance >= -WINDOW) & (distance < WINDOW)
    column = (distance[inside] + WINDOW) // BIN
    return sp.csr_matrix(
        (pairs.value.to_numpy()[inside], (pairs.row.to_numpy()[inside], column)),
        shape=(len(genes), 2 * WINDOW // BIN),
    )


@pytest.fixture(scope="module")
def binned_reference(genome):
    return pyranges_route(*genome)


@pytest.mark.benchmark(group="tss-binning")
def test_tss_pyranges_route(benchmark, genome, binned_reference, record):
    pytest.importorskip("pyranges")
    out = benchmark.pedantic(pyranges_route, args=genome, rounds=3, iterations=1)
    assert abs(out - binned_reference).max() == 0
    record(benchmark, "tss binning", "baseline", N_GENES, "genes")


@pytest.mark.benchmark(group="tss-binning")
def test_tss_genexpr(benchmark, genome, binned_reference, record):
    peaks, genes = genome

    def run():
        return TSSBinner(
            PeakTrack(peaks), upstream=WINDOW, downstream=WINDOW, bin_size=BIN, dtype=np.float64
        ).fit_transform(genes)

    out = benchmark.pedantic(run, rounds=7, iterations=1)
    assert abs(out - binned_reference).max() < 1e-12
    assert out.nnz == binned_reference.nnz
    record(benchmark, "tss binning", "ours", N_GENES, "genes")


@pytest.fixture(scope="module")
def profiles():
    return np.random.default_rng(11).lognormal(size=(3_000, 10_000))


@pytest.fixture(scope="module")
def qnorm_reference(profiles):
    qnorm = pytest.importorskip("qnorm")
    return qnorm.quantile_normalize(profiles.T, axis=1, ncpus=1).T


@pytest.mark.benchmark(group="quantile-normalisation")
def test_qn_qnorm(benchmark, profiles, qnorm_reference, record):
    import qnorm

    out = benchmark.pedantic(
        lambda: qnorm.quantile_normalize(profiles.T, axis=1, ncpus=1), rounds=3, iterations=1
    )
    np.testing.assert_array_equal(out.T, qnorm_reference)
    # qnorm has one call for both: the baseline of fit_transform and of fit().transform()
    record(benchmark, "quantile norm fit+transform", "baseline", profiles.size, "values")
    record(benchmark, "quantile norm fit().transform()", "baseline", profiles.size, "values")


@pytest.mark.benchmark(group="quantile-normalisation")
def test_qn_qnorm_threaded(benchmark, profiles, qnorm_reference, record):
    # qnorm on as many threads as the package uses (by default one a core)
    import qnorm

    threads = _package_threads(profiles)
    out = benchmark.pedantic(
        lambda: qnorm.quantile_normalize(profiles.T, axis=1, ncpus=threads), rounds=3, iterations=1
    )
    np.testing.assert_array_equal(out.T, qnorm_reference)
    record(benchmark, THREADED_FIT_TRANSFORM, "baseline", profiles.size, "values")
    record(benchmark, THREADED_FIT_THEN_TRANSFORM, "baseline", profiles.size, "values")


def _package_threads(profiles):
    from sklearn_genexpr.preprocessing._quantile import _block_rows, _threads_for

    return _threads_for(-(-profiles.shape[0] // _block_rows(profiles.shape[1])))


THREADED_FIT_TRANSFORM = "quantile norm fit+transform, qnorm threaded"
THREADED_FIT_THEN_TRANSFORM = "quantile norm fit().transform(), qnorm threaded"


@pytest.mark.benchmark(group="quantile-normalisation")
def test_qn_genexpr_fit_transform(benchmark, profiles, qnorm_reference, record):
    out = benchmark.pedantic(
        lambda: JointQuantileNormalizer().fit_transform(profiles), rounds=5, iterations=1
    )
    np.testing.assert_allclose(out, qnorm_reference, rtol=0, atol=1e-12)
    record(benchmark, "quantile norm fit+transform", "ours", profiles.size, "values")
    record(benchmark, THREADED_FIT_TRANSFORM, "ours", profiles.size, "values")


@pytest.mark.benchmark(group="quantile-normalisation")
def test_qn_genexpr_fit_then_transform(benchmark, profiles, qnorm_reference, record):
    out = benchmark.pedantic(
        lambda: JointQuantileNormalizer().fit(profiles).transform(profiles), rounds=5, iterations=1
    )
    np.testing.assert_allclose(out, qnorm_reference, rtol=0, atol=1e-12)
    record(benchmark, "quantile norm fit().transform()", "ours", profiles.size, "values")
    record(benchmark, THREADED_FIT_THEN_TRANSFORM, "ours", profiles.size, "values")
