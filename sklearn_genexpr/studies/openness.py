"""Chromatin openness -> expression: TSS-binned K562 DNase and ATAC peaks on chr22.

Features a user of the study builds with the package: ``TSSBinner`` at three
window scales (0.5 kb bins within 2 kb of the TSS, 2 kb bins within 10 kb,
10 kb bins within 100 kb), for both assays, ``log1p`` of the peak signal,
joined by a ``FeatureUnion``. Models predict log1p(TPM) of genes held out by
gene (``GroupShuffleSplit``): ridge, LightGBM, the study's 4-layer
``OpennessMLP`` with the package defaults, and the network averaged with
LightGBM. The study itself (201 cell types) reported that its MLP did not
generalise (dev MSE ~1 on z-scored expression); with one cell type, no
per-gene z-score across cell types is possible, so expression is predicted
across genes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ._common import Options, Report, figure, scatter_true_vs_predicted

SUMMARY = "K562 DNase + ATAC peaks binned around chr22 TSSs -> log TPM (held-out genes)"

#: (half window, bin size) in bp: fine near the TSS, coarse far away
SCALES = ((2_000, 500), (10_000, 2_000), (100_000, 10_000))


def features(k562: Any) -> Any:
    """The multi-scale, two-assay binning of the study as one transformer."""
    from sklearn.pipeline import FeatureUnion

    from ..preprocessing import TSSBinner

    binners = []
    for assay in ("dnase", "atac"):
        peaks = k562[assay][k562[assay].end - k562[assay].start < 5000]  # no centromere artefact
        for window, bin_size in SCALES:
            binner = TSSBinner(
                peaks, upstream=window, downstream=window, bin_size=bin_size, log1p=True,
                sparse_output=False,
            )  # fmt: skip
            binners.append((f"{assay}_{bin_size}bp", binner))
    return FeatureUnion(binners)


def run(options: Options, report: Report) -> list[dict]:
    import lightgbm
    from sklearn.ensemble import VotingRegressor
    from sklearn.linear_model import RidgeCV
    from sklearn.metrics import make_scorer
    from sklearn.model_selection import GroupShuffleSplit, cross_validate
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..datasets import load_k562_openness
    from ..metrics import spearman_r
    from ..neural_network import OpennessMLP

    k562 = load_k562_openness()
    genes = k562.genes[k562.genes.chrom == "chr22"]
    genes = genes[genes.gene_name.isin(k562.expression.index)]
    genes = genes.drop_duplicates("gene_name").reset_index(drop=True)
    y = np.log1p(k562.expression[genes.gene_name].to_numpy())
    X = features(k562).fit_transform(genes)
    report.progress(f"{len(genes)} chr22 genes with expression, {X.shape[1]} bins (2 assays)")

    def boosting():
        return lightgbm.LGBMRegressor(
            n_estimators=300, learning_rate=0.03, num_leaves=8, min_child_samples=10,
            subsample=0.8, subsample_freq=1, colsample_bytree=0.5, verbose=-1, n_jobs=1,
            random_state=options.seed,
        )  # fmt: skip

    def network():
        return make_pipeline(
            StandardScaler(),
            OpennessMLP(
                max_iter=40 if options.quick else 150,
                random_state=options.seed, device=options.device,
            ),
        )  # fmt: skip

    models = {
        "ridge": make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-2, 5, 15))),
        "LightGBM": boosting(),
        "OpennessMLP (defaults)": network(),
        "OpennessMLP + LightGBM (mean)": VotingRegressor([("mlp", network()), ("gbm", boosting())]),
    }
    scoring = {"spearman": make_scorer(spearman_r), "r2": "r2"}
    split = GroupShuffleSplit(
        n_splits=3 if options.quick else 10, test_size=0.3, random_state=options.seed
    )
    for name, model in models.items():
        scores = cross_validate(model, X, y, groups=genes.gene_name, cv=split, scoring=scoring)
        report.result(name, "held-out-gene Spearman", scores["test_spearman"])
        report.result(name, "held-out-gene R2", scores["test_r2"])
        report.progress(f"{name} done")
    one_split = GroupShuffleSplit(n_splits=1, test_size=0.3, random_state=options.seed)
    train, test = next(one_split.split(X, y, groups=genes.gene_name))
    pred = models["OpennessMLP + LightGBM (mean)"].fit(X[train], y[train]).predict(X[test])
    figure(
        options,
        "openness_mlp_lightgbm",
        scatter_true_vs_predicted(y[test], pred, "K562 chr22: OpennessMLP + LightGBM"),
        report,
    )
    return report.rows
