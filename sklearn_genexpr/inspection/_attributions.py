"""Integrated-gradients attributions of the sequence networks (captum, an optional extra)."""

from __future__ import annotations

from numbers import Integral
from typing import Any

import numpy as np
from sklearn.utils import Bunch
from sklearn.utils._param_validation import Interval, validate_params
from sklearn.utils.validation import check_is_fitted

from ..utils._optional import require

__all__ = ["integrated_gradients"]


@validate_params(
    {
        "estimator": [object],
        "sequences": ["array-like"],
        "output": [Interval(Integral, 0, None, closed="left")],
        "n_steps": [Interval(Integral, 2, None, closed="left")],
        "multiply_by_inputs": ["boolean"],
    },
    prefer_skip_nested_validation=True,
)
def integrated_gradients(
    estimator: Any,
    sequences: Any,
    *,
    output: int = 0,
    n_steps: int = 50,
    multiply_by_inputs: bool = True,
) -> Bunch:
    """How much each base of each sequence adds to a network's prediction.

    Integrated gradients (Sundararajan et al. 2017, through captum): the
    gradient of the prediction integrated along the straight path from a
    baseline without bases (all-zero one-hot: "no base", like padding) to the
    sequence, times the input. The attributions of a sequence add up to its
    prediction minus the baseline's (``delta`` is how far they miss). Forward
    strand only; the network's own prediction in expression units (target
    scaling undone) is what is attributed. :func:`saturation_mutagenesis` is
    the model-agnostic reference to check them against.

    Parameters
    ----------
    estimator : PromoterResNetRegressor or LegNetRegressor
        A fitted sequence network.
    sequences : array-like of str of shape (n_sequences,)
        DNA sequences (encoded as the network's ``predict`` encodes them).
    output : int, default=0
        Which output of a multi-output network to attribute.
    n_steps : int, default=50
        Points of the path integral (captum's Gauss-Legendre rule).
    multiply_by_inputs : bool, default=True
        False: the path-averaged gradient of every channel, the base present
        or not (what :func:`hypothetical_contributions` centres); ``delta``
        is then not a completeness error and is NaN.

    Returns
    -------
    result : Bunch
        ``attributions``: ndarray of shape (n_sequences, L, 4), channels in
        ``"ACGT"`` order, non-zero only at each position's own base(s)
        (with ``multiply_by_inputs=True``);
        ``prediction`` and ``baseline_prediction``: ndarray of shape
        (n_sequences,); ``delta``: the completeness error per sequence.

    See Also
    --------
    saturation_mutagenesis : The effect of every substitution, for any model.

    Notes
    -----
    Needs captum (``pip install "sklearn-genexpr[attributions]"``).

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.inspection import integrated_gradients
    >>> from sklearn_genexpr.neural_network import PromoterResNetRegressor
    >>> seqs = ["ACGTACGTAC", "TTTTGGGGCC", "ACACACACAC", "GATTACAGAT"] * 5
    >>> model = PromoterResNetRegressor(channels=8, n_blocks=1, max_iter=2,
    ...                                 random_state=0, device="cpu")
    >>> model = model.fit(seqs, np.arange(20.0) % 4)
    >>> result = integrated_gradients(model, seqs[:2], n_steps=20)
    >>> result.attributions.shape
    (2, 10, 4)
    >>> bool(np.allclose(result.attributions.sum(axis=(1, 2)),
    ...                  result.prediction - result.baseline_prediction, atol=1e-2))
    True
    """
    from ..neural_network._sequence import BaseSequenceRegressor

    if not isinstance(estimator, BaseSequenceRegressor):
        raise TypeError(
            f"integrated_gradients takes a fitted sequence network (PromoterResNetRegressor, "
            f"LegNetRegressor), got {type(estimator).__name__}; saturation_mutagenesis "
            f"works with any model."
        )
    check_is_fitted(estimator)
    if output >= estimator.n_outputs_:
        raise ValueError(f"output={output}, but the network has {estimator.n_outputs_} output(s).")
    require("torch", "skorch", extra="neural", purpose="integrated_gradients")
    require("captum", extra="attributions", purpose="integrated_gradients")
    import torch
    from captum.attr import IntegratedGradients

    # the network's public input and forward: every output group, in expression units
    inputs = torch.from_numpy(estimator.network_input(sequences))
    baseline = inputs.clone()
    baseline[:, :4] = 0  # no base anywhere; a strand channel keeps its value

    def predicted(x: Any) -> Any:
        return estimator.forward(x)[:, output]

    with torch.no_grad():
        prediction = predicted(inputs).numpy()
        baseline_prediction = predicted(baseline).numpy()
    explainer = IntegratedGradients(predicted, multiply_by_inputs=multiply_by_inputs)
    if multiply_by_inputs:
        attributions, delta = explainer.attribute(
            inputs, baselines=baseline, n_steps=n_steps, return_convergence_delta=True
        )
        delta = delta.detach().numpy()
    else:
        attributions = explainer.attribute(inputs, baselines=baseline, n_steps=n_steps)
        delta = np.full(len(inputs), np.nan)
    per_base = attributions[:, :4].detach().numpy().transpose(0, 2, 1)  # (n, L, 4)
    order = [estimator.input_spec_.alphabet.index(base) for base in "ACGT"]
    return Bunch(
        attributions=per_base[:, :, order],
        prediction=prediction,
        baseline_prediction=baseline_prediction,
        delta=delta,
    )
