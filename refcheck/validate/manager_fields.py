"""A reference manager's metadata of a cited work against the reference as printed (RC408).

Word's citation fields (Zotero, Mendeley, EndNote) carry what the reference manager holds
about each cited work. When a field of it differs from the printed reference, one of the
two is wrong: the list was typed or edited by hand, or the library entry is. A difference
is reported only when the parser read the printed value and the manager's value appears
nowhere in the reference's text (a misread is not the author's error).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz

from refcheck.findings import FindingCode
from refcheck.folding import normal_text
from refcheck.models import CitedItem, Finding, FindingField, ParsedReference, Severity

__all__ = ["MANAGER_DIFFERS", "manager_findings"]

MANAGER_DIFFERS = FindingCode(
    "RC408", FindingField.CITATION, Severity.WARNING, "reference-manager-differs"
)

# Titles this similar (rapidfuzz ratio on normalised text, 0-100) are the same title.
_SAME_TITLE = 85.0


def manager_findings(
    items: Sequence[CitedItem], references: Sequence[ParsedReference]
) -> list[tuple[int, Finding]]:
    """(reference index, finding) for each field where the manager and the list differ;
    a work cited many times is compared once."""
    out: list[tuple[int, Finding]] = []
    seen: set[int] = set()
    for item in items:
        if item.reference in seen or not 0 <= item.reference < len(references):
            continue
        seen.add(item.reference)
        parsed = references[item.reference]
        for name, printed, held in _differences(item, parsed):
            where = f"citation {item.citation} on line {item.line}" if item.citation else ""
            message = (
                f"{item.manager} holds {name} {held!r} for this work ({where}); the reference "
                f"list prints {printed!r}. Update the library entry or the printed reference."
            )
            finding = MANAGER_DIFFERS.make(
                message, cited=printed, expected=held, line=parsed.raw.line
            )
            out.append((item.reference, finding))
    return out


def _differences(cited: CitedItem, parsed: ParsedReference) -> list[tuple[str, str, str]]:
    """(field name, printed value, manager's value) of each field that differs."""
    item = cited.record
    reference = parsed.reference
    text = normal_text(parsed.raw.text)
    pages = reference.pages.first if reference.pages else None
    family = reference.authors[0].family if reference.authors else None
    pairs = (
        ("year", _str(reference.year), _str(item.year)),
        ("volume", reference.volume, item.volume),
        ("issue", reference.issue, item.issue),
        ("first page", pages, item.first_page),
        ("DOI", reference.doi, item.doi),
        ("first author", None if reference.collective else family, item.first_author),
    )
    found = []
    for name, printed, held in pairs:
        if not printed or not held:
            continue
        if normal_text(printed) == normal_text(held) or _token_in(normal_text(held), text):
            continue
        if name == "first author" and _same_name(printed, held):
            continue
        found.append((name, printed, held))
    if reference.title and item.title and not _same_title(reference.title, item.title, text):
        found.append(("title", reference.title, item.title))
    return found


def _same_title(printed: str, held: str, text: str) -> bool:
    a, b = normal_text(printed), normal_text(held)
    if not a or not b or a in b or b in a:
        return True  # a subtitle left out or a title cut short is not a different title
    if fuzz.ratio(a, b) >= _SAME_TITLE:
        return True
    return bool(fuzz.partial_ratio(b, text) >= _SAME_TITLE)  # misread: it is printed


def _same_name(printed: str, held: str) -> bool:
    """ "van der Berg" / "Berg", "Smith-Jones" / "Smith Jones": one name."""
    a, b = normal_text(printed).replace(" ", ""), normal_text(held).replace(" ", "")
    return a.endswith(b) or b.endswith(a)


def _token_in(value: str, text: str) -> bool:
    return (
        bool(value) and re.search(rf"(?<![a-z0-9]){re.escape(value)}(?![a-z0-9])", text) is not None
    )


def _str(value: int | None) -> str | None:
    return None if value is None else str(value)
