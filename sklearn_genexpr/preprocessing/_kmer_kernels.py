"""Compiled loops of KmerVectorizer: block bounds, a rolling k-mer index, run lengths
of sorted rows, and the tally that can replace sorting.

Imported lazily (numba); the alphabet's codes come from the caller.
"""

from __future__ import annotations

import numpy as np

from ..utils._jit import jit as _jit

__all__ = ["chunk_bounds", "run_lengths", "tally_runs", "window_columns"]


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
def tally_runs(
    block, sentinel, tally, seen, counts, indices, indptr, first_row, nnz
):  # pragma: no cover
    """What sorting each row of ``block`` and :func:`run_lengths` give, by a tally.

    Each row's columns (``sentinel`` for windows to skip) are counted in
    ``tally`` (zeros on entry and on return, one slot per column); the columns
    seen are then sorted (a row's distinct columns: few) and written with
    their counts. ``seen`` holds at least a row's width.
    """
    n, width = block.shape
    for i in range(n):
        row = block[i]
        n_seen = 0
        for j in range(width):
            column = row[j]
            if column == sentinel:
                continue
            if tally[column] == 0:
                seen[n_seen] = column
                n_seen += 1
            tally[column] += 1
        distinct = seen[:n_seen]
        distinct.sort()
        for r in range(n_seen):
            column = distinct[r]
            indices[nnz] = column
            counts[nnz] = tally[column]
            tally[column] = 0
            nnz += 1
        indptr[first_row + i + 1] = nnz
    return nnz
