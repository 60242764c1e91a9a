"""What a study is, and the one loop that runs studies (used by ``genexpr reproduce``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["Study", "run_studies"]


@dataclass(frozen=True)
class Study:
    """A study reproduced on the shipped data.

    Attributes
    ----------
    name : str
        Its name on the command line (``genexpr reproduce NAME``).
    summary : str
        One line: inputs -> outputs, and the metric.
    data : str
        The shipped data it reads, with provenance.
    reference : str
        Whose numbers its published values are.
    run : callable
        ``run(options, report) -> list[dict]``: the result rows.
    """

    name: str
    summary: str
    data: str
    reference: str
    run: Callable[[Any, Any], list[dict]]


def run_studies(
    studies: Sequence[Study], options: Any, *, n_jobs: int, order: Sequence[str] = ()
) -> tuple[list[dict], dict[str, dict]]:
    """Run ``studies`` in turn under one thread budget; write results as they come.

    Parameters
    ----------
    studies : sequence of Study
        What to run.
    options : Options
        Quick or full, seed, device, output folder, threads.
    n_jobs : int
        Threads for torch, BLAS and OpenMP (LightGBM) alike.
    order : sequence of str, default=()
        The studies' order in the report (the registry's).

    Returns
    -------
    rows : list of dict
        Every study's result rows.
    descriptions : dict
        Per study: summary, data, reference, settings, seconds, figures, versions.
    """
    import torch
    from threadpoolctl import threadpool_limits

    from ..utils._show_versions import _versions
    from ..utils._threads import thread_limit
    from ._common import Report

    rows: list[dict] = []
    descriptions: dict[str, dict] = {}
    versions = _versions()
    # One thread budget for every library: torch, BLAS and OpenMP (LightGBM) each
    # default to one thread per core, and fitting one while another's threads spin
    # made the studies 2x slower on 2 cores (12x for the histone study). The
    # package's own kernels (one-hot, k-mers, quantile sorts) keep to it too.
    torch.set_num_threads(n_jobs)
    with threadpool_limits(limits=n_jobs), thread_limit(n_jobs):
        for study in studies:
            report = Report(study.name)
            report.progress(("quick run: " if options.quick else "") + study.summary)
            study_rows = study.run(options, report)
            for row in study_rows:  # where a published number stands, say whose it is
                row["reference"] = study.reference if row["paper"] is not None else None
            rows.extend(study_rows)
            report.progress("done")
            descriptions[study.name] = {
                "summary": study.summary,
                "data": study.data,
                "reference": study.reference,
                "quick": options.quick,
                "seed": options.seed,
                "device": options.device,
                "n_jobs": options.n_jobs,
                "seconds": round(report.seconds, 1),
                "figures": report.figures,
                "versions": versions,
            }
            if options.output is not None:  # after each study: a later failure loses nothing
                from ._report import write

                write(
                    Path(options.output), study_rows, {study.name: descriptions[study.name]}, order
                )
    return rows, descriptions
