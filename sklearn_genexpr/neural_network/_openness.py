"""OpennessMLP: expression from TSS-binned chromatin openness."""

from __future__ import annotations

from numbers import Real
from typing import Any

from sklearn.utils._param_validation import Interval, StrOptions

from ._base import BaseNeuralRegressor

__all__ = ["OpennessMLP"]


class OpennessMLP(BaseNeuralRegressor):
    """Fully connected regressor from binned openness around the TSS to expression.

    The model of the openness study: three hidden layers of 1000 units and one
    output (a "[1000, 1000, 1000, 1]" network), Adam (lr 1e-3, betas 0.9 and
    0.999), batches of 10,000 rows, trained until the training loss improves
    by less than ``tol`` (1e-5) or for 150 epochs; L1 and L2 penalties on the
    weights and dropout regularise it; the study's smaller architecture is
    ``hidden_layer_sizes=(1000, 500, 250)``. It takes the sparse output of
    :class:`~sklearn_genexpr.preprocessing.TSSBinner` directly (densified one
    batch at a time).

    Read more in the :ref:`User Guide <openness>`.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(1000, 1000, 1000)
    activation : {"relu", "tanh", "logistic"}, default="relu"
    dropout : float, default=0.0
        Dropout after every hidden layer.
    alpha_l1 : float, default=0.0
        Weight of the L1 penalty ``sum(|W|)`` over all weight matrices (not
        biases), added to the batch's mean squared error.
    alpha_l2 : float, default=0.0
        Weight of the L2 penalty ``sum(W**2)``.
    lr : float, default=1e-3
    beta_1, beta_2 : float, default=0.9, 0.999
        Adam's moment decay rates.
    batch_size : int, default=10_000
    max_epochs : int, default=150
    early_stopping : bool, default=False
        Stop on a plateau of the validation loss instead of the training loss.
    validation_fraction : float or None, default=None
        Held-out share of rows for a validation loss (and best-epoch
        restoration). The study trained on everything: None.
    n_iter_no_change : int or None, default=1
        Epochs without an improvement of at least ``tol`` before stopping;
        1 is the study's rule (stop at the first epoch that improves by less
        than ``tol``).
    tol : float, default=1e-5
    random_state : int, RandomState instance or None, default=None
    verbose : int, default=0
    device : str, default="auto"

    Attributes
    ----------
    module_ : torch.nn.Module
    modules_ : list of torch.nn.Module
    history_ : list of dict
    n_outputs_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray
    device_ : str

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
    >>> model = OpennessMLP(hidden_layer_sizes=(32, 16), batch_size=64, lr=1e-2,
    ...                     max_epochs=40, random_state=0, device="cpu").fit(X, y)
    >>> model.predict(X[:3]).shape
    (3,)
    """

    _parameter_constraints: dict = {
        **BaseNeuralRegressor._parameter_constraints,
        "activation": [StrOptions({"relu", "tanh", "logistic"})],
        "alpha_l1": [Interval(Real, 0, None, closed="left")],
        "alpha_l2": [Interval(Real, 0, None, closed="left")],
        "beta_1": [Interval(Real, 0, 1, closed="left")],
        "beta_2": [Interval(Real, 0, 1, closed="left")],
    }

    def __init__(
        self,
        hidden_layer_sizes: tuple[int, ...] = (1000, 1000, 1000),
        *,
        activation: str = "relu",
        dropout: float = 0.0,
        alpha_l1: float = 0.0,
        alpha_l2: float = 0.0,
        lr: float = 1e-3,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        batch_size: int = 10_000,
        max_epochs: int = 150,
        early_stopping: bool = False,
        validation_fraction: float | None = None,
        n_iter_no_change: int | None = 1,
        tol: float = 1e-5,
        random_state: Any = None,
        verbose: int = 0,
        device: str = "auto",
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.alpha_l1 = alpha_l1
        self.alpha_l2 = alpha_l2
        self.lr = lr
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose
        self.device = device

    def _build_module(self, n_features: int, n_outputs: int) -> Any:
        from ._modules import MLP

        return MLP(n_features, self._check_hidden_layer_sizes(), n_outputs,
                   activation=self.activation, dropout=self.dropout)

    def _criterion(self) -> Any:
        import torch

        return torch.nn.MSELoss()

    def _optimizer(self) -> tuple[type, dict]:
        import torch

        return torch.optim.Adam, {"betas": (self.beta_1, self.beta_2)}

    def _penalty(self, module: Any) -> Any:
        if not (self.alpha_l1 or self.alpha_l2):
            return None
        weights = [p for name, p in module.named_parameters() if name.endswith("weight")]
        penalty = 0.0
        if self.alpha_l1:
            penalty = penalty + self.alpha_l1 * sum(w.abs().sum() for w in weights)
        if self.alpha_l2:
            penalty = penalty + self.alpha_l2 * sum((w * w).sum() for w in weights)
        return penalty
