"""Hyper-parameter searches on a dask.distributed cluster of 2 worker processes."""

import numpy as np
import pytest
from joblib import parallel_backend
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from sklearn_genexpr.datasets import make_landmark_expression, make_promoter_expression
from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.metrics import pearson_scorer
from sklearn_genexpr.neighbors import GeneKNNRegressor
from sklearn_genexpr.neural_network import DGEXRegressor
from sklearn_genexpr.preprocessing import (
    DNAOneHotEncoder,
    JointQuantileNormalizer,
    KmerVectorizer,
)

distributed = pytest.importorskip("distributed", reason="needs the 'distributed' extra")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as dask_client:
        yield dask_client
    cluster.close()


def _search_both_ways(search, X, y, client):
    import torch

    # the workers compute with one thread each: so does the sequential search, since
    # float32 convolutions round differently when their sums are split over threads
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        sequential = GridSearchCV(**{**search.get_params(deep=False), "n_jobs": 1}).fit(X, y)
    finally:
        torch.set_num_threads(threads)
    with parallel_backend("dask"):
        on_cluster = GridSearchCV(**{**search.get_params(deep=False), "n_jobs": -1}).fit(X, y)
    np.testing.assert_allclose(
        on_cluster.cv_results_["mean_test_score"],
        sequential.cv_results_["mean_test_score"],
        rtol=1e-6,
    )
    assert on_cluster.best_params_ == sequential.best_params_
    assert len(client.scheduler_info()["workers"]) == 2
    return on_cluster


def test_sequence_pipelines_search_on_the_cluster(client):
    X, y = make_promoter_expression(300, length=50, random_state=0)
    search = GridSearchCV(
        make_pipeline(KmerVectorizer(), Ridge()),
        {
            "kmervectorizer__k": [2, 3],
            "kmervectorizer__canonical": [False, True],
            "ridge__alpha": [0.1, 10.0],
        },
        cv=3,
        scoring=pearson_scorer,
    )
    _search_both_ways(search, X, y, client)
    onehot = GridSearchCV(
        make_pipeline(DNAOneHotEncoder(flatten=True), Ridge()), {"ridge__alpha": [0.1, 10.0]}, cv=3
    )
    _search_both_ways(onehot, X, y, client)


def test_neural_and_normaliser_pipelines_search_on_the_cluster(client):
    data = make_landmark_expression(200, 12, 6, random_state=0)
    search = GridSearchCV(
        make_pipeline(
            JointQuantileNormalizer(),
            StandardScaler(),
            DGEXRegressor(
                learning_rate_init=0.05, max_iter=5, batch_size=32, random_state=0, device="cpu"
            ),
        ),
        {"dgexregressor__hidden_layer_sizes": [(8,), (16, 8)]},
        cv=2,
    )
    _search_both_ways(search, data.data, data.target, client)
    knn = GridSearchCV(GeneKNNRegressor(), {"n_neighbors": [1, 3, 5]}, cv=3)
    _search_both_ways(knn, data.data, data.target, client)


def test_openness_and_promoter_pipelines_search_on_the_cluster(client):
    from imblearn.pipeline import make_pipeline as make_imb_pipeline

    from sklearn_genexpr.datasets import make_openness_expression
    from sklearn_genexpr.neural_network import OpennessMLP, PromoterResNetRegressor
    from sklearn_genexpr.preprocessing import ReverseComplementAugmenter, TSSBinner

    data = make_openness_expression(60, 3, random_state=0)
    binner = TSSBinner(
        PeakTrack(data.peaks),
        signal=data.signal_columns,
        upstream=10_000,
        downstream=10_000,
        bin_size=1000,
        log1p=True,
    )
    search = GridSearchCV(
        make_pipeline(
            binner,
            OpennessMLP(
                hidden_layer_sizes=(8,),
                batch_size=32,
                learning_rate_init=0.01,
                max_iter=5,
                random_state=0,
                device="cpu",
            ),
        ),
        {"tssbinner__bin_size": [1000, 2000]},
        cv=2,
    )
    _search_both_ways(search, data.genes, data.target, client)

    X, y = make_promoter_expression(120, length=50, random_state=1)
    resnet = make_imb_pipeline(
        ReverseComplementAugmenter(),
        PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=2, random_state=0, device="cpu"),
    )
    search = GridSearchCV(resnet, {"promoterresnetregressor__kernel_size": [3, 5]}, cv=2)
    _search_both_ways(search, X, y, client)
