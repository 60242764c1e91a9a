import pickle

import lightgbm
import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, train_test_split
from sklearn.pipeline import make_pipeline
from skorch.callbacks import Callback

from sklearn_genexpr import EncodedSequences
from sklearn_genexpr.metrics import pearson_r, pearson_scorer
from sklearn_genexpr.neural_network import LegNetRegressor, PromoterResNetRegressor
from sklearn_genexpr.preprocessing import DNAOneHotEncoder, KmerVectorizer, reverse_complement

from ..conftest import random_sequences

SMALL = dict(
    channels=16, n_blocks=1, first_kernel=9, head_units=16, max_iter=3, device="cpu", random_state=0
)


def planted_promoters(n=2000, length=60, seed=0):
    """Expression set by how two motifs are arranged, not by whether they occur.

    Half of the sequences carry both ``GATAAG`` and ``CCAAT``. Only when CCAAT
    sits 4 bp after GATAAG on the same strand (or the reverse complement of that
    composite, i.e. the same arrangement read from the other strand) does
    expression rise by 2; the same two motifs further apart or with CCAAT
    reversed do nothing. ``CACGTG`` adds 1 wherever it is. k-mer counts see which
    motifs occur, not their spacing or relative orientation; a convolution sees both.
    """
    rng = np.random.default_rng(seed)
    seqs = random_sequences(n, length, seed=seed)
    y = rng.normal(0, 0.2, n) + 3.0
    for i in range(n):
        s = seqs[i]
        if rng.random() < 0.5:
            arrangement = rng.integers(0, 3)  # 0: composite, 1: too far apart, 2: CCAAT reversed
            spacer = "".join(rng.choice(list("ACGT"), 4 if arrangement != 1 else 14))
            composite = "GATAAG" + spacer + ("ATTGG" if arrangement == 2 else "CCAAT")
            if rng.random() < 0.5:
                composite = str(reverse_complement([composite])[0])
            start = int(rng.integers(0, length - len(composite)))
            s = s[:start] + composite + s[start + len(composite) :]
            if arrangement == 0:
                y[i] += 2.0
        if rng.random() < 0.3:
            start = int(rng.integers(0, length - 6))
            s = s[:start] + "CACGTG" + s[start + 6 :]
            y[i] += 1.0
        seqs[i] = s
    return seqs, y


def test_beats_kmer_lightgbm_on_spacing_and_orientation_effects():
    seqs, y = planted_promoters()
    X_train, X_test, y_train, y_test = train_test_split(seqs, y, test_size=0.25, random_state=0)
    resnet = PromoterResNetRegressor(
        channels=32, n_blocks=2, max_iter=20, random_state=0, device="cpu"
    ).fit(X_train, y_train)
    kmer = make_pipeline(KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1, random_state=0))
    kmer.fit(X_train, y_train)
    r_resnet = pearson_r(y_test, resnet.predict(X_test))
    r_kmer = pearson_r(y_test, kmer.predict(X_test))
    assert r_resnet > r_kmer + 0.1, (r_resnet, r_kmer)  # measured 0.85 vs 0.58


@pytest.fixture(scope="module")
def fitted_small():
    seqs, y = planted_promoters(n=300, length=40)
    return PromoterResNetRegressor(
        **SMALL, encoder=DNAOneHotEncoder(length=40, ambiguous="fractional")
    ).fit(seqs, y)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seqs=st.lists(st.text(alphabet="ACGTN", min_size=1, max_size=50), min_size=1, max_size=6))
def test_rc_average_makes_predictions_strand_symmetric(fitted_small, seqs):
    forward = fitted_small.predict(seqs)
    backward = fitted_small.predict(reverse_complement(seqs))
    np.testing.assert_allclose(forward, backward, rtol=1e-5, atol=1e-5)


def test_without_rc_average_strands_differ(fitted_small):
    model = clone(fitted_small).set_params(rc_average=False)
    seqs, y = planted_promoters(n=300, length=40)
    model.fit(seqs, y)
    assert not np.allclose(model.predict(seqs[:20]), model.predict(reverse_complement(seqs[:20])))


def test_inputs_strings_ragged_and_onehot():
    seqs, y = planted_promoters(n=200, length=40)
    ragged = [s[: 30 + i % 10] for i, s in enumerate(seqs)]
    model = PromoterResNetRegressor(**SMALL).fit(ragged, y)
    assert model.n_positions_ == 39 and model.predict(ragged).shape == (200,)
    onehot = DNAOneHotEncoder().fit_transform(seqs)
    from_onehot = PromoterResNetRegressor(**SMALL).fit(onehot, y)
    assert from_onehot.encoder_ is None and from_onehot.predict(onehot).shape == (200,)
    with pytest.raises(ValueError, match="fitted on one-hot arrays"):
        from_onehot.predict(seqs)
    with pytest.raises(ValueError, match=r"shape \(n, 4, L\)"):
        PromoterResNetRegressor(**SMALL).fit(onehot.transpose(0, 2, 1), y)
    with pytest.raises(ValueError, match="'X' at position 1 of sequence 0"):
        PromoterResNetRegressor(**SMALL).fit(["AX"] + seqs[1:], y)
    with pytest.raises(ValueError, match=r"y contains NaN \(row \d+ and \d+ more\)"):
        PromoterResNetRegressor(**SMALL).fit(seqs, np.where(y > 4, np.nan, y))
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        PromoterResNetRegressor(**SMALL).fit(seqs, y[:-1])


@pytest.mark.parametrize(
    "recipe",
    [
        dict(head="regression"),
        dict(solver="adamw", learning_rate="onecycle", head="regression"),
        dict(sgd_switch_epoch=1, swa_start=2, head="regression"),
        dict(rc_augment=False, learning_rate="constant", early_stopping=False),
    ],
)
def test_training_recipes_learn_something(recipe):
    seqs, y = planted_promoters(n=600, length=40)
    model = PromoterResNetRegressor(**{**SMALL, "max_iter": 6, "channels": 24}, **recipe)
    pred = model.fit(seqs, y).predict(seqs)
    assert np.isfinite(pred).all() and pearson_r(y, pred) > 0.2
    if model.bins_ is not None:  # the default soft-classification head
        assert model.bins_[0] <= pred.min() and pred.max() <= model.bins_[-1]


class _WeightsEachEpoch(Callback):
    """A skorch callback keeping a copy of one convolution's weights after each epoch."""

    def __init__(self):
        self.weights = []

    def on_epoch_end(self, net, **kwargs):
        self.weights.append(net.module_.stem[0].weight.detach().clone())


@pytest.mark.parametrize("early_stopping", [True, False])
def test_the_weight_average_is_the_final_model_with_or_without_early_stopping(early_stopping):
    # With early_stopping, the best validation epoch used to be restored after
    # SWA had loaded its average, silently throwing the average away.
    seqs, y = planted_promoters(n=300, length=40)
    model = PromoterResNetRegressor(
        **{**SMALL, "max_iter": 5}, swa_start=3, early_stopping=early_stopping,
        n_iter_no_change=50, callbacks=[("weights", _WeightsEachEpoch())],
        learning_rate="constant", learning_rate_init=0.03,
    ).fit(seqs, y)  # fmt: skip
    callbacks = dict(model.nets_[0].callbacks_)
    recorder = callbacks["weights"]  # the net's copy
    if early_stopping:  # the case that went wrong: a best epoch before the last
        assert callbacks["early_stopping"].best_epoch_ < 5
    assert len(recorder.weights) == 5
    average = torch.stack(recorder.weights[2:]).mean(dim=0)  # epochs 3, 4 and 5
    final = model.module_.stem[0].weight.detach()
    torch.testing.assert_close(final, average, rtol=1e-5, atol=1e-6)
    for epoch in recorder.weights:  # the average is no single epoch's weights
        assert not torch.allclose(final, epoch)
    # without SWA, early stopping keeps the best validation epoch's weights
    no_swa = PromoterResNetRegressor(
        **{**SMALL, "max_iter": 3}, swa_start=None, early_stopping=True
    ).fit(seqs, y)
    assert dict(no_swa.nets_[0].callbacks_)["early_stopping"].load_best


def test_recipe_errors():
    seqs, y = planted_promoters(n=50, length=40)
    soft = PromoterResNetRegressor(**SMALL, head="soft_classification").fit(seqs, np.c_[y, y + 3])
    assert soft.predict(seqs).shape == (50, 2) and soft.module_(torch.zeros(1, 4, 40)).shape == (
        1,
        2 * len(soft.bins_),
    )  # one bin distribution per output
    with pytest.raises(ValueError, match="cannot be combined"):
        PromoterResNetRegressor(**SMALL, learning_rate="onecycle", sgd_switch_epoch=2).fit(seqs, y)


def test_pipelines_grid_search_with_pearson_and_pickle():
    seqs, y = planted_promoters(n=300, length=40)
    pipe = make_pipeline(DNAOneHotEncoder(length=40), PromoterResNetRegressor(**SMALL))
    grid = GridSearchCV(
        pipe, {"promoterresnetregressor__channels": [8, 16]}, cv=2, scoring=pearson_scorer
    ).fit(seqs, y)
    best = grid.best_estimator_
    np.testing.assert_array_equal(
        pickle.loads(pickle.dumps(best)).predict(seqs), best.predict(seqs)
    )
    kmer = GridSearchCV(
        make_pipeline(KmerVectorizer(k=4), lightgbm.LGBMRegressor(n_estimators=20, verbose=-1)),
        {"kmervectorizer__k": [3, 4]},
        cv=2,
        scoring=pearson_scorer,
    ).fit(seqs, y)
    assert np.isfinite(kmer.best_score_)


def test_real_dream2022_default_resnet_beats_default_kmer_lightgbm():
    """6,370 DREAM 2022 training-library rows to fit, 1,000 other rows to test.

    Measured here: ResNet (defaults, soft-classification head) Pearson 0.643 vs
    6-mer + LightGBM (defaults) 0.609, ~80 s on 2 CPU cores. See the promoter page
    of the user guide.
    """
    import pandas as pd

    from ..conftest import shared_data

    folder = shared_data("yeast_promoters")
    names = ["sequence", "expression"]
    train = pd.read_csv(folder / "deboer_demo_train_6370.txt.gz", sep="\t", names=names)
    test = pd.read_csv(folder / "camformer_demo_test_1000.txt.gz", sep="\t", names=names)
    resnet = PromoterResNetRegressor(random_state=0, device="cpu")
    resnet.fit(train.sequence, train.expression.to_numpy())
    kmer = make_pipeline(KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1, random_state=0))
    kmer.fit(train.sequence, train.expression)
    r_resnet = pearson_r(test.expression, resnet.predict(test.sequence))
    r_kmer = pearson_r(test.expression, kmer.predict(test.sequence))
    assert r_resnet > r_kmer, (r_resnet, r_kmer)


def test_predict_on_strings_validates_and_encodes_once(monkeypatch):
    from sklearn_genexpr import _alphabet

    seqs, y = planted_promoters(n=120, length=40)
    model = PromoterResNetRegressor(**SMALL).fit(seqs, y)
    # sequence_list: the validation (the element types are checked by the join)
    calls = {"sequence_list": 0, "encode_joined": 0}

    def counting(name):
        original = getattr(_alphabet, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        return wrapper

    for name in calls:
        monkeypatch.setattr(_alphabet, name, counting(name))
    model.predict(seqs)
    assert calls == {"sequence_list": 1, "encode_joined": 1}


def test_encoder_is_a_searchable_sub_estimator():
    seqs, y = planted_promoters(n=200, length=40)
    model = PromoterResNetRegressor(**SMALL, encoder=DNAOneHotEncoder(length=30))
    grid = GridSearchCV(model, {"encoder__length": [30, 44]}, cv=2).fit(seqs, y)
    assert grid.best_estimator_.n_positions_ in (30, 44)
    assert model.encoder.length == 30  # the given encoder is cloned, never fitted in place
    with pytest.raises(ValueError, match="channels_first"):
        PromoterResNetRegressor(**SMALL, encoder=DNAOneHotEncoder(flatten=True)).fit(seqs, y)


def test_rc_augmentation_follows_the_encoder_alphabet():
    seqs, y = planted_promoters(n=200, length=40)
    model = PromoterResNetRegressor(**SMALL, encoder=DNAOneHotEncoder(alphabet="AGCT"))
    model.fit(seqs, y)
    np.testing.assert_allclose(
        model.predict(seqs), model.predict(reverse_complement(seqs)), rtol=1e-5, atol=1e-6
    )


def test_heads_refuse_targets_they_cannot_represent():
    seqs, y = planted_promoters(n=60, length=40)
    with pytest.raises(ValueError, match="3001 outputs"):
        PromoterResNetRegressor(**SMALL, head="soft_classification").fit(
            seqs, np.linspace(0, 3000, 60)
        )
    with pytest.raises(ValueError, match=r"softplus .* negative values \(min -4"):
        PromoterResNetRegressor(**SMALL, head="regression").fit(seqs, y - y.max() - 1)


@settings(max_examples=25, deadline=None)
@given(
    seqs=st.lists(st.text("ACGTNRYacgtn", min_size=1, max_size=12), min_size=1, max_size=6),
    alphabet=st.sampled_from(["ACGT", "AGCT", "TGCA"]),
    ambiguous=st.sampled_from(["zeros", "fractional"]),
    padding=st.sampled_from(["right", "left", "center"]),
    strand_channel=st.booleans(),
    reverse=st.booleans(),
)
def test_sequence_codes_make_the_encoders_one_hot(
    seqs, alphabet, ambiguous, padding, strand_channel, reverse
):
    # the network's input built from 1-byte codes on the device is the encoder's output
    from sklearn_genexpr._alphabet import encode_sequences, reverse_complement_joined
    from sklearn_genexpr.neural_network._data import RowDataset

    encoder = DNAOneHotEncoder(
        alphabet=alphabet, ambiguous=ambiguous, length="longest", padding=padding
    )
    model = PromoterResNetRegressor(encoder=encoder)
    model._strand_channel = strand_channel
    model.encoder_ = clone(encoder).fit(seqs)
    codes, lengths = encode_sequences(seqs)
    if reverse:
        codes, lengths = reverse_complement_joined(codes, lengths)
    held = model._as_codes(
        model.encoder_, model.encoder_._transform_to_codes(codes, lengths), reverse
    )
    assert held.codes.dtype == np.uint8 and held.codes.nbytes == len(seqs) * held.shape[2]
    made = RowDataset(held.to("cpu")).rows(torch.arange(len(seqs))).numpy()
    rc_seqs = reverse_complement(seqs) if reverse else seqs
    expected = model._with_strand(model.encoder_.transform(rc_seqs), reverse)
    np.testing.assert_array_equal(made, expected)


def test_fit_on_strings_held_as_codes_equals_fit_on_one_hot():
    seqs, y = planted_promoters(n=300, length=40)
    params = dict(SMALL, random_state=0, early_stopping=True)
    from_strings = PromoterResNetRegressor(**params).fit(seqs, y)
    onehot = DNAOneHotEncoder().fit_transform(seqs)
    from_onehot = PromoterResNetRegressor(**params).fit(onehot, y)
    np.testing.assert_allclose(from_strings.predict(seqs), from_onehot.predict(onehot), rtol=1e-5)


@pytest.mark.parametrize("Network", [PromoterResNetRegressor, LegNetRegressor])
def test_a_fit_on_encoded_sequences_equals_a_fit_on_strings(Network):
    # what load_promoter_file returns: ragged lengths, splits as codes, pickled as codes
    seqs, y = planted_promoters(n=240, length=40)
    ragged = [s[: 34 + i % 7] for i, s in enumerate(seqs)]
    encoded = EncodedSequences.from_strings(ragged)
    params = dict(SMALL, max_iter=2, random_state=0, device="cpu")
    if Network is LegNetRegressor:
        params = dict(block_sizes=(16, 16), kernel_size=5, max_iter=2, random_state=0, device="cpu")
    from_codes = Network(**params).fit(encoded[:200], y[:200])
    from_strings = Network(**params).fit(ragged[:200], y[:200])
    np.testing.assert_array_equal(
        from_codes.predict(encoded[200:]), from_strings.predict(ragged[200:])
    )
    restored = pickle.loads(pickle.dumps(from_codes))
    np.testing.assert_array_equal(restored.predict(encoded[200:]), from_codes.predict(ragged[200:]))


def test_any_mpra_scale_learns_as_well_as_dreams_bins():
    # "bring your MPRA table": the generated promoters rescaled to log-ratios in [-2, 3]
    seqs, y = planted_promoters(n=1200, length=50, seed=1)
    ratio = (y - y.min()) / (y.max() - y.min()) * 5 - 2
    X_train, X_test, y_train, y_test, r_train, r_test = train_test_split(
        seqs, y, ratio, test_size=0.25, random_state=0
    )
    params = dict(channels=24, n_blocks=1, max_iter=8, random_state=0, device="cpu")
    on_bins = PromoterResNetRegressor(**params).fit(X_train, y_train)  # one bin per integer
    n_bins = len(on_bins.bins_)
    rescaled = PromoterResNetRegressor(**params, soft_bins=n_bins).fit(X_train, r_train)
    linear = PromoterResNetRegressor(**params, head="linear").fit(X_train, r_train)
    r_bins = pearson_r(y_test, on_bins.predict(X_test))
    r_rescaled = pearson_r(r_test, rescaled.predict(X_test))
    r_linear = pearson_r(r_test, linear.predict(X_test))
    assert rescaled.bins_[0] == pytest.approx(r_train.min(), abs=1e-6)
    assert rescaled.bins_[-1] == pytest.approx(r_train.max(), abs=1e-5)
    assert r_bins > 0.5 and abs(r_rescaled - r_bins) < 0.05, (r_bins, r_rescaled)
    assert r_linear > 0.5, r_linear
    assert (linear.predict(X_test) < 0).any()  # negative predictions are reachable
    with pytest.raises(ValueError, match="head='linear'"):
        PromoterResNetRegressor(**params, head="regression").fit(X_train, r_train)
