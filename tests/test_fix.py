"""`refcheck fix`: corrected references from the records, written only when asked, atomically.

Every test runs against the suite's local Crossref server (tests/fixtures/works.jsonl).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from typer.testing import CliRunner

from refcheck.cli import app
from refcheck.fix.diff import unified_diff
from refcheck.fix.text_edit import rewrite_text
from refcheck.fix.write import PAUSE_BEFORE_REPLACE_ENV
from refcheck.models import RawReference

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

KAPLAN_WRONG_YEAR = (
    "Kaplan EL, Meier P. Nonparametric estimation from incomplete observations. "
    "J Am Stat Assoc. 1985;53(282):457-81."
)
KAPLAN_RIGHT = KAPLAN_WRONG_YEAR.replace("1985", "1958")
UNKNOWN = (
    "Smith J, Jones K. A randomized trial of imaginary compounds in fictional patients. "
    "J Imag Med. 2019;12(3):45-52."
)


def run(server: Any, *args: str) -> Any:
    result = CliRunner().invoke(
        app,
        [*args, "--crossref-url", server.url, "--no-cache", "--isolated"],
        env=CLEAN_ENV,
    )
    return result


def check_json(server: Any, path: Path) -> dict[str, Any]:
    result = run(server, "check", str(path), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- never without --write


@pytest.mark.parametrize("name", ["references.txt", "manuscript.md", "articulo.md"])
def test_without_write_the_input_is_untouched(
    crossref_server: Any, tmp_path: Path, name: str
) -> None:
    copy = tmp_path / name
    shutil.copy(EXAMPLES / name, copy)
    before = digest(copy)
    result = run(crossref_server, "fix", str(copy), "--complete")
    assert result.exit_code == 0, result.output
    assert digest(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no backup, no temporary
    assert result.stdout.startswith("--- ")  # a diff: every example has something to fix


def test_the_diff_shows_the_record_values(crossref_server: Any, tmp_path: Path) -> None:
    copy = tmp_path / "references.txt"
    shutil.copy(EXAMPLES / "references.txt", copy)
    result = run(crossref_server, "fix", str(copy))
    assert result.exit_code == 0, result.output
    assert f"-{KAPLAN_WRONG_YEAR}\n" in result.stdout
    assert f"+{KAPLAN_RIGHT}\n" in result.stdout
    assert "+Hanahan D, Weinberg RA. Hallmarks of cancer" in result.stdout
    assert "doi:10.1038/227680a0" in result.stdout  # Laemmli's own DOI for Lowry's
    assert "\x1b[" not in result.stdout  # not a terminal: no colour
    assert UNKNOWN not in result.stdout  # unidentified: not in the diff at all
    assert "unresolved: left as is" in result.stderr


def test_only_restricts_the_fields(crossref_server: Any, tmp_path: Path) -> None:
    copy = tmp_path / "references.txt"
    shutil.copy(EXAMPLES / "references.txt", copy)
    result = run(crossref_server, "fix", str(copy), "--only", "year")
    assert result.exit_code == 0, result.output
    changed = [
        line for line in result.stdout.splitlines() if line.startswith("+") and line[1:2] != "+"
    ]
    assert changed == [f"+{KAPLAN_RIGHT}"]


def test_unknown_field_and_style_are_usage_errors(crossref_server: Any, tmp_path: Path) -> None:
    copy = tmp_path / "references.txt"
    shutil.copy(EXAMPLES / "references.txt", copy)
    assert run(crossref_server, "fix", str(copy), "--only", "colour").exit_code == 2
    assert run(crossref_server, "fix", str(copy), "--style", "apa").exit_code == 2
    assert run(crossref_server, "fix", "-", "--write").exit_code == 2
    assert run(crossref_server, "fix", str(copy), str(copy), "--write").exit_code == 2
    assert run(crossref_server, "fix", str(copy), "--write", "--dry-run").exit_code == 2


# --------------------------------------------------------------------------- --write, then check


@pytest.mark.parametrize("name", ["references.txt", "manuscript.md", "articulo.md"])
def test_write_then_check_gives_no_error_on_identified_references(
    crossref_server: Any, tmp_path: Path, name: str
) -> None:
    copy = tmp_path / name
    shutil.copy(EXAMPLES / name, copy)
    original = copy.read_text(encoding="utf-8")
    before = check_json(crossref_server, copy)["files"][0]["references"]
    result = run(crossref_server, "fix", str(copy), "--write", "--complete")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"{name}.bak").read_text(encoding="utf-8") == original
    after = check_json(crossref_server, copy)["files"][0]["references"]
    assert len(after) == len(before)
    fixed = copy.read_text(encoding="utf-8")
    for old, new in zip(before, after, strict=True):
        if old["status"] in ("verified", "mismatch"):
            errors = {f["code"] for f in new["findings"] if f["severity"] == "error"}
            # A retraction is a fact about the work, not a field a rewrite can correct.
            assert errors <= {"RC301"}, (new["text"], new["findings"])
            assert "RC203" not in {f["code"] for f in new["findings"]}  # --complete: the DOI
        else:
            assert new["text"] == old["text"]
            assert old["text"] in fixed  # byte for byte, on its own line
    if name == "references.txt":
        assert f"{UNKNOWN}\n" in fixed


def test_write_without_backup(crossref_server: Any, tmp_path: Path) -> None:
    copy = tmp_path / "references.txt"
    shutil.copy(EXAMPLES / "references.txt", copy)
    result = run(crossref_server, "fix", str(copy), "--write", "--no-backup")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["references.txt"]
    assert KAPLAN_RIGHT in copy.read_text(encoding="utf-8")


def test_a_correct_file_is_left_alone(crossref_server: Any, tmp_path: Path) -> None:
    copy = tmp_path / "manuscript.md"
    shutil.copy(EXAMPLES / "manuscript.md", copy)
    before = digest(copy)
    result = run(crossref_server, "fix", str(copy), "--write")
    assert result.exit_code == 0, result.output
    assert digest(copy) == before
    assert not (tmp_path / "manuscript.md.bak").exists()
    assert "nothing to change" in result.stderr


# --------------------------------------------------------------------------- encodings


def _with_record(doi: str, **changes: Any) -> dict[str, dict[str, Any]]:
    """The suite's records, with one record's fields changed (for a server of its own)."""
    from crossref_server import fixture_files, load_records

    records = load_records(fixture_files())
    records[doi] = dict(records[doi], **changes)
    return records


@pytest.mark.parametrize(("codec", "bom"), [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff")])
def test_a_utf16_manuscript_is_fixed_in_utf16(
    crossref_server: Any, tmp_path: Path, codec: str, bom: bytes
) -> None:
    text = (EXAMPLES / "references.txt").read_text(encoding="utf-8").replace("\n", "\r\n")
    as_utf8 = tmp_path / "utf8.txt"
    as_utf8.write_bytes(text.encode("utf-8"))
    as_utf16 = tmp_path / "utf16.txt"
    original = bom + text.encode(codec)
    as_utf16.write_bytes(original)
    for path in (as_utf8, as_utf16):
        result = run(crossref_server, "fix", str(path), "--write")
        assert result.exit_code == 0, result.output
        assert "the corrected list is printed" not in result.stderr
    fixed = as_utf8.read_bytes().decode("utf-8")
    assert KAPLAN_RIGHT in fixed and fixed != text
    # The same rewrite, in the file's own encoding and mark: every other byte as it was.
    assert as_utf16.read_bytes() == bom + fixed.encode(codec)
    assert (tmp_path / "utf16.txt.bak").read_bytes() == original


LATIN1_LIST = (
    "Références\n\n"
    f"1. {KAPLAN_WRONG_YEAR}\n"
    "2. Müller J, Señor K. A randomized trial of imaginary compounds in fictional patients. "
    "J Imag Med. 2019;12(3):45-52.\n"
)


def test_a_latin1_manuscript_is_fixed_in_latin1(crossref_server: Any, tmp_path: Path) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_bytes(LATIN1_LIST.encode("latin-1"))
    checked = run(crossref_server, "check", str(paper), "--format", "json")
    assert checked.exit_code == 1, checked.output  # check reads it (the year is wrong)
    result = run(crossref_server, "fix", str(paper), "--write")
    assert result.exit_code == 0, result.output
    expected = LATIN1_LIST.replace(KAPLAN_WRONG_YEAR, KAPLAN_RIGHT)
    assert paper.read_bytes() == expected.encode("latin-1")


def test_a_correction_the_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    from crossref_server import CrossrefTestServer

    # Laemmli 1970 cited under another title; the record's title has a Greek letter, which
    # Latin-1 (read as cp1252) has no byte for.
    title = "Cleavage of structural proteins during the assembly of the head of phage T4 by β"
    records = _with_record("10.1038/227680a0", title=[title])
    reference = "Laemmli UK. A new method of gel electrophoresis. Nature. 1970;227(5259):680-5."
    original = f"Références\n\n1. {reference}\n".encode("latin-1")
    paper = tmp_path / "refs.txt"
    paper.write_bytes(original)
    with CrossrefTestServer(records) as server:
        diff = run(server, "fix", str(paper))
        result = run(server, "fix", str(paper), "--write")
    assert diff.exit_code == 0, diff.output
    assert f"+1. Laemmli UK. {title}." in diff.stdout  # shown, as the diff can be
    assert result.exit_code == 2, result.output
    [message] = [line for line in result.stderr.splitlines() if "error" in line]
    assert message.startswith("refcheck: error: ")
    assert "'β'" in message and "nothing written" in message
    assert paper.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.txt"]


# --------------------------------------------------------------------------- text editing


def test_rewrite_keeps_markers_line_ends_and_wrapping() -> None:
    text = (
        "Body.\r\n\r\nReferences\r\n\r\n"
        "[1] Kaplan EL, Meier P. Nonparametric estimation from incomplete\r\n"
        "    observations. J Am Stat Assoc. 1985;53(282):457-81.\r\n"
        "[2] Other A. Kept as it is. J Imag Med. 2019;1:1-2.\r\n"
    )
    references = [
        RawReference(1, KAPLAN_WRONG_YEAR, 5),
        RawReference(2, "Other A. Kept as it is. J Imag Med. 2019;1:1-2.", 7),
    ]
    edit = rewrite_text(text, references, {0: KAPLAN_RIGHT}, markdown=False)
    assert edit.not_found == ()
    assert edit.text == text.replace("1985", "1958")


def test_a_reference_not_found_as_printed_is_reported() -> None:
    text = "1. Something else entirely, 2001.\n"
    edit = rewrite_text(
        text, [RawReference(1, KAPLAN_WRONG_YEAR, 1)], {0: KAPLAN_RIGHT}, markdown=False
    )
    assert edit.not_found == (0,)
    assert edit.text == text


def test_diff_colour_only_when_asked() -> None:
    plain = unified_diff("a\n", "b\n", "x.txt")
    assert plain == "--- a/x.txt\n+++ b/x.txt\n@@ -1 +1 @@\n-a\n+b\n"
    assert "\x1b[31m-a\x1b[0m" in unified_diff("a\n", "b\n", "x.txt", color=True)
    assert unified_diff("same\n", "same\n", "x.txt") == ""


# --------------------------------------------------------------------------- style note


def test_a_journal_in_full_gets_a_style_note_and_fix_abbreviates_it(
    crossref_server: Any, tmp_path: Path
) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_text(
        KAPLAN_RIGHT.replace("J Am Stat Assoc", "Journal of the American Statistical Association")
        + "\n",
        encoding="utf-8",
    )
    reference = check_json(crossref_server, paper)["files"][0]["references"][0]
    assert reference["status"] == "verified"
    notes = [f for f in reference["findings"] if f["code"] == "RC501"]
    assert notes and notes[0]["severity"] == "info" and notes[0]["field"] == "style"
    assert notes[0]["expected"] == "J Am Stat Assoc"
    result = run(crossref_server, "fix", str(paper), "--write", "--no-backup")
    assert result.exit_code == 0, result.output
    assert paper.read_text(encoding="utf-8") == KAPLAN_RIGHT + "\n"
    again = check_json(crossref_server, paper)["files"][0]["references"][0]
    assert "RC501" not in {f["code"] for f in again["findings"]}


def test_an_abbreviation_gets_no_style_note(crossref_server: Any, tmp_path: Path) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_text(KAPLAN_RIGHT.replace("J Am Stat Assoc", "J. Am. Stat. Assoc.") + "\n")
    reference = check_json(crossref_server, paper)["files"][0]["references"][0]
    assert "RC501" not in {f["code"] for f in reference["findings"]}


# --------------------------------------------------------------------------- .bib

CORRECT_BIB = """% My library: comments, @string and braces must survive.
@string{jasa = "Journal of the American Statistical Association"}

@article{Kaplan1958,
  author  = {Kaplan, E. L. and Meier, Paul},
  title   = {Nonparametric {Estimation} from Incomplete Observations},
  journal = jasa,
  year    = 1958,
  volume  = {53},
  number  = {282},
  pages   = {457--481},
  doi     = {10.1080/01621459.1958.10501452},
}

@Article{altschul,
    title = "Basic local alignment search tool",
    author = {Altschul, S F and Gish, W and Miller, W and Myers, E W and Lipman, D J},
    journal = {J Mol Biol}, year = {1990}, volume = {215}, number = 3, pages = {403-410},
    doi = {10.1016/S0022-2836(05)80360-2}
}
"""


def test_fix_on_a_correct_bib_changes_nothing(crossref_server: Any, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_bytes(CORRECT_BIB.encode("utf-8"))
    result = run(crossref_server, "fix", str(bib), "--write", "--complete")
    assert result.exit_code == 0, result.output
    assert bib.read_bytes() == CORRECT_BIB.encode("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["refs.bib"]


def test_bib_fields_are_updated_one_by_one(crossref_server: Any, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    wrong = CORRECT_BIB.replace("year    = 1958", "year    = 1985").replace(
        "  doi     = {10.1080/01621459.1958.10501452},\n", ""
    )
    bib.write_text(wrong, encoding="utf-8")
    summary = run(crossref_server, "fix", str(bib), "--dry-run", "--complete")
    assert summary.exit_code == 0, summary.output
    assert "entry Kaplan1958: year 1985 -> 1958; doi (none) -> 10.1080/" in summary.stdout
    assert bib.read_text(encoding="utf-8") == wrong  # --dry-run writes nothing
    result = run(crossref_server, "fix", str(bib), "--write", "--complete")
    assert result.exit_code == 0, result.output
    fixed = bib.read_text(encoding="utf-8")
    assert fixed == CORRECT_BIB.replace(
        "  doi     = {10.1080/01621459.1958.10501452},\n",
        "  doi = {10.1080/01621459.1958.10501452},\n",
    )


# Laemmli 1970 under another title (RC114): fix takes the record's, which has "T4" in it.
LAEMMLI_WRONG_TITLE_BIB = """% Gel methods.
@string{nat = "Nature"}

@article{laemmli,
  author = {Laemmli, U. K.},
  title = {A new method of protein electrophoresis in gels},
  journal = nat,
  year = {1970},
  volume = {227},
  pages = {680--685},
}
"""


def _bib_fields(text: str) -> dict[str, dict[str, str]]:
    import bibtexparser

    library = bibtexparser.parse_string(text)
    return {e.key: {f.key: str(f.value) for f in e.fields} for e in library.entries}


def _exported(server: Any, bib: Path) -> dict[str, dict[str, str]]:
    result = run(server, "bibtex", str(bib))
    assert result.exit_code == 0, result.output
    return _bib_fields(result.stdout)


def test_bib_fields_are_written_as_the_bibtex_export_writes_them(
    crossref_server: Any, tmp_path: Path
) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(LAEMMLI_WRONG_TITLE_BIB, encoding="utf-8")
    exported = _exported(crossref_server, bib)["laemmli"]
    result = run(crossref_server, "fix", str(bib), "--write", "--complete")
    assert result.exit_code == 0, result.output
    fixed = bib.read_text(encoding="utf-8")
    title = "Cleavage of Structural Proteins during the Assembly of the Head of Bacteriophage {T4}"
    assert exported["title"] == title  # the export's case-protecting braces ...
    assert exported["doi"] == "10.1038/227680a0"
    # ... and fix writes each field it changes as the export does; nothing else changes.
    assert fixed == LAEMMLI_WRONG_TITLE_BIB.replace(
        "A new method of protein electrophoresis in gels", exported["title"]
    ).replace(
        "  pages = {680--685},\n",
        f"  pages = {{680--685}},\n  number = {{{exported['number']}}},\n"
        f"  doi = {{{exported['doi']}}},\n",
    )
    again = run(crossref_server, "fix", str(bib), "--write", "--complete")
    assert again.exit_code == 0, again.output
    assert bib.read_text(encoding="utf-8") == fixed  # a fixed file is left alone


def test_a_bib_doi_is_written_in_its_normal_form(tmp_path: Path) -> None:
    from crossref_server import CrossrefTestServer

    # A Crossref-compatible server whose record writes its DOI as a link, with a full stop.
    records = _with_record("10.1038/227680a0", DOI="https://doi.org/10.1038/227680A0.")
    records["10.1038/227680a0."] = records.pop("10.1038/227680a0")
    bib = tmp_path / "refs.bib"
    bib.write_text(LAEMMLI_WRONG_TITLE_BIB, encoding="utf-8")
    with CrossrefTestServer(records) as server:
        exported = _exported(server, bib)["laemmli"]
        result = run(server, "fix", str(bib), "--write", "--complete")
    assert result.exit_code == 0, result.output
    assert exported["doi"] == "10.1038/227680a0"
    assert _bib_fields(bib.read_text(encoding="utf-8"))["laemmli"]["doi"] == exported["doi"]


def test_a_latin1_bib_is_fixed_in_latin1(crossref_server: Any, tmp_path: Path) -> None:
    latin1 = LAEMMLI_WRONG_TITLE_BIB.replace("% Gel methods.", "% Gel methods (Müller's).")
    as_utf8 = tmp_path / "utf8.bib"
    as_utf8.write_text(latin1, encoding="utf-8")
    bib = tmp_path / "latin1.bib"
    bib.write_bytes(latin1.encode("latin-1"))
    for path in (as_utf8, bib):
        result = run(crossref_server, "fix", str(path), "--write", "--complete")
        assert result.exit_code == 0, result.output
    fixed = as_utf8.read_text(encoding="utf-8")
    assert fixed != latin1
    assert bib.read_bytes() == fixed.encode("latin-1")


# --------------------------------------------------------------------------- .docx


def test_docx_gets_a_corrected_copy(crossref_server: Any, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("Survival was estimated as before [1].")
    document.add_heading("References", level=1)
    # The reference's end is a hyperlink (as Zotero and pandoc write DOIs and titles).
    head, tail = KAPLAN_WRONG_YEAR.split("J Am Stat Assoc")
    linked = document.add_paragraph("[1]\t", style="Body Text")
    linked.add_run(head)
    hyperlink = OxmlElement("w:hyperlink")
    link_run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "J Am Stat Assoc" + tail
    link_run.append(text)
    hyperlink.append(link_run)
    linked._p.append(hyperlink)
    document.add_paragraph("[2]\t" + UNKNOWN, style="Body Text")
    paper = tmp_path / "paper.docx"
    document.save(str(paper))
    before = digest(paper)
    result = run(crossref_server, "fix", str(paper), "--write")
    assert result.exit_code == 0, result.output
    assert digest(paper) == before
    fixed = docx.Document(str(tmp_path / "paper.fixed.docx"))
    paragraphs = [(p.text, p.style.name) for p in fixed.paragraphs]
    assert ("[1]\t" + KAPLAN_RIGHT, "Body Text") in paragraphs
    assert ("[2]\t" + UNKNOWN, "Body Text") in paragraphs


# --------------------------------------------------------------------------- interrupted writes


def _fix_process(server: Any, path: Path, *extra: str, pause: str | None = None) -> Any:
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    if pause is not None:
        env[PAUSE_BEFORE_REPLACE_ENV] = pause
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "refcheck",
            "fix",
            str(path),
            "--write",
            "--crossref-url",
            server.url,
            "--no-cache",
            "--isolated",
            "-q",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )


def _temporaries(folder: Path, name: str) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(f".{name}.") and ".bak." not in p.name]


@pytest.mark.parametrize("backup", [True, False])
def test_killed_between_temporary_file_and_replace(
    crossref_server: Any, tmp_path: Path, backup: bool
) -> None:
    paper = tmp_path / "references.txt"
    shutil.copy(EXAMPLES / "references.txt", paper)
    original = paper.read_bytes()
    process = _fix_process(
        crossref_server, paper, *(() if backup else ("--no-backup",)), pause="60"
    )
    try:
        deadline = time.monotonic() + 30
        # The temporary file exists from mkstemp on; the pause comes once the new text is
        # flushed into it, so wait for the text (the process is killed inside the pause).
        while not any(
            KAPLAN_RIGHT.encode() in t.read_bytes()
            for t in _temporaries(tmp_path, "references.txt")
        ):
            assert process.poll() is None, "fix ended before writing"
            assert time.monotonic() < deadline, "the new text never reached a temporary file"
            time.sleep(0.02)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait()
    assert paper.read_bytes() == original
    if backup:
        assert (tmp_path / "references.txt.bak").read_bytes() == original


def test_killed_at_random_times_leaves_old_or_new(crossref_server: Any, tmp_path: Path) -> None:
    source = EXAMPLES / "references.txt"
    finished = tmp_path / "finished"
    finished.mkdir()
    expected_new = finished / "references.txt"
    shutil.copy(source, expected_new)
    done = _fix_process(crossref_server, expected_new, "--no-backup")
    assert done.wait(timeout=60) == 0
    old, new = source.read_bytes(), expected_new.read_bytes()
    assert old != new
    generator = random.Random(11)
    outcomes = set()
    for attempt in range(6):
        folder = tmp_path / f"run{attempt}"
        folder.mkdir()
        paper = folder / "references.txt"
        shutil.copy(source, paper)
        process = _fix_process(crossref_server, paper, "--no-backup")
        time.sleep(generator.uniform(0.2, 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        content = paper.read_bytes()
        assert content in (old, new)
        outcomes.add(content == new)
    assert outcomes  # at least one run observed


# --------------------------------------------------------------------------- other house styles

APA_KAPLAN = (
    "Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from incomplete observations. "
    "Journal of the American Statistical Association, 35(282), 457-481."
)


def test_an_apa_reference_keeps_its_layout(crossref_server: Any, tmp_path: Path) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_text(APA_KAPLAN + "\n", encoding="utf-8")
    result = run(crossref_server, "fix", str(paper), "--write", "--no-backup")
    assert result.exit_code == 0, result.output
    # Only the wrong volume changes, where it is printed; the APA layout stays.
    assert paper.read_text(encoding="utf-8") == APA_KAPLAN.replace("35(282)", "53(282)") + "\n"
    result = run(crossref_server, "fix", str(paper), "--write", "--no-backup", "--complete")
    assert result.exit_code == 0, result.output
    assert paper.read_text(encoding="utf-8").endswith(
        "457-481. https://doi.org/10.1080/01621459.1958.10501452\n"
    )


def test_substitution_ignores_numbers_inside_links() -> None:
    from refcheck.fix.substitute import substitute_values
    from refcheck.models import Reference

    text = "Boer GJ (2016). A project. Geosci Model Dev, 9, 3751-77. https://doi.org/10.5194/gmd-9-3751"
    raw = RawReference(None, text, 1)
    printed, corrected = Reference(volume="9"), Reference(volume="10")
    assert substitute_values(raw, printed, corrected, ["volume"]) == text.replace(", 9,", ", 10,")
    assert substitute_values(raw, printed, corrected, ["title"]) is None


def test_a_rendering_that_would_drop_words_is_refused() -> None:
    from refcheck.fix.correct import dropped_words
    from refcheck.models import Author, Reference

    printed = Reference(authors=(Author("Dijk", "JA"),), journal="Scientific Reports")
    original = "Dijk JA van. A title. Scientific Reports 2018;8:6584."
    rendered = "Dijk JA. A title. Sci Rep. 2018;8:6584."
    assert dropped_words(original, rendered, printed, ()) == ["van"]
    assert dropped_words(original, rendered.replace("Dijk JA", "Dijk JA van"), printed, ()) == []


def test_failed_lookups_leave_the_file_and_exit_3(crossref_server: Any, tmp_path: Path) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_text(KAPLAN_WRONG_YEAR + "\n", encoding="utf-8")
    crossref_server.queue_fault(status=503, retry_after="0", times=50)
    result = run(crossref_server, "fix", str(paper), "--write")
    assert result.exit_code == 3, result.output
    assert paper.read_text(encoding="utf-8") == KAPLAN_WRONG_YEAR + "\n"
    assert not (tmp_path / "refs.txt.bak").exists()


def test_ama_style(crossref_server: Any, tmp_path: Path) -> None:
    paper = tmp_path / "refs.txt"
    paper.write_text(KAPLAN_WRONG_YEAR + "\n", encoding="utf-8")
    result = run(crossref_server, "fix", str(paper), "--style", "ama")
    assert result.exit_code == 0, result.output
    assert f"+{KAPLAN_RIGHT.replace('457-81', '457-481')}\n" in result.stdout


CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared real-document corpus is absent")
def test_every_corpus_bib_entry_is_found_for_field_editing() -> None:
    from refcheck.extract import extract_document, read_input
    from refcheck.fix.bib_edit import scan_entries

    files = sorted(CORPUS.glob("*.bib"))
    assert files
    for path in files:
        source = read_input(str(path))
        keys = {entry.key for entry in scan_entries(source.data.decode("utf-8", "replace"))}
        references = extract_document(source).references
        assert references
        assert {ref.key for ref in references} <= keys, path.name


def test_a_shouted_record_title_is_printed_in_sentence_case() -> None:
    from refcheck.fix.correct import _with_record_values
    from refcheck.models import Reference

    record = Reference(title="PROTEIN MEASUREMENT WITH THE FOLIN PHENOL REAGENT")
    fixed = _with_record_values(Reference(title="Protein measurment"), record, ["title"])
    assert fixed.title == "Protein measurement with the folin phenol reagent"
