"""Structured entries (BibTeX, RIS): the shared ``fields`` shape and its Vancouver rendering.

``fields`` keys: ``type`` (the contract's reference types), ``authors`` and ``editors``
(lists of ``{"family", "given", "suffix"}``, ``given`` as initials without dots),
``collective``, ``et_al``, ``title``, ``journal`` (the container: journal, or book for a
chapter), ``year``, ``volume``, ``issue``, ``pages``, ``doi``, ``pmid``, ``url``,
``publisher``, ``place``, ``edition``. Absent fields are left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

Person = dict[str, str | None]

# Words that make a name a group author ("WHO Expert Committee", "Cochrane Collaboration").
GROUP_WORDS = re.compile(
    r"\b(?:organi[sz]ation|association|society|group|committee|council|institute|ministry|"
    r"department|collaborat\w*|consortium|cent(?:er|re)|agency|network|foundation|"
    r"universit\w*|team|panel|investigators|office|commission|who|cdc)\b",
    re.IGNORECASE,
)


def initials(given: str) -> str:
    """``"Hsien-Tzung"`` -> ``"HT"``, ``"J. C."`` -> ``"JC"``, ``"AB"`` stays ``"AB"``."""
    words = [word for word in re.split(r"[\s.\-‐]+", given) if word]
    if len(words) == 1 and words[0].isupper() and len(words[0]) <= 4:
        return words[0]
    return "".join(word[0].upper() for word in words if word[0].isalpha())


def person(family: str, given: str | None = None, suffix: str | None = None) -> Person:
    family = " ".join(family.split())
    given_initials = initials(given) if given else ""
    return {
        "family": family,
        "given": given_initials or None,
        "suffix": suffix.strip(" .,") if suffix else None,
    }


def _name(author: Mapping[str, Any]) -> str:
    parts = [str(author.get("family") or "")]
    if author.get("given"):
        parts.append(str(author["given"]))
    if author.get("suffix"):
        parts.append(str(author["suffix"]))
    return " ".join(part for part in parts if part)


def _names(people: Sequence[Mapping[str, Any]], collective: str | None, et_al: bool) -> str:
    names = [_name(author) for author in people]
    if collective:
        names.append(collective)
    text = ", ".join(name for name in names if name)
    if et_al and text:
        text += ", et al"
    return text


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".?!" else text + "."


def render_vancouver(fields: Mapping[str, Any]) -> str:
    """A readable Vancouver-style line for a structured entry (for people and reports; the
    parser reads ``fields`` itself)."""
    authors = _names(
        fields.get("authors") or [], fields.get("collective"), fields.get("et_al", False)
    )
    title = fields.get("title") or ""
    container = fields.get("journal") or ""
    kind = fields.get("type") or "other"
    parts: list[str] = []
    if authors:
        parts.append(_sentence(authors))
    if title:
        parts.append(_sentence(title))
    if kind == "journal-article" or (container and kind not in ("book", "chapter", "thesis")):
        parts += _serial_parts(fields, kind, container)
    else:
        parts += _book_parts(fields, kind, container)
    parts += _identifier_parts(fields)
    return " ".join(parts)


def _serial_parts(fields: Mapping[str, Any], kind: str, container: str) -> list[str]:
    """``In: Journal. 2020;12(3):45-52.``: the container and its citation."""
    parts: list[str] = []
    if kind == "chapter" or kind == "conference":
        parts.append("In:")
    if container:
        parts.append(_sentence(container))
    citation = str(fields.get("year") or "")
    if volume := fields.get("volume") or "":
        citation += f";{volume}"
    if issue := fields.get("issue") or "":
        citation += f"({issue})"
    if pages := fields.get("pages") or "":
        citation += f":{pages}"
    if citation:
        parts.append(_sentence(citation))
    return parts


def _book_parts(fields: Mapping[str, Any], kind: str, container: str) -> list[str]:
    """``In: Editors, editors. Book. 2nd ed. Place: Publisher; 2020. p. 45-52.``"""
    parts: list[str] = []
    if kind == "chapter" and container:
        editors = _names(fields.get("editors") or [], None, False)
        parts.append("In:")
        if editors:
            parts.append(f"{editors}, editors.")
        parts.append(_sentence(container))
    if fields.get("edition"):
        parts.append(_sentence(f"{fields['edition']} ed"))
    year = str(fields.get("year") or "")
    imprint = ": ".join(
        str(value) for value in (fields.get("place"), fields.get("publisher")) if value
    )
    if imprint and year:
        parts.append(f"{imprint}; {year}.")
    elif imprint or year:
        parts.append(_sentence(imprint or year))
    if pages := fields.get("pages") or "":
        parts.append(_sentence(f"p. {pages}"))
    return parts


def _identifier_parts(fields: Mapping[str, Any]) -> list[str]:
    """``doi:...`` (else ``Available from: url``) and ``PMID: ...``."""
    parts: list[str] = []
    if fields.get("doi"):
        parts.append(f"doi:{fields['doi']}")
    elif fields.get("url"):
        parts.append(f"Available from: {fields['url']}")
    if fields.get("pmid"):
        parts.append(f"PMID: {fields['pmid']}.")
    return parts


def drop_empty(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, "", [], ())}
