"""parse_reference on entries that arrive structured (BibTeX/RIS fields)."""

from __future__ import annotations

from refcheck.models import Author, Pages, RawReference, ReferenceType
from refcheck.parse import parse_reference


def test_fields_are_trusted_and_normalised() -> None:
    fields = {
        "type": "article",
        "authors": [
            {"family": "Gutierrez", "given": "Alberto", "suffix": "Jr."},
            {"family": "Wetter", "given": "D. A."},
            {"family": "Müller", "given": "Karl-Martin"},
        ],
        "title": "Calcinosis cutis in autoimmune connective tissue diseases.",
        "journal": "Dermatol Ther",
        "year": "2012",
        "volume": "25",
        "issue": "2",
        "pages": "195–206",
        "doi": "https://doi.org/10.1111/j.1529-8019.2012.01493.x",
        "pmid": "PMID: 22741938",
    }
    parsed = parse_reference(RawReference(3, "ignored text", 10, key="gut12", fields=fields))
    ref = parsed.reference
    assert parsed.findings == ()
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert ref.authors == (
        Author("Gutierrez", "A", "Jr"),
        Author("Wetter", "DA"),
        Author("Müller", "K-M"),
    )
    assert ref.title == "Calcinosis cutis in autoimmune connective tissue diseases"
    assert (ref.year, ref.volume, ref.issue) == (2012, "25", "2")
    assert ref.pages == Pages("195", "206")
    assert ref.doi == "10.1111/j.1529-8019.2012.01493.x"
    assert ref.pmid == "22741938"


def test_page_object_is_expanded() -> None:
    ref = parse_reference(
        RawReference(None, "", None, fields={"pages": {"first": "1530", "last": "9"}})
    ).reference
    assert ref.pages == Pages("1530", "1539")


def test_chapter_with_editors_and_collective() -> None:
    fields = {
        "type": "incollection",
        "authors": ["Moreno, L. A."],
        "editors": [{"family": "Pereira", "given": "Daniel"}],
        "collective": "Paediatric Nutrition Group",
        "title": "Nutrition in the first year",
        "journal": "Paediatric nutrition handbook",
        "publisher": "Hodder",
        "year": 2014,
        "pages": {"first": "93", "last": "113"},
    }
    ref = parse_reference(RawReference(None, "", None, fields=fields)).reference
    assert ref.type is ReferenceType.CHAPTER
    assert ref.authors == (Author("Moreno", "LA"),)
    assert ref.editors == (Author("Pereira", "D"),)
    assert ref.collective == "Paediatric Nutrition Group"
    assert (ref.publisher, ref.year) == ("Hodder", 2014)


def test_badly_shaped_fields_are_ignored_with_a_finding() -> None:
    fields = {
        "type": "no-such-type",
        "authors": [{"given": "Anne"}, 42],
        "title": ["not", "a", "string"],
        "year": "in press",
        "pages": "one hundred",
    }
    parsed = parse_reference(RawReference(None, "", None, fields=fields))
    assert parsed.reference.type is ReferenceType.OTHER
    assert parsed.reference.authors == ()
    assert parsed.reference.title is None
    assert parsed.reference.year is None
    assert [f.code for f in parsed.findings] == ["RC008"]
    for name in ("type", "authors", "title", "year", "pages"):
        assert name in parsed.findings[0].message
