import gzip
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.preprocessing import TSSBinner, read_peaks, read_tss

from ..conftest import shared_data


def reference_bins(
    peaks,
    genes,
    *,
    upstream,
    downstream,
    bin_size,
    signal="signal",
    assign="midpoint",
    length_normalize=True,
    sample_column="sample",
):
    """The slow, obviously right version: a loop over genes and peaks."""
    n_bins = (upstream + downstream) // bin_size
    out = np.zeros((len(genes), n_bins))
    several = not isinstance(signal, str)
    for r, gene in enumerate(genes.itertuples(index=False)):
        gene = gene._asdict()
        column = gene[sample_column] if several else signal
        sign = 1 if gene["strand"] == "+" else -1
        for peak in peaks.itertuples(index=False):
            peak = peak._asdict()
            if peak["chrom"] != gene["chrom"]:
                continue
            length = peak["end"] - peak["start"]
            value = peak[column] / length if length_normalize else peak[column]
            if assign == "midpoint":
                d = ((peak["start"] + peak["end"]) // 2 - gene["tss"]) * sign
                if -upstream <= d < downstream:
                    out[r, (d + upstream) // bin_size] += value
            else:
                for x in range(peak["start"], peak["end"]):
                    d = (x - gene["tss"]) * sign
                    if -upstream <= d < downstream:
                        out[r, (d + upstream) // bin_size] += value / length
    return out


@st.composite
def peaks_and_genes(draw, n_samples=1):
    """Small genomes whose peaks sit on window edges, overlap and pile up in bins."""
    bin_size = draw(st.sampled_from([5, 10]))
    upstream = bin_size * draw(st.integers(0, 4))
    downstream = bin_size * draw(st.integers(1 if upstream == 0 else 0, 4))
    chroms = ["chr1", "chr2"]
    n_peaks = draw(st.integers(0, 25))
    starts = draw(st.lists(st.integers(0, 150), min_size=n_peaks, max_size=n_peaks))
    lengths = draw(st.lists(st.integers(1, 30), min_size=n_peaks, max_size=n_peaks))
    peak_chroms = draw(st.lists(st.sampled_from(chroms), min_size=n_peaks, max_size=n_peaks))
    peaks = pd.DataFrame(
        {"chrom": peak_chroms, "start": starts, "end": np.add(starts, lengths).astype(int)}
    )
    for j in range(n_samples):
        peaks[f"s{j}"] = draw(
            st.lists(st.floats(0, 100, allow_nan=False), min_size=n_peaks, max_size=n_peaks)
        )
    n_genes = draw(st.integers(1, 8))
    genes = pd.DataFrame(
        {
            "chrom": draw(st.lists(st.sampled_from(chroms), min_size=n_genes, max_size=n_genes)),
            "tss": draw(st.lists(st.integers(0, 180), min_size=n_genes, max_size=n_genes)),
            "strand": draw(st.lists(st.sampled_from("+-"), min_size=n_genes, max_size=n_genes)),
            "sample": draw(
                st.lists(
                    st.sampled_from([f"s{j}" for j in range(n_samples)]),
                    min_size=n_genes,
                    max_size=n_genes,
                )
            ),
        }
    )
    return peaks, genes, dict(upstream=upstream, downstream=downstream, bin_size=bin_size)


# Generated genes often sit on a chromosome without peaks: that warning is expected.
pytestmark = pytest.mark.filterwarnings("ignore:.*chromosomes without peaks:UserWarning")


@settings(max_examples=150, deadline=None)
@given(
    data=peaks_and_genes(n_samples=3),
    assign=st.sampled_from(["midpoint", "overlap"]),
    length_normalize=st.booleans(),
    chunk_rows=st.sampled_from([None, 1, 3]),
)
def test_matches_slow_reference(data, assign, length_normalize, chunk_rows):
    peaks, genes, window = data
    signal = ["s0", "s1", "s2"]
    binner = TSSBinner(
        PeakTrack(peaks),
        signal=signal,
        assign=assign,
        length_normalize=length_normalize,
        chunk_rows=chunk_rows,
        **window,
    )
    got = binner.fit_transform(genes).toarray()
    expected = reference_bins(
        peaks, genes, signal=signal, assign=assign, length_normalize=length_normalize, **window
    )
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@settings(max_examples=60, deadline=None)
@given(data=peaks_and_genes(), shift=st.integers(-50, 10_000))
def test_translation_invariance(data, shift):
    peaks, genes, window = data
    moved_peaks = peaks.assign(start=peaks.start + shift + 50, end=peaks.end + shift + 50)
    moved_genes = genes.assign(tss=genes.tss + shift + 50)
    a = TSSBinner(PeakTrack(peaks), signal="s0", **window).fit_transform(genes)
    b = TSSBinner(PeakTrack(moved_peaks), signal="s0", **window).fit_transform(moved_genes)
    np.testing.assert_array_equal(a.toarray(), b.toarray())


@settings(max_examples=60, deadline=None)
@given(data=peaks_and_genes(), assign=st.sampled_from(["midpoint", "overlap"]))
def test_strand_flip_mirrors_the_bins(data, assign):
    """Mirroring the peaks around a TSS and flipping its strand gives the same bins.

    Midpoints mirror exactly for odd-length peaks, so those are used for "midpoint".
    """
    peaks, genes, window = data
    if assign == "midpoint":
        peaks = peaks.assign(end=peaks.start + ((peaks.end - peaks.start) // 2) * 2 + 1)
    gene = genes.iloc[:1].assign(chrom="chr1", tss=500)
    mirrored = peaks.assign(
        chrom="chr1", start=2 * 500 - peaks.end + 1, end=2 * 500 - peaks.start + 1
    )
    peaks = peaks.assign(chrom="chr1")
    flipped = gene.assign(strand="-" if gene.strand.iloc[0] == "+" else "+")
    a = TSSBinner(PeakTrack(peaks), signal="s0", assign=assign, **window).fit_transform(gene)
    b = TSSBinner(PeakTrack(mirrored), signal="s0", assign=assign, **window).fit_transform(flipped)
    np.testing.assert_allclose(a.toarray(), b.toarray(), rtol=1e-6)


def test_docstring_layout_and_feature_names():
    peaks = pd.DataFrame({"chrom": ["c"], "start": [90], "end": [110], "signal": [20.0]})
    genes = pd.DataFrame({"chrom": ["c", "c"], "tss": [100, 100], "strand": ["+", "-"]})
    binner = TSSBinner(PeakTrack(peaks), upstream=20, downstream=20, bin_size=10)
    X = binner.fit_transform(genes).toarray()
    # midpoint 100 = the TSS: d = 0 falls in the first downstream bin on both strands
    assert X.tolist() == [[0, 0, 1, 0], [0, 0, 1, 0]]
    assert list(binner.get_feature_names_out()) == [
        "tss-20_-10",
        "tss-10_+0",
        "tss+0_+10",
        "tss+10_+20",
    ]


def test_outputs_log1p_dense_and_dataframe():
    peaks = pd.DataFrame({"chrom": ["c"], "start": [90], "end": [110], "signal": [20.0]})
    genes = pd.DataFrame({"chrom": ["c"], "tss": [100], "strand": ["+"]}, index=["g"])
    kw = dict(upstream=20, downstream=20, bin_size=10)
    X = TSSBinner(PeakTrack(peaks), log1p=True, **kw).fit_transform(genes)
    assert X.format == "csr" and X.dtype == np.float32
    assert X.toarray()[0, 2] == pytest.approx(np.log1p(1.0))
    dense = TSSBinner(
        PeakTrack(peaks), sparse_output=False, length_normalize=False, **kw
    ).fit_transform(genes)
    assert isinstance(dense, np.ndarray) and dense[0, 2] == 20
    binner = TSSBinner(PeakTrack(peaks), sparse_output=False, **kw).set_output(transform="pandas")
    df = binner.fit_transform(genes)
    assert list(df.index) == ["g"] and df.columns[2] == "tss+0_+10"


@pytest.mark.parametrize(
    "peaks_change, genes_change, error, match",
    [
        ({"start": [120]}, {}, ValueError, "start 120 >= end 110"),
        ({"start": [-5]}, {}, ValueError, "negative coordinate -5 at row 0"),
        ({"signal": [-1.0]}, {}, ValueError, "negative signal"),
        ({"signal": [np.nan]}, {}, ValueError, "NaN or infinity"),
        ({}, {"strand": ["."]}, ValueError, "Unknown strand '.'"),
        ({}, {"tss": [np.nan]}, ValueError, "'tss' has NaN"),
    ],
)
def test_bad_input_is_named(peaks_change, genes_change, error, match):
    peaks = pd.DataFrame({"chrom": ["c"], "start": [90], "end": [110], "signal": [1.0]})
    genes = pd.DataFrame({"chrom": ["c"], "tss": [100], "strand": ["+"]})
    peaks = peaks.assign(**peaks_change)
    genes = genes.assign(**genes_change)
    with pytest.raises(error, match=match):
        TSSBinner(PeakTrack(peaks), upstream=20, downstream=20, bin_size=10).fit_transform(genes)


def test_missing_columns_and_bad_parameters():
    peaks = pd.DataFrame({"chrom": ["c"], "start": [90], "end": [110], "signal": [1.0]})
    genes = pd.DataFrame({"chrom": ["c"], "tss": [100], "strand": ["+"]})
    with pytest.raises(ValueError, match=r"peaks is missing column\(s\) \['atac'\]"):
        TSSBinner(PeakTrack(peaks), signal="atac", upstream=20, downstream=20, bin_size=10).fit(
            genes
        )
    with pytest.raises(ValueError, match=r"genes is missing column\(s\) \['strand'\]"):
        TSSBinner(PeakTrack(peaks), upstream=20, downstream=20, bin_size=10).fit(
            genes.drop(columns="strand")
        )
    with pytest.raises(ValueError, match=r"genes is missing column\(s\) \['sample'\]"):
        TSSBinner(
            PeakTrack(peaks.assign(b=1.0)),
            signal=["signal", "b"],
            upstream=20,
            downstream=20,
            bin_size=10,
        ).fit(genes)
    with pytest.raises(ValueError, match="not one of the signal columns"):
        TSSBinner(
            PeakTrack(peaks.assign(b=1.0)),
            signal=["signal", "b"],
            upstream=20,
            downstream=20,
            bin_size=10,
        ).fit_transform(genes.assign(sample="c"))
    with pytest.raises(ValueError, match="not a multiple of bin_size"):
        TSSBinner(PeakTrack(peaks), upstream=25, downstream=20, bin_size=10).fit(genes)
    with pytest.raises(ValueError, match="'peaks' parameter"):
        TSSBinner().fit(genes)
    with pytest.raises(TypeError, match="DataFrame of genes"):
        TSSBinner(PeakTrack(peaks), upstream=20, downstream=20, bin_size=10).fit_transform(
            np.zeros((1, 3))
        )


def test_unmatched_chromosomes_warn_once_with_counts():
    peaks = pd.DataFrame({"chrom": ["chr1"], "start": [90], "end": [110], "signal": [1.0]})
    genes = pd.DataFrame({"chrom": ["1", "2", "chr1"], "tss": [100] * 3, "strand": ["+"] * 3})
    binner = TSSBinner(PeakTrack(peaks), upstream=20, downstream=20, bin_size=10).fit(genes)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        X = binner.transform(genes)
    assert len(caught) == 1 and "2 of 3 rows" in str(caught[0].message)
    assert X[:2].nnz == 0 and X[2].nnz == 1


def test_reads_bed_files_and_gtf(tmp_path):
    bed = tmp_path / "peaks.bed.gz"
    with gzip.open(bed, "wt") as handle:
        handle.write("track name=x\nc\t90\t110\t4.0\nc\t10\t30\t2.0\n")
    peaks = read_peaks(bed)
    assert list(peaks.columns) == ["chrom", "start", "end", "signal"]
    genes = pd.DataFrame({"chrom": ["c"], "tss": [100], "strand": ["+"]})
    X = TSSBinner(bed, upstream=100, downstream=100, bin_size=50).fit_transform(genes)
    assert X.toarray()[0].tolist() == pytest.approx([0.1, 0, 0.2, 0])
    gff = tmp_path / "genes.gff3"
    gff.write_text(
        "##gff-version 3\nc\t.\tgene\t101\t200\t.\t-\t.\tID=g1;Name=ABC\n"
        "c\t.\tmRNA\t101\t200\t.\t-\t.\tID=t1\n"
    )
    assert read_tss(gff).to_dict("records") == [
        {"chrom": "c", "tss": 199, "strand": "-", "gene_id": "g1", "gene_name": "ABC"}
    ]
    bad = tmp_path / "bad.bed"
    bad.write_text("c\t1\t5\tg\t0\t*\n")
    with pytest.raises(ValueError, match=r"Unknown strand '\*' on line 1 of"):
        read_tss(bad)


def _openness_data(n_genes=300, seed=0):
    """Expression proportional to the peak signal in [-1.5 kb, +0.5 kb) of the TSS
    (in the direction of transcription, so strand matters), plus distal noise peaks."""
    rng = np.random.default_rng(seed)
    # 30 kb apart: no gene's peaks reach another gene's promoter bins
    tss = 10_000 + 30_000 * np.arange(n_genes) + rng.integers(0, 1000, n_genes)
    strand = rng.choice(["+", "-"], n_genes)
    genes = pd.DataFrame({"chrom": "chr1", "tss": tss, "strand": strand})
    rows, y = [], np.zeros(n_genes)
    for i, (t, s) in enumerate(zip(tss, strand)):
        for _ in range(rng.integers(0, 4)):  # promoter peaks: these drive expression
            d = int(rng.integers(-1500, 500))
            mid = t + d if s == "+" else t - d
            signal = rng.gamma(2.0, 5.0)
            rows.append(("chr1", mid - 100, mid + 100, signal))
            y[i] += signal
        for _ in range(rng.integers(0, 4)):  # distal noise peaks
            mid = t + int(rng.choice([-1, 1]) * rng.integers(3000, 9000))
            rows.append(("chr1", mid - 100, mid + 100, rng.gamma(2.0, 5.0)))
    peaks = pd.DataFrame(rows, columns=["chrom", "start", "end", "signal"])
    return peaks, genes, y / 10 + rng.normal(0, 0.3, n_genes)


def test_pipeline_learns_openness_and_grid_searches_clone_pickle():
    import pickle

    peaks, genes, y = _openness_data()
    binner = TSSBinner(
        PeakTrack(peaks), upstream=10_000, downstream=10_000, bin_size=1000, length_normalize=False
    )
    pipe = make_pipeline(binner, Ridge())
    grid = GridSearchCV(pipe, {"tssbinner__bin_size": [1000, 5000]}, cv=3).fit(genes, y)
    assert grid.best_params_["tssbinner__bin_size"] == 1000  # the finer bins see the promoter
    model = cross_val_score(grid.best_estimator_, genes, y, cv=3).mean()
    dummy = cross_val_score(make_pipeline(clone(binner), DummyRegressor()), genes, y, cv=3).mean()
    assert model > 0.6 and dummy < 0.05
    fitted = grid.best_estimator_
    restored = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(restored.predict(genes), fitted.predict(genes))


def test_real_k562_chr22_promoter_openness_tracks_expression():
    """On real K562 data, DNase in the 1 kb upstream bin correlates with expression."""
    from scipy.stats import spearmanr

    folder = shared_data("k562_openness", "hg19_chr22")
    table = pd.read_csv(folder / "ABC_GeneList_K562_chr22_hg19_with_expression.txt.gz", sep="\t")
    expression_column = [c for c in table.columns if c.endswith("Expression")][0]
    table = table.dropna(subset=[expression_column])
    genes = pd.DataFrame(
        {
            "chrom": table["chr"],
            "strand": table["strand"],
            "tss": np.where(table["strand"] == "+", table["start"], table["end"] - 1),
        }
    )
    peaks = read_peaks(
        folder / "K562_DNase_wgEncodeUwDnaseK562AlnRep1_chr22.macs2_peaks.narrowPeak.gz"
    )
    peaks = peaks[peaks.end - peaks.start < 5000]  # drop the artefact spanning the centromere
    X = TSSBinner(
        PeakTrack(peaks), upstream=10_000, downstream=10_000, bin_size=1000, length_normalize=False
    ).fit_transform(genes)
    promoter = X[:, 9].toarray().ravel()  # [-1 kb, TSS)
    rho = spearmanr(promoter, np.log1p(table[expression_column])).statistic
    assert rho > 0.3


def test_memory_does_not_grow_with_dense_size():
    """2,000 genes x 20,000 bins is 160 MB dense in float32; binning stays far below."""
    import tracemalloc

    rng = np.random.default_rng(0)
    starts = rng.integers(0, 50_000_000, 5_000)
    peaks = pd.DataFrame(
        {"chrom": "chr1", "start": starts, "end": starts + 500, "signal": rng.random(5_000)}
    )
    genes = pd.DataFrame(
        {
            "chrom": "chr1",
            "tss": rng.integers(0, 50_000_000, 2_000),
            "strand": rng.choice(["+", "-"], 2_000),
        }
    )
    binner = TSSBinner(
        PeakTrack(peaks), upstream=1_000_000, downstream=1_000_000, bin_size=100
    ).fit(genes)
    tracemalloc.start()
    X = binner.transform(genes)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert X.shape == (2_000, 20_000)
    dense_bytes = X.shape[0] * X.shape[1] * 4
    # working memory is a few int64/float64 arrays per (gene, peak) pair in a window
    assert peak < 100 * X.nnz + 2_000_000, f"peak {peak / 1e6:.1f} MB for {X.nnz} pairs"
    assert peak < dense_bytes / 4


def test_chunked_binning_bounds_memory_with_many_cell_types():
    """200 genes x 100 cell types = 20,000 rows; chunks of 1,000 rows keep the
    working memory to the chunk: the peak is the output plus a chunk's pairs."""
    import tracemalloc

    rng = np.random.default_rng(0)
    n_peaks, n_types = 4_000, 100
    starts = rng.integers(0, 20_000_000, n_peaks)
    peaks = pd.DataFrame({"chrom": "chr1", "start": starts, "end": starts + 400})
    cells = [f"cell{i}" for i in range(n_types)]
    peaks = pd.concat([peaks, pd.DataFrame(rng.random((n_peaks, n_types)), columns=cells)], axis=1)
    genes = pd.DataFrame(
        {
            "chrom": "chr1",
            "tss": np.repeat(rng.integers(0, 20_000_000, 200), n_types),
            "strand": "+",
            "sample": np.tile(cells, 200),
        }
    )
    peaks_by_type = {}
    for chunk_rows in (None, 1_000):
        binner = TSSBinner(PeakTrack(peaks), signal=cells, chunk_rows=chunk_rows).fit(genes)
        tracemalloc.start()
        X = binner.transform(genes)
        peaks_by_type[chunk_rows] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    output_bytes = X.data.nbytes + X.indices.nbytes + X.indptr.nbytes
    assert X.shape == (20_000, 2_000) and X.nnz > 1_000_000
    # unchunked: ~100 B per pair of working memory; chunked: output x ~3 (pieces + stacking)
    assert peaks_by_type[1_000] < 0.5 * peaks_by_type[None]
    assert peaks_by_type[1_000] < 3.5 * output_bytes + 20 * 2**20
