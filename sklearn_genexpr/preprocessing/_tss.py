"""Binning of chromatin openness (peak signal) by distance to each gene's TSS."""

from __future__ import annotations

import os
import warnings
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ..genomics._intervals import check_coordinates, check_finite, read_peaks, require_columns
from ..genomics._tracks import BigWigTrack, PeakTrack
from ..utils._output import ManualOutputMixin, wrap_2d_output
from ..utils._validation import check_dtype, reject_bool_integers

__all__ = ["TSSBinner"]

GENE_COLUMNS = ("chrom", "tss", "strand")
PEAK_COLUMNS = ("chrom", "start", "end")


class _PeakIndex:
    """Peaks grouped by chromosome and sorted by position, ready for searchsorted.

    ``positions`` holds the midpoints (``assign="midpoint"``) or the starts
    (``assign="overlap"``) of all peaks, chromosome after chromosome, sorted
    within each chromosome; ``blocks[chrom] = (first, stop)`` slices them.
    """

    def __init__(
        self,
        peaks: pd.DataFrame,
        signal_columns: list[str],
        *,
        assign: str,
        length_normalize: bool,
    ) -> None:
        require_columns(peaks, [*PEAK_COLUMNS, *signal_columns], "peaks")
        start = check_coordinates(peaks["start"].to_numpy(), "start", "peaks")
        end = check_coordinates(peaks["end"].to_numpy(), "end", "peaks")
        if (end <= start).any():
            row = int(np.argmax(end <= start))
            raise ValueError(
                f"peaks row {row} has start {start[row]} >= end {end[row]}; BED "
                f"intervals are 0-based, half-open and must not be empty."
            )
        signal = peaks[signal_columns].to_numpy(dtype=np.float64)
        for j, column in enumerate(signal_columns):
            check_finite(signal[:, j], column, "peaks")
            if (signal[:, j] < 0).any():
                row = int(np.argmax(signal[:, j] < 0))
                raise ValueError(
                    f"peaks column {column!r} has a negative signal ({signal[row, j]}) "
                    f"at row {row}; openness signal must be >= 0."
                )
        length = end - start
        weight = signal / length[:, None] if length_normalize else signal

        chrom_codes, chrom_names = pd.factorize(peaks["chrom"].astype(str), sort=True)
        key = (start + end) // 2 if assign == "midpoint" else start
        if key.max(initial=0) >= 1 << 40:
            raise ValueError("peak coordinates beyond 2**40 bp are not supported.")
        # One int64 sort by (chromosome, position): faster than a two-key lexsort.
        order = np.argsort((chrom_codes.astype(np.int64) << 40) | key)
        self.positions = key[order]
        self.start = start[order]
        self.end = end[order]
        self.length = length[order]
        self.weight = np.ascontiguousarray(weight[order])
        bounds = np.searchsorted(chrom_codes[order], np.arange(len(chrom_names) + 1))
        self.blocks = {
            name: (int(bounds[i]), int(bounds[i + 1])) for i, name in enumerate(chrom_names)
        }
        self.max_length = {
            name: int(self.length[a:b].max()) for name, (a, b) in self.blocks.items()
        }


class TSSBinner(ManualOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None):
    """Bin peak signal by its distance to each gene's transcription start site.

    Each row of the input is a gene (or a gene in one sample / cell type). Its
    output row holds ``(upstream + downstream) // bin_size`` bins of the peak
    signal around the gene's TSS, in the direction of transcription::

        -upstream                  TSS                        +downstream
        |-- bin 0 --|-- bin 1 --|...|-- bin u --|...|-- last bin --|
                               5'  ------ gene, transcribed ----->  3'

    with ``u = upstream // bin_size``: bins left of ``u`` are upstream,
    ``u`` and right of it downstream. On ``-`` strand genes the genome is read
    right to left, so "upstream" is at larger coordinates: the bins of a gene
    always run 5' -> 3'.

    Default semantics: a peak's position is its midpoint ``(start + end) //
    2``; its signed distance is ``d = mid - tss`` on ``+`` genes and ``tss -
    mid`` on ``-`` genes; it falls in column ``(d + upstream) // bin_size``
    when ``-upstream <= d < downstream``; a bin holds the sum of ``signal /
    (end - start)`` over its peaks.

    Read more in the :ref:`User Guide <openness>`.

    Parameters
    ----------
    peaks : PeakTrack, BigWigTrack or path
        The signal, held by reference (a search's clones share it):
        :class:`~sklearn_genexpr.genomics.PeakTrack` of a table with columns
        ``chrom``, ``start``, ``end`` (BED convention: 0-based, half-open) and
        one or more signal columns, or of a BED / narrowPeak / bedGraph file;
        a :class:`~sklearn_genexpr.genomics.BigWigTrack`; or a path (``.bw``
        / ``.bigwig`` read as bigWig, other files as peaks; plain or
        gzipped). Peaks need not be sorted. A DataFrame itself is deprecated
        (it is copied by every clone and shown by ``get_params``).
    upstream, downstream : int, default=1_000_000
        Window size in bp on each side of the TSS; multiples of ``bin_size``.
    bin_size : int, default=1_000
        Bin width in bp.
    signal : str or list of str, default="signal"
        Signal column(s) of ``peaks``. With several (one per sample / cell
        type), each input row names the column it uses in ``sample_column``.
    sample_column : str, default="sample"
        Column of the genes table naming the signal column of each row; only
        read when ``signal`` is a list of more than one column.
    assign : {"midpoint", "overlap"}, default="midpoint"
        ``"midpoint"``: a peak counts in the bin of its midpoint.
        ``"overlap"``: a peak is split over every bin it overlaps, in
        proportion to the overlap (``value * overlap_bp / peak_length``), so a
        peak inside the window adds the same total as with ``"midpoint"``.
    length_normalize : bool, default=True
        Divide each peak's signal by its length (``end - start``).
    log1p : bool, default=False
        Apply ``log1p`` to the bin values (log compression of the study).
    sparse_output : bool, default=True
        Return a ``scipy.sparse`` CSR matrix; ``False`` returns a dense
        ndarray (``n_rows * n_bins`` values: mind the memory).
    chunk_rows : int, default=None
        Bin this many input rows at a time and stack the results: the working
        memory (about 100 bytes per (row, peak) pair in a window) is then
        bounded by the chunk, and only the output (12 bytes per non-zero bin)
        grows with the input. None bins all rows at once (fastest).
    dtype : numpy dtype, default=np.float32
        Dtype of the output values.
    stat : {"sum", "mean", "max"}, default="sum"
        Per-bin statistic of a bigWig signal: the signal summed over the
        bin's bases, that sum over the bin's width (bases without data count
        as 0), or the largest value. Binned peaks are always summed. A
        bigWig of per-base peak density (``signal / (end - start)`` over each
        peak) binned with ``stat="sum"`` gives the bins of the peaks with
        ``assign="overlap", length_normalize=False`` (tested on the shipped
        K562 peaks).

    Attributes
    ----------
    n_bins_ : int
        Number of output columns.
    signal_columns_ : list of str
        The signal columns used.
    n_peaks_ : int
        Number of peaks indexed (0 for a bigWig).
    chromosomes_ : list of str
        Chromosomes that have peaks (a bigWig: those of its header).

    See Also
    --------
    sklearn_genexpr.genomics.read_peaks : Read BED / narrowPeak / bedGraph files.
    sklearn_genexpr.genomics.read_tss : Read TSSs from a GTF / GFF3 / BED gene file.
    GroupStandardScaler : Standardise each gene across cell types.

    Notes
    -----
    Rows on a chromosome without any peak get all-zero bins, and one warning
    per call reports how many rows that hit (often a naming mismatch such as
    ``chr1`` vs ``1``). Memory and time grow with the number of (row, peak)
    pairs within the windows, never with ``n_rows * n_bins``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn_genexpr.preprocessing import TSSBinner
    >>> peaks = pd.DataFrame({"chrom": ["chr1", "chr1"], "start": [1000, 2600],
    ...                       "end": [1200, 2800], "signal": [4.0, 10.0]})
    >>> genes = pd.DataFrame({"chrom": ["chr1", "chr1"], "tss": [2000, 2000],
    ...                       "strand": ["+", "-"]})
    >>> from sklearn_genexpr.genomics import PeakTrack
    >>> binner = TSSBinner(PeakTrack(peaks), upstream=2000, downstream=2000, bin_size=500)
    >>> binner.fit_transform(genes).toarray()
    array([[0.  , 0.  , 0.02, 0.  , 0.  , 0.05, 0.  , 0.  ],
           [0.  , 0.  , 0.05, 0.  , 0.  , 0.02, 0.  , 0.  ]], dtype=float32)
    >>> binner.get_feature_names_out()[:3]
    array(['tss-2000_-1500', 'tss-1500_-1000', 'tss-1000_-500'], dtype=object)
    """

    # fitted state: the peak index (peaks route) or the bigWig (bigWig route)
    _index: _PeakIndex
    _bigwig: BigWigTrack | None

    _parameter_constraints: dict = {
        "peaks": [PeakTrack, BigWigTrack, pd.DataFrame, str, os.PathLike],  # None is rejected
        "stat": [StrOptions({"sum", "mean", "max"})],
        "upstream": [Interval(Integral, 0, None, closed="left")],
        "downstream": [Interval(Integral, 0, None, closed="left")],
        "bin_size": [Interval(Integral, 1, None, closed="left")],
        "signal": [str, list, tuple],
        "sample_column": [str],
        "assign": [StrOptions({"midpoint", "overlap"})],
        "length_normalize": ["boolean"],
        "log1p": ["boolean"],
        "sparse_output": ["boolean"],
        "chunk_rows": [Interval(Integral, 1, None, closed="left"), None],
        "dtype": "no_validation",
    }

    def __init__(
        self,
        peaks: pd.DataFrame | str | os.PathLike | None = None,
        *,
        upstream: int = 1_000_000,
        downstream: int = 1_000_000,
        bin_size: int = 1_000,
        signal: str | list[str] = "signal",
        sample_column: str = "sample",
        assign: str = "midpoint",
        length_normalize: bool = True,
        log1p: bool = False,
        sparse_output: bool = True,
        chunk_rows: int | None = None,
        dtype: Any = np.float32,
        stat: str = "sum",
    ) -> None:
        self.peaks = peaks
        self.upstream = upstream
        self.downstream = downstream
        self.bin_size = bin_size
        self.signal = signal
        self.sample_column = sample_column
        self.assign = assign
        self.length_normalize = length_normalize
        self.log1p = log1p
        self.sparse_output = sparse_output
        self.chunk_rows = chunk_rows
        self.dtype = dtype
        self.stat = stat

    def _source(self) -> Any:
        """The signal: a BigWigTrack, or the peaks table (read once by a PeakTrack)."""
        peaks: Any = self.peaks
        if isinstance(peaks, BigWigTrack):
            return peaks
        if isinstance(peaks, PeakTrack):
            return peaks.table()
        if isinstance(peaks, pd.DataFrame):
            warnings.warn(
                "Passing the peaks table itself to TSSBinner is deprecated: every clone in a "
                "search copies it and get_params shows it. Pass PeakTrack(peaks) (the same "
                "table, held by reference) or a file path; a table will be refused in a "
                "future release.",
                FutureWarning,
                stacklevel=3,
            )
            return peaks
        if os.fspath(peaks).lower().endswith((".bw", ".bigwig")):
            return BigWigTrack(peaks)
        return read_peaks(peaks)

    def _signal_columns(self) -> list[str]:
        columns = [self.signal] if isinstance(self.signal, str) else list(self.signal)
        if not columns or not all(isinstance(c, str) for c in columns):
            raise ValueError(
                f"signal must be a column name or a list of them, got {self.signal!r}."
            )
        return columns

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any = None, y: Any = None) -> TSSBinner:
        """Index the peaks (sorted by chromosome and position).

        Parameters
        ----------
        X : pandas.DataFrame, optional
            The genes table; only its columns are checked.
        y : None
            Ignored.

        Returns
        -------
        self : TSSBinner
            The fitted binner.
        """
        reject_bool_integers(self)
        for name in ("upstream", "downstream"):
            if getattr(self, name) % self.bin_size:
                raise ValueError(
                    f"{name}={getattr(self, name)} is not a multiple of bin_size={self.bin_size}."
                )
        if self.upstream + self.downstream == 0:
            raise ValueError("upstream + downstream must be > 0.")
        check_dtype(self.dtype, "f", owner=type(self).__name__, what="a float")
        assert self.peaks is not None  # rejected by _parameter_constraints
        source = self._source()  # once: a file is read, a deprecated table warns
        if self.stat != "sum" and not isinstance(source, BigWigTrack):
            raise ValueError(
                f"stat={self.stat!r} needs a bigWig signal (peaks=BigWigTrack(...) or a .bw "
                f"path); binned peaks are summed (stat='sum')."
            )
        self.n_bins_ = (self.upstream + self.downstream) // self.bin_size
        if isinstance(source, BigWigTrack):
            self.signal_columns_ = ["signal"]
            self._index = None  # type: ignore[assignment]  # the peaks route's, unused here
            self._bigwig = source
            self.n_peaks_ = 0
            self.chromosomes_ = list(source.chromosomes)
            if X is not None:
                self._validate_genes(X)
            return self
        self._bigwig = None
        peaks = source
        self.signal_columns_ = self._signal_columns()
        self._index = _PeakIndex(
            peaks,
            self.signal_columns_,
            assign=self.assign,
            length_normalize=self.length_normalize,
        )
        self.n_peaks_ = int(len(self._index.positions))
        self.chromosomes_ = list(self._index.blocks)
        if X is not None:
            self._validate_genes(X)
        return self

    def _validate_genes(self, X: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if not isinstance(X, pd.DataFrame):
            raise TypeError(
                f"TSSBinner takes a pandas DataFrame of genes with columns "
                f"{list(GENE_COLUMNS)}, got {type(X).__name__}."
            )
        needed = list(GENE_COLUMNS)
        several = len(self.signal_columns_) > 1
        if several:
            needed.append(self.sample_column)
        require_columns(X, needed, "genes")
        tss = check_coordinates(X["tss"].to_numpy(), "tss", "genes")
        strand = X["strand"].to_numpy()
        plus = strand == "+"
        minus = strand == "-"
        unknown = ~(plus | minus)
        if unknown.any():
            row = int(np.argmax(unknown))
            raise ValueError(
                f"Unknown strand {strand[row]!r} at genes row {row}; expected '+' or '-' "
                f"(values seen: {sorted(map(str, pd.unique(strand[unknown])))[:5]})."
            )
        direction = np.where(plus, 1, -1).astype(np.int64)
        if several:
            codes = (
                pd.Index(self.signal_columns_)
                .get_indexer(X[self.sample_column].to_numpy())
                .astype(np.int64)
            )
            if (codes < 0).any():
                row = int(np.argmax(codes < 0))
                raise ValueError(
                    f"genes row {row} names sample {X[self.sample_column].iloc[row]!r} in "
                    f"column {self.sample_column!r}, which is not one of the signal "
                    f"columns {self.signal_columns_}."
                )
        else:
            codes = np.zeros(len(X), dtype=np.int64)
        chrom = X["chrom"].astype(str).to_numpy()
        return chrom, tss, direction, codes

    def transform(self, X: pd.DataFrame) -> Any:
        """Bin the peak signal around each row's TSS.

        Parameters
        ----------
        X : pandas.DataFrame
            Genes: columns ``chrom``, ``tss``, ``strand`` (and
            ``sample_column`` with several signal columns). Any order.

        Returns
        -------
        bins : scipy.sparse.csr_matrix of shape ``(n_rows, n_bins_)``
            Or a dense ndarray with ``sparse_output=False``.
        """
        check_is_fitted(self)
        chrom, tss, direction, sample = self._validate_genes(X)
        if self._bigwig is not None:
            return wrap_2d_output(self, self._bin_bigwig(chrom, tss, direction), X)
        first, stop = self._candidate_peaks(chrom, tss, direction)
        chunk = self.chunk_rows or max(len(tss), 1)
        bin_rows = self._bin_midpoints if self.assign == "midpoint" else self._bin_overlaps
        pieces = []
        for start in range(0, len(tss), chunk):
            rows = slice(start, start + chunk)
            piece = bin_rows(tss[rows], direction[rows], sample[rows], first[rows], stop[rows])
            if self.log1p:
                np.log1p(piece.data, out=piece.data)
            pieces.append(piece.astype(self.dtype, copy=False))
        if not pieces:
            bins = sp.csr_matrix((0, self.n_bins_), dtype=self.dtype)
        else:
            bins = pieces[0] if len(pieces) == 1 else sp.vstack(pieces, format="csr")
        if not self.sparse_output:
            bins = bins.toarray()
        return wrap_2d_output(self, bins, X)

    def _bin_bigwig(self, chrom: np.ndarray, tss: np.ndarray, direction: np.ndarray) -> Any:
        """Bins of the bigWig signal, 5' -> 3' (a ``-`` row's genome bins reversed)."""
        track = self._bigwig
        assert track is not None  # the bigWig route
        low, _ = self._genome_window(tss, direction)
        bins = np.zeros((len(tss), self.n_bins_))
        for name in np.unique(chrom):
            rows = np.flatnonzero(chrom == name)
            bins[rows] = track.bins(str(name), low[rows], self.n_bins_, self.bin_size, self.stat)
        minus = direction < 0
        bins[minus] = bins[minus, ::-1]
        if self.log1p:
            np.log1p(bins, out=bins)
        bins = bins.astype(self.dtype, copy=False)
        return sp.csr_matrix(bins) if self.sparse_output else bins

    def _genome_window(
        self, tss: np.ndarray, direction: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """[low, high) genome positions whose distance d lies in [-upstream, downstream)."""
        plus = direction > 0
        low = np.where(plus, tss - self.upstream, tss - self.downstream + 1)
        high = np.where(plus, tss + self.downstream, tss + self.upstream + 1)
        return low, high

    def _candidate_peaks(
        self, chrom: np.ndarray, tss: np.ndarray, direction: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Per row, the slice [first, stop) of indexed peaks that may fall in its window."""
        index = self._index
        first = np.zeros(len(tss), dtype=np.int64)
        stop = np.zeros(len(tss), dtype=np.int64)
        low, high = self._genome_window(tss, direction)
        chrom_codes, chrom_names = pd.factorize(chrom)
        unmatched = 0
        for code, name in enumerate(chrom_names):
            rows = np.flatnonzero(chrom_codes == code)
            if name not in index.blocks:
                unmatched += rows.size
                continue
            a, b = index.blocks[name]
            positions = index.positions[a:b]
            row_low = low[rows]
            if self.assign == "overlap":
                # positions are starts: a peak reaching past `low` starts after low - max_length
                row_low = row_low - index.max_length[name] + 1
            first[rows] = a + np.searchsorted(positions, row_low, side="left")
            stop[rows] = a + np.searchsorted(positions, high[rows], side="left")
        if unmatched:
            warnings.warn(
                f"{unmatched} of {len(tss)} rows are on chromosomes without peaks "
                f"(e.g. {[n for n in chrom_names if n not in index.blocks][:3]}; peaks "
                f"are on e.g. {list(index.blocks)[:3]}); their bins are all zero.",
                UserWarning,
                stacklevel=3,
            )
        return first, stop

    def _bin_midpoints(
        self,
        tss: np.ndarray,
        direction: np.ndarray,
        sample: np.ndarray,
        first: np.ndarray,
        stop: np.ndarray,
    ) -> sp.csr_matrix:
        index = self._index
        n_rows = len(tss)
        counts = stop - first
        indptr = np.zeros(n_rows + 1, dtype=np.int64)
        np.cumsum(counts, out=indptr[1:])
        total = int(indptr[-1])
        # Pair i of row r is peak base[r] + direction[r] * i: peaks in increasing
        # position on + genes, decreasing on - genes, so distances (and bins)
        # increase along every row and duplicates of a bin are adjacent.
        base = np.where(direction > 0, first - indptr[:-1], stop - 1 + indptr[:-1])
        row_direction = np.repeat(direction, counts)
        pair = np.arange(total, dtype=np.int64)
        pair *= row_direction
        pair += np.repeat(base, counts)
        distance = index.positions[pair]
        distance -= np.repeat(tss, counts)
        distance *= row_direction
        column = distance
        column += self.upstream
        column //= self.bin_size
        if index.weight.shape[1] == 1:
            value = index.weight[pair, 0]
        else:
            value = index.weight[pair, np.repeat(sample, counts)]
        return self._sum_adjacent(column, value, indptr, counts)

    def _sum_adjacent(
        self, column: np.ndarray, value: np.ndarray, indptr: np.ndarray, counts: np.ndarray
    ) -> sp.csr_matrix:
        """CSR from pairs whose columns never decrease along a row: sum the runs
        of equal columns (several peaks in one bin)."""
        n_rows = counts.size
        new_entry = np.empty(column.size, dtype=bool)
        if column.size:
            new_entry[0] = True
            np.not_equal(column[1:], column[:-1], out=new_entry[1:])
            new_entry[indptr[:-1][counts > 0]] = True  # every row starts anew
        starts = np.flatnonzero(new_entry)
        data = np.add.reduceat(value, starts) if starts.size else np.zeros(0)
        keep = data != 0  # peaks with zero signal leave no explicit zeros
        if not keep.all():
            new_entry[starts[~keep]] = False
            starts, data = starts[keep], data[keep]
        # Entries per row: entry starts counted between the row's pair bounds.
        entries_before = np.zeros(column.size + 1, dtype=np.int64)
        np.cumsum(new_entry, out=entries_before[1:])
        out_indptr = entries_before[indptr]
        return sp.csr_matrix(
            (data, column[starts].astype(np.int32), out_indptr),
            shape=(n_rows, self.n_bins_),
        )

    def _bin_overlaps(
        self,
        tss: np.ndarray,
        direction: np.ndarray,
        sample: np.ndarray,
        first: np.ndarray,
        stop: np.ndarray,
    ) -> sp.csr_matrix:
        index = self._index
        counts = stop - first
        row = np.repeat(np.arange(len(tss)), counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        peak = np.repeat(first, counts) + offsets
        row_tss = tss[row]
        row_direction = direction[row]
        start, end = index.start[peak], index.end[peak]
        # The peak's bases in transcription coordinates, as a half-open [d0, d1).
        d0 = np.where(row_direction > 0, start - row_tss, row_tss - end + 1)
        d1 = np.where(row_direction > 0, end - row_tss, row_tss - start + 1)
        d0 = np.maximum(d0, -self.upstream)
        d1 = np.minimum(d1, self.downstream)
        inside = d1 > d0
        row, peak, d0, d1 = row[inside], peak[inside], d0[inside], d1[inside]
        first_bin = (d0 + self.upstream) // self.bin_size
        last_bin = (d1 - 1 + self.upstream) // self.bin_size
        n_bins = last_bin - first_bin + 1
        pair = np.repeat(np.arange(row.size), n_bins)
        column = np.repeat(first_bin, n_bins) + (
            np.arange(n_bins.sum()) - np.repeat(np.cumsum(n_bins) - n_bins, n_bins)
        )
        bin_low = column * self.bin_size - self.upstream
        overlap = np.minimum(d1[pair], bin_low + self.bin_size) - np.maximum(d0[pair], bin_low)
        peak = peak[pair]
        weight = index.weight[peak, sample[row[pair]]]
        value = weight * overlap / index.length[peak]
        bins = sp.coo_matrix((value, (row[pair], column)), shape=(len(tss), self.n_bins_)).tocsr()
        bins.sum_duplicates()
        bins.eliminate_zeros()
        return bins

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Bin names ``tss{low:+d}_{high:+d}``: the bin's distance interval in bp.

        Distances are in the direction of transcription, ``low`` included,
        ``high`` excluded; e.g. ``tss-1000_+0`` is the last kb upstream.

        Parameters
        ----------
        input_features : None
            Ignored.

        Returns
        -------
        feature_names_out : ndarray of str objects
            One name per bin (and signal column), in column order.
        """
        check_is_fitted(self)
        lows = np.arange(self.n_bins_) * self.bin_size - self.upstream
        return np.array([f"tss{low:+d}_{low + self.bin_size:+d}" for low in lows], dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.categorical = True
        tags.requires_fit = True
        return tags
