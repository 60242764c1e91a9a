"""The one way the package runs its hot loops on several cores: chunks in threads.

The kernels are compiled without the GIL (:mod:`sklearn_genexpr.utils._jit`) and
numpy's sorts release it, so plain threads run them in parallel; each thread
gets a contiguous chunk (of rows, or of blocks of rows) and writes only its
own part of the output. Callers reduce the chunks' results in chunk order, so
the output is identical on any number of threads; ``tests/test_routes.py``
holds every caller (one-hot, k-mers, quantile normalisation) to that.

Why threads help even a loop that only writes its output: a fresh output
array is paid for in page faults (the kernel zeroes each new page before the
loop writes it), and two cores fault and write their halves at the same time.

The thread count follows ``NUMBA_NUM_THREADS`` (numba's own setting, by
default the cores this process may run on): joblib sets it in its workers to
keep nested parallelism (a ``GridSearchCV(n_jobs=...)`` around a transformer)
from oversubscribing the machine. :func:`thread_limit` lowers it for a block
of code (``genexpr reproduce --n-jobs`` does, beside torch's and
threadpoolctl's limits). Small inputs run on the calling thread: starting
threads costs more than they save below ``min_work`` bytes a thread.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any

import numba
import numpy as np

__all__ = ["kernel_threads", "map_chunks", "run_in_row_chunks", "thread_limit"]

# Below ~4 MB of output a thread, starting the threads costs more than it saves.
MIN_WORK_PER_THREAD = 4 << 20

_LIMIT: list[int] = []  # the innermost thread_limit() in force, if any


@contextmanager
def thread_limit(threads: int) -> Iterator[None]:
    """At most ``threads`` threads for the package's kernels inside the block."""
    _LIMIT.append(max(1, int(threads)))
    try:
        yield
    finally:
        _LIMIT.pop()


def kernel_threads(work: int, *, min_work: int | None = None) -> int:
    """Threads to use for ``work`` bytes of output: at least 1, at most ``NUMBA_NUM_THREADS``."""
    min_work = MIN_WORK_PER_THREAD if min_work is None else min_work
    # read from the module's namespace: numba sets its settings there when it
    # reads the environment (not through numba.get_num_threads(), which would
    # start numba's own thread pool)
    limit = int(vars(numba.config)["NUMBA_NUM_THREADS"])
    if _LIMIT:
        limit = min(limit, _LIMIT[-1])
    return int(max(1, min(limit, work // max(min_work, 1))))


def run_in_row_chunks(
    kernel: Callable[..., Any], row_arrays: Sequence[np.ndarray], *, work: int
) -> None:
    """Call ``kernel(*row_chunks)`` on contiguous chunks of rows, in threads.

    Parameters
    ----------
    kernel : callable
        A compiled kernel that releases the GIL and treats each row on its own
        (it must not write outside the rows it is given).
    row_arrays : sequence of ndarray
        Arrays split along their first axis (all of the same length): the
        inputs and the output.
    work : int
        Bytes the call writes in all; sets the number of threads (one per
        ``MIN_WORK_PER_THREAD``).
    """
    map_chunks(
        lambda lo, hi: kernel(*(array[lo:hi] for array in row_arrays)),
        len(row_arrays[0]),
        kernel_threads(work),
    )


def map_chunks(function: Callable[[int, int], Any], n_items: int, threads: int) -> list[Any]:
    """``function(lo, hi)`` on contiguous chunks of ``range(n_items)``, one a thread.

    Parameters
    ----------
    function : callable
        Called with the bounds of a chunk; it must touch only that chunk's
        items (and whatever it allocates itself, such as its own buffers).
    n_items : int
        Items to split.
    threads : int
        Chunks, and threads: one call on the calling thread when 1 (or when
        there is at most one item).

    Returns
    -------
    results : list
        The calls' return values, in chunk order (callers that reduce them do
        so in that order, so their results do not depend on ``threads``).
    """
    threads = max(1, min(threads, n_items))
    if threads == 1:
        return [function(0, n_items)]
    bounds = np.linspace(0, n_items, threads + 1).astype(np.int64)
    with ThreadPoolExecutor(max_workers=threads) as pool:
        calls = [pool.submit(function, int(lo), int(hi)) for lo, hi in zip(bounds[:-1], bounds[1:])]
        return [call.result() for call in calls]  # re-raises a call's error here
