"""The core install: every public name imports without the extras, and using a name
that needs one says which extra to install. Run by `make test-core` in a fresh venv
without torch, skorch, LightGBM or tqdm, and in the full suite with them hidden."""

import importlib
import importlib.util
import subprocess
import sys

import numpy as np
import pytest

import sklearn_genexpr

HAS_NEURAL = all(importlib.util.find_spec(m) is not None for m in ("torch", "skorch"))


def test_every_public_name_imports_without_importing_the_extras():
    code = (
        "import sys, sklearn_genexpr as g\n"
        "from sklearn_genexpr import datasets, inspection, metrics, model_selection, multioutput\n"
        "from sklearn_genexpr import genomics, neighbors\n"
        "from sklearn_genexpr import neural_network\n"
        "from sklearn_genexpr import preprocessing, cli\n"
        "for module in (g, datasets, genomics, inspection, metrics, model_selection, multioutput, "
        "neighbors, neural_network, preprocessing):\n"
        "    [getattr(module, name) for name in module.__all__]\n"
        "heavy = [m for m in ('torch', 'skorch', 'lightgbm', 'tqdm', 'matplotlib', 'pyfaidx', "
        "'pyBigWig') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_transformers_work_on_the_core_install():
    X = sklearn_genexpr.KmerVectorizer(k=2).fit_transform(["ACGTAC", "GGGTTA"])
    assert X.shape == (2, 16) and X.sum() == 10
    onehot = sklearn_genexpr.DNAOneHotEncoder().fit_transform(["ACGT"])
    assert onehot.shape == (1, 4, 4)
    normalised = sklearn_genexpr.JointQuantileNormalizer().fit_transform(np.eye(3) + 1)
    assert normalised.shape == (3, 3)


def _hide(monkeypatch, *modules):
    real = importlib.util.find_spec

    def find_spec(name, *args, **kwargs):
        return None if name.split(".")[0] in modules else real(name, *args, **kwargs)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)


@pytest.mark.parametrize("hidden", [("torch",), ("skorch",)])
def test_a_network_without_the_neural_extra_names_it(monkeypatch, hidden):
    from sklearn_genexpr.neural_network import DGEXRegressor, PromoterResNetRegressor

    if HAS_NEURAL:  # make the extra look missing; on the core install it is
        _hide(monkeypatch, *hidden)
    for model, X in (
        (DGEXRegressor(), np.zeros((4, 2))),
        (PromoterResNetRegressor(), ["ACGT"] * 4),
    ):
        with pytest.raises(ImportError, match=r'pip install "sklearn-genexpr\[neural\]"') as info:
            model.fit(X, np.arange(4.0))
        assert type(model).__name__ + ".fit" in str(info.value)


def test_the_command_line_without_the_studies_extra_names_it(monkeypatch, capsys):
    from sklearn_genexpr import cli

    if HAS_NEURAL and importlib.util.find_spec("lightgbm") is not None:
        _hide(monkeypatch, "lightgbm")
    assert cli.main(["reproduce", "histone", "--quick"]) == 2
    error = capsys.readouterr().err
    assert 'pip install "sklearn-genexpr[studies]"' in error and "lightgbm" in error
