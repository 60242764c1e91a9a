"""Neural estimators standing on skorch: the tabular MLPs and the promoter networks.

Each estimator keeps the skorch net it trained as ``net_``. Importing this
subpackage does not import torch; the estimators import it when first
fitted, so ``import sklearn_genexpr`` stays fast and initialises no CUDA
context.
"""

from ._legnet import LegNetRegressor
from ._mlp import DGEXRegressor, OpennessMLP, TabularMLPRegressor
from ._pretrained import load_pretrained, save_pretrained
from ._promoter import PromoterResNetRegressor

__all__ = [
    "DGEXRegressor",
    "LegNetRegressor",
    "OpennessMLP",
    "PromoterResNetRegressor",
    "TabularMLPRegressor",
    "load_pretrained",
    "save_pretrained",
]
