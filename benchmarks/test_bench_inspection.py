"""In-silico mutagenesis through the default ResNet, against what a user would otherwise run.

Two baselines, each in the same run as ours:

- the loop a user would write: one ``predict`` call per variant (timed on a
  few sequences; the ratio is per sequence);
- every variant predicted in big batches (``predict`` on all ``4 L``
  mutants of each sequence, 4,096 at a time): what
  ``saturation_mutagenesis`` itself did before its windowed route, and the
  fastest a model-agnostic ISM can be.

"Ours" is ``saturation_mutagenesis``'s windowed route (only the part of the
network a substitution changes is recomputed); its effects are compared with
the baseline's in the same run. Two networks: the default ResNet fitted on
110-bp sequences (it reads 110 positions), and the shipped ResNet (fitted on
all shipped libraries, it reads 135) on 110-bp DREAM promoters.
"""

import numpy as np
import pytest

from sklearn_genexpr.inspection import saturation_mutagenesis
from sklearn_genexpr.neural_network import PromoterResNetRegressor, load_pretrained

LENGTH, N_SEQUENCES, N_NAIVE = 110, 200, 3


@pytest.fixture(scope="module")
def sequences():
    rng = np.random.default_rng(0)
    return ["".join(r) for r in rng.choice(np.array(list("ACGT")), size=(1_000, LENGTH))]


@pytest.fixture(scope="module")
def default_resnet(sequences):
    y = np.random.default_rng(1).integers(0, 18, len(sequences)).astype(float)
    return PromoterResNetRegressor(max_iter=1, random_state=0, device="cpu").fit(sequences, y)


@pytest.fixture(scope="module")
def shipped_resnet():
    return load_pretrained("PromoterResNetRegressor")


def naive_mutagenesis(model, seqs):
    effects = np.empty((len(seqs), LENGTH, 4))
    for i, seq in enumerate(seqs):
        reference = model.predict([seq])[0]
        for pos in range(len(seq)):
            for b, base in enumerate("ACGT"):
                mutant = seq[:pos] + base + seq[pos + 1 :]
                effects[i, pos, b] = model.predict([mutant])[0] - reference
    return effects


def every_mutant_in_batches(model, seqs, batch_size=4096):
    """All 4 L variants of every sequence through ``predict``, batch_size at a time."""
    variants = [s[:p] + b + s[p + 1 :] for s in seqs for p in range(len(s)) for b in "ACGT"]
    predicted = np.concatenate(
        [model.predict(variants[i : i + batch_size]) for i in range(0, len(variants), batch_size)]
    )
    reference = model.predict(seqs)  # (n,) or (n, n_outputs): the shipped model has 3
    effects = predicted.reshape(len(seqs), LENGTH, 4, *reference.shape[1:])
    return effects - reference[:, None, None]


@pytest.mark.benchmark(group="mutagenesis-naive")
def test_mutagenesis_naive_loop(benchmark, default_resnet, sequences, record):
    benchmark.pedantic(
        naive_mutagenesis, args=(default_resnet, sequences[:N_NAIVE]), rounds=1, iterations=1
    )
    record(benchmark, "ISM vs a predict per variant", "baseline", N_NAIVE, "seqs")


@pytest.mark.benchmark(group="mutagenesis-naive")
def test_mutagenesis_windowed_against_the_loop(benchmark, default_resnet, sequences, record):
    seqs = sequences[:N_SEQUENCES]
    benchmark.pedantic(saturation_mutagenesis, args=(default_resnet, seqs), rounds=1, iterations=1)
    record(benchmark, "ISM vs a predict per variant", "ours", N_SEQUENCES, "seqs")


def _against_batches(benchmark, record, model, seqs, group, role):
    if role == "baseline":
        result = benchmark.pedantic(every_mutant_in_batches, args=(model, seqs), rounds=1)
        _against_batches.expected[group] = result
    else:
        result = benchmark.pedantic(saturation_mutagenesis, args=(model, seqs), rounds=1).effects
        # the same effects as predicting every mutant, in the same run
        expected = _against_batches.expected.get(group)
        if expected is not None:
            np.testing.assert_allclose(result, expected, atol=1e-4 * (1 + np.abs(expected).max()))
    record(benchmark, group, role, len(seqs), "seqs")


_against_batches.expected = {}


@pytest.mark.benchmark(group="mutagenesis-batched")
@pytest.mark.parametrize("role", ["baseline", "ours"])
def test_mutagenesis_default_resnet(benchmark, default_resnet, sequences, record, role):
    seqs = sequences[:N_SEQUENCES]
    _against_batches(benchmark, record, default_resnet, seqs, "ISM, default ResNet, 110 bp", role)


@pytest.mark.benchmark(group="mutagenesis-shipped")
@pytest.mark.parametrize("role", ["baseline", "ours"])
def test_mutagenesis_shipped_resnet(benchmark, shipped_resnet, record, role):
    from sklearn_genexpr.datasets import load_yeast_promoters

    seqs = [s for s in load_yeast_promoters("dream2022_heldout").data if len(s) == LENGTH]
    seqs = seqs[:N_SEQUENCES]
    _against_batches(benchmark, record, shipped_resnet, seqs, "ISM, shipped ResNet, DREAM", role)
