"""Parse doubt is never an author's error: a record's value printed in the reference anyway.

When the year, volume or first page the parser read disagrees with the matched record, but
the record's value is printed in the reference in a place the parser assigned to no field
(a trailing "Published correction appears in ..." note, an Epub date, an odd layout), the
disagreement is the parser's. Such an error finding becomes an RC116 note.

Numbers inside the title, a DOI or a URL are not "printed" for this purpose, and each number
the parser did assign (to any field) is taken out once, so a volume printed as the issue
still counts as wrong.
"""

from __future__ import annotations

import re
from collections import Counter

from refcheck.models import Finding, Record, Reference
from refcheck.validate import codes
from refcheck.validate.text import main_number, normalize_doi, page_key, split_page_range

_NUMBER = re.compile(r"(?<![\w.])[A-Za-z]?\d+[A-Za-z]?(?![\w])")
_DOI_OR_URL = re.compile(
    r"(?:\bdoi\s*:?\s*|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/\S+|(?:https?://|www\.)\S+",
    re.IGNORECASE,
)


_LOCATOR = re.compile(r"\b(?:1[89]|20)\d\d\b[^;:]{0,20};\s*\d")


def _key(token: str | None) -> str | None:
    return page_key(token) if token else None


def unassigned_numbers(reference: Reference, text: str) -> Counter[str]:
    """Numbers printed in the reference that the parser put in no field (as page keys)."""
    cleaned = _DOI_OR_URL.sub(" ", text)
    if reference.title and not _LOCATOR.search(reference.title):
        # (A title that swallowed "2006;166(4):431-6" was cut wrongly: its numbers count.)
        cleaned = cleaned.replace(reference.title, " ")
    printed = Counter(k for k in (_key(t) for t in _NUMBER.findall(cleaned)) if k)
    pages = reference.pages
    assigned = [
        str(reference.year) if reference.year is not None else None,
        main_number(reference.volume),
        main_number(reference.issue),
        _key(pages.first) if pages else None,
        _key(pages.last) if pages else None,
    ]
    printed.subtract(Counter(a for a in assigned if a))
    return +printed


def _record_values(record: Record) -> dict[str, set[str]]:
    pages = split_page_range(record.page)
    first = _key(pages.first) if pages else None
    return {
        codes.YEAR_MISMATCH.code: {str(year) for year in record.years},
        codes.VOLUME_MISMATCH.code: {v for v in (main_number(record.volume),) if v},
        codes.PAGES_MISMATCH.code: {p for p in (first, _key(record.article_number)) if p},
    }


def demote_parse_doubts(
    findings: tuple[Finding, ...], reference: Reference, record: Record, text: str
) -> tuple[Finding, ...]:
    """The findings, with each year, volume or first-page error whose record value is printed
    in the reference (unassigned) replaced by an RC116 note; likewise a DOI error when the
    record's DOI is printed in it."""
    values = _record_values(record)
    if not text or not any(f.code in values or f.code in _DOI_ERRORS for f in findings):
        return findings
    unassigned = unassigned_numbers(reference, text)
    # A year-like volume the parser did not read ("Journal of Catalysts, 2013, 1-9": Hindawi
    # numbers volumes by year) is the record's volume printed, not a second year.
    volume = main_number(record.volume)
    unread_volume = Counter({volume: 1}) if volume and reference.volume is None else Counter()
    years_printed = +(unassigned - unread_volume)
    printed_dois = {normalize_doi(d) for d in _DOI_IN_TEXT.findall(text)}
    result = []
    for finding in findings:
        expected = values.get(finding.code)
        numbers = years_printed if finding.code == codes.YEAR_MISMATCH.code else unassigned
        if expected is not None and expected & set(numbers):
            printed = sorted(expected & set(numbers))[0]
            result.append(_note(finding, printed))
        elif finding.code in _DOI_ERRORS and normalize_doi(record.doi) in printed_dois:
            result.append(_note(finding, record.doi))
        else:
            result.append(finding)
    return tuple(result)


_DOI_ERRORS = frozenset({codes.DOI_OTHER_WORK.code})
_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/[^\s,;]+")


def _note(finding: Finding, printed: str) -> Finding:
    return codes.finding(
        codes.PRINTED_ELSEWHERE,
        f"{finding.field.value} {finding.cited} read from the reference is not the record's "
        f"{finding.expected}, but {printed} is printed in it: a parse doubt, not an error",
        finding.cited,
        finding.expected,
    )
