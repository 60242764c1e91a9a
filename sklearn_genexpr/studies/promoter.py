"""Promoter sequence -> expression: k-mer counts + LightGBM vs the 1-D conv ResNet.

Data: the 6,370 DREAM 2022 training-library rows shipped with the package,
tested on 1,000 other rows of the library. Published (on the full 6.7 M-row
training set, validation split): ResNet R2 0.537, k-mers + LightGBM R2 0.37.
"""

from __future__ import annotations

from ._common import Options, Report, figure, scatter_true_vs_predicted

SUMMARY = "DREAM 2022 yeast promoters -> expression: 6-mer + LightGBM vs ResNet (Pearson, R2)"
PAPER_R2 = {"6-mer counts + LightGBM": 0.37, "PromoterResNetRegressor": 0.537}


def run(options: Options, report: Report) -> list[dict]:
    import lightgbm
    from sklearn.metrics import r2_score
    from sklearn.pipeline import make_pipeline

    from ..datasets import load_yeast_promoters
    from ..metrics import pearson_r, spearman_r
    from ..neural_network import PromoterResNetRegressor
    from ..preprocessing import KmerVectorizer

    X_train, y_train = load_yeast_promoters("dream2022_train", return_X_y=True)
    X_test, y_test = load_yeast_promoters("dream2022_test", return_X_y=True)
    report.progress(f"{len(X_train)} training and {len(X_test)} test promoters")
    resnet = (
        PromoterResNetRegressor(
            channels=32, max_iter=4, swa_start=3, random_state=options.seed, device=options.device
        )
        if options.quick
        else PromoterResNetRegressor(random_state=options.seed, device=options.device)
    )
    models = {
        "6-mer counts + LightGBM": make_pipeline(
            KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1, random_state=options.seed)
        ),
        "PromoterResNetRegressor": resnet,
    }
    for name, model in models.items():
        report.progress(f"fitting {name}")
        pred = model.fit(X_train, y_train).predict(X_test)
        report.result(name, "test Pearson r", pearson_r(y_test, pred))
        report.result(name, "test Spearman", spearman_r(y_test, pred))
        report.result(
            name,
            "test R2",
            r2_score(y_test, pred),
            PAPER_R2[name],
            note="paper: 6.7 M training rows",
        )
        figure(
            options,
            "promoter_" + name.split()[0].lower().replace("-", ""),
            scatter_true_vs_predicted(y_test, pred, f"Promoters: {name}"),
            report,
        )
    return report.rows
