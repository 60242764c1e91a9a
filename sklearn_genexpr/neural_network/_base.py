"""The sklearn estimator that builds and drives a skorch net inside ``fit``.

Every neural estimator of the package derives from :class:`BaseNeuralRegressor`.
Its ``__init__`` only stores parameters (so ``clone``, ``GridSearchCV`` and
sklearn's estimator checks work); ``fit`` validates the data, builds the
torch module for the data's width, and trains it with a skorch ``NeuralNet``
configured by the subclass's hooks. The fitted estimator keeps the trained
module(s) and a plain-Python training history, not the skorch net, so that
it pickles small and unpickles anywhere (a GPU-trained model predicts on a
CPU-only machine).
"""

from __future__ import annotations

import copy
import warnings
from numbers import Integral, Real
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, RegressorMixin, _fit_context
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import Interval
from sklearn.utils.validation import check_is_fitted, validate_data

from .._device import available_device, resolve_device, seeded

__all__ = ["BaseNeuralRegressor"]

# Rows per forward pass in predict: large batches, bounded memory.
_PREDICT_BATCH = 4096


class BaseNeuralRegressor(RegressorMixin, BaseEstimator):
    """Base class of the skorch-driven regressors (not for direct use).

    Subclasses define ``__init__`` with their parameters and implement
    :meth:`_build_module`, :meth:`_criterion`, :meth:`_optimizer`, and
    optionally :meth:`_extra_callbacks`, :meth:`_penalty` and
    :meth:`_output_groups`. They must have the parameters ``lr``,
    ``batch_size``, ``max_epochs``, ``early_stopping``,
    ``validation_fraction``, ``n_iter_no_change``, ``tol``, ``random_state``,
    ``verbose`` and ``device``.
    """

    _parameter_constraints: dict = {
        "hidden_layer_sizes": [tuple, list],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "lr": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_epochs": [Interval(Integral, 1, None, closed="left")],
        "early_stopping": ["boolean"],
        "validation_fraction": [Interval(Real, 0, 1, closed="left"), None],
        "n_iter_no_change": [Interval(Integral, 1, None, closed="left"), None],
        "tol": [Interval(Real, 0, None, closed="left")],
        "random_state": ["random_state"],
        "verbose": ["verbose"],
        "device": [str],
    }

    # -- hooks -------------------------------------------------------------
    def _build_module(self, n_features: int, n_outputs: int) -> Any:
        raise NotImplementedError

    def _criterion(self) -> Any:
        raise NotImplementedError

    def _optimizer(self) -> tuple[type, dict]:
        """The torch optimizer class and its keyword arguments (lr excluded)."""
        raise NotImplementedError

    def _extra_callbacks(self, train_dataset: Any) -> list:
        """Callbacks after the training monitor (schedules, SWA...)."""
        return []

    def _penalty(self, module: Any) -> Any:
        """A term added to the training loss (e.g. L1/L2 on weights), or None."""
        return None

    def _output_groups(self, n_outputs: int, rng: np.random.RandomState) -> list[np.ndarray]:
        """Columns of y trained as separate networks; default: one network."""
        return [np.arange(n_outputs)]

    def _check_fit_input(self, X: Any, y: Any) -> tuple[Any, np.ndarray]:
        """Validated (X, y) for training: 2-D numeric X (dense or CSR) by default."""
        self._check_hidden_layer_sizes()
        return validate_data(
            self, X, y, accept_sparse="csr", dtype=(np.float32, np.float64),
            multi_output=True, y_numeric=True,
        )

    def _check_predict_input(self, X: Any) -> Any:
        return validate_data(self, X, accept_sparse="csr", dtype=(np.float32, np.float64),
                             reset=False)

    def _augment(self, X: Any, y: np.ndarray) -> tuple[Any, np.ndarray]:
        """Training rows after augmentation (validation rows are never augmented)."""
        return X, y

    def _train_iterator(self) -> tuple[type, dict]:
        """Batch iterator class for training and its extra keyword arguments."""
        from ._data import BatchIterator

        return BatchIterator, {}

    def _predict_batch(self, module: Any, X_batch: Any) -> Any:
        """Network output used as the prediction of a batch."""
        return module(X_batch)

    def _predict_batch_size(self) -> int:
        """Rows per forward pass in predict: large for MLPs (matrix products)."""
        return _PREDICT_BATCH

    # -- fitting -----------------------------------------------------------
    def _check_hidden_layer_sizes(self) -> tuple[int, ...]:
        sizes = tuple(self.hidden_layer_sizes)
        if not all(isinstance(s, Integral) and s >= 1 for s in sizes):
            raise ValueError(
                f"hidden_layer_sizes must be positive integers, got {self.hidden_layer_sizes!r}."
            )
        return sizes

    def _validation_split(self, n_samples: int, rng: np.random.RandomState) -> np.ndarray | None:
        """Indices of the validation rows, or None (no validation pass)."""
        if not self.validation_fraction:
            return None
        n_valid = int(round(n_samples * self.validation_fraction))
        if n_valid < 1 or n_samples - n_valid < 1:
            return None  # too few samples to hold some out
        return np.sort(rng.permutation(n_samples)[:n_valid])

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X: Any, y: Any) -> BaseNeuralRegressor:
        """Build and train the network.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Training data; float64 is cast to float32, CSR is densified per batch.
        y : array-like of shape (n_samples,) or (n_samples, n_outputs)
            Targets. Predictions have the same number of dimensions.

        Returns
        -------
        self : estimator instance
        """
        from ._data import is_streamed

        streamed = X if is_streamed(X) else None
        X, y = self._check_fit_input(X, y)
        if streamed is not None and streamed.dtype == X.dtype:
            X = streamed  # validated in place; keep it on disk, read per batch
        else:
            streamed = None  # converted in memory by the validation
        device = resolve_device(self.device)
        y = np.asarray(y)
        self._y_ndim = y.ndim
        y2 = y.reshape(y.shape[0], -1).astype(np.float32)
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
        X_train, y_train = self._augment(X_train, y_train)
        modules, histories = [], []
        for columns in groups:
            module, history = self._train_network(
                X_train, y_train[:, columns], X_valid,
                None if y_valid is None else y_valid[:, columns],
                device, seed, train_rows, valid_rows,
            )
            modules.append(module)
            histories.append(history)
        self.modules_ = modules
        self.output_groups_ = groups
        self.history_ = histories[0] if len(histories) == 1 else histories
        self.n_outputs_ = y2.shape[1]
        self.device_ = device
        return self

    def _train_network(
        self, X_train: Any, y_train: np.ndarray, X_valid: Any, y_valid: Any,
        device: str, seed: int | None,
        train_rows: np.ndarray | None = None, valid_rows: np.ndarray | None = None,
    ) -> tuple[Any, list[dict]]:
        """Train one network; ``*_rows`` index a streamed X (see ``ArrayDataset``)."""
        from skorch.helper import predefined_split

        from ._callbacks import TrainingMonitor
        from ._data import ArrayDataset, BatchIterator, to_tensor
        from ._net import PenalizedNet

        iterator_train, iterator_kwargs = self._train_iterator()

        train = ArrayDataset(to_tensor(X_train, device), to_tensor(y_train, device),
                             rows=train_rows, device=device)
        valid = None
        if X_valid is not None:
            valid = ArrayDataset(to_tensor(X_valid, device), to_tensor(y_valid, device),
                                 rows=valid_rows, device=device)
        monitor = TrainingMonitor(
            stop_on="valid_loss" if (self.early_stopping and valid is not None) else "train_loss",
            best_on="valid_loss" if valid is not None else None,
            tol=self.tol,
            n_iter_no_change=self.n_iter_no_change,
        )
        optimizer, optimizer_kwargs = self._optimizer()
        with seeded(seed, device) as generator:
            module = self._build_module(X_train.shape[1], y_train.shape[1])
            net = PenalizedNet(
                module=module,
                criterion=self._criterion(),
                optimizer=optimizer,
                lr=self.lr,
                max_epochs=self.max_epochs,
                batch_size=self.batch_size,
                iterator_train=iterator_train,
                iterator_train__shuffle=True,
                iterator_train__generator=generator,
                **{f"iterator_train__{k}": v for k, v in iterator_kwargs.items()},
                iterator_valid=BatchIterator,
                train_split=None if valid is None else predefined_split(valid),
                callbacks=[monitor, *self._extra_callbacks(train)],
                device=device,
                verbose=int(self.verbose),
                **{f"optimizer__{k}": v for k, v in optimizer_kwargs.items()},
            )
            net.penalty = self._penalty
            with warnings.catch_warnings():
                # skorch warns that an initialised module/criterion is re-used: intended.
                warnings.filterwarnings("ignore", message=".*initialized.*", category=UserWarning)
                net.fit(train, y=None)
        module = net.module_.eval()
        keys = ("epoch", "train_loss", "valid_loss", "lr", "best", "dur")
        history = [
            {k: (row[k] if k in ("epoch", "best") else float(row[k])) for k in keys if k in row}
            for row in net.history
        ]
        return module, history

    # -- prediction --------------------------------------------------------
    def predict(self, X: Any) -> np.ndarray:
        """Predict with the trained network(s), in batches, without gradients.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,) or (n_samples, n_outputs), float64
            One dimension if ``y`` had one dimension in :meth:`fit`.
        """
        from ._data import is_streamed

        check_is_fitted(self)
        checked = self._check_predict_input(X)
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
        batches = BatchIterator(ArrayDataset(X_t, device=device),
                                batch_size=self._predict_batch_size())
        for module, columns in zip(self.modules_, self.output_groups_):
            module.to(device).eval()
            start = 0
            with torch.no_grad():
                for X_batch, _ in batches:
                    pred = self._predict_batch(module, X_batch.to(device)).cpu().numpy()
                    out[start : start + pred.shape[0], columns] = pred
                    start += pred.shape[0]
        return out.ravel() if self._y_ndim == 1 else out

    @property
    def module_(self) -> Any:
        """The trained torch module (the first one when targets are chunked)."""
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
