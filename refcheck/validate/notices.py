"""Notices printed after a reference: "Erratum in: ...", "Retraction in: ...".

MEDLINE (and the AMA's "Published correction appears in ...") print, after a reference,
the notices published about the cited work. The parser drops them so that their numbers
are not read as the work's; here they are read as what they are: the reference itself says
that the work was corrected or retracted. The matched work is then reported with that
notice (RC303, RC301) even when Crossref's record does not link it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# MEDLINE's "<Kind> in:" (with the colon: "Correction in the ..." may open a title) and
# the AMA's "Published correction appears in".
_NOTICE = re.compile(
    r"\b(?:"
    r"(?P<retraction>(?:Retraction|Retracted)\s+in\s*:)"
    r"|(?P<concern>Expression\s+of\s+concern\s+in\s*:)"
    r"|(?P<correction>(?:Erratum|Errata|Corrigendum|Correction)\s+in\s*:"
    r"|Published\s+(?:correction|erratum)\s+appears?\s+in\b)"
    r")\s*(?P<target>[^.]*(?:\.[^.]*){0,3})",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class PrintedNotice:
    kind: str  # "correction", "retraction" or "concern"
    text: str  # the notice as printed ("Erratum in: Clin Pharmacol Ther. 2011;89(1):148")


def printed_notices(text: str) -> tuple[PrintedNotice, ...]:
    """The correction, retraction and concern notices printed in a reference, in order."""
    found = []
    for match in _NOTICE.finditer(text):
        kind = next(k for k in ("retraction", "concern", "correction") if match.group(k))
        found.append(PrintedNotice(kind, match.group(0).strip().rstrip(".")))
    return tuple(found)
