"""Identity, not resemblance (issue 10): made-up references through the local Crossref server.

The records are made up (tests/fixtures/identity_records.jsonl, DOIs under the 10.5555 test
prefix): a work in the "Journal of Imaginary Medicine" (Quintero et al.), another work of the
same journal (Haverford et al.) and a work in Circulation Research (Vasquez-Holt et al.).
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from refcheck.models import (
    Author,
    CheckedReference,
    FileReport,
    FindingField,
    Matched,
    Pages,
    ParsedReference,
    RawReference,
    Record,
    Reference,
    Report,
    Severity,
    Status,
    Unresolved,
)
from refcheck.parse import parse_reference
from refcheck.parse.notices import printed_notices
from refcheck.report.serialize import report_to_json
from refcheck.resolve.cache import CachedSource, OfflineSource, ResponseCache
from refcheck.resolve.candidates import search_query
from refcheck.resolve.crossref import CrossrefSource
from refcheck.resolve.resolution import resolve_reference
from refcheck.validate import check_reference, codes, compare_fields
from refcheck.validate.authors import AuthorDifferenceKind, compare_author_lists
from refcheck.validate.printed import demote_parse_doubts, unassigned_numbers

QUINTERO_DOI = "10.5555/rc10.quintero"
HAVERFORD_DOI = "10.5555/rc10.haverford"
VASQUEZ_DOI = "10.5555/rc10.vasquez"
AUTHORS = "Quintero LM, Baxendale RT, Okonkwo CE, Lindqvist HA, Marchetti PG"
TITLE = (
    "Dysregulated lymphatic drainage predicts delayed wound closure in elderly surgical patients"
)
PLACE = "J Imag Med. 2012;31(4):1150-9."
QUINTERO = f"{AUTHORS}. {TITLE}. {PLACE}"
HAVERFORD_TITLE = "Seasonal variation of ambulance response times across rural mountain districts"
VASQUEZ = (
    "Vasquez-Holt A, Pemberton GL, Szymanski K. Endothelial shear stress sensors in cultured "
    "cardiomyocyte spheroids under hypoxic load. Circ Res. 2018;122(7):955-67."
)


def parsed(text: str) -> ParsedReference:
    return parse_reference(RawReference(number=1, text=text, line=1))


@pytest.fixture
def source(crossref_server: Any) -> CrossrefSource:
    return CrossrefSource(crossref_server.url, max_retries=0, backoff_base=0.0)


def check(text: str, source: CrossrefSource) -> CheckedReference:
    reference = parsed(text)
    return check_reference(reference, resolve_reference(reference, source))


def codes_of(checked: CheckedReference) -> set[str]:
    return {f.code for f in checked.findings}


def errors_of(checked: CheckedReference) -> set[str]:
    return {f.code for f in checked.findings if f.severity is Severity.ERROR}


def test_the_correct_reference_is_verified_without_errors(source: CrossrefSource) -> None:
    checked = check(QUINTERO, source)
    assert checked.status is Status.VERIFIED
    assert checked.doi == QUINTERO_DOI
    assert errors_of(checked) == set()
    assert not {"RC111", "RC112", "RC113", "RC108"} & codes_of(checked)


# --------------------------------------------------------------------------- every author


def test_a_misspelt_second_author_is_an_error_naming_the_author(source: CrossrefSource) -> None:
    checked = check(QUINTERO.replace("Baxendale RT", "Baxendail RT"), source)
    assert checked.doi == QUINTERO_DOI
    assert checked.status is Status.MISMATCH
    [finding] = [f for f in checked.findings if f.code == codes.AUTHOR_MISSPELT.code]
    assert finding.severity is Severity.ERROR
    assert "author 2" in finding.message
    assert (finding.cited, finding.expected) == ("Baxendail RT", "Baxendale RT")


def test_authors_two_and_three_swapped_are_a_warning(source: CrossrefSource) -> None:
    text = QUINTERO.replace("Baxendale RT, Okonkwo CE", "Okonkwo CE, Baxendale RT")
    checked = check(text, source)
    assert checked.doi == QUINTERO_DOI
    [finding] = [f for f in checked.findings if f.field is FindingField.AUTHORS]
    assert finding.code == codes.AUTHOR_ORDER.code
    assert "authors 2 and 3" in finding.message
    assert checked.status is Status.VERIFIED


def test_a_dropped_middle_author_is_named(source: CrossrefSource) -> None:
    checked = check(QUINTERO.replace("Okonkwo CE, ", ""), source)
    assert checked.doi == QUINTERO_DOI
    [finding] = [f for f in checked.findings if f.code == codes.AUTHOR_LIST_DIFFERS.code]
    assert finding.expected == "Okonkwo CE"
    assert "author 3" in finding.message


def test_other_initials_of_a_coauthor_are_a_warning(source: CrossrefSource) -> None:
    checked = check(QUINTERO.replace("Okonkwo CE", "Okonkwo DE"), source)
    [finding] = [f for f in checked.findings if f.field is FindingField.AUTHORS]
    assert finding.code == codes.AUTHOR_INITIALS.code
    assert "author 3" in finding.message
    assert checked.status is Status.VERIFIED


def test_et_al_after_three_authors_is_no_difference(source: CrossrefSource) -> None:
    text = f"Quintero LM, Baxendale RT, Okonkwo CE, et al. {TITLE}. {PLACE}"
    checked = check(text, source)
    assert checked.status is Status.VERIFIED
    assert not [f for f in checked.findings if f.field is FindingField.AUTHORS]


def test_record_quirks_are_no_differences() -> None:
    # The whole name in ``family``, given and family swapped, a transliterated umlaut.
    record = (
        Author("Quintero", "Lucia"),
        Author("Robert Baxendale", None),
        Author("Chidi", "Okonkwo"),
        Author("Müller", "Hanna"),
    )
    cited = (
        Author("Quintero", "L"),
        Author("Baxendale", "R"),
        Author("Okonkwo", "C"),
        Author("Mueller", "H"),
    )
    assert compare_author_lists(cited, record) == ()


def test_a_record_name_printed_in_the_reference_is_the_parsers_doubt() -> None:
    # The parser read another spelling than the one printed: the record's name is printed.
    record = (Author("Quintero", "Lucia"), Author("Vandenberg", "Ana"))
    cited = (Author("Quintero", "L"), Author("Vandenburg", "A"))
    text = "Quintero L, Vandenberg A. A title. J Imag Med. 2012;31:1150."
    assert compare_author_lists(cited, record, text) == ()
    [difference] = compare_author_lists(cited, record, "Quintero L, Vandenburg A. A title.")
    assert difference.kind is AuthorDifferenceKind.MISSPELT


# --------------------------------------------------------------------------- identity


def test_a_title_of_another_work_is_reported_at_the_place(source: CrossrefSource) -> None:
    checked = check(QUINTERO.replace(TITLE, HAVERFORD_TITLE), source)
    assert checked.doi == QUINTERO_DOI
    assert checked.status is Status.MISMATCH
    [finding] = [f for f in checked.findings if f.field is FindingField.TITLE]
    assert finding.code == codes.TITLE_OF_OTHER_WORK.code
    assert finding.severity is Severity.ERROR
    assert TITLE in finding.message
    assert HAVERFORD_DOI in finding.message
    assert finding.expected == TITLE


def test_a_title_of_another_work_with_a_wrong_page_stays_unresolved(
    source: CrossrefSource,
) -> None:
    # The place must be complete: with the first page wrong nothing locates the reference.
    text = QUINTERO.replace(TITLE, HAVERFORD_TITLE).replace("1150-9", "1250-9")
    resolution = resolve_reference(parsed(text), source)
    assert not isinstance(resolution, Matched)


def test_a_doi_of_another_work_names_that_work(source: CrossrefSource) -> None:
    resolution = resolve_reference(parsed(f"{QUINTERO} doi:{HAVERFORD_DOI}"), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == QUINTERO_DOI
    [finding] = resolution.findings
    assert finding.code == codes.DOI_OTHER_WORK.code
    assert HAVERFORD_TITLE in finding.message
    assert "Haverford" in finding.message
    assert finding.expected == QUINTERO_DOI


def test_a_journal_the_catalogue_knows_as_another_is_an_error(source: CrossrefSource) -> None:
    checked = check(VASQUEZ.replace("Circ Res.", "Circulation."), source)
    assert checked.doi == VASQUEZ_DOI
    [finding] = [f for f in checked.findings if f.field is FindingField.JOURNAL]
    assert finding.code == codes.JOURNAL_OF_OTHER.code
    assert finding.severity is Severity.ERROR
    assert checked.status is Status.MISMATCH


def test_a_journal_with_a_word_the_record_lacks_is_a_warning(source: CrossrefSource) -> None:
    checked = check(QUINTERO.replace("J Imag Med.", "J Imag Med Oncol."), source)
    assert checked.doi == QUINTERO_DOI
    [finding] = [f for f in checked.findings if f.field is FindingField.JOURNAL]
    assert finding.code == codes.JOURNAL_MISMATCH.code
    assert "oncol" in finding.message
    assert checked.status is Status.VERIFIED


def test_the_full_journal_title_is_no_difference(source: CrossrefSource) -> None:
    checked = check(VASQUEZ.replace("Circ Res.", "Circulation Research."), source)
    assert checked.status is Status.VERIFIED
    assert not [f for f in checked.findings if f.field is FindingField.JOURNAL]


# --------------------------------------------------------------------------- several errors


@pytest.mark.parametrize(
    ("wrong", "fields"),
    [
        ("J Imag Med. 2014;31(4):1170-9.", {"year", "pages"}),
        ("J Imag Med. 2014;33(4):1170-9.", {"year", "volume", "pages"}),
    ],
)
def test_title_and_authors_identify_the_work_whatever_its_numbers(
    source: CrossrefSource, wrong: str, fields: set[str]
) -> None:
    checked = check(QUINTERO.replace(PLACE, wrong), source)
    assert checked.doi == QUINTERO_DOI
    assert checked.status is Status.MISMATCH
    errors = {f.field.value for f in checked.findings if f.severity is Severity.ERROR}
    assert errors == fields


def test_two_wrong_numbers_with_a_short_title_stay_unresolved(source: CrossrefSource) -> None:
    # Without a title that identifies the work, two wrong numbers make another work.
    text = f"{AUTHORS}. Dysregulated lymphatic drainage. J Imag Med. 2014;31(4):1170-9."
    resolution = resolve_reference(parsed(text), source)
    assert not isinstance(resolution, Matched)


# --------------------------------------------------------------------------- not found

FABRICATED = (
    "Thornbury AK, Welsby PJ, Osei-Mensah D. Quantum tunnelling of outpatient queues in "
    "volcanic island clinics. J Imag Med. 2019;47(2):77-84."
)


def test_a_reference_no_record_resembles_is_not_found(
    source: CrossrefSource, crossref_server: Any
) -> None:
    resolution = resolve_reference(parsed(FABRICATED), source)
    assert isinstance(resolution, Unresolved)
    searched = resolution.not_found
    assert [s.split(":")[0] for s in searched] == [
        "searched Crossref by the reference as printed",
        "searched Crossref by its title",
        "searched Crossref by its first authors, journal, year, volume and first page",
    ]
    assert [r.kind for r in crossref_server.requests] == ["search"] * 3
    checked = check_reference(parsed(FABRICATED), resolution)
    assert checked.status is Status.UNRESOLVED
    assert codes.NOT_IN_REGISTRY.code in codes_of(checked)
    assert codes.UNRESOLVED.code not in codes_of(checked)
    report = Report((FileReport("refs.txt", (checked,)),))
    document = json.loads(json.dumps(report_to_json(report)))
    assert document["files"][0]["references"][0]["not_found"]["searched"] == list(searched)
    assert document["summary"]["not_found"] == 1
    assert document["summary"]["unresolved"] == 1


def test_a_fabricated_reference_with_an_unregistered_doi(source: CrossrefSource) -> None:
    checked = check(f"{FABRICATED} doi:10.5555/rc10.made-up", source)
    assert checked.status is Status.UNRESOLVED
    assert {"RC201", "RC207"} <= codes_of(checked)
    assert any("10.5555/rc10.made-up is not registered" in s for s in checked.not_found)


def test_a_fabricated_reference_with_the_doi_of_another_work(source: CrossrefSource) -> None:
    checked = check(f"{FABRICATED} doi:{HAVERFORD_DOI}", source)
    assert checked.status is Status.UNRESOLVED
    assert checked.doi is None
    assert {"RC202", "RC207"} <= codes_of(checked)


def test_a_reference_with_a_resembling_record_is_not_called_not_found(
    source: CrossrefSource,
) -> None:
    # Right authors and place, another year: a record resembles it (RC204, not RC207).
    text = f"{AUTHORS}. Dysregulated lymphatic drainage. J Imag Med. 2014;31(4):1170-9."
    checked = check(text, source)
    assert checked.status is Status.UNRESOLVED
    assert checked.not_found == ()
    assert codes.UNRESOLVED.code in codes_of(checked)


# --------------------------------------------------------------------------- parse doubt


def test_a_published_correction_note_is_no_error(source: CrossrefSource) -> None:
    text = f"{QUINTERO} Published correction appears in J Imag Med. 2013;32(1):250."
    checked = check(text, source)
    assert checked.doi == QUINTERO_DOI
    assert checked.status is Status.VERIFIED
    assert errors_of(checked) == set()


def test_a_record_value_printed_unassigned_is_a_parse_note() -> None:
    record = Record(doi=QUINTERO_DOI, years=(2012,), volume="31", page="1150-1159")
    text = "Quintero LM. A title. J Imag Med. 2013;31(4):1150-9. Also printed 2012."
    reference = Reference(
        authors=(Author("Quintero", "LM"),),
        title="A title",
        year=2013,
        volume="31",
        issue="4",
        pages=Pages("1150", "1159"),
    )
    error = codes.finding(codes.YEAR_MISMATCH, "year 2013 is not ...", "2013", "2012")
    [note] = demote_parse_doubts((error,), reference, record, text)
    assert note.code == codes.PRINTED_ELSEWHERE.code
    assert note.severity is Severity.INFO
    assert note.field is FindingField.PARSE


def test_numbers_in_the_title_doi_or_other_fields_are_not_printed_elsewhere() -> None:
    reference = Reference(
        title="Outcomes in 2012 patients",
        year=2013,
        volume="31",
        issue="12",
        pages=Pages("1150", "1159"),
    )
    text = "Roe J. Outcomes in 2012 patients. J Imag Med. 2013;31(12):1150-9. doi:10.5555/2012.12"
    assert set(unassigned_numbers(reference, text)) == {"9"}
    record = Record(doi="10.5555/x", years=(2012,), volume="12", page="1150")
    volume = codes.finding(codes.VOLUME_MISMATCH, "volume 31 ...", "31", "12")
    year = codes.finding(codes.YEAR_MISMATCH, "year 2013 ...", "2013", "2012")
    # "12" is the issue and "2012" is in the title and the DOI: both errors stand.
    assert demote_parse_doubts((volume, year), reference, record, text) == (volume, year)


# --------------------------------------------------------------------------- near-twin links

LINKED_WORK = (
    "Okafor AN, Lindgren PE, Moreau C, et al. Genome-wide association of migraine "
    "susceptibility loci in forty island populations. J Imag Med. 2016;35(2):300-10."
)


def test_a_work_found_only_through_its_near_twins_links(
    source: CrossrefSource, crossref_server: Any
) -> None:
    # The work's 43 authors dilute its relevance: its preprint, correction, erratum,
    # expression of concern and meeting abstract fill the five rows of the search. The
    # notices' update-to and the preprint's is-preprint-of name the work, which is looked
    # up and validated like any candidate.
    resolution = resolve_reference(parsed(LINKED_WORK), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.5555/rc10.linked-work"
    # One search, then the work's own record: not in the search answer, nor searched again.
    assert [r.kind for r in crossref_server.requests] == ["search", "work"]
    # The notices found beside it are reported with the work.
    checked = check_reference(parsed(LINKED_WORK), resolution)
    assert codes.EXPRESSION_OF_CONCERN.code in codes_of(checked)
    assert codes.CORRECTED.code in codes_of(checked)


def test_a_translated_title_at_the_place_is_a_warning(source: CrossrefSource) -> None:
    # The record holds the Spanish title only: an English title at the same place is most
    # likely its translation, not another work's title.
    text = (
        "Albuja MJ, Zambrano F. Prevalence of type 2 diabetes in the older adults of the city "
        "of Quito. Rev Imag Salud Publica. 2017;19(3):201-9."
    )
    checked = check(text, source)
    assert checked.doi == "10.5555/rc10.quito"
    [finding] = [f for f in checked.findings if f.field is FindingField.TITLE]
    assert finding.code == codes.TITLE_MISMATCH.code
    assert "another language" in finding.message
    assert checked.status is Status.VERIFIED


def test_a_one_word_record_title_never_contradicts_the_cited_one(
    source: CrossrefSource,
) -> None:
    text = QUINTERO.replace(TITLE, "Editorial")
    assert not isinstance(resolve_reference(parsed(text), source), Matched)


def test_a_misspelt_coauthor_and_three_wrong_numbers_are_each_reported(
    source: CrossrefSource,
) -> None:
    text = QUINTERO.replace("Baxendale", "Baxendail").replace(
        PLACE, "J Imag Med. 2014;33(4):1170-9."
    )
    checked = check(text, source)
    assert checked.doi == QUINTERO_DOI
    errors = {f.code for f in checked.findings if f.severity is Severity.ERROR}
    assert errors == {"RC111", "RC102", "RC103", "RC105"}


def test_title_and_authors_in_a_contradicting_journal_are_not_the_work(
    source: CrossrefSource,
) -> None:
    # The same title and authors in another journal, every number wrong: the paper's other
    # version (a conference paper, a reprint), not this record.
    text = QUINTERO.replace(PLACE, "Proc Imag Surg Congr. 2014;7:88-93.")
    assert not isinstance(resolve_reference(parsed(text), source), Matched)


def test_a_journal_missing_a_word_of_the_records_is_a_warning(source: CrossrefSource) -> None:
    # "JAMA" printed for a paper of "JAMA Internal Medicine": the printed name is shorter.
    checked = check(VASQUEZ.replace("Circ Res.", "Circ."), source)
    assert checked.doi == VASQUEZ_DOI
    [finding] = [f for f in checked.findings if f.field is FindingField.JOURNAL]
    assert finding.severity is Severity.WARNING
    assert "research" in finding.message


def test_an_ieee_page_the_parser_shortened_is_a_parse_note() -> None:
    # "p. P49": the parser reads page 49; the record's article number P49 is printed.
    text = (
        'A. Smith and B. Jones, "A study of things in places," in Proc. IEEE Conf. Things, '
        "2015, p. P49."
    )
    reference = parsed(text).reference
    record = Record(
        doi="10.5555/x", title="A study of things in places", years=(2015,), article_number="P49"
    )
    errors = [f for f in compare_fields(reference, record) if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == [codes.PAGES_MISMATCH.code]
    [note] = demote_parse_doubts(tuple(errors), reference, record, text)
    assert note.code == codes.PRINTED_ELSEWHERE.code


def test_a_volume_numbered_by_year_is_not_a_second_year() -> None:
    # Hindawi numbers volumes by year; the parser read no volume from ", 2013, 14-22".
    text = "Velasco LF, Haro M. (2011). Tuning the activity. Journal of Catalysts, 2013, 14-22."
    reference = Reference(
        authors=(Author("Velasco", "LF"),), title="Tuning the activity", year=2011,
        pages=Pages("14", "22"),
    )  # fmt: skip
    record = Record(doi="10.5555/h", years=(2013,), volume="2013", page="1-9")
    year = codes.finding(codes.YEAR_MISMATCH, "year 2011 ...", "2011", "2013")
    assert demote_parse_doubts((year,), reference, record, text) == (year,)


def test_offline_the_first_search_answer_stands(source: CrossrefSource, tmp_path: Any) -> None:
    # Only the first search was cached: offline, the further searches are left out and the
    # reference is unresolved for the first search's reason, not "not in cache".
    cache = ResponseCache(tmp_path, timedelta(days=1))
    reference = parsed(FABRICATED)
    CachedSource(source, cache, base_url=source.base_url).search(search_query(reference), rows=5)
    offline = OfflineSource(cache, base_url=source.base_url)
    resolution = resolve_reference(reference, offline)
    assert isinstance(resolution, Unresolved)
    assert resolution.reason == "no search result is the cited work"
    assert len(resolution.not_found) == 1


@pytest.mark.parametrize(
    ("note", "code"),
    [
        ("Erratum in: J Imag Med. 2013;32(1):250.", "RC303"),
        ("Published correction appears in J Imag Med. 2013;32(1):250.", "RC303"),
        ("Retraction in: J Imag Med. 2014;33(2):99.", "RC301"),
    ],
)
def test_a_printed_notice_is_reported_with_the_work(
    source: CrossrefSource, note: str, code: str
) -> None:
    # Crossref's record links no notice; the reference itself prints one.
    checked = check(f"{QUINTERO} {note}", source)
    assert checked.doi == QUINTERO_DOI
    [finding] = [f for f in checked.findings if f.field is FindingField.RETRACTION]
    assert finding.code == code
    assert "as the reference itself prints" in finding.message
    assert not [f for f in checked.findings if f.field in (FindingField.YEAR, FindingField.PAGES)]


def test_a_title_opening_with_correction_is_no_notice() -> None:
    assert printed_notices("Roe J. Correction in the field of view. J Imag Med. 2012;1:1.") == ()
