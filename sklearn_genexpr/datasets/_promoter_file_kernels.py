"""Compiled loop that splits a block of ``sequence<TAB>expression`` lines.

Imported lazily (it imports numba through :mod:`sklearn_genexpr.utils._jit`).
It only moves bytes and parses numbers: the sequence bytes are turned into
codes by the sequence core afterwards (:func:`sklearn_genexpr._alphabet.compiled_encode_ascii`).
"""

from __future__ import annotations

import numpy as np

from ..utils._jit import jit

__all__ = [
    "split_records",
    "OK",
    "FULL",
    "NO_TAB",
    "BAD_NUMBER",
    "EMPTY_SEQUENCE",
    "EXTRA_FIELD",
    "INEXACT_NUMBER",
]

OK, FULL, NO_TAB, BAD_NUMBER, EMPTY_SEQUENCE, EXTRA_FIELD, INEXACT_NUMBER = range(7)
_TAB, _NEWLINE, _RETURN, _SPACE = 9, 10, 13, 32
# Powers of ten are exact in float64 up to 1e22 and integers up to 2**53, so a
# mantissa below 2**53 scaled by one of them is correctly rounded, as Python's
# float() is (Clinger's fast path). Other numbers (16 or more digits, large
# exponents) are left to float(): rare in these files, and never 1 ulp off.
_EXACT_POWERS = np.array([10.0**i for i in range(23)])
_EXACT_MANTISSA = 2**53


@jit
def _parse_number(block: np.ndarray, start: int, end: int) -> tuple[float, int]:
    """The decimal number in ``block[start:end]`` (spaces around allowed; NA/NaN -> NaN).

    Returns the value and ``OK``, ``BAD_NUMBER``, or ``INEXACT_NUMBER`` for a
    well-formed number outside the exact fast path.
    """
    while start < end and block[start] == _SPACE:
        start += 1
    while end > start and block[end - 1] == _SPACE:
        end -= 1
    if start == end:
        return 0.0, BAD_NUMBER
    width = end - start
    if width in (2, 3):  # NA, NaN, nan
        first, second = block[start] | 32, block[start + 1] | 32
        if first == 110 and second == 97 and (width == 2 or block[start + 2] | 32 == 110):
            return np.nan, OK
    negative = block[start] == 45
    if block[start] == 45 or block[start] == 43:
        start += 1
    mantissa, exponent, digits, significant, seen_point = 0, 0, 0, 0, False
    i = start
    while i < end:
        byte = block[i]
        if 48 <= byte <= 57:
            digits += 1
            if significant < 18:
                if mantissa or byte != 48:
                    significant += 1
                mantissa = mantissa * 10 + (byte - 48)
                if seen_point:
                    exponent -= 1
            elif not seen_point:  # digits beyond the 18th only scale the number
                exponent += 1
        elif byte == 46 and not seen_point:
            seen_point = True
        else:
            break
        i += 1
    if digits == 0:
        return 0.0, BAD_NUMBER
    if i < end:  # an exponent, or nothing else
        if block[i] | 32 != 101 or i + 1 == end:
            return 0.0, BAD_NUMBER
        i += 1
        exponent_negative = block[i] == 45
        if block[i] == 45 or block[i] == 43:
            i += 1
        if i == end:
            return 0.0, BAD_NUMBER
        written = 0
        while i < end:
            byte = block[i]
            if not 48 <= byte <= 57:
                return 0.0, BAD_NUMBER
            written = min(written * 10 + (byte - 48), 100000)
            i += 1
        exponent += -written if exponent_negative else written
    if mantissa >= _EXACT_MANTISSA or not -22 <= exponent <= 22:
        return 0.0, INEXACT_NUMBER
    value = float(mantissa)
    value = value * _EXACT_POWERS[exponent] if exponent >= 0 else value / _EXACT_POWERS[-exponent]
    return -value if negative else value, OK


@jit
def split_records(
    block: np.ndarray,
    sequences: np.ndarray,
    position: int,
    lengths: np.ndarray,
    targets: np.ndarray,
    row: int,
    last_row: int,
) -> tuple[int, int, int, int]:
    """Copy the complete lines of ``block`` into the output buffers.

    Each line is ``sequence<TAB>number`` (``\\r\\n`` endings too). Its sequence
    bytes go to ``sequences[position:]``, its length to ``lengths[row]`` and its
    number to ``targets[row]``; the loop stops at the block's last newline, at
    ``last_row`` rows, when a buffer is full or at the first malformed line.

    Returns
    -------
    consumed : int
        Bytes of ``block`` read (the start of the line that stopped it).
    row, position : int
        Rows and sequence bytes written so far.
    status : int
        ``OK`` (all complete lines read, or ``last_row`` reached), ``FULL``,
        ``INEXACT_NUMBER`` (the line at ``consumed`` is for the caller to read,
        with room for it in the buffers), or the kind of malformed line found
        at ``consumed``.
    """
    i, n = 0, block.shape[0]
    while i < n and row < last_row:
        newline = i
        while newline < n and block[newline] != _NEWLINE:
            newline += 1
        if newline == n:
            break  # a partial line: the next block completes it
        end = newline - 1 if newline > i and block[newline - 1] == _RETURN else newline
        tab = i
        while tab < end and block[tab] != _TAB:
            tab += 1
        if tab == end:
            return i, row, position, NO_TAB
        if tab == i:
            return i, row, position, EMPTY_SEQUENCE
        for j in range(tab + 1, end):
            if block[j] == _TAB:
                return i, row, position, EXTRA_FIELD
        if row == lengths.shape[0] or position + (tab - i) > sequences.shape[0]:
            return i, row, position, FULL
        value, parsed = _parse_number(block, tab + 1, end)
        if parsed != OK:
            return i, row, position, parsed
        for j in range(i, tab):
            sequences[position + j - i] = block[j]
        position += tab - i
        lengths[row] = tab - i
        targets[row] = value
        row += 1
        i = newline + 1
    return i, row, position, OK
