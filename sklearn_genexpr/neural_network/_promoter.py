"""PromoterResNetRegressor: promoter sequence -> expression (DREAM 2022)."""

from __future__ import annotations

from numbers import Integral, Real
from typing import Any

import numpy as np
from sklearn.base import clone
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_consistent_length, check_is_fitted, column_or_1d

from .._alphabet import encode_sequences, reverse_complement_joined, reverse_complement_onehot
from ..utils._validation import sequence_input_tags
from ._base import BaseTorchRegressor, NetworkSpec
from ._docstrings import fill_parameter_docs

__all__ = ["PromoterResNetRegressor"]

# One-hot input without an encoder is taken in the encoder's default channel order.
_ONEHOT_ALPHABET = "ACGT"
# Bins of the soft-classification head beyond which y is not binned expression
_MAX_SOFT_BINS = 256


@fill_parameter_docs
class PromoterResNetRegressor(BaseTorchRegressor):
    """1-D convolutional ResNet predicting expression from promoter DNA.

    The model of a DREAM 2022 promoter-expression team: one-hot DNA, a stem
    convolution of kernel 21 and residual blocks of two kernel-5
    convolutions (7 convolutional layers of 64 channels), batch norm, PReLU,
    max-pooling after each block, global max-pooling, and a softplus
    regression head; MSE with weight decay 1e-3 (``alpha``), Adam at 1e-3
    with a reduce-on-plateau schedule, optionally a switch to SGD at a tenth
    of the rate and stochastic weight averaging with cosine annealing;
    training on both strands (a random half of every batch reverse-complemented)
    and predictions averaged over both strands.

    The challenge winners' recipes are a parameter away: AdamW with a
    one-cycle schedule (``optimizer="adamw", scheduler="onecycle"``) and a
    soft-classification head (``head="soft_classification"``: a distribution
    over integer expression bins trained against a discretised Normal(y, 0.5),
    predicting its expectation). To train on the doubled set (every sequence
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
        Kernel width of the convolutions in the blocks.
    pool : int, default=2
        Max-pooling factor after each block (1 disables pooling).
    dropout : float, default=0.0
        Dropout inside the blocks and before the head.
    head_units : int, default=64
        Hidden units of the head.
    head : {"regression", "soft_classification"}, default="regression"
        Softplus regression, or a distribution over integer expression bins.
    soft_sigma : float, default=0.5
        Width of the Normal target of the soft-classification head.
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
    optimizer : {"adam", "adamw"}, default="adam"
        The optimizer (AdamW decouples the weight decay ``alpha``).
    scheduler : {"plateau", "onecycle"} or None, default="plateau"
        ``"plateau"`` halves the learning rate after 2 epochs without
        improvement of the validation loss (training loss without
        ``early_stopping``); ``"onecycle"`` is OneCycleLR per batch with peak
        ``learning_rate_init``.
    sgd_switch_epoch : int or None, default=None
        After this epoch, continue with SGD (momentum 0.9) at a tenth of the
        current rate. Not with ``scheduler="onecycle"``.
    swa_start : int or None, default=8
        First epoch of stochastic weight averaging (the learning rate is
        cosine-annealed to ``swa_lr``); the average of the weights of the epochs
        from there on is the final model, its batch-norm statistics recomputed.
        None disables SWA (the best validation epoch is kept instead).
    swa_lr : float, default=1e-4
        Learning rate SWA anneals to.
    %(training_parameters)s

    Attributes
    ----------
    module_ : torch.nn.Module
        The trained network.
    modules_ : list of torch.nn.Module
        ``[module_]``.
    history_ : list of dict
        Per epoch: ``epoch``, ``train_loss``, ``valid_loss``, ``best``, ``lr``,
        ``dur`` (seconds).
    histories_ : list of list of dict
        ``[history_]``.
    n_iter_ : int
        Epochs trained.
    encoder_ : DNAOneHotEncoder or None
        The encoder fitted on string input (None for one-hot input).
    n_positions_ : int
        Sequence length the network sees.
    n_outputs_ : int
        Number of targets.
    bins_ : ndarray or None
        Expression bins of the soft-classification head.
    device_ : str
        The device the model was trained on.

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
        **BaseTorchRegressor._parameter_constraints,
        "channels": [Interval(Integral, 1, None, closed="left")],
        "n_blocks": [Interval(Integral, 0, None, closed="left")],
        "first_kernel": [Interval(Integral, 1, None, closed="left")],
        "kernel_size": [Interval(Integral, 1, None, closed="left")],
        "pool": [Interval(Integral, 1, None, closed="left")],
        "dropout": [Interval(Real, 0, 1, closed="left")],
        "head_units": [Interval(Integral, 1, None, closed="left")],
        "head": [StrOptions({"regression", "soft_classification"})],
        "soft_sigma": [Interval(Real, 0, None, closed="neither")],
        "encoder": [HasMethods(["fit_transform", "_transform_codes"]), None],
        "rc_augment": ["boolean"],
        "rc_average": ["boolean"],
        "optimizer": [StrOptions({"adam", "adamw"})],
        "scheduler": [StrOptions({"plateau", "onecycle"}), None],
        "sgd_switch_epoch": [Interval(Integral, 1, None, closed="left"), None],
        "swa_start": [Interval(Integral, 1, None, closed="left"), None],
        "swa_lr": [Interval(Real, 0, None, closed="neither")],
    }

    _predict_batch_size = None  # CPU convolutions run ~2x faster on cache-sized batches

    def __init__(
        self,
        *,
        channels: int = 64,
        n_blocks: int = 3,
        first_kernel: int = 21,
        kernel_size: int = 5,
        pool: int = 2,
        dropout: float = 0.0,
        head_units: int = 64,
        head: str = "regression",
        soft_sigma: float = 0.5,
        encoder: Any = None,
        rc_augment: bool = True,
        rc_average: bool = True,
        optimizer: str = "adam",
        scheduler: str | None = "plateau",
        sgd_switch_epoch: int | None = None,
        swa_start: int | None = 8,
        swa_lr: float = 1e-4,
        learning_rate_init: float = 1e-3,
        alpha: float = 1e-3,
        batch_size: int = 128,
        max_iter: int = 20,
        early_stopping: bool = True,
        validation_fraction: float = 0.1,
        n_iter_no_change: int = 5,
        tol: float = 1e-4,
        random_state: Any = None,
        verbose: int = 0,
        device: str = "auto",
    ) -> None:
        self.channels = channels
        self.n_blocks = n_blocks
        self.first_kernel = first_kernel
        self.kernel_size = kernel_size
        self.pool = pool
        self.dropout = dropout
        self.head_units = head_units
        self.head = head
        self.soft_sigma = soft_sigma
        self.encoder = encoder
        self.rc_augment = rc_augment
        self.rc_average = rc_average
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.sgd_switch_epoch = sgd_switch_epoch
        self.swa_start = swa_start
        self.swa_lr = swa_lr
        super().__init__(
            learning_rate_init=learning_rate_init, alpha=alpha, batch_size=batch_size,
            max_iter=max_iter, early_stopping=early_stopping,
            validation_fraction=validation_fraction, n_iter_no_change=n_iter_no_change,
            tol=tol, random_state=random_state, verbose=verbose, device=device,
        )  # fmt: skip

    # -- input -------------------------------------------------------------
    @staticmethod
    def _is_onehot(X: Any) -> bool:
        return isinstance(X, np.ndarray) and X.dtype.kind in "biuf"

    @staticmethod
    def _check_onehot(X: np.ndarray) -> np.ndarray:
        if X.ndim != 3 or X.shape[1] != 4:
            raise ValueError(
                f"One-hot input must have shape (n, 4, L) (channels first, as "
                f"DNAOneHotEncoder makes it), got {X.shape}."
            )
        if not np.isfinite(X).all():
            raise ValueError("One-hot input contains NaN or infinity.")
        return np.ascontiguousarray(X, dtype=np.float32)

    def _make_encoder(self) -> Any:
        from ..preprocessing import DNAOneHotEncoder

        if self.encoder is None:
            return DNAOneHotEncoder(length="longest", ambiguous="fractional")
        encoder = clone(self.encoder)
        params = encoder.get_params()
        if params.get("flatten") or params.get("layout", "channels_first") != "channels_first":
            raise ValueError(
                "encoder must make (n, 4, L) arrays for the network: set "
                "layout='channels_first' and flatten=False."
            )
        return encoder

    @property
    def _alphabet(self) -> str:
        """Channel order of the network's input."""
        encoder = getattr(self, "encoder_", None)
        return _ONEHOT_ALPHABET if encoder is None else encoder.alphabet

    def _validate_input(self, X: Any, y: Any = "no_validation", *, reset: bool) -> Any:
        if not reset:
            return self._encode(X)
        if self.scheduler == "onecycle" and self.sgd_switch_epoch is not None:
            raise ValueError("sgd_switch_epoch cannot be combined with scheduler='onecycle'.")
        if self._is_onehot(X):
            self.encoder_ = None
            X = self._check_onehot(X)
        else:
            self.encoder_ = self._make_encoder()
            X = self.encoder_.fit_transform(X).astype(np.float32, copy=False)
        self.n_positions_ = int(X.shape[2])
        return X, self._check_target(X, y)

    def _encode(self, X: Any) -> np.ndarray:
        """The network's input for X (the forward strand), after fit."""
        if self._is_onehot(X):
            # One-hot input of another length is fine: the network pools globally.
            return self._check_onehot(X)
        if self.encoder_ is None:
            raise ValueError("This model was fitted on one-hot arrays; pass one-hot arrays.")
        return self.encoder_.transform(X).astype(np.float32, copy=False)

    def _check_target(self, X: np.ndarray, y: Any) -> np.ndarray:
        y = np.asarray(y)
        if y.dtype.kind not in "biuf":
            raise ValueError(f"y must be numeric, got dtype {y.dtype}.")
        y = y.astype(np.float64)
        if y.ndim == 2 and y.shape[1] == 1 and self.head == "soft_classification":
            y = column_or_1d(y)
        if self.head == "soft_classification" and y.ndim != 1:
            raise ValueError("head='soft_classification' predicts one target; y must be 1-D.")
        check_consistent_length(X, y)
        if not np.isfinite(y).all():
            raise ValueError("y contains NaN or infinity.")
        self.bins_ = None
        if self.head == "soft_classification":
            n_bins = int(np.ceil(y.max()) - np.floor(y.min())) + 1
            if n_bins > _MAX_SOFT_BINS:
                raise ValueError(
                    f"head='soft_classification' has one output per integer expression value "
                    f"from {y.min():.4g} to {y.max():.4g}: {n_bins} outputs, more than "
                    f"{_MAX_SOFT_BINS}. It is made for binned expression such as DREAM's "
                    f"0-17; rescale y or use head='regression'."
                )
            self.bins_ = np.arange(np.floor(y.min()), np.ceil(y.max()) + 1, dtype=np.float32)
        elif y.min() < 0:
            raise ValueError(
                f"head='regression' predicts through softplus (values >= 0), but y has "
                f"negative values (min {y.min():.4g}); shift y to be non-negative (e.g. "
                f"log-expression minus its minimum) or use head='soft_classification'."
            )
        return y

    # -- training ----------------------------------------------------------
    def _build_network(
        self, n_features: int, n_outputs: int, train: Any, valid: Any = None
    ) -> NetworkSpec:
        import torch
        from skorch.callbacks import LRScheduler

        from ._callbacks import StochasticWeightAveraging, SwitchToSGD
        from ._data import BatchIterator, RCBatchIterator
        from ._modules import PromoterResNet, SoftBinLoss

        module = PromoterResNet(
            channels=self.channels, n_blocks=self.n_blocks, first_kernel=self.first_kernel,
            kernel_size=self.kernel_size, pool=self.pool, dropout=self.dropout,
            head_units=self.head_units,
            n_outputs=n_outputs if self.bins_ is None else len(self.bins_),
            output="softplus" if self.bins_ is None else "logits",
        )  # fmt: skip
        criterion = (
            SoftBinLoss(torch.from_numpy(self.bins_), sigma=self.soft_sigma)
            if self.bins_ is not None
            else torch.nn.MSELoss()
        )
        callbacks: list = []
        if self.scheduler == "plateau":
            callbacks.append(
                LRScheduler(
                    policy=torch.optim.lr_scheduler.ReduceLROnPlateau,
                    monitor="valid_loss" if self.early_stopping else "train_loss",
                    factor=0.5,
                    patience=2,
                    min_lr=1e-6,
                )  # fmt: skip
            )
        elif self.scheduler == "onecycle":
            steps = -(-len(train) // self.batch_size) * self.max_iter
            callbacks.append(
                LRScheduler(
                    policy=torch.optim.lr_scheduler.OneCycleLR,
                    max_lr=self.learning_rate_init,
                    total_steps=steps,
                    step_every="batch",
                )  # fmt: skip
            )
        if self.sgd_switch_epoch is not None:
            callbacks.append(SwitchToSGD(self.sgd_switch_epoch, self.alpha))
        if self.swa_start is not None:
            callbacks.append(
                StochasticWeightAveraging(self.swa_start, self.swa_lr, train, self.batch_size)
            )
        return NetworkSpec(
            module=module,
            criterion=criterion,
            optimizer=torch.optim.AdamW if self.optimizer == "adamw" else torch.optim.Adam,
            callbacks=callbacks,
            iterator_train=RCBatchIterator if self.rc_augment else BatchIterator,
            iterator_train_kwargs={"alphabet": self._alphabet} if self.rc_augment else {},
        )

    def fit(self, X: Any, y: Any) -> PromoterResNetRegressor:
        """Encode the sequences once and train the network on both strands.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            DNA sequences (encoded by ``encoder``), or one-hot arrays with the
            channels in ACGT order.
        y : array-like of shape (n_sequences,) or (n_sequences, n_outputs)
            Expression; one column with ``head="soft_classification"``.

        Returns
        -------
        self : PromoterResNetRegressor
            The fitted model.
        """
        return super().fit(X, y)

    # -- prediction --------------------------------------------------------
    def predict(self, X: Any) -> np.ndarray:
        """Predict expression, by default averaged over both strands.

        With ``rc_average=True`` the prediction is the mean of the network's
        output for each sequence and for its reverse complement. For string
        input the reverse complement is taken of the sequence and then padded
        like the original, so a sequence and its reverse complement get
        exactly the same prediction whatever the padding; for one-hot input
        the array is flipped (padding moves to the other end). Strings are
        validated and encoded once.

        Parameters
        ----------
        X : array-like of str of shape (n_sequences,), or ndarray of shape (n, 4, L)
            Sequences, or one-hot arrays as made by the fitted encoder.

        Returns
        -------
        y_pred : ndarray of shape (n_sequences,) or (n_sequences, n_outputs)
            Predicted expression.
        """
        check_is_fitted(self)
        if not self.rc_average:
            return self._predict_array(self._encode(X))
        if self._is_onehot(X) or self.encoder_ is None:
            forward = self._encode(X)
            backward = reverse_complement_onehot(forward, alphabet=self._alphabet)
        else:
            codes, lengths = encode_sequences(X, estimator_name=type(self).__name__)
            forward = self.encoder_._transform_codes(codes, lengths)
            backward = self.encoder_._transform_codes(*reverse_complement_joined(codes, lengths))
        return (self._predict_array(forward) + self._predict_array(backward)) / 2

    def _predict_batch(self, module: Any, X_batch: Any) -> Any:
        out = module(X_batch)
        if self.head == "soft_classification":
            import torch

            bins = torch.from_numpy(self.bins_).to(out.device)
            out = (torch.softmax(out, dim=1) * bins).sum(dim=1, keepdim=True)
        return out

    def __sklearn_tags__(self):
        tags = sequence_input_tags(super().__sklearn_tags__(), one_hot=True)
        tags.input_tags.sparse = False
        tags.target_tags.multi_output = self.head == "regression"
        return tags
