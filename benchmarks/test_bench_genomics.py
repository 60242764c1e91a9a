"""Genomic files against what a user would write: windows from a FASTA, bigWig bins, variants.

A generated genome (4 chromosomes of 10 Mb, FASTA with 60-character lines,
indexed by pyfaidx) and a generated bigWig over it. The baselines:
promoter windows by a per-region pyfaidx fetch with a Python reverse
complement; bigWig bins by a per-bin ``pyBigWig.stats`` loop; variant scoring
by fetching each variant's window with pyfaidx, building the REF/ALT strings in a
loop and calling ``predict`` on them.
Outputs are compared in every pair.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

pyfaidx = pytest.importorskip("pyfaidx")
pyBigWig = pytest.importorskip("pyBigWig")

from sklearn.linear_model import Ridge  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from sklearn_genexpr.genomics import (  # noqa: E402
    BigWigTrack,
    Genome,
    RegionSequenceExtractor,
    score_variants,
)
from sklearn_genexpr.preprocessing import KmerVectorizer, TSSBinner  # noqa: E402

CHROMOSOMES = {f"chr{i}": 60 * 166_666 for i in range(1, 5)}  # ~10 Mb, whole lines
N_GENES, UP, DOWN = 100_000, 900, 100
N_BIN_GENES, N_BINS, BIN = 20_000, 40, 500
N_VARIANTS, WIDTH = 10_000, 200
_COMPLEMENT = str.maketrans("ACGTN", "TGCAN")


@pytest.fixture(scope="module")
def genome_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("genome")
    rng = np.random.default_rng(0)
    letters = np.frombuffer(b"ACGT", dtype=np.uint8)
    sequences = {}
    with open(folder / "genome.fa", "wb") as handle:
        for name, size in CHROMOSOMES.items():
            sequence = letters[rng.integers(0, 4, size)]
            sequences[name] = sequence.tobytes().decode()
            lines = np.full((size // 60, 61), ord("\n"), dtype=np.uint8)
            lines[:, :60] = sequence.reshape(-1, 60)
            handle.write(f">{name}\n".encode() + lines.tobytes())
    pyfaidx.Fasta(str(folder / "genome.fa"))  # writes the index once
    bigwig = pyBigWig.open(str(folder / "signal.bw"), "w")
    bigwig.addHeader(list(CHROMOSOMES.items()))
    for name, size in CHROMOSOMES.items():
        starts = np.sort(rng.choice(size // 200, size // 2000, replace=False)) * 200
        bigwig.addEntries([name] * starts.size, starts.tolist(), ends=(starts + 150).tolist(),
                          values=rng.gamma(2.0, 1.0, starts.size).tolist())  # fmt: skip
    bigwig.close()
    return folder, sequences


def _genes(n, seed):
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "chrom": rng.choice(list(CHROMOSOMES), n),
        "tss": rng.integers(50_000, 9_950_000, n),
        "strand": rng.choice(["+", "-"], n),
    })  # fmt: skip


def pyfaidx_loop(fasta, genes):
    out = []
    for chrom, tss, strand in zip(genes.chrom, genes.tss, genes.strand):
        if strand == "+":
            out.append(str(fasta[chrom][tss - UP : tss + DOWN]).upper())
        else:
            window = str(fasta[chrom][tss - DOWN + 1 : tss + UP + 1]).upper()
            out.append(window.translate(_COMPLEMENT)[::-1])
    return out


@pytest.fixture(scope="module")
def windows_reference(genome_files):
    folder, _ = genome_files
    return pyfaidx_loop(pyfaidx.Fasta(str(folder / "genome.fa"), as_raw=True), _genes(N_GENES, 1))


@pytest.mark.benchmark(group="fasta-windows")
def test_windows_pyfaidx_loop(benchmark, genome_files, windows_reference, record):
    folder, _ = genome_files
    fasta = pyfaidx.Fasta(str(folder / "genome.fa"), as_raw=True)
    out = benchmark.pedantic(pyfaidx_loop, args=(fasta, _genes(N_GENES, 1)), rounds=2, iterations=1)
    assert out == windows_reference
    record(benchmark, "FASTA windows (regions)", "baseline", N_GENES, "region")


@pytest.mark.benchmark(group="fasta-windows")
def test_windows_genexpr(benchmark, genome_files, windows_reference, record):
    folder, _ = genome_files
    extractor = RegionSequenceExtractor(Genome(folder / "genome.fa"), upstream=UP, downstream=DOWN)
    genes = _genes(N_GENES, 1)
    out = benchmark.pedantic(extractor.fit_transform, args=(genes,), rounds=3, iterations=1)
    assert out.tolist() == windows_reference
    record(benchmark, "FASTA windows (regions)", "ours", N_GENES, "region")


def stats_loop(path, genes):
    handle = pyBigWig.open(str(path))
    out = np.zeros((len(genes), N_BINS))
    for row, (chrom, tss, strand) in enumerate(zip(genes.chrom, genes.tss, genes.strand)):
        low = tss - N_BINS // 2 * BIN if strand == "+" else tss - N_BINS // 2 * BIN + 1
        for b in range(N_BINS):
            (value,) = handle.stats(
                chrom, low + b * BIN, low + (b + 1) * BIN, type="sum", exact=True
            )
            out[row, b] = value or 0.0
        if strand == "-":
            out[row] = out[row, ::-1]
    return out


@pytest.fixture(scope="module")
def bins_reference(genome_files):
    folder, _ = genome_files
    return stats_loop(folder / "signal.bw", _genes(N_BIN_GENES, 2))


@pytest.mark.benchmark(group="bigwig-bins")
def test_bigwig_stats_loop(benchmark, genome_files, bins_reference, record):
    folder, _ = genome_files
    genes = _genes(N_BIN_GENES, 2)
    out = benchmark.pedantic(stats_loop, args=(folder / "signal.bw", genes), rounds=1, iterations=1)
    np.testing.assert_allclose(out, bins_reference)
    record(benchmark, "bigWig bins (genes)", "baseline", N_BIN_GENES, "gene")


@pytest.mark.benchmark(group="bigwig-bins")
def test_bigwig_genexpr(benchmark, genome_files, bins_reference, record):
    folder, _ = genome_files
    half = N_BINS // 2 * BIN
    binner = TSSBinner(BigWigTrack(folder / "signal.bw"), upstream=half, downstream=half,
                       bin_size=BIN, sparse_output=False, dtype=np.float64)  # fmt: skip
    genes = _genes(N_BIN_GENES, 2)
    out = benchmark.pedantic(binner.fit_transform, args=(genes,), rounds=3, iterations=1)
    np.testing.assert_allclose(out, bins_reference, rtol=1e-6)
    record(benchmark, "bigWig bins (genes)", "ours", N_BIN_GENES, "gene")


@pytest.fixture(scope="module")
def variant_setup(genome_files):
    folder, sequences = genome_files
    rng = np.random.default_rng(3)
    chrom = rng.choice(list(CHROMOSOMES), N_VARIANTS)
    pos = rng.integers(10_000, 9_990_000, N_VARIANTS)
    ref = [sequences[c][p - 1] for c, p in zip(chrom, pos)]
    alt = [{"A": "G", "C": "T", "G": "A", "T": "C"}[r] for r in ref]
    variants = pd.DataFrame({"chrom": chrom, "pos": pos, "ref": ref, "alt": alt})
    train = [sequences["chr1"][i : i + WIDTH] for i in range(0, 400 * WIDTH, WIDTH)]
    model = make_pipeline(KmerVectorizer(k=4), Ridge()).fit(train, [s.count("GA") for s in train])
    return folder, sequences, variants, model


def strings_loop(model, variants, fasta):
    refs, alts = [], []
    left = (WIDTH - 1) // 2
    for chrom, pos, alt in zip(variants.chrom, variants.pos, variants.alt):
        start = pos - 1 - left
        window = str(fasta[chrom][start : start + WIDTH]).upper()
        refs.append(window)
        alts.append(window[:left] + alt + window[left + 1 :])
    return model.predict(alts) - model.predict(refs)


@pytest.mark.benchmark(group="variant-scoring")
def test_variants_strings_loop(benchmark, variant_setup, record):
    folder, sequences, variants, model = variant_setup
    effects = benchmark.pedantic(
        strings_loop, args=(model, variants, sequences), rounds=2, iterations=1
    )
    ours = score_variants(model, variants, folder / "genome.fa", width=WIDTH)["effect"]
    np.testing.assert_allclose(ours, effects, atol=1e-9)
    record(benchmark, "variant scoring (variants)", "baseline", N_VARIANTS, "variant")


@pytest.mark.benchmark(group="variant-scoring")
def test_variants_genexpr(benchmark, variant_setup, record):
    folder, _, variants, model = variant_setup
    genome = Genome(folder / "genome.fa")
    benchmark.pedantic(score_variants, args=(model, variants, genome), kwargs={"width": WIDTH},
                       rounds=2, iterations=1)  # fmt: skip
    record(benchmark, "variant scoring (variants)", "ours", N_VARIANTS, "variant")
