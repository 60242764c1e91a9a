"""The honest CV number: random 5-fold against homology 5-fold on the native yeast library.

Run: ``python benchmarks/homology_cv.py``. 5-fold cross-validated Pearson r of two k-mer
models on the 69,240 native 80-mers of ``load_yeast_libraries()``, split at random
(``KFold``) and by shared 25-mers (``HomologyGroupKFold``, the DREAM frame's 17/13-base
flanks left out). The table is in ``docs/user_guide/splitting.rst``.
"""

from __future__ import annotations

import time

import lightgbm
import numpy as np
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, cross_val_score
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.datasets import load_yeast_libraries
from sklearn_genexpr.metrics import pearson_scorer
from sklearn_genexpr.model_selection import HomologyGroupKFold
from sklearn_genexpr.preprocessing import KmerVectorizer


def main() -> None:
    libraries = load_yeast_libraries()
    native = libraries.library == "deboer2020_native"
    X, y = libraries.data[native], libraries.target[native, 1]
    models = {
        "6-mers + ridge": make_pipeline(
            KmerVectorizer(k=6, canonical=True, dtype=np.float32), Ridge(alpha=10.0)
        ),
        "1..6-mers + LightGBM": make_pipeline(
            KmerVectorizer(k=(1, 6), dtype=np.float32),
            lightgbm.LGBMRegressor(n_estimators=300, verbose=-1, n_jobs=2),
        ),
    }
    splits = {
        "random 5-fold": KFold(5, shuffle=True, random_state=0),
        "homology 5-fold (k=25, flanks 17/13)": HomologyGroupKFold(
            5, k=25, flanks=(17, 13), shuffle=True, random_state=0
        ),
    }
    for name, model in models.items():
        for split, cv in splits.items():
            start = time.perf_counter()
            scores = cross_val_score(model, X, y, cv=cv, scoring=pearson_scorer)
            print(f"{name} | {split} | {scores.mean():.3f} +- {scores.std():.3f} | "
                  f"{time.perf_counter() - start:.0f} s", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
