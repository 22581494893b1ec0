"""A reference in another house style (APA, Harvard...) keeps its layout: only the wrong values
are replaced where they are printed.

Year, volume, issue, page range and DOI are replaced in place when the printed value occurs
exactly once in the text (as a whole number or identifier), and the result must read back with
the record's values. Anything else (authors, title, journal) cannot be swapped this way; the
caller then prints the whole reference in the chosen style.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from refcheck.models import RawReference, Reference

SUBSTITUTABLE = frozenset({"year", "volume", "issue", "pages", "doi"})


# A number inside a DOI or URL ("gmd-9-3751-2016") is not the printed volume or page.
_LINK = re.compile(r"(?:https?://|doi:\s*|\b10\.\d{4,9}/)\S+", re.IGNORECASE)


def _outside_links(text: str, matches: list[re.Match[str]]) -> list[re.Match[str]]:
    links = [link.span() for link in _LINK.finditer(text)]
    return [m for m in matches if not any(start <= m.start() < end for start, end in links)]


def _replace_once(
    text: str, pattern: str, new: str, *, flags: int = 0, in_links: bool = False
) -> str | None:
    matches = list(re.finditer(pattern, text, flags))
    if not in_links:
        matches = _outside_links(text, matches)
    if len(matches) != 1:
        return None
    match = matches[0]
    return text[: match.start()] + new + text[match.end() :]


def _token(value: str) -> str:
    return rf"(?<![\w.]){re.escape(value)}(?![\w])"


def substitute_values(
    raw: RawReference, printed: Reference, corrected: Reference, names: Sequence[str]
) -> str | None:
    """``raw.text`` with each field of ``names`` changed from its printed to its corrected
    value in place; None when one of them cannot be (absent, printed twice, not a value)."""
    if not set(names) <= SUBSTITUTABLE:
        return None
    text = raw.text
    for name in names:
        new_text = _substitute(text, name, printed, corrected)
        if new_text is None:
            return None
        text = new_text
    return text if text != raw.text else None


def _substitute(text: str, name: str, printed: Reference, corrected: Reference) -> str | None:
    if name == "pages":
        return _substitute_pages(text, printed, corrected)
    old = getattr(printed, name)
    new = getattr(corrected, name)
    if old is None or new is None:
        return None
    if name == "doi":
        return _replace_once(
            text, re.escape(str(old)), str(new), flags=re.IGNORECASE, in_links=True
        )
    return _replace_once(text, _token(str(old)), str(new))


def _substitute_pages(text: str, printed: Reference, corrected: Reference) -> str | None:
    old, new = printed.pages, corrected.pages
    if old is None or new is None or old.first is None or new.first is None:
        return None
    pattern = _token(old.first) + r"(?:(\s*[-–—]\s*)[\w]+)?"
    matches = _outside_links(text, list(re.finditer(pattern, text)))
    if len(matches) != 1:
        return None
    match = matches[0]
    dash = match.group(1)
    if dash and new.last and new.last != new.first:
        replacement = f"{new.first}{dash}{new.last}"
    elif new.last and new.last != new.first and not dash:
        replacement = f"{new.first}-{new.last}"
    else:
        replacement = new.first
    return text[: match.start()] + replacement + text[match.end() :]
