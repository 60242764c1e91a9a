"""The skorch net the estimators drive (private: users never see it)."""

from __future__ import annotations

from typing import Any

from skorch import NeuralNet

__all__ = ["PenalizedNet"]


class PenalizedNet(NeuralNet):
    """``NeuralNet`` whose training loss adds ``penalty(module)`` (L1/L2 on weights).

    ``penalty`` is set as an attribute after construction: a callable taking the
    module and returning a scalar tensor or None.
    """

    penalty = None

    def get_loss(self, y_pred: Any, y_true: Any, X: Any = None, training: bool = False) -> Any:
        loss = super().get_loss(y_pred, y_true, X=X, training=training)
        if training and self.penalty is not None:
            extra = self.penalty(self.module_)
            if extra is not None:
                loss = loss + extra
        return loss
