"""Candidate scoring, near-twin detection and journal abbreviations, without a server."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from refcheck.models import Author, Pages, Record, Reference, ReferenceType
from refcheck.resolve.records import record_from_crossref
from refcheck.validate.evidence import (
    Agreement,
    leading_author,
    title_in_text,
    title_similarity,
)
from refcheck.validate.journals import journal_similarity
from refcheck.validate.scoring import ACCEPT, score_candidate
from refcheck.validate.twins import linked_works, notice_title_kind, twin_kind

TITLE = "Calcinosis cutis in autoimmune connective tissue diseases"
TEXT = (
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206."
)
REFERENCE = Reference(
    type=ReferenceType.JOURNAL_ARTICLE,
    authors=(Author("Gutierrez", "A", "Jr"), Author("Wetter", "DA")),
    title=TITLE,
    journal="Dermatol Ther",
    year=2012,
    volume="25",
    issue="2",
    pages=Pages("195", "206"),
)


def record(**overrides: Any) -> Record:
    message: dict[str, Any] = {
        "DOI": "10.1111/j.1529-8019.2012.01492.x",
        "type": "journal-article",
        "title": [TITLE],
        "author": [{"given": "Alfonso", "family": "Gutierrez"}, {"given": "D", "family": "Wetter"}],
        "container-title": ["Dermatologic Therapy"],
        "issued": {"date-parts": [[2012, 3]]},
        "volume": "25",
        "issue": "2",
        "page": "195-206",
    }
    message.update(overrides)
    return record_from_crossref({k: v for k, v in message.items() if v is not None})


def cited(**changes: Any) -> Reference:
    fields = {name: getattr(REFERENCE, name) for name in REFERENCE.__slots__}
    fields.update(changes)
    return Reference(**fields)


# ----------------------------------------------------------------------------- scoring


def test_the_cited_work_scores_high() -> None:
    candidate = score_candidate(REFERENCE, record(), TEXT)
    assert candidate.accepted and candidate.score > 0.95


@pytest.mark.parametrize(
    "change",
    [
        {"year": 2016},
        {"volume": "52"},
        {"pages": Pages("591", "606")},
        {"authors": (Author("Gutierez", "A"), Author("Wetter", "DA"))},
        {"authors": (Author("Smith", "J"), Author("Wetter", "DA"))},
    ],
)
def test_one_wrong_field_is_tolerated(change: dict[str, Any]) -> None:
    candidate = score_candidate(cited(**change), record())
    assert candidate.accepted and candidate.score >= ACCEPT


def test_two_wrong_fields_are_another_work() -> None:
    candidate = score_candidate(cited(volume="52", pages=Pages("591", "606")), record())
    assert not candidate.accepted
    candidate = score_candidate(cited(year=2016, pages=Pages("591", "606")), record())
    assert not candidate.accepted


def test_year_and_volume_of_another_version_with_an_exact_title() -> None:
    # Cited from the online-first version: another year and volume, same article.
    candidate = score_candidate(cited(year=2009, volume="1"), record())
    assert candidate.accepted and candidate.score >= ACCEPT
    # Not with a short title, nor with another first author.
    short = record(title=["Calcinosis cutis"])
    short_title = cited(title="Calcinosis cutis", year=2009, volume="1")
    assert not score_candidate(short_title, short).accepted
    other_author = cited(year=2009, volume="1", authors=(Author("Smith", "J"),))
    assert not score_candidate(other_author, record()).accepted


def test_a_similar_title_in_the_same_issue_needs_the_first_page() -> None:
    # A sibling in the same issue by the same authors: journal, year, volume and issue are
    # shared by every article there, so without a first page to compare it stays out.
    sibling = record(title=["Calcinosis cutis in systemic connective tissue disorders"])
    no_pages = cited(pages=None)
    evidence = score_candidate(no_pages, sibling).evidence
    assert evidence.title.agreement is Agreement.CLOSE
    assert not score_candidate(no_pages, sibling).accepted
    # The same similar title with the first page agreeing is the cited work, reworded.
    assert score_candidate(REFERENCE, sibling).accepted
    # An exact title needs no page.
    assert score_candidate(no_pages, record()).accepted


def test_a_similar_title_leaves_no_room_for_a_wrong_field() -> None:
    # A letter and the reply to it: the same page, most of the title, another author.
    letter = record(
        title=["Calcinosis cutis in systemic connective tissue disorders"],
        author=[{"given": "J", "family": "Smith"}],
    )
    assert score_candidate(REFERENCE, letter).evidence.title.agreement is Agreement.CLOSE
    assert not score_candidate(REFERENCE, letter).accepted
    # With an exact title, one wrong field is what refcheck reports.
    assert score_candidate(REFERENCE, record(author=[{"given": "J", "family": "Smith"}])).accepted


def test_a_title_cut_short_is_close() -> None:
    long_title = f"{TITLE}: a retrospective study of seventy patients"
    full = record(title=[long_title])
    # A long subtitle dropped, or a title truncated after enough words: close.
    assert title_similarity(TITLE, full) == pytest.approx(0.85)
    assert score_candidate(REFERENCE, full, TEXT).accepted
    # Too few words kept say nothing.
    assert title_similarity("Calcinosis cutis in", full) < 0.75
    # Without a first page to back it up, a cut title is not enough.
    assert not score_candidate(cited(pages=None), full).accepted


def test_a_title_found_in_the_text_is_found_in_whole_words() -> None:
    # The parser kept the journal in the title; the text fallback must still tell
    # "Part I" from the "Part II" the reference cites.
    text = "Roth HJ (1997) 'Key Principles in Using the Guides (Part II)', Guides Newsl, 2(2), 1-2."
    part_one = record(title=["Key Principles in Using the Guides (Part I)"])
    part_two = record(title=["Key Principles in Using the Guides (Part II)"])
    assert title_in_text(text, part_two) == 1.0
    assert title_in_text(text, part_one) <= 0.7


def test_a_short_title_counts_the_issue_as_a_locator() -> None:
    # Two "Literature Review" columns by one author in one volume: another issue and page.
    column = record(title=["Literature Review"], issue="3", page="4-8")
    cited_column = cited(title="Literature Review", issue="1", pages=Pages("10", "12"))
    assert not score_candidate(cited_column, column).accepted
    # The same short title with only its first page misprinted is still the work.
    assert score_candidate(cited(title="Literature Review", issue="3"), column).accepted
    # A long title tolerates an issue misprint next to a wrong page.
    assert score_candidate(cited(issue="1", pages=Pages("591", "606")), record()).accepted


def test_a_journal_name_swallowed_into_the_title_is_set_aside() -> None:
    # "'Title', Journal, 25(2), ..." read with the journal as the end of the title.
    swallowed = f"'{TITLE}', Dermatologic Therapy"
    assert title_similarity(swallowed, record()) == 1.0
    assert title_similarity(f"{TITLE}, Dermatol. Ther.", record()) == 1.0
    # A trailing segment that names no container of the record stays part of the title.
    assert title_similarity(f"{TITLE}, a review of twelve cases", record()) < 0.9


def test_same_authors_and_journal_but_another_title_is_rejected() -> None:
    other = record(title=["Cutaneous manifestations of dermatomyositis: a comprehensive review"])
    candidate = score_candidate(REFERENCE, other, TEXT)
    assert candidate.score < ACCEPT or not candidate.accepted


def test_title_alone_is_not_enough() -> None:
    bare = Reference(title=TITLE)
    assert score_candidate(bare, record()).score < ACCEPT


def test_thin_record_without_title_needs_author_volume_and_page() -> None:
    thin = record(title=[], author=[{"family": "Gutierrez", "given": "A."}], page="195")
    thin = record_from_crossref(dict(thin.data) | {"issued": {"date-parts": [[None]]}})
    assert score_candidate(REFERENCE, thin).accepted
    assert not score_candidate(cited(volume="26"), thin).accepted


def test_a_number_misread_by_the_parser_is_not_held_against_the_record() -> None:
    misread = cited(year=1995)  # the text says 2012; the parser took another number
    strict = score_candidate(misread, record())
    softened = score_candidate(misread, record(), TEXT)
    assert softened.score > strict.score
    assert strict.evidence.year.agreement is Agreement.DISAGREE  # findings still see it


def test_bracketed_translation_is_ignored() -> None:
    printed = f"{TITLE} [Calcinose cutânea em doenças autoimunes do tecido conjuntivo]"
    assert title_similarity(printed, record()) == 1.0


def test_original_language_title_counts() -> None:
    translated = record(**{"original-title": ["Calcinose cutânea em doenças autoimunes"]})
    assert title_similarity("Calcinose cutânea em doenças autoimunes", translated) == 1.0


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Aydın İ, Akyol O. New record of the antenna codlet.", "Aydın"),
        ("Blackstock TM de M, Severo HRC. Modelo de gestão.", "Blackstock"),
        ("World Health Organization. Global report on diabetes.", None),
        ("Anonymous. Editorial.", None),
    ],
)
def test_leading_author(text: str, family: str | None) -> None:
    author = leading_author(text)
    assert (author.family if author else None) == family


# ----------------------------------------------------------------------------- near-twins


def test_the_work_itself_is_no_twin() -> None:
    assert twin_kind(REFERENCE, record(), TEXT) is None


def test_preprint_is_a_twin_unless_a_preprint_is_cited() -> None:
    preprint = record(
        type="posted-content",
        subtype="preprint",
        **{"container-title": None, "volume": None, "issue": None, "page": None},
        relation={"is-preprint-of": [{"id": "10.1111/x", "id-type": "doi"}]},
    )
    assert twin_kind(REFERENCE, preprint, TEXT) == "preprint"
    posted = Reference(authors=REFERENCE.authors, title=TITLE, journal="medRxiv", year=2012)
    assert twin_kind(posted, preprint, "Gutierrez A. Calcinosis. medRxiv. 2012.") is None
    assert linked_works(preprint) == ("10.1111/x",)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        (f"Correction: {TITLE}", "correction notice"),
        (f"Erratum to: {TITLE}", "correction notice"),
        (f"Corrigendum to “{TITLE}” [Dermatol Ther 25 (2012) 195-206]", "correction notice"),
        (f"Retraction Note: {TITLE}", "retraction notice"),
        (f"Expression of Concern: {TITLE}", "expression of concern"),
        (f"Reply to: {TITLE}", "reply"),
        (f"Comment on {TITLE}", "comment"),
        (f"Abstract 1234: {TITLE}", "meeting abstract"),
    ],
)
def test_notice_titles_are_twins(title: str, kind: str) -> None:
    assert twin_kind(REFERENCE, record(title=[title]), TEXT) == kind


def test_update_to_makes_a_notice() -> None:
    notice = record(**{"update-to": [{"DOI": "10.1111/work", "type": "erratum"}]})
    assert twin_kind(REFERENCE, notice, TEXT) == "erratum notice"
    assert linked_works(notice) == ("10.1111/work",)


def test_a_reference_without_pages_may_cite_a_supplement_article() -> None:
    # The conference abstract is itself the cited work: the reference prints its year and
    # volume but no page, so nothing says it cites anything else.
    abstract = record(volume="25", issue="S1", page="S123")
    pageless = cited(pages=None, issue=None)
    assert twin_kind(pageless, abstract, "... Dermatol Ther. 2012;25.") is None
    assert score_candidate(pageless, abstract).accepted
    # A meeting-abstract twin is from the year before, in another volume: still a twin.
    earlier = record(volume="24 Suppl 1", page="S123", issued={"date-parts": [[2011]]})
    assert twin_kind(pageless, earlier, "... Dermatol Ther. 2012;25.") == "supplement abstract"
    # With pages printed, a supplement page must be cited for the record to be the work.
    assert twin_kind(REFERENCE, abstract, TEXT) == "supplement abstract"


def test_a_work_marked_retracted_in_its_title_is_the_work() -> None:
    # Elsevier and Springer prefix the retracted article's own title; it links to no work.
    marked = record(
        title=[f"RETRACTED: {TITLE}"],
        **{"updated-by": [{"DOI": "10.1111/notice", "type": "retraction"}]},
    )
    assert twin_kind(REFERENCE, marked, TEXT) is None
    assert title_similarity(TITLE, marked) == 1.0
    assert score_candidate(REFERENCE, marked, TEXT).accepted
    # A notice titled the same way that updates the work is still a notice.
    notice = record(
        title=[f"Retracted: {TITLE}"],
        **{"update-to": [{"DOI": "10.1111/work", "type": "retraction"}]},
    )
    assert twin_kind(REFERENCE, notice, TEXT) == "retraction notice"
    # A reference that cites "Retracted: ..." as printed may be matched to that record.
    unlinked = record(title=[f"Retracted: {TITLE}"])
    assert twin_kind(cited(title=f"Retracted: {TITLE}"), unlinked, TEXT) is None


def test_publisher_corrections_and_clarifications_are_notices() -> None:
    assert notice_title_kind(f"Publisher Correction: {TITLE}") == "correction"
    assert notice_title_kind(f"Clarification: {TITLE}") == "correction"


def test_supplement_abstract_is_a_twin_unless_a_supplement_is_cited() -> None:
    abstract = record(volume="25 Suppl 1", page="S123")
    assert twin_kind(REFERENCE, abstract, TEXT) == "supplement abstract"
    in_supplement = cited(volume="25 Suppl 1", pages=Pages("S123"))
    assert twin_kind(in_supplement, abstract, "... Dermatol Ther. 2012;25 Suppl 1:S123.") is None


def test_a_cited_reply_is_not_matched_to_the_original() -> None:
    reply = cited(title=f"{TITLE}—Reply")
    assert twin_kind(reply, record(), TEXT) is not None
    assert twin_kind(reply, record(title=[f"{TITLE}—Reply"]), TEXT) is None


def test_a_cited_notice_matches_the_notice() -> None:
    notice_title = f"Retraction: {TITLE}"
    notice = record(
        title=[notice_title], **{"update-to": [{"DOI": "10.1/x", "type": "retraction"}]}
    )
    assert twin_kind(cited(title=notice_title), notice, notice_title) is None


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Correction to: X", "correction"),
        ("Retracted: X", "retraction"),
        ("A study of X", None),
        ("A study of X [Erratum]", "correction"),
        ("A study of X (vol 25, pg 195, 2012)", "correction"),
        ("A study of X—Reply", "reply"),
        ("A study of X (part 2)", None),
    ],
)
def test_notice_title_kind(title: str, kind: str | None) -> None:
    assert notice_title_kind(title) == kind


# ----------------------------------------------------------------------------- journals


@pytest.mark.parametrize(
    ("printed", "full"),
    [
        ("Dermatol Ther", "Dermatologic Therapy"),
        (
            "Proc Natl Acad Sci U S A",
            "Proceedings of the National Academy of Sciences of the United States of America",
        ),
        ("J Am Stat Assoc", "Journal of the American Statistical Association"),
        ("Eur Phys J B", "The European Physical Journal B"),
        ("PNAS", "Proceedings of the National Academy of Sciences"),
        ("Rev Bras Med Esporte", "Revista Brasileira de Medicina do Esporte"),
    ],
)
def test_journal_abbreviations(printed: str, full: str) -> None:
    assert journal_similarity(printed, full) >= 0.8


@pytest.mark.parametrize(
    ("printed", "full"),
    [("J Invest Dermatol", "Dermatologic Therapy"), ("Cell", "Nature"), ("Lancet", "Lab Invest")],
)
def test_other_journals(printed: str, full: str) -> None:
    assert journal_similarity(printed, full) < 0.5


def test_search_query_drops_identifiers_and_function_words() -> None:
    from refcheck.models import ParsedReference, RawReference
    from refcheck.resolve.candidates import search_query

    text = (
        "Smith J. The most cited articles in dermatology. J Am Acad Dermatol. 2010;62(3):1-5. "
        "Epub 2009 Dec 1. PMID: 12345. doi:10.1016/j.jaad.2009.01.001 "
        "[cited 2024 Jan 5] https://example.org/x"
    )
    query = search_query(ParsedReference(RawReference(1, text, 1), Reference()))
    assert query == "Smith J. most cited articles dermatology. J Am Acad Dermatol. 2010;62(3):1-5."


def test_search_query_keeps_initials_that_look_like_function_words() -> None:
    from refcheck.models import ParsedReference, RawReference
    from refcheck.resolve.candidates import search_query

    text = (
        "Gutierrez A Jr, Wetter DA. Calcinosis cutis in a review. Dermatol Ther. 2012;25:195-206."
    )
    query = search_query(ParsedReference(RawReference(1, text, 1), Reference()))
    assert (
        query
        == "Gutierrez A Jr, Wetter DA. Calcinosis cutis review. Dermatol Ther. 2012;25:195-206."
    )


def test_numbered_parts_of_a_series_are_different_works() -> None:
    phase_two = record(title=["Seismic toughness of reduced web-section beams: Phase 2 tests"])
    phase_one = "Seismic toughness of reduced web-section beams: Phase 1 tests"
    assert title_similarity(phase_one, phase_two) < 0.75
    part_two = record(title=["Endpoints in quasimetric spaces: Part II"])
    assert title_similarity("Endpoints in quasimetric spaces: Part I", part_two) < 0.75
    # A number split off by markup ("T0" printed "T 0") is no conflict.
    markup = record(title=["Endpoints inT0-Quasimetric Spaces: Part II"])
    assert title_similarity("Endpoints in T 0 -Quasimetric Spaces: Part II", markup) > 0.9


def test_a_reference_without_title_matches_on_author_volume_and_page() -> None:
    untitled = Reference(
        authors=(Author("Gutierrez", "A"),),
        journal="Dermatol Ther",
        year=2012,
        volume="25",
        pages=Pages("195"),
    )
    text = "Gutierrez A, Dermatol Ther 25, 195 (2012)"
    candidate = score_candidate(untitled, record(), text)
    assert candidate.evidence.title.agreement is Agreement.UNKNOWN
    assert candidate.accepted and candidate.score >= ACCEPT
    assert not score_candidate(replace(untitled, volume="26"), record(), text).accepted
