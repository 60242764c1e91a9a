"""Metrics of the studies: per-gene MAE (D-GEX), Pearson and Spearman (DREAM)."""

from ._regression import (
    mean_per_gene_mae,
    pearson_r,
    pearson_scorer,
    per_gene_mae,
    spearman_r,
    spearman_scorer,
)

__all__ = [
    "mean_per_gene_mae",
    "pearson_r",
    "pearson_scorer",
    "per_gene_mae",
    "spearman_r",
    "spearman_scorer",
]
