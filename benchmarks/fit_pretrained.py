"""Fit a default promoter network on every shipped library and write it as a pretrained model.

The fit behind the files in ``sklearn_genexpr/datasets/data/pretrained/``::

    python benchmarks/fit_pretrained.py LegNetRegressor --bf16 --out DIR

fits the network with its defaults (``random_state=0``) on all rows of
``load_yeast_libraries()``, scores it on the 1,000 held-out DREAM rows
(``load_yeast_promoters("dream2022_heldout")``, in no shipped library) and
writes ``DIR/NAME.json`` + ``DIR/NAME.npz`` with the provenance the loader
reports (data, fit command, machine, seconds, epoch times, held-out scores, 20
recorded predictions the test suite reproduces). ``--bf16`` trains under
``Accelerator(mixed_precision="bf16", cpu=True)`` (bfloat16 autocast; the
weights stay float32): 1.4x the float32 steps on a CPU with AVX-512 BF16
(``benchmarks/flops.py --bf16``), which is what brings LegNet's 10 epochs on
85,610 promoters within an hour on 2 cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from sklearn_genexpr.neural_network._pretrained import PRETRAINED


def machine() -> str:
    import torch

    from sklearn_genexpr.utils._show_versions import cpu_description

    cpu = cpu_description()
    return f"{cpu['cores']}-core {cpu['model']}, CPU, torch {torch.__version__.split('+')[0]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", choices=PRETRAINED)
    parser.add_argument("--bf16", action="store_true", help="bfloat16 autocast (Accelerate)")
    parser.add_argument("--out", type=Path, required=True, help="folder for NAME.json/.npz")
    args = parser.parse_args()

    from sklearn_genexpr import neural_network
    from sklearn_genexpr.datasets import load_yeast_libraries, load_yeast_promoters
    from sklearn_genexpr.metrics import pearson_r, spearman_r

    Network = getattr(neural_network, args.network)
    params: dict = dict(random_state=0, device="cpu", verbose=1)
    command = f"{args.network}(random_state=0, device='cpu')"
    if args.bf16:
        from accelerate import Accelerator

        params["accelerator"] = Accelerator(mixed_precision="bf16", cpu=True)
        command = (f"{args.network}(random_state=0, "
                   "accelerator=Accelerator(mixed_precision='bf16', cpu=True))")  # fmt: skip
    command += ".fit(*load_yeast_libraries(return_X_y=True))"
    X, Y = load_yeast_libraries(return_X_y=True)
    X_test, y_test = load_yeast_promoters("dream2022_heldout", return_X_y=True)
    model = Network(**params)
    start = time.perf_counter()
    model.fit(X, Y)
    seconds = time.perf_counter() - start
    model.set_params(verbose=0)  # the epoch table was for this fit, not for the model's users
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / args.network
    # what ships is the file, read back without the accelerator: score that
    neural_network.save_pretrained(model, target)
    shipped = neural_network.load_pretrained(path=target)
    predicted = np.asarray(shipped.predict(X_test))[:, 0]
    scores = dict(heldout_pearson=float(pearson_r(y_test, predicted)),
                  heldout_spearman=float(spearman_r(y_test, predicted)))  # fmt: skip
    print(f"{args.network}: {seconds:.0f} s, held-out {scores}")
    recorded = list(map(str, np.asarray(X_test)[:20]))
    path = neural_network.save_pretrained(
        model, target,
        data=f"load_yeast_libraries(): all {len(X):,} rows of the 3 shipped yeast libraries "
        "(dream2022, deboer2020_native, deboer2020_pTpA), one output per library",
        fit_command=command, fit_machine=machine(), fit_seconds=round(seconds, 1),
        epoch_seconds=[round(float(d), 1) for d in model.history_[:, "dur"]],
        heldout="load_yeast_promoters('dream2022_heldout'): 1,000 DREAM 2022 rows in no "
        "shipped library",
        **scores, recorded_sequences=recorded,
        recorded_predictions=np.asarray(shipped.predict(recorded)).tolist(),
    )  # fmt: skip
    print(f"written: {path}")


if __name__ == "__main__":
    main()
