"""PromoterResNetRegressor: promoter sequence -> expression (DREAM 2022)."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._base import InputSpec, make_init
from ._docstrings import fill_parameter_docs
from ._sequence import BaseSequenceRegressor

__all__ = ["PromoterResNetRegressor"]


@fill_parameter_docs
class PromoterResNetRegressor(BaseSequenceRegressor):
    """1-D convolutional ResNet predicting expression from promoter DNA.

    The model of a DREAM 2022 promoter-expression team: one-hot DNA, a stem
    convolution of kernel 21 and residual blocks of two kernel-5
    convolutions (7 convolutional layers of 64 channels), batch norm, PReLU,
    max-pooling after each block, global max-pooling, and a dense head;
    an L2 penalty on the weights (``alpha``; 0.128 is the team's weight decay
    of 1e-3 at batch 128 on the weights), Adam at 1e-3 with a
    reduce-on-plateau schedule (``learning_rate="plateau"``), optionally a
    switch to SGD at a tenth of the rate and stochastic weight averaging with
    cosine annealing from epoch 8 of 20 (the average is the final model, also
    with ``early_stopping``);
    training on both strands (a random half of every batch reverse-complemented)
    and predictions averaged over both strands.

    The head is the challenge winners' soft classification by default: one
    distribution over integer expression bins per output, trained against a
    discretised Normal(y, 0.5) (KL divergence), predicting its mean;
    ``head="regression"`` is the team's softplus output with MSE. AdamW with a
    one-cycle schedule is ``solver="adamw", learning_rate="onecycle"`` (with
    ``weight_decay``). With
    2-D ``y`` (one column per library, NaN where not measured) the network
    has one output per column over a shared trunk. To train on the doubled set (every sequence
    and its reverse complement), put
    :class:`~sklearn_genexpr.preprocessing.ReverseComplementAugmenter` before
    the model in an imbalanced-learn pipeline and set ``rc_augment=False``.

    Read more in the :ref:`User Guide <promoter>`.

    Parameters
    ----------
    channels : int, default=64
        Convolution channels.
    n_blocks : int, default=3
        Residual blocks (each two convolutions; 3 gives 7 convolutional layers).
    first_kernel : int, default=21
        Kernel width of the stem convolution.
    kernel_size : int, default=5
        Kernel width of the convolutions in the blocks; odd (a block adds its
        input to their output, so they must keep the length).
    pool : int, default=2
        Max-pooling factor after each block (1 disables pooling).
    dropout : float, default=0.0
        Dropout inside the blocks and before the head.
    head_units : int, default=64
        Hidden units of the head.
    head : {"soft_classification", "regression", "linear"}, default="soft_classification"
        A distribution over expression bins per output (measured on the
        shipped DREAM rows: Pearson 0.640 against 0.624 for the regression
        head; it also takes targets below zero, such as the de Boer native
        library's), the original softplus regression (targets >= 0), or a
        linear output with MSE (any real targets).
    soft_sigma : float, default=0.5
        Width of the Normal target of the soft-classification head, in bin
        widths (expression units for the integer bins).
    soft_bins : "integers" or int, default="integers"
        The soft head's bins: ``"integers"``, one per integer of the targets'
        range, shared by every output (DREAM's 0-17 scale); an int, that many
        equally spaced bins over each output's own training range (any scale,
        e.g. MPRA log-ratios).
    encoder : DNAOneHotEncoder or None, default=None
        How string input becomes the network's ``(n, 4, L)`` input; cloned and
        fitted in :meth:`fit` (its parameters are searchable as
        ``encoder__length`` etc.). None is
        ``DNAOneHotEncoder(length="longest", ambiguous="fractional")``: pad to
        the longest training sequence, ambiguity codes as base fractions. It
        must keep ``layout="channels_first"`` and ``flatten=False``. Ignored
        for one-hot input.
    rc_augment : bool, default=True
        Reverse-complement a random half of every training batch.
    rc_average : bool, default=True
        Predict the mean of the forward and reverse-complement predictions
        (then a sequence and its reverse complement get the same prediction).
    sgd_switch_epoch : int or None, default=None
        After this epoch, continue with SGD (momentum 0.9) at a tenth of the
        current rate. Not with ``learning_rate="onecycle"``.
    swa_start : int or None, default=8
        First epoch of stochastic weight averaging (the learning rate is
        cosine-annealed to ``swa_lr``); the average of the weights of the epochs
        from there on is the final model, its batch-norm statistics recomputed,
        with or without ``early_stopping`` (which may still end training
        early; the average then covers the epochs trained). None disables SWA
        (the best validation epoch is kept instead, with ``early_stopping``).
    swa_lr : float, default=1e-4
        Learning rate SWA anneals to.
    %(training_parameters)s

    Attributes
    ----------
    %(net_attributes)s
    encoder_ : DNAOneHotEncoder or None
        The encoder fitted on string input (None for one-hot input).
    n_positions_ : int
        Sequence length the network sees.
    bins_ : ndarray or None
        Expression bins of the soft-classification head.

    See Also
    --------
    sklearn_genexpr.preprocessing.DNAOneHotEncoder : The encoder of string input.
    sklearn_genexpr.preprocessing.KmerVectorizer : The k-mer baseline's features.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn_genexpr.neural_network import PromoterResNetRegressor
    >>> rng = np.random.default_rng(0)
    >>> seqs = ["".join(rng.choice(list("ACGT"), 40)) for _ in range(200)]
    >>> y = np.array([s.count("GATA") + s.count("TATC") for s in seqs], dtype=float)
    >>> model = PromoterResNetRegressor(channels=16, n_blocks=1, max_iter=3,
    ...                                 random_state=0, device="cpu").fit(seqs, y)
    >>> model.predict(seqs[:2]).shape
    (2,)
    """

    _parameter_constraints: dict = {
        **BaseSequenceRegressor._parameter_constraints,
        "channels": [Interval(Integral, 1, None, closed="left")],
        "n_blocks": [Interval(Integral, 0, None, closed="left")],
        "first_kernel": [Interval(Integral, 1, None, closed="left")],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "pool": [Interval(Integral, 1, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "head_units": [Interval(Integral, 1, None, closed="left")],
        "head": [StrOptions({"regression", "linear", "soft_classification"})],
        "sgd_switch_epoch": [Interval(Integral, 1, None, closed="left"), None],
        "swa_start": [Interval(Integral, 1, None, closed="left"), None],
        "swa_lr": [Interval(Real, 0, None, closed="neither")],
    }

    __init__ = make_init(
        own=dict(
            channels=64, n_blocks=3, first_kernel=21, kernel_size=5, pool=2, dropout=0.0,
            head_units=64, head="soft_classification", soft_sigma=0.5, soft_bins="integers",
            encoder=None,
            rc_augment=True, rc_average=True, sgd_switch_epoch=None, swa_start=8, swa_lr=1e-4,
        ),
        # alpha: the team's weight decay of 1e-3 at batch 128, on the weights
        training=dict(
            alpha=0.128, batch_size=128, learning_rate="plateau", max_iter=20, n_iter_no_change=5,
        ),
    )  # fmt: skip

    @property
    def _head_kind(self) -> str:
        return self.head

    def _check_parameters(self) -> None:
        super()._check_parameters()
        if self.kernel_size % 2 == 0:
            raise ValueError(
                f"kernel_size={self.kernel_size} must be odd: a residual block adds its "
                f"input to two convolutions of it, which keep the length only for odd kernels."
            )
        if self.learning_rate == "onecycle" and self.sgd_switch_epoch is not None:
            raise ValueError("sgd_switch_epoch cannot be combined with learning_rate='onecycle'.")

    # -- training ----------------------------------------------------------
    def _build_module(self, spec: InputSpec, head: Any, n_outputs: int, train: Any) -> Any:
        from ._heads import SoftBinHead
        from ._modules import PromoterResNet

        return PromoterResNet(
            in_channels=spec.n_channels, channels=self.channels, n_blocks=self.n_blocks,
            first_kernel=self.first_kernel, kernel_size=self.kernel_size, pool=self.pool,
            dropout=self.dropout, head_units=self.head_units,
            n_outputs=head.n_logits(n_outputs),
            output="logits" if isinstance(head, SoftBinHead) else head.activation,
        )  # fmt: skip

    def _recipe_callbacks(self) -> list:
        from ._callbacks import StochasticWeightAveraging, SwitchToSGD

        callbacks: list = []
        if self.sgd_switch_epoch is not None:
            callbacks.append(("switch_to_sgd", SwitchToSGD(self.sgd_switch_epoch)))
        if self.swa_start is not None:
            callbacks.append(("swa", StochasticWeightAveraging(self.swa_start, self.swa_lr)))
        return callbacks

    @property
    def _restores_best_epoch(self) -> bool:
        # The weight average is the model SWA makes; restoring the best
        # validation epoch afterwards would throw the average away.
        averages = self.swa_start is not None and self.swa_start <= self.max_iter
        return bool(self.early_stopping) and not averages

    def _saturation_mutagenesis(
        self, codes: Any, lengths: Any, *, batch_size: int, wanted: Any = None
    ) -> np.ndarray | None:
        """Every substitution's effect by the windowed computation (see ``_ism``), or None.

        :func:`~sklearn_genexpr.inspection.saturation_mutagenesis` and
        :func:`~sklearn_genexpr.inspection.variant_effects` (``wanted``: the
        substitutions to compute) call this; None (fitted on one-hot arrays,
        kernels that change the length) sends them to the model-agnostic path.
        """
        check_is_fitted(self)
        from ._ism import windowed_mutagenesis

        effects = windowed_mutagenesis(self, codes, lengths, batch_size=batch_size, wanted=wanted)
        if effects is not None and self._y_ndim == 1:
            effects = effects[..., 0]
        return effects

    def fit(self, X: Any, y: Any) -> PromoterResNetRegressor:
        """Encode the sequences once and train the network on both strands.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            DNA sequences (encoded by ``encoder``), or one-hot arrays with the
            channels in ACGT order.
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Expression; in 2-D ``y`` (one column per library or condition) NaN
            marks "not measured" and the loss covers the measured entries only.

        Returns
        -------
        self : PromoterResNetRegressor
            The fitted model.
        """
        return super().fit(X, y)
