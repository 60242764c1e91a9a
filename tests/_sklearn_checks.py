"""sklearn's API checks for estimators that take sequences, not a 2-D numeric X.

``parametrize_with_checks`` yields no check for an estimator whose tags say
``two_d_array=False``: these checks are run one by one, and those that feed
(n, p) floats are expected to fail, each with the reason and the package's
own check of that property.
"""

from sklearn.utils import estimator_checks

API_CHECKS = [
    getattr(estimator_checks, name)
    for name in (
        "check_estimator_cloneable", "check_estimator_tags_renamed", "check_valid_tag_types",
        "check_estimator_repr", "check_no_attributes_set_in_init", "check_fit_score_takes_y",
        "check_estimators_overwrite_params", "check_dont_overwrite_parameters",
        "check_estimators_fit_returns_self", "check_readonly_memmap_input",
        "check_estimators_unfitted", "check_do_not_raise_errors_in_init_or_set_params",
        "check_n_features_in_after_fitting", "check_mixin_order",
        "check_positive_only_tag_during_fit", "check_get_params_invariance",
        "check_set_params", "check_parameters_default_constructible",
    )
]  # fmt: skip

# sklearn's API checks that feed 2-D numeric X, which a sequence estimator does not take
# (its tags say so: two_d_array=False), each with the package's own check of that property
NEEDS_2D_NUMERIC = {
    "check_fit_score_takes_y": "fits (n, p) floats; fit/score take y: test_sequence_api",
    "check_estimators_overwrite_params": "fits (n, p) floats; params kept: test_sequence_api",
    "check_dont_overwrite_parameters": "fits (n, p) floats; no public attrs: test_sequence_api",
    "check_estimators_fit_returns_self": "fits (n, p) floats; fit returns self: test_sequence_api",
    "check_readonly_memmap_input": "fits (n, p) floats; read-only arrays: test_sequence_api",
    "check_estimators_unfitted": "predicts on (n, p) floats; NotFittedError: test_sequence_api",
    "check_n_features_in_after_fitting": "counts 2-D columns; sequences have none (as "
    "CountVectorizer: no n_features_in_; n_positions_ for the networks)",
    "check_positive_only_tag_during_fit": "fits (n, p) floats; no positive_only tag here",
}
