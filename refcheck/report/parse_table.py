"""``refcheck parse --format table``: the parsed fields of each reference, for people."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from refcheck.models import Document, ParsedReference, Reference


def _authors(reference: Reference) -> str:
    names = [f"{a.family} {a.given or ''}".strip() for a in reference.authors[:3]]
    if reference.collective:
        names.insert(0, reference.collective)
    more = len(reference.authors) > 3 or reference.et_al
    return ", ".join(names) + (" et al." if more else "")


def _pages(reference: Reference) -> str:
    pages = reference.pages
    if pages is None or pages.first is None:
        return ""
    return pages.first if not pages.last else f"{pages.first}–{pages.last}"


def render_parse_table(
    documents: Sequence[tuple[Document, tuple[ParsedReference, ...]]], console: Console
) -> None:
    for document, references in documents:
        table = Table(title=document.path, show_lines=False, expand=True)
        for name in (
            "#",
            "line",
            "type",
            "authors",
            "title",
            "journal",
            "year",
            "vol(iss)",
            "pages",
            "doi",
        ):
            table.add_column(name, overflow="fold")
        for parsed in references:
            ref = parsed.reference
            volume = ref.volume or ""
            if ref.issue:
                volume += f"({ref.issue})"
            table.add_row(
                "" if parsed.raw.number is None else str(parsed.raw.number),
                "" if parsed.raw.line is None else str(parsed.raw.line),
                ref.type.value,
                _authors(ref),
                ref.title or "",
                ref.journal or "",
                "" if ref.year is None else str(ref.year),
                volume,
                _pages(ref),
                ref.doi or "",
            )
        console.print(table)
