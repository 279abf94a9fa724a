"""Each theorem's verdict, and the shape of the results.

Expected statuses are written out here by hand (from the mathematics, not from running
the code under test).
"""

from __future__ import annotations

from fractions import Fraction

import pytest

pytest.importorskip("z3")

from metricoracle.proofs import Settings, run_catalogue

EXPECTED = {
    "MO-001": "proved_all_n",    # ΣFP = ΣFN, integer counts
    "MO-002": "proved_all_n",    # ΣFP = ΣFN, sample weights
    "MO-003": "proved_all_n",    # micro P = R = F1 = accuracy
    "MO-004": "proved_all_n",    # weighted recall = accuracy
    "MO-005": "proved_all_n",    # balanced accuracy = macro recall over present labels
    "MO-006": "proved_all_n",    # hamming = 1 − accuracy
    "MO-007": "proved_all_n",    # accuracy = 1 − zero_one_loss
    "MO-008": "proved_all_n",    # one-vs-rest counts valid
    "MO-009": "proved_all_n",    # multiclass MCC in [−1, 1]
    "MO-010": "proved_all_n",    # kappa ≤ 1 (None, linear, quadratic weights)
    "MO-101": "proved_all_n",
    "MO-102": "proved_all_n",
    "MO-103": "proved_all_n",
    "MO-104": "proved_all_n",
    "MO-105": "proved_all_n",
    "MO-201": "refuted",
    "MO-202": "refuted",
    "MO-203": "refuted",
    "MO-204": "refuted",
    "MO-205": "refuted",
    "MO-206": "refuted",
}


@pytest.fixture(scope="module")
def results():
    return {r.id: r for r in run_catalogue(settings=Settings(max_classes=3))}


def test_every_theorem_has_the_expected_status(results):
    assert {k: r.status for k, r in results.items()} == EXPECTED
    assert all(r.as_expected for r in results.values())


def test_all_n_results_report_no_bound_and_their_link(results):
    for key in ("MO-001", "MO-008", "MO-009", "MO-010"):
        assert results[key].max_classes is None
        assert results[key].details["linked_up_to_n"] == 3, key


def test_every_refutation_is_replayed_and_confirmed(results):
    for r in results.values():
        if r.expected == "fails":
            assert r.counterexample is not None and r.counterexample["confirmed"], r.id
            if "sklearn" in r.counterexample:
                assert r.counterexample["sklearn"]["confirmed"], r.id


def _hand_macro(matrix):
    """Macro precision and recall of a small matrix, computed by hand with Fractions."""
    n = len(matrix)
    cols = [sum(matrix[i][k] for i in range(n)) for k in range(n)]
    rows = [sum(matrix[k]) for k in range(n)]
    p = sum(Fraction(matrix[k][k], cols[k]) for k in range(n)) / n
    r = sum(Fraction(matrix[k][k], rows[k]) for k in range(n)) / n
    return p, r


def test_macro_counterexample_recomputed_independently(results):
    cex = results["MO-203"].counterexample
    p, r = _hand_macro(cex["matrix"])
    assert p != r
    assert (str(p), str(r)) == (cex["values"]["macro_precision"], cex["values"]["macro_recall"])


def test_counterexample_replays_in_sklearn(results):
    pytest.importorskip("sklearn")
    from sklearn.metrics import precision_score, recall_score

    from metricoracle.proofs._counterexample import labels_from_matrix

    y_true, y_pred = labels_from_matrix(results["MO-203"].counterexample["matrix"] and
                                        __import__("numpy").array(
                                            results["MO-203"].counterexample["matrix"]))
    p = precision_score(y_true, y_pred, average="macro", zero_division=0)
    r = recall_score(y_true, y_pred, average="macro", zero_division=0)
    assert p != pytest.approx(r)


def test_json_shape(results):
    keys = {"id", "name", "claim", "scope", "expected", "status", "max_classes", "seconds",
            "counterexample"}
    for r in results.values():
        data = r.to_json()
        assert keys <= set(data)
        assert data["expected"] in ("holds", "fails")
        assert data["status"] in ("proved_all_n", "proved_up_to_n", "refuted", "unknown")
