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
    "load_dgex_arrays",
    "load_histone_expression",
    "load_k562_openness",
    "load_yeast_libraries",
    "load_yeast_promoters",
]


def _data_file(*parts: str) -> Any:
    return resources.files("sklearn_genexpr.datasets").joinpath("data", *parts)


def _read_text(*parts: str) -> str:
    return _data_file(*parts).read_text(encoding="utf-8")


def _open_binary(*parts: str) -> io.BufferedReader:
    return _data_file(*parts).open("rb")


def _describe(name: str, *provenance: tuple[str, ...]) -> str:
    """``DESCR``: ``descr/NAME.rst`` (sklearn's layout), then the shipped provenance files."""
    summary = resources.files("sklearn_genexpr.datasets").joinpath("descr", f"{name}.rst")
    sources = "\n\n".join(_read_text(*parts) for parts in provenance)
    text = summary.read_text(encoding="utf-8").strip()
    return f"{text}\n\nProvenance (shipped with the data)\n{'-' * 34}\n\n{sources}"


# -- histone marks -----------------------------------------------------------------------


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
        DESCR=_describe("histone_expression", ("histone", "SOURCE.md")),
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
        frame=pd.concat([sequences, target], axis=1) if as_frame else None,
        is_native=is_native,
        subset=subset,
        DESCR=_describe("yeast_promoters", ("yeast_promoters", _YEAST_SUBSETS[subset][1])),
    )


# The DREAM 2022 frame: the library's constant flanks around the 80-bp variable region
_DREAM_5P, _DREAM_3P = "TGCATTTTTTTCACATC", "GGTTACGGCTGTT"
# The native file's 120-bp sequences carry 3 and 7 more flank bases than the DREAM frame
_NATIVE_5P, _NATIVE_3P = "AACTGCATTTTTTTCACATC", "GGTTACGGCTGTTTCTTAAT"
YEAST_LIBRARIES = ("dream2022", "deboer2020_native", "deboer2020_pTpA")


@validate_params(
    {"return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_yeast_libraries(*, return_X_y: bool = False, as_frame: bool = False) -> Any:
    """Load every shipped yeast promoter library as one multi-task training set.

    Read more in the :ref:`User Guide <promoter>`.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        ``data`` as a Series of sequences, ``target`` as a DataFrame with one
        column per library, and ``frame`` both side by side.

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
    frame = None
    if as_frame:
        data = pd.Series(data, name="sequence")
        target = pd.DataFrame(target, columns=list(YEAST_LIBRARIES))
        frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        target_names=np.array(YEAST_LIBRARIES, dtype=object),
        library=library,
        is_native=native_rows,
        DESCR=_describe(
            "yeast_libraries",
            ("yeast_promoters", "SOURCE_dream2022_train_sample.txt"),
            ("yeast_promoters", "SOURCE_deboer2020.txt"),
        ),
    )


# -- D-GEX arrays ------------------------------------------------------------------------


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
    {"return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_dgex_arrays(*, return_X_y: bool = False, as_frame: bool = False) -> Any:
    """Load the HG-U133A arrays, the D-GEX probe lists and a LINCS L1000 plate.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)``: landmark and target probes of the 74 profiles.
    as_frame : bool, default=False
        ``data`` and ``target`` as DataFrames (profiles x probe ids) and
        ``frame`` both side by side; else float arrays, the probe ids in
        ``feature_names`` and ``target_names``. The raw tables (``rma``,
        ``mas5``, ``l1000``, ...) are DataFrames either way.

    Returns
    -------
    data : Bunch
        - ``data``: (74 profiles x 943 landmark probes), RMA rows then MAS5 rows.
        - ``target``: (74 x 5,765 target probes present on HG-U133A).
        - ``feature_names``, ``target_names``: their probe ids.
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
    frame = pd.concat([data, target], axis=1) if as_frame else None
    feature_names, target_names = data.columns.to_numpy(), target.columns.to_numpy()
    if not as_frame:
        data, target = data.to_numpy(), target.to_numpy()
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        feature_names=feature_names,
        target_names=target_names,
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
        DESCR=_describe("dgex_arrays", ("dgex", "SOURCE.txt")),
    )


# -- K562 openness -----------------------------------------------------------------------


@validate_params(
    {"return_X_y": ["boolean"], "as_frame": ["boolean"]},
    prefer_skip_nested_validation=True,
)
def load_k562_openness(*, return_X_y: bool = False, as_frame: bool = False) -> Any:
    """Load K562 DNase/ATAC peaks (chr22), gene TSSs and RNA-seq TPM.

    Parameters
    ----------
    return_X_y : bool, default=False
        Return ``(data, target)``: the chr22 genes with a measured expression
        (one row per gene symbol; the table
        :class:`~sklearn_genexpr.preprocessing.TSSBinner` bins) and their
        ``log1p(TPM)``, the openness study's task.
    as_frame : bool, default=False
        ``target`` as a Series indexed by gene symbol (``data`` is a table
        either way), and ``frame`` both side by side.

    Returns
    -------
    data : Bunch
        - ``dnase``, ``atac``: narrowPeak DataFrames (chrom, start, end, ...,
          ``signal`` = MACS2 fold enrichment), hg38 chr22.
        - ``genes``: DataFrame chrom, tss, strand, gene_id, gene_name (genome-wide
          RefSeq gene bounds, hg38).
        - ``expression``: Series of TPM by gene symbol (mean over duplicated symbols).
        - ``data``, ``target``: the chr22 genes with expression and their
          ``log1p(TPM)`` (see ``return_X_y``); ``frame`` with ``as_frame``.
        - ``DESCR``.
    (data, target) : tuple if ``return_X_y``
        The genes table and the target alone.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import load_k562_openness
    >>> k562 = load_k562_openness()
    >>> sorted(set(k562.dnase.chrom))
    ['chr22']
    """
    from ..genomics import read_peaks, read_tss

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
    data = genes[(genes.chrom == "chr22") & genes.gene_name.isin(expression.index)]
    data = data.drop_duplicates("gene_name").reset_index(drop=True)
    target: Any = np.log1p(expression[data.gene_name].to_numpy())
    frame = None
    if as_frame:
        target = pd.Series(target, index=data.gene_name.to_numpy(), name="log1p_tpm")
        frame = data.assign(log1p_tpm=target.to_numpy())
    if return_X_y:
        return data, target
    return Bunch(
        data=data,
        target=target,
        frame=frame,
        dnase=dnase,
        atac=atac,
        genes=genes,
        expression=expression,
        DESCR=_describe("k562_openness", ("k562", "SOURCE.txt")),
    )
