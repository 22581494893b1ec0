"""compare_fields: one test per check, the lenient cases, and the work's updates."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from refcheck.export.item import ascii_fold
from refcheck.folding import fold
from refcheck.models import Author, Finding, Pages, Record, Reference, ReferenceType, Severity
from refcheck.parse import expand_page_range
from refcheck.resolve.records import record_from_crossref
from refcheck.validate import compare_fields
from refcheck.validate.codes import ALL_CODES
from refcheck.validate.text import page_number, split_page_range


def crossref(**overrides: Any) -> dict[str, Any]:
    """Gutierrez & Wetter 2012 as Crossref holds it, with ``overrides``."""
    message: dict[str, Any] = {
        "DOI": "10.1111/j.1529-8019.2012.01492.x",
        "type": "journal-article",
        "title": ["Calcinosis cutis in autoimmune connective tissue diseases"],
        "author": [
            {"given": "Alfonso", "family": "Gutierrez", "suffix": "Jr", "sequence": "first"},
            {"given": "David A.", "family": "Wetter", "sequence": "additional"},
        ],
        "container-title": ["Dermatologic Therapy"],
        "short-container-title": ["Dermatol Ther"],
        "issued": {"date-parts": [[2012, 3]]},
        "published-print": {"date-parts": [[2012, 3]]},
        "published-online": {"date-parts": [[2012, 4, 10]]},
        "volume": "25",
        "issue": "2",
        "page": "195-206",
    }
    message.update(overrides)
    return {k: v for k, v in message.items() if v is not None}


def record(**overrides: Any) -> Record:
    return record_from_crossref(crossref(**overrides))


REFERENCE = Reference(
    type=ReferenceType.JOURNAL_ARTICLE,
    authors=(Author("Gutierrez", "A", "Jr"), Author("Wetter", "DA")),
    title="Calcinosis cutis in autoimmune connective tissue diseases",
    journal="Dermatol Ther",
    year=2012,
    volume="25",
    issue="2",
    pages=Pages("195", "206"),
)


def cited(**changes: Any) -> Reference:
    fields = {name: getattr(REFERENCE, name) for name in REFERENCE.__slots__}
    fields.update(changes)
    return Reference(**fields)


def by_code(findings: tuple[Finding, ...]) -> dict[str, Finding]:
    return {f.code: f for f in findings}


def test_correct_reference_has_no_findings() -> None:
    assert compare_fields(REFERENCE, record()) == ()


# ----------------------------------------------------------------------------- year


@pytest.mark.parametrize("year", [2012, 2013])
def test_year_of_print_or_online_publication_is_accepted(year: int) -> None:
    rec = record(**{"published-online": {"date-parts": [[2013, 1, 5]]}})
    assert compare_fields(cited(year=year), rec) == ()


def test_wrong_year_is_an_error() -> None:
    found = by_code(compare_fields(cited(year=2015), record()))
    finding = found["RC102"]
    assert (finding.field.value, finding.severity, finding.cited, finding.expected) == (
        "year",
        Severity.ERROR,
        "2015",
        "2012",
    )


# ----------------------------------------------------------------------------- volume, issue


def test_wrong_volume_is_an_error() -> None:
    finding = by_code(compare_fields(cited(volume="52"), record()))["RC103"]
    assert (finding.severity, finding.cited, finding.expected) == (Severity.ERROR, "52", "25")


def test_supplement_volume_agrees_with_its_number() -> None:
    assert compare_fields(cited(volume="25 Suppl 1"), record(volume="25")) == ()


def test_wrong_issue_is_a_warning() -> None:
    finding = by_code(compare_fields(cited(issue="4"), record()))["RC104"]
    assert finding.severity is Severity.WARNING


def test_issue_formatting_is_not_a_finding() -> None:
    assert compare_fields(cited(issue="2-3"), record(issue="2")) == ()
    assert compare_fields(cited(issue="Suppl"), record(issue="S1")) == ()


# ----------------------------------------------------------------------------- pages


def test_wrong_first_page_is_an_error() -> None:
    finding = by_code(compare_fields(cited(pages=Pages("159", "206")), record()))["RC105"]
    assert (finding.field.value, finding.severity) == ("pages", Severity.ERROR)
    assert finding.expected == "195-206"


def test_wrong_last_page_is_a_warning() -> None:
    found = by_code(compare_fields(cited(pages=Pages("195", "216")), record()))
    assert set(found) == {"RC110"}
    assert found["RC110"].severity is Severity.WARNING


def test_abbreviated_record_range_is_expanded() -> None:
    rec = record(page="1530-9")
    assert compare_fields(cited(pages=Pages("1530", "1539")), rec) == ()


def test_last_page_below_first_in_crossref_raises_no_alarm() -> None:
    # A known Crossref metadata flaw: the last page lower than the first.
    rec = record(page="195-16")
    assert compare_fields(cited(pages=Pages("195", "216")), rec) == ()
    rec = record(page="195-106")
    assert compare_fields(cited(pages=Pages("195", "206")), rec) == ()


def test_e_locator_matches_article_number() -> None:
    rec = record(page=None, **{"article-number": "e1000097"})
    assert compare_fields(cited(pages=Pages("e1000097")), rec) == ()
    assert compare_fields(cited(pages=Pages("e1000097")), record(page="e1000097")) == ()


def test_only_first_page_cited() -> None:
    assert compare_fields(cited(pages=Pages("195")), record()) == ()


# ----------------------------------------------------------------------------- authors


def test_misspelled_first_author_is_an_error() -> None:
    finding = by_code(
        compare_fields(cited(authors=(Author("Gutierez", "A"), Author("Wetter", "DA"))), record())
    )["RC101"]
    assert (finding.field.value, finding.severity) == ("authors", Severity.ERROR)
    assert finding.cited == "Gutierez A"
    assert finding.expected == "Gutierrez A"


def test_replaced_first_author_is_an_error() -> None:
    found = by_code(compare_fields(cited(authors=(Author("Smith", "J"),), et_al=True), record()))
    assert "RC101" in found


@pytest.mark.parametrize(
    "author",
    [
        Author("Gutierrez", "A"),
        Author("Gutierrez", "AB"),
        Author("GUTIERREZ", "A"),
        Author("Gutiérrez", "A"),
        Author("Gutierrez Jr", "A"),
    ],
)
def test_initials_and_accents_formatting_is_lenient(author: Author) -> None:
    assert compare_fields(cited(authors=(author, Author("Wetter", "DA"))), record()) == ()


def test_transliterated_umlaut_is_the_same_name() -> None:
    rec = record(author=[{"family": "Müller", "given": "Anna"}])
    reference = cited(authors=(Author("Mueller", "A"),), et_al=True)
    assert compare_fields(reference, rec) == ()


def test_swapped_given_and_family_in_crossref_raises_no_alarm() -> None:
    rec = record(author=[{"family": "Wei", "given": "Zhang"}])
    reference = cited(authors=(Author("Zhang", "W"),), et_al=True)
    assert not [f for f in compare_fields(reference, rec) if f.severity is Severity.ERROR]


def test_different_first_initial_is_a_warning() -> None:
    found = by_code(
        compare_fields(cited(authors=(Author("Gutierrez", "M"), Author("Wetter", "DA"))), record())
    )
    assert set(found) == {"RC108"}
    assert found["RC108"].severity is Severity.WARNING


def test_full_name_in_family_field_raises_no_alarm() -> None:
    # Crossref flaw: the whole name in ``family`` and no ``given``.
    rec = record(author=[{"family": "Alfonso Gutierrez"}, {"family": "David A. Wetter"}])
    assert compare_fields(REFERENCE, rec) == ()


def test_author_list_cut_short_without_et_al() -> None:
    found = by_code(compare_fields(cited(authors=(Author("Gutierrez", "A"),)), record()))
    assert set(found) == {"RC109"}
    assert (found["RC109"].cited, found["RC109"].expected) == ("1", "2")
    shortened = cited(authors=(Author("Gutierrez", "A"),), et_al=True)
    assert compare_fields(shortened, record()) == ()


# ----------------------------------------------------------------------------- title, journal


def test_title_case_and_punctuation_do_not_matter() -> None:
    title = "CALCINOSIS CUTIS IN AUTOIMMUNE CONNECTIVE-TISSUE DISEASES."
    assert compare_fields(cited(title=title), record()) == ()


def test_different_title_is_a_warning() -> None:
    found = by_code(compare_fields(cited(title="Skin lesions in lupus: a review"), record()))
    assert found["RC106"].severity is Severity.WARNING


@pytest.mark.parametrize("journal", ["Dermatol Ther", "Dermatologic Therapy", "DERMATOL. THER."])
def test_journal_abbreviation_matches(journal: str) -> None:
    rec = record(**{"short-container-title": []})
    assert compare_fields(cited(journal=journal), rec) == ()


def test_other_journal_is_a_warning() -> None:
    found = by_code(compare_fields(cited(journal="Skin Res Notes"), record()))
    assert found["RC107"].severity is Severity.WARNING


def test_a_journal_the_catalogue_knows_as_another_is_an_error() -> None:
    # Both titles are NLM catalogue journals, and none of the names of the one is the other's.
    found = by_code(compare_fields(cited(journal="J Invest Dermatol"), record()))
    assert found["RC115"].severity is Severity.ERROR
    assert "RC107" not in found


# ----------------------------------------------------------------------------- thin records, DOI


def test_thin_record_never_reports_what_it_lacks() -> None:
    thin = record_from_crossref(
        {
            "DOI": "10.1111/j.1529-8019.2012.01492.x",
            "title": [],
            "author": [{"family": "Gutierrez"}],
        }
    )
    assert compare_fields(REFERENCE, thin) == ()


def test_doi_of_another_work_is_an_error() -> None:
    found = by_code(compare_fields(cited(doi="10.1038/nature14539"), record()))
    assert found["RC202"].severity is Severity.ERROR
    assert found["RC202"].expected == "10.1111/j.1529-8019.2012.01492.x"


def test_doi_case_and_prefix_do_not_matter() -> None:
    doi = "https://doi.org/10.1111/J.1529-8019.2012.01492.X"
    assert compare_fields(cited(doi=doi), record()) == ()


# ----------------------------------------------------------------------------- updates


def update(kind: str, direction: str = "updated-by") -> dict[str, Any]:
    notice = {"DOI": "10.1111/notice.1", "type": kind, "source": "publisher", "label": kind}
    return {direction: [notice]}


def test_retracted_work_is_an_error() -> None:
    finding = by_code(compare_fields(REFERENCE, record(**update("retraction"))))["RC301"]
    assert (finding.field.value, finding.severity, finding.expected) == (
        "retraction",
        Severity.ERROR,
        "10.1111/notice.1",
    )


def test_expression_of_concern_is_a_warning() -> None:
    found = by_code(compare_fields(REFERENCE, record(**update("expression_of_concern"))))
    assert found["RC302"].severity is Severity.WARNING


@pytest.mark.parametrize("kind", ["correction", "erratum", "addendum"])
def test_corrected_work_is_a_warning(kind: str) -> None:
    found = by_code(compare_fields(REFERENCE, record(**update(kind))))
    assert found["RC303"].severity is Severity.WARNING


def test_a_notice_itself_is_not_reported_as_retracted() -> None:
    # update-to: this record IS the notice; the cited work (the notice) was not retracted.
    assert compare_fields(REFERENCE, record(**update("retraction", "update-to"))) == ()


def test_new_version_updates_are_ignored() -> None:
    assert compare_fields(REFERENCE, record(**update("new_version"))) == ()


# ----------------------------------------------------------------------------- properties


@given(
    first=st.integers(min_value=1, max_value=99999),
    length=st.integers(min_value=0, max_value=500),
)
def test_abbreviated_ranges_expand_to_the_full_last_page(first: int, length: int) -> None:
    last = str(first + length)
    for cut in range(1, len(last) + 1):
        shortened = last[-cut:]
        # Only an abbreviation that keeps the changed digits is a valid print.
        if int(str(first)[: len(str(first)) - cut] + shortened) == first + length:
            pages = split_page_range(f"{first}-{shortened}")
            assert pages is not None and pages.last == last
    pages = split_page_range(f"{first}-{last}")
    assert pages is not None and (pages.first, pages.last) == (str(first), last)


@given(
    prefix=st.sampled_from(["", "e", "S", "A"]),
    first=st.integers(min_value=1, max_value=99999),
    last=st.integers(min_value=0, max_value=99999),
    dash=st.sampled_from(["-", "–", "--"]),
)
def test_one_reading_of_a_page_range_for_parser_and_matcher(
    prefix: str, first: int, last: int, dash: str
) -> None:
    # One normaliser: a record's page string and a printed one are read alike, and an
    # abbreviated last page never lands before the first ("169-55" is 169-255).
    text = f"{prefix}{first}{dash}{last}"
    assert split_page_range(text) == expand_page_range(text)
    pages = split_page_range(text)
    assert pages is not None and pages.last is not None
    assert page_number(pages.last) is not None
    assert (page_number(pages.last) or 0) >= first or len(str(last)) >= len(str(first))


def test_169_55_is_one_range_everywhere() -> None:
    assert split_page_range("169-55") == expand_page_range("169-55") == Pages("169", "255")


_NAMES = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10).map(str.title)


@given(
    family=_NAMES,
    given_name=_NAMES,
    year=st.integers(min_value=1900, max_value=2030),
    volume=st.integers(min_value=1, max_value=999),
    first=st.integers(min_value=1, max_value=5000),
    length=st.integers(min_value=0, max_value=40),
)
def test_a_reference_printed_from_its_record_has_no_error(
    family: str, given_name: str, year: int, volume: int, first: int, length: int
) -> None:
    rec = record(
        author=[{"family": family, "given": given_name}],
        issued={"date-parts": [[year]]},
        **{"published-print": None, "published-online": None},
        volume=str(volume),
        page=f"{first}-{first + length}",
    )
    reference = cited(
        authors=(Author(family.upper(), given_name[0]),),
        year=year,
        volume=str(volume),
        pages=Pages(str(first), str(first + length)),
    )
    assert not [f for f in compare_fields(reference, rec) if f.severity is Severity.ERROR]


def test_every_code_is_documented() -> None:
    from pathlib import Path

    docs = Path(__file__).parents[1] / "docs" / "findings"
    for code in ALL_CODES:
        pages = list(docs.glob(f"{code.code}*.md"))
        assert pages, f"{code.code} has no page in docs/findings"
        text = pages[0].read_text(encoding="utf-8")
        assert code.code in text and code.severity.value in text


@given(st.text(max_size=40))
def test_folding_is_idempotent_and_accent_free(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFKD", folded))


@pytest.mark.parametrize(
    ("name", "folded"),
    [("Müller", "muller"), ("Łukasz", "lukasz"), ("Strauß", "strauss"), ("Ørsted", "orsted")],
)
def test_one_folding_for_names(name: str, folded: str) -> None:
    assert fold(name) == folded
    assert ascii_fold(name) == folded
