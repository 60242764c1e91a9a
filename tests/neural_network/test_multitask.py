"""Several targets with missing labels (NaN = not measured), and LegNetRegressor."""

import pickle

import numpy as np
import pytest
import torch

from sklearn_genexpr._alphabet import reverse_complement_strings
from sklearn_genexpr.metrics import pearson_r
from sklearn_genexpr.neural_network import (
    DGEXRegressor,
    LegNetRegressor,
    OpennessMLP,
    PromoterResNetRegressor,
)
from sklearn_genexpr.neural_network._data import RowDataset, StrandCollate
from sklearn_genexpr.neural_network._modules import MaskedLoss, SoftBinLoss, SquaredError

from .test_promoter import planted_promoters

TINY_LEGNET = dict(block_sizes=(16, 16), kernel_size=5, device="cpu", random_state=0)


def _missing_half(Y, seed=0):
    """Each row keeps one measured column, as in the yeast libraries."""
    rng = np.random.default_rng(seed)
    Y = np.array(Y, dtype=float)
    keep = rng.integers(0, Y.shape[1], len(Y))
    Y[np.arange(Y.shape[1]) != keep[:, None]] = np.nan
    return Y


@pytest.mark.parametrize(
    "elementwise, reduction",
    [
        (SquaredError(), "mean"),
        (SquaredError(), "sum_of_output_means"),
        (SoftBinLoss(torch.arange(0.0, 6.0)), "mean"),
    ],
)
def test_a_batch_loss_is_the_loss_of_its_measured_entries_alone(elementwise, reduction):
    torch.manual_seed(0)
    n, n_outputs = 8, 3
    width = n_outputs * (6 if isinstance(elementwise, SoftBinLoss) else 1)
    target = torch.rand(n, n_outputs) * 5
    target[torch.rand(n, n_outputs) < 0.4] = float("nan")
    target[0, 0] = 1.0  # at least one measured entry per column
    target[0, 1] = 2.0
    target[0, 2] = 3.0
    prediction = torch.randn(n, width, requires_grad=True)
    loss = MaskedLoss(elementwise, reduction)(prediction, target)
    loss.backward()

    measured = ~torch.isnan(target)
    per_entry = elementwise(prediction.detach(), torch.nan_to_num(target))
    if reduction == "mean":
        expected = per_entry[measured].mean()
    else:
        expected = sum(per_entry[measured[:, j], j].mean() for j in range(n_outputs))
    torch.testing.assert_close(loss.detach(), expected)
    # rows whose every target is missing get exactly zero gradient
    grad = prediction.grad.reshape(n, n_outputs, -1)
    assert torch.isfinite(grad).all()
    assert (grad[~measured] == 0).all() and (grad[measured].abs().sum(dim=-1) > 0).all()


@pytest.mark.parametrize(
    "Model, params",
    [
        (OpennessMLP, dict(hidden_layer_sizes=(32,), max_iter=60, learning_rate_init=1e-2)),
        (DGEXRegressor, dict(hidden_layer_sizes=(32,), max_iter=60, learning_rate_init=0.05)),
    ],
)
def test_every_column_is_learned_from_its_measured_rows(Model, params):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(900, 5))
    truth = np.c_[X[:, 0] - X[:, 1], np.tanh(X[:, 2]) + X[:, 3]]
    Y = _missing_half(truth + 0.1 * rng.normal(size=truth.shape))
    model = Model(**params, random_state=0, device="cpu").fit(X[:600], Y[:600])
    pred = model.predict(X[600:])
    assert pred.shape == (300, 2) and np.isfinite(pred).all()
    for j in range(2):
        assert pearson_r(truth[600:, j], pred[:, j]) > 0.8, j


@pytest.mark.parametrize(
    "y, message",
    [
        (np.array([1.0, np.nan, 2.0, 3.0]), r"y contains NaN \(row 1\)"),
        (np.array([[1.0, 2.0], [np.nan, np.nan], [1.0, np.nan], [2.0, 1.0]]), "Row 1 of y"),
        (np.array([[1.0, np.nan], [2.0, np.nan], [1.0, np.nan], [2.0, np.nan]]), "Column 1"),
        (
            np.array([[1.0, np.inf], [2.0, 1.0], [1.0, 1.0], [2.0, 1.0]]),
            r"y contains infinity \(row 0\)",
        ),
    ],
)
def test_unusable_targets_are_named(y, message):
    X = np.arange(8.0).reshape(4, 2)
    for model in (OpennessMLP(hidden_layer_sizes=(4,), max_iter=1), LegNetRegressor(max_iter=1)):
        inputs = X if isinstance(model, OpennessMLP) else ["ACGTACGT"] * 4
        with pytest.raises(ValueError, match=message):
            model.fit(inputs, y)


def test_legnet_learns_planted_promoters_and_round_trips():
    seqs, y = planted_promoters(n=1200, length=50)
    model = LegNetRegressor(**TINY_LEGNET, max_iter=8, batch_size=64).fit(seqs[:900], y[:900])
    pred = model.predict(seqs[900:])
    assert pearson_r(y[900:], pred) > 0.5  # measured 0.79; the mean predicts 0
    assert model.bins_[0] <= pred.min() and pred.max() <= model.bins_[-1]
    assert model.module_.stem[0].in_channels == 5  # one-hot + strand indicator
    restored = pickle.loads(pickle.dumps(model))
    np.testing.assert_array_equal(restored.predict(seqs[900:]), pred)


def test_legnet_multitask_has_one_distribution_per_library():
    seqs, y = planted_promoters(n=400, length=40)
    Y = _missing_half(np.c_[y, 2 * y - 3])
    model = LegNetRegressor(**TINY_LEGNET, max_iter=2).fit(seqs, Y)
    assert model.predict(seqs[:5]).shape == (5, 2)
    logits = model.module_(torch.zeros(1, 5, 40))
    assert logits.shape == (1, 2 * len(model.bins_))


def test_strand_handling_of_both_networks():
    seqs, y = planted_promoters(n=200, length=40)
    resnet = PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=1, random_state=0)
    resnet.fit(seqs, y)
    rc = reverse_complement_strings(seqs)
    # Without a strand channel, rc averaging makes both strands predict the same.
    np.testing.assert_allclose(resnet.predict(rc), resnet.predict(seqs), rtol=1e-6)

    legnet = LegNetRegressor(**TINY_LEGNET, max_iter=1).fit(seqs, y)
    # LegNet's prediction: the forward strand read as forward (channel 0) and its
    # reverse complement read as reverse (channel 1), averaged.
    forward = legnet.set_params(rc_average=False).predict(seqs)
    onehot = legnet.encoder_.transform(rc)
    with_channel = np.concatenate([onehot, np.ones((len(rc), 1, onehot.shape[2]))], axis=1)
    backward = legnet._predict_network_input(with_channel.astype(np.float32)).ravel()
    np.testing.assert_allclose(
        legnet.set_params(rc_average=True).predict(seqs), (forward + backward) / 2, rtol=1e-5
    )


def test_doubled_batches_hold_both_strands_with_the_strand_flag():
    onehot = np.eye(4, dtype=np.float32)[np.random.default_rng(0).integers(0, 4, (6, 10))]
    X = np.concatenate([onehot.transpose(0, 2, 1), np.zeros((6, 1, 10), np.float32)], axis=1)
    dataset = RowDataset(torch.from_numpy(X), torch.arange(6.0)[:, None])
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=6, collate_fn=StrandCollate(double=True, strand_channel=True)
    )
    X_batch, y_batch = next(iter(loader))
    assert X_batch.shape == (12, 5, 10)
    torch.testing.assert_close(y_batch[:6], y_batch[6:])
    assert (X_batch[:6, 4] == 0).all() and (X_batch[6:, 4] == 1).all()
    # the reverse half is the reverse complement: A<->T, C<->G, positions reversed
    torch.testing.assert_close(X_batch[6:, :4], X_batch[:6, [3, 2, 1, 0]].flip(2))


@pytest.mark.parametrize("learning_rate", ["plateau", "invscaling", "onecycle", "constant"])
def test_the_verbose_table_shows_the_learning_rate_once(capsys, learning_rate):
    X = np.random.default_rng(0).normal(size=(60, 3))
    model = OpennessMLP(
        hidden_layer_sizes=(4,), max_iter=2, verbose=1, device="cpu", learning_rate=learning_rate
    ).fit(X, X[:, 0])
    header = capsys.readouterr().out.splitlines()[0].split()
    assert header.count("lr") == 1
    assert [row["lr"] > 0 for row in model.history_] == [True, True]


def test_verbose_table_has_colour_only_on_a_terminal(capsys, monkeypatch):
    X = np.random.default_rng(0).normal(size=(60, 3))
    y = X[:, 0]
    OpennessMLP(hidden_layer_sizes=(4,), max_iter=3, verbose=1, device="cpu").fit(X, y)
    out = capsys.readouterr().out
    assert "valid_loss" in out and "\x1b[" not in out  # captured: not a TTY

    from sklearn_genexpr.neural_network import _callbacks

    monkeypatch.setattr(_callbacks, "_stdout_is_tty", lambda: True)
    OpennessMLP(hidden_layer_sizes=(4,), max_iter=3, verbose=1, device="cpu").fit(X, y)
    assert "\x1b[" in capsys.readouterr().out


def test_voting_regressor_averages_sequence_networks_of_several_seeds():
    """The documented ensemble recipe for one target: sklearn's VotingRegressor."""
    from sklearn.ensemble import VotingRegressor

    seqs, y = planted_promoters(n=300, length=40)
    small = dict(channels=8, n_blocks=1, max_iter=2, device="cpu")
    members = [(f"seed{s}", PromoterResNetRegressor(**small, random_state=s)) for s in range(3)]
    members.append(("legnet", LegNetRegressor(**{**TINY_LEGNET, "max_iter": 2})))
    vote = VotingRegressor(members).fit(seqs, y)
    each = np.column_stack([est.predict(seqs[:20]) for est in vote.estimators_])
    np.testing.assert_allclose(vote.predict(seqs[:20]), each.mean(axis=1))
    restored = pickle.loads(pickle.dumps(vote))
    np.testing.assert_array_equal(restored.predict(seqs[:20]), vote.predict(seqs[:20]))
