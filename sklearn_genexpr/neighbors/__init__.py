"""Neighbour-based baselines (GeneKNNRegressor, the KNN-GE baseline of D-GEX).

The estimator lands with the tabular-estimators issue.
"""

__all__: list[str] = []
