"""Style notes: what a Vancouver reference prints correctly but not in the NLM style.

Only one so far: a journal given by its full title where MEDLINE has an abbreviation
("Journal of Oral and Maxillofacial Surgery" for "J Oral Maxillofac Surg"). It is a note, never
an error: the reference names the right journal. It stays quiet for any printed form that is
itself a known abbreviation (the MEDLINE one with or without dots, or an ISO 4 variant), for
structured entries (.bib, .ris: the bibliography style prints the journal) and for references
not set in Vancouver's ``year;volume(issue):pages`` shape.
"""

from __future__ import annotations

import re

from refcheck.findings import FindingCode
from refcheck.journal_names import is_nlm_abbreviation, nlm_abbreviation, title_key
from refcheck.models import Finding, FindingField, ParsedReference, ReferenceType, Severity

JOURNAL_NOT_ABBREVIATED = FindingCode(
    "RC501", FindingField.STYLE, Severity.INFO, "journal-not-abbreviated"
)

STYLE_CODES: tuple[FindingCode, ...] = (JOURNAL_NOT_ABBREVIATED,)

# Vancouver's source: "2012;25(2):195", "2012 Mar;25:195", "2012;25 Suppl 1:S3".
_VANCOUVER_SOURCE = re.compile(r"\b(?:1[6-9]|20)\d\d\b[^;.]{0,25};\s*[A-Za-z]?\d+\w*\s*[(:]")


def is_vancouver_layout(text: str) -> bool:
    """Whether a printed reference has Vancouver's source shape (``2012;25(2):195``)."""
    return _VANCOUVER_SOURCE.search(text) is not None


def journal_style_findings(parsed: ParsedReference) -> tuple[Finding, ...]:
    """RC501 when a Vancouver reference spells out a journal that MEDLINE abbreviates."""
    reference = parsed.reference
    printed = reference.journal
    if (
        parsed.raw.fields is not None
        or reference.type is not ReferenceType.JOURNAL_ARTICLE
        or not printed
        or not is_vancouver_layout(parsed.raw.text)
    ):
        return ()
    abbreviation = nlm_abbreviation(printed)
    if abbreviation is None or title_key(abbreviation) == title_key(printed):
        return ()
    if is_nlm_abbreviation(printed):
        return ()  # an abbreviation already, in one of its accepted forms
    return (
        JOURNAL_NOT_ABBREVIATED.make(
            f"the journal is given in full; its NLM abbreviation is {abbreviation!r}",
            cited=printed,
            expected=abbreviation,
        ),
    )
