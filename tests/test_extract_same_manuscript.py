"""One manuscript written out as txt, md, docx, pdf and tex yields the same references."""

from __future__ import annotations

import textwrap
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from refcheck.extract import extract_document, read_input
from refcheck.models import Document

BODY = [
    "Calcinosis cutis is common in connective tissue disease [1].",
    "Decisions around menopause are hard [2], and pulmonary disease is frequent [3].",
]
REFERENCES = [
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206.",
    "Col NF, Ngo L, Fortin JM, Goldberg RJ, O'Connor AM. Can computerized decision support "
    "help patients make complex treatment decisions? A randomized controlled trial of an "
    "individualized menopause decision aid. Med Decis Making. 2007;27(5):585-98.",
    "World Health Organization. Global tuberculosis report 2019. Geneva: WHO; 2019.",
]


def write_txt(folder: Path) -> Path:
    path = folder / "paper.txt"
    lines = [*BODY, "", "References", ""]
    lines += [f"{index}. {reference}" for index, reference in enumerate(REFERENCES, 1)]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_md(folder: Path) -> Path:
    path = folder / "paper.md"
    lines = ["# A study", "", *BODY, "", "## References", ""]
    for index, reference in enumerate(REFERENCES, 1):
        # Markdown sources wrap long lines; the reader joins them.
        wrapped = textwrap.wrap(f"{index}. {reference}", 70, break_on_hyphens=False)
        lines += [wrapped[0], *("   " + part for part in wrapped[1:])]
    path.write_text("\n".join(lines) + "\n")
    return path


def write_docx(folder: Path) -> Path:
    path = folder / "paper.docx"
    word = docx.Document()
    for paragraph in BODY:
        word.add_paragraph(paragraph)
    word.add_heading("References", 1)
    for reference in REFERENCES:
        word.add_paragraph(reference, style="List Number")
    word.save(str(path))
    return path


def write_pdf(folder: Path) -> Path:
    path = folder / "paper.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = [*BODY, "References"]
    for index, reference in enumerate(REFERENCES, 1):
        lines += textwrap.wrap(f"{index}. {reference}", 80, break_on_hyphens=False)
    for row, line in enumerate(lines):
        pdf.text(15, 20 + 5 * row, line)
    pdf.output(str(path))
    return path


def write_tex(folder: Path) -> Path:
    path = folder / "paper.tex"
    items = "\n".join(
        f"\\bibitem{{ref{index}}} {reference.replace('195-206', '195--206')}"
        for index, reference in enumerate(REFERENCES, 1)
    )
    path.write_text(
        "\\documentclass{article}\n\\begin{document}\n"
        + "\n".join(BODY)
        + f"\n\\begin{{thebibliography}}{{9}}\n{items}\n\\end{{thebibliography}}\n"
        "\\end{document}\n"
    )
    return path


WRITERS = {"txt": write_txt, "md": write_md, "docx": write_docx, "pdf": write_pdf}


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_format_gives_the_same_references(fmt: str, tmp_path: Path) -> None:
    document: Document = extract_document(read_input(str(WRITERS[fmt](tmp_path))))
    assert [(ref.number, ref.text) for ref in document.references] == [
        (index, reference) for index, reference in enumerate(REFERENCES, 1)
    ]
    assert document.has_body
    assert sorted({n for citation in document.citations for n in citation.numbers}) == [1, 2, 3]


def test_latex_gives_the_same_references_with_its_dashes(tmp_path: Path) -> None:
    document = extract_document(read_input(str(write_tex(tmp_path))))
    texts = [ref.text.replace("–", "-") for ref in document.references]
    assert texts == REFERENCES
    assert [ref.number for ref in document.references] == [1, 2, 3]
    assert [ref.key for ref in document.references] == ["ref1", "ref2", "ref3"]
