import pickle

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.utils.estimator_checks import parametrize_with_checks

from sklearn_genexpr.multioutput import LibraryIndicatorRegressor
from sklearn_genexpr.preprocessing import KmerVectorizer

from ..conftest import random_sequences


@parametrize_with_checks([LibraryIndicatorRegressor(Ridge())])
def test_sklearn_compatible(estimator, check):
    check(estimator)


def test_each_library_is_learned_from_its_own_rows():
    seqs = np.array(random_sequences(600, 40, seed=0), dtype=object)
    gc = np.array([(s.count("G") + s.count("C")) / len(s) for s in seqs])
    Y = np.full((600, 2), np.nan)
    Y[:300, 0] = 10 * gc[:300]  # library 0: expression rises with GC
    Y[300:, 1] = -10 * gc[300:]  # library 1: falls with it
    model = make_pipeline(
        KmerVectorizer(k=2), LibraryIndicatorRegressor(Ridge(alpha=1.0), predict_library=0)
    )
    model.fit(seqs, Y)
    both = model[-1].predict_libraries(model[0].transform(seqs))
    # one shared linear model cannot give the two libraries opposite slopes: the
    # indicator holds their offsets, so library 0 still rises with GC and library 1
    # lies below it (its measured values are negative)
    assert np.corrcoef(model.predict(seqs), gc)[0, 1] > 0.3
    assert (both[:, 1] < both[:, 0]).all()
    np.testing.assert_array_equal(both[:, 0], model.predict(seqs))


def test_trees_learn_opposite_libraries():
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(800, 4))
    Y = np.full((800, 2), np.nan)
    Y[:400, 0] = X[:400, 0]
    Y[400:, 1] = -X[400:, 0]
    model = LibraryIndicatorRegressor(lightgbm.LGBMRegressor(n_estimators=200, verbose=-1))
    both = model.fit(X, Y).predict_libraries(X)
    assert np.corrcoef(both[:, 0], X[:, 0])[0, 1] > 0.9
    assert np.corrcoef(both[:, 1], X[:, 0])[0, 1] < -0.9


def test_sparse_input_pickle_search_and_errors():
    X = sp.random(100, 6, density=0.5, format="csr", random_state=0)
    y = X @ np.arange(6.0)
    model = LibraryIndicatorRegressor(Ridge(alpha=1e-3)).fit(X, y)
    assert model.n_libraries_ == 1 and model.predict(X).shape == (100,)
    Y = np.c_[y, np.where(np.arange(100) < 50, np.nan, -y)]
    assert LibraryIndicatorRegressor(Ridge()).fit(X, Y).predict(X).shape == (100, 2)
    np.testing.assert_array_equal(pickle.loads(pickle.dumps(model)).predict(X), model.predict(X))
    grid = GridSearchCV(model, {"regressor__alpha": [1e-3, 1.0]}, cv=2).fit(X, y)
    assert grid.best_params_ == {"regressor__alpha": 1e-3}
    with pytest.raises(ValueError, match="predict_library=1, but y has 1 library"):
        LibraryIndicatorRegressor(Ridge(), predict_library=1).fit(X, y)
    with pytest.raises(ValueError, match="Column 0 of y has no measured value"):
        LibraryIndicatorRegressor(Ridge()).fit(X, np.c_[np.full(100, np.nan), y])
