"""How the promoter models rank the extremes: rank correlation inside the deciles.

For each model: Pearson and Spearman over all rows, and Spearman inside the
bottom and top deciles of *measured* expression (with the predictions' mean
there, against the measured mean: compressed predictions sit nearer the
middle). Two settings:

* ``heldout``: the 1,000 held-out DREAM rows (``dream2022_heldout``); the
  shipped ResNet and LegNet (each fitted on every library), 6-mer counts +
  LightGBM fitted on every library (the study's full baseline), and averages.
* ``cv``: 5-fold CV of the 6,370 DREAM training rows; the default
  ``PromoterResNetRegressor`` and ``LegNetRegressor`` (``--cv-networks``), the
  same LightGBM baseline, and averages, each fold fitted on the other four.

    python benchmarks/promoter_tails.py [--settings heldout cv] [--folds 5]
        [--cv-networks resnet legnet] [--refit soft_bins=18 ...]
        [--refit-network resnet|legnet] [--bf16]

``--refit`` adds a network (``--refit-network``) fitted on every library with
other parameters to the held-out table (e.g. ``soft_bins=18``: each library's
bins over its own range; ``--refit-network legnet --refit "block_sizes=(32, 32,
16, 16)" max_iter=9 --bf16``: a LegNet sized for a 2-core CPU).
"""

import argparse
import ast
import time

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.model_selection import KFold

from sklearn_genexpr.datasets import load_yeast_libraries, load_yeast_promoters
from sklearn_genexpr.neural_network import (
    LegNetRegressor,
    PromoterResNetRegressor,
    load_pretrained,
)
from sklearn_genexpr.studies._common import Options
from sklearn_genexpr.studies.promoter import _kmer_boosting
from sklearn_genexpr.utils._show_versions import cpu_description


def tail_scores(y, pred, fraction=0.1):
    """Overall and in-decile scores of one model's predictions."""
    low, high = np.quantile(y, [fraction, 1 - fraction])
    bottom, top = y <= low, y >= high
    return {
        "pearson": pearsonr(y, pred)[0],
        "spearman": spearmanr(y, pred)[0],
        "bottom_spearman": spearmanr(y[bottom], pred[bottom])[0],
        "top_spearman": spearmanr(y[top], pred[top])[0],
        "bottom_mean": (pred[bottom].mean(), y[bottom].mean()),
        "top_mean": (pred[top].mean(), y[top].mean()),
    }


def show(title, y, predictions):
    print(f"\n{title} ({len(y)} rows)")
    print(
        f"{'model':44} {'Pearson':>8} {'Spearman':>8} {'bottom rho':>10} {'top rho':>8}"
        "  bottom mean (measured)  top mean (measured)"
    )
    for name, pred in predictions.items():
        s = tail_scores(y, pred)
        print(
            f"{name:44} {s['pearson']:8.3f} {s['spearman']:8.3f} {s['bottom_spearman']:10.3f} "
            f"{s['top_spearman']:8.3f}  {s['bottom_mean'][0]:6.2f} ({s['bottom_mean'][1]:5.2f})"
            f"          {s['top_mean'][0]:6.2f} ({s['top_mean'][1]:5.2f})"
        )


CV_MODELS = {
    "resnet": ("PromoterResNetRegressor()", PromoterResNetRegressor),
    "legnet": ("LegNetRegressor()", LegNetRegressor),
}


def heldout(refit=None, network="resnet", bf16=False):
    libraries = load_yeast_libraries()
    X_test, y_test = load_yeast_promoters("dream2022_heldout", return_X_y=True)
    y_test = np.asarray(y_test, dtype=float)
    resnet = np.asarray(load_pretrained("PromoterResNetRegressor").predict(X_test))[:, 0]
    legnet = np.asarray(load_pretrained("LegNetRegressor").predict(X_test))[:, 0]
    refitted = {}
    if refit:
        params = {key: ast.literal_eval(value) for key, value in refit}
        label, estimator = CV_MODELS[network]
        name = f"{label[:-2]}, refit: " + ", ".join(f"{k}={v!r}" for k, v in params.items())
        if bf16:
            from accelerate import Accelerator

            params["accelerator"] = Accelerator(mixed_precision="bf16", cpu=True)
            name += ", bf16"
        start = time.perf_counter()
        net = estimator(random_state=0, **params)
        net.fit(libraries.data, libraries.target)
        epochs = [round(entry["dur"]) for entry in net.history_]
        print(f"{name} on {len(libraries.data)} rows: {time.perf_counter() - start:.0f} s, "
              f"{net.n_iter_} epochs of {min(epochs)}-{max(epochs)} s")  # fmt: skip
        refitted[name] = np.asarray(net.predict(X_test))[:, 0]
    start = time.perf_counter()
    boosting = _kmer_boosting(Options(n_jobs=2)).fit(libraries.data, libraries.target)
    print(f"k-mer + LightGBM on {len(libraries.data)} rows: {time.perf_counter() - start:.0f} s")
    lgbm = np.asarray(boosting.predict(X_test)).reshape(len(y_test), -1)[:, 0]
    show("held-out DREAM rows, models fitted on every library", y_test, {
        "ResNet, shipped": resnet,
        "LegNet, shipped": legnet,
        "6-mer + LightGBM": lgbm,
        "average ResNet + LightGBM": (resnet + lgbm) / 2,
        "average ResNet + LegNet": (resnet + legnet) / 2,
        "average of the three": (resnet + legnet + lgbm) / 3,
        **refitted,
    })  # fmt: skip


def cv(n_folds, networks):
    libraries = load_yeast_libraries()
    dream = np.isfinite(libraries.target[:, 0])
    X, y = np.asarray(libraries.data)[dream], libraries.target[dream, 0]
    lgbm = "6-mer + LightGBM"
    out = {CV_MODELS[key][0]: np.empty(len(y)) for key in networks}
    out[lgbm] = np.empty(len(y))
    for fold, (train, test) in enumerate(KFold(n_folds, shuffle=True, random_state=0).split(X)):
        times = []
        for key in networks:
            name, estimator = CV_MODELS[key]
            start = time.perf_counter()
            net = estimator(random_state=fold).fit(X[train], y[train])
            out[name][test] = np.asarray(net.predict(X[test])).ravel()
            times.append(f"{name} {time.perf_counter() - start:.0f} s ({net.n_iter_} epochs)")
        start = time.perf_counter()
        boosting = _kmer_boosting(Options(n_jobs=2, seed=fold)).fit(X[train], y[train])
        out[lgbm][test] = np.asarray(boosting.predict(X[test])).ravel()
        times.append(f"LightGBM {time.perf_counter() - start:.0f} s")
        print(f"fold {fold}: " + ", ".join(times), flush=True)
    for key in networks:
        name = CV_MODELS[key][0]
        out[f"average {name} + LightGBM"] = (out[name] + out[lgbm]) / 2
    if len(networks) == 2:
        resnet, legnet = (CV_MODELS[key][0] for key in ("resnet", "legnet"))
        out["average ResNet + LegNet"] = (out[resnet] + out[legnet]) / 2
    show(f"{n_folds}-fold CV of the DREAM training rows (pooled out-of-fold predictions)", y, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--settings", nargs="+", default=["heldout", "cv"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--cv-networks", nargs="+", choices=sorted(CV_MODELS), default=["resnet", "legnet"]
    )
    parser.add_argument(
        "--refit", nargs="+", default=[], metavar="PARAM=VALUE",
        help="held-out only: also fit the --refit-network with random_state=0, PARAM=VALUE, "
        "... on every library (the ResNet about 25 min) and score it beside the shipped models",
    )  # fmt: skip
    parser.add_argument("--refit-network", choices=sorted(CV_MODELS), default="resnet")
    parser.add_argument("--bf16", action="store_true", help="the refit under bf16 autocast")
    args = parser.parse_args()
    print(cpu_description())
    if "heldout" in args.settings:
        heldout([item.split("=", 1) for item in args.refit], args.refit_network, args.bf16)
    if "cv" in args.settings:
        cv(args.folds, args.cv_networks)


if __name__ == "__main__":
    main()
