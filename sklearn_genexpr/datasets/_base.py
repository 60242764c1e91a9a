"""Loaders of the real data sets shipped in ``sklearn_genexpr/datasets/data/``.

Each loader returns a :class:`sklearn.utils.Bunch` in the shape of
``sklearn.datasets`` loaders, with a ``DESCR`` that states where the data come
from and how they were made (the provenance file shipped beside the data).
"""

from __future__ import annotations

import gzip
import io
import warnings
from importlib import resources
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import validate_params

__all__ = [
    "load_histone_expression",
    "load_yeast_promoters",
    "load_dgex_arrays",
    "load_k562_openness",
]


def _data_file(*parts: str) -> Any:
    return resources.files("sklearn_genexpr.datasets").joinpath("data", *parts)


def _read_text(*parts: str) -> str:
    return _data_file(*parts).read_text(encoding="utf-8")


def _open_binary(*parts: str) -> io.BufferedReader:
    return _data_file(*parts).open("rb")


def _describe(summary: str, *provenance: tuple[str, ...]) -> str:
    sources = "\n\n".join(_read_text(*parts) for parts in provenance)
    return f"{summary.strip()}\n\nProvenance (shipped with the data)\n{'-' * 34}\n\n{sources}"


# -- histone marks -----------------------------------------------------------------------
_HISTONE_SUMMARY = """
Histone marks and gene expression
=================================

8,641 human genes; for each, 14 summaries of a chromatin assay's signal in the
gene's promoter (2 kb upstream of the TSS: Control, DNase and 12 histone marks)
and the gene's expression. The task of the histone study: predict expression
from the marks. Reference: linear regression reaches test R2 0.7506 on a
2/3 - 1/3 split (mlr3 worked example); a random forest about 0.77.

=================  ==============
Samples (genes)    8,641
Features           14, real
Target             real (expression)
=================  ==============
"""


@validate_params(
    {"return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_histone_expression(*, return_X_y: bool = False, as_frame: bool = False) -> Any:
    """Load the histone-marks-to-expression data (regression).

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        ``data`` as a DataFrame and ``target`` as a Series (indexed by gene).

    Returns
    -------
    data : Bunch
        ``data`` (8641, 14), ``target`` (8641,), ``feature_names``, ``gene_ids``
        (Ensembl id, version and position), ``frame`` (with ``as_frame``), ``DESCR``.
    (data, target) : tuple if ``return_X_y``
        The features and the target alone.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import load_histone_expression
    >>> X, y = load_histone_expression(return_X_y=True)
    >>> X.shape, y.shape
    ((8641, 14), (8641,))
    """
    with _open_binary("histone", "histone_expression.csv.gz") as handle:
        frame = pd.read_csv(handle, compression="gzip")
    gene_ids = frame.pop("gene").to_numpy()
    target = frame.pop("gene_expression")
    feature_names = list(frame.columns)
    if as_frame:
        frame.index = pd.Index(gene_ids, name="gene")
        target.index = frame.index
        data, y = frame, target
    else:
        data, y = frame.to_numpy(dtype=np.float64), target.to_numpy(dtype=np.float64)
    if return_X_y:
        return data, y
    return Bunch(
        data=data,
        target=y,
        feature_names=feature_names,
        gene_ids=gene_ids,
        frame=pd.concat([data, y], axis=1) if as_frame else None,
        DESCR=_describe(_HISTONE_SUMMARY, ("histone", "SOURCE.md")),
    )


# -- yeast promoters ---------------------------------------------------------------------
_YEAST_SUBSETS = {
    "dream2022_train": ("deboer_demo_train_6370.txt.gz", "SOURCE_dream2022_train_sample.txt"),
    "dream2022_heldout": ("camformer_demo_test_1000.txt.gz", "SOURCE_dream2022_train_sample.txt"),
    "deboer2020_pTpA": ("pTpA_glu_random80_10000_sample.txt.gz", "SOURCE_deboer2020.txt"),
    "deboer2020_Abf1TATA": (
        "Abf1TATA_glu_random80_in_scaffold_10000_sample.txt.gz",
        "SOURCE_deboer2020.txt",
    ),
    "deboer2020_native": ("native80_and_N80_spikein_70924.txt.gz", "SOURCE_deboer2020.txt"),
}

_YEAST_SUMMARY = """
Yeast promoter sequences and expression
=======================================

Random (and native) yeast promoter sequences with their measured expression
(log2 YFP/RFP expression bins, 0..17), from de Boer et al. 2020 and the DREAM
2022 promoter challenge (de Boer lab). Subsets:

- ``dream2022_train``: 6,370 rows of the DREAM 2022 training library (87-135 bp
  including constant flanks, mostly 110 bp; a few contain ``N``);
  ``dream2022_heldout``: 1,000 other rows of the same training library, held
  out by another team (the Camformer demo set; one sequence is also in
  ``dream2022_train``). Not the challenge's test set: its labels have the
  training library's noise (ceiling about r = 0.74). ``dream2022_test`` is its
  deprecated old name.
- ``deboer2020_pTpA``: 10,000 random 80-mers (flanks removed), pTpA library, glucose.
- ``deboer2020_Abf1TATA``: 10,000 random 80-mers in the Abf1TATA scaffold.
  Caution: they are the same 10,000 80-mers as ``deboer2020_pTpA`` with the
  same expression values (the source's sample re-embedded the pTpA
  measurements), so they are not Abf1TATA measurements.
- ``deboer2020_native``: 62,897 native yeast 80-mers and 8,027 random spike-ins
  (120 bp with flanks); the target is ``EL.combined`` (a combined estimate that
  strays slightly outside 0..17: -1.9 to 19.4), rows without it dropped (the ``is_native`` array
  says which rows are native).

Subsets of the original libraries (millions of sequences) are shipped; the
full DREAM training set (6.7 M rows, Zenodo 10633252) is not.
"""


def _read_yeast(subset: str) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    file_name = _YEAST_SUBSETS[subset][0]
    with _open_binary("yeast_promoters", file_name) as handle:
        text = gzip.decompress(handle.read()).decode("ascii")
    if subset == "deboer2020_native":
        table = pd.read_csv(io.StringIO(text), sep="\t").dropna(subset=["EL.combined"])
        return (
            table["seq"].to_numpy(dtype=object),
            table["EL.combined"].to_numpy(float),
            table["isNative"].to_numpy(dtype=bool),
        )
    lines = [
        line
        for line in text.splitlines()
        if line and not line.startswith(("number_of_seqs_in_file", "length_of_each_sequence"))
    ]
    table = pd.read_csv(
        io.StringIO("\n".join(lines)), sep="\t", header=None, names=["sequence", "expression"]
    )
    return table["sequence"].to_numpy(dtype=object), table["expression"].to_numpy(float), None


@validate_params(
    {"subset": [str], "return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_yeast_promoters(
    subset: str = "dream2022_train", *, return_X_y: bool = False, as_frame: bool = False
) -> Any:
    """Load yeast promoter sequences with measured expression (regression on DNA).

    Parameters
    ----------
    subset : {"dream2022_train", "dream2022_heldout", "deboer2020_pTpA", \
"deboer2020_Abf1TATA", "deboer2020_native"}, default="dream2022_train"
        ``"dream2022_test"`` is a deprecated alias of ``"dream2022_heldout"``.
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        ``data`` as a one-column DataFrame ``sequence``, ``target`` as a Series.

    Returns
    -------
    data : Bunch
        ``data`` (sequences, object array of str), ``target`` (expression),
        ``is_native`` (``deboer2020_native`` only, else None), ``DESCR``.
    (data, target) : tuple if ``return_X_y``
        The features and the target alone.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import load_yeast_promoters
    >>> seqs, y = load_yeast_promoters("dream2022_heldout", return_X_y=True)
    >>> len(seqs), bool(0 <= y.min() and y.max() <= 18)
    (1000, True)
    """
    if subset == "dream2022_test":
        warnings.warn(
            "subset 'dream2022_test' was renamed 'dream2022_heldout' (1,000 rows of the "
            "DREAM training library held out by another team, not the challenge's test "
            "set); the old name will be removed in 0.4.",
            FutureWarning,
            stacklevel=2,
        )
        subset = "dream2022_heldout"
    if subset not in _YEAST_SUBSETS:
        raise ValueError(f"Unknown subset {subset!r}; choose one of {sorted(_YEAST_SUBSETS)}.")
    sequences, target, is_native = _read_yeast(subset)
    if as_frame:
        sequences = pd.DataFrame({"sequence": sequences})
        target = pd.Series(target, name="expression")
    if return_X_y:
        return sequences, target
    return Bunch(
        data=sequences,
        target=target,
        is_native=is_native,
        subset=subset,
        DESCR=_describe(_YEAST_SUMMARY, ("yeast_promoters", _YEAST_SUBSETS[subset][1])),
    )


# The DREAM 2022 frame: the library's constant flanks around the 80-bp variable region
_DREAM_5P, _DREAM_3P = "TGCATTTTTTTCACATC", "GGTTACGGCTGTT"
# The native file's 120-bp sequences carry 3 and 7 more flank bases than the DREAM frame
_NATIVE_5P, _NATIVE_3P = "AACTGCATTTTTTTCACATC", "GGTTACGGCTGTTTCTTAAT"
YEAST_LIBRARIES = ("dream2022", "deboer2020_native", "deboer2020_pTpA")

_LIBRARIES_SUMMARY = """
Yeast promoter libraries as one multi-task training set
=======================================================

Every shipped yeast promoter library with distinct measurements, in one frame:
each sequence is its library's variable region inside the DREAM 2022 library's
constant flanks (``TGCATTTTTTTCACATC`` + region + ``GGTTACGGCTGTT``, 110 bp
for an 80-bp region), which is where the de Boer lab's pTpA-scaffold libraries
measured it. ``target`` has one column per library (``target_names``) and NaN
where a sequence was not measured in that library: every row is measured in
exactly one library (no sequence occurs in two), and the libraries' scales
differ, so a model should learn one output per library over a shared trunk
(the package's neural estimators do with 2-D ``y``).

Columns:

- ``dream2022``: 6,370 rows of the DREAM 2022 training library (log2
  YFP/RFP expression bins, 0..17; sequences as published, 87-135 bp).
- ``deboer2020_native``: 69,240 native yeast 80-mers and random spike-ins of
  de Boer et al. 2020 (``EL.combined``, a combined estimate on the 0..17 bin
  scale that strays slightly outside it: -1.9 to 19.4; rows without it
  dropped); the 120-bp published sequences are trimmed to the frame (their
  flanks are the DREAM flanks, 3 and 7 bases longer). ``is_native`` says
  which rows are native 80-mers.
- ``deboer2020_pTpA``: 10,000 random 80-mers of the pTpA library in glucose
  (integer expression bins 0..17; published without flanks, the frame's
  flanks added).

Not included: the ``deboer2020_Abf1TATA`` sample (see
:func:`load_yeast_promoters`): its 10,000 80-mers and values are exactly the
pTpA sample's, so including it would count those measurements twice.
"""


@validate_params(
    {"return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_yeast_libraries(*, return_X_y: bool = False) -> Any:
    """Load every shipped yeast promoter library as one multi-task training set.

    Read more in the :ref:`User Guide <promoter>`.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.

    Returns
    -------
    data : Bunch
        ``data`` (sequences, object array of str, in the DREAM 2022 frame),
        ``target`` (float array of shape (n_sequences, n_libraries), NaN where
        not measured), ``target_names`` (library names; the DREAM 2022 library
        is ``"dream2022"``), ``library`` (each row's library), ``is_native``
        (True for the native 80-mers), ``DESCR``.
    (data, target) : tuple if ``return_X_y``
        The features and the target alone.

    See Also
    --------
    load_yeast_promoters : One library (or held-out subset) at a time.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.datasets import load_yeast_libraries
    >>> libraries = load_yeast_libraries()
    >>> libraries.target.shape, list(libraries.target_names)
    ((85610, 3), ['dream2022', 'deboer2020_native', 'deboer2020_pTpA'])
    >>> int(np.isfinite(libraries.target).sum(axis=1).max())
    1
    """
    dream, y_dream, _ = _read_yeast("dream2022_train")
    native, y_native, is_native = _read_yeast("deboer2020_native")
    ptpa, y_ptpa, _ = _read_yeast("deboer2020_pTpA")
    if not all(s.startswith(_NATIVE_5P) and s.endswith(_NATIVE_3P) for s in native):
        raise ValueError("deboer2020_native: a sequence lacks the library's flanks.")
    trim = slice(len(_NATIVE_5P) - len(_DREAM_5P), len(_DREAM_3P) - len(_NATIVE_3P))
    native = np.array([s[trim] for s in native], dtype=object)
    ptpa = np.array([_DREAM_5P + s + _DREAM_3P for s in ptpa], dtype=object)
    parts = [(dream, y_dream), (native, y_native), (ptpa, y_ptpa)]
    data = np.concatenate([seqs for seqs, _ in parts])
    target = np.full((len(data), len(parts)), np.nan)
    library = np.empty(len(data), dtype=object)
    start = 0
    for column, (seqs, values) in enumerate(parts):
        target[start : start + len(seqs), column] = values
        library[start : start + len(seqs)] = YEAST_LIBRARIES[column]
        start += len(seqs)
    native_rows = np.zeros(len(data), dtype=bool)
    native_rows[len(dream) : len(dream) + len(native)] = is_native
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        target_names=np.array(YEAST_LIBRARIES, dtype=object),
        library=library,
        is_native=native_rows,
        DESCR=_describe(
            _LIBRARIES_SUMMARY,
            ("yeast_promoters", "SOURCE_dream2022_train_sample.txt"),
            ("yeast_promoters", "SOURCE_deboer2020.txt"),
        ),
    )


# -- D-GEX arrays ------------------------------------------------------------------------
_DGEX_SUMMARY = """
Affymetrix HG-U133A arrays with the D-GEX landmark and target genes
===================================================================

Two real HG-U133A (GPL96) series on two different value scales, the joint
quantile normaliser's use case: 57 bladder samples (GSE3167, RMA, log2) and 17
kidney samples (GSE781, MAS5, linear). Probes are split as in D-GEX (Chen et al.
2016): 943 landmark probes (``data``) and the 5,765 D-GEX target probes that
exist on HG-U133A (``target``; the other 3,755 of the 9,520 targets are HG-U133
Plus 2 probes). Also a real LINCS L1000 plate (978 landmark probes x 377
profiles, GCT v1.3) with its row and column metadata, for inferring targets of
L1000 profiles.

Rows are profiles (samples), columns probes. Values are as published (RMA log2
and MAS5 linear): normalise before modelling.
"""


def _read_gct(*parts: str) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Parse a GCT v1.3 file: (values profiles x probes, row metadata, column metadata)."""
    with _open_binary(*parts) as handle:
        lines = gzip.decompress(handle.read()).decode("utf-8").splitlines()
    if lines[0].strip() != "#1.3":
        raise ValueError(f"Expected a GCT v1.3 file, got header {lines[0]!r}.")
    n_rows, n_cols, n_row_meta, n_col_meta = map(int, lines[1].split("\t"))
    table = pd.read_csv(io.StringIO("\n".join(lines[2:])), sep="\t", dtype=str)
    column_ids = list(table.columns[1 + n_row_meta :])
    col_meta = table.iloc[:n_col_meta, [0, *range(1 + n_row_meta, table.shape[1])]]
    col_meta = col_meta.set_index(table.columns[0]).T
    col_meta.index.name = "profile"
    body = table.iloc[n_col_meta:].set_index(table.columns[0])
    row_meta = body.iloc[:, :n_row_meta]
    values = body[column_ids].astype(np.float64).T
    values.index.name = "profile"
    if values.shape != (n_cols, n_rows):
        raise ValueError(f"GCT dimensions {values.shape} do not match the header.")
    return values, row_meta, col_meta


def _read_probe_list(name: str) -> pd.DataFrame:
    with _open_binary("dgex", name) as handle:
        return pd.read_csv(
            handle,
            sep="\t",
            header=None,
            compression="gzip",
            names=["symbol", "ensembl_id", "probe_id"],
        )


@validate_params(
    {"return_X_y": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_dgex_arrays(*, return_X_y: bool = False) -> Any:
    """Load the HG-U133A arrays, the D-GEX probe lists and a LINCS L1000 plate.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)``: landmark and target probes of the 74 profiles.

    Returns
    -------
    data : Bunch
        - ``data``: DataFrame (74 profiles x 943 landmark probes), RMA rows then MAS5 rows.
        - ``target``: DataFrame (74 x 5,765 target probes present on HG-U133A).
        - ``platform``: array of ``"rma"`` / ``"mas5"`` per row.
        - ``rma``, ``mas5``: the full arrays (profiles x 22,283 probes, same
          probe order in both).
        - ``pheno``: bladder sample annotation; ``titles``: kidney sample titles.
        - ``landmarks``, ``targets``: the D-GEX probe lists (symbol, Ensembl id, probe).
        - ``l1000``: DataFrame (377 profiles x 978 probes); ``l1000_row_meta``,
          ``l1000_col_meta``.
        - ``DESCR``.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import load_dgex_arrays
    >>> arrays = load_dgex_arrays()
    >>> arrays.data.shape, arrays.target.shape, arrays.l1000.shape
    ((74, 943), (74, 5765), (377, 978))
    """

    def read_matrix(name: str) -> pd.DataFrame:
        with _open_binary("dgex", name) as handle:
            matrix = pd.read_csv(handle, compression="gzip", index_col=0)
        return matrix.T.rename_axis(index="profile", columns="probe_id")

    rma = read_matrix("bladderbatch_GSE3167_GPL96_rma_22283x57.csv.gz")
    mas5 = read_matrix("GSE781_GPL96_mas5_22283x17.csv.gz")
    mas5 = mas5[rma.columns]  # the two series list the probes in different orders
    landmarks = _read_probe_list("DGEX_map_lm.txt.gz")
    targets = _read_probe_list("DGEX_map_tg.txt.gz")
    both = pd.concat([rma, mas5])
    target_probes = [p for p in targets.probe_id if p in both.columns]
    l1000, row_meta, col_meta = _read_gct("dgex", "cmapPy_test_l1000_978x377.gct.gz")
    with _open_binary("dgex", "bladderbatch_pheno.csv") as handle:
        pheno = pd.read_csv(handle)
    with _open_binary("dgex", "GSE781_GPL96_titles.csv") as handle:
        titles = pd.read_csv(handle)
    data, target = both[list(landmarks.probe_id)], both[target_probes]
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        platform=np.array(["rma"] * len(rma) + ["mas5"] * len(mas5)),
        rma=rma,
        mas5=mas5,
        pheno=pheno,
        titles=titles,
        landmarks=landmarks,
        targets=targets,
        l1000=l1000,
        l1000_row_meta=row_meta,
        l1000_col_meta=col_meta,
        DESCR=_describe(_DGEX_SUMMARY, ("dgex", "SOURCE.txt")),
    )


# -- K562 openness -----------------------------------------------------------------------
_K562_SUMMARY = """
K562 chromatin openness, gene TSSs and expression (hg38, chromosome 22)
=======================================================================

The inputs of the openness study for one cell type, not a pre-made matrix:
MACS2 narrowPeaks of K562 DNase-seq (ENCFF860XAE) and ATAC-seq on chr22, the
RefSeq gene bounds of the whole genome with strand (TSS = the start on ``+``,
the last base on ``-``), and genome-wide K562 RNA-seq TPM (ENCFF934YBO) by gene
symbol. Bin the peaks with ``TSSBinner(peaks=bunch.dnase)`` on ``bunch.genes``
restricted to chr22, and predict ``log1p(TPM)``. The first DNase peak is an
artefact spanning chr22:0-10.7 Mb (drop peaks longer than ~5 kb).
"""


def load_k562_openness() -> Bunch:
    """Load K562 DNase/ATAC peaks (chr22), gene TSSs and RNA-seq TPM.

    Returns
    -------
    data : Bunch
        - ``dnase``, ``atac``: narrowPeak DataFrames (chrom, start, end, ...,
          ``signal`` = MACS2 fold enrichment), hg38 chr22.
        - ``genes``: DataFrame chrom, tss, strand, gene_id, gene_name (genome-wide
          RefSeq gene bounds, hg38).
        - ``expression``: Series of TPM by gene symbol (mean over duplicated symbols).
        - ``DESCR``.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import load_k562_openness
    >>> k562 = load_k562_openness()
    >>> sorted(set(k562.dnase.chrom))
    ['chr22']
    """
    from ..preprocessing import read_peaks, read_tss

    with resources.as_file(_data_file("k562")) as folder:
        dnase = read_peaks(folder / "K562_DNase_ENCFF860XAE_chr22.macs2_peaks.narrowPeak.gz")
        atac = read_peaks(folder / "K562_ATAC_chr22.macs2_peaks.narrowPeak.gz")
        genes = read_tss(folder / "CollapsedGeneBounds.hg38.bed.gz")
        tpm = pd.read_csv(
            folder / "K562.ENCFF934YBO.TPM.txt.gz",
            sep="\t",
            header=None,
            names=["gene_name", "tpm"],
        )
    expression = tpm.groupby("gene_name")["tpm"].mean()
    return Bunch(
        dnase=dnase,
        atac=atac,
        genes=genes,
        expression=expression,
        DESCR=_describe(_K562_SUMMARY, ("k562", "SOURCE.txt")),
    )
