"""Bad input, table-driven: every case must end in its exception with a message that says
what is wrong and where (the column, the row, the sequence, the data set, the parameter).

Each row: (id, call, exception type, a phrase the message must contain). The phrases are
regular expressions matched against the message.
"""

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline
from sklearn.utils._param_validation import InvalidParameterError

from sklearn_genexpr import EncodedSequences
from sklearn_genexpr.datasets import (
    load_dgex_arrays,
    load_histone_expression,
    load_k562_openness,
    load_promoter_file,
    load_yeast_libraries,
    load_yeast_promoters,
    make_landmark_expression,
    make_openness_expression,
    make_promoter_expression,
)
from sklearn_genexpr.genomics import BigWigTrack, PeakTrack, read_vcf, score_variants
from sklearn_genexpr.inspection import (
    dinucleotide_shuffle,
    discover_motifs,
    hypothetical_contributions,
    match_motifs,
    plot_mutagenesis,
    positional_importance,
    saturation_mutagenesis,
    variant_effects,
)
from sklearn_genexpr.metrics import (
    mean_per_gene_mae,
    pearson_r,
    pearson_scorer,
    per_gene_mae,
    spearman_r,
)
from sklearn_genexpr.model_selection import (
    ChromosomeKFold,
    HomologyGroupKFold,
    chromosome_groups,
    homology_groups,
)
from sklearn_genexpr.multioutput import LibraryIndicatorRegressor
from sklearn_genexpr.neighbors import GeneKNNRegressor
from sklearn_genexpr.neural_network import (
    DGEXRegressor,
    LegNetRegressor,
    OpennessMLP,
    PromoterResNetRegressor,
    TabularMLPRegressor,
    load_pretrained,
    save_pretrained,
)
from sklearn_genexpr.preprocessing import (
    DNAOneHotEncoder,
    GroupStandardScaler,
    JointQuantileNormalizer,
    KmerVectorizer,
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
    TSSBinner,
    group_standardize,
    read_peaks,
    read_tss,
    reverse_complement,
)

SMALL_MLP = dict(hidden_layer_sizes=(4,), max_iter=2, batch_size=8, device="cpu")
X5 = np.arange(20.0).reshape(10, 2)
y5 = np.arange(10.0)
MIXED = pd.DataFrame({"a": [1.0, 2.0, 3.0], "gene": ["x", "y", "z"]})


def _mlp(**kwargs):
    return OpennessMLP(**{**SMALL_MLP, **kwargs})


def _kmer_model():
    from sklearn.linear_model import LinearRegression
    from sklearn.pipeline import make_pipeline

    seqs = ["ACGTACGTAC", "AACCGGTTAA", "ACACACACAC", "GGGGCCCCAA"] * 3
    return make_pipeline(KmerVectorizer(k=2), LinearRegression()).fit(seqs, np.arange(12.0))


PEAKS = pd.DataFrame({"chrom": ["c"], "start": [1], "end": [5], "signal": [1.0]})
GENES = pd.DataFrame({"chrom": ["c"], "tss": [5], "strand": ["+"]})

# files of the genomic entry points, written once for the table
_FILES = Path(tempfile.mkdtemp(prefix="bad-inputs-"))
(_FILES / "genome.fa").write_text(">c\nACGTACGTACGTACGTACGT\n")
(_FILES / "promoters.txt").write_text("ACGT\t1.5\nACGG\t2\n")
VARIANT = pd.DataFrame({"chrom": ["c"], "pos": [5], "ref": ["A"], "alt": ["G"]})
REGIONS = pd.DataFrame({"chrom": ["c"], "tss": [5], "strand": ["+"]})


def _extract(regions, **kwargs):
    from sklearn_genexpr.genomics import RegionSequenceExtractor

    return RegionSequenceExtractor(_FILES / "genome.fa", **kwargs).fit_transform(regions)


CASES = [
    # -- generators: validated like sklearn's make_* ----------------------------------------
    (
        "make_promoter n_samples<1",
        lambda: make_promoter_expression(0),
        InvalidParameterError,
        "n_samples",
    ),
    (
        "make_promoter length<50",
        lambda: make_promoter_expression(5, length=20),
        InvalidParameterError,
        r"'length' .* \[50, inf\)",
    ),
    (
        "make_promoter noise<0",
        lambda: make_promoter_expression(5, noise=-1.0),
        InvalidParameterError,
        "noise",
    ),
    (
        "make_landmark rank 0",
        lambda: make_landmark_expression(10, 5, 5, rank=0),
        InvalidParameterError,
        "rank",
    ),
    (
        "make_landmark fraction 2",
        lambda: make_landmark_expression(10, 5, 5, second_platform_fraction=2.0),
        InvalidParameterError,
        "second_platform_fraction",
    ),
    (
        "make_openness n_genes 0",
        lambda: make_openness_expression(0),
        InvalidParameterError,
        "n_genes",
    ),
    # -- metrics: NaN, inf, empty and shapes alike in every function --------------------------
    ("pearson NaN", lambda: pearson_r([1, 2, np.nan], [1, 2, 3]), ValueError, "NaN or infinity"),
    ("spearman inf", lambda: spearman_r([1, 2, np.inf], [1, 2, 3]), ValueError, "NaN or infinity"),
    (
        "per_gene_mae inf",
        lambda: per_gene_mae([[1.0, np.inf]], [[1.0, 2.0]]),
        ValueError,
        "NaN or infinity",
    ),
    (
        "mean_per_gene_mae NaN",
        lambda: mean_per_gene_mae([[np.nan]], [[1.0]]),
        ValueError,
        "NaN or infinity",
    ),
    ("pearson empty", lambda: pearson_r([], []), ValueError, "at least 2 samples"),
    (
        "resnet even kernel",
        lambda: PromoterResNetRegressor(kernel_size=4, max_iter=1).fit(
            ["ACGTACGT"] * 4, [1.0, 2.0, 3.0, 4.0]
        ),
        ValueError,
        "kernel_size=4 must be odd",
    ),
    (
        "metric 3-D",
        lambda: pearson_r(np.ones((4, 2, 2)), np.ones((4, 2, 2))),
        ValueError,
        r"y_true must be 1-D \(n_samples,\) or 2-D",
    ),
    ("metric scalar", lambda: spearman_r(1.0, 2.0), TypeError, "y_true must be an array-like"),
    (
        "onehot dtype name",
        lambda: DNAOneHotEncoder(dtype="foo").fit(["ACGT"]),
        ValueError,
        "DNAOneHotEncoder: dtype='foo' is not a numpy dtype",
    ),
    (
        "kmer dtype name",
        lambda: KmerVectorizer(dtype="bar").fit(["ACGT"]),
        ValueError,
        "KmerVectorizer: dtype='bar' is not a numpy dtype",
    ),
    (
        "variant is the reference",
        lambda: variant_effects(
            make_pipeline(KmerVectorizer(k=1), Ridge()).fit(["ACGT", "AAAA"], [1.0, 2.0]),
            ["ACGT"],
            positions=[0],
            alleles=["A"],
        ),
        ValueError,
        "Allele 'A' of variant 0 is the reference base at position 0",
    ),
    (
        "contributions bool output",
        lambda: hypothetical_contributions(Ridge(), ["ACGT"], output=True),
        ValueError,
        "output=True of hypothetical_contributions: an integer is expected",
    ),
    (
        "discovery bool window",
        lambda: discover_motifs(np.zeros((2, 40, 4)), np.zeros((2, 40, 4)), window=True),
        ValueError,
        "window",
    ),
    (
        "matching bool n_matches",
        lambda: match_motifs([np.full((5, 4), 0.25)], n_matches=True),
        ValueError,
        "n_matches=True of match_motifs: an integer is expected",
    ),
    # found by tests/test_fuzz.py: accepted silently, or numpy's words without a place
    (
        "pearson complex",
        lambda: pearson_r([1j, 2, 3], [1, 2, 3]),
        ValueError,
        "y_true: Complex data not supported",
    ),
    ("kmer set", lambda: KmerVectorizer().fit({"ACGT", "GGCC"}), TypeError, "has no order"),
    (
        "knn string cell",
        lambda: GeneKNNRegressor(n_neighbors=1).fit([[1.0, "a"], [2.0, 3.0]], [[1.0], [2.0]]),
        ValueError,
        r"column 1 .*\(row 0\)",
    ),
    (
        "metric ragged",
        lambda: per_gene_mae([[1.0, 2.0], [3.0]], [[1.0, 2.0], [3.0, 4.0]]),
        ValueError,
        "y_true is ragged: row 1",
    ),
    (
        "scaler mapping",
        lambda: GroupStandardScaler().fit({"a": [1.0]}),
        TypeError,
        "X must be an array-like of numbers, got a mapping",
    ),
    (
        "per_gene_mae empty",
        lambda: per_gene_mae(np.empty((0, 2)), np.empty((0, 2))),
        ValueError,
        "at least 1 sample",
    ),
    (
        "per_gene_mae shapes",
        lambda: per_gene_mae([[1, 2]], [[1, 2, 3]]),
        ValueError,
        r"different shapes: \(1, 2\) and \(1, 3\)",
    ),
    # -- sequences ---------------------------------------------------------------------------
    (
        "onehot bad character",
        lambda: DNAOneHotEncoder().fit(["ACGT", "ACXG"]),
        ValueError,
        "'X' at position 2 of sequence 1",
    ),
    (
        "onehot missing value",
        lambda: DNAOneHotEncoder().fit(["ACG", None]),
        TypeError,
        "sequence 1 is None",
    ),
    (
        # found by the join that encodes them, then named (utils._validation.sequence_list)
        "onehot bytes element",
        lambda: DNAOneHotEncoder().fit_transform(["ACGT", b"ACGT"]),
        TypeError,
        "sequence 1 is b'ACGT' of type bytes; every sequence must be a str",
    ),
    (
        "kmer int element at transform",
        lambda: KmerVectorizer(k=2).fit(["ACGT"]).transform(["ACGT", "AC", 7]),
        TypeError,
        "KmerVectorizer: sequence 2 is 7 of type int",
    ),
    (
        "onehot ragged without length",
        lambda: DNAOneHotEncoder().fit(["AC", "ACG"]),
        ValueError,
        "different lengths",
    ),
    (
        "onehot ambiguous error",
        lambda: DNAOneHotEncoder(ambiguous="error").fit(["ACN"]),
        ValueError,
        "'N' at position 2 of sequence 0",
    ),
    ("kmer single string", lambda: KmerVectorizer().fit("ACGT"), TypeError, "single str"),
    (
        "kmer k out of range",
        lambda: KmerVectorizer(k=13).fit(["ACG"]),
        InvalidParameterError,
        "'k' parameter",
    ),
    (
        "kmer int8 overflow",
        lambda: KmerVectorizer(k=1, dtype=np.int8).fit_transform(["A" * 200]),
        ValueError,
        "200 times in sequence 0",
    ),
    (
        "kmer 2-D numeric",
        lambda: KmerVectorizer().fit(np.zeros((3, 2, 2))),
        ValueError,
        "1-D array-like of sequences",
    ),
    (
        "reverse_complement alphabet",
        lambda: reverse_complement(np.zeros((2, 4, 3)), alphabet="ACGX"),
        ValueError,
        "permutation of 'ACGT'",
    ),
    (
        "augmenter y length",
        lambda: ReverseComplementAugmenter().fit_resample(["ACG", "TTA"], [1.0]),
        ValueError,
        "X has 2 samples but y has 1",
    ),
    # -- tables ------------------------------------------------------------------------------
    (
        "mlp non-numeric column",
        lambda: _mlp().fit(MIXED, [1.0, 2.0, 3.0]),
        ValueError,
        r"column 1 \('gene'\) holds a non-numeric value 'x' \(row 0\)",
    ),
    (
        "mlp ragged rows",
        lambda: _mlp().fit([[1.0, 2.0], [3.0]], [1.0, 2.0]),
        ValueError,
        "row 1 has 1 values where row 0 has 2",
    ),
    (
        "mlp beyond float32",
        lambda: _mlp().fit(np.c_[X5, np.full(10, 1e39)], y5),
        ValueError,
        "float32's range .* column 2",
    ),
    ("mlp NaN in X", lambda: _mlp().fit(np.where(X5 > 5, np.nan, X5), y5), ValueError, "NaN"),
    (
        "mlp hidden size 0",
        lambda: _mlp(hidden_layer_sizes=(0,)).fit(X5, y5),
        ValueError,
        "hidden_layer_sizes must be positive",
    ),
    (
        "mlp learning rate 0",
        lambda: _mlp(learning_rate_init=0).fit(X5, y5),
        InvalidParameterError,
        "learning_rate_init",
    ),
    (
        "mlp validation_fraction None",
        lambda: _mlp(validation_fraction=None).fit(X5, y5),
        InvalidParameterError,
        "validation_fraction",
    ),
    (
        "mlp one row with early stopping",
        lambda: _mlp().fit(X5[:1], y5[:1]),
        ValueError,
        "no training row",
    ),
    (
        "dgex too many target chunks",
        lambda: DGEXRegressor(**SMALL_MLP, target_chunks=3).fit(X5, np.c_[y5, y5]),
        ValueError,
        "more than the 2 targets",
    ),
    (
        "knn more neighbours than landmarks",
        lambda: GeneKNNRegressor(n_neighbors=5).fit(X5, y5),
        ValueError,
        "more than the 2 landmark genes",
    ),
    (
        "mlp divergence",
        lambda: _mlp(learning_rate_init=1e9, max_iter=20).fit(
            np.random.default_rng(0).normal(size=(200, 5)), np.arange(200.0)
        ),
        FloatingPointError,
        "diverged",
    ),
    (
        "promoter negative targets",
        lambda: PromoterResNetRegressor(
            channels=4, n_blocks=0, max_iter=1, head="regression", device="cpu"
        ).fit(["ACGT"] * 10, -y5),
        ValueError,
        "negative values",
    ),
    (
        "promoter one-hot shape",
        lambda: PromoterResNetRegressor(device="cpu").fit(np.zeros((10, 3, 8)), y5),
        ValueError,
        r"shape \(n, 4, L\)",
    ),
    # -- genomic tables and data sets ---------------------------------------------------------
    (
        "quantile normaliser width of data set 1",
        lambda: JointQuantileNormalizer().fit([np.ones((3, 4)), np.ones((3, 5))]),
        ValueError,
        r"Data set 1 of the list.*genes given in rows.*pass \[d\.T for d in datasets\]",
    ),
    (
        "quantile normaliser genes x samples at transform",
        lambda: JointQuantileNormalizer().fit(np.ones((2, 6))).transform(np.ones((6, 3))),
        ValueError,
        r"X has 6 rows, the number of genes seen in fit.*pass X\.T",
    ),
    (
        "multi-task target row without a measured value",
        lambda: OpennessMLP(max_iter=1).fit(
            np.ones((4, 2)), [[1.0, 2.0], [np.nan, np.nan], [1.0, np.nan], [2.0, 1.0]]
        ),
        ValueError,
        r"Row 1 of y has no measured value \(all NaN\)",
    ),
    (
        "1-D target with NaN",
        lambda: PromoterResNetRegressor(max_iter=1).fit(["ACGT"] * 10, np.r_[np.nan, y5[1:]]),
        ValueError,
        r"y contains NaN \(row 0\).*only in 2-D y",
    ),
    (
        "quantile normaliser non-numeric",
        lambda: JointQuantileNormalizer().fit(np.array([[1.0, 2.0], [3.0, "a"]], dtype=object)),
        ValueError,
        r"column 1 holds a non-numeric value 'a' \(row 1\)",
    ),
    (
        "group scaler groups length",
        lambda: GroupStandardScaler().fit_transform(X5, groups=[0, 1]),
        ValueError,
        "groups",
    ),
    (
        "tss binner bin size",
        lambda: TSSBinner(peaks="x.bed", bin_size=0).fit(None),
        InvalidParameterError,
        "bin_size",
    ),
    (
        "read_peaks missing file",
        lambda: read_peaks("/nonexistent/peaks.bed"),
        FileNotFoundError,
        "peaks.bed",
    ),
    (
        "yeast subset",
        lambda: load_yeast_promoters("nope"),
        ValueError,
        "Unknown subset 'nope'; choose one of",
    ),
    # -- loaders: parameters validated like sklearn's ---------------------------------------
    (
        "histone as_frame",
        lambda: load_histone_expression(as_frame="yes"),
        InvalidParameterError,
        "'as_frame' parameter of load_histone_expression",
    ),
    (
        "libraries return_X_y",
        lambda: load_yeast_libraries(return_X_y=1.5),
        InvalidParameterError,
        "'return_X_y' parameter",
    ),
    (
        "dgex return_X_y",
        lambda: load_dgex_arrays(return_X_y="x"),
        InvalidParameterError,
        "return_X_y",
    ),
    # -- genomic tables: coordinates whole and non-negative, never truncated -----------------
    (
        "tss fractional",
        lambda: TSSBinner(PeakTrack(PEAKS)).fit_transform(GENES.assign(tss=[5.5])),
        ValueError,
        r"genes column 'tss' has the fractional coordinate 5\.5 at row 0",
    ),
    (
        "tss negative",
        lambda: TSSBinner(PeakTrack(PEAKS)).fit_transform(GENES.assign(tss=[-3])),
        ValueError,
        "genes column 'tss' has the negative coordinate -3 at row 0",
    ),
    (
        "peak start fractional",
        lambda: TSSBinner(PeakTrack(PEAKS.assign(start=[1.5]))).fit_transform(GENES),
        ValueError,
        r"peaks column 'start' has the fractional coordinate 1\.5 at row 0",
    ),
    (
        "tss unknown strand",
        lambda: TSSBinner(PeakTrack(PEAKS)).fit_transform(GENES.assign(strand=["x"])),
        ValueError,
        "Unknown strand 'x' at genes row 0",
    ),
    (
        "tss genes columns",
        lambda: TSSBinner(PeakTrack(PEAKS)).fit_transform(pd.DataFrame({"x": [1]})),
        ValueError,
        r"genes is missing column\(s\) \['chrom', 'tss', 'strand'\]",
    ),
    (
        "read_tss missing file",
        lambda: read_tss("/nonexistent/genes.gtf"),
        FileNotFoundError,
        "genes.gtf",
    ),
    # -- more sequence entry points -------------------------------------------------------------
    (
        "rc transformer 2-D numbers",
        lambda: ReverseComplementTransformer().fit_transform(np.zeros((3, 5))),
        ValueError,
        r"One-hot input must be 3-D \(n, 4, L\) or \(n, L, 4\), got shape \(3, 5\)",
    ),
    (
        "onehot inverse of 2-D",
        lambda: DNAOneHotEncoder().fit(["ACGT"]).inverse_transform(np.zeros((2, 4))),
        ValueError,
        "Expected a 3-D array as produced by transform",
    ),
    (
        "kmer pandas output of sparse",
        lambda: KmerVectorizer().set_output(transform="pandas").fit_transform(["ACGTACG"]),
        ValueError,
        "cannot hold a sparse matrix",
    ),
    (
        "legnet bad character",
        lambda: LegNetRegressor(max_iter=1).fit(["ACGX"] * 10, y5),
        ValueError,
        "'X' at position 3 of sequence 0",
    ),
    (
        "legnet empty block_sizes",
        lambda: LegNetRegressor(block_sizes=()).fit(["ACGT"] * 10, y5),
        ValueError,
        "block_sizes must be a non-empty sequence of positive integers",
    ),
    (
        "resnet predict bad character",
        lambda: (
            PromoterResNetRegressor(channels=4, n_blocks=0, max_iter=1, device="cpu")
            .fit(["ACGT"] * 10, y5)
            .predict(["ACGU"])
        ),
        ValueError,
        "'U' at position 3 of sequence 0",
    ),
    (
        "knn predict width",
        lambda: (
            GeneKNNRegressor(n_neighbors=1)
            .fit(np.ones((5, 3)), np.ones((5, 2)))
            .predict(np.ones((2, 4)))
        ),
        ValueError,
        "X has 4 features, but GeneKNNRegressor is expecting 3",
    ),
    (
        "group_standardize groups length",
        lambda: group_standardize(np.ones((4, 2)), groups=[0, 1]),
        ValueError,
        r"groups must be 1-D with one label per row \(4\)",
    ),
    (
        "group scaler NaN group",
        lambda: GroupStandardScaler().fit_transform(np.ones((4, 2)), groups=[0, np.nan, 1, 1]),
        ValueError,
        "groups has NaN at row 1",
    ),
    (
        "scorer with NaN target",
        lambda: pearson_scorer(_kmer_model(), ["ACGT"] * 3, [1.0, np.nan, 2.0]),
        ValueError,
        "must not contain NaN or infinity",
    ),
    # -- inspection -----------------------------------------------------------------------------
    (
        "mutagenesis bad character",
        lambda: saturation_mutagenesis(_kmer_model(), ["ACGX"]),
        ValueError,
        "'X' at position 3 of sequence 0",
    ),
    (
        "mutagenesis batch size",
        lambda: saturation_mutagenesis(_kmer_model(), ["ACGT"], batch_size=0),
        InvalidParameterError,
        "'batch_size' parameter of saturation_mutagenesis",
    ),
    (
        "variant effects without variants",
        lambda: variant_effects(_kmer_model(), ["ACGT"]),
        ValueError,
        "Give the variants: alt_sequences, or positions and alleles",
    ),
    (
        "variant position outside",
        lambda: variant_effects(_kmer_model(), ["ACGT"], positions=[7], alleles=["A"]),
        ValueError,
        r"Position 7 of variant 0 is outside its reference sequence \(length 4\)",
    ),
    (
        "variant allele",
        lambda: variant_effects(_kmer_model(), ["ACGT"], positions=[1], alleles=["Z"]),
        ValueError,
        "Allele 'Z' of variant 0 is not one of A, C, G, T",
    ),
    (
        "variant counts differ",
        lambda: variant_effects(_kmer_model(), ["ACGT", "AAAA"], ["ACGA"]),
        ValueError,
        "2 reference but 1 alternative sequences",
    ),
    (
        "shuffle a non-DNA character",
        lambda: dinucleotide_shuffle(["ACGX"]),
        ValueError,
        "'X' at position 3 of sequence 0",
    ),
    (
        "shuffle a single string",
        lambda: dinucleotide_shuffle("ACGT"),
        InvalidParameterError,
        "'sequences' parameter of dinucleotide_shuffle",
    ),
    (
        "positional importance of non-bin columns",
        lambda: positional_importance(
            GeneKNNRegressor(n_neighbors=1).fit(np.ones((5, 2)), np.arange(5.0)),
            np.ones((5, 2)),
            np.arange(5.0),
            feature_names=["a", "b"],
        ),
        ValueError,
        r"Column 0 \('a'\) is not a TSS distance bin",
    ),
    (
        "mutagenesis plot of several outputs",
        lambda: plot_mutagenesis(np.zeros((5, 4, 2)), "ACGTA"),
        ValueError,
        r"effects must have shape \(L, 4\)",
    ),
    # -- the skorch-standing networks' new parameters and methods ----------------------------
    ("mlp max_iter bool", lambda: _mlp(max_iter=True).fit(X5, y5), ValueError, "max_iter=True"),
    (
        "mlp solver lbfgs",
        lambda: TabularMLPRegressor(**SMALL_MLP, solver="lbfgs").fit(X5, y5),
        InvalidParameterError,
        "'solver'",
    ),
    (
        "mlp weight_decay without adamw",
        lambda: _mlp(weight_decay=0.1).fit(X5, y5),
        ValueError,
        "weight_decay=0.1 .* solver='adamw'",
    ),
    (
        "mlp callbacks not callbacks",
        lambda: _mlp(callbacks=[3]).fit(X5, y5),
        ValueError,
        r"callbacks\[0\] is 3",
    ),
    (
        "mlp accelerator a string",
        lambda: _mlp(accelerator="gpu").fit(X5, y5),
        InvalidParameterError,
        "'accelerator'",
    ),
    (
        "mlp partial_fit NaN",
        lambda: _mlp().partial_fit(np.where(X5 > 15, np.nan, X5), y5),
        ValueError,
        "NaN",
    ),
    (
        "mlp partial_fit other width",
        lambda: _mlp().partial_fit(X5, y5).partial_fit(X5[:, :1], y5),
        ValueError,
        "X has 1 features, but OpennessMLP is expecting 2",
    ),
    (
        "mlp partial_fit empty",
        lambda: _mlp().partial_fit(X5[:0], y5[:0]),
        ValueError,
        "0 sample",
    ),
    (
        "mlp warm start other targets",
        lambda: _mlp(warm_start=True).fit(X5, y5).fit(X5, np.c_[y5, y5]),
        ValueError,
        r"predicts 1 target\(s\)",
    ),
    (
        "resnet soft_bins 1",
        lambda: PromoterResNetRegressor(soft_bins=1).fit(["ACGT"] * 4, np.arange(4.0)),
        InvalidParameterError,
        "'soft_bins'",
    ),
    (
        "resnet soft_bins bool",
        lambda: PromoterResNetRegressor(soft_bins=True).fit(["ACGT"] * 4, np.arange(4.0)),
        InvalidParameterError,
        "'soft_bins'",
    ),
    (
        "resnet sequences as a mapping",
        lambda: PromoterResNetRegressor(max_iter=1).fit({"a": "ACGT"}, np.arange(1.0)),
        TypeError,
        r"got a mapping \(dict\)",
    ),
    (
        "kmer sequences as a mapping",
        lambda: KmerVectorizer().fit({"s1": "ACGT", "s2": "GGCC"}),
        TypeError,
        "mapping",
    ),
    (
        "resnet network_input unfitted",
        lambda: PromoterResNetRegressor().network_input(["ACGT"]),
        NotFittedError,
        "not fitted",
    ),
    (
        "legnet groups do not divide",
        lambda: LegNetRegressor(block_sizes=(8, 5), resize_factor=2, filter_per_group=3).fit(
            ["ACGT"] * 8, np.arange(8.0)
        ),
        ValueError,
        "filter_per_group=3",
    ),
    (
        "library regressor not a regressor",
        lambda: LibraryIndicatorRegressor("ridge").fit(X5, y5),
        InvalidParameterError,
        "'regressor'",
    ),
    (
        "library predict_library bool",
        lambda: LibraryIndicatorRegressor(Ridge(), predict_library=True).fit(X5, y5),
        ValueError,
        "predict_library=True",
    ),
    (
        "library predict_library past the columns",
        lambda: LibraryIndicatorRegressor(Ridge(), predict_library=2).fit(X5, y5),
        ValueError,
        "predict_library=2, but y has 1 library",
    ),
    (
        "library y infinity",
        lambda: LibraryIndicatorRegressor(Ridge()).fit(X5, np.where(y5 > 5, np.inf, y5)),
        ValueError,
        r"infinity \(row 6\)",
    ),
    (
        "library X NaN",
        lambda: LibraryIndicatorRegressor(Ridge()).fit(np.where(X5 > 15, np.nan, X5), y5),
        ValueError,
        "NaN",
    ),
    (
        "library 3-D y",
        lambda: LibraryIndicatorRegressor(Ridge()).fit(X5, np.zeros((10, 2, 2))),
        ValueError,
        "dim 3",
    ),
    (
        "reverse complement names of two columns",
        lambda: ReverseComplementTransformer().fit(["AC"]).get_feature_names_out(["a", "b"]),
        ValueError,
        "one sequence column",
    ),
    (
        "k562 as_frame a string",
        lambda: load_k562_openness(as_frame="yes"),
        InvalidParameterError,
        "'as_frame'",
    ),
    (
        "dgex as_frame a number",
        lambda: load_dgex_arrays(as_frame=2),
        InvalidParameterError,
        "'as_frame'",
    ),
    # the entry points added with the genomic files, the full challenge files and the splitters
    (
        "promoter file path a bool",
        lambda: load_promoter_file(True),
        InvalidParameterError,
        "'path'",
    ),
    (
        "promoter file max_rows a bool",
        lambda: load_promoter_file(_FILES / "promoters.txt", max_rows=True),
        ValueError,
        "max_rows=True of load_promoter_file",
    ),
    (
        "promoter file negative skiprows",
        lambda: load_promoter_file(_FILES / "promoters.txt", skiprows=-1),
        InvalidParameterError,
        "'skiprows'",
    ),
    (
        "promoter file missing",
        lambda: load_promoter_file(_FILES / "none.txt"),
        FileNotFoundError,
        "none.txt",
    ),
    (
        "encoded sequences from a mapping",
        lambda: EncodedSequences.from_strings({"a": "ACGT"}),
        TypeError,
        "mapping",
    ),
    (
        "encoded sequences of float codes",
        lambda: EncodedSequences(np.zeros(4), np.array([4])),
        ValueError,
        "codes must be a 1-D uint8 array",
    ),
    (
        "encoded sequences of NaN lengths",
        lambda: EncodedSequences(np.zeros(4, np.uint8), np.array([np.nan])),
        ValueError,
        "lengths must be a 1-D integer array",
    ),
    (
        "encoded sequences indexed by a 2-D array",
        lambda: EncodedSequences.from_strings(["AC", "GT"])[np.zeros((1, 1), int)],
        IndexError,
        "1-D array of int or bool",
    ),
    (
        "homology groups of a mapping",
        lambda: homology_groups({"a": "ACGTACGT"}),
        TypeError,
        "mapping",
    ),
    ("homology k a bool", lambda: homology_groups(["ACGT"], k=True), ValueError, "k=True"),
    ("homology k too large", lambda: homology_groups(["ACGT"], k=33), InvalidParameterError, "'k'"),
    (
        "homology flanks not integers",
        lambda: homology_groups(["ACGT"], flanks=("a", "b")),
        ValueError,
        "flanks must be two integers",
    ),
    (
        "homology splitter with groups",
        lambda: next(HomologyGroupKFold(2).split(["ACGT", "GGCC"], groups=[0, 1])),
        ValueError,
        "computes the groups",
    ),
    (
        "chromosome groups of a 2-D array",
        lambda: chromosome_groups(np.array([["chr1"], ["chr2"]])),
        ValueError,
        r"shape \(2, 1\)",
    ),
    ("chromosome groups empty", lambda: chromosome_groups([]), ValueError, "0 rows"),
    (
        "chromosome name NaN",
        lambda: chromosome_groups(np.array(["chr1", np.nan], dtype=object)),
        ValueError,
        "row 1 has no chromosome name",
    ),
    (
        "chromosome splitter without a column",
        lambda: next(ChromosomeKFold(2).split(np.zeros((4, 2)))),
        ValueError,
        "groups=",
    ),
    (
        "regions as a dict",
        lambda: _extract({"chrom": ["c"], "tss": [5], "strand": ["+"]}),
        TypeError,
        "DataFrame of regions",
    ),
    (
        "regions tss NaN",
        lambda: _extract(REGIONS.assign(tss=[np.nan]), upstream=2, downstream=2),
        ValueError,
        "'tss' has NaN or infinity at row 0",
    ),
    (
        "regions tss fractional",
        lambda: _extract(REGIONS.assign(tss=[5.5]), upstream=2, downstream=2),
        ValueError,
        "fractional coordinate 5.5 at row 0",
    ),
    (
        "regions upstream a bool",
        lambda: _extract(REGIONS, upstream=True),
        ValueError,
        "upstream=True of RegionSequenceExtractor",
    ),
    (
        "regions unknown chromosome",
        lambda: _extract(REGIONS.assign(chrom=["chr9"]), upstream=2, downstream=2),
        ValueError,
        r"\['chr9'\].*its chromosomes: c",
    ),
    (
        "vcf min_qual a string",
        lambda: read_vcf("x.vcf", min_qual="high"),
        InvalidParameterError,
        "'min_qual'",
    ),
    (
        "variants width a bool",
        lambda: score_variants(_kmer_model(), VARIANT, _FILES / "genome.fa", width=True),
        ValueError,
        "width=True of score_variants",
    ),
    (
        "variants pos fractional",
        lambda: score_variants(
            _kmer_model(), VARIANT.assign(pos=[5.5]), _FILES / "genome.fa", width=6
        ),
        ValueError,
        "1-based integer positions; row 0",
    ),
    (
        "variants missing alt",
        lambda: score_variants(
            _kmer_model(), VARIANT.drop(columns="alt"), _FILES / "genome.fa", width=6
        ),
        ValueError,
        r"missing column\(s\) \['alt'\]",
    ),
    (
        "variants REF mismatch",
        lambda: score_variants(
            _kmer_model(), VARIANT.assign(ref=["T"]), _FILES / "genome.fa", width=6
        ),
        ValueError,
        "REF 'T' differs from the genome, which holds 'A' at c:5",
    ),
    ("peak track of a list", lambda: PeakTrack([1, 2]), TypeError, "PeakTrack takes"),
    (
        "tss binner stat unknown",
        lambda: TSSBinner(PeakTrack(PEAKS), stat="median").fit(GENES),
        InvalidParameterError,
        "'stat'",
    ),
    (
        "tss binner bigwig missing",
        lambda: TSSBinner(
            BigWigTrack(_FILES / "none.bw"), upstream=10, downstream=10, bin_size=5
        ).fit(GENES),
        FileNotFoundError,
        "No bigWig file",
    ),
    (
        "pretrained unknown",
        lambda: load_pretrained("GPT"),
        ValueError,
        "No shipped pretrained model 'GPT'",
    ),
    (
        "save pretrained of a ridge",
        lambda: save_pretrained(Ridge(), "x"),
        TypeError,
        "fitted sequence network",
    ),
]


@pytest.mark.parametrize(
    "call, error, phrase", [pytest.param(c, e, p, id=i) for i, c, e, p in CASES]
)
def test_bad_input_fails_clearly(call, error, phrase):
    with pytest.raises(error, match=phrase):
        call()


def test_sparse_non_finite_is_named():
    X = sp.csr_matrix(np.where(X5 > 15, np.inf, X5))
    with pytest.raises(ValueError, match="infinity"):
        _mlp().fit(X, y5)


READER_CASES = [
    (
        "fractional coordinate",
        "peaks.bed",
        "chr1\t10\t20\nchr1\t10.5\t30\n",
        "read_peaks",
        r"start '10\.5' on line 2 of .*peaks\.bed.* not an integer",
    ),
    (
        "header without #",
        "peaks.bed",
        "chrom\tstart\tend\nchr1\t10\t20\n",
        "read_peaks",
        "line 1 of .*a header line must start with '#'",
    ),
    (
        "non-integer end after a comment",
        "peaks.bed",
        "# peaks\nchr1\t10\tabc\n",
        "read_peaks",
        "end 'abc' on line 2 of",
    ),
    (
        "non-numeric signal",
        "peaks.bedgraph",
        "chr1\t10\t20\thigh\n",
        "read_peaks",
        "signal 'high' on line 1 of .* not a number",
    ),
    ("not gzip", "peaks.bed.gz", "chr1\t10\t20\n", "read_peaks", "not gzip-compressed"),
    (
        "GTF record without gene_id",
        "genes.gtf",
        'chr1\tsrc\tgene\t100\t200\t.\t+\t.\tgene_name "A";\n',
        "read_tss",
        "line 1 of .*genes.gtf.* no gene_id",
    ),
    (
        "GTF fractional start",
        "genes.gtf",
        '#!header\nchr1\tsrc\tgene\t100.5\t200\t.\t+\t.\tgene_id "G";\n',
        "read_tss",
        r"start '100\.5' on line 2 of",
    ),
]


@pytest.mark.parametrize(
    "name, text, reader, phrase", [pytest.param(n, t, r, p, id=i) for i, n, t, r, p in READER_CASES]
)
def test_readers_name_the_file_and_its_line(tmp_path, name, text, reader, phrase):
    from sklearn_genexpr import preprocessing

    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ValueError, match=phrase):
        getattr(preprocessing, reader)(path)


@pytest.mark.parametrize(
    "argv, phrase",
    [
        (["reproduce", "histone", "--device", "tpu"], "argument --device: Unknown device 'tpu'"),
        (["reproduce", "histone", "--output", "/proc/no/such"], "argument --output: cannot create"),
        (["reproduce", "histone", "--seed", "abc"], "argument --seed: invalid int value"),
        (["reproduce", "nope"], "invalid choice: 'nope'"),
        (["demo", "--n-sequences", "0"], "'0' must be at least 1"),
    ],
)
def test_cli_refuses_bad_arguments_before_any_work_in_one_line(argv, phrase, capsys):
    from sklearn_genexpr.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert phrase in err and "Traceback" not in err


def test_a_one_row_last_training_batch_is_fine_for_the_batch_norm_network():
    # documented behaviour: the ResNet's batch norm normalises over rows and positions,
    # so a last batch of one sequence still has many values per channel
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(129)]
    model = PromoterResNetRegressor(
        channels=4, n_blocks=1, max_iter=1, batch_size=128, early_stopping=False, device="cpu"
    )
    assert np.isfinite(model.fit(seqs, np.arange(129.0)).predict(seqs[:3])).all()
