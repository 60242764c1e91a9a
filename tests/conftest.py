"""Shared fixtures and hypothesis strategies."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import strategies as st

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"

#: A DNA sequence over ACGT (upper case), possibly empty.
dna = st.text(alphabet="ACGT", min_size=0, max_size=60)
#: A DNA sequence with mixed case and IUPAC ambiguity codes.
iupac_dna = st.text(alphabet="ACGTNRYSWKMBDHVacgtnryswkmbdhv", min_size=0, max_size=60)


def random_sequences(n: int, length: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    letters = rng.choice(np.array(list("ACGT")), size=(n, length))
    return ["".join(row) for row in letters]


@pytest.fixture
def sequences() -> list[str]:
    return random_sequences(50, 20)


def shared_data(*parts: str) -> Path:
    """Path under ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real data not available: {path} is missing (../shared/data)")
    return path
