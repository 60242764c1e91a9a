"""skorch callbacks for the training rules skorch has no callback for, one rule each.

Early stopping with best-epoch restore and the schedules are skorch's own
``EarlyStopping(load_best=True)`` and ``LRScheduler``, subclassed only where
``partial_fit`` and warm starts need them to behave as in ``MLPRegressor``.
A net trained by ``partial_fit`` has ``net.incremental = True``.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from skorch.callbacks import Callback, EarlyStopping, LRScheduler, PrintLog

__all__ = [
    "EarlyStoppingOnFit",
    "InverseScaling",
    "ResumableLRScheduler",
    "monitored_loss",
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

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        import torch

        if len(net.history) != self.epoch:
            return
        lr = net.optimizer_.param_groups[0]["lr"] / 10
        net.optimizer_ = torch.optim.SGD(
            (p for p in net.module_.parameters() if p.requires_grad), lr=lr, momentum=0.9
        )  # alpha stays a penalty in the loss: no weight_decay here
        for _, callback in net.callbacks_:
            if isinstance(callback, LRScheduler):
                callback.on_train_begin(net)  # builds its scheduler on net.optimizer_


class StochasticWeightAveraging(Callback):
    """SWA with cosine annealing from epoch ``start``: average the weights of the
    remaining epochs, recompute batch-norm statistics, and end with the average.

    The average replaces the weights when the epoch count reaches the net's
    ``max_epochs`` (or training stops early), never in between: a
    ``partial_fit`` loop trains on the running weights until then.
    """

    def __init__(self, start: int, swa_lr: float) -> None:
        self.start = start
        self.swa_lr = swa_lr

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

    def on_train_end(self, net: Any, X: Any = None, **kwargs: Any) -> None:
        import torch
        from torch.optim.swa_utils import update_bn

        from ._data import collated

        if self.averaged_ is None or X is None:
            return
        if getattr(net, "incremental", False) and len(net.history) < net.max_epochs:
            return
        # the training rows, one strand, in order: batch-norm statistics of the average
        loader = torch.utils.data.DataLoader(X, batch_size=net.batch_size, collate_fn=collated)
        update_bn((batch for batch, _ in loader), self.averaged_, device=torch.device(net.device))
        net.module_.load_state_dict(self.averaged_.module.state_dict())
        self.averaged_ = None  # a warm start averages its own epochs
        self.scheduler_ = None


def monitored_loss(net: Any) -> float:
    """The validation loss of the last epoch where there is one, else the training loss."""
    row = net.history[-1]
    return float(row["valid_loss"] if "valid_loss" in row else row["train_loss"])


class EarlyStoppingOnFit(EarlyStopping):
    """skorch's ``EarlyStopping``, idle in ``partial_fit``.

    As in ``MLPRegressor``, ``partial_fit`` trains on every row it is given:
    no validation split, no stopping, no best-epoch restore.
    """

    def on_epoch_end(self, net: Any, **kwargs: Any) -> None:
        if not getattr(net, "incremental", False):
            super().on_epoch_end(net, **kwargs)

    def on_train_end(self, net: Any, **kwargs: Any) -> None:
        if not getattr(net, "incremental", False):
            super().on_train_end(net, **kwargs)


class ResumableLRScheduler(LRScheduler):
    """skorch's ``LRScheduler`` that resumes a per-batch schedule where it stopped.

    skorch resumes a schedule at ``len(history) - 1`` steps, which is right
    for a per-epoch schedule and wrong for a per-batch one; a warm start or a
    ``partial_fit`` here continues from the batch reached. A schedule with
    ``total_steps`` (the one-cycle schedule) stays at its last rate after them.
    """

    def _get_scheduler(self, net: Any, policy: Any, **scheduler_kwargs: Any) -> Any:
        from torch.optim.lr_scheduler import ReduceLROnPlateau

        if policy is ReduceLROnPlateau or self.step_every != "batch":
            return super()._get_scheduler(net, policy, **scheduler_kwargs)
        steps = self.batch_idx_
        total = scheduler_kwargs.get("total_steps")
        if total is not None:
            steps = min(steps, total)
        scheduler_kwargs["last_epoch"] = steps - 1
        return policy(net.optimizer_, **scheduler_kwargs)

    def on_batch_end(self, net: Any, training: bool, **kwargs: Any) -> None:
        total = self.kwargs.get("total_steps")
        if training and total is not None and self.lr_scheduler_.last_epoch >= total:
            self.batch_idx_ += 1
            return
        super().on_batch_end(net, training, **kwargs)


class InverseScaling:
    """``MLPRegressor``'s ``learning_rate="invscaling"`` as a ``LambdaLR`` factor.

    After ``step`` batches of ``batch_size`` rows the rate is
    ``learning_rate_init / (step * batch_size + 1) ** power_t``.

    Parameters
    ----------
    batch_size : int
        Rows per batch.
    power_t : float
        The exponent.
    """

    def __init__(self, batch_size: int, power_t: float) -> None:
        self.batch_size = batch_size
        self.power_t = power_t

    def __call__(self, step: int) -> float:
        return 1.0 / float(step * self.batch_size + 1) ** self.power_t


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
