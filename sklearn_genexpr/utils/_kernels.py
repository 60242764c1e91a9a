"""Compiled loops of the hot paths (numba).

Each kernel is a plain loop that numpy can only express with several passes and
temporary arrays, or runs slower: text to codes, a rolling k-mer index, run
lengths of sorted rows, a one-hot comparison written in output order, a radix
sort of rows, rank sums and the rank-to-reference map of quantile
normalisation. Only the first knows about DNA, and it is written in the sequence
core, :mod:`sklearn_genexpr._alphabet`, and only compiled here; the others get
their tables and the meaning of their input from their callers.

This module imports numba, so its callers import it lazily (importing the
package must stay cheap). ``cache=True`` keeps the compiled machine code in
``__pycache__``: only the first call on a new machine, numba version or input
dtype pays for compilation (about a second per kernel).
"""

from __future__ import annotations

import numba
import numpy as np

from .. import _alphabet

__all__ = [
    "chunk_bounds",
    "encode_ascii",
    "onehot_channels_first",
    "map_sorted",
    "onehot_channels_last",
    "radix_sort_rows",
    "run_lengths",
    "sum_sorted",
    "window_columns",
]

# compiled code cached on disk; the GIL released so that threads can share the work
_jit = numba.njit(cache=True, nogil=True)


#: Codes of ASCII bytes: the sequence core's loop (``_alphabet._encode_ascii``), compiled.
encode_ascii = _jit(_alphabet._encode_ascii)


@_jit
def onehot_channels_first(matrix, channel_codes, out):  # pragma: no cover - compiled
    """``out[i, c, j] = matrix[i, j] == channel_codes[c]``, written in memory order.

    A comparison, not a table gather, so that it vectorises: the loop runs at
    the speed of writing the output.
    """
    n, length = matrix.shape
    for i in range(n):
        row = matrix[i]
        for c in range(channel_codes.size):
            code = channel_codes[c]
            dest = out[i, c]
            for j in range(length):
                dest[j] = row[j] == code


@_jit
def onehot_channels_last(matrix, channel_codes, out):  # pragma: no cover - compiled
    """``out[i, j, c] = matrix[i, j] == channel_codes[c]`` for 4 channels."""
    n, length = matrix.shape
    c0, c1, c2, c3 = channel_codes[0], channel_codes[1], channel_codes[2], channel_codes[3]
    for i in range(n):
        row = matrix[i]
        dest = out[i]
        for j in range(length):
            code = row[j]
            dest[j, 0] = code == c0
            dest[j, 1] = code == c1
            dest[j, 2] = code == c2
            dest[j, 3] = code == c3


@_jit
def chunk_bounds(windows, limit):  # pragma: no cover - compiled
    """Row ranges whose padded window matrix (rows x widest row) holds <= ``limit`` cells.

    A range always holds at least one row. Returns the start of every range
    and the end of the last, shape (n_ranges + 1,).
    """
    bounds = [0]
    widest = 0
    start = 0
    for i in range(windows.size):
        widest_with = max(widest, windows[i])
        if i > start and widest_with * (i + 1 - start) > limit:
            bounds.append(i)
            start = i
            widest_with = windows[i]
        widest = widest_with
    bounds.append(windows.size)
    return np.array(bounds, dtype=np.int64)


@_jit
def window_columns(codes, starts, lengths, k, stride, column_of, sentinel, out):  # pragma: no cover
    """Write the output column of each k-mer window of each sequence into a row of ``out``.

    Codes 0-3 are the 2-bit digits of a k-mer index; a window holding any other
    code gets ``sentinel``, and so do the cells of a row beyond its windows.
    ``column_of`` maps a k-mer index to its column (empty: the index itself).
    """
    mask = (1 << (2 * k)) - 1
    width = out.shape[1]
    identity = column_of.size == 0
    for i in range(lengths.size):
        row = out[i]
        offset = starts[i]
        length = lengths[i]
        index = 0
        last_invalid = -1
        for j in range(min(k - 1, length)):  # the first window's first k - 1 bases
            code = codes[offset + j]
            if code > 3:
                last_invalid = j
            index = ((index << 2) | (code & 3)) & mask
        n_written = 0
        for j in range(k - 1, length):
            code = codes[offset + j]
            if code > 3:
                last_invalid = j
            index = ((index << 2) | (code & 3)) & mask
            start = j - k + 1
            if start % stride == 0:  # stride 1: always, and the branch predicts well
                column = index if identity else column_of[index]
                row[n_written] = column if last_invalid < start else sentinel
                n_written += 1
        for j in range(n_written, width):
            row[j] = sentinel


@_jit
def run_lengths(matrix, sentinel, counts, indices, indptr, first_row, nnz):  # pragma: no cover
    """Append the runs of each sorted row of ``matrix`` to CSR arrays.

    Each run of equal values before the first ``sentinel`` becomes one entry
    (value -> ``indices``, length -> ``counts``); ``indptr[first_row + i + 1]``
    closes row ``i``. Returns the new number of entries.
    """
    n, width = matrix.shape
    for i in range(n):
        row = matrix[i]
        j = 0
        while j < width:
            value = row[j]
            if value == sentinel:
                break
            end = j + 1
            while end < width and row[end] == value:
                end += 1
            indices[nnz] = value
            counts[nnz] = end - j
            nnz += 1
            j = end
        indptr[first_row + i + 1] = nnz
    return nnz


@_jit
def radix_sort_rows(keys, first_byte):  # pragma: no cover - compiled
    """Sort each row of a uint64 matrix in place, by its bytes from ``first_byte`` up.

    A stable least-significant-digit radix sort, one byte per pass: rows of
    thousands of keys sort about twice as fast as numpy's sort here. Bytes
    below ``first_byte`` are left out of the order (the caller knows they are
    already in order, e.g. an index in the low bits of keys that start out in
    index order); a byte that is the same in every key of a row costs no pass.
    """
    n_rows, n_keys = keys.shape
    spare = np.empty(n_keys, dtype=np.uint64)
    counts = np.zeros((8, 256), dtype=np.int64)
    offsets = np.empty(256, dtype=np.int64)
    low = np.uint64(255)
    for i in range(n_rows):
        row = keys[i]
        counts[:] = 0
        for j in range(n_keys):  # one read for every pass's histogram
            key = row[j]
            for byte in range(first_byte, 8):
                counts[byte, (key >> np.uint64(8 * byte)) & low] += 1
        source = row
        target = spare
        in_spare = False
        for byte in range(first_byte, 8):
            shift = np.uint64(8 * byte)
            count = counts[byte]
            if n_keys == 0 or count[(source[0] >> shift) & low] == n_keys:
                continue  # one value of this byte: already in order
            total = 0
            for value in range(256):
                offsets[value] = total
                total += count[value]
            for j in range(n_keys):
                key = source[j]
                value = (key >> shift) & low
                target[offsets[value]] = key
                offsets[value] += 1
            source, target = target, source
            in_spare = not in_spare
        if in_spare:
            row[:] = spare


@_jit
def _in_order(keys_row, index_mask, values_row):  # pragma: no cover - compiled
    """Whether a row's values, gathered in the order of its sorted keys, ascend (no NaN)."""
    previous = -np.inf
    for r in range(keys_row.size):
        value = values_row[keys_row[r] & index_mask]
        if not value >= previous:  # NaN, or keys that could not tell two values apart
            return False
        previous = value
    return True


@_jit
def sum_sorted(keys, index_mask, block, sums):  # pragma: no cover - compiled
    """Add each row's values, in the order of its sorted keys, to ``sums``.

    ``keys[i]`` holds row ``i``'s sort keys with the column in the bits of
    ``index_mask``. Rows whose gathered values hold NaN or are not in order
    (keys that could not tell two values apart) are left out and flagged in
    the returned boolean array, for an exact path.
    """
    n_rows, n = keys.shape
    flagged = np.zeros(n_rows, dtype=np.bool_)
    for i in range(n_rows):
        if not _in_order(keys[i], index_mask, block[i]):
            flagged[i] = True
            continue
        for r in range(n):
            sums[r] += block[i, keys[i, r] & index_mask]
    return flagged


@_jit
def map_sorted(keys, index_mask, block, reference, out):  # pragma: no cover - compiled
    """Give every value the reference value of its rank; tied values share the mean.

    ``keys`` as in :func:`sum_sorted`. A run of equal values over ranks
    ``[r, e)`` gets the mean of ``reference[r:e]``. Rows with NaN or out of
    order are left alone and flagged, as in :func:`sum_sorted`.
    """
    n_rows, n = keys.shape
    cumulative = np.zeros(n + 1)  # running sum of the reference: run means in O(1)
    cumulative[1:] = np.cumsum(reference)
    flagged = np.zeros(n_rows, dtype=np.bool_)
    for i in range(n_rows):
        if not _in_order(keys[i], index_mask, block[i]):
            flagged[i] = True
            continue
        r = 0
        while r < n:
            column = keys[i, r] & index_mask
            value = block[i, column]
            end = r + 1
            while end < n and block[i, keys[i, end] & index_mask] == value:
                end += 1
            if end == r + 1:
                out[i, column] = reference[r]
            else:
                mean = (cumulative[end] - cumulative[r]) / (end - r)
                for q in range(r, end):
                    out[i, keys[i, q] & index_mask] = mean
            r = end
    return flagged
