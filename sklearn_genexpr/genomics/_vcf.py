"""A reader of the VCF columns variant scoring needs: SNVs and indels, one ALT a row."""

from __future__ import annotations

import os
import re
import warnings
from numbers import Real
from typing import Any

import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params

from ._intervals import _open_text

__all__ = ["read_vcf"]

_ALLELE = re.compile(r"^[ACGTNacgtn]+$")
_COLUMNS = ["chrom", "pos", "id", "ref", "alt", "qual", "filter"]


@validate_params(
    {
        "path": [str, os.PathLike],
        "min_qual": [Interval(Real, None, None, closed="neither"), None],
        "filters": [list, tuple, set, None],
    },
    prefer_skip_nested_validation=True,
)
def read_vcf(
    path: str | os.PathLike, *, min_qual: float | None = None, filters: Any = ("PASS", ".")
) -> pd.DataFrame:
    """Read the variants of a VCF file (plain or gzip/bgzip): one row per ALT allele.

    The eight fixed columns are read (genotypes are not). A record with
    several ALT alleles becomes one row per allele. Records whose FILTER is
    not in ``filters`` or whose QUAL is below ``min_qual`` are dropped (a
    missing QUAL, ``.``, is kept). Symbolic and breakend alleles (``<DEL>``,
    ``*``, ``N[chr2:123[``) have no sequence to score: they are skipped with
    one warning that counts them.

    Parameters
    ----------
    path : str or path-like
        The VCF file.
    min_qual : float or None, default=None
        Keep records with QUAL at least this (``None``: any).
    filters : collection of str or None, default=("PASS", ".")
        FILTER values to keep (``.`` is "not filtered"); ``None`` keeps all.

    Returns
    -------
    variants : pandas.DataFrame
        Columns ``chrom``, ``pos`` (1-based, as in the file), ``id``
        (``chrom:pos:ref>alt`` when the file has ``.``), ``ref``, ``alt``
        (upper case), ``qual`` (NaN for ``.``), ``filter`` and ``line`` (the
        record's line in the file).

    Raises
    ------
    ValueError
        Naming the file, line and field of a record with fewer than 8
        columns, a position that is not a positive integer, a REF or ALT
        that is not DNA, a QUAL that is not a number, or a REF equal to the ALT.

    See Also
    --------
    score_variants : Predicted effects of these variants.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_genexpr.genomics import read_vcf
    >>> path = os.path.join(tempfile.mkdtemp(), "calls.vcf")
    >>> with open(path, "w") as f:
    ...     _ = f.write("##fileformat=VCFv4.2\\n"
    ...                 "#CHROM\\tPOS\\tID\\tREF\\tALT\\tQUAL\\tFILTER\\tINFO\\n"
    ...                 "chr1\\t5\\trs1\\tA\\tG,AT\\t50\\tPASS\\t.\\n")
    >>> read_vcf(path)[["chrom", "pos", "id", "ref", "alt"]]
      chrom  pos   id ref alt
    0  chr1    5  rs1   A   G
    1  chr1    5  rs1   A  AT
    """
    path = os.fspath(path)
    keep = None if filters is None else set(filters)
    rows, symbolic = [], 0
    with _open_text(path) as handle:
        for number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            fields = line.rstrip("\n").rstrip("\r").split("\t")
            where = f"{path}, line {number}"
            if len(fields) < 8:
                raise ValueError(
                    f"{where}: {len(fields)} tab-separated fields; a VCF record has 8."
                )
            chrom, pos_text, record_id, ref, alts, qual_text, filter_value = fields[:7]
            try:
                pos = int(pos_text)
            except ValueError:
                pos = 0
            if pos < 1:
                raise ValueError(f"{where}: POS {pos_text!r} is not a positive integer.")
            if not _ALLELE.match(ref):
                raise ValueError(f"{where}: REF {ref!r} is not DNA (A, C, G, T, N).")
            try:
                qual = float("nan") if qual_text == "." else float(qual_text)
            except ValueError:
                raise ValueError(f"{where}: QUAL {qual_text!r} is not a number or '.'.") from None
            if keep is not None and filter_value not in keep:
                continue
            if min_qual is not None and qual == qual and qual < min_qual:
                continue
            for alt in alts.split(","):
                if not _ALLELE.match(alt):
                    if alt in ("*", ".") or alt.startswith("<") or "[" in alt or "]" in alt:
                        symbolic += 1
                        continue
                    raise ValueError(f"{where}: ALT {alt!r} is not DNA, '*', or a symbolic allele.")
                if alt.upper() == ref.upper():
                    raise ValueError(f"{where}: ALT {alt!r} equals REF: not a variant.")
                name = (
                    record_id if record_id != "." else f"{chrom}:{pos}:{ref.upper()}>{alt.upper()}"
                )
                rows.append(
                    (chrom, pos, name, ref.upper(), alt.upper(), qual, filter_value, number)
                )
    if symbolic:
        warnings.warn(
            f"{path}: {symbolic} symbolic or breakend ALT allele(s) skipped (no sequence "
            f"to score).",
            UserWarning,
            stacklevel=2,
        )
    table = pd.DataFrame(rows, columns=[*_COLUMNS, "line"])
    return table.astype({"pos": "int64", "qual": "float64", "line": "int64"})
