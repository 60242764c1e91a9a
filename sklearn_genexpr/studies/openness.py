"""Chromatin openness -> expression: TSS-binned K562 DNase peaks on chr22.

Genes are split into training and test sets (by gene, never leaking one);
models predict log1p(TPM) from 1-kb bins of DNase signal within 100 kb of the
TSS, against a baseline that sees only the promoter bins ([-2 kb, +1 kb)).
The study itself (201 cell types) reported that its MLP did not generalise
(dev MSE ~1 on z-scored expression); with one cell type, no per-gene z-score
across cell types is possible, so expression is predicted across genes.
"""

from __future__ import annotations

import numpy as np

from ._common import Options, Report, figure, scatter_true_vs_predicted

SUMMARY = "K562 DNase peaks binned around chr22 TSSs -> log TPM (Spearman, R2, held-out genes)"


def run(options: Options, report: Report) -> list[dict]:
    from sklearn.linear_model import RidgeCV
    from sklearn.metrics import r2_score
    from sklearn.model_selection import GroupShuffleSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..datasets import load_k562_openness
    from ..metrics import spearman_r
    from ..neural_network import OpennessMLP
    from ..preprocessing import TSSBinner

    k562 = load_k562_openness()
    genes = k562.genes[k562.genes.chrom == "chr22"]
    genes = genes[genes.gene_name.isin(k562.expression.index)]
    genes = genes.drop_duplicates("gene_name").reset_index(drop=True)
    peaks = k562.dnase[k562.dnase.end - k562.dnase.start < 5000]  # drop the centromere artefact
    y = np.log1p(k562.expression[genes.gene_name].to_numpy())
    report.progress(f"{len(genes)} chr22 genes with expression, {len(peaks)} DNase peaks")
    window = 100_000
    binner = TSSBinner(
        peaks, upstream=window, downstream=window, bin_size=1000, log1p=True, sparse_output=False
    )
    X = binner.fit_transform(genes)
    centre = window // 1000
    promoter_bins = slice(centre - 2, centre + 1)
    split = GroupShuffleSplit(
        n_splits=5 if not options.quick else 3, test_size=0.3, random_state=options.seed
    )
    models = {
        "promoter bins only + ridge": lambda: make_pipeline(
            StandardScaler(), RidgeCV(alphas=np.logspace(-2, 4, 13))
        ),
        "all 200 bins + ridge": lambda: make_pipeline(
            StandardScaler(), RidgeCV(alphas=np.logspace(-2, 4, 13))
        ),
        "all 200 bins + OpennessMLP": lambda: make_pipeline(
            StandardScaler(),
            OpennessMLP(
                hidden_layer_sizes=(256, 128, 64),
                dropout=0.3,
                alpha=1e-4,
                batch_size=64,
                max_iter=40 if options.quick else 150,
                validation_fraction=0.2,
                early_stopping=True,
                n_iter_no_change=10,
                random_state=options.seed,
                device=options.device,
            ),
        ),
    }
    scores: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in models}
    for fold, (train, test) in enumerate(split.split(X, y, groups=genes.gene_name)):
        for name, make in models.items():
            columns = promoter_bins if name.startswith("promoter") else slice(None)
            pred = make().fit(X[train][:, columns], y[train]).predict(X[test][:, columns])
            scores[name][0].append(float(spearman_r(y[test], pred)))
            scores[name][1].append(float(r2_score(y[test], pred)))
            if fold == 0 and name.startswith("all 200 bins + ridge"):
                figure(
                    options,
                    "openness_ridge",
                    scatter_true_vs_predicted(y[test], pred, "K562 chr22: ridge"),
                    report,
                )
        report.progress(f"gene split {fold + 1} done")
    for name, (rho, r2) in scores.items():
        report.result(name, "held-out Spearman", rho)
        report.result(name, "held-out R2", r2)
    return report.rows
