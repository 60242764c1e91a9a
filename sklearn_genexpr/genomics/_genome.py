"""A genome FASTA read through pyfaidx: indexed, random access, chromosomes as codes.

:class:`Genome` is a reference to a file, not a copy of it: ``clone``,
``deepcopy`` and pickling keep the path (a search clones its estimators'
parameters once per candidate; a genome must not be copied each time) and
the pyfaidx index is opened on first use in each process.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Any

import numpy as np

from .._alphabet import ENCODE_TABLE, compiled_encode_ascii
from ..utils._optional import require
from ._reference import FileReference

__all__ = ["Genome"]

# Codes of recently read chromosomes kept per Genome (the largest human chromosome is 249 MB)
_CACHE_BYTES = 1 << 30


class Genome(FileReference):
    """A genome FASTA file (plain, or bgzip-compressed as pyfaidx reads it), indexed.

    Parameters
    ----------
    path : str or path-like
        The FASTA file; pyfaidx writes its ``.fai`` index beside it on first
        use if there is none.

    Attributes
    ----------
    path : str
        The file.

    Examples
    --------
    >>> import os, tempfile
    >>> from sklearn_genexpr.genomics import Genome
    >>> path = os.path.join(tempfile.mkdtemp(), "toy.fa")
    >>> with open(path, "w") as f:
    ...     _ = f.write(">chr1\\nACGTACGTAC\\n>chr2\\nGGGCCC\\n")
    >>> genome = Genome(path)
    >>> genome.lengths
    {'chr1': 10, 'chr2': 6}
    >>> genome.codes("chr2")
    array([2, 2, 2, 1, 1, 1], dtype=uint8)
    """

    def _reset(self) -> None:
        self._fasta: Any = None
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _open(self) -> Any:
        if self._fasta is None:
            require("pyfaidx", extra="genomics", purpose="Reading a genome FASTA")
            import pyfaidx

            if not os.path.exists(self.path):
                raise FileNotFoundError(f"No genome FASTA at {self.path!r}.")
            try:
                self._fasta = pyfaidx.Fasta(self.path, as_raw=True, sequence_always_upper=False)
            except Exception as error:  # pyfaidx raises its own types for bad files
                raise ValueError(f"{self.path!r} cannot be read as FASTA: {error}") from error
        return self._fasta

    @property
    def lengths(self) -> dict[str, int]:
        """Each chromosome's length, in the file's order."""
        fasta = self._open()
        return {name: len(fasta[name]) for name in fasta.keys()}

    def check_chromosomes(self, names: Any, where: str) -> None:
        """Raise ``ValueError`` naming the chromosomes not in this genome, and its own.

        Parameters
        ----------
        names : iterable of str
            Chromosome names to look up.
        where : str
            What names them, for the message (``"The regions table"``).
        """
        known = self.lengths
        unknown = sorted(set(map(str, names)) - set(known))
        if unknown:
            shown = ", ".join(list(known)[:8]) + (", ..." if len(known) > 8 else "")
            raise ValueError(
                f"{where} names chromosome(s) {unknown[:5]} that {self.path!r} does not have; "
                f"its chromosomes: {shown}."
            )

    def codes(self, chrom: str) -> np.ndarray:
        """The codes of one whole chromosome (the sequence core's: 0-3 ACGT, 4 N, ...).

        Parameters
        ----------
        chrom : str
            A chromosome of the file.

        Returns
        -------
        codes : ndarray of shape (chromosome length,), dtype uint8
            The chromosome, one code a base (read-only: kept for later calls,
            up to 1 GiB of chromosomes a genome).
        """
        if chrom in self._cache:  # repeated transforms (a search) read a chromosome once
            self._cache.move_to_end(chrom)
            return self._cache[chrom]
        self.check_chromosomes([chrom], "The request")
        text = str(self._open()[chrom][:])
        raw = np.frombuffer(text.encode("ascii", errors="replace"), dtype=np.uint8)
        codes, first_invalid = compiled_encode_ascii()(raw, ENCODE_TABLE)
        if first_invalid >= 0:
            raise ValueError(
                f"{self.path!r}: chromosome {chrom!r} holds {chr(raw[first_invalid])!r} at "
                f"position {first_invalid}, which is not DNA."
            )
        codes.flags.writeable = False  # shared by every caller
        self._cache[chrom] = codes
        while sum(c.nbytes for c in self._cache.values()) > _CACHE_BYTES and len(self._cache) > 1:
            self._cache.popitem(last=False)
        return codes


def as_genome(genome: Any) -> Genome:
    """A :class:`Genome` from a path or a Genome."""
    if isinstance(genome, Genome):
        return genome
    if isinstance(genome, (str, os.PathLike)):
        return Genome(genome)
    raise TypeError(f"genome must be a FASTA path or a Genome, got {type(genome).__name__}.")
