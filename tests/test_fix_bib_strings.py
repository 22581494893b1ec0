"""`.bib` files that use ``@string`` macros, month macros and ``#`` concatenation.

``check`` reads a field by what it expands to, and ``fix`` compares and edits it the same way:
a correct ``journal = jbc`` is never reported or rewritten; a wrong field written with macros
is replaced by a ``@string`` of the file that says the record's value, else by the value
itself, and the note says so; a macro defined nowhere in the file is a warning, not a
finding, and ``fix`` leaves its field as it is. Every run goes through the CLI against the
suite's local Crossref server (Lowry 1951, J Biol Chem 193(1):265-75, in
tests/fixtures/works.jsonl).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcheck.cli import app

LOWRY_DOI = "10.1016/s0021-9258(19)52451-6"


def run(server: Any, *args: str) -> Any:
    return CliRunner().invoke(
        app,
        [*args, "--crossref-url", server.url, "--no-cache", "--isolated"],
        env=CLEAN_ENV,
    )


def lowry_bib(journal: str, strings: str, *, year: str = "1951", extra: str = "") -> str:
    """A made-up library holding Lowry 1951 with ``journal`` as written and ``strings``."""
    return (
        "% Methods; abbreviations as macros.\n"
        f"{strings}\n"
        "@article{lowry1951,\n"
        "  author  = {Lowry, O. H. and Rosebrough, N. J. and Farr, A. L. and Randall, R. J.},\n"
        "  title   = {Protein measurement with the {Folin} phenol reagent},\n"
        f"  journal = {journal},\n"
        f"  year    = {year},{extra}\n"
        "  volume  = {193},\n"
        "  number  = {1},\n"
        "  pages   = {265--275},\n"
        f"  doi     = {{{LOWRY_DOI}}},\n"
        "}\n"
    )


def checked(server: Any, bib: Path) -> tuple[dict[str, Any], str]:
    result = run(server, "check", str(bib), "--format", "json")
    assert result.exit_code in (0, 1), result.output
    [reference] = json.loads(result.stdout)["files"][0]["references"]
    return reference, result.stderr


def journal_findings(reference: dict[str, Any]) -> list[str]:
    return [f["code"] for f in reference["findings"] if f["field"] == "journal"]


def fix_write(server: Any, bib: Path) -> Any:
    result = run(server, "fix", str(bib), "--write", "--no-backup", "--complete")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


# --------------------------------------------------------------------------- correct fields


def test_a_correct_journal_macro_is_neither_reported_nor_rewritten(
    crossref_server: Any, tmp_path: Path
) -> None:
    # A macro defined through another macro, as abbreviation files do ("J Biol" + " Chem").
    text = lowry_bib("JBC", '@string{jbio = "J Biol"}\n@String{jbc = jbio # " Chem"}\n')
    bib = tmp_path / "refs.bib"
    bib.write_bytes(text.encode("utf-8"))
    reference, _ = checked(crossref_server, bib)
    assert reference["status"] == "verified"
    assert reference["parsed"]["journal"] == "J Biol Chem"
    assert journal_findings(reference) == []
    fix_write(crossref_server, bib)
    assert bib.read_bytes() == text.encode("utf-8")


def test_a_concatenated_journal_is_read_as_it_expands(crossref_server: Any, tmp_path: Path) -> None:
    right = lowry_bib('jpre # "Biol" # { Chem}', '@string{jpre = "J "}\n')
    bib = tmp_path / "refs.bib"
    bib.write_bytes(right.encode("utf-8"))
    reference, _ = checked(crossref_server, bib)
    assert reference["parsed"]["journal"] == "J Biol Chem"
    assert journal_findings(reference) == []
    fix_write(crossref_server, bib)
    assert bib.read_bytes() == right.encode("utf-8")
    # A wrong year beside it: the year alone changes.
    bib.write_text(right.replace("year    = 1951", "year    = 1915"), encoding="utf-8")
    fix_write(crossref_server, bib)
    assert bib.read_text(encoding="utf-8") == right


def test_a_month_macro_is_predefined_and_exported_as_a_macro(
    crossref_server: Any, tmp_path: Path
) -> None:
    text = lowry_bib("jbc", '@string{jbc = "J Biol Chem"}\n', extra="\n  month   = nov,")
    bib = tmp_path / "refs.bib"
    bib.write_bytes(text.encode("utf-8"))
    reference, stderr = checked(crossref_server, bib)
    assert reference["status"] == "verified" and journal_findings(reference) == []
    assert "not defined" not in stderr  # jan..dec need no @string
    fix_write(crossref_server, bib)
    assert bib.read_bytes() == text.encode("utf-8")
    # The export writes the month as BibTeX's macro, not as the text "nov" in braces, with the
    # record's month and without it.
    for extra in ((), ("--no-resolve",)):
        exported = run(crossref_server, "bibtex", str(bib), *extra)
        assert exported.exit_code == 0, exported.output
        assert "month = nov," in exported.stdout
        assert "{nov}" not in exported.stdout
    # A month in another form is the user's text: kept as written when there is no record.
    bib.write_text(text.replace("month   = nov", "month   = {Nov.}"), encoding="utf-8")
    exported = run(crossref_server, "bibtex", str(bib), "--no-resolve")
    assert "month = {Nov.}," in exported.stdout


# --------------------------------------------------------------------------- wrong fields


def test_a_wrong_macro_journal_becomes_the_files_macro_for_the_right_one(
    crossref_server: Any, tmp_path: Path
) -> None:
    strings = '@string{cell = "Cell"}\n@string{jbc = "J Biol Chem"}\n'
    text = lowry_bib("cell", strings, extra="\n  month   = nov,")
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    reference, _ = checked(crossref_server, bib)
    assert journal_findings(reference)  # Cell is another journal: the check says so
    result = fix_write(crossref_server, bib)
    assert bib.read_text(encoding="utf-8") == text.replace("journal = cell,", "journal = jbc,")
    assert "journal: the @string macro cell replaced by the file's @string macro jbc" in (
        result.stderr
    )
    again, _ = checked(crossref_server, bib)
    assert journal_findings(again) == []


def test_a_wrong_macro_journal_no_string_says_gets_the_value_with_a_note(
    crossref_server: Any, tmp_path: Path
) -> None:
    text = lowry_bib("cell", '@string{cell = "Cell"}\n')
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    summary = run(crossref_server, "fix", str(bib), "--dry-run")
    assert summary.exit_code == 0, summary.output
    note = "journal: the @string macro cell replaced by the value itself"
    assert note in summary.stderr  # the summary says so before anything is written
    assert bib.read_text(encoding="utf-8") == text
    result = fix_write(crossref_server, bib)
    assert note in result.stderr
    fixed = bib.read_text(encoding="utf-8")
    # The @string stays (other entries may use it); only this entry's field changes.
    assert fixed == text.replace("journal = cell,", "journal = {Journal of Biological Chemistry},")
    again, _ = checked(crossref_server, bib)
    assert journal_findings(again) == []


def test_a_wrong_concatenated_journal_gets_the_value_with_a_note(
    crossref_server: Any, tmp_path: Path
) -> None:
    text = lowry_bib('proc # "Cell"', '@string{proc = "Proc "}\n')
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    result = fix_write(crossref_server, bib)
    assert 'journal: proc # "Cell" replaced by the value itself' in result.stderr
    assert bib.read_text(encoding="utf-8") == text.replace(
        'journal = proc # "Cell",', "journal = {Journal of Biological Chemistry},"
    )


def test_a_string_defined_after_the_entry_is_not_put_in_it(
    crossref_server: Any, tmp_path: Path
) -> None:
    # BibTeX reads a file in order: a macro used before its @string is undefined there and
    # prints as nothing. A @string after the entry (a second library appended to the first)
    # cannot replace the entry's wrong macro; the value itself does.
    text = lowry_bib("cell", '@string{cell = "Cell"}\n') + '@string{jbc = "J Biol Chem"}\n'
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    result = fix_write(crossref_server, bib)
    assert "journal: the @string macro cell replaced by the value itself" in result.stderr
    assert bib.read_text(encoding="utf-8") == text.replace(
        "journal = cell,", "journal = {Journal of Biological Chemistry},"
    )


# --------------------------------------------------------------------------- undefined macros


def test_an_undefined_macro_is_a_warning_and_its_field_is_left_alone(
    crossref_server: Any, tmp_path: Path
) -> None:
    # The macro is in another file (\bibliography{abbrev,refs}): nothing here says its value;
    # nor do broken definitions (no value, no name, one defined by itself, one unterminated).
    broken = '@string{jbc = }\n@string{ = "J"}\n@string{loop = loop}\n@string{open = "J Bi\n'
    text = lowry_bib("jbiolchem", "% @string definitions are in abbrev.bib\n" + broken)
    bib = tmp_path / "refs.bib"
    bib.write_bytes(text.encode("utf-8"))
    reference, stderr = checked(crossref_server, bib)
    assert reference["status"] == "verified"
    assert journal_findings(reference) == []  # not "jbiolchem does not name the journal"
    [warning] = [line for line in stderr.splitlines() if "jbiolchem" in line]
    assert "not defined in this file" in warning and "not checked" in warning
    result = fix_write(crossref_server, bib)
    assert "Traceback" not in result.stderr
    assert bib.read_bytes() == text.encode("utf-8")


def test_the_export_writes_a_field_with_an_undefined_macro_as_written(tmp_path: Path) -> None:
    # The macros are in abbrev.bib (\bibliography{abbrev,refs}): "{jbiolchem}" in braces
    # would print the macro's name instead of what abbrev.bib says.
    text = lowry_bib("jbiolchem", "", extra='\n  note    = "Part " # partname,')
    bib = tmp_path / "refs.bib"
    bib.write_text(text, encoding="utf-8")
    exported = CliRunner().invoke(
        app, ["bibtex", str(bib), "--no-resolve", "--isolated"], env=CLEAN_ENV
    )
    assert exported.exit_code == 0, exported.output
    assert "journal = jbiolchem," in exported.stdout
    assert 'note = "Part " # partname,' in exported.stdout
    assert "{jbiolchem}" not in exported.stdout and "partname}" not in exported.stdout


@pytest.mark.parametrize(
    "broken",
    [
        "@string{x = {\n",
        '@string{x = "{\n',
        '@string{x = "}}\n',
        "@comment{ {\n",
        "@article{k, f = {\n",
    ],
)
def test_many_unterminated_values_are_scanned_in_linear_time(broken: str) -> None:
    # Each unterminated value was read to the end of the file, and the next one again: 5,000
    # such lines (70 kB) took 20-30 s, 20,000 six minutes, to find the entry before them.
    from refcheck.fix.bib_edit import scan_entries

    good = '@article{good, title={T}, journal = jbc # {x}, note = "a {b} c"}\n'
    text = good + broken * 4000
    started = time.perf_counter()
    entries = scan_entries(text)
    assert time.perf_counter() - started < 3
    assert entries[0].key == "good"
    assert [f.name for f in entries[0].fields] == ["title", "journal", "note"]


@settings(deadline=None, max_examples=300)
@given(st.lists(st.sampled_from(["{", "}", '"', "\\", "(", ")", "a", " "]), max_size=40))
def test_a_long_text_closes_its_values_where_a_short_one_does(pieces: list[str]) -> None:
    # A long text (a whole file) is indexed once; a short one read character by character.
    # Letters after the short text change nothing, so both must answer alike.
    from refcheck.extract.bib_macros import _skip_quoted, skip_balanced

    short = "".join(pieces)
    long = short + "x" * 10_000

    def closing(text: str, index: int) -> int | None:
        try:
            if text[index] == '"':
                return _skip_quoted(text, index)
            if text[index] == "(":
                return skip_balanced(text, index, "(", ")")
            return skip_balanced(text, index, "{", "}")
        except ValueError:
            return None

    for index, char in enumerate(short):
        if char in '{"(':
            assert closing(long, index) == closing(short, index), (short, index)
