"""Compiled loop of the region extractor: windows of a chromosome's codes, N beyond its ends.

Imported lazily (numba).
"""

from __future__ import annotations

from ..utils._jit import jit as _jit

__all__ = ["allele_windows", "first_ref_mismatch", "window_codes"]

_N_CODE = 4  # the sequence core's code of N


@_jit
def window_codes(chrom_codes, rows, lows, lengths, offsets, out):  # pragma: no cover - compiled
    """Copy ``chrom_codes[low : low + length]`` of each region into ``out[offset:]``.

    Positions before 0 or past the chromosome's end become N.
    """
    size = chrom_codes.shape[0]
    for r in range(rows.shape[0]):
        i = rows[r]
        low, start, length = lows[i], offsets[i], lengths[i]
        if low >= 0 and low + length <= size:  # nearly every window: one slice copy
            out[start : start + length] = chrom_codes[low : low + length]
            continue
        for j in range(length):
            position = low + j
            out[start + j] = chrom_codes[position] if 0 <= position < size else _N_CODE


@_jit
def allele_windows(  # pragma: no cover - compiled
    chrom_codes, starts, left, ref_lengths, alleles, allele_offsets, allele_lengths, width, out
):
    """Windows of ``width`` codes with an allele in place of the reference allele.

    Row ``i``: ``left[i]`` genome bases before ``starts[i]``, the allele
    (``alleles[allele_offsets[i]:][:allele_lengths[i]]``), then the genome from
    ``starts[i] + ref_lengths[i]`` on until the window is full. N beyond the
    chromosome's ends. ``out`` is ``(n, width)``.
    """
    size = chrom_codes.shape[0]
    for i in range(starts.shape[0]):
        j = 0
        for position in range(starts[i] - left[i], starts[i]):
            out[i, j] = chrom_codes[position] if 0 <= position < size else _N_CODE
            j += 1
        for k in range(allele_lengths[i]):
            out[i, j] = alleles[allele_offsets[i] + k]
            j += 1
        position = starts[i] + ref_lengths[i]
        while j < width:
            out[i, j] = chrom_codes[position] if 0 <= position < size else _N_CODE
            position += 1
            j += 1


@_jit
def first_ref_mismatch(
    chrom_codes, starts, ref_codes, ref_offsets, ref_lengths
):  # pragma: no cover
    """The first row whose REF codes differ from the genome at its start (-1: none)."""
    size = chrom_codes.shape[0]
    for i in range(starts.shape[0]):
        if starts[i] + ref_lengths[i] > size:
            return i
        for k in range(ref_lengths[i]):
            if chrom_codes[starts[i] + k] != ref_codes[ref_offsets[i] + k]:
                return i
    return -1
