"""Parameter documentation shared by the neural estimators, written once.

An estimator's docstring holds ``%(training_parameters)s`` (the tabular MLPs
also ``%(tabular_parameters)s`` and ``%(tabular_attributes)s``) and
``%(net_attributes)s``;
:func:`fill_parameter_docs` fills in the blocks with the defaults read from
that estimator's own ``__init__`` signature, so the docs can never disagree
with the code.
"""

from __future__ import annotations

import inspect
import textwrap

__all__ = ["fill_parameter_docs"]


_TRAINING_PARAMETERS = """\
solver : {{"adam", "sgd", "adamw"}}, default={solver}
    The optimizer: Adam, SGD with ``momentum`` (as in
    :class:`~sklearn.neural_network.MLPRegressor`), or AdamW, Adam with
    decoupled weight decay (``weight_decay``).
alpha : float, default={alpha}
    Strength of the L2 penalty on the weights (weight matrices and
    convolution kernels; never biases, batch-norm or PReLU parameters), as
    ``MLPRegressor`` scales it: ``0.5 * alpha * sum(W ** 2) / batch_rows``
    is added to each training batch's loss.
weight_decay : float, default={weight_decay}
    AdamW's decoupled weight decay (every parameter shrinks by
    ``learning_rate * weight_decay`` per step); only with ``solver="adamw"``.
batch_size : int, default={batch_size}
    Rows per training batch.
learning_rate : {{"constant", "invscaling", "plateau", "decay_on_rise", "onecycle"}}, \
default={learning_rate}
    The schedule. ``"constant"`` and ``"invscaling"`` as in ``MLPRegressor``
    (``learning_rate_init / t ** power_t`` after ``t`` training rows);
    ``"plateau"`` multiplies the rate by ``lr_decay`` after 2 epochs without
    improvement of the validation loss (training loss without a validation
    split), down to ``min_lr``; ``"decay_on_rise"`` multiplies it by
    ``lr_decay`` whenever an epoch's training loss rises, down to ``min_lr``
    (D-GEX's); ``"onecycle"`` is torch's one-cycle schedule per batch over
    ``max_iter`` epochs, peaking at ``learning_rate_init`` (LegNet's).
learning_rate_init : float, default={learning_rate_init}
    Initial (for ``"onecycle"``: peak) learning rate.
power_t : float, default={power_t}
    Exponent of ``learning_rate="invscaling"``.
lr_decay : float, default={lr_decay}
    Factor of ``"plateau"`` and ``"decay_on_rise"``.
min_lr : float, default={min_lr}
    Floor of ``"plateau"`` and ``"decay_on_rise"``.
max_iter : int, default={max_iter}
    Maximum number of epochs (passes over the training rows) per call to
    :meth:`fit`.
shuffle : bool, default={shuffle}
    Shuffle the training rows every epoch.
momentum : float, default={momentum}
    SGD momentum (``solver="sgd"``).
nesterovs_momentum : bool, default={nesterovs_momentum}
    Nesterov's momentum (``solver="sgd"`` with ``momentum > 0``).
beta_1, beta_2 : float, default={beta_1}, {beta_2}
    Adam's moment decay rates (``solver="adam"`` or ``"adamw"``).
epsilon : float, default={epsilon}
    Adam's numerical stability term.
early_stopping : bool, default={early_stopping}
    Hold out ``validation_fraction`` of the training rows, stop when their
    loss has not improved by at least ``tol`` for ``n_iter_no_change``
    epochs, and keep the weights of the best validation epoch (a recipe that
    averages weights keeps its average instead). If False,
    all rows train and the training loss decides when to stop.
    :meth:`partial_fit` never holds rows out nor stops (as ``MLPRegressor``).
validation_fraction : float, default={validation_fraction}
    Share of the training rows held out when ``early_stopping=True``.
n_iter_no_change : int, default={n_iter_no_change}
    Epochs without an improvement of at least ``tol`` (of the validation loss
    with ``early_stopping``, else of the training loss) before training stops.
tol : float, default={tol}
    Minimum improvement of the monitored loss.
warm_start : bool, default={warm_start}
    As in ``MLPRegressor``: :meth:`fit` continues the fitted net (weights,
    optimizer state, schedule position, history) for ``max_iter`` more
    epochs instead of starting anew. The input and targets must keep their
    shape; ``max_iter``, ``batch_size`` and ``verbose`` may change between
    calls, other parameters take effect at the next fit from scratch.
callbacks : list of skorch callbacks or None, default=None
    The user's skorch callbacks (``Checkpoint``, ``ProgressBar``,
    ``LRScheduler``, loggers; instances or ``(name, callback)`` pairs), run
    after the estimator's own. Copied for each net: the list passed stays as
    it was.
random_state : int, RandomState instance or None, default=None
    Seeds weight initialisation, dropout, batch order and the validation
    split: fits on the CPU are reproducible.
verbose : int, default=0
    1 prints skorch's table, one line per epoch.
device : str or None, default="auto"
    ``"auto"`` (CUDA if available, else CPU), ``"cpu"``, ``"cuda"``,
    ``"cuda:N"`` or ``"mps"``. A model trained on a GPU predicts on a CPU-only
    machine after unpickling. Ignored with ``accelerator``.
accelerator : accelerate.Accelerator or None, default=None
    Train through skorch's ``AccelerateMixin``: mixed precision
    (``Accelerator(mixed_precision="bf16")``) and several GPUs or processes
    under ``accelerate launch`` (the ``accelerate`` extra). The accelerator
    places the module and batches."""


_TABULAR_PARAMETERS = """\
hidden_layer_sizes : tuple of int, default={hidden_layer_sizes}
    Widths of the hidden layers.
activation : {{"relu", "tanh", "logistic"}}, default={activation}
    Activation of the hidden layers.
dropout : float, default={dropout}
    Dropout after every hidden layer's activation (never on the input).
alpha_l1 : float, default={alpha_l1}
    Weight of an L1 penalty ``alpha_l1 * sum(|W|)`` over the weight
    matrices (not biases), added to the batch loss.
max_grad_norm : float or None, default={max_grad_norm}
    If set, gradients are rescaled to at most this L2 norm per step.
target_chunks : int, default={target_chunks}
    Split the targets into this many random groups, each trained as a
    separate net (``nets_``); 1 trains one joint network.
linear_skip : bool or "auto", default={linear_skip}
    Make the network a linear model plus a learned correction: a linear path
    from input to output holds the ridge solution of the training rows
    (``RidgeCV``, penalty by leave-one-out, then kept fixed; the validation
    rows never reach it), and the hidden layers learn what it misses,
    starting from zero. ``"auto"`` takes the linear path when there are
    fewer than 20 training rows per feature (where it was measured to pay);
    ``linear_skip_`` says what was chosen. The ridge fit reads the training
    rows into memory, also from a memory map.
standardize_target : bool, default={standardize_target}
    Standardise each target with the training rows' mean and standard
    deviation inside :meth:`fit` and restore the scale in :meth:`predict` (as
    :class:`~sklearn.compose.TransformedTargetRegressor` with a
    :class:`~sklearn.preprocessing.StandardScaler` would)."""


_NET_ATTRIBUTES = """\
net_ : skorch.NeuralNet
    The trained skorch net (the first one when targets are split): its
    ``module_`` is the torch network, ``history`` skorch's history,
    ``save_params`` / ``load_params`` export and import the weights.
nets_ : list of skorch.NeuralNet
    One net per output group.
module_ : torch.nn.Module
    ``net_.module_``.
output_groups_ : list of ndarray
    The target columns of each net.
history_ : skorch.History
    ``net_.history``: per epoch ``epoch``, ``train_loss``, ``valid_loss``
    and ``valid_loss_best`` (with ``early_stopping``), ``lr``, ``dur``
    (seconds), ``batches``.
histories_ : list of skorch.History
    The history of every net.
input_spec_ : InputSpec
    What the network takes (features, or channels and length).
head_ : Head
    What the network's outputs mean (values, or distributions over bins).
n_iter_ : int
    Epochs trained, counted over warm starts and :meth:`partial_fit` calls.
n_outputs_ : int
    Number of targets.
device_ : str
    The device the model was trained on."""


_TABULAR_ATTRIBUTES = """\
linear_skip_ : bool
    Whether the network has the ridge path (see ``linear_skip``).
n_features_in_ : int
    Number of features (columns of X) seen in :meth:`fit`.
feature_names_in_ : ndarray of shape ``(n_features_in_,)``
    Column names of X, when X was a DataFrame with string column names."""


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
        "tabular_parameters": _TABULAR_PARAMETERS,
        "net_attributes": _NET_ATTRIBUTES,
        "tabular_attributes": _TABULAR_ATTRIBUTES,
    }
    filled = {
        key: textwrap.indent(template.format(**defaults), "    ").lstrip()  # first line placed
        for key, template in blocks.items()
        if f"%({key})s" in (cls.__doc__ or "")
    }
    cls.__doc__ = (cls.__doc__ or "") % filled
    return cls
