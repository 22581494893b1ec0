"""How confident are we that a record is the cited work? A score in [0, 1].

Each field contributes log-odds-like weight: agreement adds, disagreement subtracts,
absence adds nothing. The weights let ONE disagreeing field (a wrong year, volume, first
page or a misspelled first author: the errors a checker exists to catch) be outweighed
when the title and the other fields agree, while a record that merely shares authors,
journal or topic (a different paper) stays far below the threshold because its title
disagrees strongly.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace

from refcheck.folding import words
from refcheck.models import FindingField, Record, Reference
from refcheck.validate.evidence import (
    Agreement,
    Evidence,
    FieldEvidence,
    family_agreement,
    gather_evidence,
)
from refcheck.validate.text import main_number, page_key, split_page_range

# Score at or above which a candidate is accepted.
ACCEPT = 0.8
# Two accepted candidates whose log-odds are closer than this are ambiguous.
AMBIGUITY_MARGIN = 1.0
# The same when the best one's title is too short to identify a work ("Literature Review"):
# two columns of one author in one volume then differ only in numbers, one of which may be
# the reference's error.
SHORT_TITLE_AMBIGUITY_MARGIN = 3.0
# Titles shorter than this do not identify a work on their own.
_IDENTIFYING_TITLE_WORDS = 4

_WEIGHTS: dict[str, dict[Agreement, float]] = {
    "authors": {Agreement.AGREE: 1.5, Agreement.CLOSE: 0.6, Agreement.DISAGREE: -2.0},
    "year": {Agreement.AGREE: 1.0, Agreement.CLOSE: -0.2, Agreement.DISAGREE: -1.5},
    "volume": {Agreement.AGREE: 1.0, Agreement.CLOSE: 0.3, Agreement.DISAGREE: -1.5},
    "issue": {Agreement.AGREE: 0.3, Agreement.CLOSE: 0.0, Agreement.DISAGREE: -0.6},
    "pages": {Agreement.AGREE: 1.5, Agreement.CLOSE: 0.8, Agreement.DISAGREE: -1.5},
    "journal": {Agreement.AGREE: 0.7, Agreement.CLOSE: 0.0, Agreement.DISAGREE: -0.7},
}
# Log-odds at which the score is 0.5; calibrated so that a title match plus two agreeing
# fields clears ACCEPT, and a title match alone does not.
_CENTRE = 2.5
_SPREAD = 1.2


def _title_weight(evidence: FieldEvidence) -> float:
    if evidence.agreement is Agreement.UNKNOWN or evidence.similarity is None:
        return 0.0
    similarity = evidence.similarity
    # Piecewise linear: 1.0 -> +4, 0.9 -> +3, 0.8 -> +1, 0.7 -> -1.5, 0.5 and below -> -5.
    points = ((0.5, -5.0), (0.7, -1.5), (0.8, 1.0), (0.9, 3.0), (1.0, 4.0))
    if similarity <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        if similarity <= x1:
            return y0 + (y1 - y0) * (similarity - x0) / (x1 - x0)
    return points[-1][1]


@dataclass(frozen=True, slots=True)
class CandidateScore:
    record: Record
    evidence: Evidence
    log_odds: float
    score: float
    accepted: bool  # passes the rules beyond the bare score (thin records)
    # The title and the authors name this work, whatever its numbers say (see ``identifies``).
    identified: bool = False


def ambiguity_margin(candidate: CandidateScore) -> float:
    """How far ahead of the next accepted candidate ``candidate`` must be to be chosen."""
    title = candidate.evidence.title
    if title.expected and len(words(title.expected)) < _IDENTIFYING_TITLE_WORDS:
        return SHORT_TITLE_AMBIGUITY_MARGIN
    return AMBIGUITY_MARGIN


def _field_weight(name: str, evidence: FieldEvidence) -> float:
    return _WEIGHTS[name].get(evidence.agreement, 0.0)


def score_evidence(evidence: Evidence) -> tuple[float, float]:
    """(log-odds, score in [0, 1])."""
    total = _title_weight(evidence.title)
    total += _field_weight("authors", evidence.authors)
    total += _field_weight("year", evidence.year)
    total += _field_weight("volume", evidence.volume)
    total += _field_weight("issue", evidence.issue)
    total += _field_weight("pages", evidence.pages)
    total += _field_weight("journal", evidence.journal)
    score = 1 / (1 + math.exp(-(total - _CENTRE) / _SPREAD))
    return total, score


_LOCATED = (Agreement.AGREE, Agreement.CLOSE)


def _passes_rules(evidence: Evidence) -> bool:
    """Rules a bare sum cannot express."""
    disagreeing = [
        e
        for e in (evidence.authors, evidence.year, evidence.volume, evidence.pages)
        if e.agreement is Agreement.DISAGREE
    ]
    if evidence.title.agreement is Agreement.UNKNOWN:
        # No title to compare (a thin record): the first author, volume and first page must
        # agree, and nothing else may disagree (thin records often lack the year).
        needed = (evidence.authors, evidence.volume, evidence.pages)
        others = (evidence.year, evidence.journal, evidence.issue)
        return all(e.agreement is Agreement.AGREE for e in needed) and not any(
            e.agreement is Agreement.DISAGREE for e in others
        )
    if evidence.title.agreement is Agreement.DISAGREE:
        return False
    if evidence.title.agreement is Agreement.CLOSE:
        # Journal, year, volume and issue are shared by every article of an issue, so they
        # cannot tell a merely similar title ("Amputation Evaluation: Sixth Edition
        # Approaches" and "Range of Motion Evaluation: Sixth Edition Approaches") from
        # the cited one; only the first page locates the article within its issue. And a
        # title that is only close leaves no room for a wrong field: a letter and the
        # reply to it share their page and most of their title, not their first author.
        return evidence.pages.agreement in _LOCATED and not disagreeing
    if len(words(evidence.title.expected)) < _IDENTIFYING_TITLE_WORDS:
        # A title of a few words ("Literature Review", "Editorial") is shared by other works
        # of the same author and journal, even in the same volume: every printed locator
        # counts then, the issue too.
        disagreeing += [e for e in (evidence.issue,) if e.agreement is Agreement.DISAGREE]
    # One wrong field is what refcheck reports; two are usually a different work...
    if len(disagreeing) <= 1:
        return True
    # ...unless a long title and the first author agree exactly: two wrong numbers (the year
    # and volume of the online-first version, say) do not make another work of it.
    title = evidence.title
    strong_title = (title.similarity or 0.0) >= 0.95 and len(words(title.expected)) >= 5
    year_and_volume = {e.field for e in disagreeing} == {FindingField.YEAR, FindingField.VOLUME}
    return year_and_volume and strong_title and evidence.authors.agreement is Agreement.AGREE


_NUMBER_TOKEN = re.compile(r"[A-Za-z]?\d+[A-Za-z]?")


def _printed_numbers(text: str) -> set[str]:
    return {page_key(token) or token for token in _NUMBER_TOKEN.findall(text)}


def soften_for_scoring(evidence: Evidence, record: Record, text: str) -> Evidence:
    """A disagreeing number that the printed text does contain is more likely a parser slip
    (a year read from "Epub 2010", a volume from an erratum note) than a wrong reference:
    for scoring, such a field counts as unknown. Findings still use the parsed values.
    """
    if not text:
        return evidence
    printed = _printed_numbers(text)
    changes: dict[str, FieldEvidence] = {}
    if evidence.year.agreement is Agreement.DISAGREE and any(
        str(year) in printed for year in record.years
    ):
        changes["year"] = replace(evidence.year, agreement=Agreement.UNKNOWN)
    if evidence.volume.agreement is Agreement.DISAGREE and main_number(record.volume) in printed:
        changes["volume"] = replace(evidence.volume, agreement=Agreement.UNKNOWN)
    record_pages = split_page_range(record.page)
    first_page = page_key(record_pages.first) if record_pages else None
    if evidence.pages.agreement is Agreement.DISAGREE and first_page in printed:
        changes["pages"] = replace(evidence.pages, agreement=Agreement.UNKNOWN)
    return replace(evidence, **changes) if changes else evidence


# A title that identifies a work by itself: long, and (nearly) word for word the record's.
_IDENTITY_TITLE_SIMILARITY = 0.95
_IDENTITY_TITLE_WORDS = 6


def identifies(reference: Reference, record: Record, evidence: Evidence) -> bool:
    """Whether the title and the authors alone name this record, whatever the numbers say.

    Independent evidence, not a count of agreeing fields: a long title (word for word) and
    the first two authors (or the first author and the journal, for a single author)
    identify a work, unless the journal contradicts them; its year, volume and pages are
    then what the reference got wrong.
    """
    title = evidence.title
    if (title.similarity or 0.0) < _IDENTITY_TITLE_SIMILARITY:
        return False
    if len(words(title.expected)) < _IDENTITY_TITLE_WORDS or evidence.title.cited is None:
        return False
    if evidence.authors.agreement is not Agreement.AGREE:
        return False
    # A journal that contradicts: the same paper's conference version, or its reprint.
    if evidence.journal.agreement is Agreement.DISAGREE:
        return False
    if len(reference.authors) >= 2 and len(record.authors) >= 2:
        # The second author may be misspelt (RC111 says so), not another person.
        second, _ = family_agreement(reference.authors[1], record.authors[1])
        return second in (Agreement.AGREE, Agreement.CLOSE)
    return evidence.journal.agreement is Agreement.AGREE


def score_candidate(reference: Reference, record: Record, text: str = "") -> CandidateScore:
    evidence = gather_evidence(reference, record, text)
    softened = soften_for_scoring(evidence, record, text)
    log_odds, score = score_evidence(softened)
    return CandidateScore(
        record,
        evidence,
        log_odds,
        score,
        _passes_rules(softened),
        identifies(reference, record, evidence),
    )


def locates(reference: Reference, record: Record, evidence: Evidence) -> bool:
    """Whether the reference's authors, year, volume and first page place it on this record.

    Every one must be printed and agree, and the second author too when both lists have
    one (with a single author, the journal must agree as well): together they point at one
    article of one issue, whatever title the reference gives it.
    """
    located = (evidence.authors, evidence.year, evidence.volume)
    if not all(e.agreement is Agreement.AGREE for e in located):
        return False
    if evidence.pages.agreement not in _LOCATED:
        return False
    if len(reference.authors) >= 2 and len(record.authors) >= 2:
        # Two authors, the year, volume and first page: the journal may be misprinted.
        second, _ = family_agreement(reference.authors[1], record.authors[1])
        return second is Agreement.AGREE
    return evidence.journal.agreement in (Agreement.AGREE, Agreement.CLOSE)
