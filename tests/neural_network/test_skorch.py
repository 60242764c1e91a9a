"""The neural estimators stand on skorch: the kept net, callbacks, warm starts,
partial_fit, MLPRegressor's penalty, the data contract and Accelerate."""

import pickle
import warnings

import numpy as np
import pytest
import torch
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV
from sklearn.neural_network import MLPRegressor
from sklearn.utils.estimator_checks import parametrize_with_checks
from skorch import NeuralNet
from skorch.callbacks import Callback

from sklearn_genexpr.neural_network import (
    DGEXRegressor,
    LegNetRegressor,
    OpennessMLP,
    PromoterResNetRegressor,
    TabularMLPRegressor,
)
from sklearn_genexpr.neural_network._data import RowDataset, collated
from sklearn_genexpr.neural_network._net import weight_penalty

from .._sklearn_checks import API_CHECKS, NEEDS_2D_NUMERIC
from .conftest import landmark_data

SMALL = dict(hidden_layer_sizes=(16,), max_iter=5, batch_size=32, device="cpu", random_state=0)


@parametrize_with_checks(
    [TabularMLPRegressor(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_iter=50,
                         batch_size=32, device="cpu")]
)  # fmt: skip
def test_general_mlp_is_sklearn_compatible(estimator, check):
    check(estimator)


class CountEpochs(Callback):
    def initialize(self):
        self.epochs_ = 0
        return self

    def on_epoch_end(self, net, **kwargs):
        self.epochs_ += 1
        net.history.record("counted", self.epochs_)


def test_the_fitted_net_is_skorch_and_runs_the_users_callbacks():
    X, Y = landmark_data(n=200, n_landmarks=8, n_targets=2)
    counter = CountEpochs()
    model = DGEXRegressor(**SMALL, callbacks=[counter]).fit(X, Y)
    assert isinstance(model.net_, NeuralNet) and model.net_.module_ is model.module_
    assert model.history_ is model.net_.history
    # every epoch ran the callback; the list the user passed is left as it was
    assert model.history_[:, "counted"] == list(range(1, model.n_iter_ + 1))
    assert not hasattr(counter, "epochs_")
    assert model.net_.train_split is None  # the fitted net holds no validation data


def test_warm_start_continues_training_and_epochs_add_up():
    X, Y = landmark_data(n=300, n_landmarks=8, n_targets=2)
    params = dict(SMALL, early_stopping=False, n_iter_no_change=100)
    model = TabularMLPRegressor(**params, warm_start=True).fit(X, Y)
    first = model.net_
    weights = [p.detach().clone() for p in model.module_.parameters()]
    model.set_params(max_iter=3).fit(X, Y)
    assert model.net_ is first and model.n_iter_ == 8 and len(model.history_) == 8
    assert model.history_[:, "epoch"] == list(range(1, 9))
    assert any(not torch.equal(a, b) for a, b in zip(weights, model.module_.parameters()))
    # the same 8 epochs in one fit start from the same weights: the loss is continuous
    assert model.history_[5]["train_loss"] < model.history_[0]["train_loss"]
    cold = TabularMLPRegressor(**params).fit(X, Y)
    cold.set_params(max_iter=3).fit(X, Y)
    assert cold.n_iter_ == 3  # without warm_start every fit starts anew
    with pytest.raises(ValueError, match="features"):
        model.fit(X[:, :4], Y)
    with pytest.raises(ValueError, match="target"):
        model.fit(X, Y[:, 0])


def test_partial_fit_trains_one_epoch_a_call_and_keeps_optimizer_state():
    X, Y = landmark_data(n=300, n_landmarks=8, n_targets=2)
    model = TabularMLPRegressor(**{**SMALL, "learning_rate": "invscaling", "solver": "sgd",
                                   "learning_rate_init": 0.05})  # fmt: skip
    losses = []
    for epoch in range(1, 6):
        model.partial_fit(X, Y)
        assert model.n_iter_ == epoch
        losses.append(model.history_[-1]["train_loss"])
    assert losses[-1] < losses[0]
    assert "valid_loss" not in model.history_[-1]  # every given row trains
    # the schedule went on across calls: the rate after 5 epochs of 10 batches
    expected = 0.05 / (5 * 10 * 32 + 1) ** 0.5
    assert model.net_.optimizer_.param_groups[0]["lr"] == pytest.approx(expected)
    # optimizer state survives pickling: partial_fit goes on after a round trip
    again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict(X), model.predict(X))
    again.partial_fit(X, Y)
    assert again.n_iter_ == 6


def test_partial_fit_after_a_search_continues_the_best_model():
    X, Y = landmark_data(n=200, n_landmarks=8, n_targets=1)
    grid = GridSearchCV(OpennessMLP(**SMALL), {"hidden_layer_sizes": [(4,), (16,)]}, cv=2)
    best = grid.fit(X, Y[:, 0]).best_estimator_
    n = best.n_iter_
    best.partial_fit(X, Y[:, 0])
    assert best.n_iter_ == n + 1


def test_one_cycle_schedule_resumes_where_it_stopped():
    X, Y = landmark_data(n=128, n_landmarks=6, n_targets=1)
    model = TabularMLPRegressor(**{**SMALL, "max_iter": 4, "early_stopping": False},
                                learning_rate="onecycle", warm_start=True)  # fmt: skip
    model.fit(X, Y[:, 0])
    lrs = list(model.history_[:, "lr"])
    model.fit(X, Y[:, 0])  # past the cycle's end: its last rate, no error
    assert model.n_iter_ == 8
    # the cycle rose to about its peak and ended far below it
    assert max(lrs) > 0.5e-3 and lrs[-1] < 0.05 * max(lrs)
    assert model.history_[:, "lr"][4:] == pytest.approx([lrs[-1]] * 4)


def test_alpha_is_mlpregressors_penalty_on_weights_only():
    X, Y = landmark_data(n=64, n_landmarks=5, n_targets=1)
    y = Y[:, 0]
    params = {**SMALL, "hidden_layer_sizes": (7,), "max_iter": 1}
    model = TabularMLPRegressor(**params, activation="tanh", linear_skip=False).fit(X, y)
    module = model.module_
    coefs = [module.hidden[0].weight.detach().numpy().T, module.output.weight.detach().numpy().T]
    intercepts = [module.hidden[0].bias.detach().numpy(), module.output.bias.detach().numpy()]
    with warnings.catch_warnings():  # one iteration only builds sklearn's structures
        warnings.simplefilter("ignore", ConvergenceWarning)
        sk = MLPRegressor(hidden_layer_sizes=(7,), activation="tanh", max_iter=1).fit(X, y)
    sk.coefs_ = [c.astype(np.float64) for c in coefs]
    sk.intercepts_ = [b.astype(np.float64) for b in intercepts]

    def sklearn_loss(alpha):
        sk.alpha = alpha
        activations = [X] + [None] * (sk.n_layers_ - 1)
        deltas = [None] * (len(activations) - 1)
        coef_grads = [np.empty_like(c) for c in sk.coefs_]
        intercept_grads = [np.empty_like(b) for b in sk.intercepts_]
        return sk._backprop(X, y[:, None], None, activations, deltas, coef_grads,
                            intercept_grads)[0]  # fmt: skip

    expected = sklearn_loss(2.5) - sklearn_loss(0.0)
    ours = float(weight_penalty(module, 2.5, 0.0, len(X)).detach())
    assert ours == pytest.approx(expected, rel=1e-5)


def test_alpha_leaves_the_biases_alone():
    X, Y = landmark_data(n=200, n_landmarks=6, n_targets=2)
    offset = 3.0
    model = DGEXRegressor(**{**SMALL, "max_iter": 100}, solver="adam", learning_rate="constant",
                          learning_rate_init=0.01, alpha=1e3, linear_skip=False,
                          standardize_target=False)  # fmt: skip
    with pytest.warns(UserWarning, match="standardised"):
        model.fit(X, Y + offset)
    # the weights are held at ~0, the output biases still reach the targets' means
    assert model.module_.output.weight.abs().max() < 0.05
    np.testing.assert_allclose(model.module_.output.bias.detach().numpy(), offset, atol=0.3)


def test_ridge_path_sees_the_training_rows_only(monkeypatch):
    from sklearn_genexpr.neural_network import _mlp

    seen = {}
    original = _mlp._ridge_on_measured

    def spy(X, y):
        seen["X"] = np.asarray(X)
        return original(X, y)

    monkeypatch.setattr(_mlp, "_ridge_on_measured", spy)
    X, Y = landmark_data(n=100, n_landmarks=10, n_targets=1)
    model = TabularMLPRegressor(**SMALL, linear_skip=True, validation_fraction=0.2).fit(X, Y)
    assert model.linear_skip_
    rng = np.random.RandomState(0)
    rng.randint(np.iinfo(np.int32).max)  # the seed draw in fit
    valid = np.sort(rng.permutation(100)[:20])
    train = np.setdiff1d(np.arange(100), valid)
    np.testing.assert_allclose(seen["X"], X[train].astype(np.float32))


def test_datasets_keep_torchs_contract_one_row_per_item():
    X = torch.arange(20.0).reshape(10, 2)
    y = torch.arange(10.0)[:, None]
    dataset = RowDataset(X, y)
    row, target = dataset[3]
    assert row.shape == (2,) and target.shape == (1,)
    torch.testing.assert_close(row, X[3])
    loader = torch.utils.data.DataLoader(dataset, batch_size=4, collate_fn=collated)
    batches = list(loader)
    assert [b[0].shape[0] for b in batches] == [4, 4, 2]
    torch.testing.assert_close(torch.cat([b[0] for b in batches]), X)
    # the default collation of single rows gives the same batch
    plain = next(iter(torch.utils.data.DataLoader(
        [dataset[i] for i in range(4)], batch_size=4)))  # fmt: skip
    torch.testing.assert_close(plain[0], batches[0][0])


def test_forward_covers_every_output_group():
    X, Y = landmark_data(n=120, n_landmarks=6, n_targets=5)
    model = DGEXRegressor(**SMALL, target_chunks=3).fit(X, Y)
    network_input = torch.from_numpy(model.network_input(X))
    with torch.no_grad():
        forward = model.forward(network_input).numpy()
    np.testing.assert_allclose(forward, model.predict(X), rtol=1e-5, atol=1e-6)


def test_sequence_networks_continue_and_pickle():
    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(96)]
    y = np.array([s.count("GA") for s in seqs], dtype=float)
    for model in (
        PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=2, swa_start=None,
                                random_state=0, device="cpu"),
        LegNetRegressor(block_sizes=(8, 8), max_iter=2, random_state=0, device="cpu"),
    ):  # fmt: skip
        model.set_params(warm_start=True).fit(seqs, y).fit(seqs, y)
        assert model.n_iter_ == 4
        model.partial_fit(seqs, y)
        assert model.n_iter_ == 5
        np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).predict(seqs),
                                      model.predict(seqs))  # fmt: skip
        with pytest.raises(ValueError, match="predicts 1 target"):
            model.fit(seqs, np.c_[y, y])


def test_weight_decay_needs_adamw():
    X, Y = landmark_data(n=50, n_landmarks=4, n_targets=1)
    with pytest.raises(ValueError, match="weight_decay=0.1 is AdamW's decoupled decay"):
        TabularMLPRegressor(**SMALL, weight_decay=0.1).fit(X, Y)
    TabularMLPRegressor(**SMALL, solver="adamw", weight_decay=0.1).fit(X, Y)


def test_accelerate_one_process_on_the_cpu():
    accelerate = pytest.importorskip("accelerate")
    X, Y = landmark_data(n=200, n_landmarks=8, n_targets=2)
    params = {**SMALL, "max_iter": 20, "learning_rate_init": 0.01}
    model = TabularMLPRegressor(**params, accelerator=accelerate.Accelerator(cpu=True)).fit(X, Y)
    assert type(model.net_).__name__ == "AcceleratedGenexprNet"
    plain = TabularMLPRegressor(**params).fit(X, Y)
    assert model.score(X, Y) > 0.5
    # one CPU process: the same arithmetic as without Accelerate
    np.testing.assert_allclose(model.predict(X), plain.predict(X), rtol=1e-5, atol=1e-6)
    with warnings.catch_warnings():  # skorch: device=None (Accelerate's) becomes "cpu"
        warnings.simplefilter("ignore", UserWarning)
        again = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(again.predict(X), model.predict(X))


def test_accelerate_two_processes_on_the_cpu():
    # two processes (gloo) share every epoch's batches and keep one model
    import re
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("accelerate")
    script = Path(__file__).with_name("accelerate_two_processes.py")
    run = subprocess.run(
        [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
         str(script)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    found = re.findall(r"rank=(\d) processes=2 batches=(\d+) score=([\d.]+)", run.stdout)
    assert sorted(rank for rank, _, _ in found) == ["0", "1"], run.stdout
    # 256 rows in batches of 32 are 8 batches an epoch: 4 for each process
    assert {int(batches) for _, batches, _ in found} == {4}
    scores = {float(score) for _, _, score in found}
    assert len(scores) == 1 and scores.pop() > 0.8  # the same synchronised model


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("Model", [PromoterResNetRegressor, LegNetRegressor])
def test_sklearn_api_checks_of_the_sequence_networks(Model, check):
    # parametrize_with_checks yields no check for an estimator without 2-D numeric input:
    # the API checks are run one by one here, the inapplicable ones listed with a reason
    if check.__name__ in NEEDS_2D_NUMERIC:
        pytest.xfail(NEEDS_2D_NUMERIC[check.__name__])
    check(Model.__name__, Model(max_iter=1, device="cpu"))


@pytest.mark.parametrize("Model", [PromoterResNetRegressor, LegNetRegressor])
def test_sequence_api(Model):
    from sklearn.base import clone
    from sklearn.exceptions import NotFittedError

    rng = np.random.default_rng(0)
    seqs = np.array(["".join(rng.choice(list("ACGT"), 20)) for _ in range(40)])
    y = rng.random(40) * 4
    model = Model(max_iter=1, random_state=0, device="cpu")
    params = clone(model).get_params()
    with pytest.raises(NotFittedError):
        model.predict(seqs)
    public_before = {k for k in vars(model) if not k.startswith("_")}
    assert model.fit(seqs, y) is model
    assert {k for k in vars(model) if not k.startswith("_") and not k.endswith("_")} == (
        public_before
    )
    assert model.get_params() == params  # fit changed no parameter
    assert np.isfinite(model.score(seqs, y))
    onehot = model.encoder_.transform(seqs)
    onehot.setflags(write=False)  # read-only input, as a memory map would be
    assert model.fit(onehot, y).predict(onehot).shape == (40,)
    assert model.n_positions_ == 20


def test_thin_subclasses_change_defaults_only():
    import inspect

    from sklearn_genexpr.neural_network._base import init_with_defaults

    base = inspect.signature(TabularMLPRegressor).parameters
    for Model in (DGEXRegressor, OpennessMLP):
        assert list(inspect.signature(Model).parameters) == list(base)
    assert DGEXRegressor().solver == "sgd" and DGEXRegressor(solver="adam").solver == "adam"
    with pytest.raises(TypeError, match="no parameters"):
        init_with_defaults(TabularMLPRegressor.__init__, optimizer="adam")


def test_legnet_group_counts_are_checked_before_any_work():
    with pytest.raises(ValueError, match="filter_per_group=3.*groups do not divide"):
        LegNetRegressor(block_sizes=(8, 5), resize_factor=2, filter_per_group=3).fit(
            ["ACGT"] * 8, np.arange(8.0)
        )


def test_legnet_strands_are_close_but_not_equal_and_the_resnets_equal():
    from sklearn_genexpr.preprocessing import reverse_complement

    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(128)]
    y = np.array([s.count("GA") for s in seqs], dtype=float)
    rc = list(reverse_complement(seqs))
    legnet = LegNetRegressor(block_sizes=(8, 8), max_iter=2, random_state=0, device="cpu")
    forward, backward = legnet.fit(seqs, y).predict(seqs), legnet.predict(rc)
    assert not np.array_equal(forward, backward)
    assert np.abs(forward - backward).max() < np.std(forward) + 0.5
    resnet = PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=1, random_state=0,
                                     device="cpu").fit(seqs, y)  # fmt: skip
    np.testing.assert_allclose(resnet.predict(rc), resnet.predict(seqs), rtol=1e-6)
