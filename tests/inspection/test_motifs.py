"""Motifs by name, on generated promoters with JASPAR matrices planted on both strands."""

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import Ridge
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.preprocessing import KmerVectorizer

pytest.importorskip("modiscolite", reason="motif discovery needs the 'motifs' extra")
pytest.importorskip("memelite", reason="motif matching needs the 'motifs' extra")
pytest.importorskip("pyjaspar", reason="the JASPAR databases need the 'motifs' extra")

from sklearn_genexpr.inspection import (  # noqa: E402
    Motif,
    discover_motifs,
    find_motifs,
    hypothetical_contributions,
    load_motif_database,
    match_motifs,
    plot_motifs,
)

PLANTED = {"REB1": 2.0, "GCN4": -2.0}  # one raises expression, one lowers it
COMPLEMENT = np.array([3, 2, 1, 0])


@pytest.fixture(scope="module")
def yeast():
    return load_motif_database("JASPAR2024", tax_group="fungi")


@pytest.fixture(scope="module")
def planted(yeast):
    """10,000 random 100-mers; each matrix sampled into half of them, either strand."""
    rng = np.random.default_rng(0)
    n, length = 10_000, 100
    codes = rng.integers(0, 4, (n, length))
    y = rng.normal(0, 0.3, n)
    sites = []
    for name, effect in PLANTED.items():
        probability = yeast.probability[yeast.name == name].iloc[0]
        width = len(probability)
        carriers = np.flatnonzero(rng.random(n) < 0.5)
        for i in carriers:
            site = np.array([rng.choice(4, p=p / p.sum()) for p in probability])
            strand = "-" if rng.random() < 0.5 else "+"
            if strand == "-":
                site = COMPLEMENT[site[::-1]]
            start = int(rng.integers(0, length - width))
            codes[i, start : start + width] = site
            sites.append((name, i, start, start + width, strand))
        y[carriers] += effect
    seqs = np.array(["".join("ACGT"[k] for k in row) for row in codes])
    return seqs, y, pd.DataFrame(sites, columns=["name", "sequence", "start", "end", "strand"])


@pytest.fixture(scope="module")
def found(planted, yeast):
    seqs, y, _ = planted
    model = make_pipeline(KmerVectorizer(k=6), Ridge(alpha=100.0)).fit(seqs[:8000], y[:8000])
    params = dict(window=15, flank=5, min_seqlets=30, n_leiden_runs=5)
    return find_motifs(model, seqs[8000:], database=yeast, discovery_params=params)


@pytest.mark.parametrize("name", list(PLANTED))
def test_every_planted_motif_is_found_and_named_on_both_strands(found, planted, name):
    _, _, sites = planted
    sites = sites[sites.sequence >= 8000].assign(sequence=lambda s: s.sequence - 8000)
    sign = int(np.sign(PLANTED[name]))
    named = [
        motif for motif in found.motifs
        if motif.sign == sign and ((found.matches.motif == motif.name)
                                   & (found.matches.name == name)
                                   & (found.matches.q_value < 0.05)).any()
    ]  # fmt: skip
    assert named, found.table
    for motif in named:
        seqlets = motif.seqlets
        # the seqlets are the planted sites: they overlap one of this matrix's sites
        own = sites[sites.name == name]
        hits = [
            ((own.sequence == s.sequence) & (own.start < s.end) & (s.start < own.end)).any()
            for s in seqlets.itertuples()
        ]
        assert np.mean(hits) > 0.8, (motif.name, np.mean(hits))
    # sites on both strands were found, each read in its own orientation
    strands = pd.concat([m.seqlets for m in named]).strand.value_counts()
    assert strands.get("+", 0) >= 10 and strands.get("-", 0) >= 10, strands


def test_the_table_summarises_motifs_and_matches(found):
    table = found.table
    first = ["motif", "sign", "n_seqlets", "forward_fraction", "consensus"]
    assert list(table.columns[:5]) == first
    assert len(table) == len(found.motifs) >= 2
    for motif, row in zip(found.motifs, table.itertuples()):
        assert isinstance(motif, Motif)
        assert row.n_seqlets == motif.n_seqlets == len(motif.seqlets)
        assert motif.probability.shape == motif.contribution.shape
        np.testing.assert_allclose(motif.probability.sum(axis=1), 1.0, atol=1e-6)
        assert row.consensus == motif.consensus
        # a positive motif's contributions raise the prediction, a negative's lower it
        assert np.sign(motif.contribution.sum()) == motif.sign
    matches = found.matches
    assert (matches.groupby("motif")["rank"].max() == 3).all()
    assert (matches.q_value >= matches.p_value).all() and matches.q_value.le(1).all()


def test_match_motifs_names_a_matrix_and_its_reverse_complement(yeast):
    reb1 = yeast.probability[yeast.name == "REB1"].iloc[0]
    gcn4 = yeast.probability[yeast.name == "GCN4"].iloc[0]
    matches = match_motifs([reb1, reb1[::-1, ::-1], gcn4], yeast, n_matches=1)
    assert matches.name.tolist() == ["REB1", "REB1", "GCN4"]
    assert matches.strand.tolist()[:2] == ["+", "-"]
    assert (matches.q_value < 1e-3).all()
    with pytest.raises(ValueError, match=r"Motif 0 must be a \(width, 4\) matrix"):
        match_motifs([np.ones((5, 3))], yeast)
    with pytest.raises(ValueError, match="Motif 0 has negative"):
        match_motifs([-np.ones((5, 4))], yeast)


def test_a_users_meme_file_is_a_database(tmp_path, yeast):
    path = tmp_path / "mine.meme"
    lines = ["MEME version 4", "", "ALPHABET= ACGT", ""]
    for row in yeast.head(30).itertuples():
        lines += [f"MOTIF {row.id} {row.name}",
                  f"letter-probability matrix: alength= 4 w= {len(row.probability)}"]  # fmt: skip
        lines += [" ".join(f"{v:.6f}" for v in r) for r in row.probability] + [""]
    path.write_text("\n".join(lines))
    mine = load_motif_database(path)
    assert mine.id.tolist() == yeast.id.head(30).tolist()
    assert mine.name.tolist() == yeast.name.head(30).tolist()
    np.testing.assert_allclose(mine.probability[3], yeast.probability[3], atol=1e-6)
    empty = tmp_path / "empty.meme"
    empty.write_text("MEME version 4\n")
    with pytest.raises(ValueError, match="holds no motif"):
        load_motif_database(empty)
    with pytest.raises(ValueError, match="neither a file nor a JASPAR release"):
        load_motif_database("JASPAR1999")
    with pytest.raises(ValueError, match="has no CORE matrices of tax_group='martians'"):
        load_motif_database("JASPAR2024", tax_group="martians")


def test_hypothetical_contributions_centre_ism_and_keep_the_base_present():
    seqs = ["ACGTACGTAC", "GGGTTTAAAN", "ACG"]
    model = make_pipeline(KmerVectorizer(k=1), Ridge(alpha=1e-6))
    model.fit(["AAAA", "CCCC", "GGGG", "TTTT", "ACGT"], [1.0, 2.0, 3.0, 4.0, 2.5])
    result = hypothetical_contributions(model, seqs)
    assert result.hypothetical.shape == result.one_hot.shape == (3, 10, 4)
    np.testing.assert_allclose(result.hypothetical.sum(axis=2), 0, atol=1e-5)
    np.testing.assert_array_equal(result.one_hot[1, 9], 0)  # the N
    np.testing.assert_array_equal(result.hypothetical[2, 3:], 0)  # past the end
    # a 1-mer linear model: each base's hypothetical score is its weight, centred
    weights = model[-1].coef_  # per base, in the vectorizer's ACGT order
    np.testing.assert_allclose(result.hypothetical[0, 0], weights - weights.mean(), atol=1e-4)
    np.testing.assert_allclose(result.contributions, result.one_hot * result.hypothetical)


def test_integrated_gradient_contributions_of_a_network():
    pytest.importorskip("captum", reason="integrated gradients need the 'attributions' extra")
    from sklearn_genexpr.neural_network import PromoterResNetRegressor

    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), 30)) for _ in range(40)]
    model = PromoterResNetRegressor(channels=8, n_blocks=1, head_units=8, max_iter=2,
                                    random_state=0, device="cpu")  # fmt: skip
    model.fit(seqs, rng.uniform(1, 10, 40))
    result = hypothetical_contributions(
        model, seqs[:3] + ["ACGT" * 3], method="integrated_gradients"
    )
    assert result.hypothetical.shape == (4, 30, 4)
    np.testing.assert_allclose(result.hypothetical.sum(axis=2), 0, atol=1e-5)
    assert np.abs(result.hypothetical[:3]).sum() > 0
    np.testing.assert_array_equal(result.hypothetical[3, 12:], 0)  # padding


def test_discover_motifs_refuses_bad_arrays():
    one_hot = np.zeros((5, 40, 4), np.float32)
    with pytest.raises(ValueError, match=r"must both have shape \(n_sequences, L, 4\)"):
        discover_motifs(one_hot, one_hot[:, :, :3])
    with pytest.raises(ValueError, match="NaN or infinity"):
        discover_motifs(one_hot, np.full_like(one_hot, np.nan))
    with pytest.raises(ValueError, match=r"shorter than a seqlet: window \+ 2 \* flank = 41"):
        discover_motifs(one_hot, one_hot)


def test_plot_motifs_draws_each_motif_beside_its_match(found):
    import matplotlib

    matplotlib.use("Agg")
    figure = plot_motifs(found)
    assert len(figure.axes) == 2 * min(8, len(found.motifs))
    titles = [ax.get_title(loc="left") for ax in figure.axes]
    assert any("REB1" in t for t in titles) and any("GCN4" in t for t in titles)
