"""skorch callbacks for the training rules skorch has no callback for, one rule each.

Early stopping with best-epoch restore and the plateau schedule are skorch's
own ``EarlyStopping(load_best=True)`` and ``LRScheduler``; see ``_base.py``.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from skorch.callbacks import Callback, LRScheduler, PrintLog

__all__ = [
    "StopOnDivergence",
    "RecordLearningRate",
    "DecayLROnTrainLossRise",
    "SwitchToSGD",
    "StochasticWeightAveraging",
    "TTYPrintLog",
]

# A batch loss this many times the first batch's loss is a diverged run: an
# exploding network reaches 1e30 long before it reaches inf.
_DIVERGENCE_FACTOR = 1e6


class StopOnDivergence(Callback):
    """Raise ``FloatingPointError`` naming the epoch when the loss explodes.

    A batch loss that is not finite, or that exceeds ``1e6`` times the first
    training batch's loss (at least ``1e6``: a network that starts at the ridge
    solution of exactly linear data has a first loss near 0), ends training:
    the weights are garbage from there on.
    """

    def initialize(self) -> StopOnDivergence:
        self.first_loss_: float | None = None
        return self

    def on_batch_end(
        self, net: Any, batch: Any = None, training: bool = False, loss: Any = None, **kwargs: Any
    ) -> None:
        if loss is None:
            return
        value = float(loss.detach())
        if training and self.first_loss_ is None and math.isfinite(value):
            self.first_loss_ = value
        limit = _DIVERGENCE_FACTOR * max(self.first_loss_ or 0.0, 1.0)
        if not math.isfinite(value) or (self.first_loss_ is not None and value > limit):
            kind = "training" if training else "validation"
            raise FloatingPointError(
                f"The {kind} loss became {value:.4g} at epoch {len(net.history)} "
                f"(first batch: {self.first_loss_:.4g}); training diverged. Lower "
                f"`learning_rate_init`, or check the scale of X and y (standardise them)."
            )


class RecordLearningRate(Callback):
    """Record the learning rate of each epoch as ``lr`` in the history."""

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        net.history.record("lr", net.optimizer_.param_groups[0]["lr"])


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


class SwitchToSGD(Callback):
    """After epoch ``epoch``, continue with SGD (momentum 0.9) at a tenth of the
    current learning rate (the DREAM 2022 ResNet's recipe).

    skorch's ``LRScheduler`` callbacks are re-bound to the new optimizer, so a
    plateau schedule keeps working after the switch.
    """

    def __init__(self, epoch: int, weight_decay: float) -> None:
        self.epoch = epoch
        self.weight_decay = weight_decay

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        import torch

        if len(net.history) != self.epoch:
            return
        lr = net.optimizer_.param_groups[0]["lr"] / 10
        net.optimizer_ = torch.optim.SGD(
            net.module_.parameters(), lr=lr, momentum=0.9, weight_decay=self.weight_decay
        )
        for _, callback in net.callbacks_:
            if isinstance(callback, LRScheduler):
                callback.on_train_begin(net)  # builds its scheduler on net.optimizer_


class StochasticWeightAveraging(Callback):
    """SWA with cosine annealing from epoch ``start``: average the weights of the
    remaining epochs, recompute batch-norm statistics, and end with the average."""

    def __init__(self, start: int, swa_lr: float, train_dataset: Any, batch_size: int) -> None:
        self.start = start
        self.swa_lr = swa_lr
        self.train_dataset = train_dataset
        self.batch_size = batch_size

    def initialize(self) -> StochasticWeightAveraging:
        self.averaged_: Any = None
        self.scheduler_: Any = None
        return self

    def on_epoch_begin(self, net: Any, **kwargs: Any) -> None:
        from torch.optim.swa_utils import SWALR

        epoch = len(net.history)  # the epoch starting now, 1-based
        if epoch == self.start and self.scheduler_ is None:
            remaining = max(1, net.max_epochs - self.start + 1)
            self.scheduler_ = SWALR(
                net.optimizer_, swa_lr=self.swa_lr, anneal_epochs=remaining, anneal_strategy="cos"
            )

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


class TTYPrintLog(PrintLog):
    """skorch's epoch table (``verbose=1``), coloured only on a terminal.

    skorch colours the best epochs' values with ANSI escapes whatever the
    output is; written to a log file they are noise. Colour is kept when
    standard output is a TTY.
    """

    def format_row(self, row: Any, key: str, color: str) -> Any:
        if not _stdout_is_tty():
            row = {k: v for k, v in row.items() if k != key + "_best"}
        return super().format_row(row, key, color)


def _stdout_is_tty() -> bool:
    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())
