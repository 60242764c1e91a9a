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

from .utils._validation import check_sequence_types, sequence_list

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
    "EncodedSequences",
    "check_alphabet",
    "complement_channels",
    "encode_sequences",
    "encode_joined",
    "codes_to_matrix",
    "common_length",
    "placement",
    "reverse_complement_codes",
    "reverse_complement_joined",
    "reverse_complement_onehot",
    "reverse_complement_rows_in_place",
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
# code -> letter (padding and bad codes as '?', which never decode from valid codes)
_DECODE_BYTES = bytes(IUPAC_CODES.encode("ascii") + b"?" * (256 - len(IUPAC_CODES)))


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


def _place_rows(
    codes: np.ndarray,
    starts: np.ndarray,
    lengths: np.ndarray,
    src_start: np.ndarray,
    dst_start: np.ndarray,
    matrix: np.ndarray,
) -> None:
    """Copy each sequence's kept positions into its row of a padded matrix.

    Plain Python, compiled on first use (:func:`_compiled`): the vectorised
    form needs five int64 arrays the size of all positions (30 GB for the 6.7 M
    sequences of the DREAM 2022 training set); this loop needs none.
    """
    width = matrix.shape[1]
    for i in range(lengths.shape[0]):
        n_copy = min(lengths[i] - src_start[i], width - dst_start[i])
        source = starts[i] + src_start[i]
        matrix[i, dst_start[i] : dst_start[i] + n_copy] = codes[source : source + n_copy]


def _gather_rows(
    codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray, out: np.ndarray
) -> None:
    """Joined codes of the sequences starting at ``starts``, one after the other."""
    position = 0
    for i in range(starts.shape[0]):  # slice copies: numba makes them memcpy
        out[position : position + lengths[i]] = codes[starts[i] : starts[i] + lengths[i]]
        position += lengths[i]


def _reverse_complement_in_place(
    codes: np.ndarray, starts: np.ndarray, lengths: np.ndarray, complement: np.ndarray
) -> None:
    """Turn the sequences at ``starts`` into their reverse complements where they lie."""
    for i in range(starts.shape[0]):
        left, right = starts[i], starts[i] + lengths[i] - 1
        while left < right:
            first = codes[left]
            codes[left] = complement[codes[right]]
            codes[right] = complement[first]
            left += 1
            right -= 1
        if left == right:
            codes[left] = complement[codes[left]]


def reverse_complement_rows_in_place(
    codes: np.ndarray, lengths: np.ndarray, rows: np.ndarray
) -> None:
    """Reverse-complement the sequences ``rows`` of joined codes in place (others untouched).

    Parameters
    ----------
    codes : ndarray of shape (sum of lengths,), dtype uint8
        Joined codes (see :func:`encode_joined`), changed in place.
    lengths : ndarray of shape (n_sequences,)
        The length of each sequence.
    rows : ndarray of int
        The sequences to flip.
    """
    starts = (np.cumsum(lengths) - lengths)[rows]
    _compiled("reverse_complement_in_place")(codes, starts, lengths[rows], COMPLEMENT_CODES)


def _reverse_complement_rows(
    codes: np.ndarray, lengths: np.ndarray, complement: np.ndarray, out: np.ndarray
) -> None:
    """Each sequence's reverse complement in its own place of the joined codes."""
    start = 0
    for i in range(lengths.shape[0]):
        end = start + lengths[i]
        for j in range(lengths[i]):
            out[start + j] = complement[codes[end - 1 - j]]
        start = end


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


def placement(
    lengths: np.ndarray, length: int, *, padding: str = "right", truncation: str = "right"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each sequence lands in a matrix of width ``length``.

    The one rule of padding and trimming that :func:`codes_to_matrix` applies,
    for code that maps a sequence's positions to the matrix's columns (fast
    mutagenesis): position ``p`` of sequence ``i`` is column
    ``dst_start[i] + p - src_start[i]`` when ``src_start[i] <= p <
    src_start[i] + kept[i]``, and trimmed away otherwise.

    Parameters
    ----------
    lengths : ndarray of shape (n_sequences,)
        The sequences' lengths.
    length : int
        Width of the matrix.
    padding, truncation : {"right", "left", "center"}
        As in :func:`codes_to_matrix`.

    Returns
    -------
    src_start, dst_start, kept : ndarray of shape (n_sequences,)
        Positions dropped at the start of a long sequence, padding put before
        a short one, and positions kept.
    """
    lengths = np.asarray(lengths, dtype=np.int64)
    excess = lengths - length
    # Source offset: positions dropped at the start of a long sequence.
    src_start = np.where(excess > 0, _offsets_for(np.maximum(excess, 0), truncation), 0)
    # Destination offset: padding put before a short sequence.
    dst_start = np.where(excess < 0, _offsets_for(np.maximum(-excess, 0), padding), 0)
    return src_start, dst_start, np.minimum(lengths, length)


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
    src_start, dst_start, _ = placement(lengths, length, padding=padding, truncation=truncation)
    matrix = np.full((n, length), PAD_CODE, dtype=np.uint8)
    starts = np.cumsum(lengths) - lengths
    _compiled("place_rows")(codes, starts, lengths, src_start, dst_start, matrix)
    return matrix


def encode_sequences(X: Any, *, estimator_name: str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Validate a collection of sequences and encode it: the package's one entry point.

    Parameters
    ----------
    X : array-like of str of shape (n_sequences,), or EncodedSequences
        A list, tuple, 1-D array, pandas Series or one-column DataFrame of
        sequences (see :func:`sklearn_genexpr.utils._validation.check_sequences`),
        or sequences already held as codes (returned as they are).
    estimator_name : str, optional
        Prefix of the error messages.

    Returns
    -------
    codes : ndarray of shape (sum of lengths,), dtype uint8
        The codes of all sequences, one after the other.
    lengths : ndarray of shape (n_sequences,), dtype int64
        The length of each sequence.
    """
    if isinstance(X, EncodedSequences):  # already codes: checked when it was made
        if len(X) == 0:
            prefix = f"{estimator_name}: " if estimator_name else ""
            raise ValueError(f"{prefix}got 0 sequences; at least 1 is required.")
        return X.codes, X.lengths
    seqs = sequence_list(X, estimator_name=estimator_name)
    try:
        return encode_joined(seqs)
    except TypeError as error:  # an element that is not a str (len() or "".join refused it)
        failure = error
    # named outside the handler, so the traceback shows the named error alone
    check_sequence_types(seqs, estimator_name=estimator_name)
    raise failure


class EncodedSequences:
    """DNA sequences held as the sequence core's 1-byte codes, one after the other.

    What :func:`~sklearn_genexpr.datasets.load_promoter_file` returns, so that
    millions of sequences never become Python strings: 1 byte a position
    (6.7 M sequences of 110 bp take 740 MB, against about 8 GB as a list of
    str). Every estimator and function of the package that takes sequences
    accepts it in place of strings; the networks, the one-hot encoder and the
    k-mer vectorizer read the codes directly, the others decode them. It
    indexes like a 1-D array (``X[3]`` is a str, ``X[rows]`` and ``X[a:b]``
    are ``EncodedSequences``), so scikit-learn's splitters, ``cross_validate``
    and ``GridSearchCV`` split it without decoding.

    Parameters
    ----------
    codes : array-like of shape (total_length,), dtype uint8
        The codes (0-14: the sequence core's ACGT, N and IUPAC codes) of all
        sequences, one after the other.
    lengths : array-like of shape (n_sequences,) of int
        The length of each sequence; they sum to ``len(codes)``.

    Attributes
    ----------
    codes : ndarray of shape (total_length,), dtype uint8
        The codes.
    lengths : ndarray of shape (n_sequences,), dtype int64
        The lengths.

    See Also
    --------
    sklearn_genexpr.datasets.load_promoter_file : Read a sequence-expression file into codes.

    Examples
    --------
    >>> from sklearn_genexpr import EncodedSequences
    >>> X = EncodedSequences.from_strings(["ACGT", "GGnA", "TTA"])
    >>> X
    EncodedSequences(3 sequences of 3-4 bp, 11 bytes of codes)
    >>> X[1]
    'GGNA'
    >>> X[[2, 0]].tolist()
    ['TTA', 'ACGT']
    """

    def __init__(self, codes: Any, lengths: Any) -> None:
        codes = np.asarray(codes)
        lengths = np.asarray(lengths)
        if codes.ndim != 1 or codes.dtype != np.uint8:
            raise ValueError(
                f"codes must be a 1-D uint8 array, got shape {codes.shape} and dtype {codes.dtype}."
            )
        if lengths.ndim != 1 or lengths.dtype.kind not in "iu":
            raise ValueError(
                f"lengths must be a 1-D integer array, got shape {lengths.shape} and "
                f"dtype {lengths.dtype}."
            )
        if lengths.size and lengths.min() < 0:
            raise ValueError(
                f"lengths must be >= 0; sequence {int(np.argmin(lengths))} has a negative one."
            )
        if int(lengths.sum()) != codes.size:
            raise ValueError(
                f"lengths sum to {int(lengths.sum())} but there are {codes.size} codes."
            )
        if codes.size and codes.max() >= PAD_CODE:
            offset = int(np.argmax(codes >= PAD_CODE))
            index, position = sequence_of_offset(lengths, offset)
            raise ValueError(
                f"Code {int(codes[offset])} at position {position} of sequence {index} is "
                f"not a base or IUPAC code (0-{PAD_CODE - 1})."
            )
        self.codes = codes
        self.lengths = lengths.astype(np.int64, copy=False)

    @classmethod
    def from_strings(cls, X: Any) -> EncodedSequences:
        """Encode sequences given as strings.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences (IUPAC codes allowed, lower case read as upper case).

        Returns
        -------
        encoded : EncodedSequences
            Their codes.
        """
        return cls(*encode_sequences(X, estimator_name="EncodedSequences"))

    @property
    def shape(self) -> tuple[int]:
        """``(n_sequences,)``: it indexes like a 1-D array of sequences."""
        return (int(self.lengths.shape[0]),)

    @property
    def nbytes(self) -> int:
        """Bytes held by the codes and lengths."""
        return int(self.codes.nbytes + self.lengths.nbytes)

    def __len__(self) -> int:
        return self.shape[0]

    def _starts(self) -> np.ndarray:
        return np.cumsum(self.lengths) - self.lengths

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, tuple) and len(key) == 2 and key[1] is Ellipsis:
            key = key[0]  # scikit-learn's _safe_indexing writes X[rows, ...]
        n = len(self)
        if isinstance(key, (int, np.integer)) and not isinstance(key, (bool, np.bool_)):
            if not -n <= key < n:
                raise IndexError(f"index {key} is out of range for {n} sequences.")
            index = int(key) % n
            start = int(self.lengths[:index].sum())
            return decode_joined(
                self.codes[start : start + self.lengths[index]], self.lengths[index : index + 1]
            )[0]
        if isinstance(key, slice) and key.step in (None, 1):
            first, stop, _ = key.indices(n)
            stop = max(first, stop)
            start = int(self.lengths[:first].sum())
            end = start + int(self.lengths[first:stop].sum())
            return EncodedSequences(self.codes[start:end], self.lengths[first:stop])
        rows = np.arange(n)[key] if isinstance(key, slice) else np.asarray(key)
        if rows.dtype == bool:
            if rows.shape != (n,):
                raise IndexError(f"a boolean index must have shape ({n},), got {rows.shape}.")
            rows = np.flatnonzero(rows)
        if rows.ndim != 1 or (rows.size and rows.dtype.kind not in "iu"):
            raise IndexError(
                f"index sequences with an int, a slice, or a 1-D array of int or bool; "
                f"got an array of shape {rows.shape} and dtype {rows.dtype}."
            )
        rows = rows.astype(np.int64, copy=False)
        if rows.size and (rows.min() < -n or rows.max() >= n):
            raise IndexError(f"an index is out of range for {n} sequences.")
        rows = rows % max(n, 1)
        lengths = self.lengths[rows]
        out = np.empty(int(lengths.sum()), dtype=np.uint8)
        _compiled("gather_rows")(self.codes, self._starts()[rows], lengths, out)
        return EncodedSequences(out, lengths)

    def __iter__(self) -> Any:
        step = 65536  # decoded a block at a time: never all strings at once
        for first in range(0, len(self), step):
            yield from self[first : first + step].tolist()

    def tolist(self) -> list[str]:
        """The sequences as Python strings (upper case).

        Returns
        -------
        sequences : list of str
            One string per sequence.
        """
        return decode_joined(self.codes, self.lengths)

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.array(self.tolist(), dtype=object if dtype is None else dtype)

    def __repr__(self) -> str:
        if len(self) == 0:
            return "EncodedSequences(0 sequences)"
        low, high = int(self.lengths.min()), int(self.lengths.max())
        span = f"{low}" if low == high else f"{low}-{high}"
        return (
            f"EncodedSequences({len(self)} sequences of {span} bp, "
            f"{self.codes.nbytes} bytes of codes)"
        )


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
    n, width = codes.shape
    return decode_joined(codes.reshape(-1), np.full(n, width, dtype=np.int64))


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
    # bytes.translate maps bytes through a table several times faster than a numpy gather
    letters = np.ascontiguousarray(codes, dtype=np.uint8).tobytes().translate(_DECODE_BYTES)
    text = letters.decode("ascii")  # one str; the sequences are slices of it
    ends = np.cumsum(lengths)
    return [text[end - n : end] for end, n in zip(ends.tolist(), lengths.tolist())]


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
    codes_rc = np.empty_like(codes)
    _compiled("reverse_complement_rows")(codes, lengths, COMPLEMENT_CODES, codes_rc)
    return codes_rc, lengths


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
_KERNELS = {
    "encode_ascii": _encode_ascii,
    "place_rows": _place_rows,
    "gather_rows": _gather_rows,
    "reverse_complement_rows": _reverse_complement_rows,
    "reverse_complement_in_place": _reverse_complement_in_place,
}


def _compiled(name: str) -> Any:
    """The loop ``name`` of this module compiled (numba, imported on the first call)."""
    if name not in _COMPILED:
        from .utils._jit import jit

        _COMPILED[name] = jit(_KERNELS[name])
    return _COMPILED[name]


def compiled_encode_ascii() -> Any:
    """:func:`_encode_ascii` compiled (numba, imported and compiled on the first call).

    Returns
    -------
    encode_ascii : callable
        ``encode_ascii(raw, table) -> (codes, first_invalid)``.
    """
    return _compiled("encode_ascii")
