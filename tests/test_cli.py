import json

import pytest

from sklearn_genexpr.cli import main


def test_demo_runs_and_models_learn(capsys):
    assert main(["demo", "--n-sequences", "2400", "--length", "60"]) == 0
    out = capsys.readouterr().out
    r_lightgbm = float(out.split("6-mer counts + LightGBM")[1].split()[0])
    assert r_lightgbm > 0.5  # the planted motifs are found on held-out sequences


def test_help_names_every_study(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["reproduce", "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for study in ("histone", "openness", "promoter", "dgex", "all"):
        assert study in out


def test_bad_study_or_option_is_a_clear_error_without_traceback(capsys):
    for argv in (["reproduce", "histones"], ["reproduce", "histone", "--seed", "x"]):
        with pytest.raises(SystemExit) as exit_info:
            main(argv)
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert "invalid" in err and "Traceback" not in err


def test_reproduce_histone_quick_matches_the_papers_linear_r2(capsys, tmp_path):
    assert main(["reproduce", "histone", "--quick", "--output", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "results.json").read_text())
    linear = next(r for r in rows if r["model"] == "LinearRegression")
    assert abs(linear["value"] - 0.7506) < 0.01 and linear["spread"] is not None
    forest = next(r for r in rows if r["model"] == "RandomForest")
    assert forest["value"] > linear["value"]  # as in the study
    assert "0.7506" in capsys.readouterr().out


def test_reproduce_openness_quick(capsys):
    assert main(["reproduce", "openness", "--quick"]) == 0
    out = capsys.readouterr().out
    assert "OpennessMLP + LightGBM (mean)" in out and "held-out-gene Spearman" in out


def test_a_quick_run_leaves_its_figures_and_one_report(tmp_path, capsys):
    pytest.importorskip("matplotlib", reason="figures need the 'plot' extra")
    assert main(["reproduce", "openness", "--quick", "--output", str(tmp_path)]) == 0
    studies = json.loads((tmp_path / "studies.json").read_text())
    figures = [file for file, _ in studies["openness"]["figures"]]
    assert set(figures) >= {
        "openness_predicted.png", "openness_profile.png",
        "openness_importance.png", "openness_learning_curve.png",
    }  # fmt: skip
    for file in figures:
        assert (tmp_path / file).stat().st_size > 5_000
    report = (tmp_path / "report.html").read_text()
    assert all(f"src='{file}'" in report for file in figures)
    assert "load_k562_openness" in report and "held-out-gene Spearman" in report
    assert "Versions" in report and "scikit-learn" in report
    assert str(tmp_path / "report.html") in capsys.readouterr().out


def test_the_docs_render_tables_and_figures_from_a_run(tmp_path, capsys):
    from sklearn_genexpr.studies._report import rst

    assert main(["reproduce", "openness", "--quick", "--output", str(tmp_path)]) == 0
    text = rst(tmp_path, "/_static/demo", "openness")
    rows = [r for r in json.loads((tmp_path / "results.json").read_text())]
    assert f"{rows[0]['value']:.4f}" in text and ".. list-table::" in text
    assert ".. figure:: /_static/demo/openness_importance.png" in text


def test_results_of_several_studies_merge_in_one_output(tmp_path, capsys, monkeypatch):
    from sklearn_genexpr import studies

    def run(options, report):
        report.result("Model", "score", 0.5)
        return report.rows

    stub = studies.Study("histone", "stub", "stub data", "stub ref", run)
    monkeypatch.setitem(studies.STUDIES, "histone", stub)
    path = tmp_path / "results.json"
    path.write_text(json.dumps([{"study": "openness", "model": "kept", "value": 1.0}]))
    assert main(["reproduce", "histone", "--quick", "--output", str(tmp_path)]) == 0
    assert main(["reproduce", "histone", "--quick", "--output", str(tmp_path)]) == 0
    rows = json.loads(path.read_text())
    assert [r["model"] for r in rows if r["study"] == "openness"] == ["kept"]
    histone = [r for r in rows if r["study"] == "histone"]
    assert histone and len(histone) == len({(r["model"], r["metric"]) for r in histone})
    assert set(json.loads((tmp_path / "studies.json").read_text())) == {"histone"}
    assert "stub data" in (tmp_path / "report.html").read_text()


def test_reproduce_runs_every_library_with_the_requested_threads(monkeypatch, capsys):
    import torch
    from threadpoolctl import threadpool_info

    from sklearn_genexpr import studies

    seen = {}

    def run(options, report):
        seen["options"] = options.n_jobs
        seen["torch"] = torch.get_num_threads()
        seen["pools"] = {pool["user_api"]: pool["num_threads"] for pool in threadpool_info()}
        return report.rows

    before = torch.get_num_threads()
    stub = studies.Study("histone", "stub", "stub data", "stub ref", run)
    monkeypatch.setitem(studies.STUDIES, "histone", stub)
    try:
        assert main(["reproduce", "histone", "--n-jobs", "1"]) == 0
    finally:
        torch.set_num_threads(before)
    assert seen["options"] == 1 and seen["torch"] == 1
    assert seen["pools"] and set(seen["pools"].values()) == {1}, seen["pools"]
