"""torchmetrics-specific behaviour of the adapters: a documented divergence and a real bug."""

import pytest

pytest.importorskip("torchmetrics")

from metricoracle.oracle import Category


def test_macro_over_absent_label_is_documented_not_unexplained():
    from metricoracle.oracle import Query, Task, replay

    q = Query(
        metric="precision_score",
        task=Task.MULTICLASS,
        y_true=(2,),
        y_pred=(2,),
        average="macro",
        num_classes=4,
    )
    judgement = replay("torchmetrics", q)
    assert judgement.category is Category.DOCUMENTED and judgement.divergence.id == "D001"


def test_stateful_npv_ignores_zero_division():
    """torchmetrics 1.9.0: the stateful NegativePredictiveValue drops zero_division (a real bug)."""
    from metricoracle.oracle import Query, Task, replay

    q = Query(
        metric="npv_score",
        task=Task.MULTICLASS,
        y_true=(0,),
        y_pred=(0,),
        average=None,
        zero_division=1,
        num_classes=3,
    )
    assert replay("torchmetrics", q).category is Category.AGREE
    assert replay("torchmetrics-stateful", q).category is Category.UNEXPLAINED


def test_cuda_variants_are_skipped_without_a_gpu():
    import torch

    from metricoracle.oracle._runner import resolve_adapters

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is present")
    loaded, skipped = resolve_adapters(["torchmetrics-cuda", "torchmetrics-stateful-cuda"])
    assert loaded == [] and set(skipped) == {"torchmetrics-cuda", "torchmetrics-stateful-cuda"}
    assert all("CUDA" in reason for reason in skipped.values())
