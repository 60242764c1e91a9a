"""The sequence core: the one place that knows bases, IUPAC codes and strands.

Every part of the package turns sequences into small integer *codes* through
:func:`encode_sequences` and flips strands through the functions of this module
and nothing else, so that the one-hot encoder, the k-mer vectorizer, the
reverse-complement augmenter, the generators and the networks' strand
augmentation and averaging can never disagree about what a base is, which base
pairs with which, or what an ambiguity code means. Every complement here is
derived from one table, ``COMPLEMENT_CODES``.

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

from typing import Any

import numpy as np

from .utils._validation import check_sequences

__all__ = [
    "BASES",
    "IUPAC_CODES",
    "IUPAC_BASES",
    "PAD_CODE",
    "INVALID_CODE",
    "ENCODE_TABLE",
    "COMPLEMENT_CODES",
    "decode_codes",
    "decode_joined",
    "BASE_FRACTIONS",
    "check_alphabet",
    "complement_channels",
    "encode_sequences",
    "encode_joined",
    "codes_to_matrix",
    "common_length",
    "reverse_complement_codes",
    "reverse_complement_joined",
    "reverse_complement_onehot",
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


def _build_complement_bytes() -> np.ndarray:
    # ASCII byte -> byte of the complementary base in the same case, derived
    # from COMPLEMENT_CODES so that strings and codes flip the same way.
    table = np.arange(256, dtype=np.uint8)
    for code, char in enumerate(IUPAC_CODES):
        partner = IUPAC_CODES[COMPLEMENT_CODES[code]]
        table[ord(char)] = ord(partner)
        table[ord(char.lower())] = ord(partner.lower())
    return table


_COMPLEMENT_BYTES = _build_complement_bytes()


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
            f"alphabet must be a permutation of 'ACGT' such as 'ACGT' or 'AGCT', got {alphabet!r}."
        )
    return np.array([BASES.index(base) for base in alphabet], dtype=np.uint8)


def sequence_of_offset(lengths: np.ndarray, offset: int) -> tuple[int, int]:
    """Map an offset in the joined sequences to (sequence index, position)."""
    ends = np.cumsum(lengths)
    index = int(np.searchsorted(ends, offset, side="right"))
    start = int(ends[index - 1]) if index > 0 else 0
    return index, offset - start


def _raise_invalid_character(seqs: list[str], lengths: np.ndarray, offset: int) -> None:
    index, position = sequence_of_offset(lengths, offset)
    char = seqs[index][position]
    raise ValueError(
        f"Invalid character {char!r} at position {position} of sequence {index}: "
        f"expected one of A, C, G, T or an IUPAC ambiguity code "
        f"({IUPAC_CODES[4:]}), upper or lower case."
    )


def _encode_ascii(raw: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, int]:
    """Codes of ASCII bytes and the offset of the first byte that is not DNA (-1: none).

    Plain Python, compiled on first use by :func:`compiled_encode_ascii`
    (numba, imported then). Input of only ``ACGTacgt`` - nearly all input -
    takes a branch-free pass that vectorises: the 2-bit code of these letters
    is ``((byte >> 1) ^ (byte >> 2)) & 3`` (A=0, C=1, G=2, T=3, either case;
    ``tests/test_alphabet.py`` holds it against ``ENCODE_TABLE``). Anything
    else (IUPAC codes, bad characters) goes through the table.
    """
    out = np.empty(raw.size, dtype=np.uint8)
    other = np.uint8(0)
    for i in range(raw.size):
        byte = raw[i]
        upper = byte & np.uint8(0xDF)
        out[i] = ((byte >> 1) ^ (byte >> 2)) & np.uint8(3)
        other |= (upper != 65) & (upper != 67) & (upper != 71) & (upper != 84)
    if not other:
        return out, -1
    invalid = False
    for i in range(raw.size):
        code = table[raw[i]]
        out[i] = code
        invalid |= code == INVALID_CODE
    if invalid:  # only a failing input pays for the search
        for i in range(raw.size):
            if out[i] == INVALID_CODE:
                return out, i
    return out, -1


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
    # A compiled pass (numpy's table gather alone takes three times as long).
    codes, first_invalid = compiled_encode_ascii()(np.frombuffer(raw, dtype=np.uint8), ENCODE_TABLE)
    if first_invalid >= 0:
        _raise_invalid_character(seqs, lengths, first_invalid)
    return codes, lengths


def common_length(lengths: np.ndarray) -> int:
    """The one length of all sequences, or a ``ValueError`` listing the lengths.

    Parameters
    ----------
    lengths : ndarray of shape (n_sequences,)
        The length of each sequence.

    Returns
    -------
    length : int
        Their common length (0 for no sequence).
    """
    unique = np.unique(lengths)
    if unique.size > 1:
        shown = ", ".join(map(str, unique[:10])) + (", ..." if unique.size > 10 else "")
        raise ValueError(
            f"Sequences have different lengths ({shown}); set `length` to pad "
            f"or trim them to one length."
        )
    return int(unique[0]) if unique.size else 0


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
        length = common_length(lengths)
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


def encode_sequences(X: Any, *, estimator_name: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Validate a collection of sequences and encode it: the package's one entry point.

    Parameters
    ----------
    X : array-like of str of shape (n_sequences,)
        A list, tuple, 1-D array, pandas Series or one-column DataFrame of
        sequences (see :func:`sklearn_genexpr.utils._validation.check_sequences`).
    estimator_name : str, optional
        Prefix of the error messages.

    Returns
    -------
    codes : ndarray of shape (sum of lengths,), dtype uint8
        The codes of all sequences, one after the other.
    lengths : ndarray of shape (n_sequences,), dtype int64
        The length of each sequence.
    """
    return encode_joined(check_sequences(X, estimator_name=estimator_name))


def decode_codes(codes: np.ndarray) -> list[str]:
    """Sequences from a matrix of codes (the inverse of encoding, upper case).

    Parameters
    ----------
    codes : ndarray of shape (n_sequences, length), dtype uint8
        Codes of :data:`IUPAC_CODES` (every row as long as the matrix).

    Returns
    -------
    seqs : list of str
        One sequence per row.
    """
    codes = np.ascontiguousarray(codes, dtype=np.uint8)
    letters = np.frombuffer(IUPAC_CODES.encode("ascii"), dtype=np.uint8)[codes]
    if letters.shape[1] == 0:
        return [""] * letters.shape[0]
    rows = letters.view(f"S{letters.shape[1]}").ravel()  # one bytes object per row
    return [row.decode("ascii") for row in rows]


def decode_joined(codes: np.ndarray, lengths: np.ndarray) -> list[str]:
    """Sequences of any lengths back from their joined codes (see :func:`encode_joined`).

    Parameters
    ----------
    codes : ndarray of shape (sum of lengths,), dtype uint8
        The codes of all sequences, one after the other.
    lengths : ndarray of shape (n_sequences,)
        The length of each sequence.

    Returns
    -------
    seqs : list of str
        The sequences, upper case.
    """
    text = np.frombuffer(IUPAC_CODES.encode("ascii"), dtype=np.uint8)[codes].tobytes()
    ends = np.cumsum(lengths)
    return [text[end - n : end].decode("ascii") for end, n in zip(ends.tolist(), lengths.tolist())]


def complement_channels(alphabet: str = BASES) -> np.ndarray:
    """The channel permutation that complements a one-hot array.

    Parameters
    ----------
    alphabet : str, default="ACGT"
        Channel order of the one-hot array, a permutation of ``"ACGT"``.

    Returns
    -------
    permutation : ndarray of shape (4,), dtype intp
        ``permutation[j]`` is the channel that holds the complement of the
        base of channel ``j``.
    """
    channel_codes = check_alphabet(alphabet).tolist()
    return np.array(
        [channel_codes.index(COMPLEMENT_CODES[code]) for code in channel_codes], dtype=np.intp
    )


def reverse_complement_codes(matrix: np.ndarray) -> np.ndarray:
    """Reverse complement of code rows: complement every code, reverse each row.

    Parameters
    ----------
    matrix : ndarray of shape (n_rows, length), dtype uint8
        Codes, e.g. from :func:`codes_to_matrix` or the base-4 digits of k-mers.
        Padding stays padding and moves to the other end of the row.

    Returns
    -------
    matrix_rc : ndarray of shape (n_rows, length), dtype uint8
    """
    return COMPLEMENT_CODES[matrix[:, ::-1]]


def reverse_complement_joined(
    codes: np.ndarray, lengths: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Reverse complement of sequences of any lengths, as flat codes.

    Parameters
    ----------
    codes, lengths : ndarray
        As returned by :func:`encode_sequences`.

    Returns
    -------
    codes_rc : ndarray of shape (sum of lengths,), dtype uint8
        The codes of each sequence's reverse complement, sequences in their
        original order (so ``lengths`` still describes them).
    lengths : ndarray
        The unchanged ``lengths``.
    """
    starts = np.cumsum(lengths) - lengths
    # Position j of sequence i's reverse complement reads position
    # starts[i] + lengths[i] - 1 - (j - starts[i]) of the original: one gather.
    source = np.repeat(2 * starts + lengths - 1, lengths) - np.arange(codes.shape[0])
    return COMPLEMENT_CODES[codes[source]], lengths


def reverse_complement_onehot(
    X: Any, *, alphabet: str = BASES, channel_axis: int = 1, strand_channel: bool = False
) -> Any:
    """Reverse complement of a batch of one-hot arrays (numpy or torch).

    Parameters
    ----------
    X : ndarray or torch.Tensor of shape (n, 4, L) or (n, L, 4)
        One-hot sequences; all-zero padding moves to the other end.
    alphabet : str, default="ACGT"
        Channel order of ``X``.
    channel_axis : {1, 2}, default=1
        The axis of the 4 channels.
    strand_channel : bool, default=False
        ``X`` has a fifth channel, a strand indicator (0 forward, 1 reverse,
        LegNet's input): it becomes ``1 - x``.

    Returns
    -------
    X_rc : ndarray or torch.Tensor
        A new array of the same type, shape and dtype (contiguous for numpy).
    """
    permutation = complement_channels(alphabet).tolist() + ([4] if strand_channel else [])
    position_axis = 3 - channel_axis
    swapped = X[:, permutation] if channel_axis == 1 else X[:, :, permutation]
    if strand_channel:  # the fancy index made a copy: update it in place
        indicator = swapped[:, 4] if channel_axis == 1 else swapped[:, :, 4]
        indicator *= -1
        indicator += 1
    if isinstance(swapped, np.ndarray):
        return np.ascontiguousarray(np.flip(swapped, axis=position_axis))
    return swapped.flip(position_axis)  # torch: no negative strides


def reverse_complement_strings(seqs: list[str]) -> list[str]:
    """Reverse-complement validated sequences, IUPAC-aware, keeping case.

    Parameters
    ----------
    seqs : list of str
        Sequences whose characters are DNA (validated by the caller).

    Returns
    -------
    seqs_rc : list of str
        The reverse complements, in the order of ``seqs``.
    """
    if not seqs:
        return []
    lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=len(seqs))
    raw = _COMPLEMENT_BYTES[np.frombuffer("".join(seqs).encode("ascii"), dtype=np.uint8)]
    # The whole batch reversed at once holds the last sequence first.
    text = raw[::-1].tobytes().decode("ascii")
    bounds = np.concatenate([[0], np.cumsum(lengths[::-1])]).tolist()
    out = [text[bounds[i] : bounds[i + 1]] for i in range(len(seqs))]
    out.reverse()
    return out


_COMPILED: dict = {}


def compiled_encode_ascii() -> Any:
    """:func:`_encode_ascii` compiled (numba, imported and compiled on the first call).

    Returns
    -------
    encode_ascii : callable
        ``encode_ascii(raw, table) -> (codes, first_invalid)``.
    """
    if "encode_ascii" not in _COMPILED:
        from .utils._jit import jit

        _COMPILED["encode_ascii"] = jit(_encode_ascii)
    return _COMPILED["encode_ascii"]
