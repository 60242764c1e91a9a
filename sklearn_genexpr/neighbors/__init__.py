"""Neighbour-based baselines: GeneKNNRegressor (KNN-GE of D-GEX)."""

from ._gene_knn import GeneKNNRegressor

__all__ = ["GeneKNNRegressor"]
