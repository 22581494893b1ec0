"""Reference x matched record -> findings: what the reference gets wrong, and what happened
to the work since (retraction, expression of concern, correction).

One function per check. A field missing on either side never produces a finding: thin
records and short references are not errors.
"""

from __future__ import annotations

from refcheck.models import Finding, Record, RecordUpdate, Reference
from refcheck.validate import codes
from refcheck.validate.authors import (
    MAX_LISTED,
    AuthorDifference,
    AuthorDifferenceKind,
    compare_author_lists,
)
from refcheck.validate.evidence import (
    ANOTHER_JOURNAL,
    Agreement,
    Evidence,
    author_count_note,
    gather_evidence,
)
from refcheck.validate.text import normalize_doi

_RETRACTIONS = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
_CONCERNS = frozenset({"expression_of_concern"})
_CORRECTIONS = frozenset({"correction", "erratum", "corrigendum", "addendum", "clarification"})


def check_doi(reference: Reference, record: Record) -> tuple[Finding, ...]:
    cited = normalize_doi(reference.doi)
    expected = normalize_doi(record.doi)
    if cited is None or expected is None or cited == expected:
        return ()
    return (
        codes.finding(
            codes.DOI_OTHER_WORK,
            f"the DOI in the reference ({cited}) is not the DOI of the cited work ({expected})",
            cited,
            expected,
        ),
    )


_AUTHOR_DIFFERENCES = {
    AuthorDifferenceKind.MISSPELT: (
        codes.AUTHOR_MISSPELT,
        "author {k} is {expected} in the record, {cited} in the reference",
    ),
    AuthorDifferenceKind.INITIALS: (
        codes.AUTHOR_INITIALS,
        "author {k}'s initials differ: {cited} cited, {expected} in the record",
    ),
    AuthorDifferenceKind.ORDER: (
        codes.AUTHOR_ORDER,
        "authors {k} and {other} are in each other's places: the record's author {k} is "
        "{expected}, the reference's is {cited}",
    ),
    AuthorDifferenceKind.MISSING: (
        codes.AUTHOR_LIST_DIFFERS,
        "the record's author {k}, {expected}, is not in the reference",
    ),
    AuthorDifferenceKind.EXTRA: (
        codes.AUTHOR_LIST_DIFFERS,
        "author {k}, {cited}, is not among the record's authors",
    ),
    AuthorDifferenceKind.REPLACED: (
        codes.AUTHOR_LIST_DIFFERS,
        "author {k} is {expected} in the record, {cited} in the reference",
    ),
}


def _author_difference_finding(difference: AuthorDifference) -> Finding:
    code, template = _AUTHOR_DIFFERENCES[difference.kind]
    message = template.format(
        k=difference.position,
        other=difference.other_position,
        cited=difference.cited,
        expected=difference.expected,
    )
    return codes.finding(code, message, difference.cited, difference.expected)


def check_author_list(reference: Reference, record: Record, text: str) -> tuple[Finding, ...]:
    """Every printed author after the first against the record's (RC111, RC112, RC113, RC108)."""
    differences = compare_author_lists(reference.authors, record.authors, text)
    structural = [d for d in differences if d.kind is not AuthorDifferenceKind.INITIALS]
    if len(structural) > MAX_LISTED:
        # So many differences say the lists are not comparable name by name: one note.
        cited = "; ".join(a.family for a in reference.authors)
        expected = "; ".join(a.family for a in record.authors[: len(reference.authors) + 1])
        message = (
            f"the author list differs from the record's in {len(structural)} places "
            "(order, names or authors left out)"
        )
        return (codes.finding(codes.AUTHOR_LIST_DIFFERS, message, cited, expected),)
    return tuple(_author_difference_finding(d) for d in differences)


def check_authors(
    reference: Reference, record: Record, evidence: Evidence, text: str = ""
) -> tuple[Finding, ...]:
    found: list[Finding] = list(check_author_list(reference, record, text))
    first = evidence.authors
    if first.agreement in (Agreement.DISAGREE,) or (
        first.agreement is Agreement.CLOSE and first.detail == "first author differs"
    ):
        found.append(
            codes.finding(
                codes.AUTHOR_MISMATCH,
                f"first author is {first.expected} in the record, {first.cited} in the reference",
                first.cited,
                first.expected,
            )
        )
    elif first.agreement is Agreement.CLOSE:
        found.append(
            codes.finding(
                codes.AUTHOR_INITIALS,
                f"first author's initials differ: {first.cited} cited, {first.expected} "
                "in the record",
                first.cited,
                first.expected,
            )
        )
    note = author_count_note(reference, record)
    if note is not None:
        found.append(
            codes.finding(
                codes.AUTHOR_LIST_SHORT,
                note,
                str(len(reference.authors)),
                str(len(record.authors)),
            )
        )
    return tuple(found)


def check_title(evidence: Evidence) -> tuple[Finding, ...]:
    title = evidence.title
    if title.agreement is not Agreement.DISAGREE or title.cited is None:
        return ()
    return (
        codes.finding(
            codes.TITLE_MISMATCH,
            f"title differs from the record's (similarity {title.similarity or 0:.2f})",
            title.cited,
            title.expected,
        ),
    )


def check_journal(evidence: Evidence) -> tuple[Finding, ...]:
    journal = evidence.journal
    if journal.detail == ANOTHER_JOURNAL:
        return (
            codes.finding(
                codes.JOURNAL_OF_OTHER,
                f"journal {journal.cited!r} is another journal than the record's "
                f"{journal.expected!r} (NLM catalogue)",
                journal.cited,
                journal.expected,
            ),
        )
    if journal.agreement is not Agreement.DISAGREE and journal.detail:
        return (
            codes.finding(
                codes.JOURNAL_MISMATCH,
                f"journal {journal.cited!r} is not the record's {journal.expected!r}: "
                f"{journal.detail}",
                journal.cited,
                journal.expected,
            ),
        )
    if journal.agreement is not Agreement.DISAGREE:
        return ()
    return (
        codes.finding(
            codes.JOURNAL_MISMATCH,
            f"journal {journal.cited!r} does not name the record's {journal.expected!r}",
            journal.cited,
            journal.expected,
        ),
    )


def check_year(evidence: Evidence, record: Record) -> tuple[Finding, ...]:
    year = evidence.year
    if year.agreement not in (Agreement.DISAGREE, Agreement.CLOSE):
        return ()
    known = ", ".join(str(y) for y in sorted(set(record.years)))
    return (
        codes.finding(
            codes.YEAR_MISMATCH,
            f"year {year.cited} is not a publication year of the record ({known})",
            year.cited,
            year.expected,
        ),
    )


def check_volume(evidence: Evidence) -> tuple[Finding, ...]:
    volume = evidence.volume
    if volume.agreement is not Agreement.DISAGREE:
        return ()
    return (
        codes.finding(
            codes.VOLUME_MISMATCH,
            f"volume {volume.cited} differs from the record's {volume.expected}",
            volume.cited,
            volume.expected,
        ),
    )


def check_issue(evidence: Evidence) -> tuple[Finding, ...]:
    issue = evidence.issue
    if issue.agreement is not Agreement.DISAGREE:
        return ()
    return (
        codes.finding(
            codes.ISSUE_MISMATCH,
            f"issue {issue.cited} differs from the record's {issue.expected}",
            issue.cited,
            issue.expected,
        ),
    )


def check_pages(evidence: Evidence) -> tuple[Finding, ...]:
    pages = evidence.pages
    if pages.agreement is Agreement.DISAGREE:
        return (
            codes.finding(
                codes.PAGES_MISMATCH,
                f"pages {pages.cited} differ from the record's {pages.expected} (first page)",
                pages.cited,
                pages.expected,
            ),
        )
    if pages.agreement is Agreement.CLOSE:
        return (
            codes.finding(
                codes.LAST_PAGE_MISMATCH,
                f"pages {pages.cited}: the record's last page differs ({pages.expected})",
                pages.cited,
                pages.expected,
            ),
        )
    return ()


def _notice(update: RecordUpdate) -> str:
    parts = [p for p in (update.doi and f"notice {update.doi}", update.source) if p]
    return f" ({'; '.join(parts)})" if parts else ""


def check_updates(record: Record) -> tuple[Finding, ...]:
    """Retractions (error), expressions of concern and corrections (warning) of the work."""
    found: list[Finding] = []
    seen: set[str] = set()
    for update in record.updates:
        if update.direction != "updated-by":
            continue
        if update.type in _RETRACTIONS:
            code, what = codes.RETRACTED, "has been retracted"
        elif update.type in _CONCERNS:
            code, what = codes.EXPRESSION_OF_CONCERN, "is subject to an expression of concern"
        elif update.type in _CORRECTIONS:
            code, what = codes.CORRECTED, f"has a published {update.type.replace('_', ' ')}"
        else:
            continue
        if code.code in seen:
            continue
        seen.add(code.code)
        found.append(
            codes.finding(code, f"the cited work {what}{_notice(update)}", None, update.doi)
        )
    return tuple(found)


def compare_fields(reference: Reference, record: Record) -> tuple[Finding, ...]:
    """Every disagreement between the reference and its matched record, and the work's updates."""
    return compare_with_evidence(reference, record, gather_evidence(reference, record))


def compare_with_evidence(
    reference: Reference, record: Record, evidence: Evidence, text: str = ""
) -> tuple[Finding, ...]:
    """``text``, the reference as printed, tells a parser's misreading from an author's error."""
    return (
        *check_doi(reference, record),
        *check_authors(reference, record, evidence, text),
        *check_title(evidence),
        *check_journal(evidence),
        *check_year(evidence, record),
        *check_volume(evidence),
        *check_issue(evidence),
        *check_pages(evidence),
        *check_updates(record),
    )
