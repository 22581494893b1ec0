"""Checked references -> CSL-JSON (what citeproc, Zotero and pandoc read)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from refcheck.export.item import ExportItem, citation_keys, export_item
from refcheck.models import Author, CheckedReference, ReferenceType

_CSL_TYPE: dict[ReferenceType, str] = {
    ReferenceType.JOURNAL_ARTICLE: "article-journal",
    ReferenceType.BOOK: "book",
    ReferenceType.CHAPTER: "chapter",
    ReferenceType.CONFERENCE: "paper-conference",
    ReferenceType.THESIS: "thesis",
    ReferenceType.REPORT: "report",
    ReferenceType.WEB: "webpage",
    ReferenceType.OTHER: "document",
}


def _name(author: Author) -> dict[str, str]:
    out = {"family": author.family}
    if author.given:
        out["given"] = author.given
    if author.suffix:
        out["suffix"] = author.suffix
    return out


def csl_item(item: ExportItem, key: str) -> dict[str, Any]:
    """One CSL-JSON item; absent fields are left out, as CSL processors expect."""
    authors: list[dict[str, str]] = []
    if item.collective:
        authors.append({"literal": item.collective})
    authors.extend(_name(a) for a in item.authors)
    kind = _CSL_TYPE[item.kind]
    if item.subtype == "preprint":
        kind = "article"
    out: dict[str, Any] = {"id": key, "type": kind}
    page = None
    if item.first_page:
        page = item.first_page
        if item.last_page and item.last_page != item.first_page:
            page = f"{item.first_page}-{item.last_page}"
    candidates: dict[str, Any] = {
        "author": authors or None,
        "editor": [_name(a) for a in item.editors] or None,
        "title": item.title,
        "container-title": item.container,
        "issued": {"date-parts": [[item.year] + ([item.month] if item.month else [])]}
        if item.year
        else None,
        "volume": item.volume,
        "issue": item.issue,
        "page": page,
        "edition": item.edition,
        "publisher": item.publisher,
        "publisher-place": item.place,
        "ISBN": item.isbn,
        "ISSN": item.issn,
        "DOI": item.doi,
        "PMID": item.pmid,
        "PMCID": item.pmcid,
        "URL": item.url,
    }
    out.update({k: v for k, v in candidates.items() if v is not None})
    return out


def to_csl_items(references: Sequence[CheckedReference]) -> list[dict[str, Any]]:
    items = [export_item(ref) for ref in references]
    keys = citation_keys(items, preferred=[ref.parsed.raw.key for ref in references])
    return [csl_item(item, key) for key, item in zip(keys, items, strict=True)]


def to_csl_json(references: Sequence[CheckedReference]) -> str:
    """A CSL-JSON array, ids equal to the BibTeX keys of the same references."""
    return json.dumps(to_csl_items(references), ensure_ascii=False, indent=1) + "\n"
