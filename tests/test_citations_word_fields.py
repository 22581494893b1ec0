"""Reference managers' citation fields in Word (Zotero, Mendeley, EndNote), built here with
python-docx and raw field XML; made-up works throughout."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.extract import extract_document, read_input
from refcheck.extract.word_fields import read_citation_field
from refcheck.models import Document
from refcheck.parse import parse_reference
from refcheck.validate.citations import check_citations

_NAMES = ("Quillfeather", "Brandvold", "Okonkwo", "Lindqvist")
WORKS = [
    {
        "family": _NAMES[n - 1],
        "title": f"A made-up study number {n} of invented things",
        "journal": "J Invented Res",
        "year": 2010 + n,
        "volume": str(n),
        "page": f"{n}0-{n}9",
        "DOI": f"10.5555/invented.{n}",
    }
    for n in range(1, 5)
]


def _printed(work: dict[str, Any]) -> str:
    return (
        f"{work['family']} A, Writer B. {work['title']}. {work['journal']}. "
        f"{work['year']};{work['volume']}:{work['page']}. doi:{work['DOI']}"
    )


def _csl(work: dict[str, Any], **changed: Any) -> dict[str, Any]:
    work = {**work, **changed}
    return {
        "id": work["family"],
        "itemData": {
            "type": "article-journal",
            "title": work["title"],
            "container-title": work["journal"],
            "author": [{"family": work["family"], "given": "Ann"}, {"family": "Writer"}],
            "issued": {"date-parts": [[work["year"]]]},
            "volume": work["volume"],
            "page": work["page"],
            "DOI": work["DOI"],
        },
    }


def zotero(*items: dict[str, Any], marker: str = "ADDIN ZOTERO_ITEM CSL_CITATION") -> str:
    payload = {"citationID": "x1", "citationItems": list(items), "schema": "csl-citation"}
    return f" {marker} {json.dumps(payload)} "


def endnote(*works: dict[str, Any]) -> str:
    cites = "".join(
        f"<Cite><Author>{w['family']}</Author><Year>{w['year']}</Year><record>"
        f"<contributors><authors><author>{w['family']}, Ann</author></authors></contributors>"
        f"<titles><title><style face='normal'>{w['title']}</style></title></titles>"
        f"<volume>{w['volume']}</volume><pages>{w['page']}</pages>"
        f"<dates><year>{w['year']}</year></dates>"
        f"<electronic-resource-num>{w['DOI']}</electronic-resource-num></record></Cite>"
        for w in works
    )
    return f" ADDIN EN.CITE <EndNote>{cites}</EndNote>"


def add_field(paragraph: Any, instruction: str, result: str, *, superscript: bool = False) -> None:
    """A complex field (begin, instruction, separate, result, end) at the paragraph's end."""
    raised = '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>' if superscript else ""
    runs = [
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        f'<w:r><w:instrText xml:space="preserve">{escape(instruction)}</w:instrText></w:r>',
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        f'<w:r>{raised}<w:t xml:space="preserve">{escape(result)}</w:t></w:r>',
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    ]
    for run in runs:
        paragraph._p.append(parse_xml(run.replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))


def add_simple_field(paragraph: Any, instruction: str, result: str) -> None:
    paragraph._p.append(
        parse_xml(
            f'<w:fldSimple {nsdecls("w")} w:instr="{escape(instruction, {chr(34): "&quot;"})}">'
            f"<w:r><w:t>{escape(result)}</w:t></w:r></w:fldSimple>"
        )
    )


def save(word: Any, tmp_path: Path, works: list[dict[str, Any]] = WORKS) -> Document:
    word.add_heading("References", 1)
    for n, work in enumerate(works, 1):
        word.add_paragraph(f"{n}. {_printed(work)}")
    path = tmp_path / "paper.docx"
    word.save(str(path))
    return extract_document(read_input(str(path)))


def codes(document: Document) -> list[tuple[str, int | None]]:
    references = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, references)
    found = [(finding.code, None) for finding in result.document]
    for index in range(len(references)):
        found += [(finding.code, index + 1) for finding in result.for_reference(index)]
    return sorted(found, key=lambda pair: (pair[0], pair[1] or 0))


def findings(document: Document) -> list[Any]:
    references = [parse_reference(raw) for raw in document.references]
    result = check_citations(document, references)
    return [*result.document, *(f for i in range(len(references)) for f in result.for_reference(i))]


# --------------------------------------------------------------------------- reading fields


def test_zotero_fields_are_the_citations_and_say_so(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Earlier work found the effect ")
    add_field(paragraph, zotero(_csl(WORKS[0]), _csl(WORKS[1])), "[1,2]")
    paragraph.add_run(". Later work disagreed ")
    add_field(paragraph, zotero(_csl(WORKS[2])), "[3]")
    paragraph.add_run(" and then agreed ")
    add_field(paragraph, zotero(_csl(WORKS[3])), "[4]")
    paragraph.add_run(".")
    document = save(word, tmp_path)
    assert [(c.numbers, c.from_field) for c in document.citations] == [
        ((1, 2), True),
        ((3,), True),
        ((4,), True),
    ]
    assert document.citations[0].context == (
        "Earlier work found the effect [1,2]. Later work disagreed [3] and then…"
    )
    assert any(
        "3 in-text citations read from Zotero citation fields" in w for w in document.warnings
    )
    assert [item.reference for item in document.cited_items] == [0, 1, 2, 3]
    assert codes(document) == []


def test_a_superscript_field_after_a_digit_or_a_space_counts(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Mortality among children under five ")
    add_field(paragraph, zotero(_csl(WORKS[0]), _csl(WORKS[1])), "1,2", superscript=True)
    paragraph = word.add_paragraph("In Survey 4")
    add_field(paragraph, zotero(_csl(WORKS[2])), "3", superscript=True)
    paragraph = word.add_paragraph("Rates rose by at least 1.2")
    add_field(paragraph, zotero(_csl(WORKS[3])), "4", superscript=True)
    document = save(word, tmp_path)
    assert [c.numbers for c in document.citations] == [(1, 2), (3,), (4,)]
    assert codes(document) == []


def test_mendeley_and_simple_fields(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("As reported ")
    add_field(paragraph, zotero(_csl(WORKS[0]), marker="ADDIN CSL_CITATION"), "(1)")
    paragraph = word.add_paragraph("and confirmed ")
    add_simple_field(paragraph, zotero(_csl(WORKS[1]), marker="ADDIN CSL_CITATION"), "(2)")
    paragraph.add_run(" in two trials [3, 4].")
    document = save(word, tmp_path)
    assert [(c.numbers, c.from_field) for c in document.citations] == [
        ((1,), True),
        ((2,), True),
        ((3, 4), False),
    ]
    assert any("Mendeley citation fields" in w for w in document.warnings)


def test_endnote_fields_give_their_records(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Prior reviews ")
    add_field(paragraph, endnote(WORKS[0], WORKS[1], WORKS[2], WORKS[3]), "[1-4]")
    document = save(word, tmp_path)
    assert [c.numbers for c in document.citations] == [(1, 2, 3, 4)]
    cited = document.cited_items[0]
    item = cited.record
    assert (cited.manager, item.first_author, item.year, item.first_page) == (
        "EndNote",
        "Quillfeather",
        2011,
        "10",
    )
    assert item.title == WORKS[0]["title"] and item.doi == "10.5555/invented.1"
    assert codes(document) == []


def test_author_year_fields_cite_the_entries_they_hold(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Effects were small ")
    add_field(
        paragraph, zotero(_csl(WORKS[1]), _csl(WORKS[0])), "(Brandvold 2012; Quillfeather 2011)"
    )
    paragraph.add_run(" or absent ")
    add_field(paragraph, zotero(_csl(WORKS[2]), _csl(WORKS[3])), "(Okonkwo 2013; Lindqvist 2014)")
    document = save(word, tmp_path)
    assert [c.numbers for c in document.citations] == [(2, 1), (3, 4)]
    assert codes(document) == []  # nothing uncited, no "no citations found" note


def test_a_field_number_with_no_entry_is_an_error_with_its_context(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("All four were cited ")
    add_field(paragraph, zotero(*(_csl(w) for w in WORKS)), "[1-4]")
    paragraph = word.add_paragraph("and a fifth one that was deleted ")
    add_field(paragraph, zotero(_csl(WORKS[0], title="A deleted work")), "[5]")
    paragraph.add_run(" from the list.")
    document = save(word, tmp_path)
    (error,) = [f for f in findings(document) if f.code == "RC402"]
    assert error.line == 2 and error.cited == "5"
    assert ': "and a fifth one that was deleted [5] from the list."' in error.message


def test_numbers_read_from_text_in_a_field_document_are_never_errors(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_paragraph("Ann Quillfeather, Bob Writer: affiliations 7 and [9].")
    paragraph = word.add_paragraph("Work cited through fields ")
    add_field(paragraph, zotero(*(_csl(w) for w in WORKS)), "[1-4]")
    document = save(word, tmp_path)
    assert (9,) in [c.numbers for c in document.citations]  # read, but weak
    assert codes(document) == []


def test_damaged_field_metadata_keeps_the_printed_numbers(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Broken JSON ")
    add_field(paragraph, " ADDIN ZOTERO_ITEM CSL_CITATION {" + "[" * 5000, "[1-3]")
    paragraph = word.add_paragraph("and an EndNote field without its XML ")
    add_field(paragraph, " ADDIN EN.CITE ADDIN EN.CITE.DATA ", "[4]")
    document = save(word, tmp_path)
    assert [c.numbers for c in document.citations] == [(1, 2, 3), (4,)]
    assert document.cited_items == ()
    assert codes(document) == []


def test_read_citation_field_refuses_what_is_not_a_citation() -> None:
    assert read_citation_field(" PAGE ") is None
    assert read_citation_field(" ADDIN ZOTERO_BIBL {} CSL_BIBLIOGRAPHY ") is None
    assert (
        read_citation_field(' ADDIN EN.CITE <!DOCTYPE x [<!ENTITY a "b">]><EndNote/>') is not None
    )
    field = read_citation_field(' ADDIN EN.CITE <!DOCTYPE x [<!ENTITY a "b">]><EndNote/>')
    assert field is not None and field.items == ()


# --------------------------------------------------------------------------- RC408


def test_manager_metadata_that_differs_from_the_printed_reference_is_a_warning(
    tmp_path: Path,
) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Two studies ")
    add_field(paragraph, zotero(_csl(WORKS[0], year=2009), _csl(WORKS[1], volume="77")), "[1,2]")
    paragraph.add_run(" and two more ")
    add_field(
        paragraph,
        zotero(_csl(WORKS[2], title="An entirely different title about other matters")),
        "[3]",
    )
    add_field(paragraph, zotero(_csl(WORKS[3], family="Otherauthor")), "[4]")
    document = save(word, tmp_path)
    found = [f for f in findings(document) if f.code == "RC408"]
    assert sorted((f.cited, f.expected) for f in found) == sorted(
        [
            ("2011", "2009"),
            ("2", "77"),
            (WORKS[2]["title"], "An entirely different title about other matters"),
            ("Lindqvist", "Otherauthor"),
        ]
    )
    assert all(f.severity == "warning" for f in found)
    assert "Zotero holds year '2009' for this work (citation [1,2] on line 1)" in found[0].message


def test_manager_values_printed_somewhere_in_the_reference_are_not_reported(
    tmp_path: Path,
) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Cited once ")
    # Same values, written differently: title case, a subtitle dropped, the DOI upper-case,
    # an en dash in the pages, a name particle.
    add_field(
        paragraph,
        zotero(
            _csl(WORKS[0], title=WORKS[0]["title"].title() + ": a subtitle"),
            _csl(WORKS[1], DOI=WORKS[1]["DOI"].upper(), page="20–29"),
            _csl(WORKS[2], family="van Okonkwo"),
            _csl(WORKS[3]),
        ),
        "[1-4]",
    )
    document = save(word, tmp_path)
    assert [f for f in findings(document) if f.code == "RC408"] == []


# --------------------------------------------------------------------------- fuzzing

_MARKERS = st.sampled_from(
    [" ADDIN ZOTERO_ITEM CSL_CITATION ", " ADDIN CSL_CITATION ", " ADDIN EN.CITE ", " PAGE "]
)


@given(marker=_MARKERS, tail=st.text(max_size=300))
@settings(max_examples=200, deadline=None)
def test_any_field_instruction_is_read_or_ignored(marker: str, tail: str) -> None:
    field = read_citation_field(marker + tail)
    assert (field is None) == (marker == " PAGE ")


_EVENTS = st.lists(
    st.sampled_from(["begin", "separate", "end", "zotero", "text", "digits"]), max_size=20
)


@given(events=_EVENTS)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_unbalanced_fields_never_break_reading(tmp_path: Path, events: list[str]) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Body text ")
    runs = {
        "begin": '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
        "separate": '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
        "end": '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        "zotero": f"<w:r><w:instrText>{escape(zotero(_csl(WORKS[0])))}</w:instrText></w:r>",
        "text": "<w:r><w:t>words</w:t></w:r>",
        "digits": "<w:r><w:t>[1]</w:t></w:r>",
    }
    for event in events:
        paragraph._p.append(parse_xml(runs[event].replace("<w:r>", f"<w:r {nsdecls('w')}>", 1)))
    document = save(word, tmp_path)
    assert len(document.references) == len(WORKS)
    assert all(n in range(1, 5) for c in document.citations for n in c.numbers)


def test_a_field_in_a_table_cell_cites_and_ieee_brackets_are_read(tmp_path: Path) -> None:
    word = docx.Document()
    paragraph = word.add_paragraph("Two trials ")
    add_field(paragraph, zotero(_csl(WORKS[0]), _csl(WORKS[1])), "[1], [2]")
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Median [IQR]"
    table.cell(0, 1).text = "40 [25, 57]"
    table.cell(1, 0).text = "Source "
    add_field(table.cell(1, 0).paragraphs[0], zotero(_csl(WORKS[2]), _csl(WORKS[3])), "[3,4]")
    document = save(word, tmp_path)
    assert [(c.numbers, c.from_field) for c in document.citations] == [
        ((1, 2), True),
        ((3, 4), True),
    ]
    assert codes(document) == []


def test_thousands_of_unclosed_fields_are_read_in_linear_time(tmp_path: Path) -> None:
    # Each text run looked through every open field: 150,000 of them ran past two minutes.
    word = docx.Document()
    paragraph = word.add_paragraph("Start ")
    begin = f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
    for _ in range(20_000):
        paragraph._p.append(parse_xml(begin))
    for _ in range(2_000):
        paragraph.add_run("words ")
    document = save(word, tmp_path)
    assert len(document.references) == len(WORKS)


def test_matching_stops_at_its_comparison_budget(monkeypatch: Any) -> None:
    from refcheck.extract import cited_items
    from refcheck.extract.word_fields import CitationField, FieldCitation
    from refcheck.models import ManagerRecord, RawReference

    monkeypatch.setattr(cited_items, "_MAX_COMPARISONS", 5)
    references = tuple(
        RawReference(number=None, text=_printed(work), line=n) for n, work in enumerate(WORKS)
    )
    items = [
        ManagerRecord(title=w["title"], first_author=w["family"], year=w["year"]) for w in WORKS
    ]
    fields = [
        FieldCitation(line=1, field=CitationField("Zotero", (item,)), printed="(x)", numbers=())
        for item in items
    ]
    document = Document(path="x", references=references, has_body=True)
    matched = cited_items.add_field_citations(document, fields).cited_items
    assert 0 < len(matched) < len(items)  # the first works matched, then no more comparisons
