"""Every report format on the examples/ manuscripts, against the local Crossref test server.

The JSON report of the same run is the reference each other format is checked against."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from typer.testing import CliRunner

from refcheck.cli import app
from refcheck.report.common import workspace_path
from refcheck.report.github import escape_data, escape_property

ROOT = Path(__file__).parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT / ".." / "shared"
NAMES = ("manuscript.md", "references.txt", "articulo.md")


@pytest.fixture(scope="module", autouse=True)
def _need_examples() -> None:
    if not all((EXAMPLES / name).is_file() for name in NAMES):
        pytest.skip("examples/ not present")


def run(server: Any, fmt: str, *extra: str) -> Any:
    paths = [str(EXAMPLES / name) for name in NAMES]
    args = ["check", *paths, "--format", fmt, "--crossref-url", server.url, "--no-cache"]
    result = CliRunner().invoke(app, [*args, "--isolated", *extra], env=CLEAN_ENV)
    assert result.exit_code == 1, result.output  # references.txt has errors
    return result


def as_json(server: Any) -> dict[str, Any]:
    return json.loads(run(server, "json").stdout)


def located(doc: dict[str, Any]) -> list[tuple[str, int | None, dict[str, Any], Any]]:
    """(path, line, finding, reference or None) in the order the formats list them."""
    out: list[tuple[str, int | None, dict[str, Any], Any]] = []
    for file in doc["files"]:
        for finding in file["findings"]:
            out.append((file["path"], finding.get("line"), finding, None))
        for ref in file["references"]:
            for finding in ref["findings"]:
                out.append((file["path"], finding.get("line", ref["line"]), finding, ref))
    return out


def test_json_keeps_the_contract(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    assert doc["schema_version"] == 1
    assert [Path(f["path"]).name for f in doc["files"]] == list(NAMES)
    statuses = {"verified", "mismatch", "unresolved", "ambiguous", "failed", "skipped"}
    total = 0
    for file in doc["files"]:
        assert isinstance(file["findings"], list)
        for finding in file["findings"]:
            assert isinstance(finding["line"], int)
        for ref in file["references"]:
            total += 1
            assert set(ref) >= {
                "number",
                "text",
                "line",
                "status",
                "doi",
                "score",
                "parsed",
                "findings",
            }
            assert ref["status"] in statuses
            assert (ref["doi"] is None) == (ref["score"] is None)
            if ref["score"] is not None:
                assert 0 <= ref["score"] <= 1
            for finding in ref["findings"]:
                assert set(finding) >= {"code", "field", "severity", "cited", "expected", "message"}
                assert finding["severity"] in {"error", "warning", "info"}
    assert doc["summary"]["references"] == total
    assert sum(doc["summary"][s] for s in statuses) == total
    refs = doc["files"][1]["references"]
    assert refs[0]["status"] == "mismatch"
    assert any(f["code"] == "RC102" for f in refs[0]["findings"])


def test_jsonl_matches_json(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    objects = [json.loads(line) for line in run(crossref_server, "jsonl").stdout.splitlines()]
    refs = [o for o in objects if o["type"] == "reference"]
    expected = [r for f in doc["files"] for r in f["references"]]
    assert [{k: v for k, v in r.items() if k not in ("type", "path")} for r in refs] == expected
    assert objects[-1] == {"type": "summary", "schema_version": 1} | doc["summary"]


def test_github_lines_match_the_json_findings(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    lines = run(crossref_server, "github").stdout.splitlines()
    command = {"error": "error", "warning": "warning", "info": "notice"}
    expected_prefixes = []
    for path, line, finding, _ref in located(doc):
        where = f"file={escape_property(workspace_path(path))}" + (
            f",line={line}" if line is not None else ""
        )
        title = escape_property(f"refcheck {finding['code']} ({finding['field']})")
        expected_prefixes.append(f"::{command[finding['severity']]} {where},title={title}::")
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == len(expected_prefixes)
    for line, prefix, (_, _, finding, ref) in zip(
        annotations, expected_prefixes, located(doc), strict=True
    ):
        assert line.startswith(prefix)
        assert escape_data(finding["message"]) in line
        if ref is not None:
            number, at = ref["number"], ref["line"]
            label = f"Reference {number}" if number is not None else f"Reference at line {at}"
            assert line[len(prefix) :].startswith(f"{label}: ")
    # the Kaplan-Meier year, exactly (the message names both years, so nothing is appended)
    kaplan = doc["files"][1]["references"][0]
    year = next(f for f in kaplan["findings"] if f["code"] == "RC102")
    assert year["cited"] in year["message"] and year["expected"] in year["message"]
    label = (
        f"Reference {kaplan['number']}"
        if kaplan["number"] is not None
        else f"Reference at line {kaplan['line']}"
    )
    path = escape_property(workspace_path(doc["files"][1]["path"]))
    assert (
        f"::error file={path},line={kaplan['line']},title=refcheck RC102 (year)::"
        f"{label}: {escape_data(year['message'])}"
    ) in lines
    assert lines[-1].startswith(f"refcheck: {doc['summary']['references']} references: ")


def test_sarif_validates_and_lists_every_finding(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    sarif = json.loads(run(crossref_server, "sarif").stdout)
    results = sarif["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [f["code"] for _, _, f, _ in located(doc)]
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared is absent: schema validation skipped")
    import jsonschema

    jsonschema.validate(sarif, json.loads(schema_path.read_text(encoding="utf-8")))


def test_junit_has_a_case_per_reference_and_fails_errors(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    root = ET.fromstring(run(crossref_server, "junit").stdout)
    suites = root.findall("testsuite")
    assert len(suites) == len(doc["files"])
    for suite, file in zip(suites, doc["files"], strict=True):
        cases = [c for c in suite.findall("testcase") if c.get("name") != "citations"]
        assert len(cases) == len(file["references"])
        for case, ref in zip(cases, file["references"], strict=True):
            has_error = any(f["severity"] == "error" for f in ref["findings"])
            assert (case.find("failure") is not None) == (has_error and ref["status"] != "failed")
    assert int(root.get("failures", "0")) > 0


def test_markdown_counts_match_the_summary(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    text = run(crossref_server, "markdown").stdout
    assert text.startswith(f"## refcheck: {doc['summary']['references']} references checked")
    for status, count in doc["summary"].items():
        if status != "references":
            assert f"| {status} | {count} |" in text
    assert "[RC102](" in text


def test_table_shows_every_matched_doi(crossref_server: Any) -> None:
    doc = as_json(crossref_server)
    text = " ".join(run(crossref_server, "table", "--quiet").stdout.split())
    for file in doc["files"]:
        for ref in file["references"]:
            if ref["doi"] and len(ref["doi"]) < 25:  # longer ones wrap inside the cell
                assert ref["doi"] in text
