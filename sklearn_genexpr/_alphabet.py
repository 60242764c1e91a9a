"""The DNA alphabet: the one place that knows bases, IUPAC codes and complements.

Every transformer of the package turns sequences into small integer *codes*
through this module and nothing else, so that the one-hot encoder, the k-mer
vectorizer and the reverse-complement augmenter can never disagree about what a
base is, which base pairs with which, or what an ambiguity code means.

Codes
-----
====  ====  ======================================
code  char  meaning
====  ====  ======================================
0-3   ACGT  the four bases (the canonical order)
4     N     any base
5-14  ...   the other IUPAC codes ``RYSWKMBDHV``
15    (pad) a position outside the sequence
255   (bad) a character that is not DNA
====  ====  ======================================

Lower case (soft-masked) input is accepted everywhere and encoded like upper
case.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "BASES",
    "IUPAC_CODES",
    "IUPAC_BASES",
    "PAD_CODE",
    "INVALID_CODE",
    "ENCODE_TABLE",
    "COMPLEMENT_CODES",
    "BASE_FRACTIONS",
    "DECODE_TABLE",
    "check_alphabet",
    "encode_joined",
    "codes_to_matrix",
    "decode_matrix",
    "reverse_complement_strings",
    "sequence_of_offset",
]

#: The four DNA bases in the canonical (lexicographic) order.
BASES = "ACGT"

#: All accepted codes in code order: the bases, then N, then the other IUPAC codes.
IUPAC_CODES = "ACGTNRYSWKMBDHV"

#: Which bases each IUPAC code stands for.
IUPAC_BASES = {
    "A": "A", "C": "C", "G": "G", "T": "T", "N": "ACGT",
    "R": "AG", "Y": "CT", "S": "CG", "W": "AT", "K": "GT", "M": "AC",
    "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG",
}  # fmt: skip

_COMPLEMENT_CHARS = {
    "A": "T", "C": "G", "G": "C", "T": "A", "N": "N",
    "R": "Y", "Y": "R", "S": "S", "W": "W", "K": "M", "M": "K",
    "B": "V", "V": "B", "D": "H", "H": "D",
}  # fmt: skip

#: Code of a position that lies outside the sequence (padding).
PAD_CODE = 15
#: Code of a character that is not DNA.
INVALID_CODE = 255
N_CODES = 16  # 15 IUPAC codes + padding


def _build_encode_table() -> np.ndarray:
    table = np.full(256, INVALID_CODE, dtype=np.uint8)
    for code, char in enumerate(IUPAC_CODES):
        table[ord(char)] = code
        table[ord(char.lower())] = code
    return table


def _build_complement_codes() -> np.ndarray:
    complement = np.empty(N_CODES, dtype=np.uint8)
    for code, char in enumerate(IUPAC_CODES):
        complement[code] = IUPAC_CODES.index(_COMPLEMENT_CHARS[char])
    complement[PAD_CODE] = PAD_CODE
    return complement


def _build_base_fractions() -> np.ndarray:
    fractions = np.zeros((N_CODES, 4), dtype=np.float64)
    for code, char in enumerate(IUPAC_CODES):
        bases = IUPAC_BASES[char]
        for base in bases:
            fractions[code, BASES.index(base)] = 1.0 / len(bases)
    return fractions  # the padding row stays all zero


#: ASCII byte -> code; ``INVALID_CODE`` for anything that is not DNA.
ENCODE_TABLE = _build_encode_table()
#: code -> code of the complementary base (padding stays padding).
COMPLEMENT_CODES = _build_complement_codes()
#: code -> probability of each of A, C, G, T (rows sum to 1; padding is all 0).
BASE_FRACTIONS = _build_base_fractions()
#: code -> upper-case ASCII byte; padding decodes to ``N``.
DECODE_TABLE = np.frombuffer((IUPAC_CODES + "N").encode("ascii"), dtype=np.uint8)

# str.translate table that complements every IUPAC character, keeping its case.
_COMPLEMENT_TRANSLATION = str.maketrans(
    "".join(_COMPLEMENT_CHARS) + "".join(_COMPLEMENT_CHARS).lower(),
    "".join(_COMPLEMENT_CHARS.values()) + "".join(_COMPLEMENT_CHARS.values()).lower(),
)


def check_alphabet(alphabet: str) -> np.ndarray:
    """Validate a channel order and return the base code of each channel.

    Parameters
    ----------
    alphabet : str
        A permutation of ``"ACGT"`` (upper case), e.g. ``"AGCT"``.

    Returns
    -------
    channel_codes : ndarray of shape (4,), dtype uint8
        ``channel_codes[j]`` is the code of the base shown in channel ``j``.
    """
    if not isinstance(alphabet, str) or sorted(alphabet) != sorted(BASES):
        raise ValueError(
            f"alphabet must be a permutation of 'ACGT' such as 'ACGT' or 'AGCT', "
            f"got {alphabet!r}."
        )
    return np.array([BASES.index(base) for base in alphabet], dtype=np.uint8)


def sequence_of_offset(lengths: np.ndarray, offset: int) -> tuple[int, int]:
    """Map an offset in the joined sequences to (sequence index, position)."""
    ends = np.cumsum(lengths)
    index = int(np.searchsorted(ends, offset, side="right"))
    start = int(ends[index - 1]) if index > 0 else 0
    return index, offset - start


def _raise_invalid_character(
    seqs: list[str], lengths: np.ndarray, offset: int
) -> None:
    index, position = sequence_of_offset(lengths, offset)
    char = seqs[index][position]
    raise ValueError(
        f"Invalid character {char!r} at position {position} of sequence {index}: "
        f"expected one of A, C, G, T or an IUPAC ambiguity code "
        f"({IUPAC_CODES[4:]}), upper or lower case."
    )


def encode_joined(seqs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Encode sequences into one flat array of codes.

    Parameters
    ----------
    seqs : list of str
        Validated sequences (see :func:`sklearn_genexpr.utils.check_sequences`).

    Returns
    -------
    codes : ndarray of shape (sum of lengths,), dtype uint8
        The codes of all sequences, one after the other.
    lengths : ndarray of shape (n_sequences,), dtype int64
        The length of each sequence.

    Raises
    ------
    ValueError
        Naming the first character that is not DNA and the sequence it is in.
    """
    lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
    joined = "".join(seqs)
    try:
        raw = joined.encode("ascii")
    except UnicodeEncodeError as exc:
        _raise_invalid_character(seqs, lengths, exc.start)
    codes = ENCODE_TABLE[np.frombuffer(raw, dtype=np.uint8)]
    # A full scan for invalid codes; .max() is a cheap single pass.
    if codes.size and codes.max() == INVALID_CODE:
        _raise_invalid_character(
            seqs, lengths, int(np.argmax(codes == INVALID_CODE))
        )
    return codes, lengths


_PLACEMENTS = ("left", "right", "center")


def _offsets_for(excess: np.ndarray, side: str) -> np.ndarray:
    """How many positions to drop (or pad) at the start of each sequence."""
    if side == "right":  # keep the start, drop/pad at the right end
        return np.zeros_like(excess)
    if side == "left":  # keep the end, drop/pad at the left end
        return excess
    return excess // 2  # center: split, the odd one out at the right end


def codes_to_matrix(
    codes: np.ndarray,
    lengths: np.ndarray,
    length: int | None = None,
    *,
    padding: str = "right",
    truncation: str = "right",
) -> np.ndarray:
    """Arrange flat codes into an ``(n_sequences, length)`` matrix.

    Parameters
    ----------
    codes, lengths : ndarray
        As returned by :func:`encode_joined`.
    length : int or None
        Width of the matrix. ``None`` requires all sequences to have one length.
    padding : {"right", "left", "center"}
        Where short sequences are padded with ``PAD_CODE``.
    truncation : {"right", "left", "center"}
        Where long sequences lose positions.

    Returns
    -------
    matrix : ndarray of shape (n_sequences, length), dtype uint8
    """
    n = lengths.shape[0]
    if length is None:
        unique = np.unique(lengths)
        if unique.size > 1:
            shown = ", ".join(map(str, unique[:10])) + (", ..." if unique.size > 10 else "")
            raise ValueError(
                f"Sequences have different lengths ({shown}); set `length` to pad "
                f"or trim them to one length."
            )
        length = int(unique[0]) if unique.size else 0
    if n == 0 or np.all(lengths == length):
        return codes.reshape(n, length)

    if padding not in _PLACEMENTS or truncation not in _PLACEMENTS:
        raise ValueError(
            f"padding and truncation must be one of {_PLACEMENTS}, "
            f"got {padding!r} and {truncation!r}."
        )
    excess = lengths - length
    # Source offset: positions dropped at the start of a long sequence.
    src_start = np.where(excess > 0, _offsets_for(np.maximum(excess, 0), truncation), 0)
    # Destination offset: padding put before a short sequence.
    dst_start = np.where(excess < 0, _offsets_for(np.maximum(-excess, 0), padding), 0)

    seq_index = np.repeat(np.arange(n), lengths)
    starts = np.cumsum(lengths) - lengths
    position = np.arange(codes.shape[0]) - np.repeat(starts, lengths)
    column = position - np.repeat(src_start - dst_start, lengths)
    keep = (column >= 0) & (column < length)

    matrix = np.full((n, length), PAD_CODE, dtype=np.uint8)
    matrix[seq_index[keep], column[keep]] = codes[keep]
    return matrix


def decode_matrix(matrix: np.ndarray) -> np.ndarray:
    """Turn an ``(n, L)`` code matrix back into an array of upper-case strings.

    Padding decodes to ``N``.
    """
    n, length = matrix.shape
    if length == 0:
        return np.array([""] * n, dtype="<U1")
    raw = np.ascontiguousarray(DECODE_TABLE[matrix]).tobytes()
    return np.frombuffer(raw, dtype=f"S{length}").astype(f"<U{length}")


def reverse_complement_strings(seqs: list[str]) -> list[str]:
    """Reverse-complement validated sequences, IUPAC-aware, keeping case.

    The whole batch is translated and reversed as one string, then cut back
    into sequences (the last sequence is now first), which is much faster
    than a Python loop over the sequences.
    """
    if not seqs:
        return []
    reversed_all = "".join(seqs).translate(_COMPLEMENT_TRANSLATION)[::-1]
    lengths = [len(s) for s in reversed(seqs)]
    out = []
    start = 0
    for length in lengths:
        out.append(reversed_all[start : start + length])
        start += length
    out.reverse()
    return out
