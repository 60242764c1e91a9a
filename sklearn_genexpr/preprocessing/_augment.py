"""Reverse complements: a function, a transformer and a training-set augmenter.

DNA is double stranded: a promoter read on the other strand is the reverse
complement of the same molecule and, for most assays, has the same
expression. Training on both strands (augmentation) and averaging the
predictions of both (test-time averaging) are standard in sequence models.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin, _fit_context
from sklearn.utils._param_validation import StrOptions
from sklearn.utils.validation import _num_samples, check_is_fitted

from .._alphabet import (
    check_alphabet,
    encode_joined,
    reverse_complement_onehot,
    reverse_complement_strings,
)
from ..utils._output import ManualOutputMixin, output_container, wrap_2d_output
from ..utils._validation import check_sequences, sequence_input_tags

__all__ = [
    "reverse_complement",
    "ReverseComplementTransformer",
    "ReverseComplementAugmenter",
]


def _is_onehot(X: Any) -> bool:
    return isinstance(X, np.ndarray) and X.dtype.kind in "biuf"


def reverse_complement(
    X: Any, *, alphabet: str = "ACGT", layout: str = "channels_first"
) -> np.ndarray:
    """Reverse complement of DNA sequences or of one-hot arrays.

    Parameters
    ----------
    X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
        Sequences (IUPAC codes are complemented, ``R`` <-> ``Y`` etc., case is
        kept), or a numeric one-hot array as made by
        :class:`~sklearn_genexpr.preprocessing.DNAOneHotEncoder`.
    alphabet : str, default="ACGT"
        Channel order of one-hot input.
    layout : {"channels_first", "channels_last"}, default="channels_first"
        Axis order of one-hot input: ``(n, 4, L)`` or ``(n, L, 4)``.

    Returns
    -------
    X_rc : ndarray
        A 1-D array of str for sequences, a new array of the same shape and
        dtype for one-hot input. Padding moves to the other end, as it should:
        position ``i`` of the reverse complement is position ``L - 1 - i`` of
        the original.

    Examples
    --------
    >>> from sklearn_genexpr.preprocessing import reverse_complement
    >>> reverse_complement(["AACGN", "ggR"])
    array(['NCGTT', 'Ycc'], dtype='<U5')
    """
    if _is_onehot(X):
        if X.ndim != 3:
            raise ValueError(
                f"One-hot input must be 3-D (n, 4, L) or (n, L, 4), got shape {X.shape}."
            )
        channel_axis = 1 if layout == "channels_first" else 2
        if layout not in ("channels_first", "channels_last"):
            raise ValueError(f"layout must be 'channels_first' or 'channels_last', got {layout!r}.")
        if X.shape[channel_axis] != 4:
            raise ValueError(
                f"One-hot input with layout={layout!r} needs 4 channels on axis "
                f"{channel_axis}, got shape {X.shape}."
            )
        return reverse_complement_onehot(X, alphabet=alphabet, channel_axis=channel_axis)
    return _sequences_and_reverse_complements(X, estimator_name="reverse_complement")[1]


def _sequences_and_reverse_complements(
    X: Any, *, estimator_name: str
) -> tuple[np.ndarray, np.ndarray]:
    """The validated sequences and their reverse complements, as 1-D arrays of str.

    The container is validated once and the characters once (the codes are
    only needed for that: the strings keep their case).
    """
    seqs = check_sequences(X, estimator_name=estimator_name)
    encode_joined(seqs)  # raises on non-DNA characters, naming sequence and position
    return np.asarray(seqs, dtype=str), np.asarray(reverse_complement_strings(seqs), dtype=str)


class _ReverseComplementParams(BaseEstimator):
    """Parameters shared by the transformer and the augmenter."""

    _parameter_constraints: dict = {
        "alphabet": [str],
        "layout": [StrOptions({"channels_first", "channels_last"})],
    }

    def __init__(self, *, alphabet: str = "ACGT", layout: str = "channels_first") -> None:
        self.alphabet = alphabet
        self.layout = layout

    def _reverse_complement(self, X: Any) -> np.ndarray:
        return reverse_complement(X, alphabet=self.alphabet, layout=self.layout)

    def __sklearn_tags__(self):
        return sequence_input_tags(super().__sklearn_tags__(), one_hot=True)


class ReverseComplementTransformer(
    ManualOutputMixin, TransformerMixin, _ReverseComplementParams,
    auto_wrap_output_keys=None,
):  # fmt: skip
    """Replace every sequence (or one-hot array) by its reverse complement.

    A stateless transformer, for predicting on the other strand (e.g. inside a
    :class:`~sklearn.preprocessing.FunctionTransformer`-free Pipeline, or to
    average forward and reverse-complement predictions). To *add* reverse
    complements to a training set use :class:`ReverseComplementAugmenter`.

    Parameters
    ----------
    alphabet : str, default="ACGT"
        Channel order of one-hot input.
    layout : {"channels_first", "channels_last"}, default="channels_first"
        Axis order of one-hot input.

    Attributes
    ----------
    is_fitted_ : bool
        Set by :meth:`fit` (there is nothing to learn but the name of the
        input's column, for :meth:`get_feature_names_out`).

    See Also
    --------
    reverse_complement : The same as a function.

    Notes
    -----
    With ``set_output(transform="pandas")`` (or ``"polars"``, directly or through
    a Pipeline) string output becomes a one-column DataFrame, named as the
    input's column or Series (``"sequence"`` otherwise), indexed as a pandas
    input; one-hot (3-D) output stays an array.

    Examples
    --------
    >>> from sklearn_genexpr.preprocessing import ReverseComplementTransformer
    >>> ReverseComplementTransformer().fit_transform(["AACG", "TTGA"])
    array(['CGTT', 'TCAA'], dtype='<U4')
    """

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None) -> ReverseComplementTransformer:
        """Check the parameters.

        Parameters
        ----------
        X : array-like of str, or one-hot ndarray
            Ignored apart from validation.
        y : None
            Ignored.

        Returns
        -------
        self : ReverseComplementTransformer
            The fitted transformer.
        """
        check_alphabet(self.alphabet)
        self._sequence_name = self._column_name(X)  # the output column's name
        self.is_fitted_ = True
        return self

    @staticmethod
    def _column_name(X: Any) -> str:
        columns = getattr(X, "columns", None)
        if columns is not None and len(columns) == 1:
            return str(columns[0])
        name = getattr(X, "name", None)  # a pandas Series
        return str(name) if isinstance(name, str) else "sequence"

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The one output column of string input: its input name, or ``"sequence"``.

        Parameters
        ----------
        input_features : array-like of str or None, default=None
            The input's one column name (a Pipeline passes the previous step's).

        Returns
        -------
        feature_names_out : ndarray of str objects
            One name.
        """
        check_is_fitted(self)
        if input_features is None:
            return np.asarray([self._sequence_name], dtype=object)
        names = np.asarray(input_features, dtype=object).ravel()
        if len(names) != 1:
            raise ValueError(
                f"input_features must hold the one sequence column's name, got {len(names)} "
                f"names: {list(names)[:5]}."
            )
        return names

    def transform(self, X: Any) -> np.ndarray:
        """Reverse-complement ``X``.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or one-hot ndarray
            Sequences, or one-hot arrays in the configured ``alphabet`` and ``layout``.

        Returns
        -------
        X_rc : ndarray
            The reverse complements, in the order of ``X``.
        """
        check_is_fitted(self)
        result = self._reverse_complement(X)
        if result.ndim != 1 or output_container(self) == "default":
            return result
        return wrap_2d_output(self, result[:, None], X)

    def inverse_transform(self, X: Any) -> np.ndarray:
        """Reverse-complement again (the operation is its own inverse).

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or one-hot ndarray
            Reverse complements.

        Returns
        -------
        X_original : ndarray
            The sequences they were made from.
        """
        return self.transform(X)


class ReverseComplementAugmenter(_ReverseComplementParams):
    """Double a training set with the reverse complement of every sequence.

    :meth:`fit_resample` returns the original sequences followed by their
    reverse complements, and ``y`` twice (any ``y``: continuous, multi-output,
    classes). That makes it a *sampler* in imbalanced-learn's sense: inside an
    :class:`imblearn.pipeline.Pipeline` it augments the data only while the
    pipeline is fitted, and is skipped at ``predict``/``score`` time.

    It deliberately has no ``transform``: imbalanced-learn refuses a step that
    is both a sampler and a transformer, and a ``transform`` that doubled the
    rows would break ``predict``. Use :class:`ReverseComplementTransformer` or
    :func:`reverse_complement` for the plain operation.

    Parameters
    ----------
    alphabet : str, default="ACGT"
        Channel order of one-hot input.
    layout : {"channels_first", "channels_last"}, default="channels_first"
        Axis order of one-hot input.

    See Also
    --------
    ReverseComplementTransformer : Reverse complement without augmentation.

    Notes
    -----
    Without imbalanced-learn, augment before fitting a plain sklearn pipeline::

        X_aug, y_aug = ReverseComplementAugmenter().fit_resample(X_train, y_train)
        pipeline.fit(X_aug, y_aug)

    Do this outside any cross-validation splitter, or the two strands of one
    sequence can land on both sides of a split; inside ``GridSearchCV`` use the
    imbalanced-learn pipeline, which resamples each training fold only.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.preprocessing import ReverseComplementAugmenter
    >>> X_aug, y_aug = ReverseComplementAugmenter().fit_resample(
    ...     ["AACG", "TTGA"], np.array([1.5, 2.0]))
    >>> X_aug
    array(['AACG', 'TTGA', 'CGTT', 'TCAA'], dtype='<U4')
    >>> y_aug
    array([1.5, 2. , 1.5, 2. ])
    """

    def fit(self, X: Any, y: Any = None) -> ReverseComplementAugmenter:
        """Check the parameters (nothing to learn); use :meth:`fit_resample`.

        Parameters
        ----------
        X : array-like of str, or one-hot ndarray
            Ignored apart from validation.
        y : array-like, optional
            Ignored.

        Returns
        -------
        self : ReverseComplementAugmenter
            The augmenter.
        """
        self._validate_params()
        check_alphabet(self.alphabet)
        return self

    def fit_resample(self, X: Any, y: Any) -> tuple[np.ndarray, Any]:
        """Return ``X`` followed by its reverse complements, and ``y`` twice.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or one-hot ndarray
            Sequences or one-hot arrays (``(n, 4, L)`` / ``(n, L, 4)``).
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Targets; numpy arrays, lists and pandas objects are accepted.

        Returns
        -------
        X_resampled : ndarray of length 2 * n_sequences
            The sequences, then their reverse complements.
        y_resampled : ndarray, or the pandas type of ``y``, of length 2 * n_sequences
            ``y`` twice.
        """
        self.fit(X, y)
        if _is_onehot(X):
            X_rc = self._reverse_complement(X)
        else:
            X, X_rc = _sequences_and_reverse_complements(X, estimator_name=type(self).__name__)
        X_resampled = np.concatenate([X, X_rc], axis=0)
        n = X_rc.shape[0]
        if y is None:
            raise ValueError("fit_resample needs y: the targets to repeat.")
        n_y = _num_samples(y)
        if n_y != n:
            raise ValueError(f"X has {n} samples but y has {n_y}; they must have the same length.")
        if hasattr(y, "iloc"):  # pandas: keep the type; the index repeats
            import pandas as pd

            y_resampled = pd.concat([y, y], axis=0)
        else:
            y_array = np.asarray(y)
            y_resampled = np.concatenate([y_array, y_array], axis=0)
        return X_resampled, y_resampled
