"""Logos of discovered motifs beside their best database matches (logomaker)."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params

from .._alphabet import BASES, reverse_complement_onehot
from ..utils._optional import require

__all__ = ["plot_motifs"]


@validate_params(
    {
        "result": [Bunch],
        "max_motifs": [Interval(Integral, 1, None, closed="left")],
    },
    prefer_skip_nested_validation=True,
)
def plot_motifs(result: Bunch, *, max_motifs: int = 8) -> Any:
    """One row per motif: its contribution logo, and its best match's logo.

    The left logo is the motif's contribution weight matrix (letters above
    the axis raise the prediction, below lower it); the right one is the best
    database match's information content in bits, reverse-complemented where
    the motif matches the matrix's reverse strand, so both read the same way.

    Parameters
    ----------
    result : Bunch
        What :func:`find_motifs` returns.
    max_motifs : int, default=8
        Most motifs drawn, in the result's order.

    Returns
    -------
    figure : matplotlib Figure
        Two axes per motif: its logo, then its best match's.

    Notes
    -----
    Needs the ``motifs`` extra (logomaker, matplotlib).

    Examples
    --------
    >>> from sklearn_genexpr.inspection import find_motifs, plot_motifs
    >>> figure = plot_motifs(find_motifs(model, sequences))  # doctest: +SKIP
    >>> figure.savefig("motifs.png")  # doctest: +SKIP
    """
    require("logomaker", "matplotlib", extra="motifs", purpose="plot_motifs")
    import logomaker
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    motifs = result.motifs[:max_motifs]
    n_rows = max(1, len(motifs))
    figure, axes = plt.subplots(
        n_rows, 2, figsize=(10, 1.6 * n_rows), squeeze=False, gridspec_kw={"wspace": 0.15}
    )
    if not motifs:
        axes[0, 0].text(0.5, 0.5, "no motif found", ha="center", va="center")
        for ax in axes[0]:
            ax.set_axis_off()
        return figure
    table = result.table.set_index("motif")
    for row, motif in enumerate(motifs):
        left, right = axes[row]
        logomaker.Logo(_frame(motif.contribution), ax=left, color_scheme="classic")
        summary = table.loc[motif.name]
        left.set_title(
            f"{motif.name}: {motif.n_seqlets} seqlets, {motif.consensus}", fontsize=9, loc="left"
        )
        left.axhline(0, color="grey", linewidth=0.5)
        match = result.matches[(result.matches.motif == motif.name) & (result.matches["rank"] == 1)]
        if match.empty:
            right.set_axis_off()
            continue
        best = match.iloc[0]
        probability = result.database.probability[result.database.id == best["id"]].iloc[0]
        if best["strand"] == "-":
            # the matrix's reverse complement, by the sequence core
            probability = reverse_complement_onehot(probability[None], channel_axis=2)[0]
        logomaker.Logo(_frame(_information(probability)), ax=right, color_scheme="classic")
        right.set_ylim(0, 2)
        right.set_title(
            f"{summary['best_match']} ({best['id']}), q = {best['q_value']:.2g}",
            fontsize=9, loc="left",
        )  # fmt: skip
    for ax in axes.ravel():  # positions are whole numbers
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes[-1, 0].set_xlabel("position (contribution)")
    axes[-1, 1].set_xlabel("position (bits)")
    # logomaker's axes do not take tight_layout: room for the titles by hand
    figure.subplots_adjust(hspace=0.9, top=1 - 0.35 / n_rows, bottom=0.3 / n_rows + 0.05)
    return figure


def _frame(matrix: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame(np.asarray(matrix, dtype=float), columns=list(BASES))


def _information(probability: np.ndarray) -> np.ndarray:
    """Letter heights in bits: each base's share of the position's information content."""
    p = np.clip(np.asarray(probability, dtype=float), 1e-9, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    bits = 2.0 + (p * np.log2(p)).sum(axis=1, keepdims=True)
    return p * bits
