"""How the promoter models rank the extremes: rank correlation inside the deciles.

For each model: Pearson and Spearman over all rows, and Spearman inside the
bottom and top deciles of *measured* expression (with the predictions' mean
there, against the measured mean: compressed predictions sit nearer the
middle). Two settings:

* ``heldout``: the 1,000 held-out DREAM rows (``dream2022_heldout``); the
  shipped ResNet and LegNet (each fitted on every library), 6-mer counts +
  LightGBM fitted on every library (the study's full baseline), and averages.
* ``cv``: 5-fold CV of the 6,370 DREAM training rows; the default
  ``PromoterResNetRegressor``, the same LightGBM baseline, and their average,
  each fold fitted on the other four.

    python benchmarks/promoter_tails.py [--settings heldout cv] [--folds 5]
"""

import argparse
import time

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.model_selection import KFold

from sklearn_genexpr.datasets import load_yeast_libraries, load_yeast_promoters
from sklearn_genexpr.neural_network import PromoterResNetRegressor, load_pretrained
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
        f"{'model':34} {'Pearson':>8} {'Spearman':>8} {'bottom rho':>10} {'top rho':>8}"
        "  bottom mean (measured)  top mean (measured)"
    )
    for name, pred in predictions.items():
        s = tail_scores(y, pred)
        print(
            f"{name:34} {s['pearson']:8.3f} {s['spearman']:8.3f} {s['bottom_spearman']:10.3f} "
            f"{s['top_spearman']:8.3f}  {s['bottom_mean'][0]:6.2f} ({s['bottom_mean'][1]:5.2f})"
            f"          {s['top_mean'][0]:6.2f} ({s['top_mean'][1]:5.2f})"
        )


def heldout():
    libraries = load_yeast_libraries()
    X_test, y_test = load_yeast_promoters("dream2022_heldout", return_X_y=True)
    y_test = np.asarray(y_test, dtype=float)
    resnet = np.asarray(load_pretrained("PromoterResNetRegressor").predict(X_test))[:, 0]
    legnet = np.asarray(load_pretrained("LegNetRegressor").predict(X_test))[:, 0]
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
    })  # fmt: skip


def cv(n_folds):
    libraries = load_yeast_libraries()
    dream = np.isfinite(libraries.target[:, 0])
    X, y = np.asarray(libraries.data)[dream], libraries.target[dream, 0]
    names = ("PromoterResNetRegressor()", "6-mer + LightGBM", "average of the two")
    out = {name: np.empty(len(y)) for name in names}
    for fold, (train, test) in enumerate(KFold(n_folds, shuffle=True, random_state=0).split(X)):
        start = time.perf_counter()
        net = PromoterResNetRegressor(random_state=fold).fit(X[train], y[train])
        out[names[0]][test] = net.predict(X[test])
        middle = time.perf_counter()
        boosting = _kmer_boosting(Options(n_jobs=2, seed=fold)).fit(X[train], y[train])
        out[names[1]][test] = np.asarray(boosting.predict(X[test])).ravel()
        print(
            f"fold {fold}: ResNet {middle - start:.0f} s ({net.n_iter_} epochs), "
            f"LightGBM {time.perf_counter() - middle:.0f} s",
            flush=True,
        )
    out[names[2]] = (out[names[0]] + out[names[1]]) / 2
    show(f"{n_folds}-fold CV of the DREAM training rows (pooled out-of-fold predictions)", y, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--settings", nargs="+", default=["heldout", "cv"])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    print(cpu_description())
    if "heldout" in args.settings:
        heldout()
    if "cv" in args.settings:
        cv(args.folds)


if __name__ == "__main__":
    main()
