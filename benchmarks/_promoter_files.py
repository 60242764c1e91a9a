"""Files in the format of the DREAM 2022 training set, generated for the benchmarks.

``sequence<TAB>expression`` lines: the library's constant flanks around a
random 80-mer (110 bp), expression as the challenge file writes it (integers
and floats with up to 15 digits). Written with numpy a block at a time, so a
6.7 M-row file takes seconds to make.
"""

from __future__ import annotations

import gzip

import numpy as np

FLANK_5P, FLANK_3P = b"TGCATTTTTTTCACATC", b"GGTTACGGCTGTT"
_BASES = np.frombuffer(b"ACGT", dtype=np.uint8)
_NUMBER_WIDTH = 16  # "15.1823836007871" is 16 characters


def write_promoter_file(path: str, n_rows: int, seed: int = 0, block_rows: int = 500_000) -> None:
    """Write ``n_rows`` random promoters with expression to ``path`` (gzip if it ends in .gz)."""
    rng = np.random.default_rng(seed)
    opener = gzip.open if str(path).endswith(".gz") else open
    kwargs = {"compresslevel": 1} if str(path).endswith(".gz") else {}
    width = len(FLANK_5P) + 80 + len(FLANK_3P)
    with opener(path, "wb", **kwargs) as handle:
        for first in range(0, n_rows, block_rows):
            rows = min(block_rows, n_rows - first)
            line = np.empty((rows, width + 1 + _NUMBER_WIDTH + 1), dtype=np.uint8)
            line[:, : len(FLANK_5P)] = np.frombuffer(FLANK_5P, dtype=np.uint8)
            line[:, len(FLANK_5P) : len(FLANK_5P) + 80] = _BASES[rng.integers(0, 4, (rows, 80))]
            line[:, len(FLANK_5P) + 80 : width] = np.frombuffer(FLANK_3P, dtype=np.uint8)
            line[:, width] = ord("\t")
            # numbers right-padded with spaces (the reader allows them): fixed width
            values = rng.uniform(0, 17, rows)
            text = np.char.ljust(np.char.mod("%.13f", values), _NUMBER_WIDTH)
            line[:, width + 1 : -1] = np.frombuffer(
                text.astype(f"S{_NUMBER_WIDTH}").tobytes(), np.uint8
            ).reshape(rows, -1)
            line[:, -1] = ord("\n")
            handle.write(line.tobytes())
