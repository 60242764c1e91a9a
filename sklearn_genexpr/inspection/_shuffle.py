"""Dinucleotide-preserving shuffles: the control sequences of motif analyses."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import validate_params

from .._alphabet import encode_joined
from ..utils._validation import check_sequences

__all__ = ["dinucleotide_shuffle"]


@validate_params(
    {"sequences": ["array-like"], "random_state": ["random_state"]},
    prefer_skip_nested_validation=True,
)
def dinucleotide_shuffle(sequences: Any, *, random_state: Any = None) -> list[str]:
    """Shuffle each sequence keeping its dinucleotide counts exactly.

    The Altschul-Erickson algorithm: a random Eulerian path through the
    sequence's graph of dinucleotide transitions (a random spanning arborescence
    of last exits, then the other exits in random order). Every output has the
    same first and last letter and the same count of every dinucleotide as its
    input, and every such sequence can come out. Case is kept as given.

    Parameters
    ----------
    sequences : array-like of str of shape (n_sequences,)
        DNA sequences.
    random_state : int, RandomState instance or None, default=None
        Seed of the shuffles.

    Returns
    -------
    shuffled : list of str
        One shuffle per sequence.

    Examples
    --------
    >>> from sklearn_genexpr.inspection import dinucleotide_shuffle
    >>> shuffled = dinucleotide_shuffle(["AACGTTACGA"], random_state=0)
    >>> sorted(shuffled[0][i : i + 2] for i in range(9)) == sorted(
    ...     "AACGTTACGA"[i : i + 2] for i in range(9))
    True
    """
    seqs = check_sequences(sequences, estimator_name="dinucleotide_shuffle")
    encode_joined(seqs)  # DNA only: names the first character that is not
    rng = check_random_state(random_state)
    return [_shuffle_one(s, rng) for s in seqs]


def _shuffle_one(seq: str, rng: np.random.RandomState) -> str:
    if len(seq) <= 2:
        return seq
    exits: dict[str, list[str]] = {}
    for a, b in zip(seq[:-1], seq[1:]):
        exits.setdefault(a, []).append(b)
    last = seq[-1]
    # A random spanning arborescence into the last letter (Wilson/Broder walk):
    # from every other vertex, the exit it leaves by for the last time.
    last_exit: dict[str, str] = {}
    in_tree = {last}
    for vertex in exits:
        walk = vertex
        path: dict[str, str] = {}
        while walk not in in_tree:
            choices = exits[walk]
            path[walk] = choices[rng.randint(len(choices))]
            walk = path[walk]
        walk = vertex
        while walk not in in_tree:
            last_exit[walk] = path[walk]
            in_tree.add(walk)
            walk = path[walk]
    # Every vertex's other exits in random order, its last exit at the end
    ordered: dict[str, list[str]] = {}
    for vertex, targets in exits.items():
        targets = list(targets)
        if vertex in last_exit:
            targets.remove(last_exit[vertex])
        rng.shuffle(targets)
        if vertex in last_exit:
            targets.append(last_exit[vertex])
        ordered[vertex] = targets[::-1]  # popped from the end
    out = [seq[0]]
    for _ in range(len(seq) - 1):
        out.append(ordered[out[-1]].pop())
    return "".join(out)
