"""The public strategies and the recipe: valid by construction, deterministic."""

from hypothesis import given, settings

from metricoracle.oracle import METRICS, InputKind, Task
from metricoracle.oracle import strategies as ost
from metricoracle.oracle._recipe import generate


@given(ost.binary_pairs())
def test_binary_pairs_have_equal_lengths(pair):
    y_true, y_pred = pair
    assert len(y_true) == len(y_pred) >= 1
    assert len(set(y_true) | set(y_pred)) <= 2


@given(ost.multiclass_pairs())
def test_multiclass_pairs(pair):
    assert len(pair[0]) == len(pair[1])


@given(ost.multilabel_pairs())
def test_multilabel_rows_have_one_width(pair):
    widths = {len(r) for r in pair[0] + pair[1]}
    assert len(widths) == 1


@settings(max_examples=200)
@given(ost.queries())
def test_queries_are_consistent(q):
    assert q.metric in METRICS and q.task in METRICS[q.metric].tasks
    assert len(q.y_true) == len(q.y_pred)
    if q.sample_weight is not None:
        assert len(q.sample_weight) == q.n_samples
    if q.batches:
        assert sum(q.batches) == q.n_samples and min(q.batches) >= 1
    if q.kind in (InputKind.PROBABILITIES,):
        rows = q.scores if q.task is Task.MULTILABEL else [(s,) for s in q.scores]
        preds = q.y_pred if q.task is Task.MULTILABEL else [(p,) for p in q.y_pred]
        for row, pred in zip(rows, preds, strict=True):
            assert [int(s >= q.threshold) for s in row] == list(pred)
    if q.kind is InputKind.SCORES:
        assert [max(range(len(r)), key=r.__getitem__) for r in q.scores] == list(q.y_pred)


def test_generation_is_deterministic_and_covers_the_space():
    metrics = list(METRICS)
    first = [generate(7, i, metrics) for i in range(400)]
    assert first == [generate(7, i, metrics) for i in range(400)]
    assert {q.task for q in first} == set(Task)
    assert {q.kind for q in first} == set(InputKind)
    assert any(q.string_labels for q in first)
    assert any(q.sample_weight and 0.0 in q.sample_weight for q in first)
    assert any(q.n_samples == 1 for q in first)
    assert any(q.labels is not None for q in first)
    assert any(q.ignore_index is not None for q in first)
    assert any(q.shape is not None for q in first)
    assert any(len(q.batches) > 1 for q in first)
    assert any(
        len(set(q.y_true) | set(q.y_pred)) == 1 for q in first if q.task is not Task.MULTILABEL
    )


def test_query_json_round_trip():
    for i in range(50):
        q = generate(1, i, list(METRICS))
        assert type(q).from_json(q.to_json()).encode() == q.encode()
