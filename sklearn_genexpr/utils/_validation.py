"""Input validation for estimators that take DNA sequences."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_sequences", "sequence_input_tags"]


def _describe(value: Any) -> str:
    return f"{value!r} of type {type(value).__name__}"


def check_sequences(X: Any, *, estimator_name: str | None = None) -> list[str]:
    """Validate a 1-D collection of DNA sequences and return it as a list of str.

    Accepted: a list or tuple of str, a 1-D numpy array of str or object, a
    pandas Series, a one-column pandas DataFrame, or a numpy array of shape
    ``(n, 1)`` (what ``ColumnTransformer`` hands over for a one-column
    selection). The characters themselves are checked when the sequences are
    encoded (:func:`sklearn_genexpr._alphabet.encode_joined`).

    Parameters
    ----------
    X : array-like of str
        The sequences.
    estimator_name : str, optional
        Used to prefix error messages.

    Returns
    -------
    seqs : list of str

    Raises
    ------
    TypeError
        If ``X`` is a single string, or an element is not a string.
    ValueError
        If ``X`` is not one-dimensional or holds no sequence.
    """
    prefix = f"{estimator_name}: " if estimator_name else ""
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{prefix}expected a 1-D array-like of sequences, got a single "
            f"{type(X).__name__}; wrap it in a list: [seq]."
        )
    if hasattr(X, "iloc") and hasattr(X, "columns"):  # pandas DataFrame
        if X.shape[1] != 1:
            raise ValueError(
                f"{prefix}expected one column of sequences, got a DataFrame with "
                f"{X.shape[1]} columns {list(X.columns)[:5]}."
            )
        X = X.iloc[:, 0]
    if hasattr(X, "to_numpy"):  # pandas Series, polars Series
        X = X.to_numpy()
    if isinstance(X, np.ndarray):
        if X.ndim == 2 and X.shape[1] == 1:
            X = X[:, 0]
        if X.ndim != 1:
            raise ValueError(
                f"{prefix}expected a 1-D array-like of sequences, got an array of shape {X.shape}."
            )
        if X.dtype.kind == "U":
            seqs = X.tolist()
            if not seqs:
                raise ValueError(f"{prefix}got 0 sequences; at least 1 is required.")
            return seqs
        X = X.tolist()
    try:
        seqs = list(X)
    except TypeError:
        raise TypeError(
            f"{prefix}expected a 1-D array-like of sequences, got {_describe(X)}."
        ) from None
    if not seqs:
        raise ValueError(f"{prefix}got 0 sequences; at least 1 is required.")
    # One C-level pass over the element types; the loop only runs to name a culprit.
    if not all(issubclass(kind, str) for kind in set(map(type, seqs))):
        for index, seq in enumerate(seqs):
            if not isinstance(seq, str):
                raise TypeError(
                    f"{prefix}sequence {index} is {_describe(seq)}; every sequence "
                    f"must be a str (missing values are not allowed)."
                )
    return seqs


def sequence_input_tags(tags: Any, *, one_hot: bool = False) -> Any:
    """Mark sklearn tags as taking a 1-D array of strings (not a 2-D numeric X).

    With ``one_hot``, 3-D one-hot arrays are accepted too.
    """
    tags.input_tags.two_d_array = False
    tags.input_tags.one_d_array = True
    tags.input_tags.string = True
    tags.input_tags.three_d_array = one_hot
    if tags.transformer_tags is not None:
        tags.transformer_tags.preserves_dtype = []
    return tags
