"""Acceptance: the example manuscripts in examples/ give the statuses, findings and exit codes
their README promises, checked against the local Crossref test server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from typer.testing import CliRunner

from refcheck.cli import app

EXAMPLES = Path(__file__).parents[1] / "examples"


def check_json(server: Any, name: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(
        app,
        [
            "check",
            str(EXAMPLES / name),
            "--format",
            "json",
            "--crossref-url",
            server.url,
            "--no-cache",
            "--isolated",
        ],
        env=CLEAN_ENV,
    )
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def codes(reference: dict[str, Any], severity: str | None = None) -> set[str]:
    return {
        f["code"] for f in reference["findings"] if severity is None or f["severity"] == severity
    }


def test_manuscript_is_clean(crossref_server: Any) -> None:
    exit_code, doc = check_json(crossref_server, "manuscript.md")
    refs = doc["files"][0]["references"]
    assert [r["number"] for r in refs] == list(range(1, 10))
    assert [r["status"] for r in refs] == ["verified"] * 9
    assert refs[0]["doi"] == "10.1080/01621459.1958.10501452"
    assert refs[8]["doi"] == "10.1126/science.abj8754"  # the article, not its preprint
    for ref in refs:
        # Only the note that the reference could carry its DOI.
        assert codes(ref) == {"RC203"}, ref["findings"]
        assert 0.8 <= ref["score"] <= 1
    assert doc["summary"]["verified"] == 9
    assert doc["files"][0]["findings"] == []
    assert exit_code == 0


EXPECTED_LIST = [
    # (status, doi, codes that must be reported)
    ("mismatch", "10.1080/01621459.1958.10501452", {"RC102"}),
    ("mismatch", "10.1038/227680a0", {"RC202"}),
    ("mismatch", "10.1038/nature12968", {"RC301"}),
    ("verified", "10.1038/s41586-020-2012-7", {"RC303"}),
    ("mismatch", "10.1126/science.abj8754", {"RC202"}),
    ("mismatch", "10.1006/meth.2001.1262", {"RC201"}),
    ("mismatch", "10.1016/j.cell.2011.02.013", {"RC101"}),
    ("verified", "10.1016/s0022-2836(05)80360-2", set()),
    ("unresolved", None, {"RC207"}),
]


def test_reference_list_errors(crossref_server: Any) -> None:
    exit_code, doc = check_json(crossref_server, "references.txt")
    refs = doc["files"][0]["references"]
    assert len(refs) == len(EXPECTED_LIST)
    for ref, (status, doi, wanted) in zip(refs, EXPECTED_LIST, strict=True):
        assert ref["status"] == status, ref["text"]
        assert ref["doi"] == doi, ref["text"]
        assert wanted <= codes(ref), (ref["text"], ref["findings"])
    assert exit_code == 1


def test_reference_list_finding_values(crossref_server: Any) -> None:
    _, doc = check_json(crossref_server, "references.txt")
    refs = doc["files"][0]["references"]
    year = next(f for f in refs[0]["findings"] if f["code"] == "RC102")
    assert (year["field"], year["severity"], year["cited"], year["expected"]) == (
        "year",
        "error",
        "1985",
        "1958",
    )
    wrong_doi = next(f for f in refs[1]["findings"] if f["code"] == "RC202")
    assert wrong_doi["cited"] == "10.1016/s0021-9258(19)52451-6"
    assert wrong_doi["expected"] == "10.1038/227680a0"
    retraction = next(f for f in refs[2]["findings"] if f["code"] == "RC301")
    assert (retraction["field"], retraction["severity"]) == ("retraction", "error")
    addendum = next(f for f in refs[3]["findings"] if f["code"] == "RC303")
    assert addendum["severity"] == "warning"
    preprint = next(f for f in refs[4]["findings"] if f["code"] == "RC202")
    assert "preprint" in preprint["message"]
    # The reference with a correct DOI gets no "DOI missing" note.
    assert codes(refs[7]) == set()


def test_spanish_manuscript(crossref_server: Any) -> None:
    exit_code, doc = check_json(crossref_server, "articulo.md")
    refs = doc["files"][0]["references"]
    assert [r["status"] for r in refs] == ["verified", "mismatch", "verified"]
    volume = next(f for f in refs[1]["findings"] if f["code"] == "RC103")
    assert (volume["cited"], volume["expected"]) == ("43", "34")
    assert exit_code == 1


@pytest.mark.parametrize("name", ["manuscript.md", "references.txt", "articulo.md"])
def test_examples_are_documented(name: str) -> None:
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert f"`{name}`" in readme
