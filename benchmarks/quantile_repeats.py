"""Quantile normalisation against qnorm, best of several calls in one process.

On a shared machine single benchmark rounds scatter; this times the three calls of
``benchmarks/test_bench_genomic.py`` (qnorm's one call, ``fit_transform``,
``fit().transform()``) on the same 3,000 x 10,000 lognormal profiles, the best of
``--calls`` each, and prints the ratios with the CPU and the routes taken. The
package sorts its blocks of rows on a thread a core (``NUMBA_NUM_THREADS``
caps them); qnorm runs on one thread unless given ``ncpus``, so it is timed
both ways. Run it
several times (and with ``NPY_DISABLE_CPU_FEATURES="X86_V4 AVX512_ICL"
NUMBA_CPU_NAME=haswell`` for AVX2) for a range.

    python benchmarks/quantile_repeats.py [--calls 7]
"""

import argparse
import time

import numpy as np
import qnorm

from sklearn_genexpr.preprocessing import JointQuantileNormalizer
from sklearn_genexpr.preprocessing._quantile import _block_rows, _threads_for
from sklearn_genexpr.utils._routes import chosen_routes
from sklearn_genexpr.utils._show_versions import cpu_description


def best(call, calls):
    call()
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=7)
    args = parser.parse_args()
    X = np.random.default_rng(11).lognormal(size=(3_000, 10_000))
    cpu = cpu_description()
    baseline = best(lambda: qnorm.quantile_normalize(X.T, axis=1, ncpus=1), args.calls)
    # qnorm's own threads, as many as the package's (one a core by default)
    threads = _threads_for(-(-X.shape[0] // _block_rows(X.shape[1])))
    threaded = best(lambda: qnorm.quantile_normalize(X.T, axis=1, ncpus=threads), args.calls)
    at_once = best(lambda: JointQuantileNormalizer().fit_transform(X), args.calls)
    twice = best(lambda: JointQuantileNormalizer().fit(X).transform(X), args.calls)
    routes = {name: choice["route"] for name, choice in chosen_routes().items()}
    print(f"CPU: {cpu['model']}, {cpu['cores']} cores; numpy SIMD: {' '.join(cpu['simd_found'])}")
    print(f"routes: {routes}")
    print(f"threads: {threads} (the package's blocks, and qnorm's ncpus in the second row)")
    for name, reference in (
        ("qnorm (ncpus=1, its default)", baseline),
        (f"qnorm (ncpus={threads})", threaded),
    ):
        print(
            f"{name} {reference * 1e3:.0f} ms; fit_transform {at_once * 1e3:.0f} ms "
            f"({reference / at_once:.2f}x); fit().transform() {twice * 1e3:.0f} ms "
            f"({reference / twice:.2f}x)"
        )


if __name__ == "__main__":
    main()
