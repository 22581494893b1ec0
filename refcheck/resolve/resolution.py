"""Which Crossref record is the cited work? ``resolve_reference`` answers with a Resolution.

Retrieval step by step, each step only when the ones before found nothing; what the answers
mean is decided by ``refcheck.validate.match``, which sends no request:

1. With a DOI, its record: the cited work, or a DOI finding and on to the search.
2. The search by the reference as printed (``candidates.first_search``).
3. The works its near-twins link to (a notice's ``update-to``, a preprint's relation).
4. The title and place searches (``candidates.further_searches``).

The matcher is imported after the first request of a look-up, not with this module: the
first request of a run needs only its query, and the matcher (with rapidfuzz and the journal
tables, some 20-35 ms) loads while that answer is on its way.
"""

from __future__ import annotations

from refcheck.doi import normalise_doi
from refcheck.errors import LookupFailed, OfflineMiss
from refcheck.models import (
    Failed,
    Finding,
    Matched,
    ParsedReference,
    ReferenceType,
    Resolution,
    Skipped,
    Unresolved,
)
from refcheck.resolve.candidates import first_search, further_searches, linked_records
from refcheck.resolve.interface import WorkSource


def _is_web_page(parsed: ParsedReference) -> bool:
    """A web page proper: no container, volume or pages (an online journal article cited
    "[Internet]" has them, and is searched like any article)."""
    reference = parsed.reference
    if reference.type is not ReferenceType.WEB:
        return False
    return not (reference.journal or reference.volume or reference.pages)


def resolve_reference(parsed: ParsedReference, source: WorkSource) -> Resolution:
    """Find the record of the cited work. Never raises for a failed look-up: that becomes
    ``Failed`` (offline and not cached: ``Unresolved``). A cache-only view's ``NotCached``
    goes through, so the caller can ask the network instead."""
    findings: list[Finding] = []
    try:
        resolution = _resolve(parsed, source, findings)
    except LookupFailed as exc:
        return Failed(str(exc) or "Crossref look-up failed", findings=tuple(findings))
    except OfflineMiss:
        return Unresolved("offline: not in cache", findings=tuple(findings))
    if isinstance(resolution, Matched):
        from refcheck.validate.match import with_expected_doi

        return with_expected_doi(resolution)
    return resolution


def _resolve(parsed: ParsedReference, source: WorkSource, findings: list[Finding]) -> Resolution:
    printed = parsed.reference.doi
    doi = (normalise_doi(printed) or None) if printed else None
    if doi is None and _is_web_page(parsed):
        return Skipped("a web page: not a work Crossref registers")
    if doi is not None:
        record = source.get_work(doi)
        from refcheck.validate.match import judge_doi_record

        verdict = judge_doi_record(parsed, doi, record)
        if isinstance(verdict, Matched):
            return verdict
        findings.append(verdict)
    return _search(parsed, source, tuple(findings), exclude=doi)


def _search(
    parsed: ParsedReference, source: WorkSource, findings: tuple[Finding, ...], exclude: str | None
) -> Resolution:
    search = first_search(parsed, source)
    from refcheck.validate import match

    records = search.records
    judged = match.judge(parsed, records, exclude)
    found = match.accepted(judged.candidates)
    if found:
        return match.choose(found, records, findings)
    twins = match.score_twins(parsed, judged.twins)
    seen = {r.doi for r in records} | ({exclude} if exclude else set())
    linked = match.judge_linked(parsed, linked_records(match.twin_links(twins, seen), source))
    found = match.accepted(linked)
    if found:
        return match.choose(found, records, findings)
    further = further_searches(parsed.reference, source)
    known = {r.doi for r in records}
    more = tuple({r.doi: r for s in further for r in s.records if r.doi not in known}.values())
    records = (*records, *more)
    judged_more = match.judge(parsed, more, exclude)
    found = match.accepted(judged_more.candidates)
    if found:
        return match.choose(found, records, findings)
    ranked = sorted(
        (*judged.candidates, *judged_more.candidates), key=lambda c: c.score, reverse=True
    )
    work = match.titled_elsewhere(parsed, ranked, records, findings)
    if work is not None:
        return work
    twins += match.score_twins(parsed, judged_more.twins)
    return match.unresolved(ranked, twins, records, (search, *further), findings)
