import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sklearn_genexpr import _alphabet as A

from .conftest import iupac_dna


def test_tables_are_consistent():
    # Complement is an involution on every code, padding included.
    assert np.array_equal(A.COMPLEMENT_CODES[A.COMPLEMENT_CODES], np.arange(16))
    # Fractions of IUPAC codes sum to one; padding is zero.
    assert np.allclose(A.BASE_FRACTIONS[:15].sum(axis=1), 1.0)
    assert not A.BASE_FRACTIONS[A.PAD_CODE].any()
    # Complement of a code covers the complementary bases.
    for code, char in enumerate(A.IUPAC_CODES):
        comp = A.IUPAC_CODES[A.COMPLEMENT_CODES[code]]
        expected = {"A": "T", "C": "G", "G": "C", "T": "A"}
        assert set(A.IUPAC_BASES[comp]) == {expected[b] for b in A.IUPAC_BASES[char]}


def test_encode_lower_and_upper_case_alike():
    codes, lengths = A.encode_joined(["acgtn", "ACGTN"])
    assert codes.tolist() == [0, 1, 2, 3, 4] * 2
    assert lengths.tolist() == [5, 5]


@pytest.mark.parametrize(
    "seqs, char, index, position",
    [(["ACGT", "ACXT"], "X", 1, 2), (["AC", "", "GGé"], "é", 2, 2), (["A-C"], "-", 0, 1)],
)
def test_invalid_character_is_named(seqs, char, index, position):
    with pytest.raises(ValueError, match=rf"'{char}' at position {position} of sequence {index}"):
        A.encode_joined(seqs)


def test_check_alphabet():
    assert A.check_alphabet("AGCT").tolist() == [0, 2, 1, 3]
    for bad in ["ACG", "ACGU", "acgt", "AACG", 1]:
        with pytest.raises(ValueError, match="permutation of 'ACGT'"):
            A.check_alphabet(bad)


@pytest.mark.parametrize(
    "padding, truncation, expected",
    [
        ("right", "right", ["ACGTA", "CC\x0f\x0f\x0f", "AAAAA"]),
        ("left", "left", ["CGTAC", "\x0f\x0f\x0fCC", "AAAAA"]),
        ("center", "center", ["ACGTA", "\x0fCC\x0f\x0f", "AAAAA"]),
    ],
)
def test_codes_to_matrix_placement(padding, truncation, expected):
    codes, lengths = A.encode_joined(["ACGTAC", "CC", "AAAAA"])
    matrix = A.codes_to_matrix(codes, lengths, 5, padding=padding, truncation=truncation)
    table = dict(zip(range(4), "ACGT")) | {A.PAD_CODE: "\x0f"}
    got = ["".join(table[c] for c in row) for row in matrix]
    assert got == expected


def test_codes_to_matrix_ragged_without_length_names_lengths():
    codes, lengths = A.encode_joined(["ACG", "AC", "A"])
    with pytest.raises(ValueError, match=r"different lengths \(1, 2, 3\)"):
        A.codes_to_matrix(codes, lengths, None)


@given(st_seqs=iupac_dna)
def test_reverse_complement_strings_twice_is_identity(st_seqs):
    seqs = [st_seqs, st_seqs[::-1], ""]
    assert A.reverse_complement_strings(A.reverse_complement_strings(seqs)) == seqs


# -- strands: every reverse complement of the package comes from here ---------
@given(st.lists(iupac_dna, min_size=1, max_size=8))
def test_reverse_complement_of_strings_codes_and_ragged_codes_agree(seqs):
    rc = A.reverse_complement_strings(seqs)
    assert A.reverse_complement_strings(rc) == seqs  # an involution, case kept
    codes, lengths = A.encode_sequences(seqs)
    rc_codes, rc_lengths = A.reverse_complement_joined(codes, lengths)
    expected_codes, expected_lengths = A.encode_sequences(rc)
    assert rc_codes.tolist() == expected_codes.tolist()
    assert rc_lengths.tolist() == expected_lengths.tolist()


@given(st.lists(st.text("ACGT", min_size=5, max_size=5), min_size=1, max_size=6))
def test_reverse_complement_of_code_rows_and_onehot_match_the_strings(seqs):
    rc = A.reverse_complement_strings(seqs)
    matrix = A.codes_to_matrix(*A.encode_sequences(seqs))
    expected = A.codes_to_matrix(*A.encode_sequences(rc))
    np.testing.assert_array_equal(A.reverse_complement_codes(matrix), expected)
    for alphabet in ("ACGT", "AGCT", "TGCA"):
        channels = A.check_alphabet(alphabet)
        onehot = (matrix[:, None, :] == channels[None, :, None]).astype(np.float32)
        rc_onehot = (expected[:, None, :] == channels[None, :, None]).astype(np.float32)
        np.testing.assert_array_equal(
            A.reverse_complement_onehot(onehot, alphabet=alphabet), rc_onehot
        )
        np.testing.assert_array_equal(
            A.reverse_complement_onehot(
                onehot.transpose(0, 2, 1), alphabet=alphabet, channel_axis=2
            ),
            rc_onehot.transpose(0, 2, 1),
        )


def test_reverse_complement_onehot_takes_torch_tensors():
    torch = pytest.importorskip("torch")
    onehot = np.eye(4, dtype=np.float32)[None][:, :, [0, 0, 1, 3]]  # AACT
    out = A.reverse_complement_onehot(torch.from_numpy(onehot))
    np.testing.assert_array_equal(out.numpy(), A.reverse_complement_onehot(onehot))


def test_complement_channels_is_derived_from_the_complement_table():
    assert A.complement_channels("ACGT").tolist() == [3, 2, 1, 0]
    assert A.complement_channels("AGCT").tolist() == [3, 2, 1, 0]
    assert A.complement_channels("ATCG").tolist() == [1, 0, 3, 2]


def test_no_other_module_flips_strands():
    """The house rule: strands are flipped in the sequence core only."""
    import pathlib
    import re

    import sklearn_genexpr

    root = pathlib.Path(sklearn_genexpr.__file__).parent
    pattern = re.compile(r"maketrans|\.translate\(|::-1, ::-1|flip\(1, 2\)|3 - digits|\"TGCA\"")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if path.name != "_alphabet.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert not offenders, offenders


def test_the_compiled_encoder_agrees_with_the_table_on_every_byte():
    # the ACGT fast path's arithmetic and the table path must give the same codes
    encode_ascii = A.compiled_encode_ascii()

    for encode in (A._encode_ascii, encode_ascii):  # the Python source and its compiled form
        for byte in range(256):
            raw = np.array([ord("A"), byte, ord("c")], dtype=np.uint8)
            codes, first_invalid = encode(raw, A.ENCODE_TABLE)
            assert codes.tolist() == A.ENCODE_TABLE[raw].tolist()
            assert first_invalid == (1 if A.ENCODE_TABLE[byte] == A.INVALID_CODE else -1)
        bases = np.frombuffer(b"ACGTacgt" * 5, dtype=np.uint8)
        codes, first_invalid = encode(bases, A.ENCODE_TABLE)
        assert codes.tolist() == A.ENCODE_TABLE[bases].tolist() and first_invalid == -1
