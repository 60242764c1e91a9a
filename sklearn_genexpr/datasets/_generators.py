"""Generators of data with known ground truth for the four kinds of study."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
from sklearn.utils import Bunch, check_random_state
from sklearn.utils._param_validation import Interval, validate_params

from .._alphabet import reverse_complement_strings

__all__ = [
    "make_promoter_expression",
    "make_landmark_expression",
    "make_openness_expression",
]


def _revcomp(seq: str) -> str:
    return reverse_complement_strings([seq])[0]


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "length": [Interval(Integral, 50, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "return_ground_truth": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def make_promoter_expression(
    n_samples: int = 1000,
    length: int = 80,
    *,
    noise: float = 0.5,
    random_state: Any = None,
    return_ground_truth: bool = False,
) -> Any:
    """Random promoters whose expression depends on motif arrangement, on 0..18.

    Ground truth (strand-symmetric, like real promoters: a sequence and its
    reverse complement have the same expression):

    - ``GATAAG`` followed 4 bp later by ``CCAAT`` on the same strand (the
      composite, read on either strand) adds 4.0; the same two motifs further
      apart, or with ``CCAAT`` reversed, add nothing (planted in equal shares).
    - ``TATAAA`` (TATA box) adds 3.0 when within 20 bp of either end.
    - ``CACGTG`` adds 2.0 anywhere.
    - Planted elements never overlap; motifs that occur by chance in the random
      background have no effect (the truth is what was planted).
    - base level 8; heavy-tailed noise (Student t, 3 degrees of freedom, scale
      ``noise``); then clipped to [0, 18] and rounded to the nearest integer
      with probability 0.7, as measured expression bins concentrate on integers.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of promoters.
    length : int, default=80
        At least 50 (room for all planted elements side by side).
    noise : float, default=0.5
        Standard deviation of the Gaussian noise added to expression.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator; an int gives the same data every call.
    return_ground_truth : bool, default=False
        Also return a DataFrame of the planted elements and their effects.

    Returns
    -------
    X : ndarray of str of shape (n_samples,)
        The promoter sequences.
    y : ndarray of shape (n_samples,)
        Their expression.
    ground_truth : DataFrame, only if ``return_ground_truth``
        Columns ``composite`` (0 absent / 1 active / 2 spaced / 3 reversed),
        ``tata_near_end``, ``cacgtg``, ``expected`` (noise-free expression).

    Examples
    --------
    >>> from sklearn_genexpr.datasets import make_promoter_expression
    >>> X, y = make_promoter_expression(5, random_state=0)
    >>> len(X[0]), y.shape
    (80, (5,))
    """
    rng = check_random_state(random_state)
    letters = rng.choice(np.array(list("ACGT")), size=(n_samples, length))
    seqs = ["".join(row) for row in letters]
    truth = np.zeros((n_samples, 4))

    def place(seq: str, element: str, taken: list[tuple[int, int]]) -> tuple[str, int]:
        """Write ``element`` where it overlaps no element planted before."""
        free = [
            start
            for start in range(length - len(element) + 1)
            if all(start + len(element) <= a or start >= b for a, b in taken)
        ]
        start = int(free[rng.randint(len(free))])  # length >= 50 always leaves room
        taken.append((start, start + len(element)))
        return seq[:start] + element + seq[start + len(element) :], start

    for i in range(n_samples):
        s = seqs[i]
        taken: list[tuple[int, int]] = []
        if rng.rand() < 0.5:  # the composite, or a decoy with the same motifs
            arrangement = rng.randint(1, 4)
            spacer = "".join(rng.choice(list("ACGT"), 14 if arrangement == 2 else 4))
            composite = "GATAAG" + spacer + ("ATTGG" if arrangement == 3 else "CCAAT")
            if rng.rand() < 0.5:
                composite = _revcomp(composite)
            s, _ = place(s, composite, taken)
            truth[i, 0] = arrangement
        if rng.rand() < 0.4:
            site = "TATAAA" if rng.rand() < 0.5 else _revcomp("TATAAA")
            s, start = place(s, site, taken)
            truth[i, 1] = start < 20 or start + 6 > length - 20
        if rng.rand() < 0.3:
            s, _ = place(s, "CACGTG", taken)
            truth[i, 2] = 1
        seqs[i] = s
    expected = 8.0 + 4.0 * (truth[:, 0] == 1) + 3.0 * truth[:, 1] + 2.0 * truth[:, 2]
    y = np.clip(expected + noise * rng.standard_t(3, n_samples), 0, 18)
    on_integer = rng.rand(n_samples) < 0.7
    y[on_integer] = np.round(y[on_integer])
    X = np.asarray(seqs, dtype=object)
    if not return_ground_truth:
        return X, y
    ground_truth = pd.DataFrame(
        {
            "composite": truth[:, 0].astype(int),
            "tata_near_end": truth[:, 1].astype(bool),
            "cacgtg": truth[:, 2].astype(bool),
            "expected": expected,
        }
    )
    return X, y, ground_truth


@validate_params(
    {
        "n_samples": [Interval(Integral, 1, None, closed="left")],
        "n_landmarks": [Interval(Integral, 1, None, closed="left")],
        "n_targets": [Interval(Integral, 1, None, closed="left")],
        "rank": [Interval(Integral, 1, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "second_platform_fraction": [Interval(Real, 0, 1, closed="both")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_landmark_expression(
    n_samples: int = 1000,
    n_landmarks: int = 100,
    n_targets: int = 200,
    *,
    rank: int = 5,
    noise: float = 0.2,
    second_platform_fraction: float = 0.0,
    random_state: Any = None,
) -> Bunch:
    """Landmark and target genes driven by a shared low-rank state (D-GEX setting).

    Ground truth: a latent state ``Z ~ N(0, I_rank)`` per profile; landmarks
    ``tanh(Z A / sqrt(rank))`` and targets ``tanh(3 Z B / sqrt(rank))`` plus
    Gaussian noise (``noise``), so targets are a non-linear, saturating function
    of what the landmarks measure; linear regression misses part of it. Values
    are on a log2-like scale (mean 8, sd ~1). A share of the profiles can come
    from a second platform that reports ``2 ** value`` (a linear scale), the
    setting of joint quantile normalisation.

    Parameters
    ----------
    n_samples : int, default=1000
        Number of profiles (rows).
    n_landmarks : int, default=100
        Number of landmark genes (columns of ``data``).
    n_targets : int, default=200
        Number of target genes (columns of ``target``).
    rank : int, default=5
        Number of latent factors behind all genes.
    noise : float, default=0.2
        Standard deviation of the per-gene Gaussian noise.
    second_platform_fraction : float, default=0.0
        Share of the profiles (rows) reported on the linear scale.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator; an int gives the same data every call.

    Returns
    -------
    data : Bunch
        ``data`` (n_samples, n_landmarks), ``target`` (n_samples, n_targets),
        ``platform`` (0 log scale / 1 linear scale), ``latent`` (Z),
        ``landmark_loadings`` (A), ``target_loadings`` (B).

    Examples
    --------
    >>> from sklearn_genexpr.datasets import make_landmark_expression
    >>> d = make_landmark_expression(50, 10, 20, second_platform_fraction=0.5, random_state=0)
    >>> d.data.shape, d.target.shape, int(d.platform.sum())
    ((50, 10), (50, 20), 25)
    """
    rng = check_random_state(random_state)
    Z = rng.normal(size=(n_samples, rank))
    A = rng.normal(size=(rank, n_landmarks))
    B = rng.normal(size=(rank, n_targets))
    X = 8 + np.tanh(Z @ A / np.sqrt(rank)) + noise * rng.normal(size=(n_samples, n_landmarks))
    Y = 8 + np.tanh(3 * Z @ B / np.sqrt(rank)) + noise * rng.normal(size=(n_samples, n_targets))
    platform = np.zeros(n_samples, dtype=int)
    platform[: int(round(second_platform_fraction * n_samples))] = 1
    rng.shuffle(platform)
    X[platform == 1] = 2 ** X[platform == 1]
    Y[platform == 1] = 2 ** Y[platform == 1]
    return Bunch(
        data=X, target=Y, platform=platform, latent=Z, landmark_loadings=A, target_loadings=B
    )


@validate_params(
    {
        "n_genes": [Interval(Integral, 1, None, closed="left")],
        "n_cell_types": [Interval(Integral, 1, None, closed="left")],
        "peaks_per_gene": [Interval(Integral, 0, None, closed="left")],
        "noise": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
    },
    prefer_skip_nested_validation=True,
)
def make_openness_expression(
    n_genes: int = 200,
    n_cell_types: int = 5,
    *,
    peaks_per_gene: int = 6,
    noise: float = 0.1,
    random_state: Any = None,
) -> Bunch:
    """Peaks, genes (TSS, strand) and expression driven by promoter openness.

    Ground truth: genes lie 50 kb apart on ``chr1`` with random strands. Each
    gene has ``peaks_per_gene`` peaks: half within the promoter, at distance
    ``d`` in [-1500, 500) bp of the TSS in the direction of transcription, half
    distal (3-9 kb away). Each peak has a signal per cell type (gamma
    distributed). The expression of a gene in a cell type is
    ``log1p(sum of its promoter peaks' signal in that cell type) + noise``;
    distal peaks have no effect.

    Parameters
    ----------
    n_genes : int, default=200
        Number of genes.
    n_cell_types : int, default=5
        Number of cell types (signal columns of the peaks).
    peaks_per_gene : int, default=6
        Peaks drawn around each gene's TSS.
    noise : float, default=0.1
        Standard deviation of the Gaussian noise added to expression.
    random_state : int, RandomState instance or None, default=None
        Seed of the generator; an int gives the same data every call.

    Returns
    -------
    data : Bunch
        ``peaks`` (chrom, start, end, ``cell0`` ... signal columns, ``promoter``
        flag), ``genes`` (one row per gene and cell type: chrom, tss, strand,
        gene, sample), ``target`` (expression per row), ``signal_columns``.

    Examples
    --------
    >>> from sklearn_genexpr.datasets import make_openness_expression
    >>> d = make_openness_expression(10, 3, random_state=0)
    >>> d.genes.shape[0], d.target.shape
    (30, (30,))
    """
    rng = check_random_state(random_state)
    cells = [f"cell{c}" for c in range(n_cell_types)]
    tss = 100_000 + 50_000 * np.arange(n_genes)
    strand = rng.choice(["+", "-"], n_genes)
    rows = []
    promoter_signal = np.zeros((n_genes, n_cell_types))
    for g in range(n_genes):
        for p in range(peaks_per_gene):
            promoter = p < peaks_per_gene // 2
            if promoter:
                d = rng.randint(-1500, 500)
            else:
                d = rng.choice([-1, 1]) * rng.randint(3000, 9000)
            mid = tss[g] + d if strand[g] == "+" else tss[g] - d
            signal = rng.gamma(2.0, 5.0, n_cell_types) * (rng.rand(n_cell_types) < 0.7)
            if promoter:
                promoter_signal[g] += signal
            rows.append(("chr1", mid - 100, mid + 100, promoter, *signal))
    peaks = pd.DataFrame(rows, columns=["chrom", "start", "end", "promoter", *cells])
    genes = pd.DataFrame(
        {
            "chrom": "chr1",
            "tss": np.repeat(tss, n_cell_types),
            "strand": np.repeat(strand, n_cell_types),
            "gene": np.repeat([f"gene{g}" for g in range(n_genes)], n_cell_types),
            "sample": np.tile(cells, n_genes),
        }
    )
    target = np.log1p(promoter_signal.ravel()) + noise * rng.normal(size=n_genes * n_cell_types)
    return Bunch(peaks=peaks, genes=genes, target=target, signal_columns=cells)
