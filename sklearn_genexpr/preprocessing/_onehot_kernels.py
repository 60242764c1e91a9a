"""Compiled loops of DNAOneHotEncoder: a one-hot comparison written in output order.

Imported lazily (numba); the tables and the meaning of the codes come from the caller.
"""

from __future__ import annotations

from ..utils._jit import jit as _jit

__all__ = ["onehot_channels_first", "onehot_channels_last"]


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
