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


class ReduceLROnPlateauCallback(Callback):
    """Multiply the learning rate by ``factor`` after ``patience`` epochs without
    improvement of ``monitor``; reads the optimizer afresh each epoch, so it
    keeps working after an optimizer switch."""

    def __init__(self, monitor: str, factor: float = 0.5, patience: int = 2,
                 min_lr: float = 1e-6) -> None:
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.min_lr = min_lr

    def initialize(self) -> ReduceLROnPlateauCallback:
        self.best_ = math.inf
        self.wait_ = 0
        return self

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        score = net.history[-1, self.monitor]
        if score < self.best_:
            self.best_, self.wait_ = score, 0
            return
        self.wait_ += 1
        if self.wait_ > self.patience:
            for group in net.optimizer_.param_groups:
                group["lr"] = max(group["lr"] * self.factor, self.min_lr)
            self.wait_ = 0


class SwitchToSGD(Callback):
    """After epoch ``epoch``, continue with SGD (momentum 0.9) at a tenth of the
    current learning rate (the DREAM 2022 ResNet's recipe)."""

    def __init__(self, epoch: int, weight_decay: float) -> None:
        self.epoch = epoch
        self.weight_decay = weight_decay

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        import torch

        if len(net.history) == self.epoch:
            lr = net.optimizer_.param_groups[0]["lr"] / 10
            net.optimizer_ = torch.optim.SGD(
                net.module_.parameters(), lr=lr, momentum=0.9, weight_decay=self.weight_decay
            )


class StochasticWeightAveraging(Callback):
    """SWA with cosine annealing from epoch ``start``: average the weights of the
    remaining epochs, recompute batch-norm statistics, and end with the average."""

    def __init__(self, start: int, swa_lr: float, train_dataset: Any, batch_size: int) -> None:
        self.start = start
        self.swa_lr = swa_lr
        self.train_dataset = train_dataset
        self.batch_size = batch_size

    def initialize(self) -> StochasticWeightAveraging:
        self.averaged_ = None
        self.scheduler_ = None
        return self

    def on_epoch_begin(self, net: Any, **kwargs: Any) -> None:
        from torch.optim.swa_utils import SWALR

        epoch = len(net.history)  # the epoch starting now, 1-based
        if epoch == self.start and self.scheduler_ is None:
            remaining = max(1, net.max_epochs - self.start + 1)
            self.scheduler_ = SWALR(net.optimizer_, swa_lr=self.swa_lr,
                                    anneal_epochs=remaining, anneal_strategy="cos")

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        from torch.optim.swa_utils import AveragedModel

        if self.scheduler_ is None:
            return
        if self.averaged_ is None:
            self.averaged_ = AveragedModel(net.module_)
        self.averaged_.update_parameters(net.module_)
        self.scheduler_.step()

    def on_train_end(self, net: Any, **kwargs: Any) -> None:
        import torch
        from torch.optim.swa_utils import update_bn

        from ._data import BatchIterator

        if self.averaged_ is None:
            return
        loader = BatchIterator(self.train_dataset, self.batch_size)
        update_bn(loader, self.averaged_, device=torch.device(net.device))
        net.module_.load_state_dict(self.averaged_.module.state_dict())
