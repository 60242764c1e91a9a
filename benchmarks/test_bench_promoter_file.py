"""Reading a DREAM 2022-format file: load_promoter_file against pandas.read_csv.

A generated gzip file of 1,000,000 lines in the challenge's format
(``_promoter_files.py``; 110-bp promoters). The baseline is what a user
would write: ``pd.read_csv(path, sep="\\t", header=None)``, which holds every
sequence as a Python string. Both outputs are checked to agree. The memory
side (6.7 M rows) is measured by ``python benchmarks/promoter_file_memory.py``.
"""

import numpy as np
import pandas as pd
import pytest

from sklearn_genexpr.datasets import load_promoter_file

from ._promoter_files import write_promoter_file

N_ROWS = 1_000_000


@pytest.fixture(scope="module")
def challenge_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("dream") / "train_sequences.txt.gz"
    write_promoter_file(str(path), N_ROWS)
    return path


@pytest.fixture(scope="module")
def read_by_pandas(challenge_file):
    return pd.read_csv(challenge_file, sep="\t", header=None)


@pytest.mark.benchmark(group="promoter-file")
def test_read_file_pandas(benchmark, challenge_file, record):
    frame = benchmark.pedantic(
        pd.read_csv, args=(challenge_file,), kwargs={"sep": "\t", "header": None},
        rounds=3, iterations=1,
    )  # fmt: skip
    assert len(frame) == N_ROWS
    record(benchmark, "promoter file (rows)", "baseline", N_ROWS, "row")


@pytest.mark.benchmark(group="promoter-file")
def test_read_file_genexpr(benchmark, challenge_file, read_by_pandas, record):
    X, y = benchmark.pedantic(
        load_promoter_file, args=(challenge_file,), kwargs={"return_X_y": True},
        rounds=3, iterations=1,
    )  # fmt: skip
    assert X[:1000].tolist() == read_by_pandas[0].iloc[:1000].tolist()
    np.testing.assert_array_equal(y, read_by_pandas[1].to_numpy())
    record(benchmark, "promoter file (rows)", "ours", N_ROWS, "row")
