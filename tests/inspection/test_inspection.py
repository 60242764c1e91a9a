import lightgbm
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.datasets import make_openness_expression, make_promoter_expression
from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.inspection import (
    dinucleotide_shuffle,
    positional_importance,
    saturation_mutagenesis,
    variant_effects,
)
from sklearn_genexpr.neural_network import PromoterResNetRegressor
from sklearn_genexpr.preprocessing import KmerVectorizer, TSSBinner

DNA = st.text(alphabet="ACGT", min_size=0, max_size=60)


def _dinucleotides(seq):
    return sorted(seq[i : i + 2] for i in range(len(seq) - 1))


@settings(max_examples=200, deadline=None)
@given(st.lists(DNA, min_size=1, max_size=5), st.integers(0, 2**31 - 1))
def test_dinucleotide_shuffle_keeps_every_dinucleotide_and_the_ends(seqs, seed):
    shuffled = dinucleotide_shuffle(seqs, random_state=seed)
    assert len(shuffled) == len(seqs)
    for before, after in zip(seqs, shuffled):
        assert len(after) == len(before) and sorted(after) == sorted(before)
        assert _dinucleotides(after) == _dinucleotides(before)
        assert after[:1] == before[:1] and after[-1:] == before[-1:]


def test_dinucleotide_shuffle_shuffles_and_is_seeded():
    seqs = list(make_promoter_expression(20, random_state=0)[0])
    first = dinucleotide_shuffle(seqs, random_state=1)
    assert first == dinucleotide_shuffle(seqs, random_state=1)
    assert sum(a != b for a, b in zip(first, seqs)) == len(seqs)
    assert first != dinucleotide_shuffle(seqs, random_state=2)
    # every shuffle of a two-letter-state sequence is reachable: "ACA"+"CAC" both occur
    outs = {dinucleotide_shuffle(["ACACGACA"], random_state=s)[0] for s in range(200)}
    assert len(outs) > 1


@pytest.fixture(scope="module")
def planted():
    X, y, truth = make_promoter_expression(3000, random_state=0, return_ground_truth=True)
    return X, y, truth


def _site_recovery(effects, seqs, motif="CACGTG", top=6):
    """Fraction of each sequence's top-``top`` positions (by the largest absolute
    substitution effect) that fall inside a ``motif`` site, and its chance level."""
    hits, chance = [], []
    for seq, effect in zip(seqs, effects):
        inside = np.zeros(len(seq), dtype=bool)
        start = seq.find(motif)
        while start != -1:
            inside[start : start + len(motif)] = True
            start = seq.find(motif, start + 1)
        strongest = np.argsort(-np.nanmax(np.abs(effect), axis=1))[:top]
        hits.append(inside[strongest].mean())
        chance.append(inside.mean())
    return float(np.mean(hits)), float(np.mean(chance))


@pytest.fixture(scope="module")
def planted_resnet(planted):
    X, y, _ = planted
    model = PromoterResNetRegressor(
        channels=32, n_blocks=2, max_iter=10, random_state=0, device="cpu"
    )
    return model.fit(X[:2500], y[:2500])


def _carriers(truth):
    return [i for i in truth.index[2500:] if truth.cacgtg[i] == 1][:40]


@pytest.mark.parametrize("model_name", ["kmer_lightgbm", "resnet"])
def test_mutagenesis_recovers_the_planted_motif(planted, planted_resnet, model_name):
    X, y, truth = planted
    if model_name == "resnet":
        model = planted_resnet
    else:
        model = make_pipeline(KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1))
        model.fit(X[:2500], y[:2500])
    carriers = _carriers(truth)
    result = saturation_mutagenesis(model, X[carriers])
    assert result.effects.shape == (len(carriers), 80, 4)
    # the reference base's "substitution" is the sequence itself: effect 0
    ref_channel = np.array([["ACGT".index(c) for c in X[i]] for i in carriers])
    own = np.take_along_axis(result.effects, ref_channel[:, :, None], axis=2)
    np.testing.assert_allclose(own, 0, atol=1e-5)
    recovered, chance = _site_recovery(result.effects, X[carriers])
    # measured: k-mer + LightGBM 0.84, ResNet 0.80 of the top 6 positions; chance 0.075
    assert recovered > 0.5 and recovered > 5 * chance, (recovered, chance)


def test_integrated_gradients_add_up_and_agree_with_mutagenesis(planted, planted_resnet):
    pytest.importorskip("captum", reason="attributions need the 'attributions' extra")
    from sklearn_genexpr.inspection import integrated_gradients

    X, _, truth = planted
    carriers = _carriers(truth)[:20]
    result = integrated_gradients(planted_resnet, X[carriers], n_steps=64)
    assert result.attributions.shape == (len(carriers), 80, 4)
    # only each position's own base is attributed (input x gradient)
    own = np.array([["ACGT".index(c) for c in X[i]] for i in carriers])
    mask = np.zeros_like(result.attributions, dtype=bool)
    np.put_along_axis(mask, own[:, :, None], True, axis=2)
    assert np.all(result.attributions[~mask] == 0)
    # completeness: they add up to the prediction minus the baseline's
    total = result.attributions.sum(axis=(1, 2))
    np.testing.assert_allclose(
        total,
        result.prediction - result.baseline_prediction,
        atol=0.05 * np.ptp(result.prediction) + 1e-3,
    )
    # checked against ISM, the reference: the planted sites come out on top for both
    recovered, chance = _site_recovery(np.abs(result.attributions), X[carriers])
    # measured 0.48 of the top 6 positions (ISM: 0.80); chance 0.075
    assert recovered > 5 * chance, (recovered, chance)
    ism = saturation_mutagenesis(planted_resnet, X[carriers]).effects
    rank_ig = np.abs(result.attributions).sum(axis=2)
    rank_ism = np.nanmax(np.abs(ism), axis=2)
    agreement = np.mean([np.corrcoef(a, b)[0, 1] for a, b in zip(rank_ig, rank_ism)])
    # per-position importance of the two methods (0: unrelated); measured 0.50
    assert agreement > 0.3, agreement


def test_integrated_gradients_refuse_models_that_are_not_sequence_networks():
    pytest.importorskip("captum")
    from sklearn_genexpr.inspection import integrated_gradients

    model = make_pipeline(KmerVectorizer(k=2), LinearRegression()).fit(["ACGT", "AAAA"], [1.0, 2.0])
    with pytest.raises(TypeError, match="saturation_mutagenesis works with any model"):
        integrated_gradients(model, ["ACGT"])


def test_mutagenesis_batches_agree_with_a_naive_loop_and_take_ragged_input():
    seqs = ["ACGTAC", "GATACAGG", "TTG"]
    model = make_pipeline(KmerVectorizer(k=2), LinearRegression())
    model.fit(seqs * 3, np.arange(9.0))
    result = saturation_mutagenesis(model, seqs, batch_size=5)
    for i, seq in enumerate(seqs):
        for pos in range(len(seq)):
            for b, base in enumerate("ACGT"):
                mutant = seq[:pos] + base + seq[pos + 1 :]
                expected = model.predict([mutant])[0] - model.predict([seq])[0]
                assert result.effects[i, pos, b] == pytest.approx(expected, abs=1e-9)
    assert np.isnan(result.effects[2, 3:]).all()  # past the end of the short sequence


def test_variant_effects_by_sequence_or_substitution():
    seqs = ["ACGTACGT", "GGGGCCCC"]
    model = make_pipeline(KmerVectorizer(k=1), LinearRegression())
    model.fit(["AAAA", "CCCC", "GGGG", "TTTT", "ACGT"], [4.0, 0, 0, 0, 1])
    by_position = variant_effects(model, seqs, positions=[1, 0], alleles=["a", "A"])
    by_sequence = variant_effects(model, seqs, ["AAGTACGT", "AGGGCCCC"])
    np.testing.assert_allclose(by_position, by_sequence)
    np.testing.assert_allclose(by_position, [1.0, 1.0], atol=1e-6)
    with pytest.raises(ValueError, match=r"Position 8 of variant 0 is outside"):
        variant_effects(model, seqs, positions=[8, 0], alleles=["A", "A"])
    with pytest.raises(ValueError, match=r"Allele 'N' of variant 1"):
        variant_effects(model, seqs, positions=[0, 0], alleles=["A", "N"])
    with pytest.raises(ValueError, match="Give the variants: alt_sequences, or positions"):
        variant_effects(model, seqs)
    with pytest.raises(ValueError, match="either alt_sequences or positions and alleles, not"):
        variant_effects(model, seqs, seqs, positions=[0, 0], alleles=["A", "A"])
    with pytest.raises(ValueError, match="2 reference but 1 alternative"):
        variant_effects(model, seqs, ["ACGT"])


def test_positional_importance_peaks_at_the_planted_distances():
    data = make_openness_expression(300, 4, random_state=0)
    binner = TSSBinner(
        PeakTrack(data.peaks), signal=data.signal_columns, upstream=10_000, downstream=10_000,
        bin_size=1000, log1p=True,
    )  # fmt: skip
    binned = binner.fit_transform(data.genes)
    binned = binned.toarray() if hasattr(binned, "toarray") else binned
    X = pd.DataFrame(binned, columns=binner.get_feature_names_out())
    model = Ridge(alpha=1e-3).fit(X, data.target)
    result = positional_importance(model, X, data.target, random_state=0)
    assert len(result.importances_mean) == X.shape[1] and set(result.assay) == {""}
    # ground truth: promoter peaks in [-1500, 500) bp matter, distal ones (3-9 kb) do not
    planted = (result.distance_high > -1500) & (result.distance_low < 500)
    top = np.argsort(-result.importances_mean)[: planted.sum()]
    assert planted[top].all(), result.distance_low[top]
    assert result.importances_mean[~planted].max() < 0.05 * result.importances_mean.max()


def test_positional_importance_groups_assays_and_needs_bin_names():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 4))
    y = X[:, 2]
    names = ["dnase__tss-1000_+0", "dnase__tss+0_+1000", "atac__tss-1000_+0", "atac__tss+0_+1000"]
    result = positional_importance(LinearRegression().fit(X, y), X, y, feature_names=names)
    assert list(result.assay) == ["atac", "atac", "dnase", "dnase"]
    assert np.argmax(result.importances_mean) == 0  # atac, -1000..0
    with pytest.raises(ValueError, match=r"Column 0 \('x0'\) is not a TSS distance bin"):
        positional_importance(LinearRegression().fit(X, y), X, y, feature_names=["x0"] * 4)
    with pytest.raises(ValueError, match="needs the column names"):
        positional_importance(LinearRegression().fit(X, y), X, y)


def test_mutagenesis_of_the_default_resnet_is_batched(planted):
    """ISM of 1,000 110-bp sequences through the default ResNet takes one predict
    per batch of variants (timed in benchmarks/test_bench_inspection.py)."""
    X, y, _ = planted
    model = PromoterResNetRegressor(max_iter=1, random_state=0, device="cpu").fit(X[:200], y[:200])
    calls = []
    original = model.predict

    def counting(seqs):
        calls.append(len(seqs))
        return original(seqs)

    model.predict = counting
    saturation_mutagenesis(model, X[:20], batch_size=1000, method="predict")
    # one call for the references, then whole batches of the variants that
    # differ from their sequence (3 a position): no call per mutant
    assert calls[0] == 20 and sum(calls[1:]) == 20 * 80 * 3 and len(calls) - 1 <= 6


def _random_sequences(rng, lengths, ambiguous=()):
    seqs = ["".join(rng.choice(list("ACGT"), size=n)) for n in lengths]
    for i, position in ambiguous:  # an N inside: all four of its variants are real
        seqs[i] = seqs[i][:position] + "N" + seqs[i][position + 1 :]
    return seqs


def _both_routes(model, seqs, **kwargs):
    windowed = saturation_mutagenesis(model, seqs, **kwargs)
    predicted = saturation_mutagenesis(model, seqs, method="predict", **kwargs)
    assert windowed.method == "windowed" and predicted.method == "predict"
    np.testing.assert_array_equal(np.isnan(windowed.effects), np.isnan(predicted.effects))
    scale = np.nanstd(predicted.effects)
    assert scale > 1e-4  # the model has learned something to mutate
    np.testing.assert_allclose(
        np.nan_to_num(windowed.effects), np.nan_to_num(predicted.effects), atol=2e-5 + 1e-4 * scale
    )
    np.testing.assert_allclose(windowed.reference, predicted.reference, rtol=1e-6, atol=1e-6)
    return windowed


@pytest.mark.parametrize(
    "params",
    [
        {},  # soft head, both strands
        {"head": "regression", "rc_average": False},
        {"n_blocks": 2, "pool": 1, "first_kernel": 7},
        {"pool": 3, "kernel_size": 3, "n_blocks": 3},
    ],
    ids=["soft-both-strands", "regression-forward", "no-pooling", "pool-3"],
)
def test_windowed_mutagenesis_equals_predicting_every_mutant(params):
    rng = np.random.default_rng(0)
    seqs = _random_sequences(rng, rng.integers(20, 41, 60), ambiguous=[(1, 5)])
    y = rng.uniform(1, 12, 60)
    model = PromoterResNetRegressor(
        channels=8, head_units=8, max_iter=3, random_state=0, device="cpu", **params
    ).fit(seqs, y)
    result = _both_routes(model, seqs[:7], batch_size=64)
    assert result.effects.shape == (7, max(map(len, seqs[:7])), 4)
    assert np.all(result.effects[1, 5] != 0)  # the N: four real variants


@pytest.mark.parametrize("padding", ["right", "left", "center"])
def test_windowed_mutagenesis_follows_the_encoders_padding_and_trimming(padding):
    from sklearn_genexpr.preprocessing import DNAOneHotEncoder

    rng = np.random.default_rng(1)
    seqs = _random_sequences(rng, rng.integers(15, 31, 50))
    encoder = DNAOneHotEncoder(length=24, padding=padding, truncation=padding, alphabet="TGCA")
    model = PromoterResNetRegressor(
        channels=8,
        n_blocks=2,
        head_units=8,
        max_iter=2,
        encoder=encoder,
        random_state=0,
        device="cpu",
    ).fit(seqs, rng.uniform(1, 12, 50))
    # sequences shorter and longer than the 24 positions the network reads
    _both_routes(model, seqs[:6], batch_size=40)


def test_windowed_mutagenesis_of_several_outputs_and_variant_effects():
    rng = np.random.default_rng(2)
    seqs = _random_sequences(rng, [30] * 60)
    y = rng.uniform(1, 12, (60, 2))
    y[::3, 1] = np.nan  # two libraries, one partly measured
    model = PromoterResNetRegressor(
        channels=8, n_blocks=2, head_units=8, max_iter=2, random_state=0, device="cpu"
    ).fit(seqs, y)
    result = _both_routes(model, seqs[:5], batch_size=50)
    assert result.effects.shape == (5, 30, 4, 2)
    positions = [0, 29, 12, 7, 3]
    alleles = ["ACGT"[("ACGT".index(s[p]) + 1) % 4] for s, p in zip(seqs, positions)]
    windowed = variant_effects(model, seqs[:5], positions=positions, alleles=alleles)
    alt = [s[:p] + a + s[p + 1 :] for s, p, a in zip(seqs[:5], positions, alleles)]
    np.testing.assert_allclose(windowed, model.predict(alt) - model.predict(seqs[:5]), atol=1e-5)


def test_windowed_mutagenesis_is_not_taken_where_it_does_not_apply(planted):
    X, y, _ = planted
    model = PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=1, random_state=0,
                                    device="cpu").fit(X[:100], y[:100])  # fmt: skip
    from sklearn.pipeline import make_pipeline as pipe

    wrapped = pipe(model)  # a pipeline is a model like any other: its predict is used
    assert saturation_mutagenesis(wrapped, X[:2]).method == "predict"
    assert saturation_mutagenesis(model, X[:2]).method == "windowed"
