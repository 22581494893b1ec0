"""The command line end to end, against the local Crossref test server (never the real API)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import bibtexparser
import pytest
from cli_env import CLEAN_ENV
from typer.testing import CliRunner

from refcheck.cli import app, wants_color

SHARED = Path(__file__).parents[1] / ".." / "shared"

MANUSCRIPT = """\
# Calcified skin and deep networks

Calcinosis is common in connective tissue disease [1]. Networks learn [2]. A retracted
study [3] and a lost one [4] are cited, and one number has no reference [5].

## References

1. Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. Dermatol Ther. 2013;25(2):195-206.
2. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
3. Wakefield AJ, Murch SH, Anthony A, et al. Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive developmental disorder in children. Lancet. 1998;351(9103):637-41.
4. Nobody N, Nowhere Q. A study of things that were never published anywhere at all. J Imagin Res. 1999;12(3):101-9.
"""  # noqa: E501

CLEAN = """\
References

1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
"""


@pytest.fixture
def paper(tmp_path: Path) -> Path:
    path = tmp_path / "paper.md"
    path.write_text(MANUSCRIPT, encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path: Path) -> Path:
    path = tmp_path / "clean.txt"
    path.write_text(CLEAN, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV | (env or {}), input=stdin)


def check(server: Any, *args: str, env: dict[str, str] | None = None) -> Any:
    return run("check", *args, "--crossref-url", server.url, "--no-cache", "--isolated", env=env)


def test_json_is_the_default_off_a_terminal_and_follows_the_contract(
    crossref_server: Any, paper: Path
) -> None:
    result = check(crossref_server, str(paper))
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    (file,) = data["files"]
    refs = file["references"]
    assert [r["number"] for r in refs] == [1, 2, 3, 4]
    assert [r["line"] for r in refs] == [8, 9, 10, 11]
    by_number = {r["number"]: r for r in refs}
    assert by_number[1]["status"] == "mismatch"
    assert by_number[1]["doi"] == "10.1111/j.1529-8019.2012.01492.x"
    assert any(f["field"] == "year" and f["severity"] == "error" for f in by_number[1]["findings"])
    assert by_number[2]["status"] == "verified"
    assert any(f["field"] == "retraction" for f in by_number[3]["findings"])
    assert by_number[4]["status"] == "unresolved" and by_number[4]["doi"] is None
    # a citation with no reference is a document-level finding with a line
    assert any(f["field"] == "citation" and f["line"] == 4 for f in file["findings"])
    summary = data["summary"]
    assert summary["references"] == 4 and summary["verified"] == 1


def test_exit_codes_follow_fail_on_and_exit_zero(
    crossref_server: Any, paper: Path, clean: Path
) -> None:
    assert check(crossref_server, str(paper), "--exit-zero").exit_code == 0
    assert check(crossref_server, str(paper), "--fail-on", "never").exit_code == 0
    assert check(crossref_server, str(paper), "--fail-on", "unresolved").exit_code == 1
    assert check(crossref_server, str(clean)).exit_code == 0
    assert check(crossref_server, str(clean), "--fail-on", "unresolved").exit_code == 0
    bad = check(crossref_server, str(clean), "--fail-on", "sometimes")
    assert bad.exit_code == 2 and "--fail-on" in bad.stderr


def test_failed_lookups_exit_3_unless_something_else_failed(
    crossref_server: Any, clean: Path
) -> None:
    crossref_server.queue_fault(status=503, retry_after="0", times=20)
    result = check(crossref_server, str(clean))
    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout)["files"][0]["references"][0]["status"] == "failed"
    crossref_server.reset()
    crossref_server.queue_fault(status=503, retry_after="0", times=20)
    assert check(crossref_server, str(clean), "--exit-zero").exit_code == 0


def test_github_lines(crossref_server: Any, paper: Path) -> None:
    result = check(crossref_server, str(paper), "--format", "github")
    lines = result.stdout.splitlines()
    path = str(paper).replace(":", "%3A").replace(",", "%2C")
    assert any(
        line.startswith(f"::error file={path},line=8,title=refcheck RC") and "(year)::" in line
        for line in lines
    )
    assert any(line.startswith(f"::error file={path},line=4,title=") for line in lines)
    assert lines[-1].startswith("refcheck: 4 references:")


def test_sarif_validates(crossref_server: Any, paper: Path) -> None:
    schema_path = SHARED / "data" / "sarif-schema-2.1.0.json"
    if not schema_path.is_file():
        pytest.skip("../shared is absent")
    import jsonschema

    result = check(crossref_server, str(paper), "--format", "sarif")
    document = json.loads(result.stdout)
    jsonschema.validate(document, json.loads(schema_path.read_text(encoding="utf-8")))
    assert document["runs"][0]["results"]


def test_junit_and_markdown(crossref_server: Any, paper: Path) -> None:
    root = ET.fromstring(check(crossref_server, str(paper), "--format", "junit").stdout)
    suite = root.find("testsuite")
    assert suite is not None
    assert int(suite.get("failures", "0")) >= 2  # the year mismatch, the retraction, citations
    markdown = check(crossref_server, str(paper), "--format", "markdown").stdout
    assert markdown.startswith("## refcheck: 4 references checked")
    jsonl = check(crossref_server, str(paper), "--format", "jsonl").stdout.splitlines()
    assert json.loads(jsonl[-1])["type"] == "summary"


def test_output_file_and_bibtex(crossref_server: Any, paper: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports" / "report.json"
    out.parent.mkdir()
    bib = tmp_path / "refs.bib"
    result = check(crossref_server, str(paper), "--output", str(out), "--bibtex", str(bib))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["references"] == 4
    assert [p.name for p in out.parent.iterdir()] == ["report.json"]  # no temporary left
    library = bibtexparser.parse_string(bib.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    keys = [e.key for e in library.entries]
    assert keys[:2] == ["gutierrez2012calcinosis", "lecun2015deep"]
    first = {f.key: f.value for f in library.entries[0].fields}
    assert first["year"] == "2012"  # the record's year, not the misprinted 2013
    assert first["doi"] == "10.1111/j.1529-8019.2012.01492.x"
    missing = check(crossref_server, str(paper), "--output", str(tmp_path / "no" / "r.json"))
    assert missing.exit_code == 2


def test_config_file_ignores_and_show_settings(
    crossref_server: Any, paper: Path, tmp_path: Path
) -> None:
    (tmp_path / "refcheck.toml").write_text(
        f'crossref-url = "{crossref_server.url}"\nno-cache = true\nformat = "json"\n'
        '[[ignore]]\nreference = 1\nreason = "erratum pending"\n'
        '[[ignore]]\nreference = 3\nreason = "cited as a retracted example"\n'
        '[[ignore]]\ncode = "RC401"\nreason = "numbering checked by the journal"\n'
        '[[ignore]]\ncode = "RC406"\nreason = "numbering checked by the journal"\n',
        encoding="utf-8",
    )
    result = run("check", str(paper), env={"REFCHECK_MAILTO": "lab@example.org"})
    data = json.loads(result.stdout)
    statuses = [r["status"] for r in data["files"][0]["references"]]
    assert statuses == ["skipped", "verified", "skipped", "unresolved"]
    assert all(f["code"] not in ("RC401", "RC406") for f in data["files"][0]["findings"])

    shown = run(
        "check",
        str(paper),
        "--show-settings",
        "--fail-on",
        "warning",
        env={"REFCHECK_MAILTO": "lab@example.org"},
    )
    assert shown.exit_code == 0
    text = " ".join(shown.stdout.split())
    assert "lab@example.org" in text and "environment REFCHECK_MAILTO" in text
    assert "--fail-on" in text and "warning" in text
    assert "erratum pending" in text

    (tmp_path / "refcheck.toml").write_text('colour = "red"\n', encoding="utf-8")
    bad = run("check", str(paper))
    assert bad.exit_code == 2
    assert "colour" in bad.stderr and "refcheck.toml" in bad.stderr


def test_environment_format_and_unknown_format(crossref_server: Any, clean: Path) -> None:
    result = check(crossref_server, str(clean), env={"REFCHECK_FORMAT": "markdown"})
    assert result.stdout.startswith("## refcheck")
    flag_wins = check(
        crossref_server, str(clean), "--format", "json", env={"REFCHECK_FORMAT": "markdown"}
    )
    assert json.loads(flag_wins.stdout)["schema_version"] == 1
    bad = check(crossref_server, str(clean), "--format", "yaml")
    assert bad.exit_code == 2 and "yaml" in bad.stderr and bad.stdout == ""


def test_unreadable_input_and_missing_paths_exit_2(tmp_path: Path) -> None:
    result = run("check", str(tmp_path / "missing.md"), "--offline", "--isolated")
    assert result.exit_code == 2
    assert "refcheck: error:" in result.stderr
    assert run("check", "--isolated").exit_code == 2


def test_table_format_and_stdin(crossref_server: Any) -> None:
    result = run(
        "check",
        "-",
        "--format",
        "table",
        "--crossref-url",
        crossref_server.url,
        "--no-cache",
        "--isolated",
        stdin=CLEAN,
    )
    assert result.exit_code == 0, result.output
    assert "verified" in result.stdout and "10.1038/nature14539" in result.stdout
    assert "\x1b[" not in result.stdout


def test_parse_command(paper: Path, tmp_path: Path) -> None:
    result = run("parse", str(paper), "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    ref = data["files"][0]["references"][1]
    assert set(ref) >= {"number", "text", "line", "parsed"}
    assert ref["parsed"]["year"] == 2015
    table = run("parse", str(paper))
    assert "LeCun" in table.stdout
    assert run("parse", str(paper), "--format", "xml").exit_code == 2


def test_bibtex_command(crossref_server: Any, paper: Path, tmp_path: Path) -> None:
    offline = run("bibtex", str(paper), "--no-resolve", "--isolated")
    assert offline.exit_code == 0, offline.output
    library = bibtexparser.parse_string(offline.stdout)
    assert library.failed_blocks == []
    assert library.entries[0].key == "gutierrez2013calcinosis"  # as printed

    out = tmp_path / "refs.json"
    resolved = run(
        "bibtex",
        str(paper),
        "--format",
        "csl-json",
        "--output",
        str(out),
        "--crossref-url",
        crossref_server.url,
        "--no-cache",
        "--isolated",
    )
    assert resolved.exit_code == 0, resolved.output
    items = json.loads(out.read_text(encoding="utf-8"))
    assert items[0]["id"] == "gutierrez2012calcinosis"
    assert items[0]["DOI"] == "10.1111/j.1529-8019.2012.01492.x"
    assert run("bibtex", str(paper), "--format", "ris", "--isolated").exit_code == 2


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_without_no_color() -> None:
    assert wants_color(_Tty(), {}) is True
    assert wants_color(_Tty(), {"NO_COLOR": "1"}) is False
    assert wants_color(_Tty(), {"TERM": "dumb"}) is False
    assert wants_color(io.StringIO(), {}) is False


def test_parse_reads_standard_input_as_the_format_named() -> None:
    bib = "@article{k, author = {LeCun, Yann}, title = {Deep learning}, year = 2015}\n"
    result = run("parse", "-", "--input-format", "bibtex", "--format", "json", stdin=bib)
    assert result.exit_code == 0, result.output
    (reference,) = json.loads(result.stdout)["files"][0]["references"]
    assert reference["parsed"]["year"] == 2015


def test_an_empty_input_format_is_refused_by_parse_as_by_check() -> None:
    # `--input-format "$FORMAT"` with FORMAT unset: not silently "by suffix".
    bib = "@article{k, author = {LeCun, Yann}, title = {Deep learning}, year = 2015}\n"
    result = run("parse", "-", "--input-format", "", "--format", "json", stdin=bib)
    assert result.exit_code == 2
    assert "unknown input format" in result.stderr
