"""Files the genomics tests write: a genome FASTA with a few chromosomes, a GTF, a VCF."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pyfaidx", reason="the genomics extra (pyfaidx) is not installed")


@pytest.fixture(scope="session")
def genome_sequences():
    rng = np.random.default_rng(7)
    return {
        name: "".join(rng.choice(list("ACGT"), size=size))
        for name, size in (("chr1", 5_000), ("chr2", 3_000), ("chrM", 500))
    }


@pytest.fixture(scope="session")
def fasta(tmp_path_factory, genome_sequences):
    path = tmp_path_factory.mktemp("genome") / "genome.fa"
    with open(path, "w") as handle:
        for name, sequence in genome_sequences.items():
            handle.write(f">{name} a test chromosome\n")
            for start in range(0, len(sequence), 60):  # wrapped lines, as real FASTA files are
                handle.write(sequence[start : start + 60] + "\n")
    return path
