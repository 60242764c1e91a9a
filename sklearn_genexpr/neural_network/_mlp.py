"""TabularMLPRegressor, and the two studies' networks as its defaults.

One fully connected network for rows of features (histone marks, binned
openness, landmark genes). :class:`DGEXRegressor` and :class:`OpennessMLP`
are thin subclasses that change defaults only, as skorch's
``NeuralNetRegressor`` changes ``NeuralNet``'s.
"""

from __future__ import annotations

import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import (
    BaseNeuralRegressor,
    InputSpec,
    NetworkInput,
    init_with_defaults,
    make_init,
    validate_table,
)
from ._docstrings import fill_parameter_docs

__all__ = ["TabularMLPRegressor", "DGEXRegressor", "OpennessMLP"]

# linear_skip="auto" takes the ridge path below this many training rows per feature
_AUTO_SKIP_ROWS_PER_FEATURE = 20
# Ridge penalties searched (by efficient leave-one-out) for the linear path
_RIDGE_ALPHAS = np.logspace(-2, 5, 15)


@fill_parameter_docs
class TabularMLPRegressor(BaseNeuralRegressor):
    """Fully connected network on rows of features, trained by skorch.

    ``MLPRegressor``'s model and vocabulary on torch: hidden layers with an
    activation and dropout, a linear output, the mean squared error over the
    measured entries of ``y`` (NaN marks "not measured" in 2-D ``y``), and
    ``MLPRegressor``'s ``solver``, ``alpha``, ``learning_rate``,
    ``warm_start`` and :meth:`partial_fit`; the fitted skorch net is
    ``net_``, so skorch callbacks, history and devices come with it. Hidden
    weights start Glorot-uniform with zero biases. Sparse CSR input is
    densified one batch at a time, a ``numpy.memmap`` read one batch at a time.

    Safe on small data by default: the targets are standardised inside
    :meth:`fit`, and with few rows per feature the network is a ridge
    regression (``RidgeCV`` on the training rows, as a frozen linear path)
    plus the MLP, which learns a correction from zero (``linear_skip="auto"``).

    Read more in the :ref:`User Guide <neural>`.

    Parameters
    ----------
    %(tabular_parameters)s
    %(training_parameters)s

    Attributes
    ----------
    %(net_attributes)s
    %(tabular_attributes)s

    See Also
    --------
    DGEXRegressor : The D-GEX study's defaults.
    OpennessMLP : The openness study's defaults.
    sklearn.neural_network.MLPRegressor : The model whose vocabulary this follows.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neural_network import TabularMLPRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 14)).astype("float32")
    >>> y = X[:, 0] * X[:, 1] + X[:, 2]
    >>> model = TabularMLPRegressor(hidden_layer_sizes=(32,), max_iter=30,
    ...                             random_state=0, device="cpu").fit(X, y)
    >>> model.predict(X[:3]).shape
    (3,)
    >>> model = model.set_params(warm_start=True, max_iter=5).fit(X, y)
    >>> model.n_iter_ >= len(model.history_) - 5
    True
    """

    _parameter_constraints: dict = {
        **BaseNeuralRegressor._parameter_constraints,
        "hidden_layer_sizes": [tuple, list],
        "activation": [StrOptions({"relu", "tanh", "logistic"})],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "alpha_l1": [Interval(Real, 0, None, closed="left")],
        "max_grad_norm": [Interval(Real, 0, None, closed="neither"), None],
        "target_chunks": [Interval(Integral, 1, None, closed="left")],
        "linear_skip": ["boolean", StrOptions({"auto"})],
        "standardize_target": ["boolean"],
    }

    #: Half-width of the uniform initialisation of the output layer; None is Glorot.
    _output_init_scale: float | None = None

    __init__ = make_init(
        {"hidden_layer_sizes": (100,)},
        own=dict(
            activation="relu", dropout=0.0, alpha_l1=0.0, max_grad_norm=None, target_chunks=1,
            linear_skip="auto", standardize_target=True,
        ),
    )  # fmt: skip

    def _network_input(self, X: Any, *, fitting: bool) -> NetworkInput:
        if fitting:
            self._hidden_layer_sizes()
        X = validate_table(self, X, reset=fitting)
        return NetworkInput(X, InputSpec("table", n_channels=int(X.shape[1])))

    def _check_parameters(self) -> None:
        super()._check_parameters()
        self._hidden_layer_sizes()

    def _target_scaling(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not self.standardize_target:
            if self.activation in ("tanh", "logistic"):
                _warn_if_unstandardised(y, type(self).__name__)
            return super()._target_scaling(y)
        scale = np.nanstd(y, axis=0)  # over the measured entries (NaN: not measured)
        # a constant target keeps its scale: the network then learns its offset only
        return np.nanmean(y, axis=0), np.where(scale > 0, scale, 1.0)

    def _hidden_layer_sizes(self) -> tuple[int, ...]:
        sizes = tuple(self.hidden_layer_sizes)
        if not all(isinstance(s, Integral) and int(s) >= 1 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must be positive integers, got {self.hidden_layer_sizes!r}."
            )
        return sizes

    def _output_groups(self, n_outputs: int, rng: np.random.RandomState) -> list[np.ndarray]:
        if self.target_chunks > n_outputs:
            raise ValueError(
                f"target_chunks={self.target_chunks} is more than the {n_outputs} targets."
            )
        if self.target_chunks == 1:
            return [np.arange(n_outputs)]
        return [np.sort(c) for c in np.array_split(rng.permutation(n_outputs), self.target_chunks)]

    @property
    def linear_skip_(self) -> bool:
        """Whether the fitted network has the ridge path (what ``linear_skip`` chose)."""
        check_is_fitted(self, "nets_")
        return self.net_.module_.skip is not None

    def _build_module(self, spec: InputSpec, head: Any, n_outputs: int, train: Any) -> Any:
        from ._modules import MLP

        skip = self.linear_skip
        if skip == "auto":
            # Measured: with few rows per feature (the 74 arrays, 421 genes, 80-row
            # linear data) the ridge path secures ridge's accuracy; with many
            # (8,641 histone genes x 14 marks, 1,125 x 10) the network alone learns
            # more. Any threshold from 5 to 30 separates the measured cases.
            skip = len(train) < _AUTO_SKIP_ROWS_PER_FEATURE * spec.n_channels
        module = MLP(
            spec.n_channels, self._hidden_layer_sizes(), head.n_logits(n_outputs),
            activation=self.activation, dropout=self.dropout,
            output_init_scale=self._output_init_scale, linear_skip=bool(skip),
        )  # fmt: skip
        if skip:
            _start_at_ridge(module, train)
        return module

    def _recipe_callbacks(self) -> list:
        if self.max_grad_norm is None:
            return []
        from skorch.callbacks import GradientNormClipping

        return [("clip_gradients", GradientNormClipping(gradient_clip_value=self.max_grad_norm))]


def _start_at_ridge(module: Any, train: Any) -> None:
    """Put the ridge solution of the training rows into the module's linear path.

    The network is the linear model a user would otherwise fit, and the
    hidden layers learn what it misses. Only the training rows: the
    validation rows that decide when training stops are never fitted.
    """
    import torch

    X, y = _rows(train)
    coef, intercept = _ridge_on_measured(X, y)
    device = module.output.bias.device
    with torch.no_grad():
        module.skip.weight.copy_(torch.as_tensor(coef, device=device))
        module.output.bias.copy_(torch.as_tensor(intercept, device=device))
    # Frozen: RidgeCV's solution is already the best linear fit; trained further by
    # the network's optimizer it only drifts (and diverges on unscaled X with SGD).
    module.skip.weight.requires_grad_(False)


def _ridge_on_measured(X: Any, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """RidgeCV coefficients ``(n_outputs, n_features)`` and intercepts, each
    output fitted on its measured rows (NaN: not measured); the outputs
    measured in the same rows are fitted together."""
    from sklearn.linear_model import RidgeCV

    measured = ~np.isnan(y)
    coef = np.zeros((y.shape[1], X.shape[1]))
    intercept = np.zeros(y.shape[1])
    patterns, group_of_column = np.unique(measured.T, axis=0, return_inverse=True)
    for group, rows in enumerate(patterns):
        columns = np.flatnonzero(group_of_column.ravel() == group)
        ridge = RidgeCV(alphas=_RIDGE_ALPHAS).fit(X[rows], y[np.ix_(rows, columns)])
        coef[columns] = np.atleast_2d(ridge.coef_)
        intercept[columns] = ridge.intercept_
    return coef, intercept


def _rows(dataset: Any) -> tuple[Any, np.ndarray]:
    """A dataset's rows as (numpy array or CSR, y), read once in order."""
    import scipy.sparse as sp
    import torch

    X, y = dataset.X, dataset.y.cpu().numpy()
    if dataset.row_index is not None:  # a memory map restricted to some rows: its own reader
        return dataset.rows(np.arange(len(dataset))).cpu().numpy(), y
    if isinstance(X, torch.Tensor):
        return X.cpu().numpy(), y
    return (X if sp.issparse(X) else np.asarray(X)), y


def _warn_if_unstandardised(y: np.ndarray, name: str) -> None:
    """Warn when targets are far from per-gene standardised (tanh saturates)."""
    y2 = np.asarray(y).reshape(len(y), -1)
    mean, std = np.abs(np.nanmean(y2, axis=0)).max(), np.nanstd(y2, axis=0).max()
    if mean > 3 or std > 3:
        warnings.warn(
            f"{name} with a saturating activation expects targets standardised per gene "
            f"(mean 0, std 1); these reach |mean| {mean:.3g} and std {std:.3g}. "
            "Unstandardised expression saturates the tanh units and learns poorly: use "
            "standardize_target=True or StandardScaler on y (TransformedTargetRegressor).",
            UserWarning,
            stacklevel=6,  # the user's call, past fit's validation and sklearn's wrapper
        )


@fill_parameter_docs
class DGEXRegressor(TabularMLPRegressor):
    """Multi-task MLP inferring target genes from landmark genes (D-GEX).

    Chen, Li, Narayan, Subramanian & Xie (2016), "Gene expression inference
    with deep learning", Bioinformatics 32(12). From ~1,000 landmark genes
    (columns of X) the network predicts thousands of target genes (columns of
    y) at once. :class:`TabularMLPRegressor` with the paper's recipe as its
    defaults: tanh hidden layers of equal width (the paper: 3000, 6000 or
    9000 units, 1-3 layers; its best ``(9000, 9000, 9000)``), dropout 0.1 on
    the hidden layers (not on the input), Glorot-uniform initialisation with
    the output layer drawn from U(-1e-4, 1e-4), a linear output, the sum over
    targets of each target's mean squared error, SGD with momentum 0.9, the
    learning rate multiplied by 0.9 whenever an epoch's training loss rises
    (down to 1e-5: ``learning_rate="decay_on_rise"``), and the weights of the
    epoch with the best validation loss kept (all 200 epochs train: the SGD
    recipe starts slowly, and an early plateau is not the end). The paper
    trained 2 halves of its 9,520 targets as separate networks to fit GPU
    memory (``target_chunks=2``).

    Safe on small data by default: the targets are standardised inside
    :meth:`fit`, and with few rows per feature the network is a ridge
    regression (``RidgeCV`` on the training rows, as the linear path) plus
    the MLP, which learns a correction from zero (``linear_skip="auto"``).
    ``linear_skip=False, standardize_target=False`` is the paper's network on
    any data. Standardise X per gene first (e.g. after
    :class:`~sklearn_genexpr.preprocessing.JointQuantileNormalizer`). With
    the sum-of-MSE loss the gradient norm grows with the number of targets:
    a useful ``max_grad_norm`` is in the hundreds or more.

    Read more in the :ref:`User Guide <dgex>`.

    Parameters
    ----------
    %(tabular_parameters)s
    %(training_parameters)s

    Attributes
    ----------
    %(net_attributes)s
    %(tabular_attributes)s

    See Also
    --------
    TabularMLPRegressor : The general network these are defaults of.
    sklearn_genexpr.neighbors.GeneKNNRegressor : The KNN-GE baseline of the paper.
    sklearn.linear_model.LinearRegression : The paper's main baseline.

    Notes
    -----
    **Stability.** The loss, learning rate, schedule and initialisation are the
    paper's; the momentum coefficient (not stated in the paper) is 0.9. On
    per-gene standardised data these settings trained without divergence in
    our runs up to 9,520 targets and hidden layers (3000, 3000). The failure we
    could reproduce is unstandardised data (log-expression around 8): the tanh
    units saturate and the network learns less than linear regression, so
    ``fit`` warns when a target's mean is beyond +-3 or its standard deviation
    above 3 with ``standardize_target=False``. If the loss explodes, training
    stops with an error that names the epoch.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neural_network import DGEXRegressor
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(300, 20)).astype("float32")
    >>> y = np.tanh(X[:, :5] @ rng.normal(size=(5, 8)))
    >>> model = DGEXRegressor(hidden_layer_sizes=(64,), learning_rate_init=0.01,
    ...                       max_iter=30, random_state=0, device="cpu").fit(X, y)
    >>> model.predict(X[:2]).shape
    (2, 8)
    """

    _output_init_scale = 1e-4
    _loss_reduction = "sum_of_output_means"

    # the paper's recipe (see above); nothing else differs from TabularMLPRegressor
    __init__ = init_with_defaults(
        TabularMLPRegressor.__init__,
        hidden_layer_sizes=(3000,), activation="tanh", dropout=0.1, solver="sgd", alpha=0.0,
        learning_rate="decay_on_rise", learning_rate_init=5e-4, lr_decay=0.9, min_lr=1e-5,
        nesterovs_momentum=False, n_iter_no_change=200,
    )  # fmt: skip


@fill_parameter_docs
class OpennessMLP(TabularMLPRegressor):
    """Fully connected regressor from binned openness around the TSS to expression.

    :class:`TabularMLPRegressor` with the openness study's model as its
    defaults: three hidden layers of 1000 units and one output (a "[1000,
    1000, 1000, 1]" network), Adam (learning rate 1e-3, betas 0.9 and
    0.999), batches of 10,000 rows, at most 150 epochs; L1 (``alpha_l1``)
    and L2 (``alpha``) penalties on the weights and dropout regularise it;
    the study's smaller architecture is ``hidden_layer_sizes=(1000, 500,
    250)``. It takes the sparse output of
    :class:`~sklearn_genexpr.preprocessing.TSSBinner` directly (densified
    one batch at a time).

    The defaults are safe on small data, measured on the shipped K562 data
    (421 chr22 genes, held out by gene): early stopping on a 10%% validation
    split with the best epoch kept, an L2 penalty, standardised targets,
    and, with few rows per feature, a linear path holding the ridge solution
    beside the hidden layers (``linear_skip="auto"``), so that few rows and a
    linear truth cost nothing against ridge while the hidden layers still
    learn what ridge misses. The study's own rule (all rows train, stop at
    the first epoch that improves the training loss by less than 1e-5, no
    penalty) is ``early_stopping=False, n_iter_no_change=1, tol=1e-5,
    alpha=0, linear_skip=False``: on those data it stopped after 2 epochs at
    Spearman 0.08.

    Read more in the :ref:`User Guide <openness>`.

    Parameters
    ----------
    %(tabular_parameters)s
    %(training_parameters)s

    Attributes
    ----------
    %(net_attributes)s
    %(tabular_attributes)s

    See Also
    --------
    TabularMLPRegressor : The general network these are defaults of.
    sklearn_genexpr.preprocessing.TSSBinner : Makes this model's input.

    Notes
    -----
    The study found that this network overfits badly across cell types (dev
    MSE ~1 on z-scored expression); split by gene or cell type, never by row,
    when evaluating it.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neural_network import OpennessMLP
    >>> rng = np.random.default_rng(0)
    >>> X = rng.random((500, 40)).astype("float32")
    >>> y = X[:, 18:22].sum(axis=1)
    >>> model = OpennessMLP(hidden_layer_sizes=(32, 16), batch_size=64, learning_rate_init=1e-2,
    ...                     max_iter=40, random_state=0, device="cpu").fit(X, y)
    >>> model.predict(X[:3]).shape
    (3,)
    """

    # the study's network and the measured penalty (see above)
    __init__ = init_with_defaults(
        TabularMLPRegressor.__init__,
        hidden_layer_sizes=(1000, 1000, 1000), alpha=1.0, batch_size=10_000, max_iter=150,
        n_iter_no_change=20,
    )  # fmt: skip
