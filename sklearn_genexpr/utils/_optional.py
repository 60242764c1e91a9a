"""Optional dependencies: one check, one error that names the extra to install.

The core install is numpy, scipy, scikit-learn, pandas, numba, joblib and
threadpoolctl. torch and skorch (the ``neural`` extra), LightGBM, tqdm and
matplotlib (``studies``) are imported only where they are used, after
:func:`require` has checked that they are there.
"""

from __future__ import annotations

import importlib.util

__all__ = ["installed", "require"]


def require(*modules: str, extra: str, purpose: str) -> None:
    """Raise ``ImportError`` naming the extra when one of ``modules`` is missing.

    Parameters
    ----------
    *modules : str
        Top-level module names (``"torch"``, ``"skorch"``).
    extra : str
        The package extra that installs them.
    purpose : str
        What needs them, for the message (``"DGEXRegressor.fit"``).

    Raises
    ------
    ImportError
        ``'<purpose> needs torch, skorch: pip install "sklearn-genexpr[neural]"'``.

    Examples
    --------
    >>> from sklearn_genexpr.utils._optional import require
    >>> require("numpy", extra="core", purpose="this example")
    """
    missing = [name for name in modules if not installed(name)]
    if missing:
        raise ImportError(
            f"{purpose} needs {', '.join(missing)}, which this installation lacks: "
            f'pip install "sklearn-genexpr[{extra}]"'
        )


def installed(module: str) -> bool:
    """Whether ``module`` can be imported here (looked up, not imported).

    Parameters
    ----------
    module : str
        A top-level module name.

    Returns
    -------
    installed : bool

    Examples
    --------
    >>> from sklearn_genexpr.utils._optional import installed
    >>> installed("numpy")
    True
    """
    return importlib.util.find_spec(module) is not None
