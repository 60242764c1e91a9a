"""Compiled loops of JointQuantileNormalizer: order-preserving integer keys, a radix
sort of rows, rank sums, the rank-to-reference map.

Imported lazily (numba).
"""

from __future__ import annotations

import numpy as np

from ..utils._jit import jit as _jit

__all__ = [
    "float_keys",
    "key_floats",
    "map_gathered",
    "map_sorted",
    "radix_sort_rows",
    "sum_sorted",
]


_SIGN = np.uint64(1 << 63)
_INF = np.uint64(0x7FF0000000000000)  # the bits of +inf; above it (sign aside): NaN
_NAN_KEY = np.uint64(0xFFFFFFFFFFFFFFFF)


@_jit
def float_keys(bits, index_mask, out, unsigned_order=True):  # pragma: no cover - compiled
    """Keys that sort like the float64 values whose bits are ``bits``, in one pass.

    ``unsigned_order=True``: uint64 keys whose integer order is the values'
    order. A non-negative float's bits sort like the float: the sign bit is
    set on them; a negative float's bits are flipped, so it sorts below every
    non-negative one and more negative sorts lower. ``-0.0`` becomes ``+0.0``
    and every NaN all ones (last). ``unsigned_order=False``: the bits as they
    are, for a float64 sort of the keys (numpy sorts float64 faster than
    uint64). Either way the bits of ``index_mask`` then hold the column, so
    one sort gives the order and the permutation; values that differ only in
    those bits may come out of order (the callers check). ``index_mask=0``
    keeps every bit (:func:`key_floats` inverts such unsigned keys).

    Returns whether every value is finite: numpy's float sort may rewrite the
    bits of a NaN (an infinity whose low bits now hold a column is one), so
    float-ordered keys are only for finite blocks.
    """
    n_rows, n = bits.shape
    keep = ~index_mask
    finite = True
    for i in range(n_rows):
        for j in range(n):
            b = bits[i, j]
            if (b & _INF) == _INF:  # exponent all ones: inf or NaN
                finite = False
            if unsigned_order:
                magnitude = b & ~_SIGN
                if magnitude == 0:  # +0.0 and -0.0
                    b = _SIGN
                elif magnitude > _INF:
                    b = _NAN_KEY
                elif b & _SIGN:
                    b = ~b
                else:
                    b = b | _SIGN
            out[i, j] = (b & keep) | (np.uint64(j) & index_mask)
    return finite


@_jit
def key_floats(keys):  # pragma: no cover - compiled
    """Turn the keys of :func:`float_keys` (``index_mask=0``) back into float64 bits, in place."""
    n_rows, n = keys.shape
    nan_bits = np.uint64(0x7FF8000000000000)
    for i in range(n_rows):
        for j in range(n):
            key = keys[i, j]
            if key == _NAN_KEY:
                keys[i, j] = nan_bits
            elif key & _SIGN:
                keys[i, j] = key & ~_SIGN
            else:
                keys[i, j] = ~key


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
def _gather_in_order(keys_row, index_mask, values_row, gathered):  # pragma: no cover - compiled
    """Gather a row's values in the order of its sorted keys into ``gathered``; whether
    they ascend (False for NaN, or keys that could not tell two values apart).

    One random-access pass: the passes after it read ``gathered`` in order."""
    previous = -np.inf
    for r in range(keys_row.size):
        value = values_row[keys_row[r] & index_mask]
        if not value >= previous:
            return False
        gathered[r] = value
        previous = value
    return True


@_jit
def sum_sorted(keys, index_mask, block, sums, gathered):  # pragma: no cover - compiled
    """Add each row's values, in the order of its sorted keys, to ``sums``.

    ``keys[i]`` holds row ``i``'s sort keys with the column in the bits of
    ``index_mask``. Each row's values in order are left in ``gathered[i]``
    (the caller's output block: :func:`map_gathered` maps them there
    without a second random-access pass). Rows whose gathered values hold
    NaN or are not in order (keys that could not tell two values apart) are
    left out and flagged in the returned boolean array, for an exact path.
    """
    n_rows, n = keys.shape
    flagged = np.zeros(n_rows, dtype=np.bool_)
    for i in range(n_rows):
        row = gathered[i]
        if not _gather_in_order(keys[i], index_mask, block[i], row):
            flagged[i] = True
            continue
        for r in range(n):
            sums[r] += row[r]
    return flagged


@_jit
def _running_sum(reference):  # pragma: no cover - compiled
    """``cumulative[r]`` = the sum of ``reference[:r]``: the mean of any run of ranks in O(1)."""
    cumulative = np.zeros(reference.size + 1)
    cumulative[1:] = np.cumsum(reference)
    return cumulative


@_jit
def _map_row(sorted_row, keys_row, index_mask, reference, cumulative, out_row):  # pragma: no cover
    """Write the reference value of each rank where its value sits; ties share the mean.

    ``sorted_row`` is the row's values in key order (ascending, NaN-free). A
    run of equal values over ranks ``[r, e)`` gets the mean of
    ``reference[r:e]`` (``cumulative`` is the running sum of ``reference``).
    """
    n = sorted_row.size
    ties = False
    for r in range(1, n):
        ties |= sorted_row[r] == sorted_row[r - 1]
    if not ties:  # the common case for continuous data: one tight scatter
        for r in range(n):
            out_row[keys_row[r] & index_mask] = reference[r]
        return
    r = 0
    while r < n:
        value = sorted_row[r]
        end = r + 1
        while end < n and sorted_row[end] == value:
            end += 1
        if end == r + 1:
            out_row[keys_row[r] & index_mask] = reference[r]
        else:
            mean = (cumulative[end] - cumulative[r]) / (end - r)
            for q in range(r, end):
                out_row[keys_row[q] & index_mask] = mean
        r = end


@_jit
def map_sorted(keys, index_mask, block, reference, out):  # pragma: no cover - compiled
    """Give every value the reference value of its rank; tied values share the mean.

    ``keys`` as in :func:`sum_sorted`. Rows with NaN or out of order are left
    alone and flagged, as in :func:`sum_sorted`.
    """
    n_rows, n = keys.shape
    cumulative = _running_sum(reference)
    flagged = np.zeros(n_rows, dtype=np.bool_)
    gathered = np.empty(n)
    for i in range(n_rows):
        if not _gather_in_order(keys[i], index_mask, block[i], gathered):
            flagged[i] = True
            continue
        _map_row(gathered, keys[i], index_mask, reference, cumulative, out[i])
    return flagged


@_jit
def map_gathered(keys, index_mask, gathered, flagged, reference):  # pragma: no cover - compiled
    """:func:`map_sorted` for rows already gathered in order by :func:`sum_sorted`,
    in place: ``gathered[i]`` becomes the output row. Flagged rows are skipped."""
    n_rows, n = keys.shape
    cumulative = _running_sum(reference)
    sorted_row = np.empty(n)
    for i in range(n_rows):
        if flagged[i]:
            continue
        sorted_row[:] = gathered[i]  # a sequential copy: the row is overwritten below
        _map_row(sorted_row, keys[i], index_mask, reference, cumulative, gathered[i])
