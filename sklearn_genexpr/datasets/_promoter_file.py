"""Read a full promoter-expression file into 1-byte codes: DREAM 2022, de Boer 2020.

The challenge's training file has 6.7 M lines of ``sequence<TAB>expression``.
Read with pandas or line by line, every sequence becomes a Python string
(~8 GB for 6.7 M of them); here the file is read in blocks, a compiled loop
copies each line's sequence bytes into one preallocated buffer and parses its
number, and the sequence core turns the bytes into codes in place, so the
sequences end as :class:`~sklearn_genexpr.EncodedSequences`, one byte a
position.
"""

from __future__ import annotations

import gzip
import os
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params

from .._alphabet import ENCODE_TABLE, EncodedSequences, compiled_encode_ascii, sequence_of_offset
from ..utils._validation import reject_bools

__all__ = ["load_promoter_file"]

_BLOCK_BYTES = 1 << 23  # 8 MB of text a block: amortises a call, adds little to the peak
_GZIP_MAGIC = b"\x1f\x8b"
_PROBLEMS = {
    2: "no tab between the sequence and the expression",
    3: "the expression is not a number",
    4: "the sequence is empty",
    5: "more than 2 tab-separated fields (expected sequence, expression)",
}


def _open(path: str) -> Any:
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == _GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else open(path, "rb")


def _text_size(path: str) -> int:
    """The file's uncompressed size: gzip's trailer holds it modulo 4 GiB."""
    size = os.path.getsize(path)
    with open(path, "rb") as handle:
        if handle.read(2) != _GZIP_MAGIC or size < 18:
            return size
        handle.seek(-4, os.SEEK_END)
        trailer = int.from_bytes(handle.read(4), "little")
    return max(trailer, size)  # a wrapped trailer (over 4 GiB) is smaller than the file


def _grown(array: np.ndarray, size: int) -> np.ndarray:
    grown = np.empty(size, dtype=array.dtype)
    grown[: array.size] = array
    return grown


def _read(
    path: str, skiprows: int, max_rows: int | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from ._promoter_file_kernels import FULL, INEXACT_NUMBER, OK, split_records

    encode = compiled_encode_ascii()
    last_row = np.iinfo(np.int64).max if max_rows is None else max_rows
    capacity = _text_size(path)
    sequences = np.empty(capacity, dtype=np.uint8)
    lengths = np.empty(0, dtype=np.int64)
    targets = np.empty(0, dtype=np.float64)
    row = position = 0
    with _open(path) as handle:
        for line in range(skiprows):
            if not handle.readline():
                raise ValueError(f"{path}: the file has only {line} lines; skiprows={skiprows}.")
        pending = b""
        while row < last_row:
            chunk = handle.read(_BLOCK_BYTES)
            if not chunk and not pending:
                break
            text = pending + chunk if chunk else pending + b"\n"  # the last line may lack one
            block = np.frombuffer(text, dtype=np.uint8)
            if lengths.size == 0:  # rows expected from the first block's mean line length
                lines = max(int(np.count_nonzero(block == 10)), 1)
                expected = int(capacity / (block.size / lines) * 1.02) + 1024
                lengths = np.empty(min(expected, last_row), dtype=np.int64)
                targets = np.empty(lengths.size, dtype=np.float64)
            start_row, start_position, consumed = row, position, 0
            while True:
                done, row, position, status = split_records(
                    block[consumed:], sequences, position, lengths, targets, row, last_row
                )
                consumed += done
                if status == OK:
                    break
                if status == INEXACT_NUMBER:  # read by Python, correctly rounded
                    line_end = text.index(b"\n", consumed)
                    sequence, number = text[consumed:line_end].split(b"\t")
                    sequences[position : position + len(sequence)] = np.frombuffer(
                        sequence, np.uint8
                    )
                    lengths[row], targets[row] = len(sequence), float(number)
                    row, position, consumed = row + 1, position + len(sequence), line_end + 1
                    continue
                if status != FULL:
                    bad_line = text[consumed:].split(b"\n", 1)[0][:80]
                    raise ValueError(
                        f"{path}, line {skiprows + row + 1}: {_PROBLEMS[status]}: {bad_line!r}."
                    )
                if row == lengths.size:
                    lengths = _grown(lengths, min(2 * lengths.size, last_row))
                    targets = _grown(targets, lengths.size)
                else:
                    sequences = _grown(sequences, sequences.size + sequences.size // 4 + block.size)
            # the block's sequence bytes become codes where they lie (the core's encoder)
            codes, first_invalid = encode(sequences[start_position:position], ENCODE_TABLE)
            if first_invalid >= 0:
                index, offset = sequence_of_offset(lengths[start_row:row], first_invalid)
                character = chr(int(sequences[start_position + first_invalid]))
                raise ValueError(
                    f"{path}, line {skiprows + start_row + index + 1}: invalid character "
                    f"{character!r} at position {offset} of the sequence: expected A, C, G, "
                    f"T or an IUPAC ambiguity code."
                )
            sequences[start_position:position] = codes
            pending = text[consumed:] if chunk else b""
            if not chunk:
                break
    if row == 0:
        raise ValueError(f"{path}: no sequence found (after skiprows={skiprows}).")
    sequences.resize(position, refcheck=False)  # gives back the unused tail in place
    lengths.resize(row, refcheck=False)
    targets.resize(row, refcheck=False)
    return sequences, lengths, targets


_LOAD_CONSTRAINTS: dict = {
    "path": [str, os.PathLike],
    "skiprows": [Interval(Integral, 0, None, closed="left")],
    "max_rows": [Interval(Integral, 1, None, closed="left"), None],
    "return_X_y": ["boolean"],
    "as_frame": ["boolean"],
}


@validate_params(_LOAD_CONSTRAINTS, prefer_skip_nested_validation=True)
def load_promoter_file(
    path: str | os.PathLike,
    *,
    skiprows: int = 0,
    max_rows: int | None = None,
    return_X_y: bool = False,
    as_frame: bool = False,
) -> Any:
    """Load a ``sequence<TAB>expression`` file, such as the full DREAM 2022 training set.

    The format of the DREAM 2022 challenge's ``train_sequences.txt`` (6.7 M
    yeast promoters, Zenodo record 10633252) and of de Boer et al. 2020's
    expression files (GEO GSE104878): one promoter a line, its sequence and
    its expression separated by a tab, no header. The file may be gzip- or
    bgzip-compressed (detected from its first bytes) and have ``\\r\\n`` line
    endings. The sequences are read into :class:`~sklearn_genexpr.EncodedSequences`
    (one byte a position, never a Python string a row), which the sequence
    networks, :class:`~sklearn_genexpr.preprocessing.DNAOneHotEncoder` and
    :class:`~sklearn_genexpr.preprocessing.KmerVectorizer` take as they are.

    Read more in the :ref:`User Guide <training-at-scale>`.

    Parameters
    ----------
    path : str or path-like
        The file.
    skiprows : int, default=0
        Lines to skip at the start (a header).
    max_rows : int or None, default=None
        Read at most this many promoters (the first ones).
    return_X_y : bool, default=False
        Return ``(data, target)`` instead of a Bunch.
    as_frame : bool, default=False
        ``data`` as a pandas Series of str (this decodes every sequence: for
        files that fit in memory as strings), ``target`` as a Series, and
        ``frame`` both side by side.

    Returns
    -------
    data : Bunch
        ``data`` (:class:`~sklearn_genexpr.EncodedSequences`), ``target``
        (float64 array of shape (n_promoters,); ``NA`` or ``NaN`` in the file
        read as NaN), ``frame`` (with ``as_frame``), ``filename``.
    (data, target) : tuple if ``return_X_y``
        The features and the target alone.

    Raises
    ------
    ValueError
        Naming the file and line of a line without a tab, with more than two
        fields, an empty sequence, an expression that is not a number, or a
        character that is not DNA (and its position in the sequence).

    See Also
    --------
    load_yeast_libraries : The samples of these libraries shipped with the package.

    Examples
    --------
    >>> import gzip, os, tempfile
    >>> from sklearn_genexpr.datasets import load_promoter_file
    >>> path = os.path.join(tempfile.mkdtemp(), "train_sequences.txt.gz")
    >>> with gzip.open(path, "wt") as f:
    ...     _ = f.write("TGCATTTTTTTCACATCAGC\\t11.5\\nTGCATTTTTTTCACATCGGA\\t4\\n")
    >>> X, y = load_promoter_file(path, return_X_y=True)
    >>> X
    EncodedSequences(2 sequences of 20 bp, 40 bytes of codes)
    >>> y
    array([11.5,  4. ])
    """
    reject_bools(_LOAD_CONSTRAINTS, {"skiprows": skiprows, "max_rows": max_rows},
                 owner="load_promoter_file")  # fmt: skip
    path = os.fspath(path)
    codes, lengths, target = _read(path, skiprows, max_rows)
    data: Any = EncodedSequences(codes, lengths)
    frame = None
    if as_frame:
        data = pd.Series(data.tolist(), name="sequence", dtype=object)
        target = pd.Series(target, name="expression")
        frame = pd.concat([data, target], axis=1)
    if return_X_y:
        return data, target
    return Bunch(data=data, target=target, frame=frame, filename=path)
