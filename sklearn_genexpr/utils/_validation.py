"""Input validation for estimators that take DNA sequences."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["check_sequences", "sequence_input_tags", "explain_numeric_error"]


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
        The sequences as Python strings, in order.

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


def explain_numeric_error(X: Any, error: ValueError, name: str = "X") -> ValueError:
    """A clearer error for numpy's conversion failures on a 2-D numeric input.

    numpy says "could not convert string to float: 'a'" or "inhomogeneous
    shape" without saying where; this names the column (and its name for a
    DataFrame) and a value, or the first row of another length. Any other
    error is returned unchanged.

    Parameters
    ----------
    X : array-like
        The input that failed to convert.
    error : ValueError
        The error numpy or sklearn raised.
    name : str, default="X"
        The name of the input in the message.

    Returns
    -------
    error : ValueError
        The error to raise (``raise explain_numeric_error(X, e) from e``).
    """
    text = str(error)
    if "inhomogeneous" in text and isinstance(X, (list, tuple)):
        lengths = [len(row) if hasattr(row, "__len__") else 1 for row in X]
        row = next((i for i, n in enumerate(lengths) if n != lengths[0]), None)
        if row is not None:
            return ValueError(
                f"{name} is ragged: row {row} has {lengths[row]} values where row 0 has "
                f"{lengths[0]}; every row needs the same number of columns."
            )
    if "could not convert" not in text:
        return error
    columns = list(getattr(X, "columns", []))
    table = np.asarray(X, dtype=object)
    if table.ndim != 2:
        return error
    for j in range(table.shape[1]):
        for i, value in enumerate(table[:, j]):
            try:
                float(value)
            except (TypeError, ValueError):
                label = f"column {j}" + (f" ({columns[j]!r})" if columns else "")
                return ValueError(
                    f"{name} {label} holds a non-numeric value {value!r} (row {i}); this "
                    f"estimator needs numbers: encode or drop that column."
                )
    return error


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
