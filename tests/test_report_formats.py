"""Each report format on a Report built by hand (the examples/ runs are in test_report_examples)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.errors import ConfigError
from refcheck.models import (
    Author,
    CheckedReference,
    FileReport,
    Finding,
    FindingField,
    Pages,
    ParsedReference,
    RawReference,
    Record,
    Reference,
    ReferenceType,
    Report,
    Severity,
    Status,
)
from refcheck.report import FORMAT_NAMES, get_formatter
from refcheck.report.github import escape_data, escape_property

SHARED = Path(__file__).parents[1] / ".." / "shared"


def checked(
    number: int | None,
    text: str,
    line: int | None,
    status: Status,
    findings: tuple[Finding, ...] = (),
    doi: str | None = None,
    score: float | None = None,
) -> CheckedReference:
    reference = Reference(
        type=ReferenceType.JOURNAL_ARTICLE,
        authors=(Author("Gutierrez", "A"),),
        title="Calcinosis cutis in autoimmune connective tissue diseases",
        journal="Dermatol Ther",
        year=2012,
        volume="25",
        pages=Pages("195", "206"),
    )
    return CheckedReference(
        parsed=ParsedReference(RawReference(number, text, line), reference),
        status=status,
        findings=findings,
        record=Record(doi=doi) if doi else None,
        score=score,
    )


YEAR = Finding(
    "RC102", FindingField.YEAR, Severity.ERROR, "year differs: 2012, record 2013", "2012", "2013"
)
PAGES = Finding("RC105", FindingField.PAGES, Severity.WARNING, "first page differs", "195", "196")
MISSING_DOI = Finding("RC203", FindingField.DOI, Severity.INFO, "no DOI; 100% sure\nof it")
UNCITED = Finding(
    "RC402", FindingField.CITATION, Severity.ERROR, "citation [7] has no reference", "7", None, 12
)


def sample_report() -> Report:
    paper = FileReport(
        path="paper.md",
        references=(
            checked(
                1,
                "Liao HT, Chen CH. A paper. J X. 2010;1:1-2.",
                40,
                Status.VERIFIED,
                doi="10.1000/one",
                score=0.97,
            ),
            checked(
                2,
                "Gutierrez A. Calcinosis. Dermatol Ther. 2012;25:195-206.",
                41,
                Status.MISMATCH,
                (YEAR, PAGES),
                doi="10.1111/j.1529-8019.2012.01492.x",
                score=0.912345,
            ),
            checked(3, "Nobody N. Lost work. 1999.", 42, Status.UNRESOLVED, (MISSING_DOI,)),
            checked(4, "Failing F. Timeout. 2001.", None, Status.FAILED),
            checked(5, "Ignored I. Whatever. 2002.", 44, Status.SKIPPED),
        ),
        findings=(UNCITED,),
    )
    odd = FileReport(
        path="dir/my, paper:1.md",
        references=(
            checked(
                None,
                "Plain P. Unnumbered & odd <x>. 2003.",
                3,
                Status.VERIFIED,
                doi="10.1000/two",
                score=1.0,
            ),
        ),
    )
    return Report(files=(paper, odd))


def test_registry_knows_every_format_and_rejects_others() -> None:
    assert set(FORMAT_NAMES) == {"table", "json", "jsonl", "github", "sarif", "junit", "markdown"}
    for name in FORMAT_NAMES:
        assert get_formatter(name).name == name
    with pytest.raises(ConfigError, match="'yaml'"):
        get_formatter("yaml")


def test_json_follows_the_contract() -> None:
    data = json.loads(get_formatter("json").render(sample_report()))
    assert data["schema_version"] == 1
    paper = data["files"][0]
    assert paper["path"] == "paper.md"
    assert paper["findings"] == [
        {
            "code": "RC402",
            "field": "citation",
            "severity": "error",
            "cited": "7",
            "expected": None,
            "message": "citation [7] has no reference",
            "line": 12,
        }
    ]
    ref = paper["references"][1]
    assert set(ref) >= {"number", "text", "line", "status", "doi", "score", "parsed", "findings"}
    assert (ref["number"], ref["line"], ref["status"]) == (2, 41, "mismatch")
    assert ref["doi"] == "10.1111/j.1529-8019.2012.01492.x"
    assert 0 <= ref["score"] <= 1
    assert ref["parsed"]["pages"] == {"first": "195", "last": "206"}
    assert ref["parsed"]["authors"] == [{"family": "Gutierrez", "given": "A", "suffix": None}]
    assert ref["findings"][0] == {
        "code": "RC102",
        "field": "year",
        "severity": "error",
        "cited": "2012",
        "expected": "2013",
        "message": "year differs: 2012, record 2013",
    }
    assert paper["references"][3]["line"] is None
    assert data["files"][1]["references"][0]["number"] is None
    assert data["summary"]["references"] == 6
    assert data["summary"]["verified"] == 2
    assert data["summary"]["mismatch"] == 1
    assert data["summary"]["unresolved"] == 1


def test_jsonl_has_one_reference_a_line_and_a_summary() -> None:
    lines = get_formatter("jsonl").render(sample_report()).splitlines()
    objects = [json.loads(line) for line in lines]
    kinds = [o["type"] for o in objects]
    assert kinds.count("reference") == 6
    assert kinds.count("finding") == 1
    assert kinds[-1] == "summary"
    refs = [o for o in objects if o["type"] == "reference"]
    assert [r["path"] for r in refs] == ["paper.md"] * 5 + ["dir/my, paper:1.md"]
    assert refs[1]["findings"][0]["code"] == "RC102"


def test_github_lines_exactly() -> None:
    out = get_formatter("github").render(sample_report())
    assert out.splitlines() == [
        "::error file=paper.md,line=12,title=refcheck RC402 (citation)::"
        "citation [7] has no reference",
        "::error file=paper.md,line=41,title=refcheck RC102 (year)::"
        "Reference 2: year differs: 2012, record 2013",
        "::warning file=paper.md,line=41,title=refcheck RC105 (pages)::"
        'Reference 2: first page differs (cited "195", expected "196")',
        "::notice file=paper.md,line=42,title=refcheck RC203 (doi)::"
        "Reference 3: no DOI; 100%25 sure%0Aof it",
        "::warning file=paper.md,title=refcheck look-up failed::"
        "Reference 4: the Crossref look-up failed; not checked",
        "refcheck: 6 references: 2 verified, 1 mismatch, 1 unresolved, 1 failed, 1 skipped",
    ]


def test_github_escaping_rules() -> None:
    assert escape_data("a%b\r\nc:d,e") == "a%25b%0D%0Ac:d,e"
    assert escape_property("a%b\r\nc:d,e") == "a%25b%0D%0Ac%3Ad%2Ce"
    report = Report(files=(FileReport("dir/my, paper:1.md", (), findings=(UNCITED,)),))
    first = get_formatter("github").render(report).splitlines()[0]
    assert first.startswith("::error file=dir/my%2C paper%3A1.md,line=12,")


def test_sarif_shape() -> None:
    data = json.loads(get_formatter("sarif").render(sample_report()))
    assert data["version"] == "2.1.0"
    run = data["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["RC402", "RC102", "RC105", "RC203"]
    assert all(r["helpUri"].endswith(f"/docs/findings/{r['id']}.md") for r in rules)
    levels = [(r["ruleId"], r["level"]) for r in run["results"]]
    assert levels == [
        ("RC402", "error"),
        ("RC102", "error"),
        ("RC105", "warning"),
        ("RC203", "note"),
    ]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    prints = [r["partialFingerprints"]["refcheck/v1"] for r in run["results"]]
    assert len(set(prints)) == len(prints)
    again = json.loads(get_formatter("sarif").render(sample_report()))["runs"][0]["results"]
    assert [r["partialFingerprints"]["refcheck/v1"] for r in again] == prints
    loc = run["results"][1]["locations"][0]["physicalLocation"]
    assert loc == {"artifactLocation": {"uri": "paper.md"}, "region": {"startLine": 41}}


def test_sarif_validates_against_the_official_schema() -> None:
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared is absent")
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    for report in (sample_report(), Report(files=())):
        document = json.loads(get_formatter("sarif").render(report))
        jsonschema.validate(document, schema)


def test_junit_is_xml_with_a_case_per_reference() -> None:
    root = ET.fromstring(get_formatter("junit").render(sample_report()))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["paper.md", "dir/my, paper:1.md"]
    paper = suites[0]
    cases = paper.findall("testcase")
    assert len(cases) == 6  # the citations case + 5 references
    assert paper.get("tests") == "6"
    assert paper.get("failures") == "2"  # citations + reference 2
    assert paper.get("errors") == "1"
    assert paper.get("skipped") == "1"
    assert root.get("tests") == "7"
    citations, verified, mismatch, unresolved, failed, skipped = cases
    assert citations.find("failure") is not None
    assert verified.find("failure") is None
    failure = mismatch.find("failure")
    assert failure is not None and failure.get("type") == "RC102"
    assert "RC105" in (mismatch.findtext("system-out") or "")
    assert unresolved.find("failure") is None
    assert failed.find("error") is not None
    assert skipped.find("skipped") is not None
    assert suites[1].find("testcase").get("name").startswith("Reference at line 3: Plain P.")


def test_markdown_summary_table() -> None:
    out = get_formatter("markdown").render(sample_report())
    assert out.startswith("## refcheck: 6 references checked\n")
    assert "| mismatch | 1 |" in out
    assert "| verified | 2 |" in out
    assert "[RC102](https://github.com/refcheck/refcheck/blob/main/docs/findings/RC102.md)" in out
    assert "| 2012 | 2013 |" in out
    assert "Unnumbered & odd &lt;x&gt;" not in out  # verified references are not listed
    assert "| paper.md | Reference 3 | 42 | unresolved |" in out
    assert "[RC203](" not in out  # info notes are counted, not listed
    assert out.rstrip().endswith("ℹ️ 1 notes not listed (RC203 ×1).")
    clean = Report(files=(FileReport("a.md", (checked(1, "x", 1, Status.VERIFIED),)),))
    assert get_formatter("markdown").render(clean).rstrip().endswith("No problems found.")


def test_table_shows_status_doi_and_cited_vs_expected() -> None:
    out = get_formatter("table", width=200).render(sample_report())
    assert "\x1b[" not in out  # no colour unless asked
    assert "mismatch" in out and "verified" in out
    assert "10.1111/j.1529-8019.2012.01492.x" in out
    assert "2012 → 2013" in out
    assert "line 12:" in out
    assert "6 references: 2 verified, 1 mismatch" in out
    coloured = get_formatter("table", color=True, width=200).render(sample_report())
    assert "\x1b[" in coloured


def test_annotations_use_paths_from_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "paper" / "ms.md")
    outside = "/elsewhere/ms.md"
    report = Report(
        files=(FileReport(inside, (), findings=(UNCITED,)), FileReport(outside, (), (UNCITED,)))
    )
    github = get_formatter("github").render(report).splitlines()
    assert github[0].startswith("::error file=paper/ms.md,line=12,")
    assert github[1].startswith("::error file=/elsewhere/ms.md,line=12,")
    sarif = json.loads(get_formatter("sarif").render(report))
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    ]
    assert uris == ["paper/ms.md", "file:///elsewhere/ms.md"]
    # the JSON keeps paths exactly as given (the contract)
    assert json.loads(get_formatter("json").render(report))["files"][0]["path"] == inside


def test_document_findings_always_carry_a_line() -> None:
    unplaced = Finding("RC406", FindingField.CITATION, Severity.INFO, "no citations found")
    report = Report(files=(FileReport("a.md", (), findings=(unplaced,)),))
    data = json.loads(get_formatter("json").render(report))
    assert data["files"][0]["findings"][0]["line"] is None
    first = json.loads(get_formatter("jsonl").render(report).splitlines()[0])
    assert first["type"] == "finding" and first["line"] is None


@given(st.text())
def test_github_escaping_is_reversible_and_leaves_no_separators(text: str) -> None:
    def unescape(value: str) -> str:
        for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
            value = value.replace(code, char)
        return value

    prop = escape_property(text)
    assert not any(c in prop for c in "\r\n:,")
    assert unescape(prop) == text
    data = escape_data(text)
    assert "\n" not in data and "\r" not in data
    assert unescape(data) == text


_ANY_TEXT = st.text(max_size=30)
_FINDINGS = st.builds(
    Finding,
    code=st.from_regex(r"RC[0-9]{3}", fullmatch=True),
    field=st.sampled_from(list(FindingField)),
    severity=st.sampled_from(list(Severity)),
    message=_ANY_TEXT,
    cited=st.none() | _ANY_TEXT,
    expected=st.none() | _ANY_TEXT,
    line=st.none() | st.integers(1, 10_000),
)


@st.composite
def reports(draw: st.DrawFn) -> Report:
    files = []
    for _ in range(draw(st.integers(0, 2))):
        refs = tuple(
            checked(
                draw(st.none() | st.integers(0, 500)),
                draw(_ANY_TEXT),
                draw(st.none() | st.integers(1, 10_000)),
                draw(st.sampled_from(list(Status))),
                tuple(draw(st.lists(_FINDINGS, max_size=3))),
                doi=draw(st.none() | st.just("10.1000/x")),
                score=draw(st.none() | st.floats(0, 1)),
            )
            for _ in range(draw(st.integers(0, 3)))
        )
        path = draw(st.text(min_size=1, max_size=20).filter(lambda p: "\x00" not in p))
        files.append(FileReport(path, refs, tuple(draw(st.lists(_FINDINGS, max_size=2)))))
    return Report(files=tuple(files))


@settings(max_examples=60, deadline=None)
@given(reports())
def test_every_format_renders_any_report(report: Report) -> None:
    total = report.summary()["references"]
    assert json.loads(get_formatter("json").render(report))["summary"]["references"] == total
    lines = get_formatter("jsonl").render(report).splitlines()
    assert json.loads(lines[-1])["references"] == total
    junit = ET.fromstring(get_formatter("junit").render(report))
    assert int(junit.get("tests", "0")) >= total
    sarif = json.loads(get_formatter("sarif").render(report))
    findings = sum(
        len(f.findings) + sum(len(r.findings) for r in f.references) for f in report.files
    )
    assert len(sarif["runs"][0]["results"]) == findings
    github = get_formatter("github").render(report).splitlines()
    assert len([line for line in github if line.startswith("::")]) >= findings
    assert get_formatter("markdown").render(report).startswith("## refcheck")
    assert get_formatter("table").render(report)


def _sarif_validator() -> object | None:
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        return None
    import jsonschema

    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


_VALIDATOR = _sarif_validator()


@pytest.mark.skipif(_VALIDATOR is None, reason="../shared is absent")
@settings(max_examples=60, deadline=None)
@given(reports())
def test_sarif_of_any_report_validates(report: Report) -> None:
    _VALIDATOR.validate(json.loads(get_formatter("sarif").render(report)))  # type: ignore[attr-defined]
