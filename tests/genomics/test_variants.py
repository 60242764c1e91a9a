"""VCF records (SNVs, indels, multi-allelic, filtered) and their predicted effects."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.genomics import read_vcf, score_variants
from sklearn_genexpr.preprocessing import KmerVectorizer, reverse_complement

HEADER = "##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"


def _vcf(tmp_path, genome_sequences, name="calls.vcf"):
    chr1 = genome_sequences["chr1"]
    records = [
        ("chr1", 1001, "snv", chr1[1000], "A" if chr1[1000] != "A" else "C", "60", "PASS"),
        ("chr1", 2001, "ins", chr1[2000], chr1[2000] + "GGG", "60", "PASS"),
        ("chr1", 3001, "del", chr1[3000:3004], chr1[3000], "60", "PASS"),
        ("chr2", 501, ".", genome_sequences["chr2"][500], "A,T", "60", "."),
        ("chr1", 4001, "lowq", chr1[4000], "A" if chr1[4000] != "A" else "C", "5", "PASS"),
        ("chr1", 4101, "filtered", chr1[4100], "A" if chr1[4100] != "A" else "C", "60", "q10"),
        ("chr1", 4201, "sv", chr1[4200], "<DEL>", "60", "PASS"),
    ]
    lines = ["\t".join(map(str, r)) + "\t.\n" for r in records]
    path = tmp_path / name
    path.write_text(HEADER + "".join(lines))
    return path


def test_vcf_records_split_filtered_and_named(tmp_path, genome_sequences):
    path = _vcf(tmp_path, genome_sequences)
    with pytest.warns(UserWarning, match="1 symbolic or breakend ALT"):
        variants = read_vcf(path, min_qual=10)
    assert variants["id"].tolist()[:3] == ["snv", "ins", "del"]
    multi = variants[variants.chrom == "chr2"]
    assert len(multi) == 2 and multi["alt"].tolist() == ["A", "T"]
    assert multi["id"].iloc[0].startswith("chr2:501:")
    assert "lowq" not in variants["id"].tolist() and "filtered" not in variants["id"].tolist()
    with pytest.warns(UserWarning):
        assert "filtered" in read_vcf(path, filters=None)["id"].tolist()


@pytest.mark.parametrize(
    "record, problem",
    [
        ("chr1\t5\t.\tA\tG\t60\n", "6 tab-separated fields"),
        ("chr1\tfive\t.\tA\tG\t60\tPASS\t.\n", "POS 'five' is not a positive integer"),
        ("chr1\t5\t.\tA\tA\t60\tPASS\t.\n", "ALT 'A' equals REF"),
        ("chr1\t5\t.\tX\tA\t60\tPASS\t.\n", "REF 'X' is not DNA"),
        ("chr1\t5\t.\tA\tG\thigh\tPASS\t.\n", "QUAL 'high' is not a number"),
        ("chr1\t5\t.\tA\tG-\t60\tPASS\t.\n", "ALT 'G-' is not DNA"),
    ],
)
def test_bad_vcf_records_name_file_and_line(tmp_path, record, problem):
    path = tmp_path / "bad.vcf"
    path.write_text(HEADER + "chr1\t3\t.\tA\tG\t60\tPASS\t.\n" + record)
    with pytest.raises(ValueError, match=rf"bad.vcf, line 4: {problem}"):
        read_vcf(path)


def _count_model():
    seqs = ["ACGTACGTAC", "GATACAGGTT", "TTGACACCCA", "CCATGGAATT", "GGGGCCCCAA"]
    return make_pipeline(KmerVectorizer(k=1), LinearRegression()).fit(
        seqs, [s.count("G") for s in seqs]
    )


def test_effects_of_snvs_and_indels_keep_the_window(tmp_path, fasta, genome_sequences):
    with pytest.warns(UserWarning):
        variants = read_vcf(_vcf(tmp_path, genome_sequences))
    model = _count_model()
    width = 40
    table = score_variants(model, variants, fasta, width=width, batch_size=2)
    chr1 = genome_sequences["chr1"]
    by_id = table.set_index("id")
    # SNV: one base at the centre changes
    ref = chr1[1000 - 19 : 1000 + 21]
    alt = ref[:19] + variants.alt.iloc[0] + ref[20:]
    assert by_id.loc["snv", "effect"] == pytest.approx(alt.count("G") - ref.count("G"), abs=1e-4)
    # insertion: the right flank is pushed out of the window
    ref = chr1[2000 - 19 : 2000 + 21]
    alt = (chr1[2000 - 19 : 2000] + chr1[2000] + "GGG" + chr1[2001:])[:width]
    assert by_id.loc["ins", "effect"] == pytest.approx(alt.count("G") - ref.count("G"), abs=1e-4)
    # deletion: more of the right flank comes in
    ref = chr1[3000 - 18 : 3000 - 18 + width]
    alt = (chr1[3000 - 18 : 3000] + chr1[3000] + chr1[3004:])[:width]
    assert by_id.loc["del", "effect"] == pytest.approx(alt.count("G") - ref.count("G"), abs=1e-4)
    assert list(table.columns[:5]) == ["id", "chrom", "pos", "ref", "alt"]
    # a reverse-strand model reads both windows reverse-complemented
    stranded = score_variants(model, variants.assign(strand="-"), fasta, width=width)
    ref = chr1[1000 - 19 : 1000 + 21]
    alt = ref[:19] + variants.alt.iloc[0] + ref[20:]
    expected = [reverse_complement([s])[0].count("G") for s in (alt, ref)]
    assert stranded["effect"].iloc[0] == pytest.approx(expected[0] - expected[1], abs=1e-4)


def test_ref_mismatch_and_other_errors_name_the_variant(fasta, genome_sequences):
    model = _count_model()
    base = genome_sequences["chr1"][99]
    wrong = "A" if base != "A" else "C"
    variants = pd.DataFrame(
        {"id": ["v1"], "chrom": ["chr1"], "pos": [100], "ref": [wrong], "alt": ["G"]}
    )
    with pytest.raises(
        ValueError,
        match=rf"variant v1: REF '{wrong}' differs from the genome, which holds '{base}' "
        r"at chr1:100",
    ):
        score_variants(model, variants, fasta, width=20)
    variants = pd.DataFrame(
        {"id": ["v2"], "chrom": ["chr1"], "pos": [100], "ref": [base], "alt": ["G" * 30]}
    )
    with pytest.raises(ValueError, match="variant v2: an allele does not fit a window of 20 bases"):
        score_variants(model, variants, fasta, width=20)
    with pytest.raises(ValueError, match="pass width= for this model"):
        score_variants(model, variants, fasta)
    variants = pd.DataFrame({"chrom": ["chr9"], "pos": [100], "ref": ["A"], "alt": ["G"]})
    with pytest.raises(ValueError, match=r"chromosome\(s\) \['chr9'\]"):
        score_variants(model, variants, fasta, width=20)


def test_effects_of_a_network_default_width(fasta, genome_sequences):
    pytest.importorskip("torch")
    from sklearn_genexpr.neural_network import PromoterResNetRegressor

    rng = np.random.default_rng(0)
    seqs = ["".join(rng.choice(list("ACGT"), size=30)) for _ in range(64)]
    model = PromoterResNetRegressor(channels=8, n_blocks=1, first_kernel=5, head_units=8,
                                    max_iter=1, device="cpu", random_state=0)  # fmt: skip
    model.fit(seqs, rng.integers(0, 4, 64).astype(float))
    base = genome_sequences["chr1"][499]
    variants = pd.DataFrame({"chrom": ["chr1"], "pos": [500], "ref": [base], "alt": ["N"]})
    table = score_variants(model, variants, fasta)
    assert np.isfinite(table["effect"]).all() and table["ref_prediction"].notna().all()
