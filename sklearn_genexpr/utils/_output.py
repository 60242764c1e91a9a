"""2-D output containers for transformers that opt out of sklearn's auto-wrapping.

Transformers whose output can be 3-D (one-hot arrays) or comes from 1-D string
input cannot use sklearn's automatic ``set_output`` wrapping for every output,
so they call :func:`wrap_2d_output` on their 2-D outputs themselves. The
setting is read the way sklearn reads it: the estimator's own
``set_output(transform=...)`` first, then ``sklearn.set_config(transform_output=...)``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn import get_config

__all__ = ["ManualOutputMixin", "wrap_2d_output", "output_container"]


def output_container(estimator: Any) -> str:
    """The container asked for: "default", "pandas" or "polars"."""
    config = getattr(estimator, "_sklearn_output_config", {})
    container = config.get("transform", "default")
    if container == "default":
        container = get_config()["transform_output"]
    return container


def wrap_2d_output(estimator: Any, data: Any, original_input: Any) -> Any:
    """Wrap a 2-D transform output in the container the user asked for.

    Parameters
    ----------
    estimator : fitted transformer with ``get_feature_names_out``
    data : ndarray or sparse matrix of shape (n_samples, n_features)
    original_input : the ``X`` given to ``transform``; a pandas input lends its index.

    Returns
    -------
    ndarray, sparse matrix, pandas.DataFrame or polars.DataFrame
    """
    container = output_container(estimator)
    if container == "default":
        return data
    if sp.issparse(data):
        raise ValueError(
            f"set_output(transform={container!r}) cannot hold a sparse matrix; "
            f"it is only supported for dense output."
        )
    columns = estimator.get_feature_names_out()
    if container == "pandas":
        import pandas as pd

        # Only pandas input lends its index: a list's ``index`` is a method.
        index = original_input.index if hasattr(original_input, "iloc") else None
        return pd.DataFrame(data, columns=columns, index=index)
    if container == "polars":
        import polars as pl

        return pl.DataFrame(np.asarray(data), schema=list(columns), orient="row")
    raise ValueError(
        f"Unknown output container {container!r}; expected 'default', 'pandas' or 'polars'."
    )


class ManualOutputMixin:
    """``set_output`` for transformers that opt out of sklearn's auto-wrapping.

    Such a class is declared with ``auto_wrap_output_keys=None`` (sklearn's
    documented opt-out) and calls :func:`wrap_2d_output` on its 2-D outputs.
    ``Pipeline.set_output`` calls ``set_output`` on every step, so the method
    must exist even where an output (3-D, sparse) cannot be wrapped.
    """

    def __init_subclass__(cls, auto_wrap_output_keys: Any = None, **kwargs: Any) -> None:
        # Declared so that type checkers see sklearn's class keyword; it is passed
        # on unchanged to sklearn's ``_SetOutputMixin.__init_subclass__``.
        kwargs["auto_wrap_output_keys"] = auto_wrap_output_keys
        super().__init_subclass__(**kwargs)

    def set_output(self, *, transform: str | None = None) -> Any:
        """Set the container of the 2-D dense output.

        Parameters
        ----------
        transform : {"default", "pandas", "polars"}, default=None
            ``"default"``: numpy arrays; ``"pandas"``/``"polars"``: a DataFrame
            whose columns are ``get_feature_names_out()``. ``None`` leaves the
            setting unchanged. Outputs that are 3-D are never wrapped; sparse
            output raises a ``ValueError`` when a DataFrame is asked for.

        Returns
        -------
        self : estimator instance
            The estimator, configured.
        """
        if transform is not None:
            if transform not in ("default", "pandas", "polars"):
                raise ValueError(
                    f"transform must be 'default', 'pandas', 'polars' or None, got {transform!r}."
                )
            self._sklearn_output_config = {"transform": transform}
        return self
