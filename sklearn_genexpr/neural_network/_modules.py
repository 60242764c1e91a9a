"""torch modules of the neural estimators."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

__all__ = ["MLP", "MaskedLoss", "SquaredError", "SoftBinLoss", "expected_bin"]

ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU, "logistic": nn.Sigmoid}


class MLP(nn.Module):
    """Fully connected network: hidden layers with an activation and dropout, linear output.

    Dropout follows each hidden layer's activation, never the input (D-GEX
    drops "all the hidden layers ... except for the outgoing edges from the
    input layer"). Hidden weights get Glorot-uniform initialisation and zero
    biases; the output layer is drawn from U(-output_init_scale,
    +output_init_scale) when that is given (D-GEX: 1e-4), else Glorot. With
    ``linear_skip`` the output adds a linear function of the input.
    """

    def __init__(
        self,
        n_features: int,
        hidden_layer_sizes: Sequence[int],
        n_outputs: int,
        *,
        activation: str = "tanh",
        dropout: float = 0.0,
        output_init_scale: float | None = None,
        linear_skip: bool = False,
    ) -> None:
        super().__init__()
        layers: list[nn.Module] = []
        width = n_features
        for size in hidden_layer_sizes:
            linear = nn.Linear(width, size)
            nn.init.xavier_uniform_(linear.weight)
            nn.init.zeros_(linear.bias)
            layers += [linear, ACTIVATIONS[activation]()]
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
            width = size
        self.hidden = nn.Sequential(*layers)
        self.output = nn.Linear(width, n_outputs)
        if output_init_scale is None:
            nn.init.xavier_uniform_(self.output.weight)
        else:
            nn.init.uniform_(self.output.weight, -output_init_scale, output_init_scale)
        nn.init.zeros_(self.output.bias)
        # The network is a linear model plus a correction that the hidden layers
        # learn: the correction starts at zero, the linear path where the caller
        # puts it (the estimators: the ridge solution of the training rows).
        self.skip = nn.Linear(n_features, n_outputs, bias=False) if linear_skip else None
        if self.skip is not None:
            nn.init.zeros_(self.skip.weight)
            nn.init.zeros_(self.output.weight)

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        out = self.output(self.hidden(X))
        return out if self.skip is None else out + self.skip(X)


class SquaredError(nn.Module):
    """Elementwise squared error, ``(n, n_outputs)``: reduced by :class:`MaskedLoss`."""

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return (prediction - target) ** 2


class MaskedLoss(nn.Module):
    """A loss over the measured entries of ``y`` alone; NaN marks "not measured".

    ``elementwise(prediction, target)`` gives one loss per (row, output). The
    NaN targets are replaced by 0 before it is called (so no NaN reaches the
    arithmetic) and their losses are multiplied by 0: they add nothing to the
    loss and exactly zero to every gradient. ``reduction="mean"`` averages
    over the measured entries; ``"sum_of_output_means"`` averages each output
    over its measured rows and sums over outputs (D-GEX's loss).
    """

    def __init__(self, elementwise: nn.Module, reduction: str = "mean") -> None:
        super().__init__()
        if reduction not in ("mean", "sum_of_output_means"):
            raise ValueError(f"Unknown reduction {reduction!r}.")
        self.elementwise = elementwise
        self.reduction = reduction

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        target = target.reshape(target.shape[0], -1)
        measured = ~torch.isnan(target)
        losses = self.elementwise(prediction, torch.where(measured, target, 0.0))
        weights = measured.to(losses.dtype)
        # No boolean indexing: it would make the GPU wait for the count every batch.
        if self.reduction == "mean":
            return (losses * weights).sum() / weights.sum().clamp(min=1.0)
        per_output = (losses * weights).sum(dim=0) / weights.sum(dim=0).clamp(min=1.0)
        return per_output.sum()


class _ResidualBlock(nn.Module):
    """conv-BN-PReLU-conv-BN, added to its input, PReLU, then max-pooling."""

    def __init__(self, channels: int, kernel_size: int, pool: int, dropout: float) -> None:
        super().__init__()
        padding = kernel_size // 2
        self.body = nn.Sequential(
            nn.Conv1d(channels, channels, kernel_size, padding=padding),
            nn.BatchNorm1d(channels),
            nn.PReLU(channels),
            nn.Dropout(dropout) if dropout > 0 else nn.Identity(),
            nn.Conv1d(channels, channels, kernel_size, padding=padding),
            nn.BatchNorm1d(channels),
        )
        self.activation = nn.PReLU(channels)
        # ceil_mode: short inputs never pool down to length 0
        self.pool = nn.MaxPool1d(pool, ceil_mode=True) if pool > 1 else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.pool(self.activation(x + self.body(x)))


class PromoterResNet(nn.Module):
    """1-D convolutional ResNet from one-hot DNA ``(n, 4, L)`` to expression.

    A stem convolution (``first_kernel``), ``n_blocks`` residual blocks of two
    convolutions each (7 convolutional layers for 3 blocks), batch norm after
    every convolution, PReLU activations, max-pooling after each block, global
    max-pooling over positions, and a head: a hidden layer, then ``n_outputs``
    values through softplus (``output="softplus"``: expression >= 0), as they
    are (``"identity"``: any real value), or raw logits over expression bins
    (``"logits"``).
    """

    def __init__(
        self,
        *,
        in_channels: int = 4,
        channels: int = 64,
        n_blocks: int = 3,
        first_kernel: int = 21,
        kernel_size: int = 5,
        pool: int = 2,
        dropout: float = 0.0,
        head_units: int = 64,
        n_outputs: int = 1,
        output: str = "softplus",
    ) -> None:
        super().__init__()
        self.stem = nn.Sequential(
            nn.Conv1d(in_channels, channels, first_kernel, padding=first_kernel // 2),
            nn.BatchNorm1d(channels),
            nn.PReLU(channels),
        )
        self.blocks = nn.Sequential(
            *[_ResidualBlock(channels, kernel_size, pool, dropout) for _ in range(n_blocks)]
        )
        self.head = nn.Sequential(
            nn.Dropout(dropout) if dropout > 0 else nn.Identity(),
            nn.Linear(channels, head_units),
            nn.PReLU(head_units),
            nn.Linear(head_units, n_outputs),
        )
        self.output = nn.Softplus() if output == "softplus" else nn.Identity()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        features = self.blocks(self.stem(x)).amax(dim=2)  # global max-pooling
        return self.output(self.head(features))


class SoftBinLoss(nn.Module):
    """KL divergence of predicted bin distributions from a discretised Normal(y, sigma).

    The "soft classification" of the DREAM 2022 winners: the target of a
    sequence with expression ``y`` is a distribution over the expression bins,
    proportional to the Normal(y, sigma) density at each bin. The logits
    ``(n, n_outputs * n_bins)`` hold one distribution per output; the loss is
    elementwise ``(n, n_outputs)`` (reduced by :class:`MaskedLoss`). ``bins``
    is ``(n_bins,)``, shared by every output, or ``(n_outputs, n_bins)``;
    ``sigma`` a number or one per output.
    """

    def __init__(self, bins: torch.Tensor, sigma: float | torch.Tensor = 0.5) -> None:
        super().__init__()
        self.bins: torch.Tensor
        self.sigma: torch.Tensor
        self.register_buffer("bins", bins if bins.ndim == 2 else bins[None, :])
        self.register_buffer("sigma", torch.as_tensor(sigma, dtype=torch.float32).reshape(-1))

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        n, n_outputs = target.shape
        log_prob = torch.log_softmax(logits.reshape(n, n_outputs, -1), dim=2)
        scale = self.sigma[None, :, None]
        density = -0.5 * ((self.bins[None] - target[:, :, None]) / scale) ** 2
        log_soft = torch.log_softmax(density, dim=2)
        return (log_soft.exp() * (log_soft - log_prob)).sum(dim=2)


def expected_bin(logits: torch.Tensor, bins: torch.Tensor) -> torch.Tensor:
    """The mean of each output's bin distribution.

    Logits ``(n, n_outputs * n_bins)`` become predictions ``(n, n_outputs)``;
    ``bins`` is ``(n_bins,)`` or ``(n_outputs, n_bins)``.
    """
    n_bins = bins.shape[-1]
    prob = torch.softmax(logits.reshape(logits.shape[0], -1, n_bins), dim=2)
    return (prob * bins.reshape(1, -1, n_bins)).sum(dim=2)


def _conv_bn_silu(in_channels: int, out_channels: int, kernel_size: int) -> nn.Sequential:
    """LegNet's local block: a 'same' convolution without bias, batch norm, SiLU."""
    return nn.Sequential(
        nn.Conv1d(in_channels, out_channels, kernel_size, padding="same", bias=False),
        nn.BatchNorm1d(out_channels),
        nn.SiLU(),
    )


class _SqueezeExcite(nn.Module):
    """Channel gates from the position-averaged channels (squeeze-and-excitation)."""

    def __init__(self, channels: int, hidden: int) -> None:
        super().__init__()
        self.gate = nn.Sequential(
            nn.Linear(channels, hidden), nn.SiLU(), nn.Linear(hidden, channels), nn.Sigmoid()
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * self.gate(x.mean(dim=2))[:, :, None]


class _LegNetBlock(nn.Module):
    """EfficientNetV2-style inverted bottleneck whose output is concatenated to its input.

    1x1 expansion to ``out_channels * resize_factor``, a grouped convolution
    (``filter_per_group`` filters per group), squeeze-excitation, 1x1
    projection back to ``in_channels``; input and output are concatenated and
    a local block resizes them to ``out_channels``.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        resize_factor: int,
        filter_per_group: int,
        se_reduction: int,
    ) -> None:
        super().__init__()
        inner = out_channels * resize_factor
        self.body = nn.Sequential(
            _conv_bn_silu(in_channels, inner, 1),
            nn.Conv1d(
                inner,
                inner,
                kernel_size,
                groups=max(1, inner // filter_per_group),
                padding="same",
                bias=False,
            ),  # fmt: skip
            nn.BatchNorm1d(inner),
            nn.SiLU(),
            _SqueezeExcite(inner, max(1, in_channels // se_reduction)),
            _conv_bn_silu(inner, in_channels, 1),
        )
        self.resize = _conv_bn_silu(2 * in_channels, out_channels, kernel_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.resize(torch.cat([x, self.body(x)], dim=1))


class LegNet(nn.Module):
    """The LegNet network (Penzar et al. 2023): one-hot DNA to bin logits.

    A local block stem, one :class:`_LegNetBlock` per consecutive pair of
    ``block_sizes``, a 1x1 convolution to ``n_logits`` channels with SiLU,
    and the mean over positions. Input ``(n, in_channels, L)``: the one-hot
    channels and, in the original, a reverse-complement indicator channel.
    """

    def __init__(
        self,
        *,
        in_channels: int = 5,
        block_sizes: Sequence[int] = (256, 128, 128, 64, 64, 64, 64),
        kernel_size: int = 7,
        resize_factor: int = 4,
        filter_per_group: int = 2,
        se_reduction: int = 4,
        n_logits: int = 18,
    ) -> None:
        super().__init__()
        sizes = list(block_sizes)
        self.stem = _conv_bn_silu(in_channels, sizes[0], kernel_size)
        self.blocks = nn.Sequential(
            *[
                _LegNetBlock(a, b, kernel_size, resize_factor, filter_per_group, se_reduction)
                for a, b in zip(sizes[:-1], sizes[1:])
            ]
        )
        self.mapper = nn.Sequential(nn.Conv1d(sizes[-1], n_logits, 1), nn.SiLU())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.mapper(self.blocks(self.stem(x))).mean(dim=2)
