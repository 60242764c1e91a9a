"""In-silico mutagenesis and variant effects through any sequence model's ``predict``."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._alphabet import BASES, EncodedSequences, decode_codes, decode_joined, encode_sequences

__all__ = ["saturation_mutagenesis", "variant_effects"]


@validate_params(
    {
        "estimator": [object],
        "sequences": ["array-like"],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "method": [StrOptions({"auto", "predict"})],
    },
    prefer_skip_nested_validation=True,
)
def saturation_mutagenesis(
    estimator: Any, sequences: Any, *, batch_size: int = 4096, method: str = "auto"
) -> Bunch:
    """Predicted effect of every single-base substitution of every sequence.

    Each sequence of length ``L`` gets ``4 L`` variants (every position set to
    each of A, C, G, T). The variant that sets a position to its own base is
    the sequence itself: its effect is 0 and it is not predicted. The other
    variants (all four at an ambiguous base such as ``N``) are predicted
    either by ``estimator.predict`` in batches of ``batch_size`` variants (any
    model), or, for a fitted
    :class:`~sklearn_genexpr.neural_network.PromoterResNetRegressor`, by
    recomputing only the part of the network a substitution changes, over
    the reference's activations (fastISM's idea): the same effects within
    float32 rounding, several times faster (``benchmarks/``).

    Parameters
    ----------
    estimator : object
        A fitted estimator or pipeline whose ``predict`` takes sequences
        (e.g. :class:`~sklearn_genexpr.neural_network.PromoterResNetRegressor`,
        or ``make_pipeline(KmerVectorizer(), LGBMRegressor())``).
    sequences : array-like of str of shape (n_sequences,), or EncodedSequences
        DNA sequences (IUPAC codes allowed in the reference).
    batch_size : int, default=4096
        Variants per ``predict`` call (about as many per pass of the
        windowed computation).
    method : {"auto", "predict"}, default="auto"
        ``"auto"``: the windowed computation where the estimator has one (a
        ResNet fitted on sequences), else ``predict``; ``"predict"``: every
        variant through ``estimator.predict``.

    Returns
    -------
    result : Bunch
        ``effects``: ndarray of shape (n_sequences, L, 4) (or
        (n_sequences, L, 4, n_outputs) for several outputs), the variant's
        prediction minus the reference prediction, channels in ``"ACGT"``
        order, NaN past the end of shorter sequences (``L`` is the longest
        sequence); ``reference``: the sequences' own predictions;
        ``alphabet``: ``"ACGT"``; ``method``: ``"windowed"`` or
        ``"predict"``, the route taken.

    See Also
    --------
    variant_effects : Effects of given variants.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_genexpr.inspection import saturation_mutagenesis
    >>> from sklearn_genexpr.preprocessing import KmerVectorizer
    >>> seqs = ["ACGTAC", "GATACA", "TTGACA", "CCATGG"]
    >>> model = make_pipeline(KmerVectorizer(k=1), LinearRegression())
    >>> model = model.fit(seqs, [s.count("A") for s in seqs])
    >>> result = saturation_mutagenesis(model, ["ACGT"])
    >>> result.effects.shape
    (1, 4, 4)
    >>> round(float(result.effects[0, 1, 0]), 3)  # C -> A adds an A
    1.0
    """
    codes, lengths = encode_sequences(sequences, estimator_name="saturation_mutagenesis")
    windowed = getattr(estimator, "_saturation_mutagenesis", None) if method == "auto" else None
    if windowed is not None:
        effects = windowed(codes, lengths, batch_size=batch_size)
        if effects is not None:
            # the network reads codes as they are: no strings made
            reference = np.asarray(estimator.predict(EncodedSequences(codes, lengths)))
            return Bunch(effects=effects, reference=reference, alphabet=BASES, method="windowed")
    reference = np.asarray(estimator.predict(decode_joined(codes, lengths)))
    return Bunch(
        effects=_predicted_effects(estimator, codes, lengths, reference, batch_size),
        reference=reference,
        alphabet=BASES,
        method="predict",
    )


def _predicted_effects(
    estimator: Any, codes: np.ndarray, lengths: np.ndarray, reference: np.ndarray, batch_size: int
) -> np.ndarray:
    """Every variant's effect through ``estimator.predict``, a batch of variants at a time."""
    n, length = len(lengths), int(lengths.max())
    tail = reference.shape[1:]
    effects = np.full((n, length, 4, *tail), np.nan)
    starts = np.concatenate([[0], np.cumsum(lengths)])
    batch: list[str] = []
    owners: list[tuple[int, tuple[np.ndarray, np.ndarray]]] = []  # (sequence, (positions, bases))
    pending = 0

    def flush() -> None:
        nonlocal batch, owners, pending
        if not batch:
            return
        predicted = np.asarray(estimator.predict(batch))
        offset = 0
        for i, (positions, bases) in owners:
            effects[i, : lengths[i]] = 0.0  # the reference base's variant: itself
            count = len(positions)
            effects[i, positions, bases] = predicted[offset : offset + count] - reference[i]
            offset += count
        batch, owners, pending = [], [], 0

    for i in range(n):
        variants, positions, bases = _single_base_variants(codes[starts[i] : starts[i + 1]])
        batch.extend(variants)
        owners.append((i, (positions, bases)))
        pending += len(variants)
        if pending >= batch_size:
            flush()
    flush()
    return effects


def _single_base_variants(row: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The variants of one coded sequence that differ from it, with their position and base.

    Position-major, bases in ACGT order; a position holding A, C, G or T
    (codes 0-3) gets the three other bases, an ambiguous one all four.
    """
    length = len(row)
    positions = np.repeat(np.arange(length), 4)
    bases = np.tile(np.arange(4, dtype=np.uint8), length)
    keep = row[positions] != bases
    positions, bases = positions[keep], bases[keep]
    variants = np.repeat(row[None, :], len(positions), axis=0)
    variants[np.arange(len(positions)), positions] = bases
    return decode_codes(variants), positions, bases.astype(np.intp)


@validate_params(
    {
        "estimator": [object],
        "ref_sequences": ["array-like"],
        "alt_sequences": ["array-like", None],
        "positions": ["array-like", None],
        "alleles": ["array-like", None],
    },
    prefer_skip_nested_validation=True,
)
def variant_effects(
    estimator: Any,
    ref_sequences: Any,
    alt_sequences: Any = None,
    *,
    positions: Any = None,
    alleles: Any = None,
) -> np.ndarray:
    """Predicted effect of variants: ``predict(alt) - predict(ref)``.

    Give the alternative sequences, or one substitution per reference
    sequence as ``positions`` (0-based) and ``alleles`` (one base each). Both
    are predicted by the estimator itself, so a model that averages over both
    strands (the package's networks by default) scores variants strand-averaged.
    Substitutions through a fitted
    :class:`~sklearn_genexpr.neural_network.PromoterResNetRegressor` take the
    windowed route of :func:`saturation_mutagenesis` (the same values within
    float32 rounding).

    Parameters
    ----------
    estimator : object
        A fitted estimator or pipeline whose ``predict`` takes sequences.
    ref_sequences : array-like of str of shape (n_variants,)
        Reference sequences.
    alt_sequences : array-like of str of shape (n_variants,), default=None
        Alternative sequences (any edits, indels included).
    positions : array-like of int of shape (n_variants,), default=None
        Position of the substitution in each reference sequence.
    alleles : array-like of str of shape (n_variants,), default=None
        The alternative base at that position.

    Returns
    -------
    effects : ndarray of shape (n_variants,) or (n_variants, n_outputs)
        Alternative minus reference prediction.

    See Also
    --------
    saturation_mutagenesis : Every single-base substitution.

    Examples
    --------
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_genexpr.inspection import variant_effects
    >>> from sklearn_genexpr.preprocessing import KmerVectorizer
    >>> seqs = ["ACGTAC", "GATACA", "TTGACA", "CCATGG"]
    >>> model = make_pipeline(KmerVectorizer(k=1), LinearRegression())
    >>> model = model.fit(seqs, [s.count("A") for s in seqs])
    >>> effect = variant_effects(model, ["CCCC"], positions=[0], alleles=["A"])
    >>> round(float(effect[0]), 3)  # one more A
    1.0
    """
    codes, lengths = encode_sequences(ref_sequences, estimator_name="variant_effects")
    if alt_sequences is None and positions is None:
        raise ValueError("Give the variants: alt_sequences, or positions and alleles.")
    if alt_sequences is not None and positions is not None:
        raise ValueError("Give either alt_sequences or positions and alleles, not both.")
    if alt_sequences is None:
        alt_sequences = _substituted(codes, lengths, positions, alleles)
        windowed = getattr(estimator, "_saturation_mutagenesis", None)
        if windowed is not None:
            # the ResNet computes each substitution on its window only
            positions = np.asarray(positions)
            allele_index = np.array([BASES.index(a.upper()) for a in alleles], dtype=np.intp)
            wanted = np.zeros((len(lengths), int(lengths.max()), 4), dtype=bool)
            rows = np.arange(len(lengths))
            wanted[rows, positions, allele_index] = True
            effects = windowed(codes, lengths, batch_size=4096, wanted=wanted)
            if effects is not None:
                return effects[rows, positions, allele_index]
    else:
        _, alt_lengths = encode_sequences(alt_sequences, estimator_name="variant_effects")
        if len(alt_lengths) != len(lengths):
            raise ValueError(
                f"{len(lengths)} reference but {len(alt_lengths)} alternative sequences."
            )
    ref = decode_joined(codes, lengths)
    return np.asarray(estimator.predict(alt_sequences)) - np.asarray(estimator.predict(ref))


def _substituted(codes: np.ndarray, lengths: np.ndarray, positions: Any, alleles: Any) -> list:
    if alleles is None:
        raise ValueError("positions needs alleles (one alternative base per variant).")
    positions = np.asarray(positions)
    alleles = np.asarray(alleles, dtype=object)
    if positions.shape != (len(lengths),) or alleles.shape != (len(lengths),):
        raise ValueError(
            f"positions and alleles need one entry per reference sequence ({len(lengths)}), "
            f"got {positions.shape[0] if positions.ndim else 0} and "
            f"{alleles.shape[0] if alleles.ndim else 0}."
        )
    if positions.dtype.kind not in "iu":
        raise ValueError(f"positions must be integers, got dtype {positions.dtype}.")
    bad = np.flatnonzero((positions < 0) | (positions >= lengths))
    if bad.size:
        i = int(bad[0])
        raise ValueError(
            f"Position {positions[i]} of variant {i} is outside its reference sequence "
            f"(length {lengths[i]}); positions are 0-based."
        )
    starts = np.concatenate([[0], np.cumsum(lengths)])[:-1]
    for i, allele in enumerate(alleles):
        if not (isinstance(allele, str) and len(allele) == 1 and allele.upper() in BASES):
            raise ValueError(f"Allele {allele!r} of variant {i} is not one of A, C, G, T.")
    alt = codes.copy()
    alt[starts + positions] = [BASES.index(a.upper()) for a in alleles]
    same = np.flatnonzero(alt[starts + positions] == codes[starts + positions])
    if same.size:  # most likely REF and ALT swapped or a wrong coordinate
        i = int(same[0])
        raise ValueError(
            f"Allele {alleles[i]!r} of variant {i} is the reference base at position "
            f"{positions[i]}: the variant would not change the sequence."
        )
    return decode_joined(alt, lengths)
