"""OpennessMLP: expression from TSS-binned chromatin openness."""

from __future__ import annotations

from numbers import Real
from typing import Any

from sklearn.utils._param_validation import Interval, StrOptions

from ._base import BaseMLPRegressor, NetworkSpec
from ._docstrings import fill_parameter_docs

__all__ = ["OpennessMLP"]


@fill_parameter_docs
class OpennessMLP(BaseMLPRegressor):
    """Fully connected regressor from binned openness around the TSS to expression.

    The model of the openness study: three hidden layers of 1000 units and one
    output (a "[1000, 1000, 1000, 1]" network), Adam (learning rate 1e-3,
    betas 0.9 and 0.999), batches of 10,000 rows, at most 150 epochs; L1 and
    L2 penalties on the weights and dropout regularise it; the study's smaller
    architecture is ``hidden_layer_sizes=(1000, 500, 250)``. It takes the
    sparse output of :class:`~sklearn_genexpr.preprocessing.TSSBinner`
    directly (densified one batch at a time).

    The defaults are safe on small data, measured on the shipped K562 data
    (421 chr22 genes, held out by gene): early stopping on a 10%% validation
    split with the best epoch kept, weight decay 1e-2, standardised targets,
    and, with few rows per feature, a linear path holding the ridge solution
    beside the hidden layers (``linear_skip="auto"``), so that few rows and a
    linear truth cost nothing against ridge while the hidden layers still
    learn what ridge misses. The
    study's own rule (all rows train, stop at the first epoch that improves
    the training loss by less than 1e-5, no weight decay) is
    ``early_stopping=False, n_iter_no_change=1, tol=1e-5, alpha=0,
    linear_skip=False``: on those data it stopped after 2 epochs at Spearman
    0.08, where these defaults reach 0.55, level with ridge on the same
    features.

    Read more in the :ref:`User Guide <openness>`.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(1000, 1000, 1000)
        Widths of the hidden layers.
    activation : {"relu", "tanh", "logistic"}, default="relu"
        Activation of the hidden layers.
    dropout : float, default=0.0
        Dropout after every hidden layer.
    alpha_l1 : float, default=0.0
        Weight of the L1 penalty ``sum(|W|)`` over all weight matrices (not
        biases), added to the batch's mean squared error.
    beta_1, beta_2 : float, default=0.9, 0.999
        Adam's moment decay rates.
    %(mlp_parameters)s
    %(training_parameters)s

    Attributes
    ----------
    module_ : torch.nn.Module
        The trained network.
    modules_ : list of torch.nn.Module
        ``[module_]``.
    history_ : list of dict
        Per epoch: ``epoch``, ``train_loss``, ``valid_loss`` and ``best`` (with
        ``early_stopping``), ``lr``, ``dur`` (seconds).
    linear_skip_ : bool
        Whether the network has the ridge path (see ``linear_skip``).
    histories_ : list of list of dict
        ``[history_]``.
    n_iter_ : int
        Epochs trained.
    n_outputs_ : int
        Number of targets.
    n_features_in_ : int
        Number of features seen in :meth:`fit`.
    feature_names_in_ : ndarray of shape ``(n_features_in_,)``
        Column names of X, when X was a DataFrame with string column names.
    device_ : str
        The device the model was trained on.

    See Also
    --------
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

    _parameter_constraints: dict = {
        **BaseMLPRegressor._parameter_constraints,
        "activation": [StrOptions({"relu", "tanh", "logistic"})],
        "alpha_l1": [Interval(Real, 0, None, closed="left")],
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
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        linear_skip: bool | str = "auto",
        standardize_target: bool = True,
        learning_rate_init: float = 1e-3,
        alpha: float = 1e-2,
        batch_size: int = 10_000,
        max_iter: int = 150,
        early_stopping: bool = True,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 20,
        tol: float = 1e-4,
        random_state: Any = None,
        verbose: int = 0,
        device: str = "auto",
    ) -> None:
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.dropout = dropout
        self.alpha_l1 = alpha_l1
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.linear_skip = linear_skip
        self.standardize_target = standardize_target
        super().__init__(
            learning_rate_init=learning_rate_init, alpha=alpha, batch_size=batch_size,
            max_iter=max_iter, early_stopping=early_stopping,
            validation_fraction=validation_fraction, n_iter_no_change=n_iter_no_change,
            tol=tol, random_state=random_state, verbose=verbose, device=device,
        )  # fmt: skip

    def _build_network(
        self, n_features: int, n_outputs: int, train: Any, valid: Any = None
    ) -> NetworkSpec:
        import torch

        from ._modules import SquaredError

        return NetworkSpec(
            module=self._mlp(n_features, n_outputs, [train, valid], activation=self.activation),
            criterion=SquaredError(),
            optimizer=torch.optim.Adam,
            optimizer_kwargs={"betas": (self.beta_1, self.beta_2)},
            l1_alpha=self.alpha_l1,
        )
