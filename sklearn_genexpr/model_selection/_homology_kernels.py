"""Compiled loops of the homology splitter: k-mer hashes of sequences, union-find of runs.

Imported lazily (numba). The codes, and the reverse complements, come from the
sequence core; these loops only read codes 0-3 as 2-bit digits.
"""

from __future__ import annotations

import numpy as np

from ..utils._jit import jit as _jit

__all__ = ["count_windows", "kmer_hashes", "union_runs", "component_labels"]


@_jit
def count_windows(lengths, k, flank5, flank3):  # pragma: no cover - compiled
    """The number of k-mer windows of each sequence between its flanks."""
    out = np.zeros(lengths.size, dtype=np.int64)
    for i in range(lengths.size):
        span = lengths[i] - flank5 - flank3
        if span >= k:
            out[i] = span - k + 1
    return out


@_jit
def kmer_hashes(
    codes, starts, lengths, k, flank5, flank3, first_row, hashes, rows, position
):  # pragma: no cover
    """Write the 2-bit index of every window without an ambiguity code, and its row.

    Windows span the positions ``[flank5, length - flank3)`` of each sequence;
    the row written is ``first_row + i``. Returns the new ``position``.
    """
    mask = np.uint64((1 << (2 * k)) - 1)
    for i in range(lengths.size):
        start = starts[i] + flank5
        end = starts[i] + lengths[i] - flank3
        index = np.uint64(0)
        valid = 0  # bases since the last ambiguity code
        for j in range(start, end):
            code = codes[j]
            if code > 3:
                valid = 0
                continue
            index = ((index << np.uint64(2)) | np.uint64(code)) & mask
            valid += 1
            if valid >= k:
                hashes[position] = index
                rows[position] = first_row + i
                position += 1
    return position


@_jit
def _root(parent, i):  # pragma: no cover - compiled
    while parent[i] != i:
        parent[i] = parent[parent[i]]  # path halving
        i = parent[i]
    return i


@_jit
def union_runs(sorted_hashes, rows_in_order, parent):  # pragma: no cover - compiled
    """Join the rows of each run of equal hashes into one set (union-find in ``parent``)."""
    n = sorted_hashes.size
    r = 0
    while r < n:
        end = r + 1
        first = _root(parent, rows_in_order[r])
        while end < n and sorted_hashes[end] == sorted_hashes[r]:
            other = _root(parent, rows_in_order[end])
            if other != first:
                if other < first:
                    first, other = other, first
                parent[other] = first
            end += 1
        r = end


@_jit
def component_labels(parent):  # pragma: no cover - compiled
    """Consecutive labels 0, 1, ... of the sets in ``parent``, in order of first row."""
    labels = np.empty(parent.size, dtype=np.int64)
    label_of_root = np.full(parent.size, -1, dtype=np.int64)
    n_labels = 0
    for i in range(parent.size):
        root = _root(parent, i)
        if label_of_root[root] < 0:
            label_of_root[root] = n_labels
            n_labels += 1
        labels[i] = label_of_root[root]
    return labels
