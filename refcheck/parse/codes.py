"""The parse stage's finding codes (RC001-RC099), each documented in docs/findings/."""

from __future__ import annotations

from refcheck.models import Finding, FindingField, Severity

EMPTY = "RC001"  # nothing left to parse
NO_YEAR = "RC002"  # no publication year could be read
NO_AUTHORS = "RC003"  # no author list and no group author at the start
NO_TITLE = "RC004"  # no title could be separated from the rest
INCOMPLETE_SOURCE = "RC005"  # a journal article without volume and pages
UNRECOGNISED_LAYOUT = "RC006"  # no known layout matched: only loose fields were read
EPUB_AHEAD = "RC007"  # "[Epub ahead of print]": volume and pages are not expected yet
BAD_FIELDS = "RC008"  # a structured (BibTeX/RIS) entry had fields of the wrong shape
INTERNAL_ERROR = "RC009"  # the parser failed on this input; nothing was read

_SEVERITY = {
    EMPTY: Severity.WARNING,
    NO_YEAR: Severity.WARNING,
    NO_AUTHORS: Severity.INFO,
    NO_TITLE: Severity.WARNING,
    INCOMPLETE_SOURCE: Severity.INFO,
    UNRECOGNISED_LAYOUT: Severity.WARNING,
    EPUB_AHEAD: Severity.INFO,
    BAD_FIELDS: Severity.WARNING,
    INTERNAL_ERROR: Severity.WARNING,
}

ALL_CODES = tuple(_SEVERITY)


def parse_finding(code: str, message: str, cited: str | None = None) -> Finding:
    """A finding on the ``parse`` field with the code's fixed severity."""
    return Finding(
        code=code,
        field=FindingField.PARSE,
        severity=_SEVERITY[code],
        message=message,
        cited=cited,
    )
