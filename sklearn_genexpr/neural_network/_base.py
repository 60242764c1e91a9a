"""The sklearn contract of the package's torch regressors.

Every neural estimator derives from :class:`BaseNeuralRegressor`. Its
``__init__`` only stores parameters (so ``clone``, ``GridSearchCV`` and
sklearn's estimator checks work); :meth:`~BaseNeuralRegressor.fit` and
:meth:`~BaseNeuralRegressor.partial_fit` validate the data, build a skorch
net (:class:`~sklearn_genexpr.neural_network._net.GenexprNet`) and KEEP it as
``net_``: skorch runs the loop, the callbacks, the history, device moves,
pickling (a GPU-trained model unpickles on a CPU-only machine) and warm
starts. The data flow is explicit: validation returns the network's input
and its :class:`InputSpec`; the target picks a head
(:mod:`~sklearn_genexpr.neural_network._heads`); both are passed to the
subclass's module builder and kept as ``input_spec_`` and ``head_``.

The vocabulary is :class:`sklearn.neural_network.MLPRegressor`'s, with its
meanings: ``solver``, ``alpha`` (L2 on the weights, not the biases, scaled as
``MLPRegressor`` scales it), ``learning_rate`` (plus the schedules the papers
use), ``learning_rate_init``, ``power_t``, ``momentum``,
``nesterovs_momentum``, ``beta_1``, ``beta_2``, ``epsilon``, ``batch_size``,
``max_iter``, ``shuffle``, ``early_stopping``, ``validation_fraction``,
``n_iter_no_change``, ``tol``, ``warm_start``, ``partial_fit``.
"""

from __future__ import annotations

import copy
import inspect
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from .._device import resolve_device, seeded
from ..utils._optional import require
from ..utils._validation import check_numeric, check_target, reject_bool_integers

__all__ = ["BaseNeuralRegressor", "InputSpec", "NetworkInput", "check_target"]

_FLOAT32_MAX = float(np.finfo(np.float32).max)
# Epochs without improvement before learning_rate="plateau" lowers the rate
_PLATEAU_PATIENCE = 2
SOLVERS = ("sgd", "adam", "adamw")
LEARNING_RATES = ("constant", "invscaling", "plateau", "decay_on_rise", "onecycle")


@dataclass(frozen=True)
class InputSpec:
    """What the network's input looks like, decided once by validation.

    Attributes
    ----------
    kind : {"table", "sequence"}
        Rows of features, or one-hot DNA ``(n, n_channels, length)``.
    n_channels : int
        Features of a table; channels of a sequence (4, plus the strand channel).
    length : int or None
        Positions of a sequence (None for tables).
    strand_channel : bool
        The input has a fifth channel: 0 forward strand, 1 reverse complement.
    alphabet : str
        Channel order of the one-hot channels.
    """

    kind: str
    n_channels: int
    length: int | None = None
    strand_channel: bool = False
    alphabet: str = "ACGT"


@dataclass
class NetworkInput:
    """Validated input: what the network reads, its spec, and the fitted encoder."""

    X: Any
    spec: InputSpec
    encoder: Any = None


def _store_parameters(estimator: Any, values: dict) -> None:
    """Store ``__init__``'s arguments unchanged (sklearn's convention), from ``locals()``."""
    for name, value in values.items():
        if name not in ("self", "__class__"):
            setattr(estimator, name, value)


#: The parameters every network shares, with their base defaults, in signature order
#: (MLPRegressor's names and meanings; documented once in ``_docstrings.py``)
TRAINING_PARAMETERS: dict = {
    "solver": "adam", "alpha": 1e-4, "weight_decay": 0.0, "batch_size": 200,
    "learning_rate": "constant", "learning_rate_init": 1e-3, "power_t": 0.5, "lr_decay": 0.5,
    "min_lr": 1e-6, "max_iter": 200, "shuffle": True, "momentum": 0.9,
    "nesterovs_momentum": True, "beta_1": 0.9, "beta_2": 0.999, "epsilon": 1e-8,
    "early_stopping": True, "validation_fraction": 0.1, "n_iter_no_change": 10, "tol": 1e-4,
    "warm_start": False, "callbacks": None, "random_state": None, "verbose": 0,
    "device": "auto", "accelerator": None,
}  # fmt: skip


def make_init(first: dict | None = None, *, own: dict, training: dict | None = None) -> Any:
    """The ``__init__`` of a network family: its own parameters, then the shared ones.

    Parameters
    ----------
    first : dict or None, default=None
        A parameter that may be passed by position (``hidden_layer_sizes``, as in
        ``MLPRegressor``), with its default.
    own : dict
        The family's keyword-only parameters and defaults, in signature order.
    training : dict or None, default=None
        Defaults of the shared :data:`TRAINING_PARAMETERS` that the family changes.

    Returns
    -------
    __init__ : function
        Stores every argument unchanged, as sklearn's convention asks; its
        signature (which sklearn reads) lists every parameter.
    """
    unknown = set(training or {}) - set(TRAINING_PARAMETERS)
    if unknown:
        raise TypeError(f"The shared training parameters have no {sorted(unknown)}.")
    kind = inspect.Parameter
    parameters = [kind("self", kind.POSITIONAL_OR_KEYWORD)]
    parameters += [kind(n, kind.POSITIONAL_OR_KEYWORD, default=d) for n, d in (first or {}).items()]
    keyword = {**own, **TRAINING_PARAMETERS, **(training or {})}
    parameters += [kind(n, kind.KEYWORD_ONLY, default=d) for n, d in keyword.items()]
    return _storing_init(inspect.Signature(parameters, return_annotation=None))


def _storing_init(signature: inspect.Signature) -> Any:
    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        bound = signature.bind(self, *args, **kwargs)
        bound.apply_defaults()
        _store_parameters(self, bound.arguments)

    __init__.__dict__["__signature__"] = signature  # what inspect.signature reads
    return __init__


def init_with_defaults(base_init: Any, **defaults: Any) -> Any:
    """``base_init`` with other defaults: the ``__init__`` of a thin subclass.

    The parameters and their order stay ``base_init``'s; sklearn reads them from
    the signature, which is the new defaults' (as skorch's ``NeuralNetRegressor``
    is ``NeuralNet`` with other defaults).

    Parameters
    ----------
    base_init : function
        The parent's ``__init__``.
    **defaults
        The parameters whose defaults change.

    Returns
    -------
    __init__ : function
        Stores every argument unchanged, as sklearn's convention asks.
    """
    signature = inspect.signature(base_init)
    unknown = set(defaults) - set(signature.parameters)
    if unknown:
        raise TypeError(f"{base_init.__qualname__} has no parameters {sorted(unknown)}.")
    signature = signature.replace(
        parameters=[
            p.replace(default=defaults[p.name]) if p.name in defaults else p
            for p in signature.parameters.values()
        ]
    )

    return _storing_init(signature)


class BaseNeuralRegressor(RegressorMixin, BaseEstimator):
    """Base class of the torch regressors (not for direct use).

    A subclass lists its parameters (the shared ones below among them) in
    ``__init__`` and implements :meth:`_network_input` (validated input and
    its spec), :meth:`_make_head` (the head for the targets) and
    :meth:`_build_module` (the torch module for a spec and a head). It may
    override :meth:`_predict_inputs` (several inputs averaged, such as both
    strands), :meth:`_train_collate`, :meth:`_recipe_callbacks`,
    :meth:`_output_groups` and :meth:`_target_scaling`.
    """

    _parameter_constraints: dict = {
        "solver": [StrOptions(set(SOLVERS))],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "weight_decay": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [StrOptions(set(LEARNING_RATES))],
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "power_t": [Interval(Real, 0, None, closed="left")],
        "lr_decay": [Interval(Real, 0, 1, closed="right")],
        "min_lr": [Interval(Real, 0, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "shuffle": ["boolean"],
        "momentum": [Interval(Real, 0, 1, closed="left")],
        "nesterovs_momentum": ["boolean"],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
        "epsilon": [Interval(Real, 0, None, closed="neither")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "warm_start": ["boolean"],
        "callbacks": [list, None],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "device": [str, None],
        "accelerator": [None, HasMethods(["prepare", "backward"])],
    }

    #: Rows per forward pass in predict; None uses ``batch_size``. Every pass has
    #: exactly this many rows (the last one zero-padded): float32 matrix products
    #: round differently for other shapes, and a row's prediction must not depend
    #: on what else is predicted with it. This is why predict is the package's own
    #: loop and not skorch's ``predict``, which passes a short last batch.
    _predict_batch_size: int | None = 1024
    #: How the elementwise loss becomes the batch loss (see ``MaskedLoss``).
    _loss_reduction = "mean"

    # fitted state, set by fit (annotations only: declared, not created)
    nets_: list
    output_groups_: list
    n_iter_: int

    # -- what a subclass defines -------------------------------------------
    def _network_input(self, X: Any, *, fitting: bool) -> NetworkInput:
        """Validated network input; ``fitting=False`` checks X against the fit."""
        raise NotImplementedError

    def _make_head(self, y: np.ndarray) -> Any:
        """The head of the network for the (scaled) training targets."""
        from ._heads import RegressionHead

        return RegressionHead("identity")

    def _build_module(self, spec: InputSpec, head: Any, n_outputs: int, train: Any) -> Any:
        """The freshly initialised torch module (called in the seeded context of fit)."""
        raise NotImplementedError

    def _predict_inputs(self, X: Any) -> list:
        """The network inputs whose predictions are averaged; default: X alone."""
        return [self._network_input(X, fitting=False).X]

    def _train_collate(self, spec: InputSpec, generator: Any) -> Any:
        """``collate_fn`` of the training batches (augmentation)."""
        from ._data import collated

        return collated

    def _recipe_callbacks(self) -> list:
        """The estimator's own skorch callbacks, as ``(name, callback)``."""
        return []

    @property
    def _restores_best_epoch(self) -> bool:
        """Whether training ends with the best validation epoch's weights
        (``early_stopping``); a recipe whose final model is something else,
        such as an average of weights, says False."""
        return bool(self.early_stopping)

    def _output_groups(self, n_outputs: int, rng: np.random.RandomState) -> list[np.ndarray]:
        """Columns of y trained as separate networks; default: one network."""
        return [np.arange(n_outputs)]

    def _target_scaling(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offset and scale of each target, removed in fit and restored in predict."""
        return np.zeros(y.shape[1]), np.ones(y.shape[1])

    def _check_parameters(self) -> None:
        """Checks of parameter combinations, before any work."""
        reject_bool_integers(self)
        self._check_callbacks()
        if self.weight_decay and self.solver != "adamw":
            raise ValueError(
                f"weight_decay={self.weight_decay} is AdamW's decoupled decay and needs "
                f"solver='adamw'; with solver={self.solver!r} use alpha (the L2 penalty)."
            )

    # -- fitting -----------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any) -> BaseNeuralRegressor:
        """Build and train the network; with ``warm_start`` continue the fitted one.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float64 is cast to float32, CSR is densified per
            batch, a ``numpy.memmap`` is read batch by batch. Sequence models
            take sequences instead (see the estimator's docstring).
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets. Predictions have the same number of dimensions. In 2-D
            ``y`` a NaN marks an entry that was not measured (one column per
            library or condition): the loss is computed over the measured
            entries alone, and :meth:`predict` returns every column. Each
            row and each column needs at least one measured value; NaN in
            1-D ``y`` and infinity anywhere are errors.

        Returns
        -------
        self : object
            The fitted estimator.
        """
        return self._fit(X, y, incremental=False)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X: Any, y: Any) -> BaseNeuralRegressor:
        """Train one epoch over the given rows, keeping optimiser and schedule state.

        As ``MLPRegressor.partial_fit``: the first call builds the network,
        later calls continue it (the input must keep its features and the
        target its columns). Every given row trains: no validation split and
        no early stopping. A per-batch schedule continues from the batch it
        reached; ``learning_rate="plateau"`` watches the training loss.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data, as in :meth:`fit`.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets, as in :meth:`fit`.

        Returns
        -------
        self : object
            The estimator, trained one more epoch.
        """
        return self._fit(X, y, incremental=True)

    def _check_callbacks(self) -> None:
        """Every entry of ``callbacks`` is a skorch callback or a ``(name, callback)`` pair."""
        from skorch.callbacks import Callback

        for index, entry in enumerate(self.callbacks or []):
            callback = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else entry
            named = not isinstance(entry, tuple) or isinstance(entry[0], str)
            is_callback = isinstance(callback, Callback) or (
                isinstance(callback, type) and issubclass(callback, Callback)
            )
            if not (named and is_callback):
                raise ValueError(
                    f"callbacks[{index}] is {entry!r}; expected a skorch callback (e.g. "
                    f"skorch.callbacks.ProgressBar()) or a (name, callback) pair."
                )

    def _fit(self, X: Any, y: Any, *, incremental: bool) -> BaseNeuralRegressor:
        require("torch", "skorch", extra="neural", purpose=f"{type(self).__name__}.fit")
        from ._data import is_streamed

        self._check_parameters()
        continuing = hasattr(self, "nets_") and (incremental or self.warm_start)
        streamed = X if is_streamed(X) else None
        network_input = self._network_input(X, fitting=not continuing)
        X_net = network_input.X
        if streamed is not None and streamed.dtype == X_net.dtype:
            X_net = streamed  # validated in place; keep it on disk, read per batch
        else:
            streamed = None  # converted in memory by the validation
        y = check_target(y, X_net.shape[0], estimator_name=type(self).__name__)
        y2 = y.reshape(y.shape[0], -1)
        if continuing:
            self._check_continuation(network_input.spec, y)
        else:
            self.input_spec_ = network_input.spec
            if network_input.spec.kind == "sequence":
                self.encoder_ = network_input.encoder
            self._y_ndim = y.ndim
            self.n_outputs_ = y2.shape[1]
            self.target_offset_, self.target_scale_ = self._target_scaling(y2)
        y2 = ((y2 - self.target_offset_) / self.target_scale_).astype(np.float32)
        if not continuing:
            self.head_ = self._make_head(y2)
        device = self._training_device()
        rng = check_random_state(self.random_state)
        seed = None if self.random_state is None else int(rng.randint(np.iinfo(np.int32).max))
        if seed is not None and continuing:  # new dropout draws for the epochs added
            seed = (seed + int(self.n_iter_)) % np.iinfo(np.int32).max
        valid_rows = None if incremental else self._validation_split(X_net.shape[0], rng)
        groups: list[np.ndarray] = (
            list(self.output_groups_) if continuing else self._output_groups(y2.shape[1], rng)
        )
        train, valid = self._datasets(X_net, y2, valid_rows, streamed is not None, device)
        nets = []
        for k, columns in enumerate(groups):
            previous = list(self.nets_)[k] if continuing else None
            nets.append(self._train_net(previous, train, valid, columns, device, seed, incremental))
        self.nets_ = nets
        self.net_ = nets[0]
        self.output_groups_ = groups
        self.history_ = nets[0].history
        self.histories_ = [net.history for net in nets]
        self.n_iter_ = max(len(net.history) for net in nets)
        self.device_ = device
        return self

    def _check_continuation(self, spec: InputSpec, y: np.ndarray) -> None:
        """A warm start or partial_fit must see the input and targets of the fit."""
        if spec != self.input_spec_:
            raise ValueError(
                f"warm_start / partial_fit continue the fitted network, which takes "
                f"{self.input_spec_}; got input of {spec}. Call fit with warm_start=False "
                f"for a new network."
            )
        n_outputs = 1 if y.ndim == 1 else y.shape[1]
        if n_outputs != self.n_outputs_ or y.ndim != self._y_ndim:
            raise ValueError(
                f"The fitted network predicts {self.n_outputs_} target(s) "
                f"({self._y_ndim}-D y); got y of shape {y.shape}. Call fit with "
                f"warm_start=False for a new network."
            )

    def _training_device(self) -> str:
        if self.accelerator is not None:
            return str(self.accelerator.device)
        return resolve_device("auto" if self.device is None else self.device)

    def _validation_split(self, n_samples: int, rng: np.random.RandomState) -> np.ndarray | None:
        """Indices of the validation rows with ``early_stopping``, else None."""
        if not self.early_stopping:
            return None
        n_valid = max(1, int(round(n_samples * self.validation_fraction)))
        if n_samples - n_valid < 1:
            raise ValueError(
                f"early_stopping=True holds out validation_fraction="
                f"{self.validation_fraction} of the rows, which leaves no training row "
                f"with n_samples={n_samples}; pass more samples or early_stopping=False."
            )
        return np.sort(rng.permutation(n_samples)[:n_valid])

    def _datasets(
        self, X: Any, y: np.ndarray, valid_rows: np.ndarray | None, streamed: bool, device: str
    ) -> tuple[Any, Any]:
        """The training and validation :class:`RowDataset` (all columns of y)."""
        import torch

        from ._data import RowDataset, to_tensor

        data_device = "cpu" if self.accelerator is not None else device  # Accelerate moves
        if valid_rows is None:
            return RowDataset(
                to_tensor(X, data_device), torch.from_numpy(y), device=data_device
            ), None
        train_rows = np.setdiff1d(np.arange(X.shape[0]), valid_rows, assume_unique=True)
        if streamed:  # index the file, do not copy it
            X_train = X_valid = to_tensor(X, data_device)
            rows: tuple = (train_rows, valid_rows)
        else:
            X_train, X_valid = (
                to_tensor(X[train_rows], data_device),
                to_tensor(X[valid_rows], data_device),
            )
            rows = (None, None)
        train = RowDataset(X_train, torch.from_numpy(y[train_rows]), rows[0], data_device)
        valid = RowDataset(X_valid, torch.from_numpy(y[valid_rows]), rows[1], data_device)
        return train, valid

    def _train_net(
        self, net: Any, train: Any, valid: Any, columns: np.ndarray,
        device: str, seed: int | None, incremental: bool,
    ) -> Any:  # fmt: skip
        """Train a new net, or continue ``net``, on the target ``columns``."""
        from skorch.helper import predefined_split

        train, valid = _with_columns(train, columns), _with_columns(valid, columns)
        with seeded(seed, device) as generator:
            if net is None:
                net = self._make_net(train, len(columns), device, generator)
                net.initialize()
            else:  # what a user may change between calls; the rest needs a new fit
                net.max_epochs = self.max_iter
                net.batch_size = self.batch_size
                net.verbose = int(self.verbose)
            net.incremental = incremental
            net.train_split = None if valid is None else predefined_split(valid)
            try:
                net.partial_fit(train, epochs=1 if incremental else self.max_iter)
            finally:
                net.train_split = None  # the fitted net holds no data
        net.module_.eval()
        return net

    def _make_net(self, train: Any, n_outputs: int, device: str, generator: Any) -> Any:
        """The skorch net of one output group, before training."""
        from ._callbacks import EarlyStoppingOnFit, RecordLearningRate, StopOnDivergence
        from ._data import collated
        from ._modules import MaskedLoss
        from ._net import AcceleratedGenexprNet, GenexprNet

        module = self._build_module(self.input_spec_, self.head_, n_outputs, train)
        callbacks = [
            ("stop_on_divergence", StopOnDivergence()),
            ("record_lr", RecordLearningRate()),
            *self._schedule_callbacks(train),
            *self._recipe_callbacks(),
            (
                "early_stopping",
                EarlyStoppingOnFit(
                    monitor="valid_loss" if self.early_stopping else "train_loss",
                    patience=self.n_iter_no_change,
                    threshold=self.tol,
                    threshold_mode="abs",
                    # best-epoch weights in memory, no files
                    load_best=self._restores_best_epoch,
                ),
            ),
            # the user's, after the estimator's own; copied: a net mutates its callbacks
            *copy.deepcopy(list(self.callbacks or [])),
        ]
        optimizer, optimizer_kwargs = self._optimizer()
        kwargs: dict = dict(
            module=module,
            criterion=MaskedLoss(self.head_.criterion(), self._loss_reduction),
            optimizer=optimizer,
            lr=self.learning_rate_init,
            max_epochs=self.max_iter,
            batch_size=self.batch_size,
            iterator_train__shuffle=self.shuffle,
            iterator_train__generator=generator,
            iterator_train__collate_fn=self._train_collate(self.input_spec_, generator),
            iterator_valid__collate_fn=collated,
            train_split=None,
            callbacks=callbacks,
            verbose=int(self.verbose),
            alpha=self.alpha,
            alpha_l1=getattr(self, "alpha_l1", 0.0),
            **{f"optimizer__{k}": v for k, v in optimizer_kwargs.items()},
        )
        if self.accelerator is None:
            return GenexprNet(device=device, **kwargs)
        if not self.verbose:  # Accelerate's printer would print the table regardless
            kwargs["callbacks__print_log__sink"] = _quiet
        # Accelerate places module and batches itself: skorch wants device=None then
        return AcceleratedGenexprNet(accelerator=self.accelerator, device=None, **kwargs)

    def _optimizer(self) -> tuple[type, dict]:
        """The torch optimizer of ``solver`` and its arguments (``MLPRegressor``'s names)."""
        import torch

        if self.solver == "sgd":
            nesterov = bool(self.nesterovs_momentum and self.momentum > 0)
            return torch.optim.SGD, {"momentum": self.momentum, "nesterov": nesterov}
        adam_kwargs = {"betas": (self.beta_1, self.beta_2), "eps": self.epsilon}
        if self.solver == "adamw":
            return torch.optim.AdamW, {**adam_kwargs, "weight_decay": self.weight_decay}
        return torch.optim.Adam, adam_kwargs

    def _schedule_callbacks(self, train: Any) -> list:
        """The skorch callbacks of ``learning_rate``."""
        import torch

        from ._callbacks import (
            DecayLROnTrainLossRise,
            InverseScaling,
            ResumableLRScheduler,
            monitored_loss,
        )

        schedule = self.learning_rate
        if schedule == "constant":
            return []
        if schedule == "decay_on_rise":
            return [("lr_schedule", DecayLROnTrainLossRise(self.lr_decay, self.min_lr))]
        if schedule == "plateau":
            callback = ResumableLRScheduler(
                policy=torch.optim.lr_scheduler.ReduceLROnPlateau,
                monitor=monitored_loss,
                factor=self.lr_decay,
                patience=_PLATEAU_PATIENCE,
                min_lr=self.min_lr,
                event_name=None,  # RecordLearningRate keeps "lr": one column, not two
            )
        elif schedule == "invscaling":
            callback = ResumableLRScheduler(
                policy=torch.optim.lr_scheduler.LambdaLR,
                lr_lambda=InverseScaling(self.batch_size, self.power_t),
                step_every="batch",
                event_name=None,
            )
        else:  # onecycle: the cycle spans max_iter epochs of the first call's rows
            callback = ResumableLRScheduler(
                policy=torch.optim.lr_scheduler.OneCycleLR,
                max_lr=self.learning_rate_init,
                total_steps=-(-len(train) // self.batch_size) * self.max_iter,
                step_every="batch",
                event_name=None,
            )
        return [("lr_schedule", callback)]

    # -- prediction --------------------------------------------------------
    def predict(self, X: Any) -> np.ndarray:
        """Predict with the trained network(s), in batches, without gradients.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Input of the kind seen in :meth:`fit`.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs), float64
            One dimension if ``y`` had one dimension in :meth:`fit`.
        """
        check_is_fitted(self)
        require("torch", "skorch", extra="neural", purpose=f"{type(self).__name__}.predict")
        from ._data import is_streamed

        inputs = self._predict_inputs(X)
        if len(inputs) == 1 and is_streamed(X) and X.dtype == inputs[0].dtype:
            inputs = [X]  # predict batch by batch from the file
        predictions = [self._predict_network_input(x) for x in inputs]
        out = predictions[0]
        for more in predictions[1:]:  # the strands' mean
            out = out + more
        out = out / len(predictions) if len(predictions) > 1 else out
        return out.ravel() if self._y_ndim == 1 else out

    def _predict_network_input(self, X: Any) -> np.ndarray:
        """Predictions ``(n, n_outputs_)`` for validated network input."""
        import torch

        from ._data import RowDataset, to_tensor

        out = np.empty((X.shape[0], self.n_outputs_), dtype=np.float64)
        rows = self._predict_batch_size or self.batch_size
        datasets: dict = {}  # the input moved once per device, not once per net
        for net, group in zip(self.nets_, self.output_groups_):
            module = net.module_.eval()
            device = next(module.parameters()).device
            if device not in datasets:
                held = to_tensor(X, "cpu" if sp.issparse(X) else str(device))
                datasets[device] = RowDataset(held, device=str(device))
            dataset = datasets[device]
            # one network holds every output: write a slice, not a column scatter
            columns: Any = slice(None) if len(group) == self.n_outputs_ else group
            with torch.no_grad():
                for start in range(0, len(dataset), rows):
                    X_batch = dataset.rows(slice(start, start + rows)).to(device)
                    n = X_batch.shape[0]
                    if n < rows:  # the same shape for every pass: see _predict_batch_size
                        padding = X_batch.new_zeros((rows - n, *X_batch.shape[1:]))
                        X_batch = torch.cat([X_batch, padding])
                    prediction = self.head_.decode(module(X_batch))[:n]
                    out[start : start + n, columns] = prediction.cpu().numpy()
        if np.any(self.target_offset_ != 0) or np.any(self.target_scale_ != 1):
            out *= self.target_scale_  # in place: the output can be large
            out += self.target_offset_
        return out

    def network_input(self, X: Any) -> np.ndarray:
        """The fitted network's input for X, as float32 (what :meth:`forward` takes).

        Parameters
        ----------
        X : array-like
            Input of the kind seen in :meth:`fit`.

        Returns
        -------
        network_input : ndarray, float32
            ``(n, n_features)`` for tables, ``(n, n_channels, L)`` for sequences
            (forward strand).
        """
        from ._data import RowDataset, to_tensor

        check_is_fitted(self)
        X_net = self._network_input(X, fitting=False).X  # the forward strand alone
        return RowDataset(to_tensor(X_net, "cpu")).rows(slice(None)).numpy()

    def forward(self, network_input: Any) -> Any:
        """Differentiable predictions of every output, in the targets' units.

        The networks of all output groups, their heads decoded, the target
        scaling undone: what :meth:`predict` returns for one strand, as a
        torch tensor with gradients (for attributions).

        Parameters
        ----------
        network_input : torch.Tensor
            As :meth:`network_input` makes it, on any device.

        Returns
        -------
        prediction : torch.Tensor of shape (n, n_outputs)
            The predictions, with the graph to ``network_input`` kept.
        """
        import torch

        check_is_fitted(self)
        parts = []
        for net in self.nets_:
            module = net.module_.eval()
            device = next(module.parameters()).device
            parts.append(self.head_.decode(module(network_input.to(device))).cpu())
        order = np.argsort(np.concatenate(self.output_groups_))
        prediction = torch.cat(parts, dim=1)[:, torch.from_numpy(order)]
        scale = torch.as_tensor(self.target_scale_, dtype=prediction.dtype)
        offset = torch.as_tensor(self.target_offset_, dtype=prediction.dtype)
        return prediction * scale + offset

    @property
    def module_(self) -> Any:
        """The trained torch module of ``net_`` (the first output group's)."""
        check_is_fitted(self, "nets_")
        return self.nets_[0].module_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags


def _quiet(*args: Any, **kwargs: Any) -> None:
    """A print function that prints nothing (picklable, unlike a lambda)."""


def _with_columns(dataset: Any, columns: np.ndarray) -> Any:
    """The dataset with the target columns of one output group."""
    if dataset is None or dataset.y is None or len(columns) == dataset.y.shape[1]:
        return dataset
    import torch

    from ._data import RowDataset

    y = dataset.y[:, torch.from_numpy(np.asarray(columns))]
    return RowDataset(dataset.X, y, dataset.row_index, dataset.device)


def validate_table(estimator: Any, X: Any, *, reset: bool) -> np.ndarray:
    """2-D numeric X, dense or CSR, within float32's range (sklearn's validation)."""
    X = check_numeric(
        X, estimator=estimator, accept_sparse="csr", dtype=(np.float32, np.float64), reset=reset
    )
    _check_float32_range(X, "X")
    return X


def _check_float32_range(X: Any, name: str) -> None:
    """Values beyond float32's range would become inf when the network casts them."""
    values = X.data if sp.issparse(X) else X
    if values.dtype != np.float64 or values.size == 0:
        return
    # max/min reduce without a temporary (X may be a memory map larger than memory)
    if values.max() > _FLOAT32_MAX or values.min() < -_FLOAT32_MAX:
        if sp.issparse(X):
            column = int(X.indices[np.argmax(np.abs(X.data) > _FLOAT32_MAX)])
        else:
            column = int(np.argmax((np.abs(values) > _FLOAT32_MAX).any(axis=0)))
        raise ValueError(
            f"{name} has values beyond float32's range (+-3.4e38) in column {column}; the "
            f"network computes in float32. Rescale that column (e.g. StandardScaler)."
        )
