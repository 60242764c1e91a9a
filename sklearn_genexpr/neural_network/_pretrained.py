"""Fitted sequence networks stored as weights + configuration, and loaded as estimators.

A pretrained model is two files: ``NAME.json`` (the estimator's class and
parameters, the fitted state that is not weights: input length, head,
target scaling, output groups; and the provenance: data, package version,
fit command, held-out scores, a few recorded predictions) and ``NAME.npz``
(the network's ``state_dict`` as arrays). No pickled code: the files load
with any later version of the package that has the class. Shipped models
live in ``sklearn_genexpr/datasets/data/pretrained/``.
"""

from __future__ import annotations

import dataclasses
import json
import os
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["load_pretrained", "save_pretrained", "PRETRAINED"]

#: The models shipped with the package (each fitted on every shipped yeast library)
PRETRAINED = ("PromoterResNetRegressor", "LegNetRegressor")
_FORMAT = 1


def _classes() -> dict[str, type]:
    from ._legnet import LegNetRegressor
    from ._promoter import PromoterResNetRegressor

    return {"PromoterResNetRegressor": PromoterResNetRegressor, "LegNetRegressor": LegNetRegressor}


def save_pretrained(model: Any, path: str | os.PathLike, **provenance: Any) -> Path:
    """Write a fitted sequence network as ``path.json`` + ``path.npz`` (no pickled code).

    Parameters
    ----------
    model : PromoterResNetRegressor or LegNetRegressor
        A fitted network with a string encoder (one network, no
        ``target_chunks`` groups).
    path : str or path-like
        The files' path without suffix.
    **provenance
        Recorded beside the weights (data, fit command, scores, ...);
        JSON-serialisable values.

    Returns
    -------
    path : Path
        The JSON file written.
    """
    from .._version import __version__

    name = type(model).__name__
    if name not in _classes():
        raise TypeError(f"save_pretrained takes a fitted sequence network, got {name}.")
    if getattr(model, "encoder_", None) is None or len(model.nets_) != 1:
        raise ValueError("save_pretrained needs a network fitted on strings, with one net.")
    params = {k: v for k, v in model.get_params(deep=False).items()
              if k not in ("encoder", "callbacks", "accelerator")}  # fmt: skip
    head = model.head_
    config = {
        "format": _FORMAT,
        "estimator": name,
        "params": params,
        "encoder": model.encoder_.get_params(),
        "n_positions": int(model.n_positions_),
        "input_spec": dataclasses.asdict(model.input_spec_),
        "head": {"kind": type(head).__name__, **dataclasses.asdict(head)},
        "n_outputs": int(model.n_outputs_),
        "target_offset": np.asarray(model.target_offset_, dtype=float).tolist(),
        "target_scale": np.asarray(model.target_scale_, dtype=float).tolist(),
        "n_iter": int(model.n_iter_),
        "package_version": __version__,
        "provenance": provenance,
    }
    path = Path(path)
    state = {key: value.detach().cpu().numpy() for key, value in model.module_.state_dict().items()}
    np.savez_compressed(path.with_suffix(".npz"), **state)
    path.with_suffix(".json").write_text(json.dumps(config, indent=1, default=_jsonable))
    return path.with_suffix(".json")


def _jsonable(value: Any) -> Any:
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, (type, np.dtype)):  # a dtype parameter: by name (np.dtype reads it)
        return np.dtype(value).name
    raise TypeError(f"{value!r} of type {type(value).__name__} is not JSON-serialisable.")


def load_pretrained(
    name: str = "PromoterResNetRegressor", *, path: str | os.PathLike | None = None
) -> Any:
    """A pretrained sequence network as a fitted estimator.

    Shipped: ``"PromoterResNetRegressor"`` and ``"LegNetRegressor"``, each
    the default network fitted on every shipped yeast library
    (:func:`~sklearn_genexpr.datasets.load_yeast_libraries`, 85,610 promoters
    in 3 libraries; output 0 is the DREAM 2022 library). Their
    provenance (data, package version, fit command, held-out scores on the
    1,000 held-out DREAM rows) is in ``pretrained_info_``. The loaded model
    predicts and pickles like one fitted here, and goes on training from the
    shipped weights (``warm_start``, ``partial_fit``). Not shipped: the
    training history (``history_`` and ``n_iter_`` count from the load), the
    optimizer's moments and the schedule's position (those of the one-epoch
    fit of 32 random sequences that builds the network before the weights are
    loaded).

    Parameters
    ----------
    name : str, default="PromoterResNetRegressor"
        A shipped model: ``"PromoterResNetRegressor"`` or ``"LegNetRegressor"``.
    path : str, path-like or None, default=None
        Load ``path.json`` + ``path.npz`` written by :func:`save_pretrained`
        instead of a shipped model.

    Returns
    -------
    model : PromoterResNetRegressor or LegNetRegressor
        The fitted network, on the CPU.

    Examples
    --------
    >>> from sklearn_genexpr.neural_network import load_pretrained
    >>> model = load_pretrained()  # doctest: +SKIP
    >>> model.predict(["TGCATTTTTTTCACATC" + "A" * 80 + "GGTTACGGCTGTT"]).shape  # doctest: +SKIP
    (1, 3)
    """
    import torch

    from .._alphabet import BASES
    from ._base import InputSpec
    from ._heads import RegressionHead, SoftBinHead

    if path is None:
        if name not in PRETRAINED:
            raise ValueError(f"No shipped pretrained model {name!r}; shipped: {list(PRETRAINED)}.")
        folder = resources.files("sklearn_genexpr.datasets").joinpath("data", "pretrained")
        config = json.loads(folder.joinpath(f"{name}.json").read_text())
        with folder.joinpath(f"{name}.npz").open("rb") as handle:
            weights = dict(np.load(handle))
    else:
        path = Path(path)
        config = json.loads(path.with_suffix(".json").read_text())
        weights = dict(np.load(path.with_suffix(".npz")))
    if config.get("format") != _FORMAT:
        raise ValueError(
            f"Pretrained files of format {config.get('format')!r}; expected {_FORMAT}."
        )
    Network = _classes()[config["estimator"]]
    params = dict(config["params"])
    for key in ("hidden_layer_sizes", "block_sizes"):
        if isinstance(params.get(key), list):
            params[key] = tuple(params[key])
    model = Network(**params)
    # The structure (encoder, spec, net, optimizer) from a one-epoch fit of a few
    # sequences of the same length and target range; then the weights and state.
    rng = np.random.default_rng(0)
    length, n_outputs = config["n_positions"], config["n_outputs"]
    letters = np.array(list(BASES))
    X = ["".join(row) for row in letters[rng.integers(0, 4, (32, length))]]
    head = config["head"]
    bins = np.asarray(head["bins"], dtype=float) if head["kind"] == "SoftBinHead" else None
    low, high = (bins.min(), bins.max()) if bins is not None else (0.0, 1.0)
    y = np.tile(np.linspace(low, high, 32)[:, None], (1, n_outputs))
    # quietly (verbose=0): the one-epoch build is not the user's fit
    structure = dict(max_iter=1, early_stopping=False, device="cpu", warm_start=False,
                     callbacks=None, accelerator=None, verbose=0)  # fmt: skip
    model.set_params(**structure)
    from ..preprocessing import DNAOneHotEncoder

    model.set_params(encoder=DNAOneHotEncoder(**config["encoder"]))
    model.fit(X, y)
    model.set_params(**{k: params[k] for k in structure if k in params}, encoder=None)
    state = {key: torch.from_numpy(np.asarray(value)) for key, value in weights.items()}
    model.net_.module_.load_state_dict(state)
    model.net_.module_.eval()
    if head["kind"] == "SoftBinHead":
        model.head_ = SoftBinHead(bins=tuple(tuple(r) for r in head["bins"]),
                                  sigma=tuple(head["sigma"]))  # fmt: skip
    else:
        model.head_ = RegressionHead(head["activation"])
    spec = dict(config["input_spec"])
    model.input_spec_ = InputSpec(**spec)
    model.target_offset_ = np.asarray(config["target_offset"])
    model.target_scale_ = np.asarray(config["target_scale"])
    model.n_iter_ = config["n_iter"]
    model.pretrained_info_ = {
        "name": name if path is None else str(path),
        "package_version": config["package_version"],
        **config["provenance"],
    }
    return model
