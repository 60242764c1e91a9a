"""Histone marks -> expression: regressors on 14 promoter mark summaries.

Protocol of the mlr3 worked example: random 2/3 - 1/3 train/test splits; here
five of them (``ShuffleSplit``), every model scored by ``cross_validate``.
The worked example's numbers (one split, one seed): linear regression test R2
0.7506, cv-glmnet ridge 0.7405, random forest about 0.77.
"""

from __future__ import annotations

import numpy as np

from . import _figures
from ._common import Options, Report, figure
from ._registry import Study

SUMMARY = "14 promoter histone-mark summaries -> expression of 8,641 genes (R2, 5 splits)"
DATA = (
    "load_histone_expression(): 8,641 genes x 14 promoter histone-mark summaries and "
    "log expression, the data of the mlr3 gallery example (see the data set's DESCR)."
)
REFERENCE = (
    "'Worked example: predicting gene expression from histone marks', an mlr3 course "
    "example (2024; not a peer-reviewed study; one random 2/3 split)."
)
#: The worked example's test R2 (one split): comparable in data and metric, not in splits
PAPER = {"LinearRegression": 0.7506, "RidgeCV": 0.7405, "RandomForest": 0.77}
UNIT = "log expression"


def run(options: Options, report: Report) -> list[dict]:
    import lightgbm
    from sklearn.ensemble import RandomForestRegressor, VotingRegressor
    from sklearn.linear_model import LassoCV, LinearRegression, RidgeCV
    from sklearn.model_selection import ShuffleSplit, cross_validate
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ..datasets import load_histone_expression
    from ..neural_network import TabularMLPRegressor

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
        # the general MLP, its architecture set for 5,760 rows; the L2 penalty and
        # patience of the openness network it used before (OpennessMLP at batch 200)
        return make_pipeline(
            StandardScaler(),
            TabularMLPRegressor(
                hidden_layer_sizes=(128, 128, 64), batch_size=200, alpha=2.0,
                n_iter_no_change=20,
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
        ),  # fmt: skip
        "LightGBM": boosting(),
        "TabularMLPRegressor": network(),
        "TabularMLPRegressor + LightGBM (mean)": VotingRegressor(
            [("mlp", network()), ("gbm", boosting())]
        ),
    }
    splits = ShuffleSplit(n_splits=5, test_size=1 / 3, random_state=options.seed)
    fitted = {}
    for name in report.steps(models, "models"):
        scores = cross_validate(
            models[name], X, y, cv=splits, scoring="r2",
            return_estimator=True, return_indices=True,
        )  # fmt: skip
        note = "worked example: one split" if name in PAPER else ""
        report.result(name, "test R2", scores["test_score"], PAPER.get(name), note)
        fitted[name] = (scores["estimator"][-1], scores["indices"]["test"][-1])
        report.progress(f"{name} done")

    for name, file in (
        ("TabularMLPRegressor + LightGBM (mean)", "best"),
        ("LinearRegression", "linear"),
    ):
        model, test = fitted[name]
        figure(
            options, f"histone_{file}",
            _figures.true_vs_predicted(
                y[test], model.predict(X[test]), f"Histone marks -> expression: {name}", UNIT
            ),
            report, f"Held-out genes of the last split: {name}, predicted against measured.",
        )  # fmt: skip
    mlp = fitted["TabularMLPRegressor"][0][-1]
    figure(
        options, "histone_learning_curve",
        _figures.learning_curves({"TabularMLPRegressor": mlp.history_}, "Histone MLP: training"),
        report, "Loss per epoch of the package MLP (last split); early stopping on the dashed "
        "validation loss picks the epoch kept.",
    )  # fmt: skip
    return report.rows


STUDY = Study("histone", SUMMARY, DATA, REFERENCE, run)
