import numpy as np
import pytest
from hypothesis import given

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
