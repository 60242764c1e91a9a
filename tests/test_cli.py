from sklearn_genexpr.cli import _generated_promoters, main


def test_demo_runs_and_models_learn(capsys):
    assert main(["demo", "--n-sequences", "1200", "--length", "60"]) == 0
    out = capsys.readouterr().out
    r_lightgbm = float(out.split("6-mer counts + LightGBM")[1].split()[0])
    assert r_lightgbm > 0.5  # the planted motifs are found on held-out sequences


def test_generated_promoters_are_reproducible():
    a = _generated_promoters(50, 40, seed=1)
    b = _generated_promoters(50, 40, seed=1)
    assert a[0] == b[0] and (a[1] == b[1]).all()
