"""In-silico mutagenesis through the default ResNet: batched against a naive loop.

``saturation_mutagenesis`` of 1,000 random 110-bp sequences (440,000 variants,
predicted with the default reverse-complement averaging) against the loop a
user would write: one ``predict`` call per variant (timed on 10 sequences;
the ratio is per sequence).
"""

import numpy as np
import pytest

from sklearn_genexpr.inspection import saturation_mutagenesis
from sklearn_genexpr.neural_network import PromoterResNetRegressor

LENGTH, N_BATCHED, N_NAIVE = 110, 1_000, 10


@pytest.fixture(scope="module")
def model_and_sequences():
    rng = np.random.default_rng(0)
    seqs = ["".join(r) for r in rng.choice(np.array(list("ACGT")), size=(N_BATCHED, LENGTH))]
    y = rng.integers(0, 18, N_BATCHED).astype(float)
    model = PromoterResNetRegressor(max_iter=1, random_state=0, device="cpu").fit(seqs, y)
    return model, seqs


def naive_mutagenesis(model, seqs):
    effects = np.empty((len(seqs), LENGTH, 4))
    for i, seq in enumerate(seqs):
        reference = model.predict([seq])[0]
        for pos in range(len(seq)):
            for b, base in enumerate("ACGT"):
                mutant = seq[:pos] + base + seq[pos + 1 :]
                effects[i, pos, b] = model.predict([mutant])[0] - reference
    return effects


@pytest.mark.benchmark(group="mutagenesis")
def test_mutagenesis_naive_loop(benchmark, model_and_sequences, record):
    model, seqs = model_and_sequences
    benchmark.pedantic(naive_mutagenesis, args=(model, seqs[:N_NAIVE]), rounds=1, iterations=1)
    record(benchmark, "ISM, default ResNet, 110 bp", "baseline", N_NAIVE, "seqs")


@pytest.mark.benchmark(group="mutagenesis")
def test_mutagenesis_batched(benchmark, model_and_sequences, record):
    model, seqs = model_and_sequences
    benchmark.pedantic(saturation_mutagenesis, args=(model, seqs), rounds=1, iterations=1)
    record(benchmark, "ISM, default ResNet, 110 bp", "ours", N_BATCHED, "seqs")
