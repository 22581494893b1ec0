"""The ``Style`` description, the shipped styles and the renderer."""

from __future__ import annotations

from dataclasses import dataclass, replace

from refcheck.extract.structured import initials
from refcheck.models import Author, Pages, Record, Reference, ReferenceType

_END_PUNCTUATION = (".", "?", "!")


@dataclass(frozen=True, slots=True)
class Style:
    """What distinguishes one reference style from another (journal articles)."""

    name: str
    max_authors: int  # list every author up to this many ...
    authors_before_et_al: int  # ... otherwise this many, then ``et_al``
    et_al: str
    author_separator: str
    abbreviate_journal: bool  # the NLM/MEDLINE abbreviation when the table knows the title
    short_page_range: bool  # "1530-9" rather than "1530-1539"
    page_dash: str
    doi_prefix: str  # text printed before the bare DOI


VANCOUVER = Style(
    name="vancouver",
    max_authors=6,
    authors_before_et_al=6,
    et_al="et al",
    author_separator=", ",
    abbreviate_journal=True,
    short_page_range=True,
    page_dash="-",
    doi_prefix="doi:",
)

# AMA: Vancouver's shape, three authors before "et al" and the page range in full.
AMA = replace(VANCOUVER, name="ama", authors_before_et_al=3, short_page_range=False)

STYLES: dict[str, Style] = {style.name: style for style in (VANCOUVER, AMA)}


def short_page_range(first: str, last: str) -> str:
    """The last page without the digits it shares with the first (``1530``, ``1539`` -> ``9``)."""
    if not (first.isdigit() and last.isdigit()) or len(first) != len(last):
        return last
    common = 0
    while common < len(last) - 1 and first[common] == last[common]:
        common += 1
    return last[common:]


def reference_from_record(record: Record) -> Reference:
    """The record's values as a ``Reference`` (authors with initials, pages split)."""
    from refcheck.export.item import split_pages

    title = record.title
    if title and record.subtitle:
        title = f"{title.rstrip(' :')}: {record.subtitle}"
    first, last = split_pages(record.page)
    if first is None and record.article_number:
        first = record.article_number
    kind = (
        ReferenceType.JOURNAL_ARTICLE if record.type == "journal-article" else ReferenceType.OTHER
    )
    return Reference(
        type=kind,
        authors=tuple(
            replace(a, given=initials(a.given) or None if a.given else None) for a in record.authors
        ),
        collective=record.collectives[0] if record.collectives else None,
        title=title,
        journal=record.container_titles[0] if record.container_titles else None,
        year=record.issued_year,
        volume=record.volume,
        issue=record.issue,
        pages=Pages(first, last) if first else None,
        doi=_printed_doi(record),
    )


def _printed_doi(record: Record) -> str:
    """The DOI as the registry writes it (``S0022-2836``), when it is the record's."""
    shown = record.data.get("DOI")
    if isinstance(shown, str) and shown.lower() == record.doi.lower():
        return shown
    return record.doi


def _author(author: Author) -> str:
    parts = [author.family]
    if author.given:
        parts.append(author.given.replace(".", "").replace(" ", ""))
    if author.suffix:
        parts.append(author.suffix)
    return " ".join(parts)


def _authors(reference: Reference, style: Style) -> str:
    names = [_author(a) for a in reference.authors]
    et_al = reference.et_al
    if len(names) > style.max_authors:
        names = names[: style.authors_before_et_al]
        et_al = True
    if et_al and names:
        names.append(style.et_al)
    persons = style.author_separator.join(names)
    if not reference.collective:
        return persons
    # NLM: a group author after the persons follows a semicolon ("Altman DG; PRISMA Group").
    return f"{persons}; {reference.collective}" if persons else reference.collective


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith(_END_PUNCTUATION) else f"{text}."


def _journal(name: str, style: Style) -> str:
    if style.abbreviate_journal:
        from refcheck.journal_names import nlm_abbreviation

        return nlm_abbreviation(name) or name
    return name


def _pages(pages: Pages, style: Style) -> str:
    if pages.first is None:
        return ""
    if not pages.last or pages.last == pages.first:
        return pages.first
    last = short_page_range(pages.first, pages.last) if style.short_page_range else pages.last
    return f"{pages.first}{style.page_dash}{last}"


def render_reference(reference: Reference, style: Style) -> str | None:
    """The reference printed in ``style``; None when it lacks what a journal article needs."""
    if not (reference.title and reference.journal and reference.year):
        return None
    out = []
    authors = _authors(reference, style)
    if authors:
        out.append(_sentence(authors))
    out.append(_sentence(reference.title))
    out.append(_sentence(_journal(reference.journal, style)))
    source = str(reference.year)
    locator = reference.volume or ""
    if reference.issue:
        locator += f"({reference.issue})"
    if locator:
        source += f";{locator}"
    pages = _pages(reference.pages, style) if reference.pages else ""
    if pages:
        source += f":{pages}"
    out.append(f"{source}.")
    if reference.doi:
        out.append(f"{style.doi_prefix}{reference.doi}")
    return " ".join(out)
