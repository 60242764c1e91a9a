"""Neural estimators driven by skorch: DGEXRegressor, OpennessMLP, PromoterResNetRegressor.

Importing this subpackage does not import torch; the estimators import it when
first fitted, so ``import sklearn_genexpr`` stays fast and initialises no CUDA
context.
"""

from ._dgex import DGEXRegressor
from ._openness import OpennessMLP
from ._promoter import PromoterResNetRegressor

__all__ = ["DGEXRegressor", "OpennessMLP", "PromoterResNetRegressor"]
