"""Rows of a results table (JSON, YAML or CSV) turned into reports to check.

One row = one reported result.  Setup keys: ``p``, ``n`` (binary) or ``supports``
(``"30,40,50"`` or a list) or ``total`` (+ ``n_classes``); optional ``n_folds`` or
``folds`` (``"p1:n1;p2:n2"`` for binary, ``"a,b,c;d,e,f"`` for multiclass; lists in
JSON/YAML), ``repeats``.  Option keys (override the command line): ``decimals``,
``percent``, ``rounding``, ``zero_division``, ``aggregation``, ``macro_f1``, ``label``.
Every other non-empty key is a score name (``acc``, ``f1_macro``, ...) with its value.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from metricoracle.consistency._scores import ReportedScore, ScoreAverage, make_score
from metricoracle.consistency._setup import Setup
from metricoracle.errors import InvalidInput

SETUP_KEYS = {"p", "n", "supports", "total", "n_classes", "n_folds", "folds", "repeats"}
OPTION_KEYS = {"decimals", "percent", "rounding", "zero_division", "aggregation", "macro_f1",
               "label", "name"}


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Read a .json (list of objects), .yaml/.yml or .csv file into row dicts."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"file={str(path)!r} cannot be read: {exc.strerror}") from None
    suffix = path.suffix.lower()
    if suffix == ".json":
        data = json.loads(text)
    elif suffix in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            raise InvalidInput("reading YAML needs PyYAML (pip install pyyaml)") from None
        data = yaml.safe_load(text)
    elif suffix == ".csv":
        data = list(csv.DictReader(io.StringIO(text)))
    else:
        raise InvalidInput(f"file={str(path)!r}: use a .json, .yaml/.yml or .csv file")
    if isinstance(data, dict) and "rows" in data:
        data = data["rows"]
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise InvalidInput(f"file={str(path)!r} must hold a list of rows (objects)")
    return [{str(k).strip(): v for k, v in row.items() if v not in (None, "")} for row in data]


def _ints(value: Any, name: str) -> list[int]:
    items = value if isinstance(value, list) else str(value).replace(":", ",").split(",")
    try:
        return [int(str(x).strip()) for x in items]
    except ValueError:
        raise InvalidInput(f"{name}={value!r} must be integers separated by commas") from None


def _folds(value: Any) -> list[list[int]]:
    parts = value if isinstance(value, list) else str(value).split(";")
    return [_ints(part, "folds") for part in parts]


def setup_from(row: dict[str, Any]) -> Setup:
    """The :class:`Setup` described by a row's setup keys."""
    n_folds = int(row["n_folds"]) if "n_folds" in row else None
    folds = _folds(row["folds"]) if "folds" in row else None
    repeats = int(row.get("repeats", 1))
    if "p" in row or "n" in row:
        if "p" not in row or "n" not in row:
            raise InvalidInput("a binary setup needs both p and n")
        pairs = None if folds is None else [(f[0], f[1]) for f in folds]
        if pairs is not None and any(len(f) != 2 for f in folds or []):
            raise InvalidInput("binary folds are p:n pairs, e.g. '10:20;10:20'")
        return Setup.binary_counts(int(row["p"]), int(row["n"]), n_folds=n_folds, folds=pairs,
                                   repeats=repeats)
    if "supports" in row:
        return Setup.multiclass(_ints(row["supports"], "supports"), n_folds=n_folds,
                                folds=[tuple(f) for f in folds] if folds else None,
                                repeats=repeats)
    if "total" in row:
        if n_folds or folds:
            raise InvalidInput("folds need the class counts (p, n or supports)")
        return Setup.total_only(int(row["total"]), int(row.get("n_classes", 2)))
    raise InvalidInput("the setup needs p and n, supports, or total")


def scores_from(row: dict[str, Any], setup: Setup, *, decimals: int | None,
                percent: bool) -> list[ReportedScore]:
    """The reported scores of a row (every key that is not a setup or option key)."""
    default = ScoreAverage.BINARY if setup.binary else None
    decimals = int(row["decimals"]) if "decimals" in row else decimals
    percent = str(row.get("percent", percent)).lower() in ("1", "true", "yes")
    return [make_score(key, str(value), decimals=decimals, percent=percent,
                       default_average=default)
            for key, value in row.items() if key not in SETUP_KEYS | OPTION_KEYS]
