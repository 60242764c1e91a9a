"""GridSearchCV of KmerVectorizer + LightGBM: n_jobs=1 against a 2-worker LocalCluster.

8 candidates x 3 folds on 6,000 generated 80-bp promoters. LightGBM runs with
one thread in both, so the comparison is one process against two workers.
"""

import lightgbm
import pytest
from joblib import parallel_backend
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.datasets import make_promoter_expression
from sklearn_genexpr.metrics import pearson_scorer
from sklearn_genexpr.preprocessing import KmerVectorizer

distributed = pytest.importorskip("distributed")

GRID = {"kmervectorizer__k": [4, 5, 6, (4, 6)], "lgbmregressor__num_leaves": [15, 31]}
N_CANDIDATES_X_FOLDS = 8 * 3


@pytest.fixture(scope="module")
def promoters():
    return make_promoter_expression(6000, random_state=0)


def _search(n_jobs):
    pipe = make_pipeline(
        KmerVectorizer(),
        lightgbm.LGBMRegressor(n_estimators=100, n_jobs=1, verbose=-1, random_state=0),
    )
    return GridSearchCV(pipe, GRID, cv=3, scoring=pearson_scorer, n_jobs=n_jobs)


@pytest.mark.benchmark(group="dask-grid-search")
def test_grid_search_one_process(benchmark, promoters, record):
    benchmark.pedantic(lambda: _search(1).fit(*promoters), rounds=1, iterations=1)
    record(benchmark, "GridSearchCV 8x3 k-mer+LightGBM", "baseline", N_CANDIDATES_X_FOLDS, "fits")


@pytest.mark.benchmark(group="dask-grid-search")
def test_grid_search_local_cluster(benchmark, promoters, record):
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster):

        def run():
            with parallel_backend("dask"):
                return _search(-1).fit(*promoters)

        run()  # warm the workers (imports)
        benchmark.pedantic(run, rounds=1, iterations=1)
    cluster.close()
    record(
        benchmark, "GridSearchCV 8x3 k-mer+LightGBM", "dask 2 workers", N_CANDIDATES_X_FOLDS, "fits"
    )
