"""The studies' figures: each function returns ``draw(axes)`` for :func:`_common.figure`.

Every figure says what it shows: axis labels with units, a title, the number
of points and the metric on the plot.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Above this many points a scatter becomes a density (hexbin) plot.
_DENSITY_FROM = 2_000


def true_vs_predicted(y_true: Any, y_pred: Any, title: str, unit: str) -> Any:
    """Predicted against measured, with the identity line, n, Pearson r and R2."""
    from sklearn.metrics import r2_score

    from ..metrics import pearson_r

    y_true, y_pred = np.ravel(y_true), np.ravel(y_pred)

    def draw(axes: Any) -> None:
        if y_true.size > _DENSITY_FROM:
            hexes = axes.hexbin(y_true, y_pred, gridsize=45, bins="log", cmap="viridis", mincnt=1)
            axes.figure.colorbar(hexes, ax=axes, label="points per hexagon (log scale)")
        else:
            axes.scatter(y_true, y_pred, s=6, alpha=0.5)
        low = float(min(y_true.min(), y_pred.min()))
        high = float(max(y_true.max(), y_pred.max()))
        axes.plot([low, high], [low, high], color="grey", linewidth=1, label="y = x")
        axes.set_xlabel(f"measured ({unit})")
        axes.set_ylabel(f"predicted ({unit})")
        axes.set_title(title, fontsize="medium")
        axes.text(
            0.03, 0.97,
            f"n = {y_true.size:,}\nPearson r = {pearson_r(y_true, y_pred):.3f}\n"
            f"R2 = {r2_score(y_true, y_pred):.3f}",
            transform=axes.transAxes, va="top", fontsize="small",
            bbox={"facecolor": "white", "alpha": 0.8, "edgecolor": "none"},
        )  # fmt: skip

    return draw


def learning_curves(histories: dict[str, list[dict]], title: str) -> Any:
    """Training (solid) and validation (dashed) loss per epoch of each network's ``history_``."""

    def draw(axes: Any) -> None:
        for name, history in histories.items():
            epochs = [row["epoch"] for row in history]
            (line,) = axes.plot(epochs, [row["train_loss"] for row in history], label=name)
            if any("valid_loss" in row for row in history):
                axes.plot(
                    epochs, [row.get("valid_loss", np.nan) for row in history],
                    linestyle="--", color=line.get_color(),
                )  # fmt: skip
        from matplotlib.ticker import MaxNLocator

        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_xlabel("epoch")
        axes.set_ylabel("loss (solid: training, dashed: validation)")
        axes.set_title(title, fontsize="medium")
        axes.legend(fontsize="small")

    return draw


def gene_error_histogram(errors: dict[str, np.ndarray], title: str, unit: str) -> Any:
    """Distribution of the per-gene MAE of several models (the D-GEX paper's main figure)."""

    def draw(axes: Any) -> None:
        stacked = np.concatenate(list(errors.values()))
        bins = np.linspace(np.percentile(stacked, 0.5), np.percentile(stacked, 99.5), 60)
        for name, values in errors.items():
            axes.hist(
                values, bins=bins, histtype="step", linewidth=1.5,
                label=f"{name} (mean {values.mean():.3f})",
            )  # fmt: skip
        axes.set_xlabel(f"MAE of a target gene ({unit})")
        axes.set_ylabel(f"target genes (of {len(stacked) // len(errors):,})")
        axes.set_title(title, fontsize="medium")
        axes.legend(fontsize="small")

    return draw


def openness_profile(
    centres_kb: np.ndarray, signal: np.ndarray, expression: np.ndarray, title: str
) -> Any:
    """Mean binned openness against distance to the TSS, one line per expression quartile."""

    def draw(axes: Any) -> None:
        edges = np.quantile(expression, [0, 0.25, 0.5, 0.75, 1.0])
        group = np.clip(np.searchsorted(edges, expression, side="right") - 1, 0, 3)
        labels = ["lowest", "second", "third", "highest"]
        for q in range(4):
            rows = group == q
            axes.plot(
                centres_kb, signal[rows].mean(axis=0),
                label=f"{labels[q]} expression quartile (n = {rows.sum()})",
            )  # fmt: skip
        axes.axvline(0, color="grey", linewidth=0.8)
        axes.set_xlabel("distance from the TSS (kb; negative: upstream)")
        axes.set_ylabel("mean log(1 + peak signal) per bin")
        axes.set_title(title, fontsize="medium")
        axes.legend(fontsize="small")

    return draw
