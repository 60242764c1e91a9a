"""What a network's outputs mean: the loss they train with, how they become
predictions, and which targets they can represent. One head per kind, shared by
every network that has that kind of output."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Head", "RegressionHead", "SoftBinHead", "make_head"]

# Bins of the soft-classification head beyond which y is not binned expression
_MAX_SOFT_BINS = 256


@dataclass(frozen=True)
class Head:
    """Base of the heads: one network output per target, trained with squared error."""

    def n_logits(self, n_outputs: int) -> int:
        """Outputs of the network for ``n_outputs`` targets."""
        return n_outputs

    def criterion(self) -> Any:
        """The elementwise loss ``(n, n_outputs)`` (reduced by ``MaskedLoss``)."""
        from ._modules import SquaredError

        return SquaredError()

    def decode(self, output: Any) -> Any:
        """Predictions ``(n, n_outputs)`` from the network's output (a tensor)."""
        return output


@dataclass(frozen=True)
class RegressionHead(Head):
    """A value per target; ``activation="softplus"`` keeps predictions >= 0.

    Parameters
    ----------
    activation : {"identity", "softplus"}
        The output activation, applied inside the network.
    """

    activation: str = "identity"


@dataclass(frozen=True)
class SoftBinHead(Head):
    """A distribution over expression bins per target, predicting its mean.

    Trained against a discretised Normal(y, ``sigma``) with the KL divergence
    (the DREAM 2022 winners' "soft classification").

    Parameters
    ----------
    bins : tuple of float
        The bin centres, integers from the lowest to the highest target.
    sigma : float
        Width of the Normal target.
    """

    bins: tuple[float, ...] = ()
    sigma: float = 0.5

    def n_logits(self, n_outputs: int) -> int:
        return n_outputs * len(self.bins)

    def _bins(self, device: Any = None) -> Any:
        import torch

        return torch.tensor(self.bins, dtype=torch.float32, device=device)

    def criterion(self) -> Any:
        from ._modules import SoftBinLoss

        return SoftBinLoss(self._bins(), sigma=self.sigma)

    def decode(self, output: Any) -> Any:
        from ._modules import expected_bin

        return expected_bin(output, self._bins(output.device))


def make_head(kind: str, y: np.ndarray, *, soft_sigma: float = 0.5) -> Head:
    """The head of ``kind`` for targets ``y``, or an error saying why y does not fit it.

    Parameters
    ----------
    kind : {"regression", "soft_classification", "identity"}
        ``"regression"`` is a softplus output (y >= 0), ``"identity"`` a
        linear one, ``"soft_classification"`` one bin per integer of y's range.
    y : ndarray
        The training targets (NaN: not measured).
    soft_sigma : float, default=0.5
        Width of the soft head's Normal target.

    Returns
    -------
    head : Head
    """
    low, high = float(np.nanmin(y)), float(np.nanmax(y))
    if kind == "identity":
        return RegressionHead("identity")
    if kind == "soft_classification":
        n_bins = int(np.ceil(high) - np.floor(low)) + 1
        if n_bins > _MAX_SOFT_BINS:
            raise ValueError(
                f"The soft-classification head has one output per integer expression "
                f"value from {low:.4g} to {high:.4g}: {n_bins} outputs, more than "
                f"{_MAX_SOFT_BINS}. It is made for binned expression such as DREAM's "
                f"0-17; rescale y or use a regression head."
            )
        bins = tuple(float(b) for b in np.arange(np.floor(low), np.ceil(high) + 1))
        return SoftBinHead(bins=bins, sigma=float(soft_sigma))
    if low < 0:
        raise ValueError(
            f"head='regression' predicts through softplus (values >= 0), but y has "
            f"negative values (min {low:.4g}); shift y to be non-negative (e.g. "
            f"log-expression minus its minimum) or use head='soft_classification'."
        )
    return RegressionHead("softplus")
