"""Input validation for estimators that take DNA sequences."""

from __future__ import annotations

from collections.abc import ItemsView, KeysView, Mapping, ValuesView
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import scipy.sparse as sp

__all__ = ["check_numeric", "check_sequences", "sequence_input_tags", "explain_numeric_error"]


def _describe(value: Any) -> str:
    return f"{value!r} of type {type(value).__name__}"


def check_sequences(X: Any, *, estimator_name: str | None = None) -> list[str]:
    """Validate a 1-D collection of DNA sequences and return it as a list of str.

    Accepted: a list or tuple of str, a 1-D numpy array of str or object, a
    pandas Series, a one-column pandas DataFrame, a numpy array of shape
    ``(n, 1)`` (what ``ColumnTransformer`` hands over for a one-column
    selection), or any other ordered iterable of str (a generator is read
    once). Refused: a single string, a mapping, and unordered collections
    (sets, dict views), whose rows would not line up with ``y``. An empty
    string is a sequence of length 0 (no k-mers, an all-padding one-hot
    row). The characters themselves are checked when the sequences are
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
        If ``X`` is a single string, a mapping, an unordered collection, or
        an element is not a string.
    ValueError
        If ``X`` is not one-dimensional or holds no sequence.
    """
    seqs = sequence_list(X, estimator_name=estimator_name)
    check_sequence_types(seqs, estimator_name=estimator_name)
    return seqs


def sequence_list(X: Any, *, estimator_name: str | None = None) -> list:
    """:func:`check_sequences` without the check that every element is a str.

    For callers that check the elements' types on the way (``"".join`` refuses
    anything but str; :func:`sklearn_genexpr._alphabet.encode_sequences` then
    calls :func:`check_sequence_types` to name the culprit): the check is a
    pass over every element, a tenth of the time of one-hot encoding.
    """
    prefix = f"{estimator_name}: " if estimator_name else ""
    if isinstance(X, (str, bytes)):
        raise TypeError(
            f"{prefix}expected a 1-D array-like of sequences, got a single "
            f"{type(X).__name__}; wrap it in a list: [seq]."
        )
    if isinstance(X, Mapping):  # list(X) would read its keys as the sequences
        raise TypeError(
            f"{prefix}expected a 1-D array-like of sequences, got a mapping "
            f"({type(X).__name__}); pass its sequences, e.g. list(mapping.values())."
        )
    if isinstance(X, (AbstractSet, KeysView, ValuesView, ItemsView)):
        # no order: the rows would not line up with y, nor outputs with inputs
        raise TypeError(
            f"{prefix}expected an ordered 1-D array-like of sequences, got a "
            f"{type(X).__name__}, which has no order; pass a list (e.g. sorted(...))."
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
    return seqs


def check_sequence_types(seqs: list, *, estimator_name: str | None = None) -> None:
    """Raise a ``TypeError`` naming the first element of ``seqs`` that is not a str."""
    prefix = f"{estimator_name}: " if estimator_name else ""
    # One C-level pass over the element types; the loop only runs to name a culprit.
    if not all(issubclass(kind, str) for kind in set(map(type, seqs))):
        for index, seq in enumerate(seqs):
            if not isinstance(seq, str):
                raise TypeError(
                    f"{prefix}sequence {index} is {_describe(seq)}; every sequence "
                    f"must be a str (missing values are not allowed)."
                )


def check_numeric(X: Any, *, estimator: Any = None, name: str = "X", **kwargs: Any) -> Any:
    """sklearn's validation of a numeric array, with errors that say what and where.

    Refuses, naming ``name``: a single string, a mapping and None (numpy would
    make a 0-d array of them, or read a dict's keys); numpy's conversion
    errors (a non-numeric value, ragged rows) name the column and row (see
    :func:`explain_numeric_error`). sklearn's checks (NaN, infinity, complex
    numbers, shape) run unchanged.

    Parameters
    ----------
    X : array-like
        The input.
    estimator : estimator, default=None
        Given: ``sklearn.utils.validation.validate_data(estimator, X, **kwargs)``
        (``n_features_in_`` set or checked); None: ``check_array(X, **kwargs)``.
    name : str, default="X"
        The input's name in the messages.
    **kwargs
        Passed on to sklearn's validation.

    Returns
    -------
    X : ndarray or sparse matrix
        What sklearn's validation returns.
    """
    from sklearn.utils import check_array
    from sklearn.utils.validation import validate_data

    owner = f"{type(estimator).__name__}: " if estimator is not None else ""
    mapping = isinstance(X, Mapping) and not sp.issparse(X)  # a DOK matrix is a dict
    if X is None or isinstance(X, (str, bytes)) or mapping:
        kind = (
            "None" if X is None
            else f"a mapping ({type(X).__name__})" if mapping
            else f"a single {type(X).__name__}"
        )  # fmt: skip
        raise TypeError(f"{owner}{name} must be an array-like of numbers, got {kind}.")
    if isinstance(X, (int, float, complex, np.generic)):  # a lone number: numpy makes it 0-d
        raise TypeError(f"{owner}{name} must be an array-like of numbers, got {X!r}.")
    try:
        # sklearn's message shows the array, not its name; dtype is read without
        # converting (array-likes may refuse numpy functions)
        if np.dtype(getattr(X, "dtype", np.float64)).kind == "c" or (
            isinstance(X, (list, tuple)) and np.asarray(X).dtype.kind == "c"
        ):
            raise ValueError(f"{owner}{name}: Complex data not supported; real numbers are needed.")
        if estimator is not None:
            return validate_data(estimator, X, **kwargs)
        return check_array(X, input_name=name, **kwargs)
    except (ValueError, TypeError) as error:
        raise explain_numeric_error(X, error, name=name) from error


def check_dtype(value: Any, kinds: str, *, owner: str, what: str = "a numeric") -> np.dtype:
    """The numpy dtype of a ``dtype`` parameter, of one of ``kinds``, or an error naming it.

    Parameters
    ----------
    value : object
        What the user passed as ``dtype``.
    kinds : str
        Allowed ``dtype.kind`` letters (``"f"``: floats, ``"iuf"``: numbers).
    owner : str
        The estimator's name, for the message.
    what : str, default="a numeric"
        How the message names the allowed dtypes.

    Returns
    -------
    dtype : numpy.dtype
    """
    try:
        dtype = np.dtype(value)
    except TypeError as error:  # numpy's "data type 'foo' not understood"
        raise ValueError(f"{owner}: dtype={value!r} is not a numpy dtype ({error}).") from error
    if dtype.kind not in kinds:
        raise ValueError(f"{owner}: dtype must be {what} numpy dtype, got dtype={dtype}.")
    return dtype


def explain_numeric_error(X: Any, error: Exception, name: str = "X") -> Exception:
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
    if "could not convert" not in text and "float() argument" not in text:
        return error
    columns = list(getattr(X, "columns", []))
    try:
        table = np.asarray(X, dtype=object)
    except ValueError:
        return error
    if table.ndim == 1:
        for i, value in enumerate(table):
            try:
                float(value)
            except (TypeError, ValueError):
                return type(error)(f"{name} holds a non-numeric value {value!r} (row {i}).")
        return error
    if table.ndim != 2:
        return error
    for j in range(table.shape[1]):
        for i, value in enumerate(table[:, j]):
            try:
                float(value)
            except (TypeError, ValueError):
                label = f"column {j}" + (f" ({columns[j]!r})" if columns else "")
                # the same type as numpy's error (a TypeError for a dict, say), its words kept
                return type(error)(
                    f"{name} {label} holds a non-numeric value {value!r} (row {i}); this "
                    f"estimator needs numbers: encode or drop that column ({error})."
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


def check_target(y: Any, n_samples: int, estimator_name: str = "The estimator") -> np.ndarray:
    """Validate a neural estimator's target: float64, 1-D or 2-D, NaN = not measured.

    A NaN in 2-D ``y`` marks an entry that was not measured; every row and
    every column must keep at least one measured value. 1-D ``y`` must be
    measured everywhere. Infinity is an error anywhere. Errors name the row
    or column.
    """
    from sklearn.utils import check_consistent_length

    if y is None:  # the wording sklearn's checks expect
        raise ValueError(f"{estimator_name} requires y to be passed, but the target y is None.")
    y = check_numeric(
        y, name="y", ensure_2d=False, ensure_all_finite=False, dtype=np.float64
    ).astype(np.float64, copy=False)
    if y.ndim > 2:
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}.")
    check_consistent_length(np.empty(n_samples), y)
    if np.isinf(y).any():
        row = int(np.argmax(np.isinf(y).reshape(len(y), -1).any(axis=1)))
        raise ValueError(f"Input y contains infinity (row {row}).")
    missing = np.isnan(y)
    if not missing.any():
        return y
    if y.ndim == 1:
        rows = np.flatnonzero(missing)
        raise ValueError(
            f"Input y contains NaN (row {rows[0]}{_and_more(rows)}). NaN marks a missing "
            f"measurement only in 2-D y (one column per library or condition); a 1-D target "
            f"must be measured in every row: drop those rows."
        )
    empty_rows = np.flatnonzero(missing.all(axis=1))
    if len(empty_rows):
        raise ValueError(
            f"Row {empty_rows[0]}{_and_more(empty_rows)} of y has no measured value (all "
            f"NaN): there is nothing to learn from it; drop it."
        )
    empty_columns = np.flatnonzero(missing.all(axis=0))
    if len(empty_columns):
        raise ValueError(
            f"Column {empty_columns[0]}{_and_more(empty_columns)} of y has no measured value "
            f"(all NaN): its output cannot be trained; drop it."
        )
    return y


def _and_more(index: np.ndarray) -> str:
    return f" and {len(index) - 1} more" if len(index) > 1 else ""


def reject_bool_integers(estimator: Any) -> None:
    """Refuse ``True``/``False`` where a parameter must be an integer.

    sklearn's ``Interval(Integral, ...)`` constraints admit bools (``bool`` is an
    ``int``), so ``max_iter=True`` would train one epoch. Checked for every
    parameter whose constraints are integer intervals only.

    Parameters
    ----------
    estimator : estimator with ``_parameter_constraints``
        Its parameters are read with ``get_params(deep=False)``.

    Raises
    ------
    ValueError
        Naming the parameter and the value.
    """
    values = {name: getattr(estimator, name, None) for name in estimator._parameter_constraints}
    reject_bools(estimator._parameter_constraints, values, owner=type(estimator).__name__)


def reject_bools(constraints: dict, values: dict, *, owner: str) -> None:
    """Refuse a bool in ``values`` where ``constraints`` allow only integer intervals.

    The check of :func:`reject_bool_integers`, for functions validated with
    ``validate_params`` as well as for estimators.

    Parameters
    ----------
    constraints : dict
        Parameter name -> its constraints (as given to ``validate_params``).
    values : dict
        Parameter name -> the value passed.
    owner : str
        The estimator or function, for the message.

    Raises
    ------
    ValueError
        Naming the parameter and the value.
    """
    from numbers import Integral

    from sklearn.utils._param_validation import Interval

    for name, value in values.items():
        if not isinstance(value, (bool, np.bool_)):
            continue
        options = constraints.get(name, [])
        intervals = [c for c in options if isinstance(c, Interval)]
        if intervals and all(c.type is Integral for c in intervals) and "boolean" not in options:
            raise ValueError(f"{name}={value!r} of {owner}: an integer is expected, not a bool.")
