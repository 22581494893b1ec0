"""Which of the records retrieved for a reference is the cited work.

Decisions only: ``refcheck.resolve.resolution`` retrieves (the DOI's record, the search
answers, the works near-twins link to) and asks these functions at each step. With a DOI,
the record must really be the cited work (a valid DOI of another work, the work's preprint
or its correction notice is the most harmful error a reference list can carry). Search
answers are validated against the parsed fields, and the best is accepted only when it is
clearly the cited work. Each record is judged once per reference: a near-twin of the work,
or a candidate scored against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from refcheck.folding import words
from refcheck.models import (
    Ambiguous,
    Finding,
    FindingField,
    Matched,
    ParsedReference,
    Record,
    RecordUpdate,
    Reference,
    Search,
    Unresolved,
)
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

# A DOI look-up is strong evidence on its own: the record need only be consistent with the
# reference (title not contradicting, at most one wrong field), not win a search.
_DOI_ACCEPT = 0.5


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


def judge_doi_record(parsed: ParsedReference, doi: str, record: Record | None) -> Matched | Finding:
    """The record the reference's DOI is registered for (``None``: not registered) is the
    cited work (``Matched``), or the finding that says why not."""
    if record is None:
        message = f"the DOI {doi} is not registered with Crossref"
        return codes.finding(codes.DOI_NOT_REGISTERED, message, doi, None)
    reference = parsed.reference
    candidate = score_candidate(reference, record, parsed.raw.text)
    twin = twin_kind(reference, record, parsed.raw.text)
    if twin is None and _doi_matches_work(reference, record, candidate):
        # The DOI itself is strong evidence; the fields only had to be consistent.
        score = max(candidate.score, 0.95)
        return Matched(record, round(score, 4), evidence=candidate.evidence)
    message = f"the DOI {doi} belongs to {_describe_other_work(record, twin)}"
    return codes.finding(codes.DOI_OTHER_WORK, message, doi, None)


@dataclass(frozen=True, slots=True)
class Judged:
    """The records of one answer, judged for one reference."""

    candidates: tuple[CandidateScore, ...]  # those that may be the cited work, best first
    twins: tuple[Record, ...]  # its near-twins: preprint, notices, abstracts (not scored)


def judge(parsed: ParsedReference, records: Iterable[Record], exclude: str | None) -> Judged:
    """Each record a near-twin or a scored candidate; records without a DOI, or with the
    DOI ``exclude`` (the cited DOI, already judged), are no candidates."""
    reference, text = parsed.reference, parsed.raw.text
    candidates = []
    twins = []
    for record in records:
        if twin_kind(reference, record, text) is not None:
            twins.append(record)
        elif record.doi and record.doi != exclude:
            candidates.append(score_candidate(reference, record, text))
    candidates.sort(key=lambda c: c.score, reverse=True)
    return Judged(tuple(candidates), tuple(twins))


def judge_linked(parsed: ParsedReference, records: Iterable[Record]) -> tuple[CandidateScore, ...]:
    """The works near-twins link to, scored as candidates (near-twins themselves left out)."""
    reference, text = parsed.reference, parsed.raw.text
    return tuple(
        score_candidate(reference, record, text)
        for record in records
        if twin_kind(reference, record, text) is None
    )


def score_twins(parsed: ParsedReference, twins: Iterable[Record]) -> tuple[CandidateScore, ...]:
    """Near-twins scored against the reference: whether their titles are the cited one's
    (their links are then worth following), whether they resemble it at all."""
    reference, text = parsed.reference, parsed.raw.text
    return tuple(score_candidate(reference, twin, text) for twin in twins)


# At most this many links from near-twins are followed per reference (one request each).
_MAX_LINKS = 2


def twin_links(twins: Iterable[CandidateScore], seen: set[str]) -> tuple[str, ...]:
    """The DOIs of the works that near-twins with the cited title point to, not ``seen``.

    A long record (hundreds of authors) can rank below its own retraction notice or
    preprint in a text search; the notice's ``update-to`` or the preprint's
    ``is-preprint-of`` names the work, which is then validated like any candidate.
    """
    targets: list[str] = []
    for twin in twins:
        if twin.evidence.title.agreement not in (Agreement.AGREE, Agreement.CLOSE):
            continue
        targets.extend(doi for doi in linked_works(twin.record) if doi not in seen)
    return tuple(dict.fromkeys(targets))[:_MAX_LINKS]


def accepted(candidates: Iterable[CandidateScore]) -> list[CandidateScore]:
    """Candidates that are the cited work: clearly by score, or named by title and authors;
    best first."""
    found = [c for c in candidates if (c.accepted and c.score >= ACCEPT) or c.identified]
    return sorted(found, key=lambda c: c.score, reverse=True)


def choose(
    found: Sequence[CandidateScore], records: tuple[Record, ...], findings: tuple[Finding, ...]
) -> Matched | Ambiguous:
    """The best of the accepted candidates ``found``, unless others come close to it;
    ``records`` are all the search answers (notices among them are the work's)."""
    best = found[0]
    margin = ambiguity_margin(best)
    close = [c for c in found[1:] if best.log_odds - c.log_odds < margin]
    if close:
        return Ambiguous(
            candidates=tuple((c.record, round(c.score, 4)) for c in (best, *close)),
            findings=findings,
        )
    # A candidate named by its title and authors is the work, whatever its numbers scored.
    score = max(best.score, ACCEPT)
    return Matched(_with_notices(best.record, records), round(score, 4), findings, best.evidence)


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


def titled_elsewhere(
    parsed: ParsedReference,
    ranked: Sequence[CandidateScore],
    records: tuple[Record, ...],
    findings: tuple[Finding, ...],
) -> Matched | None:
    """The one record the reference's authors and numbers place it on, when its title is
    another's: matched, with the finding that says so."""
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
        finding = codes.finding(codes.TITLE_MISMATCH, message, cited, title)
    else:
        finding = codes.finding(codes.TITLE_OF_OTHER_WORK, message, cited, title)
    score = max(work.score, ACCEPT)
    record = _with_notices(work.record, records)
    return Matched(record, round(score, 4), (*findings, finding), work.evidence)


def unresolved(
    ranked: Sequence[CandidateScore],
    twins: Sequence[CandidateScore],
    records: tuple[Record, ...],
    searches: Sequence[Search],
    findings: tuple[Finding, ...],
) -> Unresolved:
    """None of the ``records`` answered is the cited work. When none even resembles it (a
    near-twin of it, its preprint or correction notice, resembles it too): how the registry
    was searched."""
    reason = "no search result is the cited work" if records else "no search results"
    not_found: tuple[str, ...] = ()
    if not any(_resembles(c) for c in (*ranked, *twins)):
        reasons = [s.describe() for s in searches]
        reasons += [f.message for f in findings if f.field is FindingField.DOI]
        not_found = tuple(reasons)
    return Unresolved(reason, candidates=records, findings=findings, not_found=not_found)


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


def with_expected_doi(resolution: Matched) -> Matched:
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
