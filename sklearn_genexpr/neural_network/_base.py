"""The sklearn contract of the package's torch regressors, and the MLP base.

Every neural estimator derives from :class:`BaseTorchRegressor`. Its
``__init__`` only stores parameters (so ``clone``, ``GridSearchCV`` and
sklearn's estimator checks work); ``fit`` validates the data, carves the
validation split, and trains what the estimator's one method
:meth:`~BaseTorchRegressor._build_network` describes (module, loss,
optimizer, callbacks) with a skorch ``NeuralNet`` built inside ``fit``. The
fitted estimator keeps the trained module(s) and a plain-Python history, not
the skorch net, so that it pickles small and unpickles anywhere (a GPU-trained
model predicts on a CPU-only machine).

Parameter names follow :class:`sklearn.neural_network.MLPRegressor`
(``learning_rate_init``, ``max_iter``, ``alpha``, ``early_stopping``,
``validation_fraction``, ``n_iter_no_change``, ``tol``, ``batch_size``), so
a package network can take ``MLPRegressor``'s place in a grid.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass, field
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data

from .._device import available_device, resolve_device, seeded
from ..utils._validation import explain_numeric_error

__all__ = ["BaseTorchRegressor", "BaseMLPRegressor", "NetworkSpec", "check_target"]

_FLOAT32_MAX = float(np.finfo(np.float32).max)


@dataclass
class NetworkSpec:
    """What an estimator trains; the base adds the shared training rules.

    Attributes
    ----------
    module : torch.nn.Module
        The network, freshly initialised.
    criterion : torch.nn.Module
        The training loss, elementwise: ``(n, n_outputs)`` losses for a batch.
        The base reduces it over the measured entries of ``y`` alone (see
        :class:`~sklearn_genexpr.neural_network._modules.MaskedLoss`).
    optimizer : type
        A ``torch.optim`` class; ``lr`` and ``weight_decay`` come from
        ``learning_rate_init`` and ``alpha``.
    optimizer_kwargs : dict
        Further optimizer arguments (momentum, betas).
    callbacks : list
        skorch callbacks after the shared ones (schedules, SWA).
    iterator_train : type or None
        Batch iterator of the training rows; None is the plain one.
    iterator_train_kwargs : dict
        Its further arguments.
    l1_alpha : float
        Weight of an L1 penalty on the weight matrices.
    loss_reduction : {"mean", "sum_of_output_means"}
        How the elementwise loss becomes the batch loss.
    """

    module: Any
    criterion: Any
    optimizer: type
    optimizer_kwargs: dict = field(default_factory=dict)
    callbacks: list = field(default_factory=list)
    iterator_train: type | None = None
    iterator_train_kwargs: dict = field(default_factory=dict)
    l1_alpha: float = 0.0
    loss_reduction: str = "mean"


class BaseTorchRegressor(RegressorMixin, BaseEstimator):
    """Base class of the torch regressors (not for direct use).

    A subclass stores its parameters in ``__init__`` (at least the ones in
    ``_parameter_constraints`` below) and implements :meth:`_build_network`.
    It may override :meth:`_validate_input` (other input than 2-D numeric
    arrays), :meth:`_predict_batch` (an output that is not the prediction)
    and :meth:`_output_groups` (targets split over several networks).
    """

    _parameter_constraints: dict = {
        "learning_rate_init": [Interval(Real, 0, None, closed="neither")],
        "alpha": [Interval(Real, 0, None, closed="left")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="neither")],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left")],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "device": [str],
    }

    #: Rows per forward pass in predict; None uses ``batch_size``. Every pass has
    #: exactly this many rows (the last one zero-padded): float32 matrix products
    #: round differently for other shapes, and a row's prediction must not depend
    #: on what else is predicted with it (measured: 1024 rows are also faster than
    #: one pass over 20,000).
    _predict_batch_size: int | None = 1024

    def __init__(
        self,
        *,
        learning_rate_init: float,
        alpha: float,
        batch_size: int,
        max_iter: int,
        early_stopping: bool,
        validation_fraction: float,
        n_iter_no_change: int,
        tol: float,
        random_state: Any,
        verbose: int,
        device: str,
    ) -> None:
        # The shared parameters, stored once; each subclass lists them in its own
        # signature with its defaults (sklearn reads parameters from that signature).
        self.learning_rate_init = learning_rate_init
        self.alpha = alpha
        self.batch_size = batch_size
        self.max_iter = max_iter
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose
        self.device = device

    # -- what a subclass defines -------------------------------------------
    def _build_network(
        self, n_features: int, n_outputs: int, train: Any, valid: Any = None
    ) -> NetworkSpec:
        """The network to train for ``n_features`` inputs and ``n_outputs`` targets.

        ``train`` and ``valid`` are the training and validation datasets
        (``valid`` is None without ``early_stopping``). Called inside the
        seeded context of ``fit``.
        """
        raise NotImplementedError

    def _validate_input(self, X: Any, y: Any = "no_validation", *, reset: bool) -> Any:
        """Validated ``X``, or ``(X, y)`` when ``y`` is passed (sklearn's convention).

        The default: 2-D numeric X, dense or CSR, within float32's range; y
        as :func:`check_target` takes it (NaN marks missing entries of 2-D y).
        """
        original = X
        try:
            X = validate_data(
                self, X, accept_sparse="csr", dtype=(np.float32, np.float64), reset=reset
            )
        except ValueError as error:
            raise explain_numeric_error(original, error) from error
        _check_float32_range(X, "X")
        if _no_y(y):
            return X
        return X, check_target(y, X.shape[0], estimator_name=type(self).__name__)

    def _predict_batch(self, module: Any, X_batch: Any) -> Any:
        """The prediction for a batch: the network's output by default."""
        return module(X_batch)

    def _output_groups(self, n_outputs: int, rng: np.random.RandomState) -> list[np.ndarray]:
        """Columns of y trained as separate networks; default: one network."""
        return [np.arange(n_outputs)]

    def _target_scaling(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Offset and scale of each target, removed in fit and restored in predict.

        The identity by default; the MLPs standardise (see ``standardize_target``).
        """
        return np.zeros(y.shape[1]), np.ones(y.shape[1])

    # -- fitting -----------------------------------------------------------
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

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any) -> BaseTorchRegressor:
        """Build and train the network.

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
        from ._data import is_streamed

        streamed = X if is_streamed(X) else None
        X, y = self._validate_input(X, y, reset=True)
        if streamed is not None and streamed.dtype == X.dtype:
            X = streamed  # validated in place; keep it on disk, read per batch
        else:
            streamed = None  # converted in memory by the validation
        device = resolve_device(self.device)
        y = np.asarray(y)
        self._y_ndim = y.ndim
        y2 = y.reshape(y.shape[0], -1)
        self.target_offset_, self.target_scale_ = self._target_scaling(y2)
        y2 = ((y2 - self.target_offset_) / self.target_scale_).astype(np.float32)
        rng = check_random_state(self.random_state)
        seed = None if self.random_state is None else int(rng.randint(np.iinfo(np.int32).max))
        valid_rows = self._validation_split(X.shape[0], rng)
        groups = self._output_groups(y2.shape[1], rng)

        train_rows = None
        if valid_rows is None:
            X_train, y_train, X_valid, y_valid = X, y2, None, None
        else:
            train_rows = np.setdiff1d(np.arange(X.shape[0]), valid_rows, assume_unique=True)
            y_train, y_valid = y2[train_rows], y2[valid_rows]
            if streamed is not None:  # index the file, do not copy it
                X_train, X_valid = X, X
            else:
                X_train, X_valid = X[train_rows], X[valid_rows]
                train_rows = valid_rows = None
        modules, histories = [], []
        for columns in groups:
            module, history = self._train_network(
                X_train, y_train[:, columns], X_valid,
                None if y_valid is None else y_valid[:, columns],
                device, seed, train_rows, valid_rows,
            )  # fmt: skip
            modules.append(module)
            histories.append(history)
        self.modules_ = modules
        self.output_groups_ = groups
        self.histories_ = histories
        self.history_ = histories[0]
        self.n_iter_ = max(len(h) for h in histories)
        self.n_outputs_ = y2.shape[1]
        self.device_ = device
        return self

    def _shared_callbacks(self, has_valid: bool) -> list:
        """The training rules every network follows."""
        from skorch.callbacks import EarlyStopping

        from ._callbacks import RecordLearningRate, StopOnDivergence

        return [
            StopOnDivergence(),
            RecordLearningRate(),
            EarlyStopping(
                monitor="valid_loss" if has_valid else "train_loss",
                patience=self.n_iter_no_change,
                threshold=self.tol,
                threshold_mode="abs",
                load_best=has_valid,  # best-epoch weights kept in memory, no files
            ),
        ]

    def _train_network(
        self, X_train: Any, y_train: np.ndarray, X_valid: Any, y_valid: Any,
        device: str, seed: int | None,
        train_rows: np.ndarray | None = None, valid_rows: np.ndarray | None = None,
    ) -> tuple[Any, list[dict]]:  # fmt: skip
        """Train one network; ``*_rows`` index a streamed X (see ``ArrayDataset``)."""
        from skorch.helper import predefined_split

        from ._data import ArrayDataset, BatchIterator, to_tensor
        from ._modules import MaskedLoss
        from ._net import PenalizedNet

        train = ArrayDataset(
            to_tensor(X_train, device), to_tensor(y_train, device), rows=train_rows, device=device
        )
        valid = None
        if X_valid is not None:
            valid = ArrayDataset(
                to_tensor(X_valid, device), to_tensor(y_valid, device),
                rows=valid_rows, device=device,
            )  # fmt: skip
        with seeded(seed, device) as generator:
            spec = self._build_network(X_train.shape[1], y_train.shape[1], train, valid)
            net = PenalizedNet(
                module=spec.module,
                criterion=MaskedLoss(spec.criterion, spec.loss_reduction),
                optimizer=spec.optimizer,
                lr=self.learning_rate_init,
                max_epochs=self.max_iter,
                batch_size=self.batch_size,
                iterator_train=spec.iterator_train or BatchIterator,
                iterator_train__shuffle=True,
                iterator_train__generator=generator,
                **{f"iterator_train__{k}": v for k, v in spec.iterator_train_kwargs.items()},
                iterator_valid=BatchIterator,
                train_split=None if valid is None else predefined_split(valid),
                callbacks=[*self._shared_callbacks(valid is not None), *spec.callbacks],
                device=device,
                verbose=int(self.verbose),
                l1_alpha=spec.l1_alpha,
                optimizer__weight_decay=self.alpha,
                **{f"optimizer__{k}": v for k, v in spec.optimizer_kwargs.items()},
            )
            with warnings.catch_warnings():
                # skorch warns that an initialised module/criterion is re-used: intended.
                warnings.filterwarnings("ignore", message=".*initialized.*", category=UserWarning)
                net.fit(train, y=None)
        module = net.module_.eval()
        history = []
        for row in net.history:
            entry = {
                k: row[k] for k in ("epoch", "train_loss", "valid_loss", "lr", "dur") if k in row
            }
            entry = {k: (v if k == "epoch" else float(v)) for k, v in entry.items()}
            if "valid_loss_best" in row:
                entry["best"] = bool(row["valid_loss_best"])
            history.append(entry)
        return module, history

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
        from ._data import is_streamed

        check_is_fitted(self)
        checked = self._validate_input(X, reset=False)
        if is_streamed(X) and X.dtype == checked.dtype:
            checked = X  # predict batch by batch from the file
        return self._predict_array(checked)

    def _predict_array(self, X: Any) -> np.ndarray:
        """Predictions for validated input (see :meth:`predict`)."""
        import torch

        from ._data import ArrayDataset, BatchIterator, to_tensor

        device = available_device(self.device_)
        X_t = to_tensor(X, device if not sp.issparse(X) else "cpu")
        out = np.empty((X.shape[0], self.n_outputs_), dtype=np.float64)
        rows = self._predict_batch_size or self.batch_size
        batches = BatchIterator(ArrayDataset(X_t, device=device), batch_size=rows)
        for module, group in zip(self.modules_, self.output_groups_):
            # one network holds every output: write a slice, not a column scatter
            columns: Any = slice(None) if len(group) == self.n_outputs_ else group
            module.to(device).eval()
            start = 0
            with torch.no_grad():
                for X_batch, _ in batches:
                    n = X_batch.shape[0]
                    X_batch = X_batch.to(device)
                    if n < rows:  # the same shape for every pass: see _predict_batch_size
                        padding = X_batch.new_zeros((rows - n, *X_batch.shape[1:]))
                        X_batch = torch.cat([X_batch, padding])
                    pred = self._predict_batch(module, X_batch)[:n].cpu().numpy()
                    out[start : start + n, columns] = pred
                    start += n
        scaled = np.any(self.target_offset_ != 0) or np.any(self.target_scale_ != 1)
        if scaled:  # in place: the output can be large
            out *= self.target_scale_
            out += self.target_offset_
        return out.ravel() if self._y_ndim == 1 else out

    @property
    def module_(self) -> Any:
        """The trained torch module (the first one when targets are split)."""
        check_is_fitted(self, "modules_")
        return self.modules_[0]

    # -- pickling ----------------------------------------------------------
    def __getstate__(self) -> dict:
        state = super().__getstate__()
        if "modules_" in state:  # CPU copies: unpickles on machines without the GPU
            state["modules_"] = [
                m if next(m.parameters()).device.type == "cpu" else copy.deepcopy(m).cpu()
                for m in state["modules_"]
            ]
        return state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        tags.target_tags.multi_output = True
        tags.target_tags.single_output = True
        return tags


class BaseMLPRegressor(BaseTorchRegressor):
    """Base class of the fully connected (tabular) networks (not for direct use).

    Adds ``hidden_layer_sizes``, ``dropout``, ``linear_skip`` and
    ``standardize_target`` to the shared parameters.
    """

    _parameter_constraints: dict = {
        **BaseTorchRegressor._parameter_constraints,
        "hidden_layer_sizes": [tuple, list],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "linear_skip": ["boolean", StrOptions({"auto"})],
        "standardize_target": ["boolean"],
    }

    def _mlp(self, n_features: int, n_outputs: int, datasets: list, **kwargs: Any) -> Any:
        """The MLP module; with ``linear_skip`` its linear path holds the ridge fit."""
        from ._modules import MLP

        datasets = [d for d in datasets if d is not None]
        n_rows = sum(len(d) for d in datasets)
        skip = self.linear_skip
        if skip == "auto":
            # Measured: with few rows per feature (the 74 arrays, 421 genes, 80-row
            # linear data) the ridge path secures ridge's accuracy; with many
            # (8,641 histone genes x 14 marks, 1,125 x 10) the network alone learns
            # more. Any threshold from 5 to 30 separates the measured cases.
            skip = n_rows < _AUTO_SKIP_ROWS_PER_FEATURE * n_features
        self.linear_skip_ = bool(skip)
        module = MLP(
            n_features, self._hidden_layer_sizes(), n_outputs,
            dropout=self.dropout, linear_skip=self.linear_skip_, **kwargs,
        )  # fmt: skip
        if self.linear_skip_:
            _start_at_ridge(module, datasets)
        return module

    def _target_scaling(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not self.standardize_target:
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

    def _validate_input(self, X: Any, y: Any = "no_validation", *, reset: bool) -> Any:
        if reset:
            self._hidden_layer_sizes()
        return super()._validate_input(X, y, reset=reset)


# linear_skip="auto" takes the ridge path below this many training rows per feature
_AUTO_SKIP_ROWS_PER_FEATURE = 20
# Ridge penalties searched (by efficient leave-one-out) for the linear path
_RIDGE_ALPHAS = np.logspace(-2, 5, 15)


def _start_at_ridge(module: Any, datasets: list) -> None:
    """Put the ridge solution of all rows given to ``fit`` into the module's linear path.

    The network is the linear model a user would otherwise fit, and the
    hidden layers learn what it misses. ``RidgeCV`` picks its penalty by its
    own leave-one-out, so it may see the validation rows too (as the base model
    of a stack does): held out, they would cost the linear model a tenth of
    the data, which on small data sets is more than the network gains. The
    validation rows still decide how long the correction trains.
    """
    import scipy.sparse as sp
    import torch

    parts = [_rows(dataset) for dataset in datasets]
    stack = sp.vstack if any(sp.issparse(X) for X, _ in parts) else np.vstack
    X = stack([X for X, _ in parts])
    y = np.vstack([y for _, y in parts])
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
    import torch

    X, y = dataset.X, dataset.y.cpu().numpy()
    if dataset.row_index is not None:  # a memory map restricted to some rows: its own reader
        return dataset.rows(np.arange(len(dataset))).cpu().numpy(), y
    if isinstance(X, torch.Tensor):
        return X.cpu().numpy(), y
    return X, y


def check_target(y: Any, n_samples: int, estimator_name: str = "The estimator") -> np.ndarray:
    """Validate a neural estimator's target: float64, 1-D or 2-D, NaN = not measured.

    A NaN in 2-D ``y`` marks an entry that was not measured; every row and
    every column must keep at least one measured value. 1-D ``y`` must be
    measured everywhere. Infinity is an error anywhere. Errors name the row
    or column.
    """
    from sklearn.utils import check_array, check_consistent_length

    if y is None:  # the wording sklearn's checks expect
        raise ValueError(f"{estimator_name} requires y to be passed, but the target y is None.")
    y = check_array(
        y, ensure_2d=False, ensure_all_finite=False, dtype="numeric", input_name="y"
    ).astype(np.float64, copy=False)
    if y.ndim > 2:
        raise ValueError(f"y must be 1-D or 2-D, got shape {y.shape}.")
    check_consistent_length(np.empty(n_samples), y)
    if np.isinf(y).any():
        row = int(np.argmax(np.isinf(y).reshape(len(y), -1).any(axis=1)))
        raise ValueError(f"Input y contains infinity (row {row}).")
    missing = np.isnan(y)
    if not missing.any():
        return y
    if y.ndim == 1:
        rows = np.flatnonzero(missing)
        raise ValueError(
            f"Input y contains NaN (row {rows[0]}{_and_more(rows)}). NaN marks a missing "
            f"measurement only in 2-D y (one column per library or condition); a 1-D target "
            f"must be measured in every row: drop those rows."
        )
    empty_rows = np.flatnonzero(missing.all(axis=1))
    if len(empty_rows):
        raise ValueError(
            f"Row {empty_rows[0]}{_and_more(empty_rows)} of y has no measured value (all "
            f"NaN): there is nothing to learn from it; drop it."
        )
    empty_columns = np.flatnonzero(missing.all(axis=0))
    if len(empty_columns):
        raise ValueError(
            f"Column {empty_columns[0]}{_and_more(empty_columns)} of y has no measured value "
            f"(all NaN): its output cannot be trained; drop it."
        )
    return y


def _and_more(index: np.ndarray) -> str:
    return f" and {len(index) - 1} more" if len(index) > 1 else ""


def _no_y(y: Any) -> bool:
    return isinstance(y, str) and y == "no_validation"


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
