"""Which Crossref record is the cited work? ``resolve_reference`` answers with a Resolution.

With a DOI: look it up and make sure the record really is the cited work (a valid DOI of
another work, the work's preprint or its correction notice is the most harmful error a
reference list can carry); if it is not, say so and search. Without one: a single
bibliographic search with a few rows, as Crossref advises, whose items are full records,
then validate each candidate against the parsed fields and accept the best only when it
is clearly the cited work.
"""

from __future__ import annotations

import re
from dataclasses import replace

from refcheck.errors import LookupFailed, OfflineMiss
from refcheck.folding import words
from refcheck.limits import MAX_REFERENCE_CHARS
from refcheck.models import (
    Ambiguous,
    Failed,
    Finding,
    FindingField,
    Matched,
    ParsedReference,
    Record,
    RecordUpdate,
    Reference,
    ReferenceType,
    Resolution,
    Skipped,
    Unresolved,
)
from refcheck.resolve.candidates import Search, further_searches
from refcheck.resolve.interface import WorkSource
from refcheck.validate import codes
from refcheck.validate.evidence import Agreement, title_is_cut
from refcheck.validate.scoring import (
    ACCEPT,
    CandidateScore,
    ambiguity_margin,
    locates,
    score_candidate,
)
from refcheck.validate.text import normalize_doi, title_language
from refcheck.validate.twins import linked_works, twin_kind

SEARCH_ROWS = 5
# A DOI look-up is strong evidence on its own: the record need only be consistent with the
# reference (title not contradicting, at most one wrong field), not win a search.
_DOI_ACCEPT = 0.5

_DOI_TEXT = re.compile(
    r"(?:\bdoi\s*:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+", re.IGNORECASE
)
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_IDENTIFIER_TEXT = re.compile(
    r"\b(?:PMID|PMCID)\s*:?\s*\S+|\[(?:cited|accessed)\b[^\]]*\]|\bEpub\b[^.;]*[.;]?",
    re.IGNORECASE,
)


# Function words carry no weight in a relevance ranking but every one costs the server a
# posting-list walk; dropping them roughly halves search time on a full-text index.
_FUNCTION_WORDS = (
    *("the", "of", "and", "in", "on", "an", "for", "with", "to", "by", "from", "at", "as"),
    *("is", "are", "was", "were", "its", "or", "into", "after", "during", "between", "among"),
    *("via", "than", "that", "this", "their", "be", "not"),
)
# Case-sensitive, and never the bare "A": in "Gutierrez A Jr" it is an initial.
_STOP_WORDS = re.compile(
    r"\b(?:a|" + "|".join(w + "|" + w.capitalize() for w in _FUNCTION_WORDS) + r")\b\s*"
)


def search_query(parsed: ParsedReference) -> str:
    """The reference as printed, without the DOI, URLs, identifiers (they only add noise) and
    English function words (they only add server work). A reference longer than
    ``MAX_REFERENCE_CHARS`` is searched by its parsed fields instead."""
    if len(parsed.raw.text) > MAX_REFERENCE_CHARS:
        return _fields_query(parsed.reference) or parsed.raw.text[:MAX_REFERENCE_CHARS]
    text = _DOI_TEXT.sub(" ", parsed.raw.text)
    text = _URL_TEXT.sub(" ", text)
    text = _IDENTIFIER_TEXT.sub(" ", text)
    text = _STOP_WORDS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or parsed.raw.text


def _fields_query(reference: Reference) -> str:
    """First author, title, container, year, volume and first page, as one search text."""
    author = reference.authors[0].family if reference.authors else reference.collective
    pages = reference.pages.first if reference.pages else None
    year = str(reference.year) if reference.year is not None else None
    parts = (author, reference.title, reference.journal, year, reference.volume, pages)
    return " ".join(part for part in parts if part)


def _is_web_page(parsed: ParsedReference) -> bool:
    """A web page proper: no container, volume or pages (an online journal article cited
    "[Internet]" has them, and is searched like any article)."""
    reference = parsed.reference
    if reference.type is not ReferenceType.WEB:
        return False
    return not (reference.journal or reference.volume or reference.pages)


def _doi_matches_work(reference: Reference, record: Record, candidate: CandidateScore) -> bool:
    if (candidate.accepted and candidate.score >= _DOI_ACCEPT) or candidate.identified:
        return True
    evidence = candidate.evidence
    if evidence.title.agreement is Agreement.AGREE and evidence.authors.agreement in (
        Agreement.AGREE,
        Agreement.CLOSE,
    ):
        # The DOI's record has the cited title and first author: it is the work, however
        # many of the numbers are wrong.
        return True
    fields = (evidence.authors, evidence.year, evidence.volume, evidence.pages)
    agreeing = sum(e.agreement is Agreement.AGREE for e in fields)
    disagreeing = sum(e.agreement is Agreement.DISAGREE for e in fields)
    if evidence.title.agreement is Agreement.DISAGREE and title_is_cut(reference.title, record):
        # A title cut short does not contradict the DOI's record when the rest agrees.
        return agreeing >= 2 and disagreeing <= 1
    if evidence.title.agreement is not Agreement.UNKNOWN:
        return False
    # A thin record without a title: the DOI vouches for it unless the fields it has
    # contradict the reference (nothing agrees but something disagrees, or two disagree).
    # The journal only counts for: journal names are too often misread or abbreviated.
    agreeing += evidence.journal.agreement is Agreement.AGREE
    return disagreeing == 0 or (agreeing >= 2 and disagreeing <= 1)


def _describe_other_work(record: Record, twin: str | None) -> str:
    if twin is not None:
        return f"a {twin} of the cited work, not the work itself"
    title = record.title or "an untitled record"
    by = f" by {record.authors[0].family} et al." if record.authors else ""
    return f"another work: {title!r}{by}"


def _rank(
    parsed: ParsedReference, records: tuple[Record, ...], exclude: str | None
) -> list[CandidateScore]:
    """Candidates that may be the cited work (no near-twins), best first."""
    reference = parsed.reference
    text = parsed.raw.text
    ranked = []
    for record in records:
        if not record.doi or record.doi == exclude:
            continue
        if twin_kind(reference, record, text) is not None:
            continue
        ranked.append(score_candidate(reference, record, text))
    ranked.sort(key=lambda c: c.score, reverse=True)
    return ranked


# At most this many links from near-twins are followed per reference (one request each).
_MAX_LINKS = 2


def _follow_twin_links(
    parsed: ParsedReference,
    source: WorkSource,
    twins: list[Record],
    seen: set[str],
) -> list[CandidateScore]:
    """The works that near-twins of the cited work point to, scored as candidates.

    A long record (hundreds of authors) can rank below its own retraction notice or
    preprint in a text search; the notice's ``update-to`` or the preprint's
    ``is-preprint-of`` names the work, which is then validated like any candidate.
    """
    reference = parsed.reference
    text = parsed.raw.text
    targets: list[str] = []
    for twin in twins:
        evidence = score_candidate(reference, twin, text).evidence
        if evidence.title.agreement not in (Agreement.AGREE, Agreement.CLOSE):
            continue
        targets.extend(doi for doi in linked_works(twin) if doi not in seen)
    found = []
    for doi in list(dict.fromkeys(targets))[:_MAX_LINKS]:
        seen.add(doi)
        record = source.get_work(doi)
        if record is None or twin_kind(reference, record, text) is not None:
            continue
        found.append(score_candidate(reference, record, text))
    return found


def _accepted(ranked: list[CandidateScore]) -> list[CandidateScore]:
    """Candidates that are the cited work: clearly by score, or named by title and authors."""
    accepted = [c for c in ranked if (c.accepted and c.score >= ACCEPT) or c.identified]
    return sorted(accepted, key=lambda c: c.score, reverse=True)


# Fewer words do not name a work: such a title can neither identify nor contradict one.
_IDENTIFYING_WORDS = 4
# A record whose title is this like the cited one may be the work, cited badly. Lower
# similarities come from titles that share a phrase (or half the words) with the cited one.
_RESEMBLING_TITLE = 0.8


def _resembles(candidate: CandidateScore) -> bool:
    """Whether a candidate is like enough to the reference that the registry may know it."""
    evidence = candidate.evidence
    if (evidence.title.similarity or 0.0) >= _RESEMBLING_TITLE:
        return True
    # The first author with two of year, journal, volume and first page (the volume or page
    # among them): a work of this author at nearly this place.
    if evidence.authors.agreement is not Agreement.AGREE:
        return False
    numbers = sum(e.agreement is Agreement.AGREE for e in (evidence.volume, evidence.pages))
    dated = sum(e.agreement is Agreement.AGREE for e in (evidence.year, evidence.journal))
    return numbers >= 1 and numbers + dated >= 2


def _place(reference: Reference) -> str:
    pages = reference.pages.first if reference.pages is not None else None
    place = f"{reference.journal} {reference.year};{reference.volume}:{pages}"
    by = f" by {reference.authors[0].family} {reference.authors[0].given or ''}".rstrip()
    return f"{place}{by} et al." if len(reference.authors) > 1 else f"{place}{by}"


def _titled_elsewhere(
    parsed: ParsedReference, ranked: list[CandidateScore]
) -> tuple[CandidateScore, Finding] | None:
    """The one record the reference's authors and numbers place it on, when its title is
    another's: the record, and the finding that says so."""
    reference = parsed.reference
    placed = [c for c in ranked if locates(reference, c.record, c.evidence)]
    if len(placed) != 1 or placed[0].evidence.title.agreement is Agreement.UNKNOWN:
        return None
    work = placed[0]
    title = work.evidence.title.expected or work.record.title
    cited = reference.title
    if len(words(title)) < _IDENTIFYING_WORDS or len(words(cited)) < _IDENTIFYING_WORDS:
        return None  # "Editorial", "Abstracts": a record's title too short to contradict
    owners = [
        c.record.doi
        for c in ranked
        if c.record.doi != work.record.doi and c.evidence.title.agreement is Agreement.AGREE
    ]
    owner = f"; the cited title is that of {owners[0]}" if owners else ""
    message = f"the work at {_place(reference)} is titled {title!r}{owner}"
    languages = {title_language(cited), title_language(title)}
    if len(languages) == 2 and None not in languages and not owners:
        # Most likely the title translated (SciELO, Russian and Chinese journals): a warning.
        message += " (in another language: if the cited title is a translation, say so)"
        return work, codes.finding(codes.TITLE_MISMATCH, message, cited, title)
    return work, codes.finding(codes.TITLE_OF_OTHER_WORK, message, cited, title)


def _not_found(
    parsed: ParsedReference,
    searches: list[Search],
    findings: tuple[Finding, ...],
    ranked: list[CandidateScore],
    twins: list[Record],
) -> tuple[str, ...]:
    """How the registry was searched, when nothing it answered resembles the reference (a
    near-twin of it, its preprint or correction notice, resembles it too)."""
    reference, text = parsed.reference, parsed.raw.text
    twin_scores = [score_candidate(reference, twin, text) for twin in twins]
    if any(_resembles(c) for c in (*ranked, *twin_scores)):
        return ()
    reasons = [s.describe() for s in searches]
    reasons += [f.message for f in findings if f.field is FindingField.DOI]
    return tuple(reasons)


def _search(
    parsed: ParsedReference, source: WorkSource, findings: tuple[Finding, ...], exclude: str | None
) -> Resolution:
    query = search_query(parsed)
    records = source.search(query, rows=SEARCH_ROWS)
    searches = [Search("bibliographic", query, records)]
    ranked = _rank(parsed, records, exclude)
    accepted = _accepted(ranked)
    twins = [r for r in records if twin_kind(parsed.reference, r, parsed.raw.text) is not None]
    if not accepted:
        seen = {r.doi for r in records} | ({exclude} if exclude else set())
        linked = _follow_twin_links(parsed, source, twins, seen)
        accepted = _accepted(linked)
    if not accepted:
        further = further_searches(parsed.reference, source)
        searches.extend(further)
        known = {r.doi for r in records}
        more = tuple({r.doi: r for s in further for r in s.records if r.doi not in known}.values())
        records = (*records, *more)
        new = _rank(parsed, more, exclude)
        twins += [r for r in more if twin_kind(parsed.reference, r, parsed.raw.text) is not None]
        accepted = _accepted(new)
        ranked = sorted([*ranked, *new], key=lambda c: c.score, reverse=True)
    if not accepted:
        elsewhere = _titled_elsewhere(parsed, ranked)
        if elsewhere is not None:
            work, finding = elsewhere
            score = max(work.score, ACCEPT)
            found = (*findings, finding)
            return Matched(_with_notices(work.record, records), round(score, 4), found)
        reason = "no search result is the cited work" if records else "no search results"
        not_found = _not_found(parsed, searches, findings, ranked, twins)
        return Unresolved(reason, candidates=records, findings=findings, not_found=not_found)
    best = accepted[0]
    margin = ambiguity_margin(best)
    close = [c for c in accepted[1:] if best.log_odds - c.log_odds < margin]
    if close:
        return Ambiguous(
            candidates=tuple((c.record, round(c.score, 4)) for c in (best, *close)),
            findings=findings,
        )
    # A candidate named by its title and authors is the work, whatever its numbers scored.
    score = max(best.score, ACCEPT)
    return Matched(_with_notices(best.record, records), round(score, 4), findings)


def _with_notices(record: Record, records: tuple[Record, ...]) -> Record:
    """The record, with the notices about it found in the same search answer.

    Crossref sometimes links a retraction or correction only from the notice (its
    ``update-to``), not from the work (``updated-by``); a notice that ranked next to the
    work still tells that the work was retracted.
    """
    known = {(u.type, u.doi) for u in record.updates if u.direction == "updated-by"}
    added = []
    for other in records:
        for update in other.updates:
            if update.direction != "update-to" or update.doi != record.doi:
                continue
            if (update.type, other.doi) in known:
                continue
            known.add((update.type, other.doi))
            added.append(
                RecordUpdate("updated-by", update.type, other.doi, update.source, update.label)
            )
    if not added:
        return record
    return replace(record, updates=(*record.updates, *added))


def _resolve(parsed: ParsedReference, source: WorkSource, findings: list[Finding]) -> Resolution:
    reference = parsed.reference
    doi = normalize_doi(reference.doi)
    if doi is None and _is_web_page(parsed):
        return Skipped("a web page: not a work Crossref registers")
    if doi is not None:
        record = source.get_work(doi)
        if record is None:
            findings.append(
                codes.finding(
                    codes.DOI_NOT_REGISTERED,
                    f"the DOI {doi} is not registered with Crossref",
                    doi,
                    None,
                )
            )
        else:
            candidate = score_candidate(reference, record, parsed.raw.text)
            twin = twin_kind(reference, record, parsed.raw.text)
            if twin is None and _doi_matches_work(reference, record, candidate):
                # The DOI itself is strong evidence; the fields only had to be consistent.
                score = max(candidate.score, 0.95)
                return Matched(record, round(score, 4), tuple(findings))
            findings.append(
                codes.finding(
                    codes.DOI_OTHER_WORK,
                    f"the DOI {doi} belongs to {_describe_other_work(record, twin)}",
                    doi,
                    None,
                )
            )
    return _search(parsed, source, tuple(findings), exclude=doi)


def resolve_reference(parsed: ParsedReference, source: WorkSource) -> Resolution:
    """Find the record of the cited work. Never raises: failures become ``Failed``."""
    findings: list[Finding] = []
    try:
        resolution = _resolve(parsed, source, findings)
    except LookupFailed as exc:
        return Failed(str(exc) or "Crossref look-up failed", findings=tuple(findings))
    except OfflineMiss:
        return Unresolved("offline: not in cache", findings=tuple(findings))
    if isinstance(resolution, Matched):
        return _with_expected_doi(resolution)
    return resolution


def _with_expected_doi(resolution: Matched) -> Matched:
    """Fill in the right DOI as ``expected`` of a DOI finding, now that it is known.

    A DOI reported as unregistered that turns out to be the matched record's own (Crossref
    holds it with a trailing full stop or other debris) was no error after all.
    """
    matched_doi = resolution.record.doi
    findings = []
    for finding in resolution.findings:
        same_doi = normalize_doi(finding.cited) == normalize_doi(matched_doi)
        if finding.field is FindingField.DOI and same_doi:
            continue
        if finding.code in _DOI_CODES and finding.expected is None:
            finding = replace(
                finding,
                message=f"{finding.message}; the cited work is {matched_doi}",
                expected=matched_doi,
            )
        findings.append(finding)
    return replace(resolution, findings=tuple(findings))


_DOI_CODES = frozenset({codes.DOI_OTHER_WORK.code, codes.DOI_NOT_REGISTERED.code})
