"""Signal sources for TSS binning, held by reference: peaks (a table) and bigWig files.

An estimator parameter is cloned for every candidate of a search and shown by
``get_params``: a peaks table of a million rows should be neither. A track is
a reference: ``clone`` and ``deepcopy`` return the same object, so every
clone of a :class:`~sklearn_genexpr.preprocessing.TSSBinner` shares one
table; a :class:`BigWigTrack` pickles as its path and opens the file on first
use in each process (pyBigWig handles cannot be pickled).
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from ..utils._optional import require
from ._intervals import read_peaks
from ._reference import FileReference

__all__ = ["BigWigTrack", "PeakTrack"]

_SEGMENT = 1 << 24  # bases of a bigWig read at a time when summing (128 MB of float64)


class PeakTrack:
    """Peaks (BED / narrowPeak / bedGraph file or table), read once, shared by reference.

    Parameters
    ----------
    peaks : str, path-like or pandas.DataFrame
        A peak file (see :func:`read_peaks`) or a table with ``chrom``,
        ``start``, ``end`` and signal columns.

    See Also
    --------
    BigWigTrack : Signal from a bigWig file.
    sklearn_genexpr.preprocessing.TSSBinner : Bins a track's signal around TSSs.

    Examples
    --------
    >>> import pandas as pd
    >>> from sklearn.base import clone
    >>> from sklearn_genexpr.genomics import PeakTrack
    >>> from sklearn_genexpr.preprocessing import TSSBinner
    >>> track = PeakTrack(pd.DataFrame({"chrom": ["chr1"], "start": [10], "end": [20],
    ...                                 "signal": [1.0]}))
    >>> clone(TSSBinner(track)).peaks is track
    True
    """

    def __init__(self, peaks: Any) -> None:
        if not isinstance(peaks, (pd.DataFrame, str, os.PathLike)):
            raise TypeError(
                f"PeakTrack takes a peak file path or a DataFrame, got {type(peaks).__name__}."
            )
        self.peaks = peaks
        self._table: pd.DataFrame | None = None

    def table(self) -> pd.DataFrame:
        """The peaks as a table (a file is read on the first call).

        Returns
        -------
        peaks : pandas.DataFrame
            The peaks.
        """
        if self._table is None:
            self._table = (
                self.peaks if isinstance(self.peaks, pd.DataFrame) else read_peaks(self.peaks)
            )
        return self._table

    def __deepcopy__(self, memo: dict) -> PeakTrack:
        return self

    def __repr__(self) -> str:
        if isinstance(self.peaks, pd.DataFrame):
            return f"PeakTrack(<{len(self.peaks)} peaks>)"
        return f"PeakTrack({os.fspath(self.peaks)!r})"


class BigWigTrack(FileReference):
    """A bigWig signal file (ATAC / DNase coverage), read through pyBigWig on first use.

    Parameters
    ----------
    path : str or path-like
        The bigWig file.

    See Also
    --------
    PeakTrack : Signal from peaks.
    sklearn_genexpr.preprocessing.TSSBinner : Bins a track's signal around TSSs.

    Examples
    --------
    >>> from sklearn_genexpr.genomics import BigWigTrack
    >>> BigWigTrack("k562_dnase.bw")
    BigWigTrack('k562_dnase.bw')
    """

    def _reset(self) -> None:
        self._handle: Any = None

    def _open(self) -> Any:
        if self._handle is None:
            require("pyBigWig", extra="genomics", purpose="Reading a bigWig file")
            import pyBigWig

            if not os.path.exists(self.path):
                raise FileNotFoundError(f"No bigWig file at {self.path!r}.")
            handle = pyBigWig.open(self.path)
            if handle is None or not handle.isBigWig():
                raise ValueError(f"{self.path!r} is not a bigWig file.")
            self._handle = handle
        return self._handle

    @property
    def chromosomes(self) -> dict[str, int]:
        """Each chromosome's length, as the file's header gives it."""
        return dict(self._open().chroms())

    def bins(
        self, chrom: str, lows: np.ndarray, n_bins: int, bin_size: int, stat: str
    ) -> np.ndarray:
        """Per-bin signal of windows ``[low, low + n_bins * bin_size)`` in genome order.

        Parameters
        ----------
        chrom : str
            The chromosome of every window.
        lows : ndarray of int
            Each window's first position (0-based; may be negative).
        n_bins, bin_size : int
            The bins of every window.
        stat : {"sum", "mean", "max"}
            ``"sum"``: the signal summed over the bin's bases; ``"mean"``: that
            sum over the bin's width (bases without data count as 0);
            ``"max"``: the largest value in the bin.

        Returns
        -------
        bins : ndarray of shape (len(lows), n_bins), float64
            0 where the file has no data or the bin lies beyond the chromosome.
        """
        handle = self._open()
        lows = np.asarray(lows, dtype=np.int64)
        out = np.zeros((len(lows), n_bins))
        length = self.chromosomes.get(chrom)
        if length is None or len(lows) == 0:
            return out
        # every bin edge of every window, clipped to the chromosome
        edges = np.clip(lows[:, None] + bin_size * np.arange(n_bins + 1), 0, length)
        if stat == "max":
            for row in range(len(lows)):  # the largest base value of each bin
                start, end = int(edges[row, 0]), int(edges[row, -1])
                if end > start:
                    values = np.nan_to_num(handle.values(chrom, start, end, numpy=True), nan=0.0)
                    cuts = edges[row, :-1] - start
                    inside = edges[row, 1:] > edges[row, :-1]
                    out[row, inside] = np.maximum.reduceat(values, cuts[inside])
            return out
        # sums from prefix sums of the base values: the chromosome is read once, a
        # segment at a time (memory bounded), instead of once per window or bin
        wanted = np.unique(edges)
        prefix = np.empty(wanted.size)
        total, done = 0.0, 0
        for start in range(0, length, _SEGMENT):
            end = min(start + _SEGMENT, length)
            if done == wanted.size:
                break
            here = wanted[done:][wanted[done:] <= end]
            values = np.nan_to_num(handle.values(chrom, start, end, numpy=True), nan=0.0)
            cumulative = np.concatenate([[0.0], np.cumsum(values, dtype=np.float64)])
            prefix[done : done + here.size] = total + cumulative[here - start]
            total += cumulative[-1]
            done += here.size
        at = prefix[np.searchsorted(wanted, edges)]
        out[:] = at[:, 1:] - at[:, :-1]
        if stat == "mean":
            out /= bin_size
        return out
