"""Motifs by name: seqlets and motifs from contributions (TF-MoDISco), matched to JASPAR (Tomtom).

The field's route from a fitted model to the transcription factors it uses:
hypothetical contributions (:func:`hypothetical_contributions`) -> seqlets,
clustered into motifs (modisco-lite) -> each motif compared with a database
of known matrices (memelite's Tomtom; JASPAR through pyjaspar, or a MEME
file) -> a table of motifs with their best matches, and logos
(:func:`plot_motifs`). All of it is the optional extra ``motifs``.
"""

from __future__ import annotations

import os
import warnings
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._alphabet import BASES
from ..utils._optional import require
from ..utils._validation import reject_bools
from ._contributions import hypothetical_contributions

__all__ = ["Motif", "discover_motifs", "find_motifs", "load_motif_database", "match_motifs"]


@dataclass(frozen=True, eq=False)
class Motif:
    """A motif found in a model's contributions.

    Parameters
    ----------
    name : str
        ``"pos_K"`` (seqlets that raise the prediction) or ``"neg_K"``
        (that lower it), K by decreasing number of seqlets, as modisco names them.
    sign : int
        +1 or -1.
    probability : ndarray of shape (width, 4)
        Base frequencies of the aligned seqlets (ACGT), trimmed to the
        positions that carry the contribution.
    contribution : ndarray of shape (width, 4)
        Mean contribution of the aligned seqlets (the contribution weight matrix).
    hypothetical : ndarray of shape (width, 4)
        Mean hypothetical contribution.
    seqlets : DataFrame
        One row per seqlet: ``sequence`` (row of the input), ``start``,
        ``end`` (the trimmed motif's span, 0-based, end exclusive) and
        ``strand`` (``"+"``, or ``"-"`` where the motif reads on the reverse
        strand).
    """

    name: str
    sign: int
    probability: np.ndarray
    contribution: np.ndarray
    hypothetical: np.ndarray
    seqlets: pd.DataFrame = field(repr=False)

    @property
    def consensus(self) -> str:
        """The most frequent base at each position."""
        return "".join(BASES[i] for i in self.probability.argmax(axis=1))

    @property
    def n_seqlets(self) -> int:
        """How many seqlets the motif aligns."""
        return len(self.seqlets)


_DISCOVERY: dict = {
    "one_hot": ["array-like"],
    "hypothetical": ["array-like"],
    "window": [Interval(Integral, 4, None, closed="left")],
    "flank": [Interval(Integral, 0, None, closed="left")],
    "max_seqlets": [Interval(Integral, 1, None, closed="left")],
    "min_seqlets": [Interval(Integral, 1, None, closed="left")],
    "target_fdr": [Interval(Real, 0, 1, closed="neither")],
    "n_leiden_runs": [Interval(Integral, 1, None, closed="left")],
    "trim_threshold": [Interval(Real, 0, 1, closed="both")],
}


@validate_params(_DISCOVERY, prefer_skip_nested_validation=True)
def discover_motifs(
    one_hot: Any,
    hypothetical: Any,
    *,
    window: int = 21,
    flank: int = 10,
    max_seqlets: int = 20000,
    min_seqlets: int = 100,
    target_fdr: float = 0.2,
    n_leiden_runs: int = 50,
    trim_threshold: float = 0.3,
) -> list[Motif]:
    """Find motifs in hypothetical contributions: TF-MoDISco (modisco-lite).

    Seqlets (windows whose summed contribution stands out of a null
    distribution at ``target_fdr``) are split by sign, clustered by the
    similarity of their hypothetical contributions (Leiden), aligned and
    merged into motifs; each motif is trimmed to the positions whose summed
    absolute contribution is at least ``trim_threshold`` of its largest.

    Parameters
    ----------
    one_hot : array-like of shape (n_sequences, L, 4)
        The sequences, one-hot (ACGT), as :func:`hypothetical_contributions` returns them.
    hypothetical : array-like of shape (n_sequences, L, 4)
        Their hypothetical contributions.
    window : int, default=21
        Width of the sliding window that finds seqlets (modisco's
        ``sliding_window_size``).
    flank : int, default=10
        Positions added on each side of a seqlet.
    max_seqlets : int, default=20000
        Most seqlets clustered per sign.
    min_seqlets : int, default=100
        Fewest seqlets of one sign for that sign to be clustered.
    target_fdr : float, default=0.2
        False discovery rate of the seqlets.
    n_leiden_runs : int, default=50
        Leiden clusterings per step (the best is kept).
    trim_threshold : float, default=0.3
        Fraction of the largest position contribution a kept position needs.

    Returns
    -------
    motifs : list of Motif
        Positive motifs, then negative ones, each by decreasing seqlet count.

    See Also
    --------
    find_motifs : From a fitted model to named motifs in one call.

    Notes
    -----
    Needs the ``motifs`` extra (``pip install "sklearn-genexpr[motifs]"``).

    Examples
    --------
    Motif discovery needs thousands of sequences with real contributions;
    ``tests/inspection/test_motifs.py`` plants two JASPAR matrices in 10,000
    promoters and finds both.

    >>> from sklearn_genexpr.inspection import discover_motifs, hypothetical_contributions
    >>> scores = hypothetical_contributions(model, sequences)  # doctest: +SKIP
    >>> motifs = discover_motifs(scores.one_hot, scores.hypothetical)  # doctest: +SKIP
    >>> [(m.name, m.consensus, m.n_seqlets) for m in motifs]  # doctest: +SKIP
    [('pos_0', 'TTACCCG', 81), ('neg_0', 'TGAGTCA', 79)]
    """
    integers = {"window": window, "flank": flank, "max_seqlets": max_seqlets,
                "min_seqlets": min_seqlets, "n_leiden_runs": n_leiden_runs}  # fmt: skip
    reject_bools(_DISCOVERY, integers, owner="discover_motifs")
    require("modiscolite", extra="motifs", purpose="discover_motifs")
    from modiscolite.tfmodisco import TFMoDISco

    one_hot = np.ascontiguousarray(one_hot, dtype=np.float32)
    hypothetical = np.ascontiguousarray(hypothetical, dtype=np.float32)
    if one_hot.ndim != 3 or one_hot.shape[2] != 4 or hypothetical.shape != one_hot.shape:
        raise ValueError(
            f"one_hot and hypothetical must both have shape (n_sequences, L, 4), got "
            f"{one_hot.shape} and {hypothetical.shape}."
        )
    if not np.isfinite(hypothetical).all():
        raise ValueError("hypothetical contains NaN or infinity.")
    if one_hot.shape[1] < window + 2 * flank:
        raise ValueError(
            f"Sequences of {one_hot.shape[1]} positions are shorter than a seqlet: "
            f"window + 2 * flank = {window + 2 * flank}."
        )
    positive, negative = TFMoDISco(
        one_hot, hypothetical,
        sliding_window_size=window, flank_size=flank,
        max_seqlets_per_metacluster=max_seqlets, min_metacluster_size=min_seqlets,
        target_seqlet_fdr=target_fdr, n_leiden_runs=n_leiden_runs,
        final_min_cluster_size=min(20, min_seqlets),
    )  # fmt: skip
    motifs = []
    for prefix, sign, patterns in (("pos", 1, positive), ("neg", -1, negative)):
        for k, pattern in enumerate(patterns or []):
            motifs.append(_motif(f"{prefix}_{k}", sign, pattern, trim_threshold))
    return motifs


def _motif(name: str, sign: int, pattern: Any, trim_threshold: float) -> Motif:
    """A modisco pattern as a Motif, trimmed to the positions that carry it."""
    contribution = np.asarray(pattern.contrib_scores)
    score = np.abs(contribution).sum(axis=1)
    kept = np.flatnonzero(score >= trim_threshold * score.max())
    lo, hi = int(kept.min()), int(kept.max()) + 1
    seqlets = pd.DataFrame(
        {
            "sequence": [s.example_idx for s in pattern.seqlets],
            # a reverse-complement seqlet reads the pattern from its end
            "start": [s.end - hi if s.is_revcomp else s.start + lo for s in pattern.seqlets],
            "end": [s.end - lo if s.is_revcomp else s.start + hi for s in pattern.seqlets],
            "strand": ["-" if s.is_revcomp else "+" for s in pattern.seqlets],
        }
    )
    probability = np.asarray(pattern.sequence, dtype=np.float64)[lo:hi]
    # a column that only padding or N reached has no base counts (modisco divides 0 by 0)
    empty = ~np.isfinite(probability).all(axis=1) | (probability.sum(axis=1) <= 0)
    probability[empty] = 0.25
    return Motif(
        name=name,
        sign=sign,
        probability=probability,
        contribution=contribution[lo:hi],
        hypothetical=np.asarray(pattern.hypothetical_contribs)[lo:hi],
        seqlets=seqlets,
    )


@validate_params(
    {
        "database": [str, os.PathLike],
        "tax_group": [str, list, None],
        "collection": [str],
    },
    prefer_skip_nested_validation=True,
)
def load_motif_database(
    database: str | os.PathLike = "JASPAR2024",
    *,
    tax_group: str | list | None = "fungi",
    collection: str = "CORE",
) -> pd.DataFrame:
    """Known motifs: a JASPAR release (pyjaspar ships them) or a MEME file.

    Parameters
    ----------
    database : str or path-like, default="JASPAR2024"
        A JASPAR release pyjaspar knows (``"JASPAR2024"``, ``"JASPAR2022"``,
        ...), or the path of a MEME motif file (a user's own matrices).
    tax_group : str, list of str or None, default="fungi"
        JASPAR taxonomic group(s): ``"fungi"`` for yeast, ``"vertebrates"``
        for human; None for all. Ignored for a MEME file.
    collection : str, default="CORE"
        JASPAR collection. Ignored for a MEME file.

    Returns
    -------
    database : DataFrame
        One row per matrix: ``id``, ``name`` and ``probability`` (an ndarray
        of shape (width, 4), ACGT, rows summing to 1).

    Notes
    -----
    Needs the ``motifs`` extra.

    Examples
    --------
    >>> from sklearn_genexpr.inspection import load_motif_database
    >>> yeast = load_motif_database("JASPAR2024", tax_group="fungi")
    >>> len(yeast) > 100, yeast.name.isin(["REB1", "RAP1", "GCN4"]).sum()
    (True, np.int64(3))
    """
    path = os.fspath(database)
    if os.path.exists(path):
        return _read_meme(path)
    require("pyjaspar", extra="motifs", purpose="load_motif_database")
    from pyjaspar import jaspar_releases, jaspardb

    if path not in jaspar_releases:
        raise ValueError(
            f"database={path!r} is neither a file nor a JASPAR release; releases: "
            f"{sorted(jaspar_releases)}."
        )
    groups = [tax_group] if isinstance(tax_group, str) else tax_group
    with warnings.catch_warnings():  # "zero motifs returned": the error below says more
        warnings.simplefilter("ignore")
        matrices = jaspardb(release=path).fetch_motifs(
            collection=collection, tax_group=groups, all_versions=False
        )
    if not matrices:
        raise ValueError(
            f"{path} has no {collection} matrices of tax_group={tax_group!r} (JASPAR's "
            f"groups include 'fungi', 'vertebrates', 'insects', 'plants', 'nematodes')."
        )
    rows = []
    for matrix in matrices:
        counts = np.array([matrix.counts[base] for base in BASES], dtype=np.float64).T
        rows.append((matrix.matrix_id, matrix.name, counts / counts.sum(axis=1, keepdims=True)))
    return pd.DataFrame(rows, columns=["id", "name", "probability"])


def _read_meme(path: str) -> pd.DataFrame:
    require("memelite", extra="motifs", purpose="load_motif_database")
    from memelite.io import read_meme

    try:
        matrices = read_meme(path)
    except (ValueError, AttributeError, IndexError) as error:
        raise ValueError(f"{path} is not a readable MEME motif file: {error}") from error
    if not matrices:
        raise ValueError(
            f"{path} holds no motif (no 'MOTIF' line with a letter-probability matrix)."
        )
    rows = []
    for key, pwm in matrices.items():
        identifier, _, name = key.partition(" ")
        probability = np.asarray(pwm, dtype=np.float64).T
        rows.append((identifier, name or identifier, probability))
    return pd.DataFrame(rows, columns=["id", "name", "probability"])


_MATCHING: dict = {
    "motifs": [list],
    "database": [pd.DataFrame, str, os.PathLike],
    "tax_group": [str, list, None],
    "n_matches": [Interval(Integral, 1, None, closed="left")],
}


@validate_params(_MATCHING, prefer_skip_nested_validation=True)
def match_motifs(
    motifs: list,
    database: Any = "JASPAR2024",
    *,
    tax_group: str | list | None = "fungi",
    n_matches: int = 3,
) -> pd.DataFrame:
    """Each motif's most similar known matrices, with Tomtom p- and q-values.

    Tomtom (memelite's implementation; Gupta et al., 2007) scores every
    alignment of a motif's probability matrix against every database matrix,
    both strands and all overlaps, and turns the best score into a p-value
    against the database's own columns. The q-values are Benjamini-Hochberg
    over all database matrices, per motif.

    Parameters
    ----------
    motifs : list of Motif or of ndarray of shape (width, 4)
        Motifs (probability matrices, ACGT).
    database : DataFrame, str or path-like, default="JASPAR2024"
        As :func:`load_motif_database` returns it, or what it takes.
    tax_group : str, list of str or None, default="fungi"
        The JASPAR taxonomic group(s), when ``database`` names a release.
    n_matches : int, default=3
        Matches kept per motif, best first.

    Returns
    -------
    matches : DataFrame
        ``motif`` (its name, or its position in ``motifs``), ``rank`` (1 =
        best), ``id``, ``name``, ``p_value``, ``q_value``, ``strand``
        (``"-"``: the motif matches the matrix's reverse complement),
        ``offset`` and ``overlap``.

    Notes
    -----
    Needs the ``motifs`` extra. Tomtom's p-values use the database's columns
    as their background: with fewer than about 25 matrices they mean little.

    Examples
    --------
    >>> from sklearn_genexpr.inspection import load_motif_database, match_motifs
    >>> from sklearn_genexpr.preprocessing import reverse_complement
    >>> yeast = load_motif_database("JASPAR2024", tax_group="fungi")
    >>> reb1 = yeast.probability[yeast.name == "REB1"].iloc[0]  # (width, 4), ACGT
    >>> flipped = reverse_complement(reb1[None], layout="channels_last")[0]
    >>> matches = match_motifs([flipped], yeast)  # REB1's reverse complement
    >>> matches.loc[0, ["name", "strand"]].tolist()
    ['REB1', '-']
    """
    reject_bools(_MATCHING, {"n_matches": n_matches}, owner="match_motifs")
    require("memelite", extra="motifs", purpose="match_motifs")
    from memelite.tomtom import tomtom

    if not isinstance(database, pd.DataFrame):
        database = load_motif_database(database, tax_group=tax_group)
    names, queries = [], []
    for i, motif in enumerate(motifs):
        matrix = motif.probability if isinstance(motif, Motif) else np.asarray(motif, float)
        if matrix.ndim != 2 or matrix.shape[1] != 4 or len(matrix) == 0:
            raise ValueError(f"Motif {i} must be a (width, 4) matrix, got shape {matrix.shape}.")
        if not np.isfinite(matrix).all() or (matrix < 0).any():
            raise ValueError(f"Motif {i} has negative or non-finite probabilities.")
        names.append(motif.name if isinstance(motif, Motif) else i)
        queries.append(np.ascontiguousarray(matrix.T))
    columns = ["motif", "rank", "id", "name", "p_value", "q_value", "strand", "offset", "overlap"]
    if not queries:
        return pd.DataFrame(columns=columns)
    targets = [np.ascontiguousarray(np.asarray(p, float).T) for p in database.probability]
    p_values, _, offsets, overlaps, strands = tomtom(queries, targets)
    rows = []
    for i, name in enumerate(names):
        q_values = _benjamini_hochberg(p_values[i])
        for rank, j in enumerate(np.argsort(p_values[i], kind="stable")[:n_matches], start=1):
            rows.append((
                name, rank, database.id.iloc[j], database.name.iloc[j],
                float(p_values[i, j]), float(q_values[j]),
                "-" if strands[i, j] else "+", int(offsets[i, j]), int(overlaps[i, j]),
            ))  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def _benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg q-values of one family of p-values."""
    order = np.argsort(p_values)
    ranked = p_values[order] * len(p_values) / np.arange(1, len(p_values) + 1)
    q_sorted = np.minimum.accumulate(ranked[::-1])[::-1]
    q_values = np.empty_like(q_sorted)
    q_values[order] = np.minimum(q_sorted, 1.0)
    return q_values


_FINDING: dict = {
    "estimator": [object],
    "sequences": ["array-like"],
    "attributions": [StrOptions({"ism", "integrated_gradients"})],
    "database": [pd.DataFrame, str, os.PathLike],
    "tax_group": [str, list, None],
    "output": [Interval(Integral, 0, None, closed="left")],
    "n_matches": [Interval(Integral, 1, None, closed="left")],
    "discovery_params": [dict, None],
}


@validate_params(_FINDING, prefer_skip_nested_validation=True)
def find_motifs(
    estimator: Any,
    sequences: Any,
    *,
    attributions: str = "ism",
    database: Any = "JASPAR2024",
    tax_group: str | list | None = "fungi",
    output: int = 0,
    n_matches: int = 3,
    discovery_params: dict | None = None,
) -> Bunch:
    """The motifs a fitted sequence model uses, by name: attributions -> TF-MoDISco -> Tomtom.

    Parameters
    ----------
    estimator : object
        Any fitted sequence model or pipeline (``attributions="ism"``; a
        k-mer + LightGBM pipeline as well as a network), or a package
        network (``"integrated_gradients"``).
    sequences : array-like of str of shape (n_sequences,), or EncodedSequences
        The sequences to explain (thousands: each motif needs tens of seqlets).
    attributions : {"ism", "integrated_gradients"}, default="ism"
        How :func:`hypothetical_contributions` computes the contributions.
    database : DataFrame, str or path-like, default="JASPAR2024"
        Known matrices (see :func:`load_motif_database`).
    tax_group : str, list of str or None, default="fungi"
        JASPAR taxonomic group(s) when ``database`` names a release.
    output : int, default=0
        Which output of a multi-output model to explain.
    n_matches : int, default=3
        Database matches kept per motif.
    discovery_params : dict, default=None
        Keyword arguments of :func:`discover_motifs` (``window``,
        ``min_seqlets``, ``n_leiden_runs``, ...).

    Returns
    -------
    result : Bunch
        ``table``: a DataFrame, one row per motif (``motif``, ``sign``,
        ``n_seqlets``, ``forward_fraction`` (seqlets on the forward strand),
        ``consensus``, ``best_match``, ``best_match_id``, ``q_value``,
        ``matches``: the names of its ``n_matches`` best); ``motifs``: the
        :class:`Motif` objects; ``matches``: :func:`match_motifs`'s table;
        ``contributions``: :func:`hypothetical_contributions`'s result.

    See Also
    --------
    plot_motifs : Logos of the motifs beside their best matches.

    Notes
    -----
    Needs the ``motifs`` extra (``pip install "sklearn-genexpr[motifs]"``).

    Examples
    --------
    >>> from sklearn_genexpr.inspection import find_motifs
    >>> result = find_motifs(model, sequences)  # doctest: +SKIP
    >>> result.table[["motif", "n_seqlets", "best_match", "q_value"]]  # doctest: +SKIP
    """
    reject_bools(_FINDING, {"output": output, "n_matches": n_matches}, owner="find_motifs")
    require("modiscolite", "memelite", extra="motifs", purpose="find_motifs")
    if not isinstance(database, pd.DataFrame):
        database = load_motif_database(database, tax_group=tax_group)
    contributions = hypothetical_contributions(
        estimator, sequences, method=attributions, output=output
    )
    motifs = discover_motifs(
        contributions.one_hot, contributions.hypothetical, **(discovery_params or {})
    )
    matches = match_motifs(motifs, database, n_matches=n_matches)
    rows = []
    for motif in motifs:
        own = matches[matches.motif == motif.name]
        best = own.iloc[0]
        rows.append({
            "motif": motif.name, "sign": motif.sign, "n_seqlets": motif.n_seqlets,
            "forward_fraction": float((motif.seqlets.strand == "+").mean()),
            "consensus": motif.consensus,
            "best_match": best["name"], "best_match_id": best["id"],
            "q_value": best["q_value"], "matches": ", ".join(own.name),
        })  # fmt: skip
    columns = ["motif", "sign", "n_seqlets", "forward_fraction", "consensus", "best_match",
               "best_match_id", "q_value", "matches"]  # fmt: skip
    return Bunch(
        table=pd.DataFrame(rows, columns=columns),
        motifs=motifs,
        matches=matches,
        contributions=contributions,
        database=database,
    )
