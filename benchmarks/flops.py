"""FLOPs of a training step of the default sequence networks, and how many of them a CPU does.

Run: ``python benchmarks/flops.py``. For ``PromoterResNetRegressor()`` and
``LegNetRegressor()`` at their defaults on 110-bp promoters (the DREAM 2022
frame) and 18 soft bins: torch's ``FlopCounterMode`` counts the forward and
backward FLOPs of one batch (matrix products and convolutions, the work that
dominates), a timed loop of forward + backward + optimizer steps gives the
achieved rate, and a large float32 matrix product on the same threads stands
for the cores' attainable peak. LegNet trains on both strands of every
sequence (its batches are doubled), so its FLOPs per data-set sequence are
twice those per network row. With ``--bf16`` the timed loop also runs under
``torch.autocast("cpu", dtype=torch.bfloat16)`` where the CPU has AVX-512
BF16 or AMX (what ``Accelerator(mixed_precision="bf16")`` does).

Inference: rows/s of ``forward`` in eval mode (batch 1,024, no gradients), as
trained and with every batch norm folded into the convolution before it
(``torch.nn.utils.fusion.fuse_conv_bn_eval``; outputs compared), to see
whether the fusion pays on the CPU at hand.
"""

from __future__ import annotations

import copy
import sys
import time
from functools import partial

import numpy as np
import torch
from torch.utils.flop_counter import FlopCounterMode

from sklearn_genexpr.neural_network import LegNetRegressor, PromoterResNetRegressor
from sklearn_genexpr.utils._show_versions import cpu_description

LENGTH, STEPS = 110, 12


def fitted_module(Network):
    """The default network's module, built by a one-epoch fit on a few sequences."""
    rng = np.random.default_rng(0)
    seqs = ["".join(row) for row in rng.choice(np.array(list("ACGT")), size=(64, LENGTH))]
    y = np.arange(64) % 18.0  # 18 bins, as DREAM's 0-17
    model = Network(max_iter=1, early_stopping=False, device="cpu", random_state=0).fit(seqs, y)
    return model, model.net_.module_


def train_step(module, optimizer, X):
    optimizer.zero_grad()
    module(X).float().square().mean().backward()
    optimizer.step()


def matmul_gflops(size: int = 2048, repeat: int = 5) -> float:
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeat))
    return 2 * size**3 / best / 1e9


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def measure(Network, bf16: bool) -> dict:
    model, module = fitted_module(Network)
    rows = model.batch_size * (2 if Network is LegNetRegressor else 1)  # LegNet: both strands
    channels = model.input_spec_.n_channels
    X = torch.rand(rows, channels, LENGTH)
    module.train()
    optimizer = torch.optim.AdamW(module.parameters(), lr=1e-3)
    with FlopCounterMode(display=False) as counter:
        train_step(module, optimizer, X)
    flops_per_row = counter.get_total_flops() / rows
    result = {"network": Network.__name__, "batch_rows": rows, "gflop_per_row": flops_per_row / 1e9}
    for precision in ("float32", "bfloat16") if bf16 else ("float32",):

        def step(autocast=precision == "bfloat16"):
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
                train_step(module, optimizer, X)

        step()
        seconds = min(_timed(step) for _ in range(STEPS))
        result[precision] = {
            "rows_per_s": rows / seconds,
            "gflops": flops_per_row * rows / seconds / 1e9,
        }
    result["rows_per_sequence"] = 2 if Network is LegNetRegressor else 1
    return result


def folded(module):
    """A copy of ``module`` with each Conv1d + BatchNorm1d pair (in a Sequential) folded."""
    from torch import nn
    from torch.nn.utils.fusion import fuse_conv_bn_eval

    module = copy.deepcopy(module).eval()
    for parent in module.modules():
        names = list(parent._modules)
        for first, second in zip(names, names[1:]):
            conv, norm = parent._modules[first], parent._modules[second]
            if isinstance(conv, nn.Conv1d) and isinstance(norm, nn.BatchNorm1d):
                parent._modules[first] = fuse_conv_bn_eval(conv, norm)
                parent._modules[second] = nn.Identity()
    return module


def inference(Network, rows: int = 1024) -> dict:
    model, module = fitted_module(Network)
    module.eval()
    X = torch.rand(rows, model.input_spec_.n_channels, LENGTH)
    fused = folded(module)
    result = {"network": Network.__name__}
    with torch.no_grad():
        result["max_difference"] = float((module(X) - fused(X)).abs().max())
        for name, candidate in (("as trained", module), ("batch norm folded", fused)):
            call = partial(candidate, X)
            call()
            result[name] = rows / min(_timed(call) for _ in range(STEPS))
    return result


def main() -> None:
    bf16 = "--bf16" in sys.argv
    cpu = cpu_description()
    peak = matmul_gflops()
    print(
        f"CPU: {cpu['model']}, {cpu['cores']} cores, torch threads {torch.get_num_threads()}, "
        f"numpy SIMD {' '.join(cpu['simd_found'])}"
    )
    print(f"float32 2048^3 matrix product: {peak:.0f} GFLOP/s (the attainable peak here)")
    print(
        "| network | GFLOP per row (fwd+bwd) | rows per data-set sequence | precision "
        "| rows/s | GFLOP/s | of the matmul peak |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for Network in (PromoterResNetRegressor, LegNetRegressor):
        result = measure(Network, bf16)
        for precision in ("float32", "bfloat16"):
            if precision not in result:
                continue
            rate = result[precision]
            print(
                f"| {result['network']} | {result['gflop_per_row']:.3f} "
                f"| {result['rows_per_sequence']} | "
                f"{precision} | {rate['rows_per_s']:.0f} | {rate['gflops']:.1f} | "
                f"{rate['gflops'] / peak:.0%} |"
            )
    print("\n| network | predict rows/s, as trained | batch norm folded | ratio | max difference |")
    print("| --- | --- | --- | --- | --- |")
    for Network in (PromoterResNetRegressor, LegNetRegressor):
        result = inference(Network)
        plain, fused = result["as trained"], result["batch norm folded"]
        print(
            f"| {result['network']} | {plain:.0f} | {fused:.0f} | {fused / plain:.2f}x "
            f"| {result['max_difference']:.1e} |"
        )


if __name__ == "__main__":
    main()
