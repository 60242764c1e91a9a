"""Readers of genomic interval files: peaks (BED, narrowPeak, bedGraph) and TSSs (GTF, GFF3, BED).

Coordinates follow BED: 0-based, half-open. A TSS is the 0-based position of
the first transcribed base: a gene's start on ``+``, its last base on ``-``.
"""

from __future__ import annotations

import gzip
import io
import os
import re

import numpy as np
import pandas as pd

__all__ = ["check_coordinates", "check_finite", "read_peaks", "read_tss", "require_columns"]

# Column names by number of columns of a BED-like peak file.
NARROWPEAK_COLUMNS = [
    "chrom", "start", "end", "name", "score", "strand",
    "signal", "p_value", "q_value", "summit",
]  # fmt: skip
BEDGRAPH_COLUMNS = ["chrom", "start", "end", "signal"]
BED_COLUMNS = ["chrom", "start", "end", "name", "score", "strand"]


# -- the one coordinate check of the package's tables -------------------------------------


def require_columns(table: pd.DataFrame, columns: list[str], what: str) -> None:
    """Raise ``ValueError`` naming the columns ``table`` lacks (``what``: the table's role)."""
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what} is missing column(s) {missing}; it has {list(table.columns)}.")


def check_finite(values: np.ndarray, column: str, what: str) -> None:
    """Raise ``ValueError`` naming the first row of ``column`` that is NaN or infinite."""
    bad = ~np.isfinite(values)
    if bad.any():
        raise ValueError(
            f"{what} column {column!r} has NaN or infinity at row {int(np.argmax(bad))} "
            f"({int(bad.sum())} such rows)."
        )


def check_coordinates(values: np.ndarray, column: str, what: str) -> np.ndarray:
    """Genomic coordinates as int64: finite, whole (never truncated) and not negative."""
    if values.dtype.kind not in "iuf":
        raise ValueError(f"{what} column {column!r} must be numeric, got {values.dtype}.")
    as_float = values.astype(np.float64)
    check_finite(as_float, column, what)
    fractional = as_float != np.floor(as_float)
    if fractional.any():
        row = int(np.argmax(fractional))
        raise ValueError(
            f"{what} column {column!r} has the fractional coordinate {float(as_float[row])} at row "
            f"{row}; genomic coordinates are whole base positions (not truncated silently)."
        )
    negative = as_float < 0
    if negative.any():
        row = int(np.argmax(negative))
        raise ValueError(
            f"{what} column {column!r} has the negative coordinate {values[row]} at row {row}."
        )
    return values.astype(np.int64)


def _open_text(path: str | os.PathLike) -> io.TextIOBase:
    path = os.fspath(path)
    with open(path, "rb") as handle:
        gzipped = handle.read(2) == b"\x1f\x8b"
    if path.lower().endswith(".gz") and not gzipped:
        raise ValueError(f"{path!r} ends in .gz but is not gzip-compressed.")
    return gzip.open(path, "rt") if gzipped else open(path)


def _records(path: str | os.PathLike) -> list[tuple[int, str]]:
    """The data lines of a file with their line numbers in the file (1-based)."""
    try:
        with _open_text(path) as handle:
            return [
                (number, line.rstrip("\n"))
                for number, line in enumerate(handle, start=1)
                if not _is_header(line)
            ]
    except (OSError, EOFError, UnicodeDecodeError) as error:
        if isinstance(error, FileNotFoundError):
            raise
        raise ValueError(f"{os.fspath(path)!r} cannot be read: {error}.") from error


def _coordinate(value: str, column: str, path: str | os.PathLike, number: int) -> int:
    """A genomic coordinate: a non-negative integer, never truncated from a fraction."""
    try:
        return int(value)
    except ValueError:
        hint = " (a header line must start with '#')" if number == 1 else ""
        raise ValueError(
            f"{column} {value!r} on line {number} of {os.fspath(path)!r} is not an integer "
            f"coordinate{hint}."
        ) from None


def _is_header(line: str) -> bool:
    return line.startswith(("#", "track", "browser")) or not line.strip()


def read_peaks(path: str | os.PathLike) -> pd.DataFrame:
    """Read a BED, narrowPeak or bedGraph file (plain or gzipped) into a DataFrame.

    Parameters
    ----------
    path : str or path-like
        The peak file (``.gz`` is read compressed).

    Returns
    -------
    peaks : pandas.DataFrame
        Columns by file type:

        - 10 columns (narrowPeak): ``chrom, start, end, name, score, strand,
          signal, p_value, q_value, summit`` (``signal`` is MACS2's fold
          enrichment, ``signalValue``).
        - 4 columns (bedGraph): ``chrom, start, end, signal``.
        - 3 columns: ``chrom, start, end`` and ``signal`` set to 1.0 (peak counts).
        - 5-9 columns (BED): ``chrom, start, end, name, score, strand, ...``;
          use ``signal="score"`` in :class:`~sklearn_genexpr.preprocessing.TSSBinner`.

    Examples
    --------
    >>> import io, tempfile, os
    >>> from sklearn_genexpr.genomics import read_peaks
    >>> with tempfile.NamedTemporaryFile("w", suffix=".bed", delete=False) as f:
    ...     _ = f.write("chr1\\t100\\t300\\t5.0\\nchr1\\t500\\t700\\t2.5\\n")
    >>> read_peaks(f.name)
      chrom  start  end  signal
    0  chr1    100  300     5.0
    1  chr1    500  700     2.5
    >>> os.remove(f.name)
    """
    records = _records(path)
    if not records:
        raise ValueError(f"{os.fspath(path)!r} holds no intervals.")
    for number, line in records:  # coordinates first: a fraction is never truncated
        fields = line.split("\t")
        if len(fields) >= 3:
            _coordinate(fields[1], "start", path, number)
            _coordinate(fields[2], "end", path, number)
    text = "\n".join(line for _, line in records)
    table = pd.read_csv(io.StringIO(text), sep="\t", header=None)
    n_columns = table.shape[1]
    if n_columns < 3:
        raise ValueError(
            f"{os.fspath(path)!r} has {n_columns} column(s); a peak file needs at "
            f"least chrom, start and end."
        )
    if n_columns == 10:
        names = NARROWPEAK_COLUMNS
    elif n_columns == 4:
        names = BEDGRAPH_COLUMNS
    elif n_columns == 3:
        names = BED_COLUMNS[:3]
    else:
        names = BED_COLUMNS[:n_columns] + [f"column{i}" for i in range(6, n_columns)]
    table.columns = names
    if n_columns == 3:
        table["signal"] = 1.0
    elif "signal" in table and table["signal"].dtype.kind not in "iuf":
        bad = int(np.argmax(pd.to_numeric(table["signal"], errors="coerce").isna().to_numpy()))
        raise ValueError(
            f"signal {table['signal'].iloc[bad]!r} on line {records[bad][0]} of "
            f"{os.fspath(path)!r} is not a number."
        )
    table["chrom"] = table["chrom"].astype(str)
    return table


_GTF_ATTRIBUTE = re.compile(r'(\S+)\s+"([^"]*)"')
_GFF_ATTRIBUTE = re.compile(r"([^=;\s]+)=([^;]*)")


def _attributes(field: str, gff3: bool) -> dict[str, str]:
    pattern = _GFF_ATTRIBUTE if gff3 else _GTF_ATTRIBUTE
    return dict(pattern.findall(field))


def read_tss(path: str | os.PathLike, *, feature: str = "gene") -> pd.DataFrame:
    """Read transcription start sites from a GTF, GFF3 or BED6 gene file.

    Parameters
    ----------
    path : str or path-like
        GTF (``.gtf``), GFF3 (``.gff``, ``.gff3``), or BED with a strand
        column (e.g. gene bounds), plain or gzipped. The format is told by the
        file name, then by the attribute syntax.
    feature : str, default="gene"
        GTF/GFF3 records of this type are read (e.g. ``"transcript"`` for one
        TSS per transcript). Ignored for BED.

    Returns
    -------
    tss : pandas.DataFrame
        Columns ``chrom``, ``tss`` (0-based position of the first transcribed
        base: the start on ``+``, the last base on ``-``), ``strand``,
        ``gene_id`` and ``gene_name`` (GTF/GFF3: from the attributes; BED:
        the name column, and column 7 as ``gene_id`` when present).

    Raises
    ------
    ValueError
        On a strand other than ``+`` or ``-``, naming the line.

    Examples
    --------
    >>> import tempfile, os
    >>> from sklearn_genexpr.genomics import read_tss
    >>> gtf = ('chr1\\tsrc\\tgene\\t11\\t20\\t.\\t+\\t.\\tgene_id "G1"; gene_name "A";\\n'
    ...        'chr1\\tsrc\\tgene\\t31\\t40\\t.\\t-\\t.\\tgene_id "G2"; gene_name "B";\\n')
    >>> with tempfile.NamedTemporaryFile("w", suffix=".gtf", delete=False) as f:
    ...     _ = f.write(gtf)
    >>> read_tss(f.name)
      chrom  tss strand gene_id gene_name
    0  chr1   10      +      G1         A
    1  chr1   39      -      G2         B
    >>> os.remove(f.name)
    """
    name = os.fspath(path).lower().removesuffix(".gz")
    lines = _records(path)
    if not lines:
        raise ValueError(f"{os.fspath(path)!r} holds no records.")
    first = lines[0][1].split("\t")
    is_bed = name.endswith(".bed") or (len(first) < 9)
    rows = []
    for number, line in lines:
        fields = line.split("\t")
        if is_bed:
            if len(fields) < 6:
                raise ValueError(
                    f"Line {number} of {os.fspath(path)!r} has {len(fields)} columns; a BED "
                    f"file of TSSs needs a strand (column 6)."
                )
            chrom, gene_name, strand = fields[0], fields[3], fields[5]
            start = _coordinate(fields[1], "start", path, number)
            end = _coordinate(fields[2], "end", path, number)
            gene_id = fields[6] if len(fields) > 6 else gene_name
        else:
            if len(fields) < 9 or fields[2] != feature:
                continue
            gff3 = name.endswith((".gff", ".gff3")) or "=" in fields[8].split(";")[0]
            attributes = _attributes(fields[8], gff3)
            chrom, strand = fields[0], fields[6]
            # 1-based closed -> BED
            start = _coordinate(fields[3], "start", path, number) - 1
            end = _coordinate(fields[4], "end", path, number)
            record_id = attributes.get("gene_id", attributes.get("ID"))
            if record_id is None:
                raise ValueError(
                    f"The {feature!r} record on line {number} of {os.fspath(path)!r} has no "
                    f"gene_id (GTF) or ID (GFF3) attribute."
                )
            gene_id = record_id
            gene_name = attributes.get("gene_name", attributes.get("Name", gene_id))
        if strand not in ("+", "-"):
            raise ValueError(
                f"Unknown strand {strand!r} on line {number} of {os.fspath(path)!r}; "
                f"a TSS needs '+' or '-'."
            )
        tss = start if strand == "+" else end - 1
        rows.append((chrom, tss, strand, gene_id, gene_name))
    if not rows:
        raise ValueError(f"No {feature!r} records in {os.fspath(path)!r}.")
    table = pd.DataFrame(rows, columns=["chrom", "tss", "strand", "gene_id", "gene_name"])
    table["tss"] = table["tss"].astype(np.int64)
    return table
