"""Plain-text and Markdown extraction: headings, numbering styles, PDF artefacts, line numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.extract import InputSource, extract_document
from refcheck.extract.text import (
    extract_text_document,
    join_lines,
    split_lines,
    split_references,
)
from refcheck.models import Document

REF_A = (
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206."
)
REF_B = "Col NF, Ngo L, Fortin JM. Decision making and menopause. Lancet. 2006;368:1021-30."
REF_C = (
    "Liao HT, Chen CH, Tsai CY. Clinical characteristics of pulmonary hypertension. "
    "J Rheumatol. 2019;46(4):412-8."
)


def doc(text: str, suffix: str = ".txt") -> Document:
    return extract_document(InputSource(path="paper" + suffix, data=text.encode(), suffix=suffix))


def texts(document: Document) -> list[str]:
    return [ref.text for ref in document.references]


def numbers(document: Document) -> list[int | None]:
    return [ref.number for ref in document.references]


# --------------------------------------------------------------------------- headings

HEADINGS = [
    "References",
    "REFERENCES",
    "References:",
    "# References",
    "## References",
    "### 7. References",
    "**References**",
    "__REFERENCES:__",
    "Reference list",
    "Bibliography",
    "Literature Cited",
    "Works Cited",
    "Cited Literature",
    "Referencias",
    "Referencias bibliográficas",
    "Bibliografía",
    "Références",
    "Bibliographie",
    "Literatur",
    "Literaturverzeichnis",
    "Referências",
    "REFERÊNCIAS BIBLIOGRÁFICAS",
    "Riferimenti bibliografici",
    "Bibliografia",
    "Literatuur",
    "Piśmiennictwo",
    "Kaynaklar",
    "Kaynakça",
    "Литература",
    "参考文献",
    "R E F E R E N C E S",
    "R EFERENCES",
    "B IBLIOGRAPHY",
    "VII. REFERENCES",
]


@pytest.mark.parametrize("heading", HEADINGS)
def test_reference_heading_in_any_form_and_language(heading: str) -> None:
    text = f"Title\n\nBody text cites [1] and [2].\n\n{heading}\n\n1. {REF_A}\n2. {REF_B}\n"
    document = doc(text, ".md")
    assert texts(document) == [REF_A, REF_B]
    assert document.has_body
    assert [ref.line for ref in document.references] == [7, 8]


def test_body_heading_words_inside_sentences_are_not_headings() -> None:
    text = f"The references below were checked.\nReferences are listed.\n\nReferences\n1. {REF_A}\n"
    assert texts(doc(text)) == [REF_A]


def test_section_ends_at_appendix_tables_and_figure_legends() -> None:
    for closing in ("Appendix", "## Tables", "Table 1 Baseline characteristics", "Figure legends"):
        text = f"Body.\n\nReferences\n\n1. {REF_A}\n2. {REF_B}\n\n{closing}\n\nSome other text.\n"
        document = doc(text, ".md")
        assert texts(document) == [REF_A, REF_B], closing


def test_last_heading_wins_over_table_of_contents() -> None:
    text = f"Contents\nReferences\n\nBody text.\n\nReferences\n\n[1] {REF_A}\n[2] {REF_B}\n"
    document = doc(text)
    assert texts(document) == [REF_A, REF_B]
    assert document.references[0].line == 8


def test_a_file_that_is_only_a_list_is_a_list() -> None:
    document = doc(f"1. {REF_A}\n\n2. {REF_B}\n\n3. {REF_C}\n")
    assert texts(document) == [REF_A, REF_B, REF_C]
    assert numbers(document) == [1, 2, 3]
    assert [ref.line for ref in document.references] == [1, 3, 5]
    assert not document.has_body
    assert document.citations == ()


# --------------------------------------------------------------------------- numbering

STYLES = [
    ("{n}. {t}", [1, 2, 3]),
    ("{n}) {t}", [1, 2, 3]),
    ("[{n}] {t}", [1, 2, 3]),
    ("({n}) {t}", [1, 2, 3]),
    ("- {n}. {t}", [1, 2, 3]),
    ("* [{n}] {t}", [1, 2, 3]),
    ("{n} {t}", [1, 2, 3]),
    ("{n}.\t{t}", [1, 2, 3]),
    ("<sup>{n}</sup> {t}", [1, 2, 3]),
    ("**{n}.** {t}", [1, 2, 3]),
    ("{n}\\. {t}", [1, 2, 3]),
]


@pytest.mark.parametrize(("pattern", "expected"), STYLES)
def test_numbering_styles(pattern: str, expected: list[int]) -> None:
    lines = [
        pattern.format(n=n, t=t) for n, t in zip((1, 2, 3), (REF_A, REF_B, REF_C), strict=True)
    ]
    document = doc("References\n" + "\n".join(lines) + "\n", ".md")
    assert texts(document) == [REF_A, REF_B, REF_C]
    assert numbers(document) == expected


def test_superscript_digit_numbers() -> None:
    document = doc(f"References\n¹ {REF_A}\n² {REF_B}\n³ {REF_C}\n")
    assert numbers(document) == [1, 2, 3]


def test_unnumbered_paragraphs_one_reference_each() -> None:
    wrapped_a = REF_A.replace("autoimmune ", "autoimmune\n")
    document = doc(f"References\n\n{wrapped_a}\n\n{REF_B}\n\n{REF_C}\n")
    assert texts(document) == [REF_A, REF_B, REF_C]
    assert numbers(document) == [None, None, None]
    assert [ref.line for ref in document.references] == [3, 6, 8]


def test_unnumbered_one_per_line_when_each_line_is_whole() -> None:
    document = doc(f"Bibliography\n{REF_A}\n{REF_B}\n{REF_C}\n")
    assert texts(document) == [REF_A, REF_B, REF_C]
    assert [ref.line for ref in document.references] == [2, 3, 4]


def test_markdown_bullets_and_emphasis() -> None:
    text = (
        "## References\n\n- Smith J, Jones K. *A title with* **emphasis**. "
        "Lancet. 2020;1:1-2.\n- Doe J. Another title. BMJ. 2019;3:4-5. "
        "[doi:10.1136/bmj.1](https://doi.org/10.1136/bmj.1)\n"
    )
    assert texts(doc(text, ".md")) == [
        "Smith J, Jones K. A title with emphasis. Lancet. 2020;1:1-2.",
        "Doe J. Another title. BMJ. 2019;3:4-5. doi:10.1136/bmj.1",
    ]


def test_numbers_with_wrapped_continuations_starting_with_digits() -> None:
    text = (
        "References\n1. Smith J. A title about things. Lancet.\n2019;12:1-5.\n"
        "2. Doe J. Other title. BMJ.\n2020 Jan;3:4-5.\n"
    )
    document = doc(text)
    assert texts(document) == [
        "Smith J. A title about things. Lancet. 2019;12:1-5.",
        "Doe J. Other title. BMJ. 2020 Jan;3:4-5.",
    ]


# --------------------------------------------------------------------------- PDF artefacts


def test_joins_hyphenation_but_keeps_real_hyphens() -> None:
    assert join_lines(["in immuno-", "logy today"]) == "in immunology today"
    assert join_lines(["Nestal-", "Zibo C"]) == "Nestal-Zibo C"
    assert join_lines(["COVID-", "19 patients"]) == "COVID-19 patients"
    assert join_lines(["pages 195–", "206"]) == "pages 195–206"
    assert (
        join_lines(["https://doi.org/10.1016/j.abc-", "def"]) == "https://doi.org/10.1016/j.abc-def"
    )
    assert join_lines(["Available at https://who.int/docs/", "item.pdf"]) == (
        "Available at https://who.int/docs/item.pdf"
    )


PDF_TEXT = """\
J Clin Med 2020, 9, 1234 2 of 12
Discussion text cites [1,2].
References
1. Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoim-
mune connective tissue diseases. Dermatol Ther.
2012;25(2):195-206.
2. Col NF, Ngo L, Fortin JM. Decision making and meno-
pause. Lancet. 2006;368:1021-30.
J Clin Med 2020, 9, 1234 3 of 12
Page 3 of 12
3. Nestal-
Zibo C, Roe P. COVID-
19 in adults. BMJ. 2021;372:n1.
*Correspondence: jane.doe@example.org
4. Liao HT, Chen CH, Tsai CY. Clinical characteristics of pulmonary hypertension.
J Rheumatol. 2019;46(4):412-8.
12
5. Roe P. Another thing. JAMA. 2018;
J Clin Med 2020, 9, 1234 4 of 12
319:1-2.
"""


def test_pdf_text_artefacts() -> None:
    document = doc(PDF_TEXT)
    assert texts(document) == [
        REF_A,
        REF_B,
        "Nestal-Zibo C, Roe P. COVID-19 in adults. BMJ. 2021;372:n1.",
        REF_C,
        "Roe P. Another thing. JAMA. 2018; 319:1-2.",
    ]
    assert numbers(document) == [1, 2, 3, 4, 5]
    assert [ref.line for ref in document.references] == [4, 7, 11, 15, 18]


def test_lost_number_between_paragraphs_is_filled_in() -> None:
    text = f"References\n\n9. {REF_A}\n\n{REF_B}\n\n11. {REF_C}\n"
    document = doc(text)
    assert numbers(document) == [9, 10, 11]
    assert texts(document) == [REF_A, REF_B, REF_C]


def test_lost_number_at_the_end() -> None:
    document = doc(f"References\n\n8. {REF_A}\n\n9. {REF_C}\n\n{REF_B}\n")
    assert numbers(document) == [8, 9, 10]
    assert texts(document)[-1] == REF_B


def test_lost_number_inside_wrapped_lines() -> None:
    text = (
        "References\n9. Smith J. A title about things. Lancet.\n2019;12:1-5.\n"
        "Doe J, Roe P. Other title. BMJ.\n2020;3:4-5.\n11. Roe P. Third. JAMA. 2018;1:2.\n"
    )
    document = doc(text)
    assert numbers(document) == [9, 10, 11]
    assert texts(document)[1] == "Doe J, Roe P. Other title. BMJ. 2020;3:4-5."
    assert document.references[1].line == 4


def test_continuation_paragraph_is_not_a_lost_number() -> None:
    text = f"References\n\n1. {REF_A}\n\nSee also the companion paper.\n\n2. {REF_B}\n"
    document = doc(text)
    assert numbers(document) == [1, 2]
    assert texts(document)[0] == REF_A + " See also the companion paper."


def test_unnumbered_pdf_block_splits_at_author_starts() -> None:
    section = split_lines(
        "Smith J, Jones K. A title that wraps\nover two lines. Lancet. 2020;1:1-2.\n"
        "Doe J. Other title that also wraps over\nlines. BMJ. 2019;3:4-5.\n"
    )
    refs = split_references(section)
    assert [ref.text for ref in refs] == [
        "Smith J, Jones K. A title that wraps over two lines. Lancet. 2020;1:1-2.",
        "Doe J. Other title that also wraps over lines. BMJ. 2019;3:4-5.",
    ]
    assert [ref.line for ref in refs] == [1, 3]


# --------------------------------------------------------------------------- encodings


def test_windows_line_endings_keep_line_numbers() -> None:
    document = doc(f"Body\r\n\r\nReferences\r\n1. {REF_A}\r\n2. {REF_B}\r\n")
    assert [ref.line for ref in document.references] == [4, 5]


def test_cp1252_text_decodes_with_warning() -> None:
    reference = "Müller K, Núñez J. Título – ensayo. Rev Esp. 2019;1:2-3."
    data = f"References\n1. {reference}\n".encode("cp1252")
    document = extract_document(InputSource(path="x.txt", data=data, suffix=".txt"))
    assert document.references[0].text == reference
    assert any("UTF-8" in warning for warning in document.warnings)


def test_utf8_bom_and_utf16() -> None:
    text = f"References\n1. {REF_A}\n"
    for data in (b"\xef\xbb\xbf" + text.encode(), text.encode("utf-16")):
        document = extract_document(InputSource(path="x.txt", data=data, suffix=".txt"))
        assert texts(document) == [REF_A]
        assert document.warnings == ()


def test_no_references_is_a_warning_not_an_error() -> None:
    document = doc("Just a note without any references at all\n")
    assert document.references == ()
    assert document.warnings == ("paper.txt: no references found",)


def test_shared_example_files_parse(tmp_path: Path) -> None:
    examples = Path(__file__).parents[1] / "examples"
    if not examples.is_dir():
        pytest.skip("no examples folder")
    for path in sorted(examples.glob("*.md")) + sorted(examples.glob("*.txt")):
        if path.name == "README.md":
            continue  # the folder's description, not a manuscript
        document = extract_document(InputSource(str(path), path.read_bytes(), path.suffix))
        assert document.references, path


def test_markdown_footnote_references() -> None:
    document = doc(f"Text.[^1]\n\n[^1]: {REF_A}\n[^2]: {REF_B}\n", ".md")
    assert texts(document) == [REF_A, REF_B]
    assert numbers(document) == [1, 2]


def test_no_heading_numbered_list_after_prose_has_a_body() -> None:
    prose = (
        "Calcinosis is common in connective tissue disease [1].\n"
        "Our aims were:\n1. to count cases;\n2. to describe them.\n"
        "Menopause changes decisions [2], as reported before by many groups.\n\n"
    )
    document = doc(prose + f"1. {REF_A}\n2. {REF_B}\n")
    assert texts(document) == [REF_A, REF_B]
    assert [ref.line for ref in document.references] == [7, 8]
    assert document.has_body
    assert [c.numbers for c in document.citations] == [(1,), (2,)]


def test_no_heading_short_title_is_not_a_body() -> None:
    document = doc(f"My reference list\n\n1. {REF_A}\n2. {REF_B}\n")
    assert texts(document) == [REF_A, REF_B]
    assert not document.has_body


@pytest.mark.parametrize(
    "text",
    [
        "immuno-\n" * 20000,  # one token glued over every line
        "word\n" * 20000,  # one long unnumbered block
        "References\n\n1. Smith J. T. Lancet. 2019;1:1.\n\n" + "Long paragraph, 2019.\n\n" * 5000,
    ],
)
def test_large_inputs_are_read(text: str) -> None:
    # Their time against size is measured by benchmarks/input_scaling.py (once quadratic:
    # about 30 s here); the test checks only that they are read whole, without error.
    document = doc(text)
    assert sum(len(r.text) for r in document.references) <= len(text)


def test_reference_lines_that_look_like_footnote_words_are_kept() -> None:
    text = (
        "References\n1. Smith J. Genotype and phenotype\nCorrespondence between twins. Lancet."
        "\n2019;1:1-2.\n2. Doe J. Trial. BMJ. 2020;3:4-5. Epub 2020 Jan 2.\n"
        "Published online 2020 Jan 3.\n"
    )
    assert texts(doc(text)) == [
        "Smith J. Genotype and phenotype Correspondence between twins. Lancet. 2019;1:1-2.",
        "Doe J. Trial. BMJ. 2020;3:4-5. Epub 2020 Jan 2. Published online 2020 Jan 3.",
    ]


def test_markdown_entities_and_pandoc_bibliography() -> None:
    document = doc("References\n\n1. Smith J &amp; Doe K. Title. BMJ. 2019;1:1&ndash;2.\n", ".md")
    assert texts(document) == ["Smith J & Doe K. Title. BMJ. 2019;1:1–2."]
    pandoc = doc("---\ntitle: x\nbibliography: refs.bib\n---\n\nText [@smith2019].\n", ".md")
    assert pandoc.references == ()
    assert any("refs.bib" in warning for warning in pandoc.warnings)


def test_a_number_that_lost_its_full_stop_opens_the_next_reference() -> None:
    text = (
        "References\n"
        "39. Ishida Y, Leal WS: Fatty acid solubilizer. PLoS One. 2013; 8(1): e51779.\n"
        "PubMed Abstract | Publisher Full Text\n"
        "40 Spinelli S, Lagarde A: Crystal structure of OBP14. Insect Biochem Mol Biol.\n"
        "2012; 42(1): 41-50.\n"
        "41. Cai J, Lucke C: Solution structure. Biophys J. 2012; 102(11): 2585-94.\n"
    )
    document = extract_text_document("x.txt", text)
    assert [ref.number for ref in document.references] == [39, 40, 41]
    assert document.references[1].text.startswith("Spinelli S, Lagarde A: Crystal")
    assert document.references[1].text.endswith("2012; 42(1): 41-50.")


def test_a_bare_number_out_of_sequence_in_a_numbered_list_is_text() -> None:
    text = (
        "References\n"
        "1. Roe P, Doe J. A title about the thing. JAMA. 2018;319:1-2.\n"
        "2. Col NF, Ngo L. Decision making and the menopause in the\n"
        "17 Smith AB, cohort. Lancet. 2006;368:1021-30.\n"
    )
    document = extract_text_document("x.txt", text)
    assert [ref.number for ref in document.references] == [1, 2]
    assert "17 Smith AB, cohort" in document.references[1].text


def test_open_peer_review_after_the_list_is_not_a_reference() -> None:
    text = (
        "References\n"
        "1. Roe P, Doe J. A title about the thing. JAMA. 2018;319:1-2.\n"
        "2. Col NF, Ngo L. Decision making. Lancet. 2006;368:1021-30.\n"
        "\n"
        "Version 2\n"
        "\n"
        "Referee Report 22 January 2015\n"
        "\n"
        "Walter Leal, University of California, Davis, USA\n"
        "I have read this submission. I believe that I have an appropriate level of expertise.\n"
    )
    document = extract_text_document("x.txt", text)
    assert [ref.number for ref in document.references] == [1, 2]
    assert "Referee" not in document.references[-1].text


@pytest.mark.parametrize(
    ("parts", "joined"),
    [
        (["Zoo Biol. 24, 393–398. (doi:10.1002/zoo.", "20056)"], "(doi:10.1002/zoo.20056)"),
        (["Acta 1533, 1–28. (doi:10.1016/s1388-1981(01)00", "130-5)"], "(01)00130-5)"),
        (["Sci. 88, 1–9. (doi:10.3168/jds.S0022-0302", "(05)73024-1)"], "0302(05)73024-1)"),
        (["Sci. 88, 1–9. (doi:10.3168/jds.S0022)", "Next line"], "(doi:10.3168/jds.S0022) Next"),
    ],
)
def test_a_bracketed_doi_broken_at_the_line_end_is_one_doi(parts: list[str], joined: str) -> None:
    assert joined in join_lines(parts)
