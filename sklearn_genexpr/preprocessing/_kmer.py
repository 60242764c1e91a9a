"""k-mer counting of DNA sequences."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import _fit_context
from sklearn.preprocessing import normalize
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._alphabet import (
    BASES,
    IUPAC_CODES,
    PAD_CODE,
    EncodedSequences,
    reverse_complement_codes,
    sequence_of_offset,
)
from ..utils._output import wrap_2d_output
from ..utils._validation import check_dtype, check_sequences
from ._base import _BaseSequenceTransformer

__all__ = ["KmerVectorizer"]

MAX_K = 12  # 4**12 = 16.7 M columns; beyond that the column index tables stop fitting
# Cells of the padded window matrix sorted at a time (1 MB of int32, cache-sized):
# bounds the work memory for any number and length of sequences (a block holds
# at least one sequence).
_CHUNK_WINDOWS = 1 << 18


def _kmer_indices(k: int) -> np.ndarray:
    """Digits of every k-mer index (base-4, most significant first): shape (4**k, k)."""
    return (np.arange(4**k)[:, None] >> (2 * np.arange(k - 1, -1, -1))) & 3


def _reverse_complement_index(k: int) -> np.ndarray:
    """Index of the reverse complement of every k-mer index."""
    # The base-4 digits of a k-mer index are the codes of its bases.
    complement = reverse_complement_codes(_kmer_indices(k).astype(np.uint8)).astype(np.int64)
    return (complement << (2 * np.arange(k - 1, -1, -1))).sum(axis=1)


def _kmer_names(k: int) -> np.ndarray:
    letters = np.array(list(BASES))[_kmer_indices(k)]
    return np.array(["".join(row) for row in letters], dtype=object)


class _KmerColumns:
    """Column layout of one k: plain (4**k columns) or canonical."""

    def __init__(self, k: int, canonical: bool) -> None:
        self.k = k
        self.kept: np.ndarray | None
        self.lut: np.ndarray | None
        if canonical:
            index = np.arange(4**k)
            representative = np.minimum(index, _reverse_complement_index(k))
            self.kept = np.unique(representative)  # lexicographically smaller of each pair
            # k-mer index -> column
            self.lut = np.searchsorted(self.kept, representative).astype(np.int32)
        else:
            self.kept = None
            self.lut = None
        self.n_columns = 4**k if self.kept is None else len(self.kept)

    def names(self) -> np.ndarray:
        names = _kmer_names(self.k)
        return names if self.kept is None else names[self.kept]


def _count_kmers(
    codes: np.ndarray, lengths: np.ndarray, columns: _KmerColumns, stride: int, dtype: np.dtype
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count the k-mers of each sequence: CSR ``(counts, indices, indptr)``, columns sorted.

    A compiled loop writes the column of every window of a block of sequences
    into a padded int32 matrix (windows holding N or another ambiguity code,
    and the padding, get a sentinel column that sorts last). Then, by the
    route faster on this CPU (:func:`_count_route`): numpy sorts each row
    (its SIMD sort, AVX-512 where the CPU has it) and a compiled loop turns
    the runs of equal columns into counts, or a compiled tally counts each
    row's columns and writes them in order. Both give the same CSR arrays.
    Chunks of blocks go to threads (each writes from its first row's window
    offset, an upper bound of its entries' start) and the gaps are closed after.
    """
    from ..utils._threads import kernel_threads, map_chunks
    from . import _kmer_kernels

    k = columns.k
    windows = np.maximum(lengths - k + 1, 0)
    windows = np.where(windows > 0, (windows - 1) // stride + 1, 0)
    n = lengths.shape[0]
    bound = int(windows.sum())
    widest = int(windows.max()) if n else 0
    # Counts go straight into the output dtype when no count can exceed what it
    # holds exactly (a count is at most a row's number of windows).
    direct = widest <= _largest_exact_count(dtype) and dtype != np.float16  # numba: no float16
    count_dtype = dtype if direct else np.dtype(np.int32)
    counts = np.empty(bound, dtype=count_dtype)
    indices = np.empty(bound, dtype=np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    sentinel = columns.n_columns
    column_of = columns.lut if columns.lut is not None else np.empty(0, dtype=np.int32)
    tallied = sentinel <= _MAX_TALLY_COLUMNS and _count_route() == "tally"
    bounds = _kmer_kernels.chunk_bounds(windows, _CHUNK_WINDOWS).tolist()
    # Where each row's counts may start: no row has more entries than windows.
    window_offsets = np.concatenate(([0], np.cumsum(windows)))

    def count_blocks(first_block: int, stop_block: int) -> tuple[int, int, int]:
        """Count the rows of blocks [first_block, stop_block) into their part of the
        arrays (from their first row's window offset): (last row + 1, start, end)."""
        # Buffers of its own, reused from block to block (fresh allocations
        # would page-fault each time).
        buffer = np.empty(max(_CHUNK_WINDOWS, widest), dtype=np.int32)
        if tallied:
            tally = np.zeros(sentinel, dtype=np.int32)
            seen = np.empty(max(widest, 1), dtype=np.int32)
        start = nnz = int(window_offsets[bounds[first_block]])
        for first, last in zip(
            bounds[first_block:stop_block], bounds[first_block + 1 : stop_block + 1]
        ):
            width = int(windows[first:last].max(initial=0))
            if width == 0:
                indptr[first + 1 : last + 1] = nnz
                continue
            block = buffer[: (last - first) * width].reshape(last - first, width)
            rows = slice(first, last)
            _kmer_kernels.window_columns(
                codes, starts[rows], lengths[rows], k, stride, column_of, sentinel, block
            )
            if tallied:
                nnz = _kmer_kernels.tally_runs(
                    block, sentinel, tally, seen, counts, indices, indptr, first, nnz
                )
            else:
                block.sort(axis=1)
                nnz = _kmer_kernels.run_lengths(
                    block, sentinel, counts, indices, indptr, first, nnz
                )
        return bounds[stop_block], start, nnz

    # A chunk of blocks a thread (utils._threads), each writing only its rows.
    threads = kernel_threads(bound * (count_dtype.itemsize + 4))
    parts = map_chunks(count_blocks, len(bounds) - 1, threads)
    # Close the gaps between the chunks' parts: the arrays one thread writes.
    nnz, first_row = 0, 0
    for stop_row, start, end in parts:
        if start != nnz:
            counts[nnz : nnz + end - start] = counts[start:end]
            indices[nnz : nnz + end - start] = indices[start:end]
            indptr[first_row + 1 : stop_row + 1] -= start - nnz
        nnz += end - start
        first_row = stop_row
    counts, indices = counts[:nnz], indices[:nnz]
    if nnz < 0.9 * bound:  # do not keep a much larger buffer alive behind the result
        counts, indices = counts.copy(), indices.copy()
    return counts, indices, indptr


# Most columns a tally may have (4**8: a 256 kB table that stays in cache)
_MAX_TALLY_COLUMNS = 4**8


def _count_route() -> str:
    """``"sort"`` or ``"tally"``: the faster way to count a block's columns here, measured
    once (6-mers of 2,000 random 80-mers)."""
    from ..utils._routes import fastest_route

    return fastest_route("kmer_count", ("sort", "tally"), _count_calibrations)


def _count_calibrations() -> dict:
    from . import _kmer_kernels

    rng = np.random.default_rng(0)
    n, length, k = 2000, 80, 6
    codes = rng.integers(0, 4, n * length).astype(np.uint8)
    lengths = np.full(n, length, dtype=np.int64)
    starts = np.arange(n, dtype=np.int64) * length
    width, sentinel = length - k + 1, 4**k
    block = np.empty((n, width), dtype=np.int32)
    identity = np.empty(0, dtype=np.int32)
    _kmer_kernels.window_columns(codes, starts, lengths, k, 1, identity, sentinel, block)
    counts, indices = np.empty(n * width, np.int32), np.empty(n * width, np.int32)
    indptr = np.zeros(n + 1, dtype=np.int64)
    tally, seen = np.zeros(sentinel, dtype=np.int32), np.empty(width, dtype=np.int32)

    def by_sort() -> None:
        rows = block.copy()
        rows.sort(axis=1)
        _kmer_kernels.run_lengths(rows, sentinel, counts, indices, indptr, 0, 0)

    def by_tally() -> None:
        rows = block.copy()  # the same copy as the sort route pays
        _kmer_kernels.tally_runs(rows, sentinel, tally, seen, counts, indices, indptr, 0, 0)

    return {"sort": by_sort, "tally": by_tally}


def _largest_exact_count(dtype: np.dtype) -> int:
    """The largest count ``dtype`` holds exactly (no wrap-around, no rounding)."""
    if dtype.kind == "f":
        return 2 ** (np.finfo(dtype).nmant + 1)
    return int(np.iinfo(dtype).max)


def _check_counts_fit(counts: np.ndarray, indptr: np.ndarray, dtype: np.dtype) -> None:
    """Refuse counts that ``dtype`` would wrap around (int8: 300 'A's -> 44) or round."""
    limit = _largest_exact_count(dtype)
    if counts.size == 0 or counts.max() <= limit:
        return
    entry = int(np.argmax(counts > limit))
    row = int(np.searchsorted(indptr, entry, side="right")) - 1
    raise ValueError(
        f"A k-mer occurs {int(counts[entry])} times in sequence {row}, more than "
        f"dtype {dtype} holds exactly ({limit}); use a wider dtype such as np.int32 "
        f"or the default np.float32."
    )


def _to_csr(
    pieces: tuple[np.ndarray, np.ndarray, np.ndarray], n_columns: int, dtype: np.dtype
) -> sp.csr_matrix:
    counts, indices, indptr = pieces
    if indptr[-1] < np.iinfo(np.int32).max:
        indptr = indptr.astype(np.int32)  # scipy's own choice when the entries fit
    if counts.dtype != dtype:  # counted in int32: some count may not fit dtype
        _check_counts_fit(counts, indptr, dtype)
    return sp.csr_matrix(
        (counts.astype(dtype, copy=False), indices, indptr),
        shape=(indptr.size - 1, n_columns),
    )


class KmerVectorizer(_BaseSequenceTransformer):
    """Count the k-mers of DNA sequences into a sparse matrix.

    Column ``j`` of the output counts the ``j``-th k-mer in lexicographic
    order (``AAAAAA`` first, ``TTTTTT`` last for ``k=6``), so the columns mean
    the same for every data set: no vocabulary is learned. Sequences may have
    different lengths. Lower case is counted as upper case.

    Read more in the :ref:`User Guide <kmer>`.

    Parameters
    ----------
    k : int or tuple of (int, int), default=6
        The k-mer length, or an inclusive range ``(k_min, k_max)``: the blocks of
        each k are stacked left to right in increasing k. At most 12.
    canonical : bool, default=False
        Count a k-mer and its reverse complement in one column, named after
        the lexicographically smaller of the two (strand-agnostic features).
    stride : int, default=1
        Distance between the starts of successive windows of a sequence.
    norm : {"l1", "l2"} or None, default=None
        ``None`` gives counts; ``"l1"`` gives frequencies (each k's block of
        a row sums to 1); ``"l2"`` scales each k's block to unit length.
    ambiguous : {"skip", "error"}, default="skip"
        Windows that contain ``N`` or another IUPAC ambiguity code are not
        counted, or raise a ``ValueError``.
    sparse_output : bool, default=True
        Return a ``scipy.sparse`` CSR matrix, or a dense ndarray (which
        :meth:`set_output` can wrap in a DataFrame). As in
        ``sklearn.preprocessing.OneHotEncoder``, asking for pandas output while
        the output is sparse raises a ``ValueError``.
    dtype : numpy dtype, default=np.float32
        Dtype of the values. The float default feeds LightGBM (which rejects
        integer sparse matrices) and sklearn models directly.

    Attributes
    ----------
    k_values_ : list of int
        The k-mer lengths counted, in column order.
    n_features_out_ : int
        Number of output columns.

    See Also
    --------
    DNAOneHotEncoder : Position-resolved encoding.
    sklearn.feature_extraction.text.CountVectorizer : The general text counter
        (``analyzer="char"``) this replaces, 40x and more slower on DNA.

    Notes
    -----
    The counts of large inputs (over 8 MiB of output entries) are made on a
    thread a core (``NUMBA_NUM_THREADS`` at most), each on its own chunk of
    sequences; the output is the same on any number of threads.

    Examples
    --------
    >>> from sklearn_genexpr.preprocessing import KmerVectorizer
    >>> vec = KmerVectorizer(k=2)
    >>> X = vec.fit_transform(["ACGT", "AAAN"])
    >>> X.shape
    (2, 16)
    >>> X.toarray()[:, :4]
    array([[0., 1., 0., 0.],
           [2., 0., 0., 0.]], dtype=float32)
    >>> vec.get_feature_names_out()[:4]
    array(['AA', 'AC', 'AG', 'AT'], dtype=object)
    >>> KmerVectorizer(k=2, canonical=True).fit(["A"]).n_features_out_
    10
    """

    _parameter_constraints: dict = {
        "k": [Interval(Integral, 1, MAX_K, closed="both"), tuple, list],
        "canonical": ["boolean"],
        "stride": [Interval(Integral, 1, None, closed="left")],
        "norm": [StrOptions({"l1", "l2"}), None],
        "ambiguous": [StrOptions({"skip", "error"})],
        "sparse_output": ["boolean"],
        "dtype": "no_validation",  # checked in fit, numpy accepts many spellings
    }

    def __init__(
        self,
        k: int | tuple[int, int] = 6,
        *,
        canonical: bool = False,
        stride: int = 1,
        norm: str | None = None,
        ambiguous: str = "skip",
        sparse_output: bool = True,
        dtype: Any = np.float32,
    ) -> None:
        self.k = k
        self.canonical = canonical
        self.stride = stride
        self.norm = norm
        self.ambiguous = ambiguous
        self.sparse_output = sparse_output
        self.dtype = dtype

    def _k_values(self) -> list[int]:
        if isinstance(self.k, (tuple, list)):
            if (
                len(self.k) != 2
                or not all(isinstance(v, Integral) for v in self.k)
                or not 1 <= self.k[0] <= self.k[1] <= MAX_K
            ):
                raise ValueError(
                    f"k must be an int in [1, {MAX_K}] or a range (k_min, k_max) with "
                    f"1 <= k_min <= k_max <= {MAX_K}, got {self.k!r}."
                )
            return list(range(int(self.k[0]), int(self.k[1]) + 1))
        return [int(self.k)]

    def _check_dtype(self) -> np.dtype:
        dtype = check_dtype(self.dtype, "iuf", owner=type(self).__name__, what="a numeric")
        if self.norm is not None and dtype.kind != "f":
            raise ValueError(f"norm={self.norm!r} needs a float dtype, got {dtype}.")
        return dtype

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None) -> KmerVectorizer:
        """Check the parameters; no vocabulary is learned.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences (validated).
        y : None
            Ignored.

        Returns
        -------
        self : KmerVectorizer
            The fitted vectorizer.
        """
        if not isinstance(X, EncodedSequences):  # codes were checked when made
            check_sequences(X, estimator_name=type(self).__name__)
        self._fit_layout()
        return self

    def _fit_layout(self) -> None:
        self._check_dtype()
        self.k_values_ = self._k_values()
        self._columns = [_KmerColumns(k, self.canonical) for k in self.k_values_]
        self.n_features_out_ = int(sum(c.n_columns for c in self._columns))

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """Check the parameters and count k-mers, reading the sequences once.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences of any lengths.
        y : None
            Ignored.

        Returns
        -------
        X_counts : scipy.sparse.csr_matrix of shape ``(n_sequences, n_features_out_)``
            See :meth:`transform`.
        """
        self._fit_layout()
        return self.transform(X)

    def transform(self, X: Any) -> sp.csr_matrix:
        """Count k-mers.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences of any lengths.

        Returns
        -------
        X_counts : scipy.sparse.csr_matrix of shape ``(n_sequences, n_features_out_)``
            Or a dense ndarray / DataFrame with ``sparse_output=False``.
        """
        check_is_fitted(self)
        dtype = self._check_dtype()
        codes, lengths = self._encode(X)
        if self.ambiguous == "error":
            self._raise_on_ambiguous(codes, lengths)

        stacked = []
        for columns in self._columns:
            counts = _to_csr(
                _count_kmers(codes, lengths, columns, self.stride, dtype), columns.n_columns, dtype
            )
            if self.norm is not None:
                counts = normalize(counts, norm=self.norm, copy=False)
            stacked.append(counts)
        out = stacked[0] if len(stacked) == 1 else sp.hstack(stacked, format="csr")
        out = out.astype(dtype, copy=False)
        if not self.sparse_output:
            out = out.toarray()
        return wrap_2d_output(self, out, X)

    @staticmethod
    def _raise_on_ambiguous(codes: np.ndarray, lengths: np.ndarray) -> None:
        ambiguous = np.flatnonzero((codes >= 4) & (codes != PAD_CODE))
        if ambiguous.size:
            offset = int(ambiguous[0])
            index, position = sequence_of_offset(lengths, offset)
            raise ValueError(
                f"Ambiguous base {IUPAC_CODES[codes[offset]]!r} at position "
                f"{position} of sequence {index} with ambiguous='error'; use "
                f"ambiguous='skip' to leave out the windows that contain it."
            )

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The k-mer of each output column.

        Parameters
        ----------
        input_features : None
            Ignored; sequences have no input feature names.

        Returns
        -------
        feature_names_out : ndarray of str objects
            Lexicographic within each k, blocks in increasing k.
        """
        check_is_fitted(self)
        return np.concatenate([columns.names() for columns in self._columns])
