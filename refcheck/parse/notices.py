"""Notices printed after a reference: "Erratum in: ...", "Retraction in: ...".

MEDLINE (and the AMA's "Published correction appears in ...") print, after a reference,
notes about other works: the notices published about the cited work, the comments on it,
the work it updates. The grammar drops them (``notice_start``) so that their numbers are not
read as the work's; validate reads the corrections, retractions and expressions of concern
among them (``printed_notices``) as what they are: the reference itself says that the work
was corrected or retracted. One pattern serves both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# MEDLINE's "<Kind> in:" (with the colon: "Correction in the ..." may open a title) and the
# AMA's "Published correction appears in". The first three groups are notices about the
# cited work; ``other`` names other works linked to it ("Comment in:", "Erratum for:").
_NOTICE = re.compile(
    r"\b(?:"
    r"(?P<retraction>(?:Retraction|Retracted)\s+in\s*:"
    r"|Published\s+retraction\s+appears?\s+in\b)"
    r"|(?P<concern>Expression\s+of\s+concern\s+in\s*:)"
    r"|(?P<correction>(?:Erratum|Errata|Corrigendum|Correction)\s+in\s*:"
    r"|Published\s+(?:correction|erratum)\s+appears?\s+in\b)"
    r"|(?P<other>(?:Erratum|Errata|Comment|Retraction|Retracted|Update|"
    r"Corrected\s+and\s+republished|Republished|Expression\s+of\s+concern)"
    r"\s+(?:in|for|of|from)\s*:)"
    r")",
    re.IGNORECASE,
)
# What a notice cites: up to four sentence-like pieces ("J Imag Med. 2013;32(1):250").
_TARGET = re.compile(r"\s*[^.]*(?:\.[^.]*){0,3}")


def notice_start(text: str) -> int | None:
    """Where the first printed notice starts in ``text`` (its notes run to the end)."""
    match = _NOTICE.search(text)
    return match.start() if match is not None else None


@dataclass(frozen=True, slots=True)
class PrintedNotice:
    kind: str  # "correction", "retraction" or "concern"
    text: str  # the notice as printed ("Erratum in: Clin Pharmacol Ther. 2011;89(1):148")


def printed_notices(text: str) -> tuple[PrintedNotice, ...]:
    """The correction, retraction and concern notices printed in a reference, in order."""
    matches = list(_NOTICE.finditer(text))
    found = []
    for index, match in enumerate(matches):
        kind = match.lastgroup
        if kind is None or kind == "other":
            continue
        # A notice cites up to the next one: "Erratum in: A. Retraction in: B." is two.
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        target = _TARGET.match(text, match.end(), end)
        stop = target.end() if target is not None else match.end()
        found.append(PrintedNotice(kind, text[match.start() : stop].strip().rstrip(".")))
    return tuple(found)
