"""Predicted effects of genome variants: windows from a FASTA, any fitted sequence model."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils._param_validation import Interval, validate_params

from .._alphabet import EncodedSequences, decode_joined, encode_joined, reverse_complement_codes
from ..utils._validation import reject_bools
from ._genome import as_genome
from ._intervals import require_columns

__all__ = ["score_variants"]


def _model_width(model: Any) -> int | None:
    """The input length a fitted model was trained on, where it says (the networks)."""
    final = model.steps[-1][1] if hasattr(model, "steps") else model
    width = getattr(final, "n_positions_", None)
    return None if width is None else int(width)


_SCORE_CONSTRAINTS: dict = {
    "model": [object],
    "variants": [pd.DataFrame],
    "genome": [object],
    "width": [Interval(Integral, 1, None, closed="left"), None],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
}


@validate_params(_SCORE_CONSTRAINTS, prefer_skip_nested_validation=True)
def score_variants(
    model: Any,
    variants: pd.DataFrame,
    genome: Any,
    *,
    width: int | None = None,
    batch_size: int = 65_536,
) -> pd.DataFrame:
    """Predict each variant's effect: the model on its ALT window minus its REF window.

    Each variant's windows come from the genome: the REF window holds
    ``width`` bases with the REF allele centred (``left = (width -
    len(REF)) // 2`` bases before it); the ALT window keeps the same ``left``
    bases, puts the ALT allele where REF was, and fills the rest of the
    window from the genome after REF. So a SNV changes one base at the
    centre; an insertion pushes the right flank out of the window, a deletion
    pulls more of it in: both windows keep the model's input length. With a
    ``strand`` column, ``-`` rows are scored on the reverse strand (both
    windows reverse-complemented), for a model of promoters read 5' -> 3'.
    Strand averaging is the model's own: the package's networks average both
    strands by default. The windows are built and predicted in batches.

    Parameters
    ----------
    model : estimator
        A fitted estimator or pipeline whose ``predict`` takes sequences
        (it receives :class:`~sklearn_genexpr.EncodedSequences`).
    variants : pandas.DataFrame
        Columns ``chrom``, ``pos`` (1-based, as :func:`read_vcf` gives it),
        ``ref``, ``alt``; optional ``id`` and ``strand``.
    genome : str, path-like or Genome
        The genome FASTA the variants are called against.
    width : int or None, default=None
        Window length; ``None`` takes the model's input length
        (``n_positions_`` of the package's networks).
    batch_size : int, default=65536
        Variants whose windows are built and predicted at a time (the
        windows take ``2 * batch_size * width`` bytes).

    Returns
    -------
    effects : pandas.DataFrame
        ``id``, ``chrom``, ``pos``, ``ref``, ``alt``, ``ref_prediction``,
        ``alt_prediction`` and ``effect`` (ALT minus REF), in the order of
        ``variants``; with several outputs, one ``..._<j>`` column per output.

    Raises
    ------
    ValueError
        Naming the variant whose REF differs from the genome (and what the
        genome holds there), whose ALT does not fit the window, or whose
        chromosome the genome lacks.

    See Also
    --------
    read_vcf : Variants from a VCF file.
    sklearn_genexpr.inspection.variant_effects : Effects of edits to given sequences.

    Examples
    --------
    >>> import os, tempfile
    >>> import pandas as pd
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_genexpr.genomics import score_variants
    >>> from sklearn_genexpr.preprocessing import KmerVectorizer
    >>> path = os.path.join(tempfile.mkdtemp(), "toy.fa")
    >>> with open(path, "w") as f:
    ...     _ = f.write(">chr1\\nACGTACGTACGTACGT\\n")
    >>> seqs = ["ACGTAC", "GATACA", "TTGACA", "CCATGG"]
    >>> model = make_pipeline(KmerVectorizer(k=1), LinearRegression())
    >>> model = model.fit(seqs, [s.count("A") for s in seqs])
    >>> variants = pd.DataFrame({"chrom": ["chr1"], "pos": [7], "ref": ["G"], "alt": ["A"]})
    >>> score_variants(model, variants, path, width=6)[["ref", "alt", "effect"]].round(3)
      ref alt  effect
    0   G   A     1.0
    """
    from ._regions_kernels import allele_windows, first_ref_mismatch

    reject_bools(_SCORE_CONSTRAINTS, {"width": width, "batch_size": batch_size},
                 owner="score_variants")  # fmt: skip
    require_columns(variants, ["chrom", "pos", "ref", "alt"], "variants")
    genome = as_genome(genome)
    if width is None:
        width = _model_width(model)
        if width is None:
            raise ValueError(
                "width=None needs a model that records its input length (n_positions_); "
                "pass width= for this model."
            )
    n = len(variants)
    ids = (
        variants["id"].astype(str).to_numpy()
        if "id" in variants
        else (variants["chrom"].astype(str) + ":" + variants["pos"].astype(str)).to_numpy()
    )
    chrom = variants["chrom"].astype(str).to_numpy()
    pos = np.asarray(variants["pos"])
    if pos.dtype.kind not in "iu" or (pos < 1).any():
        bad = int(np.argmax(pos < 1)) if pos.dtype.kind in "iu" else 0
        raise ValueError(
            f"variants column 'pos' must hold 1-based integer positions; row {bad}: {pos[bad]!r}."
        )
    start = pos.astype(np.int64) - 1
    ref_codes, ref_lengths = encode_joined(variants["ref"].astype(str).str.upper().tolist())
    alt_codes, alt_lengths = encode_joined(variants["alt"].astype(str).str.upper().tolist())
    left = (width - ref_lengths) // 2
    too_long = (ref_lengths > width) | (alt_lengths > width - left)
    if too_long.any():
        row = int(np.argmax(too_long))
        raise ValueError(
            f"variant {ids[row]}: an allele does not fit a window of {width} bases "
            f"(REF {ref_lengths[row]}, ALT {alt_lengths[row]} bases after {left[row]} bases "
            f"of left flank); pass a larger width."
        )
    minus = np.zeros(n, dtype=bool)
    if "strand" in variants:
        minus = variants["strand"].astype(str).to_numpy() == "-"
    genome.check_chromosomes(np.unique(chrom), "The variants table")
    ref_offsets = np.cumsum(ref_lengths) - ref_lengths
    alt_offsets = np.cumsum(alt_lengths) - alt_lengths
    ref_windows = np.empty((n, width), dtype=np.uint8)
    alt_windows = np.empty((n, width), dtype=np.uint8)
    for name in np.unique(chrom):
        rows = np.flatnonzero(chrom == name)
        codes = genome.codes(str(name))
        bad = first_ref_mismatch(
            codes, start[rows], ref_codes, ref_offsets[rows], ref_lengths[rows]
        )
        if bad >= 0:  # the REF check, naming the variant
            i = int(rows[bad])
            found = codes[start[i] : start[i] + ref_lengths[i]]
            raise ValueError(
                f"variant {ids[i]}: REF {variants['ref'].iloc[i]!r} differs from the "
                f"genome, which holds {decode_joined(found, np.array([found.size]))[0]!r} "
                f"at {name}:{pos[i]} ({genome.path})."
            )
        for allele_codes, offsets, lengths, out in (
            (ref_codes, ref_offsets, ref_lengths, ref_windows),
            (alt_codes, alt_offsets, alt_lengths, alt_windows),
        ):
            window = np.empty((rows.size, width), dtype=np.uint8)
            allele_windows(
                codes, start[rows], left[rows], ref_lengths[rows], allele_codes, offsets[rows],
                lengths[rows], width, window,
            )  # fmt: skip
            out[rows] = window
    if minus.any():  # the reverse strand, flipped by the sequence core
        ref_windows[minus] = reverse_complement_codes(ref_windows[minus])
        alt_windows[minus] = reverse_complement_codes(alt_windows[minus])
    lengths = np.full(n, width, dtype=np.int64)
    predictions = []
    for windows in (ref_windows, alt_windows):
        parts = [
            np.asarray(model.predict(EncodedSequences(windows[b : b + batch_size].reshape(-1),
                                                      lengths[b : b + batch_size])))
            for b in range(0, n, batch_size)
        ]  # fmt: skip
        predictions.append(np.concatenate(parts) if parts else np.empty(0))
    ref_prediction, alt_prediction = predictions
    table = pd.DataFrame({"id": ids, "chrom": chrom, "pos": pos, "ref": variants["ref"].to_numpy(),
                          "alt": variants["alt"].to_numpy()})  # fmt: skip
    if ref_prediction.ndim == 1:
        table["ref_prediction"] = ref_prediction
        table["alt_prediction"] = alt_prediction
        table["effect"] = alt_prediction - ref_prediction
    else:
        for j in range(int(np.shape(ref_prediction)[-1])):
            table[f"ref_prediction_{j}"] = ref_prediction[:, j]
            table[f"alt_prediction_{j}"] = alt_prediction[:, j]
            table[f"effect_{j}"] = alt_prediction[:, j] - ref_prediction[:, j]
    return table
