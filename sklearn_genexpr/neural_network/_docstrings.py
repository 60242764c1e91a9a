"""Parameter documentation shared by the neural estimators, written once.

An estimator's docstring holds ``%(training_parameters)s`` (and the MLPs
``%(mlp_parameters)s``); :func:`fill_parameter_docs` fills in the blocks with
the defaults read from that estimator's own ``__init__`` signature, so the
docs can never disagree with the code.
"""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["fill_parameter_docs"]


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


def fill_parameter_docs(cls: type) -> type:
    """Class decorator: fill the shared parameter blocks with the class's defaults.

    Parameters
    ----------
    cls : type
        An estimator whose ``__init__`` lists the shared parameters.

    Returns
    -------
    cls : type
        The same class, its docstring filled in.
    """
    signature = inspect.signature(cls)  # the parameters of __init__
    defaults = {
        name: repr(parameter.default)
        for name, parameter in signature.parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    blocks = {
        "training_parameters": _TRAINING_PARAMETERS,
        "mlp_parameters": _MLP_PARAMETERS,
    }
    filled = {
        key: textwrap.indent(template.format(**defaults), "    ").lstrip()  # first line placed
        for key, template in blocks.items()
        if f"%({key})s" in (cls.__doc__ or "")
    }
    cls.__doc__ = (cls.__doc__ or "") % filled
    return cls
