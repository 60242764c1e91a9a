"""Figures of the inspection results (matplotlib, the ``plot`` extra)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plot_mutagenesis", "plot_positional_importance"]


def _axes(ax: Any) -> Any:
    if ax is not None:
        return ax
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise ImportError(
            "Plotting needs matplotlib: pip install 'sklearn-genexpr[plot]'."
        ) from error
    return plt.subplots(figsize=(8, 2.5))[1]


def plot_mutagenesis(effects: Any, sequence: str, *, ax: Any = None, title: str = "") -> Any:
    """Heat map of the effect of every single-base substitution of one sequence.

    Rows are the four bases (``A, C, G, T``), columns the positions; the colour
    is the predicted change of expression (blue: lower, red: higher, centred
    on 0); the reference base of each position is marked with a dot.

    Parameters
    ----------
    effects : array-like of shape (L, 4)
        One sequence's ``saturation_mutagenesis(...).effects`` (one output).
    sequence : str
        The sequence, to mark its bases (its first ``L`` letters are used).
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, default=""
        Title of the axes.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on.

    See Also
    --------
    saturation_mutagenesis : Computes ``effects``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.inspection import plot_mutagenesis
    >>> effects = np.zeros((6, 4)); effects[2, 1] = 0.5
    >>> ax = plot_mutagenesis(effects, "ACGTAC", title="one variant")
    >>> ax.get_ylabel()
    'substituted base'
    """
    effects = np.asarray(effects, dtype=float)
    if effects.ndim != 2 or effects.shape[1] != 4:
        raise ValueError(
            f"effects must have shape (L, 4), one sequence and one output; got {effects.shape}."
        )
    ax = _axes(ax)
    limit = float(np.nanmax(np.abs(effects))) or 1.0
    image = ax.imshow(
        effects.T, aspect="auto", cmap="RdBu_r", vmin=-limit, vmax=limit, interpolation="nearest"
    )
    bases = "ACGT"
    positions = [j for j, base in enumerate(sequence[: effects.shape[0]].upper()) if base in bases]
    rows = [bases.index(sequence[j].upper()) for j in positions]
    ax.scatter(positions, rows, s=4, color="black", label="reference base")
    ax.set_yticks(range(4), list(bases))
    ax.set_xlabel("position in the sequence (bp)")
    ax.set_ylabel("substituted base")
    ax.set_title(title)
    ax.figure.colorbar(image, ax=ax, label="predicted change")
    return ax


def plot_positional_importance(result: Any, *, ax: Any = None, title: str = "") -> Any:
    """Importance of each distance bin around the TSS, one line per assay.

    Parameters
    ----------
    result : Bunch
        The output of :func:`positional_importance`.
    ax : matplotlib Axes, optional
        Where to draw; a new figure by default.
    title : str, default=""
        Title of the axes.

    Returns
    -------
    ax : matplotlib Axes
        The axes drawn on.

    See Also
    --------
    positional_importance : Computes ``result``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.utils import Bunch
    >>> from sklearn_genexpr.inspection import plot_positional_importance
    >>> result = Bunch(assay=np.array(["dnase"] * 3, dtype=object),
    ...                distance_low=np.array([-1000, 0, 1000]),
    ...                distance_high=np.array([0, 1000, 2000]),
    ...                importances_mean=np.array([0.0, 0.3, 0.1]),
    ...                importances_std=np.array([0.01, 0.05, 0.02]))
    >>> ax = plot_positional_importance(result)
    >>> ax.get_xlabel()
    'distance from the TSS (kb, bin centre; negative: upstream)'
    """
    ax = _axes(ax)
    centre = (np.asarray(result.distance_low) + np.asarray(result.distance_high)) / 2e3
    for assay in dict.fromkeys(result.assay):  # in order of appearance
        rows = np.flatnonzero(result.assay == assay)
        order = rows[np.argsort(centre[rows])]
        mean = np.asarray(result.importances_mean)[order]
        std = np.asarray(result.importances_std)[order]
        ax.errorbar(centre[order], mean, yerr=std, marker="o", markersize=3, label=assay or "all")
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.axhline(0, color="grey", linewidth=0.5)
    if np.ptp(centre) > 20:  # windows of several scales: linear near the TSS, log beyond
        ax.set_xscale("symlog", linthresh=2.0)
    ax.set_xlabel("distance from the TSS (kb, bin centre; negative: upstream)")
    ax.set_ylabel("drop of the score when permuted")
    ax.set_title(title)
    if len(dict.fromkeys(result.assay)) > 1:
        ax.legend(fontsize="small")
    return ax
