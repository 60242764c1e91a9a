"""Successive halving over epochs: from scratch at every rung, or reusing training.

``HalvingRandomSearchCV(resource="max_iter")`` clones each surviving candidate
at every rung and trains it from scratch for the rung's ``max_iter``. With
``partial_fit`` the survivors go on from the epochs they already have. Both
runs here use the same candidates, the same cross-validation splits and the
same rungs (taken from the sklearn search), with ``early_stopping=False`` so
that a candidate's epochs at a rung are exactly the rung's resource in both.
The report gives epochs trained and time; the speed-up is the time ratio.
"""

import time

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.experimental import enable_halving_search_cv  # noqa: F401
from sklearn.model_selection import HalvingRandomSearchCV, KFold, ParameterSampler

from sklearn_genexpr.neural_network import TabularMLPRegressor

N, N_FEATURES, N_TARGETS = 3_000, 40, 10
SPACE = {
    "hidden_layer_sizes": [(32,), (64,), (64, 32), (128,)],
    "learning_rate_init": [3e-4, 1e-3, 3e-3, 1e-2],
    "alpha": [1e-4, 1e-2, 1.0],
}
SEARCH = dict(
    resource="max_iter", n_candidates=27, factor=3, min_resources=2, max_resources=18,
    random_state=0,
)  # fmt: skip


def _data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, N_FEATURES)).astype(np.float32)
    W = rng.normal(size=(N_FEATURES, N_TARGETS)) / np.sqrt(N_FEATURES)
    Y = np.tanh(X @ W) + 0.1 * rng.normal(size=(N, N_TARGETS))
    return X, Y


BASE = TabularMLPRegressor(
    early_stopping=False, n_iter_no_change=10_000, batch_size=200, random_state=0, device="cpu"
)
CV = KFold(3, shuffle=True, random_state=0)


def halving_by_partial_fit(candidates, n_resources, X, Y):
    """The same rungs, each survivor trained on from its previous epochs."""
    splits = list(CV.split(X))
    models = {
        c: [clone(BASE).set_params(**candidates[c]) for _ in splits] for c in range(len(candidates))
    }
    alive, done, epochs = list(models), 0, 0
    for rung, resource in enumerate(n_resources):
        scores = {}
        for c in alive:
            for model, (train, _) in zip(models[c], splits):
                for _ in range(resource - done):
                    model.partial_fit(X[train], Y[train])
                    epochs += 1
            scores[c] = np.mean(
                [m.score(X[test], Y[test]) for m, (_, test) in zip(models[c], splits)]
            )
        done = resource
        if rung + 1 < len(n_resources):
            keep = max(1, len(alive) // SEARCH["factor"])
            alive = sorted(alive, key=lambda c: -scores[c])[:keep]
    return alive[0], scores[alive[0]], epochs


@pytest.mark.benchmark(group="halving-search")
def test_halving_from_scratch_vs_partial_fit(benchmark, record):
    X, Y = _data()
    search = HalvingRandomSearchCV(clone(BASE), SPACE, cv=CV, **SEARCH)

    def from_scratch():
        return search.fit(X, Y)

    benchmark.pedantic(from_scratch, rounds=1, iterations=1)
    scratch_epochs = int(sum(n * r * CV.get_n_splits() for n, r in
                             zip(search.n_candidates_, search.n_resources_)))  # fmt: skip
    record(benchmark, "halving search over epochs", "baseline", 1, "search")
    # the same candidates, drawn as the search drew them
    candidates = list(ParameterSampler(SPACE, search.n_candidates_[0], random_state=0))
    start = time.perf_counter()
    best, score, reused_epochs = halving_by_partial_fit(candidates, search.n_resources_, X, Y)
    reused_seconds = time.perf_counter() - start
    benchmark.extra_info.update(
        scratch_epochs=scratch_epochs, reused_epochs=reused_epochs,
        scratch_s=benchmark.stats.stats.min, reused_s=reused_seconds,
        scratch_best=search.best_params_, scratch_best_score=search.best_score_,
        reused_best=candidates[best], reused_best_score=score,
    )  # fmt: skip
    print(
        f"\nhalving search, {search.n_candidates_} candidates at {search.n_resources_} epochs, "
        f"3-fold: from scratch {scratch_epochs} epochs in {benchmark.stats.stats.min:.1f} s "
        f"(best {search.best_score_:.3f}), reusing through partial_fit {reused_epochs} epochs "
        f"in {reused_seconds:.1f} s (best {score:.3f}): epochs "
        f"{scratch_epochs / reused_epochs:.2f}x, "
        f"time {benchmark.stats.stats.min / reused_seconds:.2f}x"
    )
    assert reused_epochs < scratch_epochs
