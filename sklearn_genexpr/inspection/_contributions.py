"""Hypothetical contributions: what each base would add at each position, for motif discovery."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, StrOptions, validate_params

from .._alphabet import BASES, codes_to_matrix, encode_sequences
from ..utils._validation import reject_bools
from ._mutagenesis import saturation_mutagenesis

__all__ = ["hypothetical_contributions"]


_CONSTRAINTS: dict = {
    "estimator": [object],
    "sequences": ["array-like"],
    "method": [StrOptions({"ism", "integrated_gradients"})],
    "output": [Interval(Integral, 0, None, closed="left")],
    "batch_size": [Interval(Integral, 1, None, closed="left")],
}


@validate_params(_CONSTRAINTS, prefer_skip_nested_validation=True)
def hypothetical_contributions(
    estimator: Any,
    sequences: Any,
    *,
    method: str = "ism",
    output: int = 0,
    batch_size: int = 4096,
) -> Bunch:
    """What each of the four bases would contribute at each position of each sequence.

    TF-MoDISco clusters seqlets by their *hypothetical* contributions: for
    every position, a score for each base, whether or not it is the base
    there (the actual contribution is the hypothetical one of the base
    present). Two routes:

    - ``"ism"`` (any model): the effect of setting the position to each base
      (:func:`saturation_mutagenesis`), minus the mean over the four bases, so
      that the scores of a position sum to 0 and the base present scores how
      much better it does than the average base;
    - ``"integrated_gradients"`` (the package's sequence networks; captum):
      the gradient averaged along the path from an all-zero input (integrated
      gradients without the final multiplication by the input), minus its
      mean over the four bases (the "gradient correction" of Majdandzic et
      al., 2023, which removes the off-simplex part of the gradient).

    Parameters
    ----------
    estimator : object
        A fitted sequence model or pipeline (``"ism"``), or a fitted
        :class:`~sklearn_genexpr.neural_network.PromoterResNetRegressor` /
        :class:`~sklearn_genexpr.neural_network.LegNetRegressor`.
    sequences : array-like of str of shape (n_sequences,), or EncodedSequences
        DNA sequences; shorter ones are padded with zeros to the longest.
    method : {"ism", "integrated_gradients"}, default="ism"
        How the contributions are computed.
    output : int, default=0
        Which output of a multi-output model to explain.
    batch_size : int, default=4096
        Variants per batch (``"ism"``).

    Returns
    -------
    result : Bunch
        ``one_hot``, ``hypothetical`` and ``contributions``: ndarrays of shape
        (n_sequences, L, 4), float32, channels in ``"ACGT"`` order (an
        ambiguous base and the padding are all-zero in ``one_hot``);
        ``contributions = one_hot * hypothetical``.

    See Also
    --------
    find_motifs : Motifs from these contributions, matched to a database.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn_genexpr.inspection import hypothetical_contributions
    >>> from sklearn_genexpr.preprocessing import KmerVectorizer
    >>> seqs = ["ACGTAC", "GATACA", "TTGACA", "CCATGG"]
    >>> model = make_pipeline(KmerVectorizer(k=1), LinearRegression())
    >>> model = model.fit(seqs, [s.count("A") for s in seqs])
    >>> result = hypothetical_contributions(model, ["ACGT"])
    >>> np.round(result.hypothetical[0, 0], 2)  # an A scores 1 more than the rest
    array([ 0.75, -0.25, -0.25, -0.25], dtype=float32)
    >>> float(result.contributions[0, 0].sum().round(2))  # the A that is there
    0.75
    """
    reject_bools(_CONSTRAINTS, {"output": output, "batch_size": batch_size},
                 owner="hypothetical_contributions")  # fmt: skip
    codes, lengths = encode_sequences(sequences, estimator_name="hypothetical_contributions")
    matrix = codes_to_matrix(codes, lengths, int(lengths.max()))
    one_hot = (matrix[:, :, None] == np.arange(4, dtype=np.uint8)).astype(np.float32)
    if method == "ism":
        effects = saturation_mutagenesis(estimator, sequences, batch_size=batch_size).effects
        if effects.ndim == 4:
            effects = effects[..., _check_output(output, effects.shape[3])]
        elif output != 0:
            raise ValueError(f"output={output}, but the model has 1 output.")
        scores = np.nan_to_num(effects, nan=0.0)
    else:
        scores = _path_gradients(estimator, sequences, output, lengths)
    hypothetical = (scores - scores.mean(axis=2, keepdims=True)).astype(np.float32)
    hypothetical[np.arange(matrix.shape[1])[None, :] >= lengths[:, None]] = 0.0
    return Bunch(
        one_hot=one_hot,
        hypothetical=hypothetical,
        contributions=one_hot * hypothetical,
        alphabet=BASES,
    )


def _check_output(output: int, n_outputs: int) -> int:
    if output >= n_outputs:
        raise ValueError(f"output={output}, but the model has {n_outputs} outputs.")
    return output


def _path_gradients(estimator: Any, sequences: Any, output: int, lengths: np.ndarray) -> Any:
    """Gradients averaged over the integration path (n, L, 4), ACGT order, by sequence position."""
    from .._alphabet import placement
    from ._attributions import integrated_gradients

    averaged = integrated_gradients(estimator, sequences, output=output, multiply_by_inputs=False)
    by_column = averaged.attributions  # (n, network columns, 4)
    encoder = estimator.encoder_
    src, dst, kept = placement(lengths, by_column.shape[1], padding=encoder.padding,
                               truncation=encoder.truncation)  # fmt: skip
    scores = np.zeros((len(lengths), int(lengths.max()), 4), dtype=np.float32)
    for i in range(len(lengths)):  # trimmed-away positions have no gradient: 0
        scores[i, src[i] : src[i] + kept[i]] = by_column[i, dst[i] : dst[i] + kept[i]]
    return scores
