"""Normalised forms of the strings a reference and a Crossref record share.

Printed references and Crossref metadata differ in case, accents, punctuation, markup,
dashes and abbreviations; these helpers reduce both sides to forms that can be compared.
"""

from __future__ import annotations

import re

from refcheck.doi import normalise_doi
from refcheck.folding import fold, words
from refcheck.models import Pages
from refcheck.parse.pages import expand_page_range

_DIGITS = re.compile(r"\d+")
# A page token: optional letter prefix ("S", "e", "A"), digits, optional letter suffix.
_PAGE_TOKEN = re.compile(r"^([A-Za-z]*)(\d+)([A-Za-z]*)$")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)


def squash(text: str | None) -> str:
    """Case-, accent-, space- and punctuation-insensitive form."""
    return "".join(words(text))


def normalize_doi(doi: str | None) -> str | None:
    """``https://doi.org/10.1/ABC.`` -> ``10.1/abc``; ``None`` for an empty DOI."""
    return normalise_doi(doi) or None if doi else None


def initials(given: str | None) -> str:
    """``"A. B."``, ``"AB"``, ``"Anne-Marie B"`` -> ``"AB"`` / ``"AMB"``.

    A run of capitals without separators (``"AB"``) is taken as initials already.
    """
    if not given:
        return ""
    text = given.strip()
    if re.fullmatch(r"[A-Z]{1,4}", text):
        return text
    parts = re.findall(r"[^\W\d_]+", text)
    return "".join(fold(part)[0] for part in parts if part).upper()


def main_number(value: str | None) -> str | None:
    """The leading number of a volume or issue (``"108 Suppl 2"`` -> ``"108"``), else squashed."""
    if not value:
        return None
    match = _DIGITS.search(value)
    if match is None:
        text = squash(value)
        return text or None
    return str(int(match.group()))


def number_set(value: str | None) -> set[str]:
    """Every number in a volume or issue (``"3-4"`` -> ``{"3", "4"}``)."""
    if not value:
        return set()
    return {str(int(n)) for n in _DIGITS.findall(value)}


def is_supplement(value: str | None) -> bool:
    """``"37 Suppl 1"``, ``"Supplement"``, ``"S2"``: a supplement volume or issue."""
    if not value:
        return False
    folded = fold(value)
    return bool(re.search(r"\bsup(?:pl|p|plement)?\b|\bsuppl", folded)) or bool(
        re.fullmatch(r"s\s*\d+", folded.strip())
    )


def _page_key(token: str) -> str:
    """Canonical form of one page token: prefix letters and number, no leading zeros."""
    token = token.strip()
    match = _PAGE_TOKEN.match(token)
    if match is None:
        return squash(token)
    prefix, number, suffix = match.groups()
    return f"{prefix.lower()}{int(number)}{suffix.lower()}"


def split_page_range(page: str | None) -> Pages | None:
    """Crossref ``page`` (``"195-206"``, ``"e1000913"``, ``"1530-9"``) -> expanded ``Pages``.

    The parser's reading of a printed range (``expand_page_range``), so that a record's
    ``"169-55"`` and a reference's are one range (169-255); strings it does not read as
    pages (``"1-"``, lists of ranges) are split at the first dash as they are.
    """
    if not page:
        return None
    pages = expand_page_range(page.strip())
    if pages is not None:
        return pages
    parts = [p.strip() for p in re.split(r"\s*[-–—‐‑]+\s*", page.strip(), maxsplit=1)]
    first = parts[0] or None
    if first is None:
        return None
    return Pages(first=first, last=parts[1] if len(parts) > 1 and parts[1] else None)


def page_key(page: str | None) -> str | None:
    """Comparable form of a single page (``"0195"`` -> ``"195"``, ``"E12"`` -> ``"e12"``)."""
    if not page:
        return None
    key = _page_key(page)
    return key or None


def page_number(page: str | None) -> int | None:
    """The numeric part of a page (``"S123"`` -> 123); ``None`` for roman or empty pages."""
    if not page:
        return None
    match = _PAGE_TOKEN.match(page.strip())
    if match is None:
        return None
    return int(match.group(2))


def is_roman(page: str | None) -> bool:
    return bool(page) and bool(_ROMAN.match(page.strip())) if page else False


# Publishers mark a retracted or withdrawn work by prefixing its own title ("RETRACTED:",
# "RETRACTED ARTICLE:", "WITHDRAWN:"); the record stays the work's, not a notice.
_WORK_MARK = re.compile(r"^\s*(?:retracted(?:\s+article)?|withdrawn)\s*:\s*", re.IGNORECASE)


def has_work_mark(title: str | None) -> bool:
    """Whether the title carries a publisher's "RETRACTED:" or "WITHDRAWN:" mark."""
    return bool(title) and _WORK_MARK.match(title or "") is not None


def without_work_mark(title: str) -> str:
    """The title without a publisher's "RETRACTED:" or "WITHDRAWN:" mark."""
    return _WORK_MARK.sub("", title, count=1)


# Function words that tell the language of a title; a title in one language and a record
# in another is most often a translated title, not another work.
_LANGUAGE_WORDS = {
    "en": frozenset({"the", "of", "and", "with", "for", "in", "on", "to", "from", "by", "an"}),
    "es": frozenset({"de", "la", "el", "los", "las", "y", "con", "para", "del", "por", "en"}),
    "pt": frozenset({"de", "da", "do", "dos", "das", "em", "e", "com", "para", "na", "no"}),
    "fr": frozenset({"de", "la", "le", "les", "des", "et", "du", "pour", "dans", "sur", "un"}),
    "de": frozenset({"der", "die", "das", "und", "mit", "von", "fur", "bei", "im", "zur", "zum"}),
}


def title_language(title: str | None) -> str | None:
    """The language whose function words a title uses most (two at least), else ``None``."""
    title_words = words(title)
    counts = {
        language: sum(word in function_words for word in title_words)
        for language, function_words in _LANGUAGE_WORDS.items()
    }
    best = max(counts.values(), default=0)
    winners = [language for language, count in counts.items() if count == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None
