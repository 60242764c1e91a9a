"""skorch callbacks that implement the training rules of the studies."""

from __future__ import annotations

import math
from typing import Any

from skorch.callbacks import Callback

__all__ = ["TrainingMonitor", "DecayLROnTrainLossRise"]


class TrainingMonitor(Callback):
    """Non-finite loss check, best-weights bookkeeping, plateau stopping, lr record.

    Parameters
    ----------
    stop_on : str
        History key whose plateau stops training ("train_loss" / "valid_loss").
    best_on : str or None
        History key whose best epoch's weights are restored at the end
        (kept in memory: no checkpoint files for parallel searches to overwrite).
    tol : float
        Minimum improvement of ``stop_on`` that resets the patience counter.
    n_iter_no_change : int or None
        Epochs without such an improvement before stopping; None never stops.
    """

    def __init__(
        self, stop_on: str, best_on: str | None, tol: float, n_iter_no_change: int | None
    ) -> None:
        self.stop_on = stop_on
        self.best_on = best_on
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change

    def initialize(self) -> TrainingMonitor:
        self.best_score_ = math.inf
        self.best_epoch_ = 0
        self.best_weights_: dict[str, Any] | None = None
        self.stop_best_ = math.inf
        self.stall_ = 0
        return self

    def on_batch_end(self, net: Any, batch: Any = None, training: bool = False,
                     loss: Any = None, **kwargs: Any) -> None:
        if loss is not None and not math.isfinite(float(loss.detach())):
            kind = "training" if training else "validation"
            raise FloatingPointError(
                f"The {kind} loss became {float(loss.detach())} at epoch {len(net.history)}; "
                f"training diverged. Lower `lr`, or check the scale of X and y "
                f"(standardise them)."
            )

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        history = net.history
        history.record("lr", net.optimizer_.param_groups[0]["lr"])
        epoch = len(history)
        if self.best_on is not None:
            score = history[-1, self.best_on]
            if score < self.best_score_:
                self.best_score_, self.best_epoch_ = score, epoch
                self.best_weights_ = {
                    k: v.detach().clone() for k, v in net.module_.state_dict().items()
                }
            history.record("best", self.best_epoch_ == epoch)
        if self.n_iter_no_change is not None:
            score = history[-1, self.stop_on]
            if score < self.stop_best_ - self.tol:
                self.stall_ = 0
            else:
                self.stall_ += 1
            self.stop_best_ = min(self.stop_best_, score)
            if self.stall_ >= self.n_iter_no_change:
                raise KeyboardInterrupt  # skorch's way to end training cleanly

    def on_train_end(self, net: Any, **kwargs: Any) -> None:
        if self.best_weights_ is not None:
            net.module_.load_state_dict(self.best_weights_)


class DecayLROnTrainLossRise(Callback):
    """Multiply the learning rate by ``factor`` when the epoch's training loss
    rises, down to ``min_lr`` (the D-GEX schedule)."""

    def __init__(self, factor: float = 0.9, min_lr: float = 1e-5) -> None:
        self.factor = factor
        self.min_lr = min_lr

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        losses = net.history[:, "train_loss"]
        if len(losses) >= 2 and losses[-1] > losses[-2]:
            for group in net.optimizer_.param_groups:
                group["lr"] = max(group["lr"] * self.factor, self.min_lr)
