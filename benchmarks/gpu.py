"""The GPU measurements of ``benchmarks/gpu.sh``: throughput at batch 1024, an epoch, a table.

Run by ``bash benchmarks/gpu.sh`` on a machine with a CUDA GPU (it refuses
to run without one). For every network at batch 1024: rows per second of
``fit`` in float32 and with bf16 mixed precision (``accelerator=
Accelerator(mixed_precision="bf16")``, skorch's ``AccelerateMixin``); then one
epoch of the default ``PromoterResNetRegressor`` on all shipped yeast
libraries (85,610 sequences) and the epoch time of the 6.7 M-row DREAM 2022
training set extrapolated from it. The table is printed and written into
``benchmarks/README.md`` between its GPU markers.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

README = Path(__file__).with_name("README.md")
START, END = "<!-- gpu-table:start -->", "<!-- gpu-table:end -->"
CHALLENGE_ROWS = 6_739_258


def require_cuda() -> None:
    import torch

    if not torch.cuda.is_available():
        raise SystemExit(
            f"benchmarks/gpu.py: no CUDA device (torch {torch.__version__}: "
            f"torch.cuda.is_available() is False); it measures GPUs only."
        )


def write_table(table: str, readme: Path = README) -> None:
    """Put ``table`` between the GPU markers of ``readme`` (added at its end if missing)."""
    text = readme.read_text()
    block = f"{START}\n{table.strip()}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text)


def _timed_fit(model, X, y) -> float:
    import torch

    torch.cuda.synchronize()
    start = time.perf_counter()
    model.fit(X, y)
    torch.cuda.synchronize()
    return time.perf_counter() - start


def throughput_rows() -> list[str]:
    from accelerate import Accelerator

    from sklearn_genexpr.neural_network import (
        DGEXRegressor,
        LegNetRegressor,
        OpennessMLP,
        PromoterResNetRegressor,
    )

    rng = np.random.default_rng(0)
    n_seq, n_tab = 81_920, 40_960
    seqs = ["".join(row) for row in rng.choice(np.array(list("ACGT")), size=(n_seq, 110))]
    y_seq = rng.integers(0, 18, n_seq).astype(float)
    X_tab = rng.normal(size=(n_tab, 943)).astype(np.float32)
    Y_tab = X_tab[:, :50] @ rng.normal(size=(50, 1000)).astype(np.float32)
    X_open = rng.random((n_tab, 2000)).astype(np.float32)
    y_open = X_open[:, :20].sum(axis=1)
    cases = [
        ("PromoterResNetRegressor", PromoterResNetRegressor, seqs, y_seq, 1),
        ("LegNetRegressor", LegNetRegressor, seqs, y_seq, 2),  # both strands a batch
        ("DGEXRegressor", DGEXRegressor, X_tab, Y_tab, 1),
        ("OpennessMLP", OpennessMLP, X_open, y_open, 1),
    ]
    lines = []
    for name, Network, X, y, rows_per_sample in cases:
        for precision in ("float32", "bf16"):
            extra = (
                {}
                if precision == "float32"
                else {"accelerator": Accelerator(mixed_precision="bf16")}
            )
            model = Network(
                max_iter=1, batch_size=1024, early_stopping=False, random_state=0, **extra
            )
            if "device" in model.get_params() and not extra:
                model.set_params(device="cuda")
            _timed_fit(model, X[:2048], y[:2048])  # warm-up: CUDA context, cuDNN choices
            seconds = _timed_fit(model, X, y)
            lines.append(f"| {name} | {precision} | {len(X) * rows_per_sample / seconds:,.0f} |")
    return lines


def resnet_epoch() -> tuple[float, int]:
    from sklearn_genexpr.datasets import load_yeast_libraries
    from sklearn_genexpr.neural_network import PromoterResNetRegressor

    X, Y = load_yeast_libraries(return_X_y=True)
    model = PromoterResNetRegressor(max_iter=1, early_stopping=False, random_state=0, device="cuda")
    return _timed_fit(model, X, Y), len(X)


def main() -> None:
    require_cuda()
    import torch

    device = torch.cuda.get_device_name(0)
    lines = [
        f"GPU: {device} (torch {torch.__version__}, CUDA {torch.version.cuda}); "
        f"`bash benchmarks/gpu.sh`, {time.strftime('%Y-%m-%d')}.",
        "",
        "| network (batch 1024, 1 epoch of `fit`) | precision | rows/s |",
        "| --- | --- | ---: |",
        *throughput_rows(),
    ]
    seconds, n = resnet_epoch()
    lines += [
        "",
        f"Default `PromoterResNetRegressor`, one epoch on all shipped libraries ({n:,} "
        f"sequences, batch 128): {seconds:.1f} s; the 6.7 M-row DREAM 2022 training set "
        f"extrapolated: {seconds * CHALLENGE_ROWS / n / 60:.1f} min an epoch.",
    ]
    table = "\n".join(lines)
    print(table)
    if "--write-readme" in sys.argv:
        write_table(table)


if __name__ == "__main__":
    main()
