"""Reference managers' citation fields in Word documents.

Zotero (``ADDIN ZOTERO_ITEM CSL_CITATION {json}``) and Mendeley (``ADDIN CSL_CITATION
{json}``) store each citation as CSL JSON with every cited item's metadata; EndNote
(``ADDIN EN.CITE <EndNote>...``) stores its records as XML. A field says exactly which
works a citation cites, and what the reference manager holds about each of them.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from typing import Any

from refcheck.doi import normalise_doi
from refcheck.models import ManagerRecord

__all__ = ["CitationField", "FieldCitation", "read_citation_field"]


@dataclass(frozen=True, slots=True)
class CitationField:
    manager: str  # "Zotero", "Mendeley", "EndNote"
    items: tuple[ManagerRecord, ...]  # empty when the field holds no readable metadata


@dataclass(frozen=True, slots=True)
class FieldCitation:
    """A citation field as it stands in the body: its line, what it holds, its printed
    text and the numbers printed in it (none for an author-year citation)."""

    line: int
    field: CitationField
    printed: str
    numbers: tuple[int, ...]


_ZOTERO = re.compile(r"^\s*ADDIN\s+ZOTERO_ITEM\b", re.IGNORECASE)
_MENDELEY = re.compile(r"^\s*ADDIN\s+CSL_CITATION\b", re.IGNORECASE)
_ENDNOTE = re.compile(r"^\s*ADDIN\s+EN\.CITE\b", re.IGNORECASE)
_DTD = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_FIRST_PAGE = re.compile(r"^\s*([^\s\-–—,;]+)")
_TAGS = re.compile(r"<[^>]{0,200}>")
# Field instructions hold one citation: far less than this, unless crafted.
_MAX_INSTRUCTION = 2_000_000
# Works cited by one citation that are read (a real one cites a few dozen at most).
_MAX_ITEMS = 100


def read_citation_field(instruction: str) -> CitationField | None:
    """The citation a field instruction holds, or None when it is not a citation field.

    Never raises: unreadable metadata gives a field with no items (its printed numbers
    still count)."""
    if _ZOTERO.match(instruction):
        return CitationField("Zotero", _csl_items(instruction))
    if _MENDELEY.match(instruction):
        return CitationField("Mendeley", _csl_items(instruction))
    if _ENDNOTE.match(instruction):
        return CitationField("EndNote", _endnote_items(instruction))
    return None


# --------------------------------------------------------------------------- CSL JSON


def _csl_items(instruction: str) -> tuple[ManagerRecord, ...]:
    start = instruction.find("{")
    if start < 0 or len(instruction) > _MAX_INSTRUCTION:
        return ()
    try:
        data, _ = json.JSONDecoder().raw_decode(instruction, start)
    except (ValueError, RecursionError):
        return ()
    items = data.get("citationItems") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return ()
    found = []
    for entry in items[:_MAX_ITEMS]:
        item = entry.get("itemData") if isinstance(entry, dict) else None
        if isinstance(item, dict):
            found.append(_csl_item(item))
    return tuple(found)


def _csl_item(item: dict[str, Any]) -> ManagerRecord:
    authors = item.get("author")
    first_author = None
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        first_author = _text(authors[0].get("family")) or _text(authors[0].get("literal"))
    return ManagerRecord(
        title=_text(item.get("title")),
        first_author=first_author,
        year=_csl_year(item.get("issued")),
        volume=_text(item.get("volume")),
        issue=_text(item.get("issue")),
        first_page=_first_page(_text(item.get("page"))),
        doi=_doi(_text(item.get("DOI"))),
    )


def _csl_year(issued: Any) -> int | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        return _year(str(parts[0][0]))
    raw = issued.get("raw") or issued.get("literal")
    return _year(raw) if isinstance(raw, str) else None


# --------------------------------------------------------------------------- EndNote XML


def _endnote_items(instruction: str) -> tuple[ManagerRecord, ...]:
    start = instruction.find("<EndNote")
    if start < 0 or len(instruction) > _MAX_INSTRUCTION or _DTD.search(instruction):
        return ()  # EN.CITE.DATA keeps the records base64-encoded elsewhere; no DTDs
    end = instruction.rfind("</EndNote>")
    try:
        root = ElementTree.fromstring(instruction[start : end + len("</EndNote>")])
    except (ElementTree.ParseError, ValueError, RecursionError):
        return ()
    return tuple(_endnote_item(cite) for cite in list(root.iter("Cite"))[:_MAX_ITEMS])


def _endnote_item(cite: ElementTree.Element) -> ManagerRecord:
    record = cite.find("record")

    def value(path: str) -> str | None:
        element = record.find(path) if record is not None else None
        return _text("".join(element.itertext())) if element is not None else None

    author = value("contributors/authors/author") or _text(cite.findtext("Author"))
    year = value("dates/year") or _text(cite.findtext("Year"))
    return ManagerRecord(
        title=value("titles/title"),
        first_author=author.split(",")[0].strip() if author else None,
        year=_year(year) if year else None,
        volume=value("volume"),
        issue=value("number"),
        first_page=_first_page(value("pages")),
        doi=_doi(value("electronic-resource-num")),
    )


# --------------------------------------------------------------------------- values


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = " ".join(_TAGS.sub("", value).split())  # "<i>in vitro</i>" in CSL titles
    return cleaned or None


def _year(text: str) -> int | None:
    match = re.search(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)", text)
    return int(match.group(1)) if match else None


def _first_page(pages: str | None) -> str | None:
    match = _FIRST_PAGE.match(pages) if pages else None
    return match.group(1) if match else None


def _doi(text: str | None) -> str | None:
    if not text:
        return None
    match = re.search(r"10\.\d{4,9}/\S+", text)
    return normalise_doi(match.group(0)) or None if match else None
