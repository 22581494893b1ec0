"""The stable finding codes of the validate stage, each documented in docs/findings/<code>.md.

RC1xx: a field of the reference disagrees with the matched record.
RC2xx: the DOI and the resolution (not registered, another work, unresolved...).
RC3xx: the matched work has been retracted, corrected or flagged since.
"""

from __future__ import annotations

from refcheck.findings import FindingCode as Code
from refcheck.models import Finding, FindingField, Severity

AUTHOR_MISMATCH = Code("RC101", FindingField.AUTHORS, Severity.ERROR, "first-author-mismatch")
YEAR_MISMATCH = Code("RC102", FindingField.YEAR, Severity.ERROR, "year-mismatch")
VOLUME_MISMATCH = Code("RC103", FindingField.VOLUME, Severity.ERROR, "volume-mismatch")
ISSUE_MISMATCH = Code("RC104", FindingField.ISSUE, Severity.WARNING, "issue-mismatch")
PAGES_MISMATCH = Code("RC105", FindingField.PAGES, Severity.ERROR, "first-page-mismatch")
TITLE_MISMATCH = Code("RC106", FindingField.TITLE, Severity.WARNING, "title-mismatch")
JOURNAL_MISMATCH = Code("RC107", FindingField.JOURNAL, Severity.WARNING, "journal-mismatch")
AUTHOR_INITIALS = Code("RC108", FindingField.AUTHORS, Severity.WARNING, "author-initials-differ")
AUTHOR_LIST_SHORT = Code(
    "RC109", FindingField.AUTHORS, Severity.WARNING, "author-list-without-et-al"
)
LAST_PAGE_MISMATCH = Code("RC110", FindingField.PAGES, Severity.WARNING, "last-page-mismatch")
AUTHOR_MISSPELT = Code("RC111", FindingField.AUTHORS, Severity.ERROR, "author-misspelt")
AUTHOR_ORDER = Code("RC112", FindingField.AUTHORS, Severity.WARNING, "author-order-differs")
AUTHOR_LIST_DIFFERS = Code("RC113", FindingField.AUTHORS, Severity.WARNING, "author-list-differs")
TITLE_OF_OTHER_WORK = Code("RC114", FindingField.TITLE, Severity.ERROR, "title-of-another-work")
JOURNAL_OF_OTHER = Code("RC115", FindingField.JOURNAL, Severity.ERROR, "another-journal")
PRINTED_ELSEWHERE = Code("RC116", FindingField.PARSE, Severity.INFO, "value-printed-elsewhere")

DOI_NOT_REGISTERED = Code("RC201", FindingField.DOI, Severity.ERROR, "doi-not-registered")
DOI_OTHER_WORK = Code("RC202", FindingField.DOI, Severity.ERROR, "doi-points-to-another-work")
DOI_MISSING = Code("RC203", FindingField.DOI, Severity.INFO, "doi-missing")
UNRESOLVED = Code("RC204", FindingField.DOI, Severity.WARNING, "reference-not-found")
AMBIGUOUS = Code("RC205", FindingField.DOI, Severity.WARNING, "reference-ambiguous")
LOOKUP_FAILED = Code("RC206", FindingField.DOI, Severity.WARNING, "lookup-failed")
NOT_IN_REGISTRY = Code("RC207", FindingField.DOI, Severity.WARNING, "no-registry-record")

RETRACTED = Code("RC301", FindingField.RETRACTION, Severity.ERROR, "retracted")
EXPRESSION_OF_CONCERN = Code(
    "RC302", FindingField.RETRACTION, Severity.WARNING, "expression-of-concern"
)
CORRECTED = Code("RC303", FindingField.RETRACTION, Severity.WARNING, "corrected")

ALL_CODES: tuple[Code, ...] = (
    AUTHOR_MISMATCH,
    YEAR_MISMATCH,
    VOLUME_MISMATCH,
    ISSUE_MISMATCH,
    PAGES_MISMATCH,
    TITLE_MISMATCH,
    JOURNAL_MISMATCH,
    AUTHOR_INITIALS,
    AUTHOR_LIST_SHORT,
    LAST_PAGE_MISMATCH,
    AUTHOR_MISSPELT,
    AUTHOR_ORDER,
    AUTHOR_LIST_DIFFERS,
    TITLE_OF_OTHER_WORK,
    JOURNAL_OF_OTHER,
    PRINTED_ELSEWHERE,
    DOI_NOT_REGISTERED,
    DOI_OTHER_WORK,
    DOI_MISSING,
    UNRESOLVED,
    AMBIGUOUS,
    LOOKUP_FAILED,
    NOT_IN_REGISTRY,
    RETRACTED,
    EXPRESSION_OF_CONCERN,
    CORRECTED,
)


def finding(
    code: Code, message: str, cited: str | None = None, expected: str | None = None
) -> Finding:
    return code.make(message, cited=cited, expected=expected)
