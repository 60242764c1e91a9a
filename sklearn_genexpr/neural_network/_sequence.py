"""The sequence networks' shared contract: DNA in, expression out, both strands.

:class:`BaseSequenceRegressor` holds what :class:`PromoterResNetRegressor`
and :class:`LegNetRegressor` share: strings or one-hot arrays in (encoded once
by a :class:`~sklearn_genexpr.preprocessing.DNAOneHotEncoder`), the head
(:mod:`~sklearn_genexpr.neural_network._heads`), the optional strand-indicator
channel, training on both strands and predictions averaged over both.
Sequences given as strings are held as codes, 1 byte a position
(:class:`~sklearn_genexpr.neural_network._data.SequenceCodes`), and become
float one-hot a batch at a time on the training device.
"""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.utils._param_validation import Interval, StrOptions

from .._alphabet import encode_sequences, reverse_complement_joined, reverse_complement_onehot
from ..preprocessing import DNAOneHotEncoder
from ..utils._validation import sequence_input_tags
from ._base import BaseNeuralRegressor, InputSpec, NetworkInput

__all__ = ["BaseSequenceRegressor"]

# Most bins a soft head may have (its output is n_outputs x n_bins logits)
_MAX_BINS = 256
# One-hot input without an encoder is taken in the encoder's default channel order.
_ONEHOT_ALPHABET = "ACGT"


class BaseSequenceRegressor(BaseNeuralRegressor):
    """Base class of the sequence networks (not for direct use).

    A subclass stores ``encoder``, ``rc_augment``, ``rc_average``,
    ``soft_sigma`` and ``soft_bins`` (and its network's parameters), implements
    ``_build_module``, names its head (``_head_kind``) and says whether its
    input carries a strand-indicator channel (``_strand_channel``); the
    input spec, and so the module's input channels, follow from that.
    """

    _parameter_constraints: dict = {
        **BaseNeuralRegressor._parameter_constraints,
        "soft_sigma": [Interval(Real, 0, None, closed="neither")],
        "soft_bins": [StrOptions({"integers"}), Interval(Integral, 2, _MAX_BINS, closed="both")],
        "encoder": [DNAOneHotEncoder, None],
        "rc_augment": ["boolean"],
        "rc_average": ["boolean"],
    }

    #: The network's input has a fifth channel: 0 for the forward strand, 1 for
    #: the reverse complement (LegNet's "reverse" channel).
    _strand_channel = False
    #: Every training batch holds both strands of its sequences, not a random one.
    _double_strands = False

    _predict_batch_size = None  # CPU convolutions run ~2x faster on cache-sized batches

    @property
    def _head_kind(self) -> str:
        """``"soft_classification"`` or ``"regression"``."""
        raise NotImplementedError

    @property
    def bins_(self) -> np.ndarray | None:
        """Expression bins of the soft-classification head (None for regression)."""
        bins = getattr(self.head_, "bins", None)
        if bins is None:
            return None
        bins = np.asarray(bins, dtype=np.float32)  # (n_outputs, n_bins), or one shared row
        return bins[0] if len(bins) == 1 else bins

    @property
    def n_positions_(self) -> int:
        """Sequence length the network sees."""
        length = self.input_spec_.length
        assert length is not None  # a sequence spec always has one
        return int(length)

    # -- input -------------------------------------------------------------
    @staticmethod
    def _is_onehot(X: Any) -> bool:
        return isinstance(X, np.ndarray) and X.dtype.kind in "biuf"

    @staticmethod
    def _check_onehot(X: np.ndarray) -> np.ndarray:
        if X.ndim != 3 or X.shape[1] != 4:
            raise ValueError(
                f"One-hot input must have shape (n, 4, L) (channels first, as "
                f"DNAOneHotEncoder makes it), got {X.shape}."
            )
        if not np.isfinite(X).all():
            raise ValueError("One-hot input contains NaN or infinity.")
        return np.ascontiguousarray(X, dtype=np.float32)

    def _make_encoder(self) -> Any:
        if self.encoder is None:
            return DNAOneHotEncoder(length="longest", ambiguous="fractional")
        encoder = clone(self.encoder)
        params = encoder.get_params()
        if params.get("flatten") or params.get("layout", "channels_first") != "channels_first":
            raise ValueError(
                "encoder must make (n, 4, L) arrays for the network: set "
                "layout='channels_first' and flatten=False."
            )
        return encoder

    def _with_strand(self, onehot: np.ndarray, reverse: bool = False) -> np.ndarray:
        """The network's input from one-hot arrays: plus the strand channel if it has one."""
        if not self._strand_channel:
            return onehot
        strand = np.full((onehot.shape[0], 1, onehot.shape[2]), float(reverse), np.float32)
        return np.concatenate([onehot, strand], axis=1)

    def _as_codes(self, encoder: Any, matrix: np.ndarray, reverse: bool = False) -> Any:
        """The network's input from a code matrix: the codes and their lookup table."""
        from ._data import SequenceCodes

        table = encoder._lookup_table()
        if self._strand_channel:  # a constant column: every position, padding too
            table = np.hstack([table, np.full((table.shape[0], 1), float(reverse), np.float32)])
        return SequenceCodes(matrix, table)

    def _spec(self, X: Any, alphabet: str) -> InputSpec:
        return InputSpec(
            "sequence", n_channels=int(X.shape[1]), length=int(X.shape[2]),
            strand_channel=self._strand_channel, alphabet=alphabet,
        )  # fmt: skip

    def _network_input(self, X: Any, *, fitting: bool) -> NetworkInput:
        if not fitting:
            network_input = self._network_inputs(X)[0]
            return NetworkInput(network_input, self._spec(network_input, self._alphabet))
        if self._is_onehot(X):
            onehot = self._with_strand(self._check_onehot(X))
            return NetworkInput(onehot, self._spec(onehot, _ONEHOT_ALPHABET), encoder=None)
        encoder = self._make_encoder()
        codes, lengths = encode_sequences(X, estimator_name=type(self).__name__)
        network_input = self._as_codes(encoder, encoder._fit_codes(codes, lengths))
        return NetworkInput(network_input, self._spec(network_input, encoder.alphabet), encoder)

    @property
    def _alphabet(self) -> str:
        """Channel order of the fitted network's input."""
        encoder = getattr(self, "encoder_", None)
        return _ONEHOT_ALPHABET if encoder is None else encoder.alphabet

    def _network_inputs(self, X: Any, both_strands: bool = False) -> list:
        """The network's input for X after fit, then, with ``both_strands``, that of
        its reverse complement. Strings are validated and encoded once."""
        if self._is_onehot(X):
            # One-hot input of another length is fine: the network pools globally.
            onehot = self._check_onehot(X)
            inputs = [self._with_strand(onehot)]
            if both_strands:
                backward = reverse_complement_onehot(onehot, alphabet=self._alphabet)
                inputs.append(self._with_strand(backward, reverse=True))
            return inputs
        if self.encoder_ is None:
            raise ValueError("This model was fitted on one-hot arrays; pass one-hot arrays.")
        codes, lengths = encode_sequences(X, estimator_name=type(self).__name__)
        inputs = [self._as_codes(self.encoder_, self.encoder_._transform_to_codes(codes, lengths))]
        if both_strands:
            # the reverse complement of the sequence, then padded like the original
            backward = self.encoder_._transform_to_codes(*reverse_complement_joined(codes, lengths))
            inputs.append(self._as_codes(self.encoder_, backward, reverse=True))
        return inputs

    def _predict_inputs(self, X: Any) -> list:
        return self._network_inputs(X, both_strands=self.rc_average)

    def _check_continuation(self, spec: InputSpec, y: np.ndarray) -> None:
        # padded or trimmed by the fitted encoder: only the channels must agree
        super()._check_continuation(
            InputSpec(**{**spec.__dict__, "length": self.input_spec_.length}), y
        )

    def _make_head(self, y: np.ndarray) -> Any:
        from ._heads import make_head

        return make_head(self._head_kind, y, soft_sigma=self.soft_sigma, soft_bins=self.soft_bins)

    def _train_collate(self, spec: InputSpec, generator: Any) -> Any:
        from ._data import StrandCollate, collated

        if not self.rc_augment:
            return collated
        return StrandCollate(
            alphabet=spec.alphabet, double=self._double_strands,
            strand_channel=spec.strand_channel, generator=generator,
        )  # fmt: skip

    def fit(self, X: Any, y: Any) -> BaseSequenceRegressor:
        """Build and train the network on DNA sequences.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            DNA sequences (a list, array, pandas Series or one-column
            DataFrame; any lengths, padded or trimmed by ``encoder``; IUPAC
            codes allowed, lower case read as upper case), or one-hot arrays
            with channels first. Strings are held as 1-byte codes and made
            one-hot a batch at a time on the training device.
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Expression. In 2-D ``y`` a NaN marks an entry that was not
            measured (one column per library): the loss covers the measured
            entries alone. Each row and column needs a measured value.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return super().fit(X, y)

    def predict(self, X: Any) -> np.ndarray:
        """Predict expression, by default averaged over both strands.

        With ``rc_average=True`` the prediction is the mean of the network's
        output for each sequence and for its reverse complement. For string
        input the reverse complement is taken of the sequence and then padded
        like the original; for one-hot input the array is flipped (padding
        moves to the other end). Without a strand channel (the ResNet) a
        sequence and its reverse complement then get exactly the same
        prediction; with LegNet's strand channel each strand is read with its
        own flag, so the two predictions are close but not equal. Strings are
        validated and encoded once.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            Sequences, or one-hot arrays as made by the fitted encoder.

        Returns
        -------
        y_pred : ndarray of shape (n_sequences,) or (n_sequences, n_outputs)
            Predicted expression.
        """
        return super().predict(X)

    def __sklearn_tags__(self):
        tags = sequence_input_tags(super().__sklearn_tags__(), one_hot=True)
        tags.input_tags.sparse = False
        return tags
