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

from . import _figures
from ._common import Options, Report, figure
from ._registry import Study

SUMMARY = "K562 DNase + ATAC peaks binned around chr22 TSSs -> log TPM (held-out genes)"
DATA = (
    "load_k562_openness(): ENCODE K562 DNase-seq and ATAC-seq peaks, RefSeq gene TSSs "
    "and K562 RNA-seq TPM; the chr22 genes with expression (see the data set's DESCR)."
)
REFERENCE = (
    "Bodapati S, Daley T, Johnson-Yu S. Predicting gene expression using epigenetic markers "
    "on the genome (Stanford University project report; 201 cell types, a 4-layer MLP on "
    "TSS-binned openness that did not generalise, dev MSE ~1)."
)
UNIT = "log(1 + TPM)"

#: (half window, bin size) in bp: fine near the TSS, coarse far away
SCALES = ((2_000, 500), (10_000, 2_000), (100_000, 10_000))


def features(k562: Any, bigwigs: dict | None = None) -> Any:
    """The multi-scale, two-assay binning of the study as one transformer.

    An assay named in ``bigwigs`` (``{"dnase": path, "atac": path}``) is
    binned from that bigWig (signal summed per bin) instead of its peaks.
    """
    from sklearn.pipeline import FeatureUnion

    from ..genomics import BigWigTrack, PeakTrack
    from ..preprocessing import TSSBinner

    bigwigs = bigwigs or {}
    binners = []
    for assay in ("dnase", "atac"):
        signal: Any
        if assay in bigwigs:
            signal = BigWigTrack(bigwigs[assay])
        else:  # one table for all scales, held by reference (no centromere artefact)
            signal = PeakTrack(k562[assay][k562[assay].end - k562[assay].start < 5000])
        for window, bin_size in SCALES:
            binner = TSSBinner(
                signal, upstream=window, downstream=window, bin_size=bin_size, log1p=True,
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
    genes, y = k562.data, k562.target  # chr22 genes with expression, log1p(TPM)
    binning = features(k562, options.bigwigs)
    X = binning.fit_transform(genes)
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
    for name in report.steps(models, "models"):
        scores = cross_validate(
            models[name], X, y, groups=genes.gene_name, cv=split, scoring=scoring
        )
        note = "the study: MLP did not generalise" if "MLP" in name else ""
        report.result(name, "held-out-gene Spearman", scores["test_spearman"], note=note)
        report.result(name, "held-out-gene R2", scores["test_r2"])
        report.progress(f"{name} done")
    names = binning.get_feature_names_out()
    _figures_of_one_split(options, report, models, X, y, genes.gene_name, names)
    return report.rows


def _figures_of_one_split(
    options: Options, report: Report, models: dict, X: np.ndarray, y: np.ndarray,
    gene_names: Any, names: np.ndarray,
) -> None:  # fmt: skip
    """Predicted vs measured, openness by distance, importance by distance, training curve."""
    from sklearn.model_selection import GroupShuffleSplit

    from ..inspection import plot_positional_importance, positional_importance

    if options.output is None:
        return
    one_split = GroupShuffleSplit(n_splits=1, test_size=0.3, random_state=options.seed)
    train, test = next(one_split.split(X, y, groups=gene_names))
    ensemble = models["OpennessMLP + LightGBM (mean)"].fit(X[train], y[train])
    figure(
        options, "openness_predicted",
        _figures.true_vs_predicted(
            y[test], ensemble.predict(X[test]), "K562 chr22: OpennessMLP + LightGBM", UNIT
        ),
        report, "Held-out chr22 genes (one split by gene): the network averaged with LightGBM.",
    )  # fmt: skip
    dnase_fine = [j for j, n in enumerate(names) if n.startswith("dnase_500bp__")]
    centres = np.array([_centre_kb(names[j]) for j in dnase_fine])
    order = np.argsort(centres)
    figure(
        options, "openness_profile",
        _figures.openness_profile(
            centres[order], X[:, dnase_fine][:, order], y,
            "K562 DNase signal around the TSS by expression",
        ),
        report, "Mean log(1 + DNase peak signal) in 500-bp bins within 2 kb of the TSS, genes "
        "grouped by expression quartile: open promoters go with expressed genes.",
    )  # fmt: skip
    booster = models["LightGBM"].fit(X[train], y[train])
    result = positional_importance(
        booster, X[test], y[test], feature_names=names, n_repeats=5, random_state=options.seed
    )
    figure(
        options, "openness_importance",
        lambda axes: plot_positional_importance(
            result, ax=axes, title="What LightGBM uses: importance by distance to the TSS"
        ),
        report, "Permutation importance (drop of held-out R2) of each distance bin and assay "
        "at each window scale, LightGBM on the held-out genes of one split.",
        size=(8, 4.5),
    )  # fmt: skip
    mlp = ensemble.named_estimators_["mlp"][-1]
    figure(
        options, "openness_learning_curve",
        _figures.learning_curves({"OpennessMLP": mlp.history_}, "OpennessMLP: training"),
        report, "Loss per epoch of the study's MLP inside the ensemble (one split).",
    )  # fmt: skip


def _centre_kb(name: str) -> float:
    """Centre of a ``TSSBinner`` bin name such as ``dnase_500bp__tss-2000_-1500``, in kb."""
    low, high = name.split("__tss")[1].split("_")
    return (int(low) + int(high)) / 2e3


STUDY = Study("openness", SUMMARY, DATA, REFERENCE, run)
