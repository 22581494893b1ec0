"""Accuracy of the parser on the benchmark's parse-dev set, scored the benchmark's way.

Reads ../shared/bench at run time (skipped when absent) and calls parse_reference directly,
so it guards the parser's accuracy without the CLI or the extractor.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from refcheck.models import RawReference, Reference
from refcheck.parse import parse_reference

BENCH = Path(__file__).parents[1] / ".." / "shared" / "bench"
DATASET = BENCH / "data" / "parse-dev.jsonl"
FINDINGS_DOCS = Path(__file__).parents[1] / "docs" / "findings"


def _load_refbench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("refbench", BENCH / "refbench.py")
    if spec is None or spec.loader is None:
        pytest.skip("refbench.py cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _as_json(ref: Reference) -> dict[str, Any]:
    data = dataclasses.asdict(ref)
    data["type"] = ref.type.value
    return data


def test_field_accuracy_on_parse_dev() -> None:
    if not DATASET.exists() or not (BENCH / "refbench.py").exists():
        pytest.skip("shared benchmark data not available")
    refbench = _load_refbench()
    rows = [json.loads(line) for line in DATASET.read_text(encoding="utf-8").splitlines() if line]
    right = total = 0.0
    for row in rows:
        parsed = parse_reference(RawReference(None, row["text"], None)).reference
        scores = refbench.score_parse_row(row["expect"], _as_json(parsed))
        for field, value in scores.items():
            if field in refbench.PARSE_FIELDS:
                right += value
                total += 1
    assert total > 0
    # The issue asks for 0.97; measured 0.9885 when this test was last updated, and the
    # generalisation work must never take it below 0.988.
    assert right / total >= 0.988


def test_every_parse_code_is_documented() -> None:
    from refcheck.parse.codes import ALL_CODES

    for finding_code in ALL_CODES:
        code = finding_code.code
        page = FINDINGS_DOCS / f"{code}.md"
        assert page.exists(), f"{code} has no page in docs/findings"
        text = page.read_text(encoding="utf-8")
        assert text.startswith(f"# {code}")
        for section in ("## What it means", "## Why it matters", "## Example"):
            assert section in text, f"{code}: missing '{section}'"
