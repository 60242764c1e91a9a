"""LegNetRegressor: the DREAM 2022 winners' network for promoter expression."""

from __future__ import annotations

from numbers import Integral
from typing import Any

from sklearn.utils._param_validation import Interval

from ._base import InputSpec, make_init
from ._docstrings import fill_parameter_docs
from ._sequence import BaseSequenceRegressor

__all__ = ["LegNetRegressor"]


@fill_parameter_docs
class LegNetRegressor(BaseSequenceRegressor):
    """LegNet: EfficientNetV2-style 1-D convolutions predicting expression from DNA.

    The network that won the DREAM 2022 promoter-expression challenge
    (Penzar et al. 2023, Bioinformatics 39:btad457; autosome-ru/LegNet): a
    convolutional stem, then per block an inverted bottleneck (1x1 expansion,
    grouped convolution, squeeze-excitation, 1x1 projection, SiLU throughout)
    whose output is concatenated to its input and resized by a convolution;
    a 1x1 convolution to one logit per expression bin, averaged over
    positions. The regression is a soft classification: each output is a
    distribution over integer expression bins, trained against a discretised
    Normal(y, ``soft_sigma``) with the KL divergence, and predicts its mean.
    AdamW (``solver="adamw"``, ``weight_decay``) with a one-cycle
    learning-rate schedule peaking at ``learning_rate_init``
    (``learning_rate="onecycle"``); every batch holds each sequence and its reverse
    complement, with the original's fifth input channel saying which strand a
    row is; predictions are averaged over both strands.

    Multi-task: ``y`` may have one column per library or condition, with NaN
    where a sequence was not measured; the network then has one bin
    distribution per column over a shared trunk, and only measured entries
    enter the loss.

    Differences from the original: the defaults are smaller (blocks
    ``(64, 64, 32, 32)`` rather than ``(256, 128, 128, 64, 64, 64, 64)``,
    batch 256 rather than 1024, 10 epochs rather than 80 x 1,000 batches):
    the original trained 6.7 M sequences on a GPU, the shipped data are
    ~86,000 (``block_sizes=(256, 128, 128, 64, 64, 64, 64)`` is the original).
    Measured on 2 CPU cores: the defaults reach Pearson 0.688 on the 1,000
    held-out DREAM rows when trained on the 6,370 DREAM rows (24 min; the
    ResNet 0.640, 6-mer + LightGBM 0.609); on all shipped libraries 10 epochs
    took 4,651 s under bfloat16 autocast (Pearson 0.739 on the held-out rows,
    the ResNet 0.725 in 2,314 s): that fit ships, ``load_pretrained("LegNetRegressor")``;
    to train it at its original size, use a GPU. The "singleton" input
    channel (1 for training sequences measured once, whose integer expression
    is noisier) is not used: it does not exist
    for the other libraries nor for new sequences. Sequences are padded to the
    longest training sequence with zeros, not with the plasmid's own bases.
    The bins span the training targets' integer range (0..17 for DREAM)
    instead of being fixed.

    Read more in the :ref:`User Guide <promoter>`.

    Parameters
    ----------
    block_sizes : tuple of int, default=(64, 64, 32, 32)
        Channels of the stem and after each block (one block per consecutive
        pair).
    kernel_size : int, default=7
        Kernel width of the stem, the grouped and the resizing convolutions.
    resize_factor : int, default=4
        Expansion of the inverted bottleneck.
    filter_per_group : int, default=2
        Filters per group of the grouped convolution.
    se_reduction : int, default=4
        Squeeze-excitation hidden units: the block's input channels over this.
    soft_sigma : float, default=0.5
        Width of the Normal target distribution over the bins, in bin widths.
    soft_bins : "integers" or int, default="integers"
        ``"integers"``: one bin per integer of the targets' range, shared by
        every output (DREAM's 0-17 scale); an int: that many equally spaced
        bins over each output's own training range (any scale, e.g. MPRA
        log-ratios).
    encoder : DNAOneHotEncoder or None, default=None
        How string input becomes the network's ``(n, 4, L)`` one-hot input;
        cloned and fitted in :meth:`fit`. None is
        ``DNAOneHotEncoder(length="longest", ambiguous="fractional")``. It must
        keep ``layout="channels_first"`` and ``flatten=False``.
    rc_augment : bool, default=True
        Train on both strands: every batch holds its sequences and their
        reverse complements (the strand channel tells them apart).
    rc_average : bool, default=True
        Predict the mean of the forward and reverse-complement predictions.
    %(training_parameters)s

    Attributes
    ----------
    %(net_attributes)s
    encoder_ : DNAOneHotEncoder or None
        The encoder fitted on string input (None for one-hot input).
    n_positions_ : int
        Sequence length the network sees.
    bins_ : ndarray
        The expression bins (integers from the lowest to the highest target).

    See Also
    --------
    PromoterResNetRegressor : A residual network for the same data.
    sklearn_genexpr.datasets.load_yeast_libraries : The shipped yeast libraries.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neural_network import LegNetRegressor
    >>> rng = np.random.default_rng(0)
    >>> seqs = ["".join(rng.choice(list("ACGT"), 40)) for _ in range(200)]
    >>> y = np.array([s.count("GATA") + s.count("TATC") for s in seqs], dtype=float)
    >>> model = LegNetRegressor(block_sizes=(16, 8), max_iter=2, random_state=0,
    ...                         device="cpu").fit(seqs, y)
    >>> model.predict(seqs[:2]).shape
    (2,)
    """

    _parameter_constraints: dict = {
        **BaseSequenceRegressor._parameter_constraints,
        "block_sizes": [tuple, list],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "resize_factor": [Interval(Integral, 1, None, closed="left")],
        "filter_per_group": [Interval(Integral, 1, None, closed="left")],
        "se_reduction": [Interval(Integral, 1, None, closed="left")],
    }

    _strand_channel = True
    _double_strands = True

    __init__ = make_init(
        own=dict(
            block_sizes=(64, 64, 32, 32), kernel_size=7, resize_factor=4, filter_per_group=2,
            se_reduction=4, soft_sigma=0.5, soft_bins="integers", encoder=None, rc_augment=True,
            rc_average=True,
        ),
        # the winners' AdamW with decoupled decay and a one-cycle schedule
        training=dict(
            solver="adamw", alpha=0.0, weight_decay=1e-2, batch_size=256,
            learning_rate="onecycle", learning_rate_init=5e-3, max_iter=10, n_iter_no_change=10,
        ),
    )  # fmt: skip

    @property
    def _head_kind(self) -> str:
        return "soft_classification"

    def _check_parameters(self) -> None:
        super()._check_parameters()
        sizes = tuple(self.block_sizes)
        if not sizes or not all(isinstance(s, Integral) and int(s) >= 1 for s in sizes):
            raise ValueError(
                f"block_sizes must be a non-empty sequence of positive integers, got "
                f"{self.block_sizes!r}."
            )
        for size in sizes[1:]:
            # the grouped convolution needs its channels divisible by its groups
            inner = int(size) * self.resize_factor
            groups = max(1, inner // self.filter_per_group)
            if inner % groups:
                raise ValueError(
                    f"block_sizes={self.block_sizes!r} with resize_factor={self.resize_factor} "
                    f"and filter_per_group={self.filter_per_group}: a block of {size} channels "
                    f"expands to {inner}, which the grouped convolution's {groups} groups do "
                    f"not divide; choose filter_per_group dividing {inner} (e.g. 1 or 2)."
                )

    def _build_module(self, spec: InputSpec, head: Any, n_outputs: int, train: Any) -> Any:
        from ._modules import LegNet

        return LegNet(
            in_channels=spec.n_channels, block_sizes=tuple(int(s) for s in self.block_sizes),
            kernel_size=self.kernel_size, resize_factor=self.resize_factor,
            filter_per_group=self.filter_per_group, se_reduction=self.se_reduction,
            n_logits=head.n_logits(n_outputs),
        )  # fmt: skip

    def fit(self, X: Any, y: Any) -> LegNetRegressor:
        """Encode the sequences once and train the network on both strands.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            DNA sequences (encoded by ``encoder``), or one-hot arrays with the
            channels in ACGT order.
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Expression (binned scales such as DREAM's 0-17); in 2-D ``y`` (one
            column per library or condition) NaN marks "not measured".

        Returns
        -------
        self : LegNetRegressor
            The fitted model.
        """
        return super().fit(X, y)
