"""PDF input: reading order of two columns, running headers, hyphenation, bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from refcheck.errors import InputError
from refcheck.extract import InputSource, extract_document, read_input
from refcheck.models import Document

REF_1 = "Gutierrez A Jr, Wetter DA. Calcinosis cutis. Dermatol Ther. 2012;25(2):195-206."
REF_2 = "Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet. 2006;368:1021-30."
REF_3 = "Nestal-Zibo C, Roe P. COVID-19 in immunology clinics. BMJ. 2021;372:n1."
REF_4 = "Liao HT, Chen CH, Tsai CY. Pulmonary hypertension. J Rheumatol. 2019;46(4):412-8."
REF_5 = "Roe P, Doe J. Another thing entirely. JAMA. 2018;319:1-2."


def two_column_pdf(path: Path) -> None:
    """Two pages, two columns each, with a running header and a page footer; the reference
    list starts at the bottom of page 1's right column and goes on to page 2."""
    left_1 = [
        "Introduction",
        "Calcinosis cutis is common in connective",
        "tissue disease [1] and menopause changes",
        "many decisions [2]. Pulmonary disease is",
        "frequent [3,4].",
        "Methods",
        "We read every record twice and kept the",
        "ones that both readers agreed on.",
    ]
    right_1 = [
        "Results were consistent across sites and",
        "years of follow-up.",
        "References",
        "1. Gutierrez A Jr, Wetter DA. Calcinosis",
        "cutis. Dermatol Ther. 2012;25(2):195-206.",
        "2. Col NF, Ngo L, Fortin JM. Decision mak-",
        "ing and menopause. Lancet. 2006;368:1021-",
        "30.",
    ]
    left_2 = [
        "3. Nestal-",
        "Zibo C, Roe P. COVID-",
        "19 in immuno-",
        "logy clinics. BMJ. 2021;372:n1.",
        "4. Liao HT, Chen CH, Tsai CY. Pulmonary",
        "hypertension. J Rheumatol. 2019;46(4):412-8.",
    ]
    right_2 = [
        "5. Roe P, Doe J. Another thing entirely.",
        "JAMA. 2018;319:1-2.",
        "Appendix",
        "Table 1 lists the sites; 2019 data.",
    ]
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for page, (left, right) in enumerate(((left_1, right_1), (left_2, right_2)), 1):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        pdf.text(15, 10, "J Clin Med 2020, 9, 1234")
        pdf.text(160, 10, "Running title here")
        pdf.text(95, 287, f"Page {page} of 2")
        pdf.set_font("Helvetica", size=9)
        for column_x, lines in ((15, left), (110, right)):
            y = 30.0
            for line in lines:
                pdf.text(column_x, y, line)
                y += 5
    pdf.output(str(path))


def test_two_column_pdf_reads_in_order(tmp_path: Path) -> None:
    path = tmp_path / "paper.pdf"
    two_column_pdf(path)
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_1, REF_2, REF_3, REF_4, REF_5]
    assert [ref.number for ref in document.references] == [1, 2, 3, 4, 5]
    assert document.has_body
    cited = sorted({number for citation in document.citations for number in citation.numbers})
    assert cited == [1, 2, 3, 4]
    lines = [ref.line for ref in document.references]
    assert lines == sorted(lines) and len(set(lines)) == 5


def test_single_column_pdf_with_footnote_between_references(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    lines = [
        "Body text that cites [1].",
        "REFERENCES",
        "1. Gutierrez A Jr, Wetter DA. Calcinosis cutis. Dermatol Ther.",
        "2012;25(2):195-206.",
        "*Corresponding author: jane.doe@example.org",
        "2. Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet.",
        "2006;368:1021-30.",
    ]
    for index, line in enumerate(lines):
        pdf.text(20, 30 + 6 * index, line)
    path = tmp_path / "one.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_1, REF_2]
    assert [ref.line for ref in document.references] == [3, 6]


def test_encrypted_pdf_is_an_input_error(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 20, "References")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(InputError, match="encrypted"):
        extract_document(read_input(str(path)))


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj garbage endobj\ntrailer <<>>\n%%EOF",
        b"%PDF-1.4\n" + bytes(range(256)) * 20,
        b"not a pdf at all",
    ],
)
def test_corrupt_pdf_is_an_input_error(data: bytes) -> None:
    with pytest.raises(InputError):
        extract_document(InputSource(path="bad.pdf", data=data, suffix=".pdf"))


def test_scanned_pdf_without_text_warns(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    document: Document = extract_document(read_input(str(path)))
    assert document.references == ()
    assert any("no text layer" in warning for warning in document.warnings)


SHARED = Path(__file__).parents[1] / ".." / "shared" / "bench" / "data" / "parse-dev.jsonl"


@pytest.mark.parametrize("numbered", [True, False])
def test_real_references_in_a_typeset_two_column_list(tmp_path: Path, numbered: bool) -> None:
    """Printed references from the benchmark, wrapped by fpdf2 into two columns over pages
    with a running header and page numbers, read back whole and in order."""
    import json

    if not SHARED.is_file():
        pytest.skip("shared benchmark data absent")
    rows = [json.loads(line) for line in SHARED.read_text(encoding="utf-8").splitlines()[:400]]
    refs = []
    for row in rows:
        text = " ".join(row["text"].split())
        if text.isascii() and "?" not in text and len(text) < 260:
            refs.append(text)
    refs = refs[:60]
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    columns, y, column, page = [15, 110], 30.0, 0, 0

    def new_page() -> None:
        nonlocal page
        page += 1
        pdf.add_page()
        pdf.set_font("Helvetica", size=7)
        pdf.text(15, 8, "Journal of Things 2021; 12: 345-367")
        pdf.text(100, 290, str(page))
        pdf.set_font("Helvetica", size=8)

    new_page()
    pdf.text(15, 22, "References")
    for index, reference in enumerate(refs, 1):
        printed = f"{index}. {reference}" if numbered else reference
        for line in pdf.multi_cell(85, 4, printed, dry_run=True, output="LINES"):
            if y > 280:
                column, y = column + 1, 20.0
                if column == len(columns):
                    new_page()
                    column = 0
            pdf.text(columns[column], y, line)
            y += 4
        if not numbered:
            y += 2
    path = tmp_path / "list.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    got = [ref.text for ref in document.references]
    assert len(got) == len(refs)
    right = sum(1 for mine, expected in zip(got, refs, strict=True) if mine == expected)
    assert right >= len(refs) - 2  # a long token broken without a hyphen may stay split
    if numbered:
        assert [ref.number for ref in document.references] == list(range(1, len(refs) + 1))


def test_pdf_encrypted_with_an_empty_user_password_opens(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 20, "References")
    pdf.text(20, 26, "1. " + REF_1)
    path = tmp_path / "open.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_1]


def test_superscript_citations_in_the_body(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 30, "Calcinosis is common")
    pdf.set_font("Helvetica", size=6)
    pdf.text(20 + pdf.get_string_width("Calcinosis is common") * 10 / 6 + 0.3, 28.5, "1,2")
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 36, "and menopause matters too")
    pdf.set_font("Helvetica", size=6)
    pdf.text(20 + pdf.get_string_width("and menopause matters too") * 10 / 6 + 0.3, 34.5, "3")
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 42, "in 2019 and 12 cases.")
    pdf.text(20, 50, "References")
    for index, reference in enumerate((REF_1, REF_2, REF_4), 1):
        pdf.text(20, 56 + 6 * index, f"{index}. {reference}")
    path = tmp_path / "sup.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [REF_1, REF_2, REF_4]
    assert [(citation.line, citation.numbers) for citation in document.citations] == [
        (1, (1, 2)),
        (2, (3,)),
    ]


# --------------------------------------------------------------------------- glyph geometry


def _glyphs(text: str, left: float = 10.0, baseline: float = 100.0, gap: float = 0.0) -> list:
    """Glyphs of a word set at 8 pt: each letter 4 pt wide, ``gap`` between letters."""
    from refcheck.extract.pdf import Glyph

    glyphs = []
    x = left
    for char in text:
        glyphs.append(Glyph(char, x, x + 4.0, baseline - 2.0, baseline + 6.0, baseline))
        x += 4.0 + gap
    return glyphs


def _line_text(glyphs: list) -> str:
    from refcheck.extract.pdf import _attach_accents, _glyph_lines, _line_of

    return " | ".join(_line_of(line).text for line in _glyph_lines(_attach_accents(glyphs)))


def test_a_narrow_gap_where_the_font_changes_is_a_word_space() -> None:
    # Royal Society: "Neoplasia" in italics, then the volume 1.2 pt (0.15 of the line) away.
    journal = _glyphs("Neoplasia")
    volume = _glyphs("7,", left=journal[-1].right + 1.2)
    assert _line_text(journal + volume) == "Neoplasia 7,"


def test_letters_of_a_ligature_share_its_box_and_stay_on_the_line() -> None:
    from refcheck.extract.pdf import Glyph

    before = _glyphs("and")
    x = before[-1].right + 2.0
    # Hindawi's "Th": two characters with the one box of the ligature glyph.
    ligature = [Glyph(char, x, x + 9.6, 98.0, 106.0, 100.0) for char in "Th"]
    after = _glyphs("e", left=x + 9.6)
    assert _line_text(before + ligature + after) == "and The"


def test_an_accent_drawn_after_its_line_joins_its_letter() -> None:
    from refcheck.extract.pdf import Glyph

    word = _glyphs("Ogul")
    # The diaeresis comes at the end of the drawing order, over the "O" (raised a little).
    accent = Glyph("¨", 10.5, 13.5, 99.5, 107.5, 101.5)
    assert _line_text([*word, Glyph(" ", 26, 26, 98, 106, 100, space=True), accent]) == "Ögul"


def test_a_dotless_i_with_an_acute_is_i_acute() -> None:
    from refcheck.extract.pdf import Glyph

    word = _glyphs("Rodrıguez")
    accent = Glyph("´", word[4].left, word[4].right, 98.0, 106.0, 100.0)
    assert _line_text([*word[:4], accent, *word[4:]]) == "Rodríguez"


def test_a_stray_accent_with_no_letter_under_it_stays() -> None:
    from refcheck.extract.pdf import Glyph

    word = _glyphs("abc")
    accent = Glyph("¨", 80.0, 83.0, 98.0, 106.0, 100.0)
    assert "¨" in _line_text([*word, accent])


@pytest.mark.parametrize(
    ("text", "unmapped"),
    [
        ("ÊÍ»¾·Ì»·Ä ·ÆÆÈÅÆÈ¿", True),
        ("ºÅ¿ƓʸʷƔʼʹʼʽƭ¼ʸʷʷʷÈ»É»·È¹¾", True),
        ("ʸ", False),  # too short to judge
        ("Příliš žluťoučký kůň úpěl ďábelské ódy", False),
        ("Gülmezoglu AM, Simões E. Åström Ø. Ça va. 2010;3:1-2.", False),
        ("Smith AB. Title. Lancet. 2007;370:511-20.", False),
    ],
)
def test_text_in_a_font_without_unicode_map_is_recognised(text: str, unmapped: bool) -> None:
    from refcheck.extract.pdf import _unmapped_font

    assert _unmapped_font(text) is unmapped
