"""Styles: Vancouver text rendered from any record parses back to the same fields."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.models import Author, Pages, RawReference, Record, Reference, ReferenceType
from refcheck.parse import parse_reference
from refcheck.style import AMA, VANCOUVER, reference_from_record, render_reference, short_page_range

_FAMILIES = st.sampled_from(
    ["Smith", "O'Neill", "Nestal-Zibo", "Müller", "McAllister", "García-López", "Zhang", "Ab"]
)
_GIVEN = st.sampled_from(["Ana María", "John", "J.-P.", "Kiri", "Lena O.", "Bo"])
_WORDS = st.sampled_from(
    ["effects", "of", "early", "mobilisation", "after", "hip", "fracture", "in", "older", "adults"]
)
_JOURNALS = st.sampled_from(
    ["Journal of Oral and Maxillofacial Surgery", "Journal of Imaginary Medicine", "Nature"]
)


@st.composite
def _records(draw: st.DrawFn) -> Record:
    first = draw(st.integers(1, 9000))
    span = draw(st.integers(0, 40))
    return Record(
        doi=f"10.{draw(st.integers(1000, 9999))}/made.{draw(st.integers(1, 99999))}",
        type="journal-article",
        title=" ".join(draw(st.lists(_WORDS, min_size=3, max_size=9))).capitalize(),
        container_titles=(draw(_JOURNALS),),
        authors=tuple(
            Author(draw(_FAMILIES), draw(_GIVEN)) for _ in range(draw(st.integers(1, 9)))
        ),
        issued_year=draw(st.integers(1950, 2026)),
        volume=str(draw(st.integers(1, 400))),
        issue=draw(st.one_of(st.none(), st.integers(1, 12).map(str))),
        page=f"{first}-{first + span}" if span else str(first),
    )


@settings(max_examples=150, deadline=None)
@given(_records())
def test_vancouver_round_trip(record: Record) -> None:
    expected = reference_from_record(record)
    text = render_reference(expected, VANCOUVER)
    assert text is not None
    parsed = parse_reference(RawReference(None, text, 1)).reference
    shown = expected.authors[:6]
    assert [(a.family, a.given) for a in parsed.authors] == [(a.family, a.given) for a in shown]
    assert parsed.et_al == (len(expected.authors) > 6)
    assert parsed.title == expected.title
    assert parsed.year == expected.year
    assert parsed.volume == expected.volume
    assert parsed.issue == expected.issue
    assert parsed.pages == expected.pages
    assert parsed.doi == expected.doi


def test_vancouver_abbreviates_journal_and_pages() -> None:
    reference = Reference(
        type=ReferenceType.JOURNAL_ARTICLE,
        authors=(Author("Quill", "AB"), Author("Marrow", "T")),
        title="A made-up trial of invented lozenges",
        journal="Journal of Oral and Maxillofacial Surgery",
        year=2019,
        volume="12",
        issue="3",
        pages=Pages("1530", "1539"),
        doi="10.5555/made.up.1",
    )
    assert render_reference(reference, VANCOUVER) == (
        "Quill AB, Marrow T. A made-up trial of invented lozenges. J Oral Maxillofac Surg. "
        "2019;12(3):1530-9. doi:10.5555/made.up.1"
    )
    ama = render_reference(reference, AMA)
    assert ama is not None and "2019;12(3):1530-1539." in ama


def test_ama_lists_three_authors_before_et_al() -> None:
    reference = Reference(
        authors=tuple(Author(f"Name{c}", "A") for c in "abcdefg"),
        title="Invented",
        journal="Nature",
        year=2001,
    )
    ama = render_reference(reference, AMA)
    assert ama is not None and ama.startswith("Namea A, Nameb A, Namec A, et al. Invented.")


def test_short_page_range() -> None:
    assert short_page_range("1530", "1539") == "9"
    assert short_page_range("457", "481") == "81"
    assert short_page_range("99", "101") == "101"
    assert short_page_range("e12", "e19") == "e19"
