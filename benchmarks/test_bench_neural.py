"""Training throughput of the skorch-driven base against a hand-written torch loop.

Workload of the issue: 20,000 profiles x 943 landmarks -> 1,000 targets, two tanh
layers of 1,000 units with dropout 0.1, SGD with momentum, batch 200, 2 epochs,
no validation pass. Also skorch's own NeuralNet with its default per-sample
Dataset/DataLoader, which is what a skorch user gets without this package.
"""

import numpy as np
import pytest
import torch
from torch import nn

from sklearn_genexpr.neural_network import DGEXRegressor
from sklearn_genexpr.neural_network._modules import MLP


class SumOfMSELoss(torch.nn.Module):
    """The D-GEX loss as a hand-written loop computes it (no missing-value mask)."""

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return ((prediction - target) ** 2).mean(dim=0).sum()


N, N_LANDMARKS, N_TARGETS = 20_000, 943, 1_000
HIDDEN, BATCH, EPOCHS, LR = (1000, 1000), 200, 2, 5e-4


@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, N_LANDMARKS))  # float64, as users have it
    Y = np.tanh(X[:, :50] @ rng.normal(size=(50, N_TARGETS)) / 7)
    return X, Y


def hand_written_loop(X: np.ndarray, Y: np.ndarray) -> nn.Module:
    torch.manual_seed(0)
    X_t = torch.from_numpy(X.astype(np.float32))
    Y_t = torch.from_numpy(Y.astype(np.float32))
    model = MLP(
        N_LANDMARKS, HIDDEN, N_TARGETS, activation="tanh", dropout=0.1, output_init_scale=1e-4
    )
    optimizer = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9)
    loss_fn = SumOfMSELoss()
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(N)
        for start in range(0, N, BATCH):
            index = order[start : start + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(X_t[index]), Y_t[index])
            loss.backward()
            optimizer.step()
    return model


@pytest.mark.benchmark(group="dgex-train")
def test_train_hand_written_torch_loop(benchmark, data, record):
    benchmark.pedantic(hand_written_loop, args=data, rounds=3, iterations=1)
    record(benchmark, "MLP training (2 epochs)", "baseline", N * EPOCHS, "samples")


@pytest.mark.benchmark(group="dgex-train")
def test_train_dgex_regressor(benchmark, data, record):
    model = DGEXRegressor(
        hidden_layer_sizes=HIDDEN,
        dropout=0.1,
        learning_rate_init=LR,
        batch_size=BATCH,
        max_iter=EPOCHS,
        early_stopping=False,
        random_state=0,
        device="cpu",
    )
    benchmark.pedantic(model.fit, args=data, rounds=3, iterations=1)
    assert len(model.history_) == EPOCHS
    record(benchmark, "MLP training (2 epochs)", "ours", N * EPOCHS, "samples")


@pytest.mark.benchmark(group="dgex-train")
def test_train_skorch_default_dataloader(benchmark, data, record):
    from skorch import NeuralNet

    X, Y = data

    def fit():
        torch.manual_seed(0)
        net = NeuralNet(
            MLP,
            module__n_features=N_LANDMARKS,
            module__hidden_layer_sizes=HIDDEN,
            module__n_outputs=N_TARGETS,
            module__dropout=0.1,
            module__output_init_scale=1e-4,
            criterion=SumOfMSELoss,
            optimizer=torch.optim.SGD,
            optimizer__momentum=0.9,
            lr=LR,
            batch_size=BATCH,
            max_epochs=EPOCHS,
            train_split=None,
            iterator_train__shuffle=True,
            verbose=0,
        )
        return net.fit(X.astype(np.float32), Y.astype(np.float32))

    benchmark.pedantic(fit, rounds=2, iterations=1)
    record(benchmark, "MLP training (2 epochs)", "skorch-default", N * EPOCHS, "samples")


@pytest.fixture(scope="module")
def fitted(data):
    X, Y = data
    return DGEXRegressor(
        hidden_layer_sizes=HIDDEN,
        dropout=0.1,
        max_iter=1,
        early_stopping=False,
        random_state=0,
        device="cpu",
    ).fit(X, Y)


@pytest.mark.benchmark(group="dgex-predict")
def test_predict_hand_written(benchmark, data, fitted, record):
    X, _ = data
    module = fitted.module_.eval()

    def predict():
        with torch.no_grad():
            return module(torch.from_numpy(X.astype(np.float32))).numpy()

    benchmark.pedantic(predict, rounds=5, iterations=1)
    record(benchmark, "MLP prediction", "baseline", N, "samples")


@pytest.mark.benchmark(group="dgex-predict")
def test_predict_dgex_regressor(benchmark, data, fitted, record):
    X, _ = data
    benchmark.pedantic(fitted.predict, args=(X,), rounds=5, iterations=1)
    record(benchmark, "MLP prediction", "ours", N, "samples")


# OpennessMLP: 20,000 (gene, cell type) rows x 2,000 sparse TSS bins, the study's network.
OPEN_N, OPEN_BINS, OPEN_EPOCHS, OPEN_BATCH = 20_000, 2_000, 3, 10_000


@pytest.fixture(scope="module")
def openness_data():
    import scipy.sparse as sp

    X = sp.random(OPEN_N, OPEN_BINS, density=0.02, format="csr", random_state=0, dtype=np.float64)
    y = np.asarray(X[:, 990:1010].sum(axis=1)).ravel()
    return X, y


def hand_written_adam_loop(X, y) -> nn.Module:
    torch.manual_seed(0)
    X_t = torch.from_numpy(X.toarray().astype(np.float32))  # a user densifies up front
    y_t = torch.from_numpy(y.astype(np.float32))[:, None]
    model = MLP(OPEN_BINS, (1000, 1000, 1000), 1, activation="relu")
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.MSELoss()
    for _ in range(OPEN_EPOCHS):
        order = torch.randperm(OPEN_N)
        for start in range(0, OPEN_N, OPEN_BATCH):
            index = order[start : start + OPEN_BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(X_t[index]), y_t[index])
            loss.backward()
            optimizer.step()
    return model


@pytest.mark.benchmark(group="openness-train")
def test_openness_hand_written_adam_loop(benchmark, openness_data, record):
    benchmark.pedantic(hand_written_adam_loop, args=openness_data, rounds=2, iterations=1)
    record(
        benchmark, "OpennessMLP training (3 epochs)", "baseline", OPEN_N * OPEN_EPOCHS, "samples"
    )


@pytest.mark.benchmark(group="openness-train")
def test_openness_mlp_sparse_input(benchmark, openness_data, record):
    from sklearn_genexpr.neural_network import OpennessMLP

    # the hand-written loop's work: no validation pass, no ridge path
    model = OpennessMLP(
        max_iter=OPEN_EPOCHS,
        n_iter_no_change=OPEN_EPOCHS,
        early_stopping=False,
        linear_skip=False,
        random_state=0,
        device="cpu",
    )
    benchmark.pedantic(model.fit, args=openness_data, rounds=2, iterations=1)
    record(benchmark, "OpennessMLP training (3 epochs)", "ours", OPEN_N * OPEN_EPOCHS, "samples")
