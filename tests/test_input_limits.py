"""Oversized inputs (issue 13): each is read, or refused with exit 2 and one line naming the
limit (docs/limits.md). No timings here (benchmarks/input_scaling.py measures them)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import CrossrefTestServer
from fpdf import FPDF
from test_robustness_inputs import REFERENCE, assert_input_error, parse_json, run

from refcheck import limits
from refcheck.extract import docx as docx_reader
from refcheck.models import RawReference
from refcheck.parse import parse_reference
from refcheck.report.output import write_atomically
from refcheck.resolve.candidates import search_query

_REF = "Quill A, Writer B. A trial of things in fictional patients. J Fict Med. 2019;12(3):45-52."


def _refs(path: Path) -> list[dict[str, object]]:
    result = parse_json(path)
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)["files"][0]["references"])


def test_twenty_thousand_leading_spaces_before_a_reference(tmp_path: Path) -> None:
    path = tmp_path / "spaces.txt"
    path.write_text("References\n\n" + " " * 20_000 + _REF + "\n", encoding="utf-8")
    (ref,) = _refs(path)
    assert ref["parsed"]["journal"] == "J Fict Med"  # type: ignore[index]


def test_a_reference_over_the_cap_is_read_from_its_ends_with_a_warning(tmp_path: Path) -> None:
    authors = ", ".join(f"Author{i} B" for i in range(3_500))
    text = (
        f"Quill A, {authors}. A trial of things in fictional patients. J Fict Med. 2019;12:45-52."
    )
    assert len(text) > limits.MAX_REFERENCE_CHARS
    parsed = parse_reference(RawReference(number=1, text=text, line=3))
    reference = parsed.reference
    assert reference.authors[0].family == "Quill" and reference.et_al
    assert reference.title == "A trial of things in fictional patients"
    assert (reference.journal, reference.year, reference.volume) == ("J Fict Med", 2019, "12")
    assert [f.code for f in parsed.findings if f.code == "RC010"] == ["RC010"]
    # Searched by its fields, not by 40,000 characters of names.
    query = search_query(parsed)
    assert query == "Quill A trial of things in fictional patients J Fict Med 2019 12 45"


def test_a_reference_under_the_cap_has_no_length_warning() -> None:
    parsed = parse_reference(RawReference(number=1, text=_REF, line=1))
    assert "RC010" not in [f.code for f in parsed.findings]


def test_markdown_references_numbered_past_9999_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    items = "".join(
        f"{n}. Author{n} A. Study {n} of things. J Test. 2001;{n % 90 + 1}:{n}-{n + 9}.\n"
        for n in range(9_997, 10_004)
    )
    path.write_text(f"# Paper\n\nText.\n\n## References\n\n{items}", encoding="utf-8")
    assert [r["number"] for r in _refs(path)] == list(range(9_997, 10_004))


def test_bracketed_numbers_past_9999_stay_apart(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    items = "".join(
        f"[{n}] Author{n} A. Study {n}. J Test. 2001;1:{n}-{n + 9}.\n"
        for n in (9_999, 10_000, 10_001)
    )
    path.write_text(f"References\n\n{items}", encoding="utf-8")
    assert [r["number"] for r in _refs(path)] == [9_999, 10_000, 10_001]


def test_a_markdown_list_nested_500_deep(tmp_path: Path) -> None:
    nested = "".join("  " * depth + f"- item {depth}\n" for depth in range(500))
    path = tmp_path / "deep.md"
    path.write_text(
        f"# Paper\n\nText [1].\n\n{nested}\n## References\n\n{REFERENCE}", encoding="utf-8"
    )
    (ref,) = _refs(path)
    assert ref["number"] == 1


def test_a_bib_file_over_the_entry_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    entry = "@article{{k{0},\n title={{Study {0}}},\n journal={{J Test}},\n year={{2001}}\n}}\n"
    path = tmp_path / "huge.bib"
    body = "@string{jt = {J Test}}\n" + "".join(
        entry.format(n) for n in range(limits.MAX_REFERENCES + 1)
    )
    path.write_text(body, encoding="utf-8")
    assert_input_error(parse_json(path), "too many BibTeX entries", "10,000")


def test_a_list_over_the_reference_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    lines = [f"Author{n} A. Study {n}. J Test. 2001;1:{n}-{n + 9}." for n in range(10_001)]
    path.write_text("References\n\n" + "\n\n".join(lines) + "\n", encoding="utf-8")
    assert_input_error(parse_json(path), "too many references (10,001; the limit is 10,000)")


def test_text_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    line = "Some words of a long manuscript, written again and again.\n"
    path.write_text(line * (limits.MAX_TEXT_CHARS // len(line) + 1) + REFERENCE, encoding="utf-8")
    assert_input_error(parse_json(path), "too much text")


def test_latex_over_the_text_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.tex"
    path.write_text("%" * (limits.MAX_TEXT_CHARS + 1) + "\n", encoding="utf-8")
    assert_input_error(parse_json(path), "too much text")


def test_a_pdf_over_the_page_limit_is_refused(tmp_path: Path) -> None:
    pdf = FPDF()
    for _ in range(limits.MAX_PDF_PAGES + 1):
        pdf.add_page()
    path = tmp_path / "long.pdf"
    pdf.output(str(path))
    assert_input_error(parse_json(path), "too many pages (401; the limit is 400)")


def _docx_with_text_xml(size: int) -> bytes:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    paragraph = "<w:p><w:r><w:t>Words of the body.</w:t></w:r></w:p>"
    body = paragraph * (size // len(paragraph) + 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml", f"<w:document {namespace}><w:body>{body}</w:body></w:document>"
        )
    return buffer.getvalue()


def test_a_docx_whose_text_xml_is_over_the_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(docx_reader, "MAX_WORD_XML_BYTES", 2**20)
    path = tmp_path / "big.docx"
    path.write_bytes(_docx_with_text_xml(2**20 + 1))
    assert_input_error(parse_json(path), "MiB of XML (limit 1 MiB)")


def test_a_docx_nested_past_lxml_depth_is_refused(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("x")
    saved = io.BytesIO()
    document.save(saved)
    deep = "<w:sdt><w:sdtContent>" * 5_000 + "<w:p/>" + "</w:sdtContent></w:sdt>" * 5_000
    source = zipfile.ZipFile(saved)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + deep.encode(), 1)
            archive.writestr(member, data)
    path = tmp_path / "deep.docx"
    path.write_bytes(out.getvalue())
    assert_input_error(parse_json(path), "cannot open as a Word document")


# --------------------------------------------------------------------------- output


def test_a_file_name_that_is_not_utf8_gives_valid_json(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/paper\xff\xfe.txt"
    with open(name, "wb") as handle:
        handle.write(("References\n\n" + REFERENCE).encode())
    result = subprocess.run(
        [sys.executable, "-m", "refcheck", "parse", "--format", "json", name],
        capture_output=True,
        check=False,
        env={**os.environ, "LC_ALL": "C", "PYTHONIOENCODING": ""},
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout.decode("utf-8"))  # strict: raw bytes would fail here
    assert data["files"][0]["path"].endswith("paper\ufffd\ufffd.txt")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_standard_output_on_a_full_disk_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "refs.txt"
    path.write_text("References\n\n" + REFERENCE, encoding="utf-8")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "refcheck", "parse", "--format", "json", str(path)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "refcheck: error: cannot write to standard output: No space left on device"
    )


def test_a_killed_writes_temporary_file_is_removed_by_the_next_write(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    stale = tmp_path / ".report.json.k1ll3d00.tmp"
    fresh = tmp_path / ".report.json.wr1t1ng0.tmp"  # another run writing right now
    other = tmp_path / ".other.json.k1ll3d00.tmp"
    for leftover in (stale, fresh, other):
        leftover.write_text("{", encoding="utf-8")
    old = time.time() - 3_600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    write_atomically(target, "{}\n")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def test_the_limits_are_documented() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "limits.md").read_text(encoding="utf-8")
    for value in (
        f"{limits.MAX_TEXT_CHARS:,}",
        f"{limits.MAX_REFERENCES:,}",
        f"{limits.MAX_REFERENCE_CHARS:,}",
        f"| {limits.MAX_PDF_PAGES} |",
        f"{limits.MAX_PDF_CHARACTERS:,}",
        f"{limits.MAX_LINES:,} lines",
        f"{limits.MAX_WORD_PARAGRAPHS:,} Word paragraphs",
        f"{limits.MAX_WORD_XML_BYTES // 2**20} MiB",
        f"{limits.MAX_INPUT_BYTES // 2**20} MiB",
    ):
        assert value in page, value


def test_a_bbl_with_verbatim_fields_that_never_end(tmp_path: Path) -> None:
    # Each \verb without its \endverb made a lazy pattern scan the rest of the entry.
    entry = (
        "\\refsection{0}\n  \\entry{quill2019}{article}{}\n"
        "      \\field{title}{A trial of things}\n      \\field{year}{2019}\n"
        "      \\verb{doi}\n      \\verb 10.5555/quill.1\n      \\endverb\n"
        + "      \\verb{url}\n      \\verb http://example.org/x\n" * 20_000
        + "    \\endentry\n\\endrefsection\n"
    )
    path = tmp_path / "verbs.bbl"
    path.write_text(entry, encoding="utf-8")
    (ref,) = _refs(path)
    assert ref["parsed"]["doi"] == "10.5555/quill.1"  # type: ignore[index]
    assert ref["parsed"]["year"] == 2019  # type: ignore[index]


def test_a_reference_over_the_cap_is_searched_by_its_fields_over_http(
    tmp_path: Path, crossref_server: CrossrefTestServer
) -> None:
    authors = ", ".join(f"Author{i} B" for i in range(3_500))
    path = tmp_path / "long.txt"
    path.write_text(
        f"References\n\n1. Quill A, {authors}. A trial of things in fictional patients. "
        "J Fict Med. 2019;12:45-52.\n",
        encoding="utf-8",
    )
    result = run(
        "check",
        str(path),
        "--format",
        "json",
        "--crossref-url",
        crossref_server.url,
        "--no-cache",
        "--isolated",
        "--exit-zero",
    )
    assert result.exit_code == 0, result.output
    searches = [r for r in crossref_server.requests if r.kind == "search"]
    assert searches, crossref_server.requests
    queries = [r.params["query.bibliographic"] for r in searches]
    # The first search is built from the parsed fields; the searches an unresolved reference
    # gets after it (by title; by authors, journal and numbers) are built from fields too.
    assert queries[0] == "Quill A trial of things in fictional patients J Fict Med 2019 12 45"
    assert all(len(q) < 200 and "Author100" not in q for q in queries), queries
    (ref,) = json.loads(result.stdout)["files"][0]["references"]
    assert "RC010" in [f["code"] for f in ref["findings"]]


def test_a_pdf_over_the_character_limit_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from refcheck.extract import pdf as pdf_reader

    monkeypatch.setattr(pdf_reader, "MAX_PDF_CHARACTERS", 100)
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    for page in range(3):
        pdf.add_page()
        pdf.cell(0, 5, f"Page {page + 1} holds sixty characters of made-up body text here.")
    path = tmp_path / "dense.pdf"
    pdf.output(str(path))
    assert_input_error(parse_json(path), "too much text", "by page 2; the limit is 100")


def test_too_many_short_lines_are_refused(tmp_path: Path) -> None:
    # Three million one-letter lines are few characters but took 53 s.
    path = tmp_path / "lines.txt"
    path.write_text("a\n" * (limits.MAX_LINES + 1) + REFERENCE, encoding="utf-8")
    assert_input_error(parse_json(path), "too many lines", "the limit is 200,000")


def test_a_docx_with_too_many_empty_paragraphs_is_refused(tmp_path: Path) -> None:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        empty = "<w:p/>" * (limits.MAX_WORD_PARAGRAPHS + 1)
        archive.writestr(
            "word/document.xml", f"<w:document {namespace}><w:body>{empty}</w:body></w:document>"
        )
    path = tmp_path / "empty.docx"
    path.write_bytes(buffer.getvalue())
    assert_input_error(parse_json(path), "too many paragraphs (100,001; the limit is 100,000)")


def test_an_ris_value_wrapped_over_many_lines(tmp_path: Path) -> None:
    path = tmp_path / "wrapped.ris"
    path.write_text(
        "TY  - JOUR\nTI  - A trial\n" + "of things\n" * 100_000 + "JO  - J Fict Med\nPY  - 2019\n"
        "ER  - \n",
        encoding="utf-8",
    )
    (ref,) = _refs(path)
    assert ref["parsed"]["journal"] == "J Fict Med"  # type: ignore[index]
    assert ref["text"].startswith("A trial of things of things")  # type: ignore[union-attr]


def test_a_bbl_item_with_macros_nested_20000_deep(tmp_path: Path) -> None:
    # Each level re-read the arguments of the levels inside it: quadratic, past a minute.
    nested = "\\textbf{" * 20_000 + "Quill A. A trial. J Fict. 2019;1:1-2." + "}" * 20_000
    path = tmp_path / "nested.bbl"
    path.write_text(
        f"\\begin{{thebibliography}}{{9}}\n\\bibitem{{a}} {nested}\n"
        "\\bibitem{b} Writer B. \\textbf{Another trial}. J Fict. 2020;2:3-4.\n"
        "\\end{thebibliography}\n",
        encoding="utf-8",
    )
    first, second = _refs(path)
    assert first["number"] == 1
    assert second["text"] == "Writer B. Another trial. J Fict. 2020;2:3-4."
