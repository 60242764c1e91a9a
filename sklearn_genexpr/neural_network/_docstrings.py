"""Parameter documentation shared by the neural estimators, written once.

The pattern of imbalanced-learn's ``Substitution``: an estimator's docstring
holds ``%(training_parameters)s`` and the decorator fills in the block, with
that estimator's defaults.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

__all__ = ["Substitution", "mlp_parameters", "training_parameters"]


class Substitution:
    """Decorator filling ``%(name)s`` placeholders of a docstring."""

    def __init__(self, **params: str) -> None:
        self.params = params

    def __call__(self, obj: Callable[..., Any]) -> Callable[..., Any]:
        if obj.__doc__:
            obj.__doc__ = obj.__doc__ % self.params
        return obj


_TRAINING_PARAMETERS = """\
learning_rate_init : float, default={learning_rate_init}
    Initial learning rate of the optimizer (as in
    :class:`~sklearn.neural_network.MLPRegressor`).
alpha : float, default={alpha}
    Strength of the L2 penalty, applied as the optimizer's ``weight_decay``
    (every parameter decays by ``learning_rate * alpha`` per step). Its scale
    is torch's, not ``MLPRegressor``'s.
batch_size : int, default={batch_size}
    Rows per training batch.
max_iter : int, default={max_iter}
    Maximum number of epochs (passes over the training rows).
early_stopping : bool, default={early_stopping}
    Hold out ``validation_fraction`` of the training rows, stop when their
    loss has not improved by at least ``tol`` for ``n_iter_no_change``
    epochs, and keep the weights of the best validation epoch (as
    :class:`~sklearn.neural_network.MLPRegressor` does). If False, all rows
    train and the training loss decides when to stop.
validation_fraction : float, default={validation_fraction}
    Share of the training rows held out when ``early_stopping=True``.
n_iter_no_change : int, default={n_iter_no_change}
    Epochs without an improvement of at least ``tol`` (of the validation loss
    with ``early_stopping``, else of the training loss) before training stops.
tol : float, default={tol}
    Minimum improvement of the monitored loss.
random_state : int, RandomState instance or None, default=None
    Seeds weight initialisation, dropout, batch order and the validation
    split: fits on the CPU are reproducible.
verbose : int, default=0
    1 prints one line per epoch.
device : str, default="auto"
    ``"auto"`` (CUDA if available, else CPU), ``"cpu"``, ``"cuda"``,
    ``"cuda:N"`` or ``"mps"``. A model trained on a GPU predicts on a CPU-only
    machine after unpickling."""


_MLP_PARAMETERS = """\
linear_skip : bool or "auto", default={linear_skip}
    Make the network a linear model plus a learned correction: a linear path
    from input to output holds the ridge solution of the rows given to
    :meth:`fit` (``RidgeCV``, penalty by leave-one-out, then kept fixed), and
    the hidden layers learn what it misses, starting from zero. On small data
    the network then starts where ridge regression ends. ``"auto"`` takes the
    linear path when there are fewer than 20 training rows per feature (where
    it was measured to pay); ``linear_skip_`` says what was chosen. The ridge
    fit reads the training rows into memory, also from a memory map.
standardize_target : bool, default=True
    Standardise each target with the training rows' mean and standard
    deviation inside :meth:`fit` and restore the scale in :meth:`predict` (as
    :class:`~sklearn.compose.TransformedTargetRegressor` with a
    :class:`~sklearn.preprocessing.StandardScaler` would)."""


def mlp_parameters(**defaults: Any) -> str:
    """The MLP base's parameters' docs with one estimator's defaults.

    Parameters
    ----------
    **defaults : dict
        The default of each parameter, as shown in the docs.

    Returns
    -------
    block : str
        The numpydoc block, indented for a class docstring.
    """
    return _fill(_MLP_PARAMETERS, defaults)


def _fill(template: str, defaults: dict) -> str:
    """A parameter block with the defaults in, indented for a class docstring.

    Its first line is placed by the placeholder, so it gets no indent.
    """
    text = template.format(**{k: repr(v) for k, v in defaults.items()})
    return textwrap.indent(text, "    ").lstrip()


def training_parameters(**defaults: Any) -> str:
    """The shared training parameters' docs with one estimator's defaults.

    Parameters
    ----------
    **defaults : dict
        The default of each parameter, as shown in the docs.

    Returns
    -------
    block : str
        The numpydoc block, indented for a class docstring (its first line is
        placed by the placeholder).
    """
    return _fill(_TRAINING_PARAMETERS, defaults)
