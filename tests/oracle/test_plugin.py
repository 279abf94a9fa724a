"""The pytest plugin, through pytester."""

pytest_plugins = ["pytester"]


def test_fixture_passes_a_correct_metric_and_fails_a_wrong_one(pytester):
    pytester.makepyfile("""
        from sklearn.metrics import f1_score

        def test_right(metric_oracle):
            metric_oracle.assert_matches(f1_score, metric="f1_score", average="macro",
                                         labels=None, examples=40)

        def wrong_f1(y_true, y_pred, **kwargs):
            kwargs.pop("sample_weight", None)
            return f1_score(y_true, y_pred, **kwargs)

        def test_wrong(metric_oracle):
            metric_oracle.assert_matches(wrong_f1, metric="f1_score", average="macro",
                                         labels=None, examples=100)
    """)
    result = pytester.runpytest("-q")  # the plugin loads through its pytest11 entry point
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*disagrees with spec.f1_score*", "*spec call:*sample_weight*"])


def test_plugin_import_is_light():
    import subprocess
    import sys

    code = (
        "import sys, metricoracle._pytest_plugin; "
        "print(any(m in sys.modules for m in ('hypothesis', 'torch', 'sklearn', 'metricoracle.oracle')))"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout.strip()
        == "False"
    )


def test_sklearn_wrapper_passes_under_sklearn_conventions_and_runs_are_repeatable(pytester):
    # labels=(9,) names only an absent label: sklearn returns 0.0 (documented divergence
    # D011), the spec raises; strict conventions must fail on it.
    pytester.makepyfile("""
        import numpy as np
        import pytest
        from sklearn.metrics import f1_score

        def test_sklearn_conventions(metric_oracle):
            metric_oracle.assert_matches(f1_score, metric="f1_score", examples=100)

        def test_absent_labels_sklearn_conventions(metric_oracle):
            metric_oracle.assert_matches(f1_score, metric="f1_score", examples=30,
                                         labels=(9,), tasks=("multiclass",))

        def test_strict(metric_oracle):
            metric_oracle.assert_matches(f1_score, metric="f1_score", examples=30,
                                         labels=(9,), tasks=("multiclass",), conventions=None)

        def single_label_only(y_true, y_pred, **kwargs):
            assert np.ndim(y_true) == 1, "multilabel input"
            return f1_score(y_true, y_pred, **kwargs)

        def test_tasks(metric_oracle):
            metric_oracle.assert_matches(single_label_only, metric="f1_score", examples=60,
                                         tasks=("binary", "multiclass"))

        @pytest.mark.parametrize("kwargs, message", [
            ({"metric": "nosuch"}, "metric='nosuch' is unknown"),
            ({"metric": "f1_score", "average": "bogus"}, "average='bogus'"),
            ({"metric": "f1_score", "examples": 0}, "examples=0"),
            ({"metric": "f1_score", "tasks": ("ranking",)}, "tasks="),
        ])
        def test_bad_usage(metric_oracle, kwargs, message):
            with pytest.raises(ValueError, match=message):
                metric_oracle.assert_matches(f1_score, **kwargs)
    """)
    outcomes = []
    for _ in range(2):  # separate processes: a repeat must not depend on in-process state
        result = pytester.runpytest_subprocess("-q")
        outcomes.append(result.parseoutcomes())
        result.assert_outcomes(passed=7, failed=1)
        result.stdout.fnmatch_lines(["*test_strict*"])
    assert outcomes[0] == outcomes[1]
