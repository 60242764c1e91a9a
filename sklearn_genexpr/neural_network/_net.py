"""The skorch nets the estimators train and keep (``net_``).

skorch runs the loop, the callbacks, the history, device moves and pickling;
:class:`GenexprNet` adds only what skorch has no place for, at its own
extension point ``get_loss``: ``MLPRegressor``'s L2 penalty on the weights
(never the biases) and an optional L1 penalty. The masked multi-task loss is
the criterion (:class:`~sklearn_genexpr.neural_network._modules.MaskedLoss`).
"""

from __future__ import annotations

from typing import Any

from skorch import NeuralNet
from skorch.hf import AccelerateMixin  # imports no Hugging Face library itself

__all__ = ["AcceleratedGenexprNet", "GenexprNet", "weight_penalty"]


def penalized_weights(module: Any) -> list:
    """The parameters the penalties act on: the trained weight matrices and
    convolution kernels (``ndim >= 2``); biases, batch-norm and PReLU
    parameters are 1-D and never penalised, as in ``MLPRegressor``, where
    ``alpha`` acts on ``coefs_`` only. A frozen path (``requires_grad=False``)
    is not trained, so not penalised either."""
    return [p for p in module.parameters() if p.ndim >= 2 and p.requires_grad]


def weight_penalty(module: Any, alpha: float, alpha_l1: float, n_samples: int) -> Any:
    """``0.5 * alpha * sum(W ** 2) / n_samples + alpha_l1 * sum(|W|)`` over the weights.

    The L2 term is ``MLPRegressor``'s (``_backprop`` adds ``0.5 * alpha *
    sum(||W||^2) / n_samples`` for a batch of ``n_samples`` rows).

    Parameters
    ----------
    module : torch.nn.Module
        The network.
    alpha : float
        Strength of the L2 penalty.
    alpha_l1 : float
        Strength of the L1 penalty.
    n_samples : int
        Rows in the batch.

    Returns
    -------
    penalty : torch.Tensor or float
        0.0 when both strengths are 0.
    """
    weights = penalized_weights(module)
    penalty: Any = 0.0
    if alpha:
        penalty = penalty + 0.5 * alpha * sum((w**2).sum() for w in weights) / n_samples
    if alpha_l1:
        penalty = penalty + alpha_l1 * sum(w.abs().sum() for w in weights)
    return penalty


class GenexprNet(NeuralNet):
    """skorch's ``NeuralNet`` whose training loss adds the weight penalties.

    Parameters
    ----------
    *args, **kwargs
        As for :class:`skorch.NeuralNet`.
    alpha : float, default=0.0
        L2 penalty on the weights, as ``MLPRegressor`` scales it.
    alpha_l1 : float, default=0.0
        L1 penalty on the weights.
    """

    def __init__(self, *args: Any, alpha: float = 0.0, alpha_l1: float = 0.0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.alpha = alpha
        self.alpha_l1 = alpha_l1

    def get_default_callbacks(self) -> list:
        """skorch's defaults, with the epoch table coloured only on a terminal."""
        from ._callbacks import TTYPrintLog

        return [
            (name, TTYPrintLog() if name == "print_log" else callback)
            for name, callback in super().get_default_callbacks()
        ]

    def get_loss(self, y_pred: Any, y_true: Any, X: Any = None, training: bool = False) -> Any:
        loss = super().get_loss(y_pred, y_true, X=X, training=training)
        if training and (self.alpha or self.alpha_l1):
            loss = loss + weight_penalty(self.module_, self.alpha, self.alpha_l1, len(y_true))
        return loss


class AcceleratedGenexprNet(AccelerateMixin, GenexprNet):
    """:class:`GenexprNet` through skorch's ``AccelerateMixin``: mixed precision,
    several GPUs or processes (Hugging Face Accelerate).

    Parameters
    ----------
    *args, **kwargs
        As for :class:`GenexprNet`, plus ``accelerator`` (an
        ``accelerate.Accelerator``).
    """

    _criteria: list  # skorch's registry of the net's criteria (set by NeuralNet)

    def _initialize_accelerator(self) -> AcceleratedGenexprNet:
        # The criterion has no parameters: wrapped in DistributedDataParallel, as
        # skorch's mixin would, it raises under several processes. It only needs its
        # buffers (the soft head's bins) on the accelerator's device.
        criteria, self._criteria = list(self._criteria), []
        try:
            super()._initialize_accelerator()
        finally:
            self._criteria = criteria
        for name in criteria:
            getattr(self, name + "_").to(self.accelerator.device)
        return self
