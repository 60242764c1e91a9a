"""LegNetRegressor throughput against a hand-written torch loop of the same network.

2,000 random 110-bp sequences (the DREAM frame's length), the default network,
soft-classification over 18 bins with the KL loss, AdamW with OneCycleLR,
every batch doubled with its reverse complements (strand channel set), 1
epoch, no validation pass. Reported in sequences per second (forward strands
and reverse complements both counted). On a CUDA GPU also sequences per second
at batch 1024 for LegNet and the ResNet (skipped without CUDA).
"""

import numpy as np
import pytest
import torch

from sklearn_genexpr.neural_network import LegNetRegressor, PromoterResNetRegressor
from sklearn_genexpr.neural_network._modules import LegNet
from sklearn_genexpr.preprocessing import DNAOneHotEncoder

N, LENGTH, BATCH, EPOCHS = 2_000, 110, 256, 1
DEFAULT = LegNetRegressor()


@pytest.fixture(scope="module")
def promoters():
    rng = np.random.default_rng(0)
    seqs = ["".join(row) for row in rng.choice(np.array(list("ACGT")), size=(N, LENGTH))]
    y = np.clip(np.array([s.count("GATA") for s in seqs], dtype=np.float64) * 3, 0, 17)
    y[:2] = 0, 17  # the 18 bins of DREAM
    return seqs, y


def hand_written_loop(seqs, y, device="cpu", batch=BATCH):
    torch.manual_seed(0)
    onehot = torch.from_numpy(DNAOneHotEncoder().fit_transform(seqs))
    X = torch.cat([onehot, torch.zeros(len(seqs), 1, LENGTH)], dim=1).to(device)
    y_t = torch.from_numpy(y.astype(np.float32)).to(device)
    bins = torch.arange(18.0, device=device)
    model = LegNet(block_sizes=DEFAULT.block_sizes, n_logits=18).to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=1e-2)
    steps = -(-len(seqs) // batch) * EPOCHS
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=5e-3, total_steps=steps)
    model.train()
    for _ in range(EPOCHS):
        order = torch.randperm(len(seqs), device=device)
        for start in range(0, len(seqs), batch):
            index = order[start : start + batch]
            forward = X[index]
            reverse = forward[:, [3, 2, 1, 0, 4]].flip(2)
            reverse[:, 4] = 1.0
            X_batch = torch.cat([forward, reverse])
            target = torch.cat([y_t[index], y_t[index]])
            soft = torch.softmax(-0.5 * ((bins - target[:, None]) / 0.5) ** 2, dim=1)
            log_prob = torch.log_softmax(model(X_batch), dim=1)
            loss = torch.nn.functional.kl_div(log_prob, soft, reduction="batchmean")
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    return model


@pytest.mark.benchmark(group="legnet-train")
def test_legnet_train_hand_written(benchmark, promoters, record):
    benchmark.pedantic(hand_written_loop, args=promoters, rounds=2, iterations=1)
    record(benchmark, "LegNet training", "baseline", 2 * N * EPOCHS, "seqs")


@pytest.mark.benchmark(group="legnet-train")
def test_legnet_train_regressor(benchmark, promoters, record):
    model = LegNetRegressor(
        max_iter=EPOCHS, batch_size=BATCH, early_stopping=False, random_state=0, device="cpu"
    )
    benchmark.pedantic(model.fit, args=promoters, rounds=2, iterations=1)
    record(benchmark, "LegNet training", "ours", 2 * N * EPOCHS, "seqs")


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
@pytest.mark.parametrize("Model", [LegNetRegressor, PromoterResNetRegressor])
@pytest.mark.benchmark(group="promoter-gpu")
def test_gpu_training_at_batch_1024(benchmark, Model, record):
    rng = np.random.default_rng(0)
    n = 40_960
    seqs = ["".join(row) for row in rng.choice(np.array(list("ACGT")), size=(n, LENGTH))]
    y = rng.integers(0, 18, n).astype(float)
    model = Model(max_iter=1, batch_size=1024, early_stopping=False, random_state=0, device="cuda")
    benchmark.pedantic(model.fit, args=(seqs, y), rounds=2, iterations=1)
    rows = n * (2 if Model is LegNetRegressor else 1)  # LegNet doubles every batch
    record(benchmark, f"{Model.__name__} GPU training", "ours", rows, "seqs")
