import numpy as np
from sklearn.preprocessing import StandardScaler


def landmark_data(n=1500, n_landmarks=100, n_targets=200, rank=5, seed=0):
    """Landmarks and targets driven by a shared low-rank latent state; targets are a
    saturating (tanh) function of it, so a linear map from landmarks misses part."""
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, rank))
    X = np.tanh(Z @ rng.normal(size=(rank, n_landmarks)) / np.sqrt(rank))
    Y = np.tanh(3 * Z @ rng.normal(size=(rank, n_targets)) / np.sqrt(rank))
    X += 0.2 * rng.normal(size=X.shape)
    Y += 0.2 * rng.normal(size=Y.shape)
    return StandardScaler().fit_transform(X), StandardScaler().fit_transform(Y)
