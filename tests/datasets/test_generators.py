import lightgbm
import numpy as np
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.model_selection import GroupKFold, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline

from sklearn_genexpr.datasets import (
    make_landmark_expression,
    make_openness_expression,
    make_promoter_expression,
)
from sklearn_genexpr.genomics import PeakTrack
from sklearn_genexpr.metrics import pearson_r
from sklearn_genexpr.preprocessing import (
    JointQuantileNormalizer,
    KmerVectorizer,
    TSSBinner,
    reverse_complement,
)


def test_promoter_generator_ground_truth_and_target_shape():
    X, y, truth = make_promoter_expression(2000, random_state=0, return_ground_truth=True)
    X2, y2 = make_promoter_expression(2000, random_state=0)
    assert (X == X2).all() and (y == y2).all()
    assert 0 <= y.min() and y.max() <= 18
    assert 0.6 < np.mean(y == np.round(y)) < 0.8 + 0.05  # concentrated on integers
    assert pearson_r(truth.expected, y) > 0.8
    # the composite's effect is carried by arrangement, not by motif occurrence
    active = truth.composite == 1
    decoy = truth.composite.isin([2, 3])
    assert y[active].mean() - y[decoy].mean() > 3
    # every planted composite reads GATAAG...CCAAT on one strand
    for seq in X[active.to_numpy()][:50]:
        both = seq + "|" + str(reverse_complement([seq])[0])
        assert any(
            both[i : i + 6] == "GATAAG" and both[i + 10 : i + 15] == "CCAAT"
            for i in range(len(both) - 15)
        )


def test_promoter_generator_signal_partly_invisible_to_kmer_counts():
    X, y, truth = make_promoter_expression(3000, random_state=1, return_ground_truth=True)
    X_train, X_test, y_train, y_test, _, truth_test = train_test_split(
        X, y, truth, test_size=0.3, random_state=0
    )
    kmer = make_pipeline(KmerVectorizer(k=6), lightgbm.LGBMRegressor(verbose=-1, random_state=0))
    r_kmer = pearson_r(y_test, kmer.fit(X_train, y_train).predict(X_test))
    r_truth = pearson_r(y_test, truth_test.expected)
    assert r_kmer < r_truth - 0.1  # counts miss the arrangement and position effects


def test_landmark_generator_platforms_and_nonlinearity():
    data = make_landmark_expression(600, 30, 40, second_platform_fraction=0.5, random_state=0)
    log_rows, linear_rows = data.data[data.platform == 0], data.data[data.platform == 1]
    assert np.median(linear_rows) > 10 * np.median(log_rows)  # two value scales
    normalised = JointQuantileNormalizer().fit_transform(data.data)
    np.testing.assert_allclose(np.sort(normalised[0]), np.sort(normalised[-1]))
    same = make_landmark_expression(600, 30, 40, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(same.data, same.target, random_state=0)
    r2 = LinearRegression().fit(X_train, y_train).score(X_test, y_test)
    assert 0.2 < r2 < 0.95  # linear maps explain part, not all


def test_openness_generator_promoter_peaks_drive_expression():
    data = make_openness_expression(120, 4, random_state=0)
    assert data.genes.shape[0] == 480 and set(data.genes["sample"]) == set(data.signal_columns)
    binner = TSSBinner(
        PeakTrack(data.peaks),
        signal=data.signal_columns,
        upstream=10_000,
        downstream=10_000,
        bin_size=1000,
        log1p=True,
    )
    cv = GroupKFold(n_splits=3)
    score = cross_val_score(
        make_pipeline(binner, Ridge(alpha=1e-3)),
        data.genes,
        data.target,
        cv=cv,
        groups=data.genes["gene"],
    ).mean()
    assert score > 0.5
