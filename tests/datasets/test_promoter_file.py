"""load_promoter_file: the full-challenge format read into codes, and EncodedSequences."""

from __future__ import annotations

import gzip
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold
from sklearn.pipeline import make_pipeline

from sklearn_genexpr import EncodedSequences, KmerVectorizer
from sklearn_genexpr.datasets import _promoter_file, load_promoter_file

ROWS = [
    ("TGCATTTTTTTCACATCAGCTTGTC", "15.1823836007871"),
    ("TGCATTTTTTTCACATCTTCG", "12"),
    ("acgtnRYacgt", "-3.5e-2"),
    ("TGCATTTTTTTCACATCAGCTTGTCTTTTTTTTT", "NA"),
    ("GGGG", " 7.25 "),
]


def _write(path, rows=ROWS, newline="\n", trailing=True, header=None):
    text = (header + newline if header else "") + newline.join(f"{s}\t{v}" for s, v in rows)
    text += newline if trailing else ""
    data = text.encode("ascii")
    if str(path).endswith(".gz"):
        with gzip.open(path, "wb") as handle:
            handle.write(data)
    else:
        path.write_bytes(data)
    return path


def _expected_values(rows):
    return np.array([float("nan") if v == "NA" else float(v) for _, v in rows])


@pytest.mark.parametrize("name", ["train.txt", "train.txt.gz"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("trailing", [True, False])
def test_reads_what_python_reads(tmp_path, name, newline, trailing):
    path = _write(tmp_path / name, newline=newline, trailing=trailing)
    bunch = load_promoter_file(path)
    assert isinstance(bunch.data, EncodedSequences)
    assert bunch.data.tolist() == [s.upper() for s, _ in ROWS]
    np.testing.assert_array_equal(bunch.target, _expected_values(ROWS))
    assert bunch.filename == str(path)


def test_lines_across_blocks_and_growing_buffers(tmp_path, monkeypatch):
    rng = np.random.default_rng(0)
    rows = [
        ("".join(rng.choice(list("ACGT"), size=int(rng.integers(1, 60)))), repr(float(v)))
        for v in rng.normal(8, 4, size=500)
    ]
    path = _write(tmp_path / "many.txt.gz", rows=rows)
    monkeypatch.setattr(_promoter_file, "_BLOCK_BYTES", 97)  # every block splits a line
    monkeypatch.setattr(_promoter_file, "_text_size", lambda path: 10)  # buffers must grow
    X, y = load_promoter_file(path, return_X_y=True)
    assert X.tolist() == [s for s, _ in rows]
    np.testing.assert_array_equal(y, [float(v) for _, v in rows])


def test_skiprows_max_rows_and_frames(tmp_path):
    path = _write(tmp_path / "h.txt", header="sequence\texpression")
    X, y = load_promoter_file(path, skiprows=1, max_rows=2, return_X_y=True)
    assert len(X) == 2 and y.tolist() == [15.1823836007871, 12.0]
    frame = load_promoter_file(path, skiprows=1, as_frame=True).frame
    assert list(frame.columns) == ["sequence", "expression"]
    assert frame["sequence"].iloc[2] == "ACGTNRYACGT"


@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20),
    st.sampled_from(["{!r}", "{:.15g}", "{:.3f}", "{:e}", "{:.17e}"]),
)
@settings(max_examples=200, deadline=None)
def test_numbers_parse_exactly_as_pythons_float(tmp_path_factory, values, form):
    texts = [form.format(value) for value in values]
    path = tmp_path_factory.mktemp("numbers") / "n.txt"
    path.write_text("".join(f"ACGT\t{text}\n" for text in texts))
    _, y = load_promoter_file(path, return_X_y=True)
    assert y.tolist() == [float(text) for text in texts]


@pytest.mark.parametrize(
    "line, problem",
    [
        ("ACGT 11", "no tab"),
        ("ACGT\t11\textra", "more than 2 tab-separated fields"),
        ("ACGT\televen", "not a number"),
        ("ACGT\t1e", "not a number"),
        ("ACGT\t", "not a number"),
        ("\t11", "sequence is empty"),
        ("", "no tab"),
    ],
)
def test_malformed_lines_name_the_file_and_line(tmp_path, line, problem):
    path = tmp_path / "bad.txt"
    path.write_text(f"ACGT\t1\nACGT\t2\n{line}\nACGT\t4\n")
    with pytest.raises(ValueError, match=rf"bad.txt, line 3: .*{problem}"):
        load_promoter_file(path)
    header = tmp_path / "header.txt"
    header.write_text("sequence\texpression\n" + path.read_text())
    with pytest.raises(ValueError, match=rf"header.txt, line 4: .*{problem}"):
        load_promoter_file(header, skiprows=1)


def test_invalid_characters_and_empty_files(tmp_path):
    path = tmp_path / "dna.txt"
    path.write_text("ACGT\t1\nACGTACXT\t2\n")
    with pytest.raises(ValueError, match=r"dna.txt, line 2: invalid character 'X' at position 6"):
        load_promoter_file(path)
    (tmp_path / "empty.txt").write_text("")
    with pytest.raises(ValueError, match="no sequence found"):
        load_promoter_file(tmp_path / "empty.txt")
    with pytest.raises(ValueError, match="only 2 lines; skiprows=5"):
        load_promoter_file(path, skiprows=5)
    with pytest.raises(FileNotFoundError):
        load_promoter_file(tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="max_rows"):
        load_promoter_file(path, max_rows=0)


def test_encoded_sequences_index_like_an_array_of_str():
    seqs = ["ACGT", "GGNA", "TTA", "C", "ACGTACGT"]
    X = EncodedSequences.from_strings(seqs)
    assert X.shape == (5,) and len(X) == 5 and X[-1] == "ACGTACGT"
    assert X[1:4].tolist() == seqs[1:4] and X[::-2].tolist() == seqs[::-2]
    assert X[np.array([4, 0, 0])].tolist() == [seqs[4], seqs[0], seqs[0]]
    assert X[np.array([True, False, True, False, False])].tolist() == ["ACGT", "TTA"]
    assert X[np.array([], dtype=int)].tolist() == []
    assert list(X) == seqs and np.asarray(X).tolist() == seqs
    assert pickle.loads(pickle.dumps(X)).tolist() == seqs
    with pytest.raises(IndexError, match="out of range for 5 sequences"):
        X[5]
    with pytest.raises(IndexError, match="boolean index must have shape"):
        X[np.array([True])]
    with pytest.raises(ValueError, match="lengths sum to 3 but there are 4 codes"):
        EncodedSequences(np.zeros(4, np.uint8), [1, 2])
    with pytest.raises(ValueError, match="Code 15 at position 1 of sequence 1"):
        EncodedSequences(np.array([0, 1, 15], np.uint8), [1, 2])
    with pytest.raises(ValueError, match="1-D uint8"):
        EncodedSequences(np.zeros(4), [4])


def test_a_search_splits_codes_without_decoding(tmp_path):
    rng = np.random.default_rng(1)
    seqs = ["".join(rng.choice(list("ACGT"), size=40)) for _ in range(300)]
    y = np.array([s.count("GC") for s in seqs], dtype=float)
    path = _write(tmp_path / "t.txt", rows=[(s, repr(float(v))) for s, v in zip(seqs, y)])
    X, y_read = load_promoter_file(path, return_X_y=True)
    pipe = make_pipeline(KmerVectorizer(k=2), Ridge())
    search = GridSearchCV(pipe, {"ridge__alpha": [0.1, 10.0]}, cv=KFold(3)).fit(X, y_read)
    on_strings = GridSearchCV(pipe, {"ridge__alpha": [0.1, 10.0]}, cv=KFold(3)).fit(seqs, y)
    np.testing.assert_allclose(
        search.cv_results_["mean_test_score"], on_strings.cv_results_["mean_test_score"]
    )
    assert search.best_score_ > 0.9
