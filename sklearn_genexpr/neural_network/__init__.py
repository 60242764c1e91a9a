"""Neural estimators (skorch-driven): DGEXRegressor, OpennessMLP, PromoterResNetRegressor.

Importing this subpackage does not import torch; each estimator imports it
when it is first fitted. The estimators land with their issues.
"""

__all__: list[str] = []
