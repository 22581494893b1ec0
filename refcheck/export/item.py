"""One reference's bibliographic fields for export, from its matched record or its parse.

The matched Crossref record is authoritative; the parse fills only what the record lacks
(a PMID, a thin record's missing title). A reference that is not matched (unresolved,
ambiguous, failed, skipped) is exported from its parse alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from refcheck.doi import normalise_doi
from refcheck.folding import fold
from refcheck.models import Author, CheckedReference, Reference, ReferenceType, Status
from refcheck.resolve.records import clean_text

# Crossref work types -> the parse's reference types (the export's common vocabulary).
_CROSSREF_KIND: dict[str, ReferenceType] = {
    "journal-article": ReferenceType.JOURNAL_ARTICLE,
    "book": ReferenceType.BOOK,
    "monograph": ReferenceType.BOOK,
    "edited-book": ReferenceType.BOOK,
    "reference-book": ReferenceType.BOOK,
    "book-set": ReferenceType.BOOK,
    "book-series": ReferenceType.BOOK,
    "book-chapter": ReferenceType.CHAPTER,
    "book-section": ReferenceType.CHAPTER,
    "book-part": ReferenceType.CHAPTER,
    "book-track": ReferenceType.CHAPTER,
    "reference-entry": ReferenceType.CHAPTER,
    "proceedings-article": ReferenceType.CONFERENCE,
    "dissertation": ReferenceType.THESIS,
    "report": ReferenceType.REPORT,
    "report-component": ReferenceType.REPORT,
}

_PAGE_SPLIT = re.compile(r"\s*[-\u2010-\u2015\u2212]+\s*")


@dataclass(frozen=True, slots=True)
class ExportItem:
    kind: ReferenceType
    authors: tuple[Author, ...] = ()
    collective: str | None = None
    et_al: bool = False
    title: str | None = None
    container: str | None = None  # journal, or book title of a chapter / proceedings
    year: int | None = None
    month: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    editors: tuple[Author, ...] = ()
    isbn: str | None = None
    issn: str | None = None
    subtype: str | None = None  # "preprint" for posted content
    from_record: bool = False


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return clean_text(value) or None


def _persons(items: Any) -> tuple[Author, ...]:
    if not isinstance(items, list):
        return ()
    out = []
    for item in items:
        if isinstance(item, Mapping) and isinstance(item.get("family"), str):
            out.append(
                Author(
                    clean_text(item["family"]),
                    _text(item.get("given")),
                    _text(item.get("suffix")),
                )
            )
    return tuple(out)


def _month(data: Mapping[str, Any]) -> int | None:
    issued = data.get("issued")
    if not isinstance(issued, Mapping):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and len(parts[0]) > 1:
        month = parts[0][1]
        if isinstance(month, int) and 1 <= month <= 12:
            return month
    return None


def split_pages(page: str | None) -> tuple[str | None, str | None]:
    """``"195-206"`` -> ``("195", "206")``; a single page or e-locator has no last page."""
    if not page:
        return None, None
    parts = [p for p in _PAGE_SPLIT.split(page.strip()) if p]
    if not parts:
        return None, None
    return parts[0], parts[-1] if len(parts) > 1 else None


def _from_parse(reference: Reference) -> ExportItem:
    pages = reference.pages
    return ExportItem(
        kind=reference.type,
        authors=reference.authors,
        collective=reference.collective,
        et_al=reference.et_al,
        title=reference.title,
        container=reference.journal,
        year=reference.year,
        volume=reference.volume,
        issue=reference.issue,
        first_page=pages.first if pages else None,
        last_page=pages.last if pages else None,
        doi=_doi(reference.doi),
        pmid=reference.pmid,
        pmcid=reference.pmcid,
        url=reference.url,
        publisher=reference.publisher,
        place=reference.place,
        edition=reference.edition,
        editors=reference.editors,
    )


def _doi(doi: str | None) -> str | None:
    """The DOI in refcheck's one form (``refcheck.doi``): every export writes it so."""
    return (normalise_doi(doi) or None) if doi else None


def export_item(checked: CheckedReference) -> ExportItem:
    """The fields to export for one checked reference."""
    parsed = _from_parse(checked.parsed.reference)
    record = checked.record
    if record is None or checked.status not in (Status.VERIFIED, Status.MISMATCH):
        return parsed
    data = record.data
    title = record.title
    if title and record.subtitle and record.subtitle.lower() not in title.lower():
        title = f"{title}: {record.subtitle}"
    first, last = split_pages(record.page)
    if first is None and record.article_number:
        first = record.article_number
    kind = _CROSSREF_KIND.get(record.type or "", ReferenceType.OTHER)
    if record.type is None:
        kind = parsed.kind
    institution = data.get("institution")
    if isinstance(institution, list) and institution and isinstance(institution[0], Mapping):
        institution_name = _text(institution[0].get("name"))
    else:
        institution_name = None
    return ExportItem(
        kind=kind,
        authors=record.authors or (() if record.collectives else parsed.authors),
        collective=record.collectives[0] if record.collectives else parsed.collective,
        # Crossref lists every author; "et al." only survives when the parse is all we have.
        et_al=False if record.authors else parsed.et_al,
        title=title or parsed.title,
        container=(record.container_titles[0] if record.container_titles else None)
        or parsed.container,
        year=record.issued_year or (record.years[0] if record.years else None) or parsed.year,
        month=_month(data),
        volume=record.volume or parsed.volume,
        issue=record.issue or parsed.issue,
        first_page=first or parsed.first_page,
        last_page=last if first else parsed.last_page,
        doi=_doi(record.doi) or parsed.doi,
        pmid=parsed.pmid,
        pmcid=parsed.pmcid,
        url=parsed.url,
        publisher=_text(data.get("publisher")) or institution_name or parsed.publisher,
        place=_text(data.get("publisher-location")) or parsed.place,
        edition=_text(data.get("edition-number")) or parsed.edition,
        editors=_persons(data.get("editor")) or parsed.editors,
        isbn=_text(data.get("ISBN")),
        issn=_text(data.get("ISSN")),
        subtype=record.subtype,
        from_record=True,
    )


# --------------------------------------------------------------------------- citation keys

_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "at",
        "to",
        "for",
        "and",
        "or",
        "with",
        "from",
        "by",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "its",
        "their",
        "de",
        "la",
        "el",
        "los",
        "las",
        "en",
        "del",
        "y",
        "un",
        "una",
        "le",
        "les",
        "des",
        "du",
        "et",
        "der",
        "die",
        "das",
        "und",
    ]
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only: ``"Gutiérrez-Ruiz"`` -> ``"gutierrezruiz"``."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


def _key_stem(item: ExportItem) -> str:
    name = ""
    if item.authors:
        name = ascii_fold(item.authors[0].family)
    if not name and item.collective:
        name = ascii_fold(item.collective.split()[0])
    name = re.sub(r"^\d+", "", name) or "anon"
    year = str(item.year) if item.year else ""
    word = ""
    for token in re.split(r"[\s\-–—/:.,;()\[\]]+", item.title or ""):
        folded = ascii_fold(token)
        if folded and folded not in _STOPWORDS and not folded.isdigit():
            word = folded
            break
    return f"{name}{year}{word}"


def _suffixes() -> Iterable[str]:
    yield ""
    letters = "bcdefghijklmnopqrstuvwxyz"
    yield from letters
    for count in range(2, 10_000):
        yield f"{letters[-1]}{count}"


def citation_keys(
    items: Sequence[ExportItem], preferred: Sequence[str | None] | None = None
) -> list[str]:
    """Readable keys (``gutierrez2012calcinosis``), unique: later clashes get b, c, ...

    ``preferred[i]`` (the key the reference already had, as in a .bib) is kept when given and
    not taken by an earlier item; the readable keys avoid every preferred key."""
    wanted = list(preferred) if preferred is not None else [None] * len(items)
    reserved = {key for key in wanted if key}
    taken: set[str] = set()
    keys = []
    for item, own in zip(items, wanted, strict=True):
        if own and own not in taken:
            taken.add(own)
            keys.append(own)
            continue
        stem = _key_stem(item)
        for suffix in _suffixes():
            key = stem + suffix
            if key not in taken and key not in reserved:
                break
        taken.add(key)
        keys.append(key)
    return keys
