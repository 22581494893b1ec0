"""resolve_reference and check_reference against the local Crossref test server (real HTTP)."""

from __future__ import annotations

from typing import Any

import pytest

from refcheck.models import (
    Ambiguous,
    Failed,
    Matched,
    ParsedReference,
    RawReference,
    Record,
    Severity,
    Skipped,
    Status,
    Unresolved,
)
from refcheck.parse import parse_reference
from refcheck.resolve.cache import OfflineSource
from refcheck.resolve.crossref import CrossrefSource
from refcheck.resolve.records import record_from_crossref
from refcheck.resolve.resolution import resolve_reference
from refcheck.validate import check_reference

KAPLAN = (
    "Kaplan EL, Meier P. Nonparametric estimation from incomplete observations. "
    "J Am Stat Assoc. 1958;53(282):457-81."
)
OBOKATA = (
    "Obokata H, Wakayama T, Sasai Y, Kojima K, Vacanti MP, Niwa H, et al. Stimulus-triggered "
    "fate conversion of somatic cells into pluripotency. Nature. 2014;505(7485):641-7."
)
BAEK = (
    "Baek M, DiMaio F, Anishchenko I, Dauparas J, Ovchinnikov S, Lee GR, et al. Accurate "
    "prediction of protein structures and interactions using a three-track neural network. "
    "Science. 2021;373(6557):871-6."
)


def parsed(text: str) -> ParsedReference:
    return parse_reference(RawReference(number=1, text=text, line=1))


@pytest.fixture
def source(crossref_server: Any) -> CrossrefSource:
    return CrossrefSource(crossref_server.url, max_retries=0, backoff_base=0.0)


def kinds(server: Any) -> list[str]:
    return [request.kind for request in server.requests]


def test_reference_without_doi_is_found_with_one_search(
    source: CrossrefSource, crossref_server: Any
) -> None:
    resolution = resolve_reference(parsed(KAPLAN), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1080/01621459.1958.10501452"
    assert 0.8 <= resolution.score <= 1
    assert kinds(crossref_server) == ["search"]
    assert crossref_server.requests[0].params.get("rows") == "5"


def test_correct_doi_needs_no_search(source: CrossrefSource, crossref_server: Any) -> None:
    resolution = resolve_reference(parsed(f"{KAPLAN} doi:10.1080/01621459.1958.10501452"), source)
    assert isinstance(resolution, Matched)
    assert resolution.findings == ()
    assert kinds(crossref_server) == ["work"]


@pytest.mark.parametrize(
    "error",
    [
        KAPLAN.replace("1958;", "1985;"),  # year
        KAPLAN.replace("53(282)", "35(282)"),  # volume
        KAPLAN.replace("457-81", "475-81"),  # first page
        KAPLAN.replace("Kaplan EL", "Kaplin EL"),  # first author misspelled
    ],
)
def test_one_wrong_field_still_matches_and_is_flagged(error: str, source: CrossrefSource) -> None:
    reference = parsed(error)
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1080/01621459.1958.10501452"
    checked = check_reference(reference, resolution)
    assert checked.status is Status.MISMATCH
    assert [f.code for f in checked.findings if f.severity is Severity.ERROR]


def test_doi_of_another_work_is_flagged_and_the_work_found(source: CrossrefSource) -> None:
    reference = parsed(f"{KAPLAN} doi:10.1016/S0021-9258(19)52451-6")
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1080/01621459.1958.10501452"
    (finding,) = resolution.findings
    assert (finding.code, finding.severity) == ("RC202", Severity.ERROR)
    assert finding.cited == "10.1016/s0021-9258(19)52451-6"
    assert finding.expected == "10.1080/01621459.1958.10501452"
    checked = check_reference(reference, resolution)
    assert checked.status is Status.MISMATCH
    assert checked.doi == "10.1080/01621459.1958.10501452"
    # One DOI finding, not a second one from the field comparison.
    assert [f.code for f in checked.findings if f.field.value == "doi"] == ["RC202"]


def test_preprint_doi_is_flagged_and_the_article_matched(source: CrossrefSource) -> None:
    resolution = resolve_reference(parsed(f"{BAEK} doi:10.1101/2021.06.14.448402"), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1126/science.abj8754"
    assert resolution.findings[0].code == "RC202"
    assert "preprint" in resolution.findings[0].message


def test_unregistered_doi_is_flagged_then_searched(
    source: CrossrefSource, crossref_server: Any
) -> None:
    resolution = resolve_reference(parsed(f"{KAPLAN} doi:10.1080/99999999"), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1080/01621459.1958.10501452"
    assert [f.code for f in resolution.findings] == ["RC201"]
    assert kinds(crossref_server) == ["work", "search"]


def test_absent_work_is_unresolved(source: CrossrefSource) -> None:
    text = (
        "Nobody N, Nowhere Q. Protein measurement in imaginary cells. "
        "J Biol Chem. 1951;193(1):301-9."
    )
    reference = parsed(text)
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Unresolved)
    checked = check_reference(reference, resolution)
    assert checked.status is Status.UNRESOLVED
    assert checked.doi is None and checked.score is None
    assert [f.code for f in checked.findings] == ["RC207"]


def test_retracted_work_is_matched_not_its_notice(source: CrossrefSource) -> None:
    reference = parsed(OBOKATA)
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1038/nature12968"
    checked = check_reference(reference, resolution)
    assert "RC301" in [f.code for f in checked.findings]
    assert checked.status is Status.MISMATCH


def test_a_reference_to_the_notice_itself_matches_the_notice(source: CrossrefSource) -> None:
    text = (
        "Obokata H, Wakayama T, Sasai Y. Retraction: Stimulus-triggered fate conversion of "
        "somatic cells into pluripotency. Nature. 2014;511(7507):112."
    )
    resolution = resolve_reference(parsed(text), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1038/nature13598"


def test_the_article_is_matched_not_its_preprint(source: CrossrefSource) -> None:
    resolution = resolve_reference(parsed(BAEK), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1126/science.abj8754"


def test_a_reference_to_the_preprint_matches_the_preprint(source: CrossrefSource) -> None:
    text = (
        "Baek M, DiMaio F, Anishchenko I, Dauparas J, Ovchinnikov S, Lee GR, et al. Accurate "
        "prediction of protein structures and interactions using a 3-track network. "
        "bioRxiv [Preprint]. 2021."
    )
    resolution = resolve_reference(parsed(text), source)
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1101/2021.06.14.448402"


def test_failed_lookup_becomes_failed(source: CrossrefSource, crossref_server: Any) -> None:
    crossref_server.queue_fault(status=503, times=20)
    reference = parsed(KAPLAN)
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Failed)
    checked = check_reference(reference, resolution)
    assert checked.status is Status.FAILED
    assert [f.code for f in checked.findings] == ["RC206"]


def test_offline_miss_becomes_unresolved() -> None:
    resolution = resolve_reference(parsed(KAPLAN), OfflineSource(None))
    assert isinstance(resolution, Unresolved)
    assert resolution.reason == "offline: not in cache"


class TwoCopies:
    """A WorkSource whose search answers the same work registered under two DOIs."""

    def __init__(self, record: Record) -> None:
        twin = dict(record.data) | {"DOI": "10.9999/duplicate"}
        self.records = (record, record_from_crossref(twin))

    def get_work(self, doi: str) -> Record | None:
        return None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        return self.records


def test_two_equally_good_records_are_ambiguous(source: CrossrefSource) -> None:
    record = source.get_work("10.1080/01621459.1958.10501452")
    assert record is not None
    reference = parsed(KAPLAN)
    resolution = resolve_reference(reference, TwoCopies(record))
    assert isinstance(resolution, Ambiguous)
    assert {r.doi for r, _ in resolution.candidates} == {
        "10.1080/01621459.1958.10501452",
        "10.9999/duplicate",
    }
    checked = check_reference(reference, resolution)
    assert checked.status is Status.AMBIGUOUS
    assert [f.code for f in checked.findings] == ["RC205"]


def test_web_page_is_skipped_without_a_request(
    source: CrossrefSource, crossref_server: Any
) -> None:
    text = (
        "World Health Organization. Global tuberculosis report 2023 [Internet]. Geneva: WHO; "
        "2023 [cited 2024 Jan 5]. Available from: https://www.who.int/publications/i/item/1"
    )
    reference = parsed(text)
    resolution = resolve_reference(reference, source)
    if reference.reference.type.value != "web":
        pytest.skip("the parser does not read this reference as a web page")
    assert isinstance(resolution, Skipped)
    assert check_reference(reference, resolution).status is Status.SKIPPED
    assert crossref_server.requests == []


class DebrisDoi:
    """A WorkSource that holds the work under its DOI with a trailing full stop (as some
    deposits do), so the look-up of the clean DOI misses and the search finds it."""

    def __init__(self, record: Record) -> None:
        self.record = record_from_crossref(dict(record.data) | {"DOI": f"{record.doi}."})

    def get_work(self, doi: str) -> Record | None:
        return None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        return (self.record,)


def test_unregistered_doi_that_is_the_records_own_is_no_error(source: CrossrefSource) -> None:
    record = source.get_work("10.1080/01621459.1958.10501452")
    assert record is not None
    reference = parsed(f"{KAPLAN} doi:10.1080/01621459.1958.10501452")
    resolution = resolve_reference(reference, DebrisDoi(record))
    assert isinstance(resolution, Matched)
    assert resolution.findings == ()


class NoticeOnlyLinked:
    """A WorkSource whose work record lacks ``updated-by``; only the notice links them."""

    def __init__(self, work: Record, notice: Record) -> None:
        data = {k: v for k, v in work.data.items() if k != "updated-by"}
        self.records = (record_from_crossref(data), notice)

    def get_work(self, doi: str) -> Record | None:
        return None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        return self.records


def test_a_retraction_linked_only_from_the_notice_is_reported(source: CrossrefSource) -> None:
    work = source.get_work("10.1038/nature12968")
    notice = source.get_work("10.1038/nature13598")
    assert work is not None and notice is not None
    reference = parsed(OBOKATA)
    resolution = resolve_reference(reference, NoticeOnlyLinked(work, notice))
    assert isinstance(resolution, Matched)
    assert resolution.record.doi == "10.1038/nature12968"
    retraction = [f for f in check_reference(reference, resolution).findings if f.code == "RC301"]
    assert [f.expected for f in retraction] == ["10.1038/nature13598"]


def test_a_cut_title_does_not_contradict_its_doi(
    source: CrossrefSource, crossref_server: Any
) -> None:
    # The title printed only up to "from": the DOI's record still is the cited work.
    cut = KAPLAN.replace("from incomplete observations", "from")
    resolution = resolve_reference(parsed(f"{cut} doi:10.1080/01621459.1958.10501452"), source)
    assert isinstance(resolution, Matched)
    assert resolution.findings == ()
    assert kinds(crossref_server) == ["work"]
    # Another title with the same words first is another work.
    other = KAPLAN.replace("from incomplete observations", "of survival curves")
    resolution = resolve_reference(parsed(f"{other} doi:10.1080/01621459.1958.10501452"), source)
    assert any(f.field.value == "doi" for f in resolution.findings)


class Answer:
    """A source whose search answers with fixed records (no DOI look-ups)."""

    def __init__(self, *records: Record) -> None:
        self.records = records

    def get_work(self, doi: str) -> Record | None:
        return None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        return self.records


def column(doi: str, issue: str, page: str) -> Record:
    return record_from_crossref(
        {
            "DOI": doi,
            "type": "journal-article",
            "title": ["Literature Review"],
            "author": [{"given": "James B", "family": "Talmage"}],
            "container-title": ["Guides Newsletter"],
            "issued": {"date-parts": [[1997]]},
            "volume": "2",
            "issue": issue,
            "page": page,
        }
    )


def test_a_short_title_needs_a_wide_lead_over_the_next_record() -> None:
    # Two "Literature Review" columns of one author in one volume, and a reference whose
    # first page is wrong: the numbers alone cannot say which column it cites.
    cited = parsed("Talmage JB. Literature Review. Guides Newsl. 1997;2(1):7-8.")
    first = column("10.9999/janfeb", "1", "4-8")
    other = column("10.9999/sepoct", "5", "7-7")
    assert isinstance(resolve_reference(cited, Answer(first, other)), Ambiguous)
    # With its page right, the reference's column leads by far.
    right = parsed("Talmage JB. Literature Review. Guides Newsl. 1997;2(1):4-8.")
    resolution = resolve_reference(right, Answer(first, other))
    assert isinstance(resolution, Matched) and resolution.record.doi == "10.9999/janfeb"
