"""The ``genexpr`` command (also ``python -m sklearn_genexpr``).

``genexpr reproduce histone|openness|promoter|dgex|all`` runs each study end to
end on the data shipped with the package and prints its results beside the
numbers the study published (``--quick`` for a few minutes on a laptop,
``--output DIR`` for figures and inferred tables). ``genexpr demo`` runs the
sequence transformers on generated promoters.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

__all__ = ["main"]

MOTIFS = {"TATAAA": 2.0, "GATAAG": 1.0, "CACGTG": -1.5}


def _generated_promoters(n: int, length: int, seed: int) -> tuple[list[str], np.ndarray]:
    """Random sequences; expression = sum of motif effects (either strand) + noise."""
    from .preprocessing import reverse_complement

    rng = np.random.default_rng(seed)
    letters = rng.choice(np.array(list("ACGT")), size=(n, length))
    seqs = ["".join(row) for row in letters]
    y = rng.normal(0.0, 0.3, n)
    for motif, effect in MOTIFS.items():
        site = str(reverse_complement([motif])[0])
        for i in np.flatnonzero(rng.random(n) < 0.3):
            start = int(rng.integers(0, length - len(motif)))
            planted = motif if rng.random() < 0.5 else site
            seqs[i] = seqs[i][:start] + planted + seqs[i][start + len(motif) :]
        y += effect * np.array([(motif in s) or (site in s) for s in seqs])
    return seqs, y


# What the studies run on beyond the core install: the `studies` extra
_STUDY_MODULES = ("torch", "skorch", "lightgbm", "tqdm")


def _demo(args: argparse.Namespace) -> int:
    from .utils._optional import require

    require(*_STUDY_MODULES, extra="studies", purpose="genexpr demo")
    import lightgbm
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline

    from .metrics import pearson_r
    from .preprocessing import DNAOneHotEncoder, KmerVectorizer, ReverseComplementAugmenter

    print(
        f"sklearn-genexpr demo: {args.n_sequences} generated {args.length}-bp promoters, "
        f"motifs {', '.join(MOTIFS)} planted on either strand",
        flush=True,
    )
    seqs, y = _generated_promoters(args.n_sequences, args.length, args.random_state)
    X_train, X_test, y_train, y_test = train_test_split(
        seqs, y, test_size=0.25, random_state=args.random_state
    )
    X_aug, y_aug = ReverseComplementAugmenter().fit_resample(X_train, y_train)
    print(f"  reverse-complement augmentation: {len(X_train)} -> {len(X_aug)} training rows")

    models = {
        "6-mer counts + LightGBM": make_pipeline(
            KmerVectorizer(k=6, canonical=True),
            lightgbm.LGBMRegressor(
                n_estimators=300, learning_rate=0.05, verbose=-1, random_state=args.random_state
            ),
        ),
        "one-hot + ridge": make_pipeline(
            DNAOneHotEncoder(flatten=True), RidgeCV(alphas=np.logspace(-2, 3, 6))
        ),
    }
    print(f"  {'model':<26}{'Pearson r':>10}{'fit s':>8}")
    for name, model in models.items():
        start = time.perf_counter()
        model.fit(X_aug, y_aug)
        elapsed = time.perf_counter() - start
        r = pearson_r(y_test, model.predict(X_test))
        print(f"  {name:<26}{r:>10.3f}{elapsed:>8.1f}", flush=True)

    big = [s for s in seqs for _ in range(max(1, 100_000 // len(seqs)))][:100_000]
    transformers: list[tuple[str, Any]] = [
        ("DNAOneHotEncoder", DNAOneHotEncoder()),
        ("KmerVectorizer(k=6)", KmerVectorizer(k=6)),
    ]
    for label, transformer in transformers:
        start = time.perf_counter()
        transformer.fit_transform(big)
        elapsed = time.perf_counter() - start
        mbp = sum(map(len, big)) / elapsed / 1e6
        print(f"  {label:<26} {len(big)} sequences in {elapsed:.2f} s ({mbp:.0f} Mbp/s)")
    return 0


def _reproduce(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .utils._optional import require

    require(*_STUDY_MODULES, extra="studies", purpose="genexpr reproduce")

    from .studies import STUDIES
    from .studies._common import Options, Report, format_table

    names = list(STUDIES) if args.study == "all" else [args.study]
    from threadpoolctl import threadpool_limits

    options = Options(
        quick=args.quick,
        seed=args.seed,
        device=args.device,
        output=Path(args.output) if args.output else None,
        n_jobs=args.n_jobs,
    )
    from .utils._show_versions import _versions

    rows: list[dict] = []
    studies: dict[str, dict] = {}
    versions = _versions()
    # One thread budget for every library: torch, BLAS and OpenMP (LightGBM) each
    # default to one thread per core, and fitting one while another's threads spin
    # made the studies 2x slower on 2 cores (12x for the histone study).
    _limit_torch_threads(args.n_jobs)
    with threadpool_limits(limits=args.n_jobs):
        for name in names:
            study = STUDIES[name]
            report = Report(name)
            report.progress(("quick run: " if args.quick else "") + study.SUMMARY)
            study_rows = study.run(options, report)
            for row in study_rows:  # where a published number stands, say whose it is
                row["reference"] = study.REFERENCE if row["paper"] is not None else None
            rows.extend(study_rows)
            report.progress("done")
            studies[name] = {
                "summary": study.SUMMARY,
                "data": study.DATA,
                "reference": study.REFERENCE,
                "quick": options.quick,
                "seed": options.seed,
                "device": options.device,
                "n_jobs": options.n_jobs,
                "seconds": round(report.seconds, 1),
                "figures": report.figures,
                "versions": versions,
            }
            if options.output is not None:  # after each study: a later failure loses nothing
                from .studies._report import write

                write(options.output, study_rows, {name: studies[name]})
    print(format_table(rows), flush=True)
    if options.output is not None:
        from .studies._report import REPORT

        print(f"report: {options.output / REPORT}", flush=True)
    return 0


def _limit_torch_threads(n_jobs: int) -> None:
    import torch

    torch.set_num_threads(n_jobs)


def _available_cpus() -> int:
    """CPUs this process may run on (a container's or taskset's, not the host's)."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _device(value: str) -> str:
    """``--device``, checked before any work (no CUDA, no such device: one line)."""
    import importlib.util

    from ._device import resolve_device

    if importlib.util.find_spec("torch") is None:
        return value  # the command then says which extra to install
    try:
        resolve_device(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def _output(value: str) -> str:
    """``--output``, created (or found writable) before any work."""
    import os
    from pathlib import Path

    path = Path(value)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise argparse.ArgumentTypeError(f"cannot create {value!r}: {error.strerror}") from None
    if not os.access(path, os.W_OK):
        raise argparse.ArgumentTypeError(f"{value!r} is not writable")
    return value


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an integer") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be at least 1")
    return number


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``genexpr`` command."""
    import os

    # Idle OpenMP threads (LightGBM's) sleep instead of spinning while torch computes;
    # read by the OpenMP runtime when it starts, so set before anything loads it.
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    from .studies import STUDIES

    parser = argparse.ArgumentParser(prog="genexpr", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    reproduce = commands.add_parser(
        "reproduce",
        help="run a study end to end on the shipped data",
        description="Studies:\n"
        + "\n".join(f"  {name:<9} {module.SUMMARY}" for name, module in STUDIES.items())
        + "\n  all       every study in turn",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    reproduce.add_argument(
        "study",
        choices=[*STUDIES, "all"],
        metavar="STUDY",
        help="histone, openness, promoter, dgex or all",
    )
    reproduce.add_argument(
        "--quick",
        action="store_true",
        help="smaller models and fewer epochs (minutes on 2 CPU cores)",
    )
    reproduce.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    reproduce.add_argument(
        "--device",
        default="auto",
        type=_device,
        help="auto (CUDA if present), cpu, cuda, cuda:N, mps",
    )
    reproduce.add_argument(
        "--output",
        default=None,
        type=_output,
        help="folder for the figures (needs matplotlib), results.json, studies.json and "
        "report.html (merged across runs)",
    )
    reproduce.add_argument(
        "--n-jobs",
        type=_positive_int,
        default=_available_cpus(),
        help="threads for all fitting (torch, BLAS, OpenMP, LightGBM); default: the CPUs "
        "available to this process",
    )
    reproduce.set_defaults(handler=_reproduce)
    demo = commands.add_parser("demo", help="the sequence transformers on generated data")
    demo.add_argument(
        "--n-sequences", type=_positive_int, default=8000, help="generated promoters (8000)"
    )
    demo.add_argument("--length", type=_positive_int, default=80, help="their length in bp (80)")
    demo.add_argument("--random-state", type=int, default=0, help="random seed (default 0)")
    demo.set_defaults(handler=_demo)
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (ValueError, OSError, ImportError, FloatingPointError) as error:
        # a user's bad input or environment: one line, never a traceback
        print(f"genexpr: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
