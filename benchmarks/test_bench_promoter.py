"""PromoterResNetRegressor throughput against a hand-written torch loop (same network).

20,000 random 80-bp sequences, default network (7 conv layers of 64 channels),
batch 128, 2 epochs, random reverse-complement augmentation in both, no
validation pass. Prediction: with and without reverse-complement averaging.
"""

import numpy as np
import pytest
import torch

from sklearn_genexpr.neural_network import PromoterResNetRegressor
from sklearn_genexpr.neural_network._modules import PromoterResNet
from sklearn_genexpr.preprocessing import DNAOneHotEncoder

N, LENGTH, BATCH, EPOCHS = 20_000, 80, 128, 2


@pytest.fixture(scope="module")
def promoters():
    rng = np.random.default_rng(0)
    seqs = ["".join(row) for row in rng.choice(np.array(list("ACGT")), size=(N, LENGTH))]
    y = np.array([s.count("GATA") for s in seqs], dtype=np.float64)
    return seqs, y


def hand_written_loop(seqs, y):
    torch.manual_seed(0)
    X = torch.from_numpy(DNAOneHotEncoder().fit_transform(seqs))
    y_t = torch.from_numpy(y.astype(np.float32))[:, None]
    model = PromoterResNet()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, weight_decay=1e-3)
    loss_fn = torch.nn.MSELoss()
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(N)
        for start in range(0, N, BATCH):
            index = order[start : start + BATCH]
            X_batch = X[index]
            flip = torch.rand(len(index)) < 0.5
            X_batch = torch.where(flip[:, None, None], X_batch.flip(1, 2), X_batch)
            optimizer.zero_grad()
            loss = loss_fn(model(X_batch), y_t[index])
            loss.backward()
            optimizer.step()
    return model


@pytest.mark.benchmark(group="promoter-train")
def test_promoter_train_hand_written(benchmark, promoters, record):
    benchmark.pedantic(hand_written_loop, args=promoters, rounds=2, iterations=1)
    record(benchmark, "promoter ResNet training", "baseline", N * EPOCHS, "seqs")


def regressor_like_the_loop():
    """The estimator doing the hand-written loop's work: its epochs, batches and MSE head."""
    return PromoterResNetRegressor(
        max_iter=EPOCHS,
        batch_size=BATCH,
        early_stopping=False,
        n_iter_no_change=EPOCHS,
        learning_rate="constant",
        head="regression",  # the hand-written loop's MSE head
        random_state=0,
        device="cpu",
    )


@pytest.mark.benchmark(group="promoter-train")
def test_promoter_train_regressor(benchmark, promoters, record):
    benchmark.pedantic(regressor_like_the_loop().fit, args=promoters, rounds=2, iterations=1)
    record(benchmark, "promoter ResNet training", "ours", N * EPOCHS, "seqs")


@pytest.mark.benchmark(group="promoter-train")
def test_promoter_train_regressor_from_float_onehot(benchmark, promoters, record):
    # the same fit from float32 one-hot arrays held in memory (the data path
    # before sequences were held as 1-byte codes and made one-hot per batch)
    seqs, y = promoters
    onehot = DNAOneHotEncoder().fit_transform(seqs)
    benchmark.pedantic(regressor_like_the_loop().fit, args=(onehot, y), rounds=2, iterations=1)
    record(benchmark, "promoter ResNet training", "ours (float one-hot input)", N * EPOCHS, "seqs")


def test_training_set_memory_of_a_million_sequences(capsys):
    """1 M sequences of 110 bp as the network holds them: codes vs float32 one-hot."""
    from sklearn_genexpr.neural_network._data import RowDataset, to_tensor

    rng = np.random.default_rng(0)
    n, length = 1_000_000, 110
    letters = np.frombuffer(b"ACGT", dtype=np.uint8)[rng.integers(0, 4, size=(n, length))]
    seqs = letters.view(f"S{length}").ravel().astype(f"U{length}")
    model = PromoterResNetRegressor(device="cpu")
    X = model._network_input(seqs, fitting=True).X
    held = RowDataset(to_tensor(X, "cpu")).X
    codes_bytes = held.codes.numel() * held.codes.element_size() + held.table.numel() * 4
    onehot_bytes = n * 4 * length * 4
    with capsys.disabled():
        print(
            f"\n1 M x {length} bp training set: codes {codes_bytes / 1e6:.0f} MB, "
            f"float32 one-hot {onehot_bytes / 1e6:.0f} MB ({onehot_bytes / codes_bytes:.1f}x)"
        )
    assert codes_bytes * 15 < onehot_bytes


@pytest.fixture(scope="module")
def fitted(promoters):
    seqs, y = promoters
    return PromoterResNetRegressor(
        max_iter=1, early_stopping=False, random_state=0, device="cpu"
    ).fit(seqs[:2000], y[:2000])


@pytest.mark.benchmark(group="promoter-predict")
def test_promoter_predict_rc_average(benchmark, promoters, fitted, record):
    benchmark.pedantic(fitted.predict, args=(promoters[0],), rounds=3, iterations=1)
    record(benchmark, "promoter prediction", "ours (RC averaged)", N, "seqs")


@pytest.mark.benchmark(group="promoter-predict")
def test_promoter_predict_forward_only(benchmark, promoters, fitted, record):
    fitted.set_params(rc_average=False)
    try:
        benchmark.pedantic(fitted.predict, args=(promoters[0],), rounds=3, iterations=1)
    finally:
        fitted.set_params(rc_average=True)
    record(benchmark, "promoter prediction", "ours (forward only)", N, "seqs")
