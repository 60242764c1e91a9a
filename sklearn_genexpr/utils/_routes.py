"""The faster of two routes to one result, measured once on the CPU at hand.

Some hot loops have two implementations that give identical output and whose
speed depends on the CPU: numpy's sort uses AVX-512 (x86-simd-sort) where the
CPU has it and is then several times faster than where it has only AVX2,
while a compiled radix sort or a tally runs at about the same speed on both.
A ratio measured on one machine does not hold on the other, so the choice is
made where the code runs: on the first call in a process each route runs a
small calibration problem a few times and the faster is kept (a few tens of
milliseconds, once). ``SKLEARN_GENEXPR_ROUTE_<NAME>=<route>`` in the
environment fixes a route instead (tests run every route that way, and a user
can pin one for reproducible timings).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

__all__ = ["chosen_routes", "fastest_route", "forced_route"]

_CHOSEN: dict[str, str] = {}
_TIMINGS: dict[str, dict[str, float]] = {}


def forced_route(name: str, routes: tuple[str, ...]) -> str | None:
    """The route fixed by the environment for ``name``, if any (checked against ``routes``)."""
    variable = f"SKLEARN_GENEXPR_ROUTE_{name.upper()}"
    forced = os.environ.get(variable)
    if forced is None:
        return None
    if forced not in routes:
        raise ValueError(f"{variable}={forced!r}: expected one of {', '.join(routes)}.")
    return forced


def fastest_route(
    name: str,
    routes: tuple[str, ...],
    make_calibrations: Callable[[], dict[str, Callable[[], object]]],
    repeat: int = 3,
) -> str:
    """The route that runs its calibration fastest (measured once a process).

    Parameters
    ----------
    name : str
        What is routed (e.g. ``"quantile_keys_sort"``): the key of the cached
        choice and of the environment variable that forces one.
    routes : tuple of str
        The routes' names.
    make_calibrations : callable
        Called only when a measurement is needed: returns each route's
        calibration, a call that does the same small work by that route.
        The first call of each also pays for any compilation, so the best of
        ``repeat`` calls after a first one counts.
    repeat : int, default=3
        Timed calls per route.

    Returns
    -------
    route : str
        The chosen route's name.
    """
    forced = forced_route(name, routes)
    if forced is not None:
        return forced
    if name not in _CHOSEN:
        calibrations = make_calibrations()
        timings = {}
        for route, calibration in calibrations.items():
            calibration()  # compiles, warms caches
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                calibration()
                best = min(best, time.perf_counter() - start)
            timings[route] = best
        _TIMINGS[name] = timings
        _CHOSEN[name] = min(timings, key=timings.__getitem__)
    return _CHOSEN[name]


def chosen_routes() -> dict[str, dict]:
    """The routes chosen so far in this process, with their calibration times (seconds).

    Returns
    -------
    routes : dict
        ``{name: {"route": chosen, "seconds": {route: best time}}}``.
    """
    return {name: {"route": _CHOSEN[name], "seconds": dict(_TIMINGS[name])} for name in _CHOSEN}
