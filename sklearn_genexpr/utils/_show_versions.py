"""``show_versions()``: what a bug report needs to say about the installation."""

from __future__ import annotations

import platform
import sys
from importlib import metadata

__all__ = ["show_versions"]

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
    print("\nPython dependencies:")
    for name, version in _versions().items():
        print(f"{name:>16}: {version if version is not None else 'not installed'}")
