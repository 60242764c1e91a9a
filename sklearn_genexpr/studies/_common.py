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
    #: The openness study's signal from bigWig files instead of the shipped peaks:
    #: ``{"dnase": path, "atac": path}`` (either or both)
    bigwigs: dict = dataclasses.field(default_factory=dict)
    #: The promoter study writes its full ResNet's weights here (``save_pretrained``)
    pretrained_output: Path | None = None


class Report:
    """Progress on stderr (with elapsed time), result rows and the figures written."""

    def __init__(self, study: str) -> None:
        self.study = study
        self.start = time.perf_counter()
        self.rows: list[dict] = []
        #: (file name, caption) of each figure written
        self.figures: list[tuple[str, str]] = []

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.start

    def progress(self, message: str) -> None:
        print(f"[{self.study} {self.seconds:6.1f}s] {message}", file=sys.stderr, flush=True)

    def steps(self, items: Any, description: str) -> Any:
        """Iterate over ``items`` with a progress bar on a terminal (tqdm), quiet otherwise."""
        from tqdm.auto import tqdm

        return tqdm(
            items, desc=f"[{self.study}] {description}", disable=not sys.stderr.isatty(),
            leave=False, file=sys.stderr,
        )  # fmt: skip

    def result(
        self,
        model: str,
        metric: str,
        values: Any,
        paper: float | None = None,
        note: str = "",
        unit: str = "",
    ) -> None:
        """One row: ``values`` over splits (mean, spread = SD over splits), the published value."""
        values = np.atleast_1d(np.asarray(values, dtype=float))
        self.rows.append(
            {
                "study": self.study,
                "model": model,
                "metric": metric,
                "unit": unit,
                "value": float(values.mean()),
                "spread": float(values.std()) if values.size > 1 else None,
                "n_splits": int(values.size),
                "paper": paper,
                "note": note,
            }
        )


def row_cells(row: dict) -> list[str]:
    """A result row as text: model, metric (unit), ours, sd, published, note.

    A score gets 4 decimals, a count none; ``sd`` is the standard deviation
    over the splits; ``published`` is only filled where the number is
    comparable (same metric) and the note says where the data differ.
    """
    metric = row["metric"] + (f" ({row['unit']})" if row.get("unit") else "")
    value = row["value"]
    ours = f"{value:,.0f}" if float(value).is_integer() and abs(value) >= 10 else f"{value:.4f}"
    spread = "" if row.get("spread") is None else f"{row['spread']:.3f}"
    paper = "" if row.get("paper") is None else f"{row['paper']:.4f}"
    return [row["model"], metric, ours, spread, paper, row.get("note", "")]


def format_table(rows: list[dict]) -> str:
    """Results beside the published numbers, as a plain-text table (see :func:`row_cells`)."""
    header = (
        f"{'study':<9}{'model':<34}{'metric (unit)':<44}{'ours':>9}{'sd':>8}{'published':>10}  note"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        model, metric, ours, spread, paper, note = row_cells(row)
        lines.append(
            f"{row['study']:<9}{model:<34}{metric:<44}{ours:>9}{spread:>8}{paper:>10}  {note}"
        )
    return "\n".join(lines)


def figure(
    options: Options,
    name: str,
    draw: Any,
    report: Report,
    caption: str,
    size: tuple[float, float] = (5.5, 4.5),
) -> None:
    """Save ``draw(axes)`` as ``NAME.png`` under ``--output`` and note its caption."""
    if options.output is None:
        return
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        report.progress(f"matplotlib not installed (extra 'plot'): skipping {name}.png")
        return
    fig, axes = plt.subplots(figsize=size)
    draw(axes)
    fig.tight_layout()
    save_figure(options, name, fig, report, caption)


def save_figure(options: Options, name: str, fig: Any, report: Report, caption: str) -> None:
    """Save a drawn matplotlib figure as ``NAME.png`` under ``--output``, note its caption."""
    import matplotlib.pyplot as plt

    assert options.output is not None
    options.output.mkdir(parents=True, exist_ok=True)
    fig.savefig(options.output / f"{name}.png", dpi=110)
    plt.close(fig)
    report.figures.append((f"{name}.png", caption))
    report.progress(f"figure {options.output / (name + '.png')}")
