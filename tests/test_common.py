"""API checks that every public estimator of the package must pass."""

import importlib
import pickle
import subprocess
import sys

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.pipeline import make_pipeline

import sklearn_genexpr
from sklearn_genexpr.preprocessing import (
    DNAOneHotEncoder,
    KmerVectorizer,
    ReverseComplementAugmenter,
    ReverseComplementTransformer,
)

from ._sklearn_checks import API_CHECKS, NEEDS_2D_NUMERIC
from .conftest import random_sequences

SEQUENCE_TRANSFORMERS = [
    DNAOneHotEncoder(),
    DNAOneHotEncoder(flatten=True, length=25, padding="center", alphabet="AGCT"),
    KmerVectorizer(k=(2, 4), canonical=True, norm="l1"),
    ReverseComplementTransformer(),
]


def _as_dense(X):
    return X.toarray() if sp.issparse(X) else np.asarray(X)


@pytest.mark.parametrize("estimator", SEQUENCE_TRANSFORMERS, ids=repr)
def test_clone_params_and_pickle_round_trip(estimator, tmp_path):
    seqs = random_sequences(40, 20)
    params = estimator.get_params()
    cloned = clone(estimator)
    assert cloned.get_params() == params
    assert clone(estimator).set_params(**params).get_params() == params
    fitted = clone(estimator).fit(seqs)
    expected = _as_dense(fitted.transform(seqs))
    restored = pickle.loads(pickle.dumps(fitted))
    assert np.array_equal(_as_dense(restored.transform(seqs)), expected)
    joblib.dump(fitted, tmp_path / "model.joblib")
    assert np.array_equal(
        _as_dense(joblib.load(tmp_path / "model.joblib").transform(seqs)), expected
    )
    # fit does not change the parameters, and unfitted use is an error
    assert fitted.get_params() == params
    with pytest.raises(Exception, match="not fitted"):
        clone(estimator).transform(seqs)


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
@pytest.mark.parametrize(
    "estimator", [*SEQUENCE_TRANSFORMERS, ReverseComplementAugmenter()], ids=repr
)
def test_sklearn_api_checks_of_the_sequence_transformers(estimator, check):
    if check.__name__ in NEEDS_2D_NUMERIC:
        pytest.xfail(NEEDS_2D_NUMERIC[check.__name__])
    check(type(estimator).__name__, clone(estimator))


@pytest.mark.parametrize("estimator", SEQUENCE_TRANSFORMERS, ids=repr)
def test_sequence_api_of_the_transformers(estimator):
    """What the xfailed checks hold for 2-D floats, on sequences."""
    seqs = random_sequences(40, 20)
    params = clone(estimator).get_params()
    public_before = {k for k in vars(estimator) if not k.startswith("_")}
    fitted = clone(estimator)
    assert fitted.fit(seqs) is fitted and fitted.fit(seqs, np.arange(40.0)) is fitted
    assert fitted.get_params() == params
    assert {k for k in vars(fitted) if not k.startswith("_") and not k.endswith("_")} == (
        public_before
    )
    # read-only input, as from a memory map
    readonly = np.array(seqs, dtype=object)
    readonly.setflags(write=False)
    np.testing.assert_array_equal(
        _as_dense(fitted.transform(readonly)), _as_dense(fitted.transform(seqs))
    )
    # a sequence has no columns: no n_features_in_, as sklearn's CountVectorizer
    assert not hasattr(fitted, "n_features_in_")


def test_augmenter_clone_and_pickle():
    aug = ReverseComplementAugmenter(layout="channels_last")
    assert clone(aug).get_params() == aug.get_params()
    X, y = pickle.loads(pickle.dumps(aug)).fit_resample(["AC"], [1.0])
    assert X.tolist() == ["AC", "GT"] and y.tolist() == [1.0, 1.0]


def test_public_names_are_exported():
    names = [
        "",
        ".preprocessing",
        ".metrics",
        ".neural_network",
        ".neighbors",
        ".inspection",
        ".datasets",
        ".utils",
    ]
    for module in [importlib.import_module("sklearn_genexpr" + name) for name in names]:
        for name in module.__all__:
            assert getattr(module, name) is not None, (module.__name__, name)
    assert isinstance(sklearn_genexpr.__version__, str)


def test_import_does_not_import_torch():
    code = "import sys, sklearn_genexpr; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pipeline_feature_names_flow_through():
    pipe = make_pipeline(KmerVectorizer(k=1)).fit(["ACGT"])
    assert list(pipe.get_feature_names_out()) == list("ACGT")


def test_show_versions_names_the_dependencies_without_importing_torch():
    code = (
        "import sys, sklearn_genexpr; sklearn_genexpr.show_versions(); "
        "print('torch imported:', 'torch' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    for name in ("python:", "sklearn-genexpr:", "scikit-learn:", "torch:", "skorch:"):
        assert name in out.stdout
    assert "torch imported: False" in out.stdout
