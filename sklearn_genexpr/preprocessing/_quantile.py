"""Joint quantile normalisation of expression profiles across platforms."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import Any

import numpy as np
from sklearn.base import (
    BaseEstimator,
    OneToOneFeatureMixin,
    TransformerMixin,
    _fit_context,
)
from sklearn.utils.validation import check_is_fitted, validate_data

from ..utils._validation import check_numeric

__all__ = ["JointQuantileNormalizer"]

# Rows per block: bounds the temporary arrays (a few of them, 8 bytes a value).
_BLOCK_VALUES = 1 << 21


def _block_rows(n_features: int) -> int:
    return max(1, _BLOCK_VALUES // max(n_features, 1))


def _sortable_keys(
    block: np.ndarray, out: np.ndarray | None = None, *, float_order: bool = False
) -> tuple[np.ndarray, np.uint64, bool]:
    """Keys that sort like the values and carry each value's column.

    One compiled pass (:func:`~._quantile_kernels.float_keys`): the value's
    bits, made to sort as unsigned integers, or with ``float_order`` left to
    sort as float64 (numpy sorts float64 faster than uint64), with the lowest
    bits replaced by the column index, so one sort yields both the sorted
    order and the permutation (``argsort`` is 2-3x slower). Values that differ
    only in those low mantissa bits (a relative difference below ~2**-38 for
    10,000 genes) may come out in the wrong order; the caller checks and
    re-sorts such rows exactly. ``out``: a uint64 array of the block's shape to
    write the keys into (reused from block to block: a new array costs page
    faults).

    Returns the keys, the column mask, and whether the keys are float-ordered:
    a block with inf or NaN always gets unsigned keys, because numpy's float
    sort may rewrite a NaN's bits (the column with them), and an infinity
    whose low bits hold a column is a NaN.
    """
    from ._quantile_kernels import float_keys

    n_features = block.shape[1]
    index_mask = np.uint64((1 << max(1, int(n_features - 1).bit_length())) - 1)
    keys = np.empty(block.shape, dtype=np.uint64) if out is None else out
    bits = block.view(np.uint64)
    finite = float_keys(bits, index_mask, keys, not float_order)
    if float_order and not finite:
        float_keys(bits, index_mask, keys, True)
    return keys, index_mask, float_order and finite


def _sorted_keys(block: np.ndarray, out: np.ndarray | None = None) -> tuple[np.ndarray, np.uint64]:
    """Each row's sort keys (see :func:`_sortable_keys`) in order, and the column mask.

    Keys are distinct within a row (their low bits hold the column), so the
    sorts give the same order up to ties, which share one output value: the
    compiled radix sort (keys start in column order and it is stable, so the
    bytes that hold only column bits need no pass) or numpy's sort, whichever
    is faster on this CPU (:func:`_sort_route`).
    """
    route = _sort_route("keys")
    keys, index_mask, float_ordered = _sortable_keys(block, out, float_order=route == "numpy")
    _sort_keys(keys, index_mask, route, float_ordered)
    return keys, index_mask


def _sort_keys(keys: np.ndarray, index_mask: np.uint64, route: str, float_ordered: bool) -> None:
    """Sort each row of keys in place by ``route`` (``"numpy"`` or ``"radix"``)."""
    if float_ordered:
        keys.view(np.float64).sort(axis=1)
    elif route == "numpy":
        keys.sort(axis=1)
    else:
        from ._quantile_kernels import radix_sort_rows

        radix_sort_rows(keys, int(index_mask).bit_length() // 8)


def _calibration_block() -> np.ndarray:
    # 8 profiles of 10,000 genes: the row length these data have
    return np.random.default_rng(0).lognormal(size=(8, 10_000))


def _sort_route(what: str) -> str:
    """``"numpy"`` or ``"radix"``: the faster sort of rows here, measured once.

    numpy's sort of 64-bit rows uses AVX-512 where the CPU has it (and is then
    about 4x faster than with AVX2 only); the radix sort runs at one speed on
    both. ``what`` is ``"keys"`` (the keys of :func:`_sortable_keys`) or
    ``"values"`` (float rows, :func:`_sorted_rows`).
    """
    from ..utils._routes import fastest_route

    return fastest_route(f"quantile_{what}_sort", ("numpy", "radix"), lambda: _calibrations(what))


def _calibrations(what: str) -> dict:
    block = _calibration_block()
    if what == "keys":
        calibrations = {}
        for route in ("numpy", "radix"):
            keys, index_mask, float_ordered = _sortable_keys(block, float_order=route == "numpy")
            calibrations[route] = partial(_sort_copy, keys, index_mask, route, float_ordered)
        return calibrations
    out = np.empty_like(block)
    return {route: partial(sort, block, out) for route, sort in _VALUE_SORTS.items()}


def _sort_copy(keys: np.ndarray, index_mask: np.uint64, route: str, float_ordered: bool) -> None:
    _sort_keys(keys.copy(), index_mask, route, float_ordered)


def _exact_order(block: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat order (indices into the flattened ``block``) and sorted values, NaN last,
    of a few ``rows`` that the keys could not settle: a stable exact argsort."""
    columns = np.argsort(block[rows], axis=1, kind="stable")
    values = np.take_along_axis(block[rows], columns, axis=1)
    return columns + (rows * block.shape[1])[:, None], values


def _sorted_rows(block: np.ndarray, out: np.ndarray) -> np.ndarray:
    """Each row of ``block`` sorted, NaN last: ``np.sort(block, axis=1)``.

    By numpy's sort, or where that is the slower route here
    (:func:`_sort_route`) by a compiled radix sort of keys that sort like the
    values (:func:`_sortable_keys`, here with every bit kept), turned back
    into floats. Either way ``-0.0`` becomes ``0.0``. ``out``: a float64 array
    of the block's shape to sort into (reused from block to block: a new
    array costs page faults).
    """
    return _VALUE_SORTS[_sort_route("values")](block, out)


def _numpy_sorted_rows(block: np.ndarray, out: np.ndarray) -> np.ndarray:
    np.add(block, 0.0, out=out)  # + 0.0 turns -0.0 into +0.0
    out.sort(axis=1)
    return out


def _radix_sorted_rows(block: np.ndarray, out: np.ndarray) -> np.ndarray:
    from ._quantile_kernels import float_keys, key_floats, radix_sort_rows

    keys = out.view(np.uint64)
    float_keys(block.view(np.uint64), np.uint64(0), keys)
    radix_sort_rows(keys, 0)
    key_floats(keys)
    return out


_VALUE_SORTS = {"numpy": _numpy_sorted_rows, "radix": _radix_sorted_rows}


def _threads_for(n_blocks: int) -> int:
    """Threads for ``n_blocks`` blocks: one a block, at most ``NUMBA_NUM_THREADS``
    (see :mod:`sklearn_genexpr.utils._threads`)."""
    from ..utils._threads import kernel_threads

    return kernel_threads(n_blocks, min_work=1)


def _blocks(
    array: np.ndarray, rows: int, first: int, stop: int
) -> Iterator[tuple[int, np.ndarray]]:
    """``(first row, block)`` of the blocks ``[first, stop)`` of ``rows`` rows of ``array``."""
    for start in range(first * rows, min(stop * rows, array.shape[0]), rows):
        yield start, array[start : start + rows]


def _in_threads(function: Any, array: np.ndarray, rows: int, sort: str) -> list:
    """``function(first, stop)`` over chunks of the blocks of ``rows`` rows of
    ``array``, a chunk a thread, their results joined in block order.

    The blocks are independent (numpy's sort and the compiled kernels release
    the GIL, so threads sort blocks at the same time); each chunk allocates its
    own buffers. ``sort`` (``"keys"`` or ``"values"``) is measured here first,
    on this thread, so that the threads do not time the routes against each
    other (:func:`_sort_route`).
    """
    from ..utils._threads import map_chunks

    _sort_route(sort)
    n_blocks = -(-array.shape[0] // rows)
    results = map_chunks(function, n_blocks, _threads_for(n_blocks))
    return [item for chunk in results if chunk for item in chunk]


def _quantile_grid(sorted_valid: np.ndarray, n_points: int) -> np.ndarray:
    """A row's sorted valid values interpolated at ``n_points`` evenly spaced ranks."""
    n_valid = sorted_valid.shape[0]
    if n_valid == n_points:
        return sorted_valid
    if n_valid == 1:
        return np.full(n_points, sorted_valid[0])
    ranks = np.linspace(0, n_valid - 1, n_points)
    return np.interp(ranks, np.arange(n_valid), sorted_valid)


def _tie_averaged(sorted_values: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """The target of each rank, with every run of tied values given the mean
    of the targets of the ranks it holds.

    ``sorted_values`` is (rows, n), row-sorted and NaN-free; ``targets`` is the
    (n,) target of each rank, shared by all rows. Returns a (rows, n) array
    (a read-only broadcast view when there are no ties).
    """
    n_rows, n = sorted_values.shape
    run_start = np.ones(sorted_values.shape, dtype=bool)
    np.not_equal(sorted_values[:, 1:], sorted_values[:, :-1], out=run_start[:, 1:])
    if run_start.all():
        return np.broadcast_to(targets, sorted_values.shape)
    # Runs over the flattened block: every row starts a run, so none spans rows.
    starts = np.flatnonzero(run_start)
    lengths = np.diff(starts, append=sorted_values.size)
    first_rank = starts % n
    cumulative = np.concatenate([[0.0], np.cumsum(targets)])
    means = (cumulative[first_rank + lengths] - cumulative[first_rank]) / lengths
    return np.repeat(means, lengths).reshape(n_rows, n)


class JointQuantileNormalizer(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Give every profile (row) the same value distribution, learned jointly.

    Rows are profiles (samples, arrays, RNA-seq libraries), columns are genes.
    :meth:`fit` learns the reference distribution: the mean, over all
    training profiles, of each profile's sorted values (rank means).
    :meth:`transform` replaces each value by the reference value at its rank
    within its row, so every transformed profile has exactly the reference's
    values. Tied values all get the mean of the reference over the ranks they
    occupy (as the ``qnorm`` package does). New profiles (e.g. a test set, or
    another platform) are mapped onto the same reference, which is what makes
    the normaliser usable inside a ``Pipeline`` before a model.

    This is the normalisation of D-GEX (Chen et al. 2016), which quantile
    normalised microarray and RNA-seq profiles jointly so that models trained
    on one platform apply to the other. Standardise each gene afterwards with
    :class:`~sklearn.preprocessing.StandardScaler`.

    Parameters
    ----------
    balance_datasets : bool, default=False
        Only used when :meth:`fit` receives several data sets (a list of 2-D
        arrays). ``False``: every profile counts once in the reference (the
        joint normalisation of D-GEX). ``True``: every data set counts once,
        so a large platform does not dominate a small one.

    Attributes
    ----------
    reference_ : ndarray of shape ``(n_features_in_,)``
        The learned sorted reference distribution.
    n_features_in_ : int
        Number of genes (columns).
    feature_names_in_ : ndarray of shape ``(n_features_in_,)``
        Column names of a DataFrame given to :meth:`fit`.
    n_datasets_ : int
        Number of data sets the reference was learned from.

    Notes
    -----
    **Several data sets.** ``fit([X_array1, X_array2])`` (a list or tuple of
    2-D arrays or DataFrames with the same columns) learns one reference from
    all of them; :meth:`fit_transform` then returns their rows stacked in
    order. A list whose elements are not 2-D is read as one ordinary 2-D
    array-like.

    **Missing values.** NaN stays NaN in the output and is ignored when
    learning. A profile with ``n_valid`` values (NaN excluded) contributes
    its quantile function, linearly interpolated at ``n_features`` evenly
    spaced ranks, to the reference; in :meth:`transform` its ``n_valid``
    values are mapped onto the reference interpolated at ``n_valid`` evenly
    spaced ranks. Without NaN both reduce to the classic algorithm exactly.
    (``qnorm`` instead maps a row with NaN onto the first ``n_valid`` entries
    of the reference, i.e. onto its smallest values.)

    **Speed.** Each block of rows is sorted once, with the column index packed
    into the low bits of an order-preserving integer key (one integer sort
    instead of an ``argsort``: a compiled radix sort or numpy's, whichever is
    faster on the CPU at hand, measured once a process), and one compiled pass
    per row writes the reference where each value sits; rows whose order the
    keys cannot settle are re-sorted exactly. The blocks (about two million
    values each) are sorted on a thread a core, ``NUMBA_NUM_THREADS`` at most
    (joblib lowers it inside its workers); each thread allocates its
    temporary arrays once and reuses them. The output does not depend on the
    number of threads: the blocks' sums are added in block order. See
    ``benchmarks/README.md`` for the comparison with ``qnorm``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.preprocessing import JointQuantileNormalizer
    >>> X = np.array([[5.0, 2.0, 3.0], [4.0, 1.0, 4.0], [3.0, 4.0, 6.0]])
    >>> qn = JointQuantileNormalizer().fit(X)
    >>> qn.reference_
    array([2.        , 3.66666667, 5.        ])
    >>> qn.transform(X)  # the two 4.0 of row 1 share ranks 1 and 2: (3.67 + 5) / 2
    array([[5.        , 2.        , 3.66666667],
           [4.33333333, 2.        , 4.33333333],
           [2.        , 3.66666667, 5.        ]])
    """

    _parameter_constraints: dict = {"balance_datasets": ["boolean"]}

    def __init__(self, *, balance_datasets: bool = False) -> None:
        self.balance_datasets = balance_datasets

    def _split_datasets(self, X: Any) -> list[Any]:
        if (
            isinstance(X, (list, tuple))
            and X
            and all(getattr(part, "ndim", None) == 2 for part in X)
        ):
            return list(X)
        return [X]

    def _validate_datasets(self, X: Any) -> list[np.ndarray]:
        datasets = self._split_datasets(X)
        first = check_numeric(
            datasets[0], estimator=self, name="data set 0", dtype=np.float64,
            ensure_all_finite="allow-nan", reset=True, ensure_min_features=1,
        )  # fmt: skip
        arrays = [first]
        for position, part in enumerate(datasets[1:], start=1):
            names = getattr(part, "columns", None)
            if (
                names is not None
                and hasattr(self, "feature_names_in_")
                and list(map(str, names)) != list(self.feature_names_in_)
            ):
                same_set = set(map(str, names)) == set(self.feature_names_in_)
                raise ValueError(
                    f"Data set {position} has "
                    + (
                        "the same columns as data set 0 in another order"
                        if same_set
                        else "different columns than data set 0"
                    )
                    + "; the joint reference needs the same genes in the same order"
                    + (" (reorder it with part[first.columns])." if same_set else ".")
                )
            try:
                array = check_numeric(
                    part, estimator=self, name=f"data set {position}", dtype=np.float64,
                    ensure_all_finite="allow-nan", reset=False,
                )  # fmt: skip
            except (ValueError, TypeError) as error:  # check_numeric explained it
                hint = _transposed_hint(np.shape(part), first.shape)
                raise ValueError(f"Data set {position} of the list: {error}{hint}") from error
            arrays.append(array)
        return arrays

    @staticmethod
    def _rank_sum(sorted_block: np.ndarray) -> tuple[np.ndarray, int]:
        """Sum over the rows of a row-sorted block (NaN last) of their quantiles,
        and the number of rows that have any value."""
        n_features = sorted_block.shape[1]
        if not np.isnan(sorted_block[:, -1]).any():  # NaN sorts last
            return sorted_block.sum(axis=0), sorted_block.shape[0]
        total = np.zeros(n_features)
        n_rows = 0
        for row in sorted_block:
            valid = row[~np.isnan(row)]
            if valid.size:
                total += _quantile_grid(valid, n_features)
                n_rows += 1
        return total, n_rows

    def _set_reference(self, sums: list[np.ndarray], counts: list[int]) -> None:
        """Reference from per-data-set quantile sums and profile counts."""
        for position, count in enumerate(counts):
            if count == 0:
                raise ValueError(
                    f"Every profile of data set {position} is entirely NaN; nothing to learn from."
                )
        if self.balance_datasets:
            self.reference_ = np.mean([s / c for s, c in zip(sums, counts)], axis=0)
        else:
            self.reference_ = np.sum(sums, axis=0) / sum(counts)
        self.n_datasets_ = len(sums)

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any = None) -> JointQuantileNormalizer:
        """Learn the reference distribution from one or several data sets.

        Parameters
        ----------
        X : array-like of shape (n_profiles, n_genes), or a list of them
            Profiles in rows. A list/tuple of 2-D arrays is several data sets
            with the same genes (see Notes).
        y : None
            Ignored.

        Returns
        -------
        self : JointQuantileNormalizer
            The fitted normalizer.
        """
        arrays = self._validate_datasets(X)
        sums, counts = [], []
        for array in arrays:
            rows = _block_rows(array.shape[1])
            sort_and_sum = partial(self._sort_and_sum_blocks, array, rows)
            total, count = np.zeros(array.shape[1]), 0
            # summed in block order: the reference does not depend on the threads
            for block_sum, block_count in _in_threads(sort_and_sum, array, rows, "values"):
                total += block_sum
                count += block_count
            sums.append(total)
            counts.append(count)
        self._set_reference(sums, counts)
        return self

    @_fit_context(prefer_skip_nested_validation=True)
    def fit_transform(self, X: Any, y: Any = None) -> np.ndarray:
        """Fit and transform, sorting each profile once.

        Parameters
        ----------
        X : array-like of shape (n_profiles, n_genes), or a list of them
            Profiles (rows) of one data set, or of several data sets with the same genes.
        y : None
            Ignored.

        Returns
        -------
        X_normalized : ndarray of shape (total n_profiles, n_genes)
            Rows of all data sets, stacked in order.
        """
        from ..utils._threads import map_chunks

        arrays = self._validate_datasets(X)
        out = np.empty((sum(a.shape[0] for a in arrays), arrays[0].shape[1]))
        blocks = []  # (first output row, block, its sorted keys, flagged rows)
        sums, counts = [], []
        first_row = 0
        for array in arrays:
            rows = _block_rows(array.shape[1])
            out_rows = out[first_row : first_row + array.shape[0]]
            sort_and_sum = partial(self._sort_and_sum_keys, array, rows, out_rows, first_row)
            total, count = np.zeros(array.shape[1]), 0
            # summed in block order: the reference does not depend on the threads
            for block_sum, block_count, located in _in_threads(sort_and_sum, array, rows, "keys"):
                total += block_sum
                count += block_count
                blocks.append(located)
            sums.append(total)
            counts.append(count)
            first_row += array.shape[0]
        self._set_reference(sums, counts)

        map_chunks(partial(self._map_blocks, blocks, out), len(blocks), _threads_for(len(blocks)))
        return out

    def transform(self, X: Any) -> np.ndarray:
        """Map each profile's ranks onto the reference distribution.

        Parameters
        ----------
        X : array-like of shape (n_profiles, n_genes)
            Profiles with the genes seen in :meth:`fit`, in that order.

        Returns
        -------
        X_normalized : ndarray of shape (n_profiles, n_genes), float64
            Each profile's values replaced by the reference at their ranks.
        """
        check_is_fitted(self)
        try:
            X = validate_data(self, X, dtype=np.float64, ensure_all_finite="allow-nan", reset=False)
        except ValueError as error:
            shape = np.shape(X)
            if len(shape) == 2 and shape[0] == self.n_features_in_ != shape[1]:
                raise ValueError(
                    f"{error} X has {shape[0]} rows, the number of genes seen in fit: were "
                    f"genes given in rows (qnorm's and limma's layout)? Profiles go in rows, "
                    f"genes in columns (sklearn's samples x features); pass X.T."
                ) from error
            raise
        X = np.ascontiguousarray(X)  # blocks of rows are written through flat views
        out = np.empty_like(X)
        rows = _block_rows(X.shape[1])

        _in_threads(partial(self._sort_and_map_keys, X, out, rows), X, rows, "keys")
        return out

    # The work on one chunk of blocks ``[first, stop)`` of ``rows`` rows each, one
    # chunk a thread (see _in_threads): each allocates its own buffers.

    def _sort_and_sum_blocks(self, array: np.ndarray, rows: int, first: int, stop: int) -> list:
        """``fit``: each block's rows sorted, and their quantiles summed."""
        buffer = np.empty((min(rows, array.shape[0]), array.shape[1]))
        return [
            self._rank_sum(_sorted_rows(block, buffer[: block.shape[0]]))
            for _, block in _blocks(array, rows, first, stop)
        ]

    def _sort_and_sum_keys(
        self, array: np.ndarray, rows: int, out: np.ndarray, first_row: int, first: int, stop: int
    ) -> list:
        """``fit_transform``'s first pass: each block's keys sorted, their values
        left in order in ``out`` (the data set's output rows) and summed."""
        from ._quantile_kernels import sum_sorted

        results = []
        for start, block in _blocks(array, rows, first, stop):
            keys, index_mask = _sorted_keys(block)
            block_sum = np.zeros(array.shape[1])
            flagged = sum_sorted(keys, index_mask, block, block_sum, out[start : start + rows])
            block_count = block.shape[0] - int(flagged.sum())
            special = np.flatnonzero(flagged)  # NaN, or keys that tied on distinct values
            if special.size:
                special_sum, special_count = self._rank_sum(_exact_order(block, special)[1])
                block_sum += special_sum
                block_count += special_count
            located = (first_row + start, block, (keys, index_mask), flagged)
            results.append((block_sum, block_count, located))
        return results

    def _map_blocks(self, blocks: list, out: np.ndarray, first: int, stop: int) -> None:
        """``fit_transform``'s second pass: the sorted values mapped onto the reference."""
        from ._quantile_kernels import map_gathered

        for start, block, (keys, index_mask), flagged in blocks[first:stop]:
            block_out = out[start : start + block.shape[0]]
            map_gathered(keys, index_mask, block_out, flagged, self.reference_)
            self._map_special(block, block_out, flagged)

    def _sort_and_map_keys(
        self, X: np.ndarray, out: np.ndarray, rows: int, first: int, stop: int
    ) -> None:
        """``transform``: each block's keys sorted and mapped onto the reference."""
        buffer = np.empty((min(rows, X.shape[0]), X.shape[1]), dtype=np.uint64)
        for start, block in _blocks(X, rows, first, stop):
            sorted_keys = _sorted_keys(block, buffer[: block.shape[0]])
            self._map_block(block, out[start : start + rows], sorted_keys)

    def _map_block(self, block: np.ndarray, block_out: np.ndarray, sorted_keys: tuple) -> None:
        """Transform one block of rows into ``block_out`` (C-contiguous rows), given
        its sorted keys and column mask (:func:`_sorted_keys`)."""
        from ._quantile_kernels import map_sorted

        keys, index_mask = sorted_keys
        # One compiled pass per row: gather in key order, check the order, write
        # the reference (tie-averaged) where each value sits.
        flagged = map_sorted(keys, index_mask, block, self.reference_, block_out)
        self._map_special(block, block_out, flagged)

    def _map_special(self, block: np.ndarray, block_out: np.ndarray, flagged: np.ndarray) -> None:
        """The exact path for the rows the keys could not settle (NaN, or keys
        that tied on distinct values)."""
        special = np.flatnonzero(flagged)
        if special.size:
            order, values = _exact_order(block, special)
            self._map_onto_reference(order, values, block_out.reshape(-1))

    def _map_onto_reference(
        self, flat_order: np.ndarray, sorted_values: np.ndarray, flat_out: np.ndarray
    ) -> None:
        """Write the reference value of each rank to where that rank's value sits.

        ``flat_order[i, r]`` is the flat index (into ``flat_out``) of the value
        of rank ``r`` of row ``i``; ``sorted_values`` are those values (NaN last).
        """
        has_nan = np.isnan(sorted_values[:, -1])  # NaN sorts last
        complete = np.flatnonzero(~has_nan)
        if complete.size == flat_order.shape[0]:
            flat_out[flat_order] = _tie_averaged(sorted_values, self.reference_)
        elif complete.size:
            targets = _tie_averaged(sorted_values[complete], self.reference_)
            flat_out[flat_order[complete]] = targets
        for row in np.flatnonzero(has_nan):
            n_valid = int((~np.isnan(sorted_values[row])).sum())
            flat_out[flat_order[row]] = np.nan
            if n_valid == 0:
                continue
            targets = _tie_averaged(
                sorted_values[row : row + 1, :n_valid],
                _quantile_grid(self.reference_, n_valid),
            )
            flat_out[flat_order[row, :n_valid]] = targets[0]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.transformer_tags.preserves_dtype = ["float64"]
        return tags


def _transposed_hint(shape: tuple, first_shape: tuple) -> str:
    """Why two data sets' columns differ when their rows agree: genes in rows."""
    if len(shape) == 2 and shape[0] == first_shape[0] and shape[1] != first_shape[1]:
        return (
            f" The data sets have the same number of rows ({shape[0]}) but not of columns: "
            f"were genes given in rows (qnorm's and limma's layout)? Profiles go in rows, "
            f"genes in columns (sklearn's samples x features); pass [d.T for d in datasets]."
        )
    return ""
