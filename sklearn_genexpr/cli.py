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

# What the studies run on beyond the core install: the `studies` extra
_STUDY_MODULES = ("torch", "skorch", "lightgbm", "tqdm")


def _demo(args: argparse.Namespace) -> int:
    from .utils._optional import require

    require(*_STUDY_MODULES, extra="studies", purpose="genexpr demo")
    import lightgbm
    from sklearn.linear_model import RidgeCV
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline

    from .datasets import make_promoter_expression
    from .metrics import pearson_r
    from .preprocessing import DNAOneHotEncoder, KmerVectorizer, ReverseComplementAugmenter

    print(
        f"sklearn-genexpr demo: {args.n_sequences} generated {args.length}-bp promoters "
        f"(make_promoter_expression: a spaced GATAAG-CCAAT composite, a TATA box near "
        f"the ends and CACGTG, planted on either strand)",
        flush=True,
    )
    seqs, y = make_promoter_expression(
        args.n_sequences, args.length, random_state=args.random_state
    )
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
    from .studies import STUDIES, run_studies
    from .studies._common import Options, format_table

    names = list(STUDIES) if args.study == "all" else [args.study]
    output = Path(args.output) if args.output else None
    bigwigs = {
        assay: path for assay, path in (("dnase", args.dnase_bigwig), ("atac", args.atac_bigwig))
        if path is not None
    }  # fmt: skip
    if bigwigs and args.study not in ("openness", "all"):
        raise ValueError("--dnase-bigwig / --atac-bigwig are options of the openness study.")
    for path in bigwigs.values():
        if not Path(path).is_file():
            raise ValueError(f"no bigWig file at {path!r}.")
    options = Options(
        quick=args.quick, seed=args.seed, device=args.device, output=output, n_jobs=args.n_jobs,
        bigwigs=bigwigs, pretrained_output=args.write_pretrained,
    )  # fmt: skip
    selected = [STUDIES[name] for name in names]
    rows, _ = run_studies(selected, options, n_jobs=args.n_jobs, order=list(STUDIES))
    print(format_table(rows), flush=True)
    if output is not None:
        from .studies._report import REPORT

        print(f"report: {output / REPORT}", flush=True)
    return 0


def _available_cpus() -> int:
    """CPUs this process may run on (a container's or taskset's, not the host's)."""
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _device(value: str) -> str:
    """``--device``, checked before any work (no CUDA, no such device: one line)."""
    from ._device import resolve_device
    from .utils._optional import installed

    if not installed("torch"):
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
        + "\n".join(f"  {name:<9} {study.summary}" for name, study in STUDIES.items())
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
    for assay, name in (("dnase", "DNase-seq"), ("atac", "ATAC-seq")):
        reproduce.add_argument(
            f"--{assay}-bigwig",
            default=None,
            metavar="PATH",
            help=f"openness: bin this {name} bigWig (signal summed per bin; needs the genomics "
            f"extra) instead of the shipped {name} peaks",
        )
    reproduce.add_argument(
        "--write-pretrained",
        default=None,
        type=_output,
        metavar="DIR",
        help="promoter (full run): write the fitted ResNet and LegNet as weights + "
        "configuration (load_pretrained(path=DIR/PromoterResNetRegressor), .../LegNetRegressor)",
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
