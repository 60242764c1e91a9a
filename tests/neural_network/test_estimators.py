import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
import torch
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_genexpr.metrics import mean_per_gene_mae
from sklearn_genexpr.neighbors import GeneKNNRegressor
from sklearn_genexpr.neural_network import DGEXRegressor, OpennessMLP

from .conftest import landmark_data

cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")

# Small networks and few epochs keep sklearn's ~50 checks per estimator fast; the
# checks also require a decent fit (score > 0.5) on their toy regression data.
SMALL_DGEX = dict(
    hidden_layer_sizes=(16,), learning_rate_init=0.05, max_iter=30, batch_size=32, device="cpu"
)
SMALL_OPENNESS = dict(
    hidden_layer_sizes=(16, 16), learning_rate_init=0.01, max_iter=50, batch_size=32, device="cpu"
)


@parametrize_with_checks(
    [DGEXRegressor(**SMALL_DGEX), OpennessMLP(**SMALL_OPENNESS), GeneKNNRegressor(n_neighbors=1)]
)
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_dgex_defaults_beat_linear_regression_and_knn():
    X, Y = landmark_data()
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.2, random_state=0)
    dgex = DGEXRegressor(hidden_layer_sizes=(512,), random_state=0, device="cpu")
    dgex_mae = mean_per_gene_mae(Y_test, dgex.fit(X_train, Y_train).predict(X_test))
    lr_mae = mean_per_gene_mae(Y_test, LinearRegression().fit(X_train, Y_train).predict(X_test))
    knn_mae = mean_per_gene_mae(Y_test, GeneKNNRegressor().fit(X_train, Y_train).predict(X_test))
    assert dgex_mae < 0.95 * lr_mae, (dgex_mae, lr_mae)
    assert dgex_mae < knn_mae
    # the schedule ran: a best epoch was kept, lr never above its start or below the floor
    assert any(h["valid_loss_best"] for h in dgex.history_)
    assert all(1e-5 <= h["lr"] <= 5e-4 for h in dgex.history_)


def test_openness_mlp_beats_the_mean():
    rng = np.random.default_rng(0)
    X = sp.random(800, 60, density=0.1, format="csr", random_state=0, dtype=np.float64)
    y = X[:, 28:32].sum(axis=1).A1 * 3 - X[:, 10].toarray().ravel() + rng.normal(0, 0.05, 800)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    mlp = OpennessMLP(
        hidden_layer_sizes=(64, 64, 64), batch_size=128, max_iter=150, random_state=0, device="cpu"
    ).fit(X_train, y_train)
    assert mlp.score(X_test, y_test) > 0.8
    assert DummyRegressor().fit(X_train, y_train).score(X_test, y_test) < 0.01
    assert mlp.predict(X_test).shape == (len(y_test),)


@pytest.mark.parametrize("estimator", [DGEXRegressor(**SMALL_DGEX), OpennessMLP(**SMALL_OPENNESS)])
def test_pipeline_grid_search_pickle_round_trip(estimator, tmp_path):
    import joblib

    X, Y = landmark_data(n=300, n_landmarks=12, n_targets=3)
    pipe = make_pipeline(StandardScaler(), estimator.set_params(random_state=0))
    step = pipe.steps[-1][0]
    grid = GridSearchCV(pipe, {f"{step}__hidden_layer_sizes": [(8,), (16, 8)]}, cv=2)
    grid.fit(X, Y[:, 0])
    best = grid.best_estimator_
    expected = best.predict(X)
    assert expected.shape == (300,)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(best)).predict(X), expected)
    joblib.dump(best, tmp_path / "model.joblib")
    np.testing.assert_array_equal(joblib.load(tmp_path / "model.joblib").predict(X), expected)


def test_rank_of_y_dtypes_and_feature_names():
    X, Y = landmark_data(n=100, n_landmarks=5, n_targets=2)
    model = DGEXRegressor(**SMALL_DGEX, random_state=0)
    assert model.fit(X, Y[:, 0]).predict(X).shape == (100,)
    assert model.fit(X, Y[:, :1]).predict(X).shape == (100, 1)
    assert model.fit(X.astype(np.float32), Y).predict(X).shape == (100, 2)
    assert model.fit(X.astype(np.int64), Y).predict(X).dtype == np.float64
    df = pd.DataFrame(X, columns=[f"lm{i}" for i in range(5)])
    model.fit(df, Y)
    assert list(model.feature_names_in_) == list(df.columns) and model.n_features_in_ == 5


def test_reproducible_and_leaves_global_rng_alone():
    X, Y = landmark_data(n=200, n_landmarks=8, n_targets=3)
    torch.manual_seed(123)
    before = torch.get_rng_state()
    a = DGEXRegressor(**SMALL_DGEX, random_state=7).fit(X, Y).predict(X)
    assert torch.equal(torch.get_rng_state(), before)
    b = DGEXRegressor(**SMALL_DGEX, random_state=7).fit(X, Y).predict(X)
    c = DGEXRegressor(**SMALL_DGEX, random_state=8).fit(X, Y).predict(X)
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_best_epoch_weights_are_restored():
    X, Y = landmark_data(n=300, n_landmarks=8, n_targets=3)
    # the paper's network (no target scaling, no ridge path): valid_loss is on y's scale
    model = DGEXRegressor(
        hidden_layer_sizes=(64,),
        learning_rate_init=0.05,
        max_iter=40,
        batch_size=16,
        linear_skip=False,
        standardize_target=False,
        validation_fraction=0.3,
        random_state=0,
        device="cpu",
    ).fit(X, Y)
    best = min(model.history_, key=lambda h: h["valid_loss"])
    assert best["valid_loss_best"] and sum(h["valid_loss_best"] for h in model.history_) >= 1
    # recompute the validation loss of the returned weights: it is the best epoch's
    rng = np.random.RandomState(0)
    rng.randint(np.iinfo(np.int32).max)  # the seed draw in fit
    valid = np.sort(rng.permutation(300)[:90])
    pred = model.predict(X[valid])
    loss = ((pred - Y[valid]) ** 2).mean(axis=0).sum()
    assert loss == pytest.approx(best["valid_loss"], rel=1e-4)


def test_no_validation_pass_when_disabled():
    X, Y = landmark_data(n=100, n_landmarks=5, n_targets=2)
    model = DGEXRegressor(**SMALL_DGEX, early_stopping=False).fit(X, Y)
    assert "valid_loss" not in model.history_[0]


def test_sparse_input_matches_dense():
    X, Y = landmark_data(n=200, n_landmarks=10, n_targets=2)
    X[np.abs(X) < 0.8] = 0
    dense = OpennessMLP(**SMALL_OPENNESS, random_state=0).fit(X, Y)
    sparse = OpennessMLP(**SMALL_OPENNESS, random_state=0).fit(sp.csr_matrix(X), Y)
    np.testing.assert_allclose(sparse.predict(sp.csr_matrix(X)), dense.predict(X), rtol=1e-5)


def test_target_chunks_train_separate_networks():
    X, Y = landmark_data(n=200, n_landmarks=10, n_targets=7)
    model = DGEXRegressor(**SMALL_DGEX, target_chunks=3, random_state=0).fit(X, Y)
    assert len(model.nets_) == 3 and len(model.histories_) == 3
    assert sorted(np.concatenate(model.output_groups_).tolist()) == list(range(7))
    assert model.predict(X).shape == (200, 7)
    with pytest.raises(ValueError, match="more than the 7 targets"):
        DGEXRegressor(**SMALL_DGEX, target_chunks=8).fit(X, Y)


def test_openness_penalties_and_stopping_rule():
    X, Y = landmark_data(n=300, n_landmarks=10, n_targets=1)
    # alpha=0.32: the L2 strength of the former default (weight decay 1e-2) at batch 32
    plain = OpennessMLP(**SMALL_OPENNESS, alpha=0.32, random_state=0).fit(X, Y[:, 0])
    l1 = OpennessMLP(**SMALL_OPENNESS, alpha=0.32, alpha_l1=1e-2, random_state=0).fit(X, Y[:, 0])

    def weight_l1(model):
        return sum(
            p.abs().sum().item()
            for n, p in model.module_.named_parameters()
            if n.endswith("weight")
        )

    assert weight_l1(l1) < 0.7 * weight_l1(plain)
    # the study's rule: all rows train, stop when the training loss stalls
    quick = OpennessMLP(
        **{**SMALL_OPENNESS, "max_iter": 100},
        tol=1e6,
        early_stopping=False,
        n_iter_no_change=1,
        random_state=0,
    ).fit(X, Y[:, 0])
    # epoch 1 sets the reference; epoch 2 "improves by less than tol": stop there
    assert len(quick.history_) == 2


@pytest.mark.parametrize(
    "Model, params", [(DGEXRegressor, SMALL_DGEX), (OpennessMLP, SMALL_OPENNESS)]
)
def test_errors(Model, params):
    X, Y = landmark_data(n=50, n_landmarks=4, n_targets=2)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Model(**params).fit(bad, Y)
    with pytest.raises(ValueError, match="infinity"):
        Model(**params).fit(X, np.where(Y > 1, np.inf, Y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        Model(**params).fit(X, Y[:-1])
    with pytest.raises(FloatingPointError, match="loss became .* at epoch 1"):
        Model(**{**params, "learning_rate_init": 1e30}).fit(X * 1e10, Y * 1e10)
    if not torch.cuda.is_available():
        with pytest.raises(ValueError, match="CUDA is not available"):
            Model(**{**params, "device": "cuda"}).fit(X, Y)
    with pytest.raises(ValueError, match="Unknown device"):
        Model(**{**params, "device": "tpu"}).fit(X, Y)


def test_dgex_warns_on_unstandardised_targets():
    X, Y = landmark_data(n=50, n_landmarks=4, n_targets=2)
    with pytest.warns(UserWarning, match="standardised per gene"):
        DGEXRegressor(**SMALL_DGEX, standardize_target=False).fit(X, 8 + 3 * Y)


def test_device_auto_is_cpu_without_cuda():
    if torch.cuda.is_available():
        pytest.skip("CUDA present: auto picks it")
    X, Y = landmark_data(n=50, n_landmarks=4, n_targets=1)
    model = DGEXRegressor(**{**SMALL_DGEX, "device": "auto"}).fit(X, Y)
    assert model.device_ == "cpu"


@cuda
def test_gpu_fitted_model_predicts_on_a_cpu_only_machine(tmp_path):
    X, Y = landmark_data(n=200, n_landmarks=8, n_targets=3)
    model = DGEXRegressor(**{**SMALL_DGEX, "device": "cuda"}, random_state=0).fit(X, Y)
    assert model.device_.startswith("cuda")
    path = tmp_path / "model.pkl"
    path.write_bytes(pickle.dumps(model))
    np.save(tmp_path / "X.npy", X)
    np.save(tmp_path / "expected.npy", model.predict(X))
    code = textwrap.dedent(f"""
        import pickle, numpy as np, torch
        assert not torch.cuda.is_available()
        model = pickle.loads(open({str(path)!r}, "rb").read())
        pred = model.predict(np.load({str(tmp_path / "X.npy")!r}))
        np.testing.assert_allclose(pred, np.load({str(tmp_path / "expected.npy")!r}), atol=1e-5)
    """)
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env={**__import__("os").environ, "CUDA_VISIBLE_DEVICES": ""},
    )


def test_divergence_to_a_huge_finite_loss_is_caught():
    X, Y = landmark_data(n=300, n_landmarks=10, n_targets=1)
    with pytest.raises(FloatingPointError, match="diverged"):
        OpennessMLP(**{**SMALL_OPENNESS, "learning_rate_init": 1e9}, random_state=0).fit(X, Y[:, 0])


def test_values_beyond_float32_are_rejected_with_their_column():
    X, Y = landmark_data(n=50, n_landmarks=4, n_targets=1)
    model = OpennessMLP(**SMALL_OPENNESS).fit(X, Y[:, 0])
    bad = X.copy()
    bad[7, 2] = 1e39
    with pytest.raises(ValueError, match="float32's range .* column 2"):
        model.predict(bad)
    with pytest.raises(ValueError, match="column 2"):
        OpennessMLP(**SMALL_OPENNESS).fit(sp.csr_matrix(bad), Y[:, 0])


def test_dgex_warns_on_its_documented_case():
    X, Y = landmark_data(n=80, n_landmarks=4, n_targets=2)
    Y = (Y - Y.mean(axis=0)) / Y.std(axis=0)
    with pytest.warns(UserWarning, match="standardised per gene"):
        DGEXRegressor(**SMALL_DGEX, standardize_target=False).fit(X, 8 + 0.86 * Y)


def test_mlp_regressor_names_drop_into_an_mlp_regressor_grid():
    from sklearn.neural_network import MLPRegressor

    shared = {
        "learning_rate_init",
        "alpha",
        "batch_size",
        "max_iter",
        "early_stopping",
        "validation_fraction",
        "n_iter_no_change",
        "tol",
        "hidden_layer_sizes",
        "random_state",
        "verbose",
    }
    assert shared <= set(MLPRegressor().get_params())
    for Model in (DGEXRegressor, OpennessMLP):
        assert shared <= set(Model().get_params())
    X, Y = landmark_data(n=200, n_landmarks=6, n_targets=1)
    grid = {"learning_rate_init": [0.01], "alpha": [0.0, 1e-3], "max_iter": [20]}
    GridSearchCV(OpennessMLP(hidden_layer_sizes=(8,), batch_size=32, device="cpu"), grid, cv=2).fit(
        X, Y[:, 0]
    )


def test_early_stopping_with_too_few_rows_says_so():
    X, Y = landmark_data(n=1, n_landmarks=4, n_targets=1)
    with pytest.raises(ValueError, match="1 sample|no training row"):
        DGEXRegressor(**SMALL_DGEX).fit(X, Y[:, 0])


def test_nonlinear_truth_the_default_network_still_beats_ridge_clearly():
    from sklearn.linear_model import RidgeCV

    rng = np.random.default_rng(0)
    X = rng.normal(size=(1500, 10))
    y = np.sin(2 * X[:, 0]) * X[:, 1] + np.abs(X[:, 2]) + 0.1 * rng.normal(size=1500)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    ridge = RidgeCV().fit(X_train, y_train).score(X_test, y_test)
    networks = [
        OpennessMLP(hidden_layer_sizes=(64, 64), batch_size=64, random_state=0),
        DGEXRegressor(hidden_layer_sizes=(64,), batch_size=64, learning_rate_init=0.05,
                      random_state=0),
    ]  # fmt: skip
    for model in networks:
        score = model.set_params(device="cpu").fit(X_train, y_train).score(X_test, y_test)
        assert score > ridge + 0.3, (type(model).__name__, score, ridge)


@pytest.mark.parametrize("Model", [OpennessMLP, DGEXRegressor])
def test_pure_linear_truth_with_few_rows_is_within_noise_of_ridge(Model):
    from sklearn.linear_model import RidgeCV

    gaps = []
    for seed in range(3):
        rng = np.random.default_rng(seed)
        beta = rng.normal(size=30)
        X, X_test = rng.normal(size=(80, 30)), rng.normal(size=(500, 30))
        y, y_test = X @ beta + rng.normal(size=80), X_test @ beta + rng.normal(size=500)
        ridge = RidgeCV(alphas=np.logspace(-2, 3, 11)).fit(X, y).score(X_test, y_test)
        net = Model(hidden_layer_sizes=(32,), random_state=0, device="cpu").fit(X, y)
        gaps.append(ridge - net.score(X_test, y_test))
    assert np.mean(gaps) < 0.05, gaps
