"""One manuscript, five formats: the same references and the same citation findings.

The manuscript is a Python value (below). Each test writes it in one format (text and
Markdown as text, Word with python-docx, LaTeX as text, PDF with fpdf2) and checks that
refcheck reads back what the plain-text version gives: the reference numbers and texts, the
parsed fields (``refcheck parse --format json``) and the citation findings. It cites
out of order (5 before 4), cites a number the list lacks (9) and never cites reference 7.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from refcheck.errors import InputError
from refcheck.extract import extract_document, read_input
from refcheck.models import Document
from refcheck.parse import parse_reference
from refcheck.validate.citations import CitationFindings, check_citations


@dataclass(frozen=True)
class Cite:
    """An in-text citation of these reference numbers."""

    numbers: tuple[int, ...]


Part = str | Cite

TITLE = "Calcinosis cutis in autoimmune connective tissue disease: a narrative review"
INTRODUCTION = "Introduction"
PARAGRAPHS: tuple[tuple[Part, ...], ...] = (
    (
        "Calcinosis cutis is the deposition of insoluble calcium salts in the skin and "
        "subcutaneous tissue",
        Cite((1, 2)),
        ". Dystrophic calcinosis is the most common form in autoimmune connective tissue diseases",
        Cite((3,)),
        ".",
    ),
    (
        "It affects up to 40% of patients with systemic sclerosis and about 20% of adults "
        "with dermatomyositis",
        Cite((5,)),
        ". In a cohort of 78 patients, calcinosis was associated with digital ulcers and "
        "osteoporosis",
        Cite((4,)),
        ".",
    ),
    (
        "Treatment remains difficult. Diltiazem, bisphosphonates and sodium thiosulfate have "
        "been tried with variable success",
        Cite((6, 8)),
        ", and surgical excision is reserved for large or painful deposits",
        Cite((9,)),
        ". Management should be reviewed regularly",
        Cite((3,)),
        ".",
    ),
)
# (LaTeX key, Vancouver text). Reference 7 is never cited; 9 is cited but not listed.
REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "gutierrez2012",
        "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue "
        "diseases. Dermatol Ther. 2012;25(2):195-206.",
    ),
    (
        "reiter2011a",
        "Reiter N, El-Shabrawi L, Leinweber B, Berghold A, Aberer E. Calcinosis cutis: part "
        "I. Diagnostic pathway. J Am Acad Dermatol. 2011;65(1):1-12.",
    ),
    (
        "reiter2011b",
        "Reiter N, El-Shabrawi L, Leinweber B, Berghold A, Aberer E. Calcinosis cutis: part "
        "II. Treatment options. J Am Acad Dermatol. 2011;65(1):15-22.",
    ),
    (
        "valenzuela2016",
        "Valenzuela A, Baron M, Herrick A, Proudman S, Stevens W, Rodriguez-Reyna TS, et al. "
        "Calcinosis is associated with digital ulcers and osteoporosis in patients with "
        "systemic sclerosis: a Scleroderma Clinical Trials Consortium study. Semin Arthritis "
        "Rheum. 2016;46(3):344-9.",
    ),
    (
        "balin2012",
        "Balin SJ, Wetter DA, Andersen LK, Davis MD. Calcinosis cutis occurring in "
        "association with autoimmune connective tissue disease: the Mayo Clinic experience "
        "with 78 patients, 1996-2009. Arch Dermatol. 2012;148(4):455-62.",
    ),
    (
        "valenzuela2015",
        "Valenzuela A, Chung L. Calcinosis: pathophysiology and management. Curr Opin "
        "Rheumatol. 2015;27(6):542-8.",
    ),
    (
        "traineau2020",
        "Traineau H, Aggarwal R, Monfort JB, Senet P, Oddis CV, Chizzolini C, et al. "
        "Treatment of calcinosis cutis in systemic sclerosis and dermatomyositis: a review "
        "of the literature. J Am Acad Dermatol. 2020;82(2):317-25.",
    ),
    (
        "baumgartner2016",
        "Baumgartner-Nielsen J, Olesen AB. Treatment of skin calcifications with "
        "intralesional injection of sodium thiosulphate: a case series. Acta Derm Venereol. "
        "2016;96(2):257-8.",
    ),
)
MISSING_KEY = "smith2019"  # what LaTeX cites where the others cite the absent number 9

# What every format must yield: (code, cited, reference number) with cited numbers as text.
EXPECTED_FINDINGS = {
    ("RC401", None, 7),  # reference 7 never cited
    ("RC402", "9", None),  # citation 9 has no reference
    ("RC403", "4", None),  # reference 4 first cited after reference 5
}


# --------------------------------------------------------------------------- writers


def _range_text(numbers: tuple[int, ...], dash: str = "–") -> str:
    """(6, 7, 8) -> "6–8"; (1, 2) -> "1,2"."""
    if len(numbers) > 2 and numbers == tuple(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}{dash}{numbers[-1]}"
    return ",".join(str(n) for n in numbers)


def _paragraph_text(parts: tuple[Part, ...], cite: Callable[[Cite], str]) -> str:
    return "".join(part if isinstance(part, str) else cite(part) for part in parts)


def _bracket(cite: Cite) -> str:
    return f" [{_range_text(cite.numbers)}]"


def write_txt(path: Path) -> None:
    body = [_paragraph_text(p, _bracket) for p in PARAGRAPHS]
    refs = [f"{n}. {text}" for n, (_, text) in enumerate(REFERENCES, start=1)]
    path.write_text(
        "\n\n".join([TITLE, INTRODUCTION, *body, "References", "\n".join(refs)]) + "\n",
        encoding="utf-8",
    )


def write_md(path: Path) -> None:
    body = [_paragraph_text(p, lambda c: f"^{_range_text(c.numbers)}^") for p in PARAGRAPHS]
    refs = [f"{n}. {text}" for n, (_, text) in enumerate(REFERENCES, start=1)]
    path.write_text(
        "\n\n".join([f"# {TITLE}", f"## {INTRODUCTION}", *body, "## References", "\n".join(refs)])
        + "\n",
        encoding="utf-8",
    )


def write_docx(path: Path, *, auto_numbered: bool) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_heading(TITLE, level=1)
    document.add_heading(INTRODUCTION, level=2)
    for parts in PARAGRAPHS:
        paragraph = document.add_paragraph()
        for part in parts:
            if isinstance(part, str):
                paragraph.add_run(part)
            else:
                paragraph.add_run(_range_text(part.numbers)).font.superscript = True
    document.add_heading("References", level=2)
    for number, (_, text) in enumerate(REFERENCES, start=1):
        if auto_numbered:
            # Word's own numbering: the numbers live in numbering.xml, not in the text.
            document.add_paragraph(text, style="List Number")
        else:
            document.add_paragraph(f"{number}. {text}")
    document.save(str(path))


def _tex_escape(text: str) -> str:
    return text.replace("%", r"\%").replace("&", r"\&")


def write_tex(path: Path) -> None:
    keys = {n: key for n, (key, _) in enumerate(REFERENCES, start=1)}

    def cite(c: Cite) -> str:
        return r"~\cite{" + ",".join(keys.get(n, MISSING_KEY) for n in c.numbers) + "}"

    body = [_tex_escape(_paragraph_text(p, cite)) for p in PARAGRAPHS]
    items = [rf"\bibitem{{{key}}} {_tex_escape(text)}" for key, text in REFERENCES]
    path.write_text(
        "\n".join(
            [
                r"\documentclass{article}",
                rf"\title{{{TITLE}}}",
                r"\begin{document}",
                r"\maketitle",
                rf"\section{{{INTRODUCTION}}}",
                "",
                *(line for paragraph in body for line in (paragraph, "")),
                r"\begin{thebibliography}{9}",
                *items,
                r"\end{thebibliography}",
                r"\end{document}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )


def write_pdf(path: Path, *, superscripts: bool = False) -> None:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=14)
    pdf.multi_cell(0, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=12)
    pdf.ln(4)
    pdf.multi_cell(0, 7, INTRODUCTION, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for parts in PARAGRAPHS:
        pdf.ln(3)
        for part in parts:
            if isinstance(part, str):
                pdf.write(5, part)
            elif superscripts:
                pdf.char_vpos = "SUP"
                pdf.write(5, _range_text(part.numbers, dash="-"))
                pdf.char_vpos = "LINE"
            else:
                pdf.write(5, f" [{_range_text(part.numbers, dash='-')}]")
        pdf.ln(5)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 7, "References", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    for number, (_, text) in enumerate(REFERENCES, start=1):
        pdf.multi_cell(0, 5, f"{number}. {text}", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


WRITERS: dict[str, Callable[[Path], None]] = {
    "txt": write_txt,
    "md": write_md,
    "docx": lambda path: write_docx(path, auto_numbered=False),
    "docx-auto": lambda path: write_docx(path, auto_numbered=True),
    "tex": write_tex,
    "pdf": write_pdf,
    "pdf-sup": lambda path: write_pdf(path, superscripts=True),
}
SUFFIX = {"docx-auto": "docx", "pdf-sup": "pdf"}


# --------------------------------------------------------------------------- reading back


def manuscript(tmp_path: Path, variant: str) -> Path:
    path = tmp_path / f"manuscript.{SUFFIX.get(variant, variant)}"
    WRITERS[variant](path)
    return path


def extract(path: Path) -> Document:
    try:
        return extract_document(read_input(str(path)))
    except InputError as exc:
        if "not available" in str(exc):
            pytest.skip(f"the {path.suffix} reader is not implemented yet")
        raise


def findings_of(
    document: Document,
) -> tuple[CitationFindings, set[tuple[str, str | None, int | None]]]:
    parsed = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, parsed)
    keys = {key: str(n) for n, (key, _) in enumerate(REFERENCES, start=1)}
    summary: set[tuple[str, str | None, int | None]] = set()
    for finding in result.document:
        if finding.code == "RC405":  # LaTeX cites a key where the others cite a number
            assert finding.cited == MISSING_KEY
            summary.add(("RC402", "9", None))
        else:
            summary.add((finding.code, keys.get(finding.cited or "", finding.cited), None))
    for index, findings in result.by_reference.items():
        for finding in findings:
            summary.add((finding.code, None, document.references[index].number))
    return result, summary


VARIANTS = ["txt", "md", "docx", "docx-auto", "tex", "pdf", "pdf-sup"]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Document:
    return extract(manuscript(tmp_path_factory.mktemp("plain"), "txt"))


def test_plain_text_reads_the_manuscript(plain: Document) -> None:
    assert [(ref.number, ref.text) for ref in plain.references] == [
        (n, text) for n, (_, text) in enumerate(REFERENCES, start=1)
    ]
    assert plain.has_body
    assert [c.numbers for c in plain.citations] == [
        part.numbers for parts in PARAGRAPHS for part in parts if isinstance(part, Cite)
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_references(variant: str, tmp_path: Path, plain: Document) -> None:
    document = extract(manuscript(tmp_path, variant))
    assert [(ref.number, ref.text) for ref in document.references] == [
        (ref.number, ref.text) for ref in plain.references
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_same_citation_findings(variant: str, tmp_path: Path) -> None:
    document = extract(manuscript(tmp_path, variant))
    assert document.has_body
    result, summary = findings_of(document)
    assert summary == EXPECTED_FINDINGS
    lines = [finding.line for finding in result.document]
    assert all(isinstance(line, int) and line > 0 for line in lines)


def _cli_parse(path: Path) -> list[dict[str, object]]:
    if importlib.util.find_spec("refcheck.cli") is None:
        pytest.skip("refcheck.cli is not there yet")
    from typer.testing import CliRunner

    from refcheck.cli import app

    result = CliRunner().invoke(app, ["parse", str(path), "--format", "json"])
    if result.exit_code == 2 and "not available" in result.output:
        pytest.skip(f"the {path.suffix} reader is not implemented yet")
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.stdout)["files"]
    return [{"number": ref["number"], "parsed": ref["parsed"]} for ref in file["references"]]


@pytest.mark.parametrize("variant", [v for v in VARIANTS if v != "txt"])
def test_cli_parse_matches_plain_text(variant: str, tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    expected = _cli_parse(manuscript(folder, "txt"))
    assert _cli_parse(manuscript(tmp_path, variant)) == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_cli_check_reports_the_citation_findings(variant: str, tmp_path: Path) -> None:
    """The same findings through the whole pipeline: `refcheck check --offline --no-cache`."""
    if importlib.util.find_spec("refcheck.cli") is None:
        pytest.skip("refcheck.cli is not there yet")
    from typer.testing import CliRunner

    from refcheck.cli import app

    path = manuscript(tmp_path, variant)
    args = ["check", str(path), "--format", "json", "--offline", "--no-cache", "--exit-zero"]
    result = CliRunner().invoke(app, args)
    if result.exit_code == 2 and "not available" in result.output:
        pytest.skip(f"the {path.suffix} reader is not implemented yet")
    assert result.exit_code == 0, result.output
    (file,) = json.loads(result.stdout)["files"]
    keys = {key: str(n) for n, (key, _) in enumerate(REFERENCES, start=1)}
    summary = {
        ("RC402", "9", None)
        if finding["code"] == "RC405"
        else (finding["code"], keys.get(finding["cited"], finding["cited"]), None)
        for finding in file["findings"]
    }
    summary |= {
        (finding["code"], None, reference["number"])
        for reference in file["references"]
        for finding in reference["findings"]
        if finding["code"].startswith("RC4")
    }
    assert summary == EXPECTED_FINDINGS
    assert all(isinstance(finding["line"], int) for finding in file["findings"])
