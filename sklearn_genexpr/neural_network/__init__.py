"""Neural estimators driven by skorch: DGEXRegressor, OpennessMLP, the promoter networks.

Importing this subpackage does not import torch; the estimators import it when
first fitted, so ``import sklearn_genexpr`` stays fast and initialises no CUDA
context.
"""

from ._dgex import DGEXRegressor
from ._legnet import LegNetRegressor
from ._openness import OpennessMLP
from ._promoter import PromoterResNetRegressor

__all__ = ["DGEXRegressor", "LegNetRegressor", "OpennessMLP", "PromoterResNetRegressor"]
