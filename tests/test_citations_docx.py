"""Citations in Word documents: what is running text, and superscripts Word splits or places
after a space or a number (made-up text)."""

from __future__ import annotations

from pathlib import Path

import docx

from refcheck.extract import extract_document, read_input
from refcheck.models import Document
from refcheck.parse import parse_reference
from refcheck.validate.citations import check_citations

REFERENCES = [
    f"Author{n} A, Writer B. A made-up study number {n}. J Invented Res. 20{10 + n};{n}:{n}0-{n}9."
    for n in range(1, 7)
]


def _save(word: docx.document.Document, tmp_path: Path) -> Document:
    word.add_heading("References", 1)
    for reference in REFERENCES:
        word.add_paragraph(reference, style="List Number")
    path = tmp_path / "paper.docx"
    word.save(str(path))
    return extract_document(read_input(str(path)))


def _cited(document: Document) -> list[tuple[int, ...]]:
    return [citation.numbers for citation in document.citations]


def _codes(document: Document) -> list[str]:
    references = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, references)
    found = [finding.code for finding in result.document]
    for index in range(len(references)):
        found += [finding.code for finding in result.for_reference(index)]
    return sorted(found)


def test_numbers_in_table_cells_are_not_citations(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Patients were older than controls [1, 2].")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Age, years"
    table.cell(0, 1).text = "41 [28, 63]"
    table.cell(1, 0).text = "Trial (5)"
    table.cell(1, 1).text = "12 [9]"
    word.add_paragraph("Results held in a second cohort [3-6].")
    document = _save(word, tmp_path)
    assert _cited(document) == [(1, 2), (3, 4, 5, 6)]
    assert _codes(document) == []


def test_numbers_in_a_caption_are_not_citations(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Sampling followed earlier work [1-6].")
    word.add_paragraph("Figure 2. Flow of participants [n = 41]; dropouts [17].", style="Caption")
    document = _save(word, tmp_path)
    assert _cited(document) == [(1, 2, 3, 4, 5, 6)]


def _superscript_paragraph(word: docx.document.Document, *parts: tuple[str, bool]) -> None:
    paragraph = word.add_paragraph()
    for text, raised in parts:
        paragraph.add_run(text).font.superscript = raised


def test_superscripts_after_a_space_a_number_and_split_runs(tmp_path: Path) -> None:
    word = docx.Document()
    _superscript_paragraph(word, ("Mortality among children under five ", False), ("2,1,", True))
    _superscript_paragraph(word, ("Wave 4", False), ("3", True), (" added questions.", False))
    _superscript_paragraph(word, ("Rates rose by at least 1.7", False), ("4", True), (".", False))
    _superscript_paragraph(word, ("Later rounds", False), ("5,", True), ("6", True))
    document = _save(word, tmp_path)
    assert _cited(document) == [(2, 1), (3,), (4,), (5, 6)]


def test_exponents_stay_exponents(tmp_path: Path) -> None:
    word = docx.Document()
    _superscript_paragraph(word, ("Counts reached 10", False), ("5", True), (" cells.", False))
    _superscript_paragraph(word, ("An area of 3 m", False), ("2", True), (" was used.", False))
    _superscript_paragraph(word, ("Earlier studies", False), ("1-6", True), (".", False))
    document = _save(word, tmp_path)
    assert _cited(document) == [(1, 2, 3, 4, 5, 6)]


def test_tex_with_two_lists_reads_both_and_the_text_between(tmp_path: Path) -> None:
    path = tmp_path / "paper.tex"
    path.write_text(
        "\\documentclass{article}\\begin{document}\n"
        "Main text cites an earlier study \\cite{alpha}.\n"
        "\\begin{thebibliography}{1}\n"
        f"\\bibitem{{alpha}} {REFERENCES[0]}\n"
        "\\end{thebibliography}\n"
        "\\section*{Methods}\n"
        "Methods follow a protocol \\cite{beta}.\n"
        "\\begin{thebibliography}{1}\n"
        f"\\bibitem{{beta}} {REFERENCES[1]}\n"
        "\\end{thebibliography}\n"
        "\\end{document}\n",
        encoding="utf-8",
    )
    document = extract_document(read_input(str(path)))
    assert [ref.key for ref in document.references] == ["alpha", "beta"]
    assert [citation.keys for citation in document.citations] == [("alpha",), ("beta",)]
    assert _codes(document) == []
