"""The sequence networks' shared contract: DNA in, expression out, both strands.

:class:`BaseSequenceRegressor` holds what :class:`PromoterResNetRegressor`
and :class:`LegNetRegressor` share: strings or one-hot arrays in (encoded once
by a :class:`~sklearn_genexpr.preprocessing.DNAOneHotEncoder`), the targets of
the soft-classification head (expression bins, one distribution per output),
the optional strand-indicator channel, and predictions averaged over both
strands. Sequences given as strings are held as codes, 1 byte a position
(:class:`~sklearn_genexpr.neural_network._data.SequenceCodes`), and become
float one-hot a batch at a time on the training device.
"""

from __future__ import annotations

from numbers import Real
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted

from .._alphabet import encode_sequences, reverse_complement_joined, reverse_complement_onehot
from ..preprocessing import DNAOneHotEncoder
from ..utils._validation import sequence_input_tags
from ._base import BaseTorchRegressor, check_target

__all__ = ["BaseSequenceRegressor"]

# One-hot input without an encoder is taken in the encoder's default channel order.
_ONEHOT_ALPHABET = "ACGT"
# Bins of the soft-classification head beyond which y is not binned expression
_MAX_SOFT_BINS = 256


class BaseSequenceRegressor(BaseTorchRegressor):
    """Base class of the sequence networks (not for direct use).

    A subclass stores ``encoder`` and ``rc_average`` (and its network's
    parameters), implements ``_build_network`` and says whether its head is
    a soft classification (``_soft_head``) and whether its input carries a
    strand-indicator channel (``_strand_channel``).
    """

    _parameter_constraints: dict = {
        **BaseTorchRegressor._parameter_constraints,
        "soft_sigma": [Interval(Real, 0, None, closed="neither")],
        "encoder": [DNAOneHotEncoder, None],
        "rc_augment": ["boolean"],
        "rc_average": ["boolean"],
    }

    #: The network's input has a fifth channel: 0 for the forward strand, 1 for
    #: the reverse complement (LegNet's "reverse" channel).
    _strand_channel = False

    _predict_batch_size = None  # CPU convolutions run ~2x faster on cache-sized batches

    @property
    def _soft_head(self) -> bool:
        """Whether the network predicts distributions over expression bins."""
        raise NotImplementedError

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

    @property
    def _alphabet(self) -> str:
        """Channel order of the network's input."""
        encoder = getattr(self, "encoder_", None)
        return _ONEHOT_ALPHABET if encoder is None else encoder.alphabet

    def _with_strand(self, onehot: np.ndarray, reverse: bool = False) -> np.ndarray:
        """The network's input from one-hot arrays: plus the strand channel if it has one."""
        if not self._strand_channel:
            return onehot
        strand = np.full((onehot.shape[0], 1, onehot.shape[2]), float(reverse), np.float32)
        return np.concatenate([onehot, strand], axis=1)

    def _as_codes(self, matrix: np.ndarray, reverse: bool = False) -> Any:
        """The network's input from a code matrix: the codes and their lookup table."""
        from ._data import SequenceCodes

        encoder = self.encoder_
        assert encoder is not None  # codes come from strings, which the encoder encodes
        table = encoder._lookup_table()
        if self._strand_channel:  # a constant column: every position, padding too
            table = np.hstack([table, np.full((table.shape[0], 1), float(reverse), np.float32)])
        return SequenceCodes(matrix, table)

    def _validate_input(self, X: Any, y: Any = "no_validation", *, reset: bool) -> Any:
        if not reset:
            return self._network_inputs(X)[0]
        self._check_parameters()
        if self._is_onehot(X):
            self.encoder_ = None
            X = self._with_strand(self._check_onehot(X))
        else:
            self.encoder_ = self._make_encoder()
            codes, lengths = encode_sequences(X, estimator_name=type(self).__name__)
            X = self._as_codes(self.encoder_._fit_codes(codes, lengths))
        self.n_positions_ = int(X.shape[2])
        y = check_target(y, X.shape[0], estimator_name=type(self).__name__)
        return X, self._check_target(y)

    def _check_parameters(self) -> None:
        """Checks of parameter combinations, before any work (none by default)."""

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
        inputs = [self._as_codes(self.encoder_._transform_to_codes(codes, lengths))]
        if both_strands:
            # the reverse complement of the sequence, then padded like the original
            backward = self.encoder_._transform_to_codes(*reverse_complement_joined(codes, lengths))
            inputs.append(self._as_codes(backward, reverse=True))
        return inputs

    def _check_target(self, y: np.ndarray) -> np.ndarray:
        """The expression bins of a soft head (``bins_``), or the softplus head's range."""
        self.bins_ = None
        low, high = np.nanmin(y), np.nanmax(y)
        if self._soft_head:
            n_bins = int(np.ceil(high) - np.floor(low)) + 1
            if n_bins > _MAX_SOFT_BINS:
                raise ValueError(
                    f"The soft-classification head has one output per integer expression "
                    f"value from {low:.4g} to {high:.4g}: {n_bins} outputs, more than "
                    f"{_MAX_SOFT_BINS}. It is made for binned expression such as DREAM's "
                    f"0-17; rescale y or use a regression head."
                )
            self.bins_ = np.arange(np.floor(low), np.ceil(high) + 1, dtype=np.float32)
        elif low < 0:
            raise ValueError(
                f"head='regression' predicts through softplus (values >= 0), but y has "
                f"negative values (min {low:.4g}); shift y to be non-negative (e.g. "
                f"log-expression minus its minimum) or use head='soft_classification'."
            )
        return y

    def _n_logits(self, n_outputs: int) -> int:
        """Outputs of the network: one value per target, or one per target and bin."""
        return n_outputs if self.bins_ is None else n_outputs * len(self.bins_)

    def _criterion(self) -> Any:
        """The elementwise loss of the head."""
        import torch

        from ._modules import SoftBinLoss, SquaredError

        if self.bins_ is None:
            return SquaredError()
        return SoftBinLoss(torch.from_numpy(self.bins_), sigma=self.soft_sigma)

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

    # -- prediction --------------------------------------------------------
    def predict(self, X: Any) -> np.ndarray:
        """Predict expression, by default averaged over both strands.

        With ``rc_average=True`` the prediction is the mean of the network's
        output for each sequence and for its reverse complement. For string
        input the reverse complement is taken of the sequence and then padded
        like the original, so a sequence and its reverse complement get
        exactly the same prediction whatever the padding; for one-hot input
        the array is flipped (padding moves to the other end). Strings are
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
        check_is_fitted(self)
        inputs = self._network_inputs(X, both_strands=self.rc_average)
        predictions = [self._predict_array(strand) for strand in inputs]
        return predictions[0] if len(predictions) == 1 else (predictions[0] + predictions[1]) / 2

    def _predict_batch(self, module: Any, X_batch: Any) -> Any:
        out = module(X_batch)
        if self.bins_ is not None:
            import torch

            from ._modules import expected_bin

            out = expected_bin(out, torch.from_numpy(self.bins_).to(out.device))
        return out

    def __sklearn_tags__(self):
        tags = sequence_input_tags(super().__sklearn_tags__(), one_hot=True)
        tags.input_tags.sparse = False
        return tags
