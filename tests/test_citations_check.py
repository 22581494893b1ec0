"""check_citations: uncited references, missing numbers, order, duplicates, numbering."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract.citations import find_citations
from refcheck.models import (
    Citation,
    Document,
    FindingField,
    Pages,
    ParsedReference,
    RawReference,
    Reference,
    Severity,
)
from refcheck.parse import parse_reference
from refcheck.validate.citations import CITATION_CODES, CitationFindings, check_citations

DOCS = Path(__file__).parents[1] / "docs" / "findings"

TEXTS = [
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206.",
    "Liao HT, Chen CH, Tsai CY. Management of calcinosis cutis. J Rheumatol. 2015;42(4):611-7.",
    "Valenzuela A, Chung L. Calcinosis: pathophysiology and management. Curr Opin Rheumatol. "
    "2015;27(6):542-8.",
    "Reiter N, El-Shabrawi L, Leinweber B, Berghold A, Aberer E. Calcinosis cutis: part I. "
    "Diagnostic pathway. J Am Acad Dermatol. 2011;65(1):1-12.",
    "Reiter N, El-Shabrawi L, Leinweber B, Berghold A, Aberer E. Calcinosis cutis: part II. "
    "Treatment options. J Am Acad Dermatol. 2011;65(1):15-22.",
    "Balin SJ, Wetter DA, Andersen LK, Davis MD. Calcinosis cutis occurring in association "
    "with autoimmune connective tissue disease. Arch Dermatol. 2012;148(4):455-62.",
]


def parsed(
    number: int | None,
    text: str,
    *,
    line: int | None = None,
    key: str | None = None,
    doi: str | None = None,
    year: int | None = None,
    volume: str | None = None,
    first_page: str | None = None,
    title: str | None = None,
    fields: dict[str, str] | None = None,
) -> ParsedReference:
    raw = RawReference(number=number, text=text, line=line, key=key, fields=fields)
    reference = Reference(
        title=title,
        doi=doi,
        year=year,
        volume=volume,
        pages=Pages(first_page) if first_page else None,
    )
    return ParsedReference(raw=raw, reference=reference)


def numbered_list(count: int = 6) -> list[ParsedReference]:
    return [parsed(n, TEXTS[n - 1], line=40 + n) for n in range(1, count + 1)]


def document(citations: tuple[Citation, ...], *, has_body: bool = True) -> Document:
    return Document(path="paper.md", references=(), citations=citations, has_body=has_body)


def body(*lines: str) -> tuple[Citation, ...]:
    return find_citations(enumerate(lines, start=1))


def codes(result: CitationFindings) -> list[str]:
    return [finding.code for finding in result.document] + [
        finding.code for findings in result.by_reference.values() for finding in findings
    ]


# --------------------------------------------------------------------------- all well


def test_clean_manuscript_has_no_findings() -> None:
    citations = body("Calcinosis is common [1,2].", "It is treated [3–5].", "Rarely [6] [1].")
    result = check_citations(document(citations), numbered_list())
    assert result == CitationFindings()
    assert result.for_reference(0) == ()


def test_every_finding_has_field_citation_and_a_line() -> None:
    refs = numbered_list()
    refs.append(parsed(7, TEXTS[0], line=47))  # a duplicate of 1, and never cited
    citations = body("First [1].", "Then [3] and [2].", "And [9].")
    result = check_citations(document(citations), refs)
    findings = list(result.document) + [f for fs in result.by_reference.values() for f in fs]
    assert findings
    for finding in findings:
        assert finding.field is FindingField.CITATION
        assert finding.line is not None
        assert finding.code.startswith("RC4")


# --------------------------------------------------------------------------- RC401


def test_uncited_reference_is_reported_per_reference() -> None:
    citations = body("Calcinosis is common [1,2].", "It is treated [3, 5].", "Rarely [6].")
    result = check_citations(document(citations), numbered_list())
    assert result.document == ()
    assert list(result.by_reference) == [3]
    (finding,) = result.for_reference(3)
    assert finding.code == "RC401"
    assert finding.severity is Severity.WARNING
    assert finding.line == 44
    assert "Reference 4 is never cited" in finding.message


def test_bare_list_gets_no_body_findings() -> None:
    result = check_citations(document((), has_body=False), numbered_list())
    assert result == CitationFindings()


def test_body_without_numbered_citations_gets_one_note_not_a_flood() -> None:
    result = check_citations(document(body("Smith et al. (2019) disagreed.")), numbered_list())
    assert result.by_reference == {}
    (finding,) = result.document
    assert finding.code == "RC406"
    assert finding.severity is Severity.INFO
    assert finding.line == 41


def test_few_citations_in_a_long_list_give_one_note() -> None:
    result = check_citations(document(body("Only this [2].")), numbered_list())
    assert codes(result) == ["RC406"]
    assert "Only 1 of the 6 references" in result.document[0].message


def test_short_list_reports_each_uncited_reference() -> None:
    refs = numbered_list(3)
    result = check_citations(document(body("Only this [2].")), refs)
    assert codes(result) == ["RC401", "RC401"]
    assert sorted(result.by_reference) == [0, 2]


def test_unnumbered_list_cited_by_number_maps_by_position() -> None:
    refs = [parsed(None, text, line=40 + i) for i, text in enumerate(TEXTS)]
    citations = body("A [1-3].", "B [4, 6].")
    result = check_citations(document(citations), refs)
    assert codes(result) == ["RC401"]
    assert list(result.by_reference) == [4]


# --------------------------------------------------------------------------- RC402 / RC405


def test_citation_to_a_missing_number_is_a_document_error() -> None:
    citations = body("A [1-6].", "", "B [7].", "C [7, 8].")
    result = check_citations(document(citations), numbered_list())
    assert [(f.code, f.line, f.cited) for f in result.document] == [
        ("RC402", 3, "7"),
        ("RC402", 4, "8"),
    ]
    first = result.document[0]
    assert first.severity is Severity.ERROR
    assert "cited 2 times, lines 3, 4" in first.message
    assert "(the list has 6 references)" in first.message


def test_citation_key_without_entry() -> None:
    refs = [
        parsed(1, TEXTS[0], line=30, key="gutierrez2012"),
        parsed(2, TEXTS[1], line=31, key="liao2015"),
    ]
    citations = body(r"Known \cite{gutierrez2012,liao2015}.", r"Unknown \citep{nobody2020}.")
    result = check_citations(document(citations), refs)
    (finding,) = result.document
    assert (finding.code, finding.line, finding.cited) == ("RC405", 2, "nobody2020")
    assert finding.severity is Severity.ERROR


def test_nocite_star_cites_everything() -> None:
    refs = [parsed(i + 1, text, line=30 + i, key=f"k{i}") for i, text in enumerate(TEXTS)]
    result = check_citations(document(body(r"\cite{k0}", r"\nocite{*}")), refs)
    assert result == CitationFindings()


# --------------------------------------------------------------------------- RC403


def test_out_of_order_first_citation_is_reported_once() -> None:
    citations = body("A [1].", "B [2, 5].", "C [3].", "D [4].", "E [6].")
    result = check_citations(document(citations), numbered_list())
    (finding,) = result.document
    assert finding.code == "RC403"
    assert finding.severity is Severity.WARNING
    assert finding.line == 3
    assert finding.cited == "3"
    assert "after reference 5 (first cited on line 2)" in finding.message
    assert "1 more reference is first cited out of order" in finding.message


def test_list_numbered_alphabetically_gets_no_order_finding() -> None:
    # First citations that ascend only about half the time: the list is not in citation order.
    citations = body("A [4].", "B [2].", "C [6].", "D [1].", "E [5].", "F [3].")
    assert codes(check_citations(document(citations), numbered_list())) == []


def test_reversed_list_gets_no_order_finding() -> None:
    citations = body("A [6].", "B [5].", "C [4].", "D [3].", "E [2].", "F [1].")
    assert codes(check_citations(document(citations), numbered_list())) == []


def test_one_early_citation_of_the_last_reference_is_an_order_finding() -> None:
    citations = body("A [6].", "B [1].", "C [2].", "D [3].", "E [4].", "F [5].")
    result = check_citations(document(citations), numbered_list())
    assert codes(result) == ["RC403"]
    assert result.document[0].cited == "1"


def test_order_within_one_citation_and_repeats_are_fine() -> None:
    citations = body("A [2, 1].", "B [1].", "C [3-4] [2].", "D [6, 5].")
    assert check_citations(document(citations), numbered_list()) == CitationFindings()


def test_an_uncited_reference_is_not_an_order_problem() -> None:
    citations = body("A [1, 2].", "B [4].", "C [5, 6].")
    assert codes(check_citations(document(citations), numbered_list())) == ["RC401"]


def test_order_of_latex_keys_follows_bibitem_order() -> None:
    refs = [parsed(i + 1, text, line=30 + i, key=f"k{i + 1}") for i, text in enumerate(TEXTS)]
    citations = body(r"\cite{k1,k2}", r"\cite{k4}", r"\cite{k3} \cite{k5,k6}")
    result = check_citations(document(citations), refs)
    assert [(f.code, f.line, f.cited) for f in result.document] == [("RC403", 3, "3")]


def test_no_order_check_for_entries_from_a_bib_file() -> None:
    refs = [
        parsed(None, text, line=30 + i, key=f"k{i + 1}", fields={"title": "x"})
        for i, text in enumerate(TEXTS)
    ]
    citations = body(r"\cite{k6} \cite{k5} \cite{k4,k3,k2,k1}")
    assert check_citations(document(citations), refs) == CitationFindings()


# --------------------------------------------------------------------------- RC404


def test_duplicate_by_doi() -> None:
    refs = numbered_list(3)
    refs[0] = parsed(1, TEXTS[0], line=41, doi="10.1111/j.1529-8019.2012.01492.x")
    refs.append(
        parsed(
            4,
            "Gutierrez A. Calcinosis cutis. Dermatol Ther 2012.",
            line=44,
            doi="10.1111/J.1529-8019.2012.01492.X",
        )
    )
    result = check_citations(document((), has_body=False), refs)
    (finding,) = result.for_reference(3)
    assert finding.code == "RC404"
    assert finding.line == 44
    assert finding.expected == "1"
    assert "duplicates reference 1 (line 41)" in finding.message
    assert "same DOI" in finding.message


def test_duplicate_by_near_identical_text() -> None:
    refs = numbered_list(3)
    copy = TEXTS[1].replace("611-7", "611–7").replace("Tsai CY", "Tsai C-Y")
    refs.append(parsed(4, copy, line=44))
    refs.append(parsed(5, copy + " ", line=45))
    result = check_citations(document((), has_body=False), refs)
    assert list(result.by_reference) == [3, 4]
    # Both later copies point at the first copy, reference 2.
    assert all(
        "duplicates reference 2 (line 42)" in result.for_reference(i)[0].message for i in (3, 4)
    )


def test_parts_of_a_series_are_not_duplicates() -> None:
    refs = numbered_list()
    result = check_citations(document((), has_body=False), refs)
    assert result == CitationFindings()


def test_similar_text_with_different_parsed_fields_is_not_a_duplicate() -> None:
    a = parsed(1, TEXTS[0], year=2012, volume="25", first_page="195")
    b = parsed(2, TEXTS[0], year=2013, volume="25", first_page="195")
    assert check_citations(document((), has_body=False), [a, b]) == CitationFindings()


def test_different_dois_are_never_duplicates() -> None:
    a = parsed(1, TEXTS[0], doi="10.1/a")
    b = parsed(2, TEXTS[0], doi="10.1/b")
    assert check_citations(document((), has_body=False), [a, b]) == CitationFindings()


def test_duplicates_with_the_real_parser() -> None:
    parse = pytest.importorskip("refcheck.parse").parse_reference
    texts = [*TEXTS, TEXTS[2].replace("542-8", "542–548")]
    refs = [parse(RawReference(i + 1, text, 50 + i)) for i, text in enumerate(texts)]
    result = check_citations(document((), has_body=False), refs)
    assert list(result.by_reference) == [6]
    assert "duplicates reference 3" in result.for_reference(6)[0].message


# --------------------------------------------------------------------------- RC407


def test_numbering_gap_and_repeat() -> None:
    refs = [
        parsed(1, TEXTS[0], line=41),
        parsed(2, TEXTS[1], line=42),
        parsed(4, TEXTS[2], line=43),
        parsed(4, TEXTS[3], line=44),
        parsed(5, TEXTS[4], line=45),
    ]
    result = check_citations(document((), has_body=False), refs)
    assert [(f.code, f.line, f.cited, f.expected) for f in result.document] == [
        ("RC407", 43, "4", "3"),
        ("RC407", 44, "4", None),
    ]
    assert "skips from 2 to 4 (3 missing)" in result.document[0].message


def test_numbering_findings_are_capped() -> None:
    refs = [parsed(n * 3, TEXTS[0] + str(n), line=n) for n in range(1, 30)]
    result = check_citations(document((), has_body=False), refs)
    assert 0 < len([f for f in result.document if f.code == "RC407"]) <= 5


# --------------------------------------------------------------------------- docs


@pytest.mark.parametrize("code", [c.code for c in CITATION_CODES])
def test_every_code_is_documented(code: str) -> None:
    page = DOCS / f"{code}.md"
    assert page.is_file(), f"{page} is missing"
    text = page.read_text(encoding="utf-8")
    assert text.startswith(f"# {code}")
    for section in ("## What it means", "## Why it matters", "## Example"):
        assert section in text


# --------------------------------------------------------------------------- robustness


@settings(deadline=None)  # timing varies on shared CI machines
@given(
    st.lists(st.one_of(st.none(), st.integers(1, 12)), max_size=10),
    st.lists(
        st.tuples(
            st.integers(1, 40),
            st.lists(st.integers(1, 15), max_size=4),
            st.lists(st.sampled_from(["k1", "k2", "k9", "*"]), max_size=2),
        ),
        max_size=12,
    ),
    st.booleans(),
)
def test_check_citations_never_raises(
    numbers: list[int | None],
    cites: list[tuple[int, list[int], list[str]]],
    has_body: bool,
) -> None:
    refs = [
        parsed(n, TEXTS[i % len(TEXTS)], line=100 + i, key=f"k{i + 1}")
        for i, n in enumerate(numbers)
    ]
    citations = tuple(
        Citation(line=line, numbers=tuple(dict.fromkeys(nums)), keys=tuple(keys))
        for line, nums, keys in sorted(cites)
        if nums or keys
    )
    result = check_citations(document(citations, has_body=has_body), refs)
    assert all(0 <= index < len(refs) for index in result.by_reference)
    for finding in result.document:
        assert finding.line is not None
    if not has_body:
        assert {f.code for f in result.document} <= {"RC407"}


def test_out_of_order_on_one_line_says_so() -> None:
    citations = body("A [1] then [3] then [2].", "B [4-6].")
    (finding,) = check_citations(document(citations), numbered_list()).document
    assert finding.code == "RC403"
    assert "(first cited earlier on the same line)" in finding.message


def test_a_run_of_missing_numbers_is_one_finding() -> None:
    citations = body("A [1-6].", "B [7].", "C [9-12] and [14].", "D [8].")
    result = check_citations(document(citations), numbered_list())
    assert [(f.code, f.line, f.cited) for f in result.document] == [
        ("RC402", 2, "7–12"),
        ("RC402", 3, "14"),
    ]
    assert "Citations 7–12 (6 numbers)" in result.document[0].message


def test_citation_findings_are_hashable() -> None:
    assert hash(CitationFindings()) == hash(CitationFindings())


def test_numbers_do_not_map_onto_bib_entries_by_position() -> None:
    refs = [
        parsed(None, text, line=30 + i, key=f"k{i + 1}", fields={"title": "x"})
        for i, text in enumerate(TEXTS)
    ]
    result = check_citations(document(body("A [1-3].", "B [4-6].")), refs)
    assert {f.code for f in result.document} == {"RC402", "RC406"}
    assert result.by_reference == {}


def test_list_sorted_by_first_author_gets_no_order_finding() -> None:
    alphabetical = sorted(TEXTS)
    refs = [
        parse_reference(RawReference(number=n, text=alphabetical[n - 1], line=40 + n))
        for n in range(1, 7)
    ]
    citations = body("A [6].", "B [1].", "C [2].", "D [3].", "E [4].", "F [5].")
    assert codes(check_citations(document(citations), refs)) == []
