"""One-hot encoding of DNA sequences."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._alphabet import (
    BASE_FRACTIONS,
    BASES,
    IUPAC_BASES,
    IUPAC_CODES,
    PAD_CODE,
    check_alphabet,
    codes_to_matrix,
    common_length,
)
from ..utils._output import wrap_2d_output
from ..utils._validation import check_dtype
from ._base import _BaseSequenceTransformer

__all__ = ["DNAOneHotEncoder"]

# Bit mask of present bases (A=1, C=2, G=4, T=8) -> IUPAC character, for inverse_transform.
_MASK_TO_CHAR = np.zeros(16, dtype="<U1")
for _char, _bases in IUPAC_BASES.items():
    _MASK_TO_CHAR[sum(1 << BASES.index(base) for base in _bases)] = _char
_MASK_TO_CHAR[0] = "N"  # an all-zero position: N (ambiguous="zeros") or padding
_MASK_TO_BYTE = np.frombuffer("".join(_MASK_TO_CHAR).encode("ascii"), dtype=np.uint8)


class DNAOneHotEncoder(_BaseSequenceTransformer):
    """Encode DNA sequences as one-hot arrays.

    Each position of a sequence becomes four numbers, one per base, in the
    order given by ``alphabet``. The default output is a ``float32`` array of
    shape ``(n_sequences, 4, length)`` (channels first, the layout of
    ``torch.nn.Conv1d``); ``layout="channels_last"`` gives
    ``(n_sequences, length, 4)`` (Keras, JAX) and ``flatten=True`` gives a 2-D
    ``(n_sequences, length * 4)`` matrix for linear models and gradient
    boosting.

    Read more in the :ref:`User Guide <onehot>`.

    Parameters
    ----------
    alphabet : str, default="ACGT"
        Channel order: a permutation of ``"ACGT"``. Published models disagree
        (most use ``"ACGT"``; some, e.g. Basset-style code, ``"AGCT"``); a
        model trained with one order gives wrong predictions with another.
    layout : {"channels_first", "channels_last"}, default="channels_first"
        Axis order of the 3-D output: ``(n, 4, L)`` or ``(n, L, 4)``. Ignored
        when ``flatten=True``.
    flatten : bool, default=False
        Return a 2-D array ``(n, L * 4)`` ordered position-major
        (``pos0_A, pos0_C, pos0_G, pos0_T, pos1_A, ...``, the column order of
        ``sklearn.preprocessing.OneHotEncoder``). Only this output takes part
        in :meth:`set_output`: 3-D arrays have no DataFrame form, so the
        encoder opts out of sklearn's automatic output wrapping and returns
        them as ndarrays whatever the setting.
    length : int, "longest" or None, default=None
        Output length. Shorter sequences are padded with all-zero positions,
        longer ones trimmed. ``"longest"`` learns the length of the longest
        sequence seen in :meth:`fit` and pads or trims to it afterwards.
        ``None`` requires every sequence to have the length seen in :meth:`fit`.
    padding : {"right", "left", "center"}, default="right"
        Where short sequences are padded: ``"right"`` keeps them at the start
        of the window, ``"left"`` aligns their ends (e.g. promoters aligned at
        the TSS), ``"center"`` splits the padding (the odd position goes right).
    truncation : {"right", "left", "center"}, default="right"
        Where long sequences lose positions: ``"right"`` keeps the start,
        ``"left"`` keeps the end, ``"center"`` keeps the middle.
    ambiguous : {"zeros", "fractional", "error"}, default="zeros"
        What ``N`` and the other IUPAC ambiguity codes (``RYSWKMBDHV``)
        become: all zeros; the fraction of each base they stand for
        (``N`` -> 0.25 each, ``R`` -> 0.5 A + 0.5 G); or a ``ValueError``.
        Padding is always all zeros.
    dtype : numpy dtype, default=np.float32
        Output dtype, e.g. ``np.uint8`` to save memory. Integer dtypes cannot
        hold ``ambiguous="fractional"`` values.

    Attributes
    ----------
    n_positions_ : int
        Length of the encoded sequences (``length``, or the common length of
        the sequences seen in :meth:`fit`).

    See Also
    --------
    KmerVectorizer : Position-free k-mer counts.
    ReverseComplementAugmenter : Add reverse complements to a training set.

    Notes
    -----
    Characters other than ``ACGT`` and the IUPAC codes (upper or lower case)
    raise a ``ValueError`` naming the character and the index of the sequence.

    :meth:`inverse_transform` returns upper-case sequences; an all-zero
    position (``N`` under ``ambiguous="zeros"``, or padding) comes back as ``N``.

    Outputs of more than 8 MiB are written by a thread a core
    (``NUMBA_NUM_THREADS`` at most), each on its own rows: a new array is paid
    for in page faults, and the cores take them at the same time. The output
    is the same on any number of threads.

    Examples
    --------
    >>> from sklearn_genexpr.preprocessing import DNAOneHotEncoder
    >>> enc = DNAOneHotEncoder()
    >>> X = enc.fit_transform(["ACGT", "TTGA"])
    >>> X.shape
    (2, 4, 4)
    >>> X[0]
    array([[1., 0., 0., 0.],
           [0., 1., 0., 0.],
           [0., 0., 1., 0.],
           [0., 0., 0., 1.]], dtype=float32)
    >>> enc.inverse_transform(X)
    array(['ACGT', 'TTGA'], dtype='<U4')
    >>> flat = DNAOneHotEncoder(flatten=True, length=3).fit(["ACGT"])
    >>> flat.get_feature_names_out()[:5]
    array(['pos0_A', 'pos0_C', 'pos0_G', 'pos0_T', 'pos1_A'], dtype=object)
    """

    _parameter_constraints: dict = {
        "alphabet": [str],
        "layout": [StrOptions({"channels_first", "channels_last"})],
        "flatten": ["boolean"],
        "length": [Interval(Integral, 1, None, closed="left"), StrOptions({"longest"}), None],
        "padding": [StrOptions({"right", "left", "center"})],
        "truncation": [StrOptions({"right", "left", "center"})],
        "ambiguous": [StrOptions({"zeros", "fractional", "error"})],
        "dtype": "no_validation",  # checked in fit, numpy accepts many spellings
    }

    def __init__(
        self,
        *,
        alphabet: str = "ACGT",
        layout: str = "channels_first",
        flatten: bool = False,
        length: int | str | None = None,
        padding: str = "right",
        truncation: str = "right",
        ambiguous: str = "zeros",
        dtype: Any = np.float32,
    ) -> None:
        self.alphabet = alphabet
        self.layout = layout
        self.flatten = flatten
        self.length = length
        self.padding = padding
        self.truncation = truncation
        self.ambiguous = ambiguous
        self.dtype = dtype

    def _check_dtype(self) -> np.dtype:
        dtype = check_dtype(self.dtype, "biuf", owner=type(self).__name__, what="a numeric")
        if self.ambiguous == "fractional" and dtype.kind != "f":
            raise ValueError(
                f"ambiguous='fractional' writes fractions such as 0.25, which dtype "
                f"{dtype} cannot hold; use a float dtype."
            )
        return dtype

    def _code_matrix(self, codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Codes of validated sequences laid out at the fitted length."""
        length = None if self.length is None else self.n_positions_
        matrix = codes_to_matrix(
            codes, lengths, length, padding=self.padding, truncation=self.truncation
        )
        if matrix.shape[1] != self.n_positions_:
            raise ValueError(
                f"Sequences have length {matrix.shape[1]}, but this encoder was "
                f"fitted on length {self.n_positions_}; set `length` to pad or "
                f"trim them."
            )
        if self.ambiguous == "error":
            ambiguous = (matrix >= 4) & (matrix != PAD_CODE)
            if ambiguous.any():
                index, position = np.argwhere(ambiguous)[0]
                raise ValueError(
                    f"Ambiguous base {IUPAC_CODES[matrix[index, position]]!r} at "
                    f"position {position} of sequence {index} (after padding/"
                    f"trimming) with ambiguous='error'; use ambiguous='zeros' or "
                    f"'fractional' to encode it."
                )
        return matrix

    def _fit_lengths(self, lengths: np.ndarray) -> None:
        """Learn the output length from the sequence lengths alone."""
        check_alphabet(self.alphabet)
        self._check_dtype()
        if self.length == "longest":
            self.n_positions_ = max(int(lengths.max()), 1)
        elif self.length is not None:
            self.n_positions_ = int(self.length)
        else:
            self.n_positions_ = common_length(lengths)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None) -> DNAOneHotEncoder:
        """Check the parameters and the sequences, and learn the sequence length.

        Only the sequence lengths are learned: nothing is one-hot encoded.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences.
        y : None
            Ignored.

        Returns
        -------
        self : DNAOneHotEncoder
            The fitted encoder.
        """
        codes, lengths = self._encode(X)
        self._fit_lengths(lengths)
        if self.ambiguous == "error":  # checked on the uint8 codes, 1 byte per base
            self._code_matrix(codes, lengths)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Any, y: Any = None) -> Any:
        """Learn the sequence length and encode, reading the sequences once.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences.
        y : None
            Ignored.

        Returns
        -------
        X_onehot : ndarray of shape (n, 4, L), (n, L, 4) or (n, L * 4)
            See :meth:`transform`.
        """
        codes, lengths = self._encode(X)
        self._fit_lengths(lengths)
        return self._one_hot(self._code_matrix(codes, lengths), X)

    def transform(self, X: Any) -> Any:
        """One-hot encode sequences.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,)
            DNA sequences.

        Returns
        -------
        X_onehot : ndarray of shape (n, 4, L), (n, L, 4) or (n, L * 4)
            As set by ``layout`` and ``flatten``; a DataFrame for the flattened
            output under ``set_output(transform="pandas")``.
        """
        check_is_fitted(self)
        codes, lengths = self._encode(X)
        return self._one_hot(self._code_matrix(codes, lengths), X)

    def _fit_codes(self, codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Fit on encoded sequences and return their code matrix (see :meth:`_lookup_table`).

        For estimators that hold an encoder and keep the codes, 1 byte a
        position, instead of the one-hot output: the sequences are validated
        and encoded once, by the caller.
        """
        self._fit_lengths(lengths)
        return self._code_matrix(codes, lengths)

    def _transform_to_codes(self, codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """The code matrix ``(n, n_positions_)`` of encoded sequences, padded/trimmed as fitted."""
        check_is_fitted(self)
        return self._code_matrix(codes, lengths)

    def _lookup_table(self) -> np.ndarray:
        """What each code becomes: ``table[code_matrix]`` is :meth:`transform`'s
        channels-last output, shape (16, 4), float32."""
        table = BASE_FRACTIONS[:, check_alphabet(self.alphabet)]
        if self.ambiguous != "fractional":
            table = np.where(table == 1.0, 1.0, 0.0)  # only A, C, G, T light up
        return table.astype(np.float32)

    def _one_hot(self, matrix: np.ndarray, X: Any) -> Any:
        from ..utils._threads import run_in_row_chunks
        from . import _onehot_kernels

        dtype = self._check_dtype()
        channel_codes = check_alphabet(self.alphabet)
        channels_last = self.flatten or self.layout == "channels_last"
        n, length = matrix.shape
        # A compiled comparison per channel written in output order runs at the
        # speed of writing the output; ambiguity codes are patched in afterwards.
        # numba has no float16: such output is written as float32 and cast.
        work_dtype = np.float32 if dtype == np.float16 else dtype
        if channels_last:
            out = np.empty((n, length, 4), dtype=work_dtype)
            kernel = _onehot_kernels.onehot_channels_last
        else:
            out = np.empty((n, 4, length), dtype=work_dtype)
            kernel = _onehot_kernels.onehot_channels_first
        # Large outputs are written by a thread per core (see utils._threads).
        run_in_row_chunks(
            lambda rows, out_rows: kernel(rows, channel_codes, out_rows),
            (matrix, out),
            work=out.nbytes,
        )
        out = out.astype(dtype, copy=False)
        if self.ambiguous == "fractional":
            self._write_fractions(matrix, out, channel_codes, channels_last)
        if self.flatten:
            return wrap_2d_output(self, out.reshape(n, length * 4), X)
        return out

    @staticmethod
    def _write_fractions(
        matrix: np.ndarray, out: np.ndarray, channel_codes: np.ndarray, channels_last: bool
    ) -> None:
        rows, cols = np.nonzero((matrix >= 4) & (matrix != PAD_CODE))
        if rows.size:
            fractions = BASE_FRACTIONS[matrix[rows, cols]][:, channel_codes]
            if channels_last:
                out[rows, cols, :] = fractions
            else:
                out[rows, :, cols] = fractions

    def inverse_transform(self, X: np.ndarray) -> np.ndarray:
        """Turn one-hot arrays back into sequences.

        Parameters
        ----------
        X : ndarray
            Output of :meth:`transform` (same ``layout``/``flatten``).

        Returns
        -------
        seqs : ndarray of str of shape (n_sequences,)
            Upper-case sequences; all-zero positions (padding or ``N`` under
            ``ambiguous="zeros"``) become ``N``; a position with several
            non-zero channels becomes the IUPAC code of those bases.
        """
        check_is_fitted(self)
        X = np.asarray(X)
        expected_ndim = 2 if self.flatten else 3
        if X.ndim != expected_ndim:
            raise ValueError(
                f"Expected a {expected_ndim}-D array as produced by transform, got shape {X.shape}."
            )
        if self.flatten:
            if X.shape[1] % 4:
                raise ValueError(
                    f"Flattened one-hot input needs a multiple of 4 columns, got {X.shape[1]}."
                )
            X = X.reshape(X.shape[0], -1, 4)
        elif self.layout == "channels_first":
            X = X.transpose(0, 2, 1)
        if X.shape[2] != 4:
            raise ValueError(f"Expected 4 channels, got an array of shape {X.shape}.")
        # Bit mask of the bases present at each position, in ACGT bit order.
        present = X > 0
        mask = np.zeros((X.shape[0], X.shape[1]), dtype=np.uint8)
        for channel, code in enumerate(check_alphabet(self.alphabet)):
            mask |= present[:, :, channel].astype(np.uint8) << code
        n, length = int(mask.shape[0]), int(mask.shape[1])
        if length == 0:
            return np.array([""] * n, dtype="<U1")
        raw = np.ascontiguousarray(_MASK_TO_BYTE[mask]).tobytes()
        return np.frombuffer(raw, dtype=f"S{length}").astype(f"<U{length}")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Get the names of the flattened output columns: ``pos{i}_{base}``.

        Parameters
        ----------
        input_features : None
            Ignored; sequences have no input feature names.

        Returns
        -------
        feature_names_out : ndarray of str objects
            Position-major, the order of ``flatten=True``.
        """
        check_is_fitted(self)
        names = [
            f"pos{position}_{base}"
            for position in range(self.n_positions_)
            for base in self.alphabet
        ]
        return np.asarray(names, dtype=object)
