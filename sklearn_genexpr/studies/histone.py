"""Histone marks -> expression: regressors on 14 promoter mark summaries.

Protocol of the mlr3 worked example: random 2/3 - 1/3 train/test splits; here
the mean and spread over 5 splits. Published: linear regression test R2 0.7506,
cv-glmnet ridge 0.7405, random forest about 0.77.
"""

from __future__ import annotations

import numpy as np

from ._common import Options, Report, figure, scatter_true_vs_predicted

SUMMARY = "14 promoter histone-mark summaries -> expression of 8,641 genes (R2, 5 splits)"
PAPER = {"LinearRegression": 0.7506, "RidgeCV": 0.7405, "RandomForest": 0.77}


def run(options: Options, report: Report) -> list[dict]:
    import lightgbm
    from sklearn.ensemble import RandomForestRegressor, VotingRegressor
    from sklearn.linear_model import LassoCV, LinearRegression, RidgeCV
    from sklearn.model_selection import ShuffleSplit
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..datasets import load_histone_expression
    from ..neural_network import OpennessMLP

    X, y = load_histone_expression(return_X_y=True)
    report.progress(f"loaded {X.shape[0]} genes x {X.shape[1]} marks")
    n_trees = 60 if options.quick else 300

    def boosting():
        return lightgbm.LGBMRegressor(
            n_estimators=150 if options.quick else 500,
            learning_rate=0.08 if options.quick else 0.02,
            num_leaves=15, min_child_samples=30, subsample=0.8, subsample_freq=1,
            colsample_bytree=0.8, verbose=-1, n_jobs=1, random_state=options.seed,
        )  # fmt: skip

    def network():
        # the package defaults, with the architecture and batch size set for 5,760 rows
        return make_pipeline(
            StandardScaler(),
            OpennessMLP(
                hidden_layer_sizes=(128, 128, 64), batch_size=200,
                max_iter=30 if options.quick else 150,
                random_state=options.seed, device=options.device,
            ),
        )  # fmt: skip

    models = {
        "LinearRegression": LinearRegression(),
        "RidgeCV": make_pipeline(StandardScaler(), RidgeCV(alphas=np.logspace(-3, 3, 13))),
        "LassoCV": make_pipeline(StandardScaler(), LassoCV(random_state=options.seed)),
        "RandomForest": RandomForestRegressor(
            n_estimators=n_trees,
            min_samples_leaf=5,
            n_jobs=options.n_jobs,
            random_state=options.seed,
        ),
        "LightGBM": boosting(),
        "OpennessMLP (package MLP)": network(),
        "OpennessMLP + LightGBM (mean)": VotingRegressor([("mlp", network()), ("gbm", boosting())]),
    }
    splits = ShuffleSplit(n_splits=5, test_size=1 / 3, random_state=options.seed)
    scores: dict[str, list[float]] = {name: [] for name in models}
    last = {}
    for i, (train, test) in enumerate(splits.split(X)):
        for name, model in models.items():
            model.fit(X[train], y[train])
            scores[name].append(model.score(X[test], y[test]))
            last[name] = (y[test], model.predict(X[test]))
        report.progress(f"split {i + 1}/5 done")
    for name, values in scores.items():
        report.result(name, "test R2", values, PAPER.get(name))
    y_true, y_pred = last["LinearRegression"]
    figure(
        options,
        "histone_linear_regression",
        scatter_true_vs_predicted(y_true, y_pred, "Histone marks: linear regression"),
        report,
    )
    return report.rows
