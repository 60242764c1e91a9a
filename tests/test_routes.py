"""Every CPU-dependent route of a hot loop gives the same output.

The routes of ``utils._routes`` and the thread chunks of ``utils._threads``.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sklearn_genexpr.preprocessing import JointQuantileNormalizer, KmerVectorizer
from sklearn_genexpr.utils import _routes


def _with_route(monkeypatch, name, route, compute):
    monkeypatch.setenv(f"SKLEARN_GENEXPR_ROUTE_{name.upper()}", route)
    return compute()


@given(
    st.lists(st.text(alphabet="ACGTN", min_size=0, max_size=40), min_size=1, max_size=30),
    st.integers(1, 5),
    st.booleans(),
    st.integers(1, 3),
)
@settings(max_examples=60, deadline=None)
def test_kmer_counts_by_sort_and_by_tally_are_identical(sequences, k, canonical, stride):
    vectorizer = KmerVectorizer(k=k, canonical=canonical, stride=stride)
    with pytest.MonkeyPatch.context() as patch:
        by_sort = _with_route(
            patch, "kmer_count", "sort", lambda: vectorizer.fit_transform(sequences)
        )
        by_tally = _with_route(
            patch, "kmer_count", "tally", lambda: vectorizer.fit_transform(sequences)
        )
    assert by_sort.has_sorted_indices and by_tally.has_sorted_indices
    np.testing.assert_array_equal(by_sort.indptr, by_tally.indptr)
    np.testing.assert_array_equal(by_sort.indices, by_tally.indices)
    np.testing.assert_array_equal(by_sort.data, by_tally.data)


def _profiles(seed):
    rng = np.random.default_rng(seed)
    X = np.round(rng.lognormal(size=(40, 300)), 1)  # rounded: ties
    X[3, 5] = np.nan
    X[7, :20] = -X[7, :20]
    X[9, 9] = -0.0
    return X


@pytest.mark.parametrize("method", ["fit_then_transform", "fit_transform"])
def test_quantile_normalisation_by_numpy_sort_and_by_radix_sort_is_identical(monkeypatch, method):
    X, Y = _profiles(0), _profiles(1)

    def run():
        normalizer = JointQuantileNormalizer()
        if method == "fit_transform":
            return normalizer.fit_transform([X, Y])
        return normalizer.fit([X, Y]).transform(Y)

    outputs = []
    for route in ("numpy", "radix"):
        monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_KEYS_SORT", route)
        monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_VALUES_SORT", route)
        outputs.append(run())
    np.testing.assert_array_equal(outputs[0], outputs[1])


_FLOATS = st.floats(allow_nan=True, allow_infinity=True, width=64)


@given(st.lists(st.lists(_FLOATS, min_size=1, max_size=12), min_size=1, max_size=4))
@example([[0.0, np.inf]])  # found: numpy's float sort rewrote the NaN an inf's key had become
@example([[1.0, np.nan, -np.inf, -0.0]])
@settings(max_examples=100, deadline=None)
def test_the_radix_sort_keys_order_every_float64_as_numpy_does(rows):
    from sklearn_genexpr.preprocessing import _quantile as quantile

    width = min(map(len, rows))
    block = np.array([row[:width] for row in rows], dtype=np.float64)
    # both value sorts: -0.0 becomes 0.0, NaN sorts last, every bit of the rest kept
    expected = np.sort(block + 0.0, axis=1)
    for sort in quantile._VALUE_SORTS.values():
        got = sort(block, np.empty_like(block))
        np.testing.assert_array_equal(got, expected)
        assert not np.signbit(got[got == 0]).any()
    # keys with the column in their low bits, for either sort: in the values' order
    columns = np.broadcast_to(np.arange(width), block.shape)
    for route in ("numpy", "radix"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_KEYS_SORT", route)
            keys, index_mask = quantile._sorted_keys(block)
        order = (keys & index_mask).astype(np.intp)
        np.testing.assert_array_equal(np.sort(order, axis=1), columns)  # a permutation
        by_keys = np.take_along_axis(block + 0.0, order, axis=1)
        with np.errstate(invalid="ignore"):  # inf - inf in a row of infinities
            steps = np.diff(by_keys, axis=1)
        settled = ~np.isnan(by_keys).any(axis=1) & (steps >= 0).all(axis=1)
        # rows the truncated keys could not settle are the exact path's (the normaliser checks)
        np.testing.assert_array_equal(by_keys[settled], expected[settled])


def test_one_buffer_serves_blocks_of_every_size(monkeypatch):
    # more rows than a block holds, and a short last block, through reused buffers
    from sklearn_genexpr.preprocessing import _quantile as quantile

    monkeypatch.setattr(quantile, "_BLOCK_VALUES", 7 * 50)
    X = np.random.default_rng(3).normal(size=(23, 50))
    normalizer = JointQuantileNormalizer().fit(X)
    np.testing.assert_allclose(normalizer.reference_, np.sort(X, axis=1).mean(axis=0))
    ranks = np.argsort(np.argsort(X, axis=1), axis=1)
    np.testing.assert_array_equal(normalizer.transform(X), normalizer.reference_[ranks])
    np.testing.assert_allclose(normalizer.fit_transform(X), normalizer.reference_[ranks])


def test_a_route_is_measured_once_and_can_be_forced(monkeypatch):
    calls = []

    def calibrations():
        calls.append(1)
        return {"slow": lambda: sum(range(20_000)), "fast": lambda: None}

    monkeypatch.setattr(_routes, "_CHOSEN", {})
    monkeypatch.setattr(_routes, "_TIMINGS", {})
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "fast"
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "fast"
    assert len(calls) == 1
    assert _routes.chosen_routes()["demo"]["route"] == "fast"
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_DEMO", "slow")
    assert _routes.fastest_route("demo", ("slow", "fast"), calibrations) == "slow"
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_DEMO", "fastest")
    with pytest.raises(
        ValueError, match="SKLEARN_GENEXPR_ROUTE_DEMO='fastest': expected one of slow, fast"
    ):
        _routes.fastest_route("demo", ("slow", "fast"), calibrations)


@given(
    st.lists(st.text(alphabet="ACGTNRY", min_size=0, max_size=30), min_size=1, max_size=40),
    st.sampled_from(["channels_first", "channels_last"]),
    st.sampled_from(["zeros", "fractional"]),
    st.integers(2, 5),
)
@settings(max_examples=40, deadline=None)
def test_one_hot_in_row_chunks_on_threads_equals_one_call(sequences, layout, ambiguous, threads):
    import numba

    from sklearn_genexpr.preprocessing import DNAOneHotEncoder
    from sklearn_genexpr.utils import _threads

    encoder = DNAOneHotEncoder(length="longest", layout=layout, ambiguous=ambiguous)
    one_call = encoder.fit_transform(sequences)
    with pytest.MonkeyPatch.context() as patch:
        # every byte of output worth a thread: as many threads as allowed, uneven chunks
        patch.setattr(_threads, "MIN_WORK_PER_THREAD", 1)
        patch.setattr(numba.config, "NUMBA_NUM_THREADS", threads)
        assert _threads.kernel_threads(one_call.nbytes) == min(threads, one_call.nbytes)
        threaded = encoder.fit_transform(sequences)
    np.testing.assert_array_equal(threaded, one_call)


def test_a_kernel_error_in_a_thread_reaches_the_caller(monkeypatch):
    from sklearn_genexpr.utils import _threads

    def kernel(rows, out):
        if rows[0] >= 5:
            raise ValueError(f"bad row {rows[0]}")
        out[:] = rows

    import numba

    monkeypatch.setattr(_threads, "MIN_WORK_PER_THREAD", 1)
    monkeypatch.setattr(numba.config, "NUMBA_NUM_THREADS", 2)  # rows 0-4 and 5-9
    rows, out = np.arange(10), np.zeros(10, dtype=np.int64)
    with pytest.raises(ValueError, match="bad row 5"):
        _threads.run_in_row_chunks(kernel, (rows, out), work=out.nbytes)
    # under the threshold: one call on the calling thread, every row written
    monkeypatch.setattr(_threads, "MIN_WORK_PER_THREAD", 1 << 30)
    _threads.run_in_row_chunks(lambda r, o: o.__setitem__(slice(None), r), (rows, out), work=80)
    np.testing.assert_array_equal(out, rows)


@pytest.mark.parametrize("route", ["numpy", "radix"])
def test_quantile_normalisation_on_threads_is_bit_for_bit_that_of_one_thread(monkeypatch, route):
    # small blocks (7 rows of 300), so that each data set has several and the
    # threads get uneven chunks of them; NaN, ties, -0.0 take the exact paths
    import numba

    from sklearn_genexpr.preprocessing import _quantile as quantile

    monkeypatch.setattr(quantile, "_BLOCK_VALUES", 7 * 300)
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_KEYS_SORT", route)
    monkeypatch.setenv("SKLEARN_GENEXPR_ROUTE_QUANTILE_VALUES_SORT", route)
    X, Y = _profiles(0), _profiles(1)[:33]

    def run():
        fitted = JointQuantileNormalizer().fit([X, Y])
        return (
            fitted.reference_,
            fitted.transform(Y),
            JointQuantileNormalizer().fit_transform([X, Y]),
        )

    monkeypatch.setattr(numba.config, "NUMBA_NUM_THREADS", 1)
    assert quantile._threads_for(6) == 1
    one_thread = run()
    monkeypatch.setattr(numba.config, "NUMBA_NUM_THREADS", 4)
    assert quantile._threads_for(6) == 4 and quantile._threads_for(3) == 3
    for threaded, single in zip(run(), one_thread):
        np.testing.assert_array_equal(threaded, single)


def test_a_thread_limit_caps_the_kernels_inside_its_block(monkeypatch):
    import numba

    from sklearn_genexpr.utils import _threads

    monkeypatch.setattr(numba.config, "NUMBA_NUM_THREADS", 4)
    assert _threads.kernel_threads(100, min_work=1) == 4
    with _threads.thread_limit(2):
        assert _threads.kernel_threads(100, min_work=1) == 2
        with _threads.thread_limit(1):
            assert _threads.kernel_threads(100, min_work=1) == 1
        assert _threads.kernel_threads(100, min_work=1) == 2
    assert _threads.kernel_threads(100, min_work=1) == 4


def _worker_kernel_threads():
    from sklearn_genexpr.utils._threads import kernel_threads

    return kernel_threads(1 << 40)


def test_joblib_process_workers_get_their_share_of_the_cores(monkeypatch):
    # joblib sets NUMBA_NUM_THREADS to cores // n_jobs in its workers (unless the
    # environment sets it): nested parallelism stays in budget
    import os

    from joblib import Parallel, cpu_count, delayed

    monkeypatch.delenv("NUMBA_NUM_THREADS", raising=False)
    threads = Parallel(n_jobs=2)(delayed(_worker_kernel_threads)() for _ in range(2))
    assert threads == [max(cpu_count() // 2, 1)] * 2, (threads, os.cpu_count())


@given(
    st.lists(st.text(alphabet="ACGTN", min_size=0, max_size=40), min_size=1, max_size=40),
    st.integers(1, 4),
    st.booleans(),
    st.integers(1, 3),
    st.sampled_from(["sort", "tally"]),
    st.integers(2, 5),
)
@settings(max_examples=60, deadline=None)
def test_kmer_counts_in_chunks_on_threads_equal_one_call(
    sequences, k, canonical, stride, route, threads
):
    import numba

    from sklearn_genexpr.preprocessing import _kmer
    from sklearn_genexpr.utils import _threads

    vectorizer = KmerVectorizer(k=k, canonical=canonical, stride=stride)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SKLEARN_GENEXPR_ROUTE_KMER_COUNT", route)
        patch.setattr(_kmer, "_CHUNK_WINDOWS", 16)  # blocks of a few rows: several a chunk
        one_call = vectorizer.fit_transform(sequences)
        patch.setattr(_threads, "MIN_WORK_PER_THREAD", 1)
        patch.setattr(numba.config, "NUMBA_NUM_THREADS", threads)
        threaded = vectorizer.fit_transform(sequences)
    assert threaded.has_sorted_indices
    np.testing.assert_array_equal(threaded.indptr, one_call.indptr)
    np.testing.assert_array_equal(threaded.indices, one_call.indices)
    np.testing.assert_array_equal(threaded.data, one_call.data)
    np.testing.assert_array_equal(threaded.toarray(), one_call.toarray())
