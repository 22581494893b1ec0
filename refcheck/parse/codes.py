"""The parse stage's finding codes (RC001-RC099), each documented in docs/findings/."""

from __future__ import annotations

from refcheck.findings import FindingCode
from refcheck.models import Finding, FindingField, Severity

_PARSE = FindingField.PARSE

EMPTY = FindingCode("RC001", _PARSE, Severity.WARNING, "empty-reference")
NO_YEAR = FindingCode("RC002", _PARSE, Severity.WARNING, "no-year")
# no author list and no group author at the start
NO_AUTHORS = FindingCode("RC003", _PARSE, Severity.INFO, "no-authors")
NO_TITLE = FindingCode("RC004", _PARSE, Severity.WARNING, "no-title")
# a journal article without volume and pages
INCOMPLETE_SOURCE = FindingCode("RC005", _PARSE, Severity.INFO, "incomplete-source")
# no known layout matched: only loose fields were read
UNRECOGNISED_LAYOUT = FindingCode("RC006", _PARSE, Severity.WARNING, "unrecognised-layout")
# "[Epub ahead of print]": volume and pages are not expected yet
EPUB_AHEAD = FindingCode("RC007", _PARSE, Severity.INFO, "epub-ahead-of-print")
# a structured (BibTeX/RIS) entry had fields of the wrong shape
BAD_FIELDS = FindingCode("RC008", _PARSE, Severity.WARNING, "bad-structured-fields")
# the parser failed on this input; nothing was read
INTERNAL_ERROR = FindingCode("RC009", _PARSE, Severity.WARNING, "parser-failed")
# longer than refcheck.limits.MAX_REFERENCE_CHARS: only its first and last part were read
TOO_LONG = FindingCode("RC010", _PARSE, Severity.WARNING, "reference-too-long")

ALL_CODES: tuple[FindingCode, ...] = (
    EMPTY,
    NO_YEAR,
    NO_AUTHORS,
    NO_TITLE,
    INCOMPLETE_SOURCE,
    UNRECOGNISED_LAYOUT,
    EPUB_AHEAD,
    BAD_FIELDS,
    INTERNAL_ERROR,
    TOO_LONG,
)


def parse_finding(code: FindingCode, message: str, cited: str | None = None) -> Finding:
    """A finding on the ``parse`` field with the code's fixed severity."""
    return code.make(message, cited=cited)
