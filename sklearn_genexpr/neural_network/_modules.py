"""torch modules of the neural estimators."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

__all__ = ["MLP", "SumOfMSELoss"]

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


class SumOfMSELoss(nn.Module):
    """D-GEX loss: the mean squared error of each output, summed over outputs."""

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return ((prediction - target) ** 2).mean(dim=0).sum()


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
    values through softplus (expression >= 0) or raw logits over expression
    bins (``output="logits"``).
    """

    def __init__(
        self,
        *,
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
            nn.Conv1d(4, channels, first_kernel, padding=first_kernel // 2),
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
    """Cross-entropy of predicted bin logits against a discretised Normal(y, sigma).

    The "soft classification" of the DREAM 2022 winners: the target of a
    sequence with expression ``y`` is a distribution over the expression bins
    (integers), proportional to the Normal(y, sigma) density at each bin.
    """

    def __init__(self, bins: torch.Tensor, sigma: float = 0.5) -> None:
        super().__init__()
        self.bins: torch.Tensor
        self.register_buffer("bins", bins)
        self.sigma = sigma

    def forward(self, logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        density = -0.5 * ((self.bins[None, :] - target.reshape(-1, 1)) / self.sigma) ** 2
        soft = torch.softmax(density, dim=1)
        return -(soft * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
