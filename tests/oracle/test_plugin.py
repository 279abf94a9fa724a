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
