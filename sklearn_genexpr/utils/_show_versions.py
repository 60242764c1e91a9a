"""``show_versions()``: what a bug report needs to say about the installation."""

from __future__ import annotations

import platform
import sys
from importlib import metadata
from typing import Any

__all__ = ["cpu_description", "show_versions"]

# The package and the libraries whose versions change its results or speed
_PACKAGES = (
    "sklearn-genexpr",
    "scikit-learn",
    "numpy",
    "scipy",
    "pandas",
    "torch",
    "skorch",
    "lightgbm",
    "numba",
    "joblib",
    "matplotlib",
    "dask",
)


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in _PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:  # not Linux
        pass
    return platform.processor() or platform.machine()


def cpu_description() -> dict[str, object]:
    """The CPU a timing was measured on: model, cores, and numpy's SIMD level.

    The SIMD features are those numpy dispatches to on this CPU (what
    ``numpy.show_runtime()`` lists as found): its sort uses AVX-512 where
    ``X86_V4`` is among them, which moves every ratio against a numpy-based
    baseline.

    Returns
    -------
    cpu : dict
        ``model``, ``cores`` (usable by this process), ``simd_baseline`` and
        ``simd_found`` (lists of numpy's feature names).
    """
    import importlib
    import os

    try:  # numpy's own record of the CPU (numpy.core before numpy 2)
        umath: Any = importlib.import_module("numpy._core._multiarray_umath")
    except ImportError:  # pragma: no cover - numpy 1.x
        umath = importlib.import_module("numpy.core._multiarray_umath")
    found = umath.__cpu_features__

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "model": _cpu_model(),
        "cores": cores,
        "simd_baseline": list(umath.__cpu_baseline__),
        "simd_found": [name for name in umath.__cpu_dispatch__ if found.get(name)],
    }


def show_versions() -> None:
    """Print the Python, platform and dependency versions (for bug reports).

    Torch is not imported: its version comes from the installed metadata, so
    no CUDA context is created. Paste the output into an issue.

    Examples
    --------
    >>> from sklearn_genexpr import show_versions
    >>> show_versions()  # doctest: +ELLIPSIS
    <BLANKLINE>
    System:
        python: ...
    """
    print("\nSystem:")
    print(f"    python: {sys.version.split()[0]}")
    print(f"  platform: {platform.platform()}")
    print(f"executable: {sys.executable}")
    cpu = cpu_description()
    print(f"       cpu: {cpu['model']}, {cpu['cores']} cores")
    simd = " ".join(map(str, cpu["simd_found"])) or "baseline only"  # type: ignore[call-overload]
    print(f"      simd: {simd} (numpy)")
    print("\nPython dependencies:")
    for name, version in _versions().items():
        print(f"{name:>16}: {version if version is not None else 'not installed'}")
