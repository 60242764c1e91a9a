"""Shared pieces of the study runners: options, progress, results rows, figures."""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np


@dataclasses.dataclass
class Options:
    """Command-line options every study receives."""

    quick: bool = False
    seed: int = 0
    device: str = "auto"
    output: Path | None = None
    #: Threads of every library (torch, BLAS, OpenMP, LightGBM, joblib), one level only
    n_jobs: int = 1


class Report:
    """Progress lines on stderr (with elapsed time) and result rows."""

    def __init__(self, study: str) -> None:
        self.study = study
        self.start = time.perf_counter()
        self.rows: list[dict] = []

    def progress(self, message: str) -> None:
        elapsed = time.perf_counter() - self.start
        print(f"[{self.study} {elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)

    def result(
        self, model: str, metric: str, values: Any, paper: float | None = None, note: str = ""
    ) -> None:
        values = np.atleast_1d(np.asarray(values, dtype=float))
        self.rows.append(
            {
                "study": self.study,
                "model": model,
                "metric": metric,
                "value": float(values.mean()),
                "spread": float(values.std()) if values.size > 1 else None,
                "paper": paper,
                "note": note,
            }
        )


def format_table(rows: list[dict]) -> str:
    """Results beside the published numbers, as a plain-text table."""
    header = f"{'study':<9}{'model':<34}{'metric':<22}{'ours':>14}{'paper':>9}  note"
    lines = [header, "-" * len(header)]
    for row in rows:
        ours = f"{row['value']:.4f}"
        if row["spread"] is not None:
            ours += f" ±{row['spread']:.3f}"
        paper = "" if row["paper"] is None else f"{row['paper']:.4f}"
        lines.append(
            f"{row['study']:<9}{row['model']:<34}{row['metric']:<22}{ours:>14}"
            f"{paper:>9}  {row['note']}"
        )
    return "\n".join(lines)


def figure(options: Options, name: str, draw: Any, report: Report) -> None:
    """Save a PNG with ``draw(axes)`` under ``--output``, if matplotlib is installed."""
    if options.output is None:
        return
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        report.progress(f"matplotlib not installed (extra 'plot'): skipping {name}.png")
        return
    options.output.mkdir(parents=True, exist_ok=True)
    fig, axes = plt.subplots(figsize=(5, 4))
    draw(axes)
    fig.tight_layout()
    fig.savefig(options.output / f"{name}.png", dpi=120)
    plt.close(fig)
    report.progress(f"figure {options.output / (name + '.png')}")


def scatter_true_vs_predicted(y_true: np.ndarray, y_pred: np.ndarray, title: str) -> Any:
    def draw(axes: Any) -> None:
        axes.scatter(y_true, y_pred, s=4, alpha=0.4)
        low, high = float(np.min(y_true)), float(np.max(y_true))
        axes.plot([low, high], [low, high], color="grey", linewidth=1)
        axes.set_xlabel("measured")
        axes.set_ylabel("predicted")
        axes.set_title(title)

    return draw
