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
    bins : tuple of tuple of float
        The bin centres of each target, ``(n_outputs, n_bins)``, or one row
        shared by every target.
    sigma : tuple of float
        Width of the Normal target, in the targets' units, one per row of ``bins``.
    """

    bins: tuple[tuple[float, ...], ...] = ()
    sigma: tuple[float, ...] = (0.5,)

    def n_logits(self, n_outputs: int) -> int:
        return n_outputs * len(self.bins[0])

    def _bins(self, device: Any = None) -> Any:
        import torch

        return torch.tensor(self.bins, dtype=torch.float32, device=device)

    def criterion(self) -> Any:
        import torch

        from ._modules import SoftBinLoss

        return SoftBinLoss(self._bins(), sigma=torch.tensor(self.sigma, dtype=torch.float32))

    def decode(self, output: Any) -> Any:
        from ._modules import expected_bin

        return expected_bin(output, self._bins(output.device))


def make_head(
    kind: str, y: np.ndarray, *, soft_sigma: float = 0.5, soft_bins: str | int = "integers"
) -> Head:
    """The head of ``kind`` for targets ``y``, or an error saying why y does not fit it.

    Parameters
    ----------
    kind : {"regression", "soft_classification", "linear", "identity"}
        ``"regression"`` is a softplus output (y >= 0), ``"linear"`` (or
        ``"identity"``) a linear one for any real targets,
        ``"soft_classification"`` distributions over expression bins.
    y : ndarray of shape (n_samples, n_outputs)
        The training targets (NaN: not measured).
    soft_sigma : float, default=0.5
        Width of the soft head's Normal target, in bin widths.
    soft_bins : "integers" or int, default="integers"
        ``"integers"``: one bin per integer of the targets' range, shared by
        every output (for binned expression such as DREAM's 0-17). An int:
        that many equally spaced bins from each output's lowest to its highest
        training target (for any scale, such as MPRA log-ratios).

    Returns
    -------
    head : Head
    """
    y2 = np.asarray(y, dtype=float).reshape(len(y), -1)
    low, high = float(np.nanmin(y2)), float(np.nanmax(y2))
    if kind in ("identity", "linear"):
        return RegressionHead("identity")
    if kind == "soft_classification":
        if soft_bins != "integers":
            lows, highs = np.nanmin(y2, axis=0), np.nanmax(y2, axis=0)
            widths = np.where(highs > lows, (highs - lows) / (int(soft_bins) - 1), 1.0)
            rows = tuple(
                tuple(
                    float(v) for v in np.linspace(lo, lo + w * (int(soft_bins) - 1), int(soft_bins))
                )
                for lo, w in zip(lows, widths)
            )
            return SoftBinHead(bins=rows, sigma=tuple(float(soft_sigma * w) for w in widths))
        n_bins = int(np.ceil(high) - np.floor(low)) + 1
        if n_bins > _MAX_SOFT_BINS:
            raise ValueError(
                f"The soft-classification head has one output per integer expression "
                f"value from {low:.4g} to {high:.4g}: {n_bins} outputs, more than "
                f"{_MAX_SOFT_BINS}. It is made for binned expression such as DREAM's "
                f"0-17; pass soft_bins=<number of bins> for other scales, or use "
                f"head='linear'."
            )
        bins = tuple(float(b) for b in np.arange(np.floor(low), np.ceil(high) + 1))
        return SoftBinHead(bins=(bins,), sigma=(float(soft_sigma),))
    if low < 0:
        raise ValueError(
            f"head='regression' predicts through softplus (values >= 0), but y has "
            f"negative values (min {low:.4g}); use head='linear' (any real values), "
            f"head='soft_classification' or shift y to be non-negative."
        )
    return RegressionHead("softplus")
