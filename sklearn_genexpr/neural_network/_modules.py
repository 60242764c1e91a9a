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
    +output_init_scale) when that is given (D-GEX: 1e-4), else Glorot.
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

    def forward(self, X: torch.Tensor) -> torch.Tensor:
        return self.output(self.hidden(X))


class SumOfMSELoss(nn.Module):
    """D-GEX loss: the mean squared error of each output, summed over outputs."""

    def forward(self, prediction: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        return ((prediction - target) ** 2).mean(dim=0).sum()
