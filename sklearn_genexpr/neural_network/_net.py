"""The skorch net the estimators drive (private: users never see it)."""

from __future__ import annotations

from typing import Any

from skorch import NeuralNet

__all__ = ["PenalizedNet"]


class PenalizedNet(NeuralNet):
    """``NeuralNet`` whose training loss adds ``l1_alpha * sum(|W|)`` over weight matrices.

    Through skorch's ``get_loss`` extension point; ``l1_alpha`` is an ordinary
    constructor parameter (skorch's documented way to add one). Biases are not
    penalised. The L2 penalty is the optimizer's ``weight_decay``.
    """

    def __init__(self, *args: Any, l1_alpha: float = 0.0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.l1_alpha = l1_alpha

    def get_default_callbacks(self) -> list:
        """skorch's defaults, with the epoch table coloured only on a terminal."""
        from ._callbacks import TTYPrintLog

        return [
            (name, TTYPrintLog() if name == "print_log" else callback)
            for name, callback in super().get_default_callbacks()
        ]

    def get_loss(self, y_pred: Any, y_true: Any, X: Any = None, training: bool = False) -> Any:
        loss = super().get_loss(y_pred, y_true, X=X, training=training)
        if training and self.l1_alpha:
            weights = [p for name, p in self.module_.named_parameters() if name.endswith("weight")]
            loss = loss + self.l1_alpha * sum(w.abs().sum() for w in weights)
        return loss
