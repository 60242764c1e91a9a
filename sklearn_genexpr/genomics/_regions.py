"""Regions of a genome to sequences: the step in front of DNAOneHotEncoder / KmerVectorizer."""

from __future__ import annotations

import os
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions

from .._alphabet import EncodedSequences, decode_joined, reverse_complement_rows_in_place
from ..utils._validation import reject_bool_integers
from ._genome import Genome, as_genome
from ._intervals import check_coordinates, require_columns

__all__ = ["RegionSequenceExtractor"]


def region_windows(
    table: pd.DataFrame, *, anchor: str, upstream: int, downstream: int, strand_aware: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Chromosome, 0-based start, length and minus-strand flag of each row's window.

    A window around an anchor position ``a`` spans ``[a - upstream, a +
    downstream)`` on ``+`` (and unstranded) rows and ``[a - downstream + 1,
    a + upstream + 1)`` on ``-`` rows, whose sequence is then read as the
    reverse complement: either way it runs 5' -> 3' with the anchor at
    ``upstream``.
    """
    columns = ["chrom", "tss"] if anchor == "tss" else ["chrom", "start", "end"]
    if strand_aware:
        columns.append("strand")
    require_columns(table, columns, "regions")
    chrom = table["chrom"].astype(str).to_numpy()
    if strand_aware:
        strand = table["strand"].astype(str).to_numpy()
        unknown = ~np.isin(strand, ["+", "-", "."])
        if unknown.any():
            row = int(np.argmax(unknown))
            raise ValueError(
                f"Unknown strand {strand[row]!r} at regions row {row}; expected '+', '-' or "
                f"'.' (unstranded, read as '+'), or set strand_aware=False."
            )
        minus = strand == "-"
    else:
        minus = np.zeros(len(table), dtype=bool)
    if anchor == "interval":
        start = check_coordinates(table["start"].to_numpy(), "start", "regions")
        end = check_coordinates(table["end"].to_numpy(), "end", "regions")
        if (end <= start).any():
            row = int(np.argmax(end <= start))
            raise ValueError(
                f"regions row {row} has end {end[row]} <= start {start[row]}: an empty interval."
            )
        return chrom, start, end - start, minus
    if anchor == "tss":
        position = check_coordinates(table["tss"].to_numpy(), "tss", "regions")
    else:  # the interval's centre
        start = check_coordinates(table["start"].to_numpy(), "start", "regions")
        end = check_coordinates(table["end"].to_numpy(), "end", "regions")
        position = (start + end) // 2
    low = np.where(minus, position - downstream + 1, position - upstream)
    return chrom, low, np.full(len(table), upstream + downstream, dtype=np.int64), minus


def extract(
    genome: Genome,
    chrom: np.ndarray,
    low: np.ndarray,
    lengths: np.ndarray,
    minus: np.ndarray,
) -> EncodedSequences:
    """The windows' codes, minus-strand ones reverse-complemented by the sequence core."""
    from ._regions_kernels import window_codes

    genome.check_chromosomes(np.unique(chrom), "The regions table")
    offsets = np.cumsum(lengths) - lengths
    codes = np.empty(int(lengths.sum()), dtype=np.uint8)
    for name in np.unique(chrom):  # one chromosome in memory at a time
        rows = np.flatnonzero(chrom == name)
        window_codes(genome.codes(str(name)), rows, low, lengths, offsets, codes)
    if minus.any():  # flipped where they lie, by the sequence core
        reverse_complement_rows_in_place(codes, lengths, np.flatnonzero(minus))
    encoded = EncodedSequences(codes, lengths)
    return encoded


class RegionSequenceExtractor(TransformerMixin, BaseEstimator):
    """The DNA sequence of each region of a table, read from a genome FASTA, strand-aware.

    Each row of the input is a region: a gene's TSS (``chrom``, ``tss``,
    ``strand``) or an interval (``chrom``, ``start``, ``end``, ``strand``;
    BED coordinates, 0-based half-open). Its output is the sequence of a
    window around the TSS or the interval's centre, ``upstream`` bases 5'
    and ``downstream`` bases 3' of it, or of the interval itself. Rows on the
    ``-`` strand are reverse-complemented, so every sequence reads 5' -> 3' in
    the direction of transcription; ``.`` is read as ``+``. Positions beyond
    a chromosome's ends are ``N`` (the one-hot encoder makes them 0.25 each by
    default, the k-mer counter skips their windows).

    Read more in the :ref:`User Guide <from-files>`.

    Parameters
    ----------
    genome : str, path-like or Genome
        The genome FASTA (indexed by pyfaidx on first use). Kept as a
        reference: cloning the extractor does not copy the genome.
    anchor : {"tss", "center", "interval"}, default="tss"
        Window around the ``tss`` column, around the centre of ``start`` and
        ``end``, or the interval itself (then ``upstream`` and
        ``downstream`` are not used and lengths vary).
    upstream, downstream : int, default=1000
        Bases 5' and 3' of the anchor: windows are ``upstream + downstream``
        bases long, with the anchor at position ``upstream``.
    strand_aware : bool, default=True
        Read ``-`` rows as the reverse complement (needs a ``strand`` column).
    output : {"str", "codes"}, default="str"
        An object array of str, or :class:`~sklearn_genexpr.EncodedSequences`
        (one byte a base: for millions of regions; every sequence estimator
        of the package takes it).

    Attributes
    ----------
    genome_ : Genome
        The genome read.
    chromosomes_ : dict of str to int
        The genome's chromosome lengths.

    See Also
    --------
    sklearn_genexpr.preprocessing.DNAOneHotEncoder : One-hot of the sequences.
    score_variants : Variant effects from the same windows.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from sklearn_genexpr.genomics import RegionSequenceExtractor
    >>> path = os.path.join(tempfile.mkdtemp(), "toy.fa")
    >>> with open(path, "w") as f:
    ...     _ = f.write(">chr1\\nAAAACCCCGGGGTTTT\\n")
    >>> genes = pd.DataFrame({"chrom": ["chr1", "chr1"], "tss": [4, 11], "strand": ["+", "-"]})
    >>> RegionSequenceExtractor(path, upstream=2, downstream=3).fit_transform(genes)
    array(['AACCC', 'AACCC'], dtype=object)
    """

    _parameter_constraints: dict = {
        "genome": [str, os.PathLike, Genome],
        "anchor": [StrOptions({"tss", "center", "interval"})],
        "upstream": [Interval(Integral, 0, None, closed="left")],
        "downstream": [Interval(Integral, 0, None, closed="left")],
        "strand_aware": ["boolean"],
        "output": [StrOptions({"str", "codes"})],
    }

    def __init__(
        self,
        genome: Any,
        *,
        anchor: str = "tss",
        upstream: int = 1000,
        downstream: int = 1000,
        strand_aware: bool = True,
        output: str = "str",
    ) -> None:
        self.genome = genome
        self.anchor = anchor
        self.upstream = upstream
        self.downstream = downstream
        self.strand_aware = strand_aware
        self.output = output

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any = None, y: Any = None) -> RegionSequenceExtractor:
        """Open the genome (its index) and check the parameters.

        Parameters
        ----------
        X : pandas.DataFrame, optional
            The regions; only their chromosomes are checked.
        y : None
            Ignored.

        Returns
        -------
        self : RegionSequenceExtractor
            The fitted extractor.
        """
        reject_bool_integers(self)
        if self.anchor != "interval" and self.upstream + self.downstream == 0:
            raise ValueError("upstream + downstream must be > 0 for a window around an anchor.")
        self.genome_ = as_genome(self.genome)
        self.chromosomes_ = self.genome_.lengths
        if X is not None:
            self._validate(X)
        return self

    def _validate(self, X: Any) -> pd.DataFrame:
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                f"RegionSequenceExtractor takes a pandas DataFrame of regions, got "
                f"{type(X).__name__}."
            )
        return X

    def transform(self, X: pd.DataFrame) -> Any:
        """The sequence of each region's window.

        Parameters
        ----------
        X : pandas.DataFrame
            Regions: ``chrom`` and ``tss`` (``anchor="tss"``) or ``start`` and
            ``end``, and ``strand`` when ``strand_aware``.

        Returns
        -------
        sequences : ndarray of str of shape (n_regions,), or EncodedSequences
            Upper case; ``N`` beyond a chromosome's ends.
        """
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        table = self._validate(X)
        chrom, low, lengths, minus = region_windows(
            table, anchor=self.anchor, upstream=self.upstream, downstream=self.downstream,
            strand_aware=self.strand_aware,
        )  # fmt: skip
        encoded = extract(self.genome_, chrom, low, lengths, minus)
        if self.output == "codes":
            return encoded
        return np.array(decode_joined(encoded.codes, encoded.lengths), dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True  # a table with chromosome and strand names
        tags.input_tags.categorical = True
        tags.requires_fit = True
        return tags
