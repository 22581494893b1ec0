"""A reference that arrives already structured (a BibTeX or RIS entry) -> ``Reference``.

The fields are trusted but normalised exactly as parsed text is: dashes, spaces, quotes,
trailing punctuation, initials without dots, fully expanded page ranges.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from refcheck.models import Author, Finding, Pages, Reference, ReferenceType
from refcheck.parse import codes
from refcheck.parse.identifiers import doi_in_field, extract_identifiers
from refcheck.parse.normalise import clean_field, normalise_text
from refcheck.parse.pages import expand_page_range

_TYPE_ALIASES: dict[str, ReferenceType] = {
    "article": ReferenceType.JOURNAL_ARTICLE,
    "journal-article": ReferenceType.JOURNAL_ARTICLE,
    "jour": ReferenceType.JOURNAL_ARTICLE,
    "ejour": ReferenceType.JOURNAL_ARTICLE,
    "book": ReferenceType.BOOK,
    "booklet": ReferenceType.BOOK,
    "ebook": ReferenceType.BOOK,
    "incollection": ReferenceType.CHAPTER,
    "inbook": ReferenceType.CHAPTER,
    "chapter": ReferenceType.CHAPTER,
    "chap": ReferenceType.CHAPTER,
    "book-chapter": ReferenceType.CHAPTER,
    "inproceedings": ReferenceType.CONFERENCE,
    "conference": ReferenceType.CONFERENCE,
    "proceedings": ReferenceType.CONFERENCE,
    "conf": ReferenceType.CONFERENCE,
    "cpaper": ReferenceType.CONFERENCE,
    "proceedings-article": ReferenceType.CONFERENCE,
    "online": ReferenceType.WEB,
    "web": ReferenceType.WEB,
    "elec": ReferenceType.WEB,
    "webpage": ReferenceType.WEB,
    "phdthesis": ReferenceType.THESIS,
    "mastersthesis": ReferenceType.THESIS,
    "thesis": ReferenceType.THESIS,
    "thes": ReferenceType.THESIS,
    "dissertation": ReferenceType.THESIS,
    "techreport": ReferenceType.REPORT,
    "report": ReferenceType.REPORT,
    "rprt": ReferenceType.REPORT,
}
_YEAR_RE = re.compile(r"(?:1[6-9]|20)\d{2}")
_PMID_RE = re.compile(r"\d{1,9}")


class _Problems:
    """Collects the names of fields that had an unusable shape."""

    def __init__(self) -> None:
        self.fields: list[str] = []

    def bad(self, name: str) -> None:
        if name not in self.fields:
            self.fields.append(name)


def _text(value: Any, name: str, problems: _Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        problems.bad(name)
        return None
    return clean_field(normalise_text(str(value)))


def _initials(given: str) -> str:
    """'John Charles' -> 'JC', 'J. C.' -> 'JC', 'Jean-Paul' -> 'J-P', 'JC' stays."""
    given = given.replace(".", " ").strip()
    parts = given.split()
    if len(parts) == 1 and parts[0].isupper() and len(parts[0]) <= 4:
        return parts[0]
    out = []
    for part in parts:
        pieces = [p for p in part.split("-") if p]
        out.append("-".join(p[0].upper() for p in pieces))
    return "".join(out)


def _person(value: Any, name: str, problems: _Problems) -> Author | None:
    if isinstance(value, str):
        family_text, _, given_text = normalise_text(value).partition(",")
        family_name = clean_field(family_text)
        given_clean = clean_field(given_text)
        if not family_name:
            return None
        return Author(family_name, _initials(given_clean) if given_clean else None)
    if not isinstance(value, Mapping):
        problems.bad(name)
        return None
    family = _text(value.get("family"), name, problems)
    if not family:
        problems.bad(name)
        return None
    given = _text(value.get("given"), name, problems)
    suffix = _text(value.get("suffix"), name, problems)
    return Author(family=family, given=_initials(given) if given else None, suffix=suffix)


def _people(value: Any, name: str, problems: _Problems) -> tuple[Author, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, Mapping)):
        value = [value]
    if not isinstance(value, (list, tuple)):
        problems.bad(name)
        return ()
    people = (_person(item, name, problems) for item in value)
    return tuple(person for person in people if person is not None)


def _pages(value: Any, problems: _Problems) -> Pages | None:
    if value is None:
        return None
    if isinstance(value, Mapping):
        first = _text(value.get("first"), "pages", problems)
        last = _text(value.get("last"), "pages", problems)
        if first and last:
            return expand_page_range(f"{first}-{last}") or Pages(first, last)
        return Pages(first, last) if first or last else None
    text = _text(value, "pages", problems)
    if not text:
        return None
    pages = expand_page_range(text)
    if pages is None:
        problems.bad("pages")
    return pages


def _year(value: Any, problems: _Problems) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    match = _YEAR_RE.search(str(value))
    if match is None:
        problems.bad("year")
        return None
    return int(match.group())


def _type(value: Any, problems: _Problems) -> ReferenceType:
    if value is None:
        return ReferenceType.OTHER
    key = str(value).strip().lower()
    if key in _TYPE_ALIASES:
        return _TYPE_ALIASES[key]
    try:
        return ReferenceType(key)
    except ValueError:
        problems.bad("type")
        return ReferenceType.OTHER


def reference_from_fields(fields: Mapping[str, Any]) -> tuple[Reference, tuple[Finding, ...]]:
    """Build a ``Reference`` from an already structured entry."""
    problems = _Problems()
    authors = _people(fields.get("authors"), "authors", problems)
    doi = _text(fields.get("doi"), "doi", problems)
    if doi:
        doi = doi_in_field(doi)
    pmid_text = _text(fields.get("pmid"), "pmid", problems)
    pmid_match = _PMID_RE.search(pmid_text) if pmid_text else None
    url = _text(fields.get("url"), "url", problems)
    if doi is None and url:
        doi = extract_identifiers(url).doi
    collective = _text(fields.get("collective"), "collective", problems)
    reference = Reference(
        type=_type(fields.get("type"), problems),
        authors=authors,
        et_al=bool(fields.get("et_al", False)),
        collective=collective,
        title=_text(fields.get("title"), "title", problems),
        journal=_text(fields.get("journal"), "journal", problems),
        year=_year(fields.get("year"), problems),
        volume=_text(fields.get("volume"), "volume", problems),
        issue=_text(fields.get("issue"), "issue", problems),
        pages=_pages(fields.get("pages"), problems),
        doi=doi,
        pmid=pmid_match.group() if pmid_match else None,
        pmcid=_text(fields.get("pmcid"), "pmcid", problems),
        url=url,
        editors=_people(fields.get("editors"), "editors", problems),
        publisher=_text(fields.get("publisher"), "publisher", problems),
        place=_text(fields.get("place"), "place", problems),
        edition=_text(fields.get("edition"), "edition", problems),
    )
    findings: tuple[Finding, ...] = ()
    if problems.fields:
        findings = (
            codes.parse_finding(
                codes.BAD_FIELDS,
                "Structured entry fields of an unexpected shape were ignored: "
                + ", ".join(problems.fields)
                + ".",
            ),
        )
    return reference, findings
