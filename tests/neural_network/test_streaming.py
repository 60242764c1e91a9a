"""Training and prediction from a memory-mapped file larger than a memory cap."""

import tracemalloc

import numpy as np

from sklearn_genexpr.neural_network import DGEXRegressor, OpennessMLP


def _memmap(tmp_path, n_rows, n_cols, seed=0):
    X = np.lib.format.open_memmap(
        tmp_path / "X.npy", mode="w+", dtype=np.float32, shape=(n_rows, n_cols)
    )
    rng = np.random.default_rng(seed)
    for start in range(0, n_rows, 4096):  # written in chunks: never all in memory
        X[start : start + 4096] = rng.normal(size=(min(4096, n_rows - start), n_cols))
    X.flush()
    del X
    return np.load(tmp_path / "X.npy", mmap_mode="r")


def test_fit_and_predict_stream_from_a_memmap_larger_than_the_cap(tmp_path):
    X = _memmap(tmp_path, 48_000, 1_000)  # 192 MB on disk
    y = np.asarray(X[:, :5].sum(axis=1), dtype=np.float64)  # reads 5 columns
    cap = 40 * 2**20  # 40 MB: a fifth of the file
    assert X.nbytes > 4 * cap
    model = OpennessMLP(
        hidden_layer_sizes=(16,),
        batch_size=500,
        max_iter=2,
        early_stopping=True,
        validation_fraction=0.1,
        random_state=0,
        device="cpu",
    )
    # warm up: the first fit imports torch and skorch (tens of MB, whatever the data size)
    OpennessMLP(hidden_layer_sizes=(4,), max_iter=1, device="cpu").fit(X[:50], y[:50])
    tracemalloc.start()
    model.fit(X, y)
    pred = model.predict(X)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < cap, f"peak {peak / 2**20:.0f} MB"
    assert pred.shape == (48_000,) and np.corrcoef(pred, y)[0, 1] > 0.5


def test_streamed_fit_equals_in_memory_fit(tmp_path):
    X = _memmap(tmp_path, 600, 20, seed=1)
    y = np.asarray(X[:, :3].sum(axis=1), dtype=np.float64)
    params = dict(
        hidden_layer_sizes=(8,),
        learning_rate_init=0.05,
        max_iter=5,
        batch_size=64,
        random_state=0,
        device="cpu",
    )
    streamed = DGEXRegressor(**params).fit(X, y)
    in_memory = DGEXRegressor(**params).fit(np.array(X), y)
    np.testing.assert_allclose(
        streamed.predict(X), in_memory.predict(np.array(X)), rtol=1e-5, atol=1e-6
    )
