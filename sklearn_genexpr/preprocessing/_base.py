"""What the sequence transformers share (as sklearn's ``_BaseEncoder`` for its encoders)."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from .._alphabet import encode_sequences
from ..utils._output import ManualOutputMixin
from ..utils._validation import sequence_input_tags

__all__ = ["_BaseSequenceTransformer"]


class _BaseSequenceTransformer(
    ManualOutputMixin, TransformerMixin, BaseEstimator, auto_wrap_output_keys=None
):  # fmt: skip
    """Base of the transformers whose input is a 1-D collection of DNA sequences.

    Their output can be 3-D or come from 1-D string input, so they opt out of
    sklearn's automatic output wrapping and wrap 2-D outputs themselves
    (:class:`~sklearn_genexpr.utils._output.ManualOutputMixin`); their sklearn
    tags say they take strings; and their sequences become codes through the
    sequence core, with errors prefixed by the class name.
    """

    def _encode(self, X: Any) -> tuple[np.ndarray, np.ndarray]:
        """Validated sequences as ``(codes, lengths)`` (see ``encode_sequences``)."""
        return encode_sequences(X, estimator_name=type(self).__name__)

    def __sklearn_tags__(self):
        return sequence_input_tags(super().__sklearn_tags__())
