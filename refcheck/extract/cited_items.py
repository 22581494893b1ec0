"""Which entry of the reference list each item of a citation field is.

A field's printed numbers name the entries when there is one item per number; otherwise
(several items, or an author-year citation) each item is matched to the entry whose text
holds its DOI, its title, or its first author and year.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from refcheck.extract.word_fields import FieldCitation
from refcheck.folding import normal_text
from refcheck.models import Citation, CitedItem, Document, ManagerRecord

__all__ = ["add_field_citations"]

# A title is in a reference's text when this similar (rapidfuzz partial ratio, 0-100).
_TITLE_IN_TEXT = 90.0
# Evidence needed to take an entry for an item: a DOI (2), a title (1), author and year (1).
_MIN_EVIDENCE = 1.0
_MAX_COMPARISONS = 500_000


def add_field_citations(document: Document, fields: Sequence[FieldCitation]) -> Document:
    """``document`` with the fields' items matched to its entries (``cited_items``), the
    author-year fields as citations, and a note saying citations came from the fields."""
    if not fields:
        return document
    references = document.references
    numbered = any(ref.number is not None for ref in references)
    position = {
        index: (ref.number if numbered else index + 1) for index, ref in enumerate(references)
    }
    texts = [normal_text(ref.text) for ref in references]
    cited_items: list[CitedItem] = []
    citations = list(document.citations)
    # One work is cited again and again: score it against the list once. A crafted file
    # with thousands of distinct works in its fields gets no more comparisons than this.
    evidence: dict[tuple[ManagerRecord, int], float] = {}

    def score(item: ManagerRecord, index: int) -> float:
        key = (item, index)
        if key not in evidence:
            if len(evidence) >= _MAX_COMPARISONS:
                raise _Exhausted
            evidence[key] = _evidence(item, texts[index])
        return evidence[key]

    for field in fields:
        try:
            matched = _match_items(field, len(references), score, position)
        except _Exhausted:
            matched = []  # past the budget: say less, never spend minutes
        for item, index in matched:
            cited_items.append(_cited_item(field, item, index))
        if not field.numbers and matched:
            listed = (position[index] for _, index in matched)
            numbers = tuple(dict.fromkeys(n for n in listed if n is not None))
            if numbers:
                citations.append(
                    Citation(
                        line=field.line,
                        numbers=numbers,
                        text=field.printed,
                        context=field.printed,
                        from_field=True,
                    )
                )
    citations.sort(key=lambda citation: citation.line)
    managers = sorted({field.field.manager for field in fields})
    plural = "" if len(fields) == 1 else "s"
    note = (
        f"{document.path}: {len(fields)} in-text citation{plural} read from "
        f"{' and '.join(managers)} citation fields (the items each one cites)"
    )
    return dataclasses.replace(
        document,
        citations=tuple(citations),
        cited_items=tuple(cited_items),
        warnings=(*document.warnings, note),
    )


def _match_items(
    field: FieldCitation,
    count: int,
    evidence_of: Callable[[ManagerRecord, int], float],
    position: dict[int, int | None],
) -> list[tuple[ManagerRecord, int]]:
    """(item, entry index) pairs, each entry used once per citation."""
    if field.numbers:
        candidates = [index for index, number in position.items() if number in field.numbers]
        if len(field.field.items) == 1 and len(field.numbers) == 1 and len(candidates) == 1:
            # The manager printed this entry's number for this one item.
            return [(field.field.items[0], candidates[0])]
    else:
        candidates = list(range(count))
    pairs: list[tuple[ManagerRecord, int]] = []
    taken: set[int] = set()
    for item in field.field.items:
        scored = [(evidence_of(item, index), index) for index in candidates if index not in taken]
        if not scored:
            continue
        score, index = max(scored, key=lambda pair: (pair[0], -pair[1]))
        if score >= _MIN_EVIDENCE:
            pairs.append((item, index))
            taken.add(index)
    return pairs


class _Exhausted(Exception):
    """More item-to-entry comparisons than ``_MAX_COMPARISONS``."""


@dataclasses.dataclass(frozen=True, slots=True)
class _Keys:
    """An item's values as they are looked for in a normalised reference text."""

    doi: str
    family: str
    year: str
    title: str


@functools.lru_cache(maxsize=4096)
def _keys(item: ManagerRecord) -> _Keys:
    return _Keys(
        doi=normal_text(item.doi) if item.doi else "",
        family=normal_text(item.first_author) if item.first_author else "",
        year=str(item.year) if item.year is not None else "",
        title=normal_text(item.title) if item.title else "",
    )


def _evidence(item: ManagerRecord, text: str) -> float:
    keys = _keys(item)
    score = 0.0
    if keys.doi and keys.doi in text:
        score += 2.0
    named = bool(keys.family) and f" {keys.family} " in f" {text} "  # whole words
    if named and keys.year and keys.year in text:
        score += 1.0
    # The title's fuzzy search is the costly test: only where the first author is printed
    # (or the manager has none), so a long author-year list is not searched item by entry.
    if (
        len(keys.title) >= 10
        and (named or not keys.family)
        and fuzz.partial_ratio(keys.title, text) >= _TITLE_IN_TEXT
    ):
        score += 1.0
    return score


def _cited_item(field: FieldCitation, item: ManagerRecord, index: int) -> CitedItem:
    return CitedItem(
        line=field.line,
        manager=field.field.manager,
        reference=index,
        record=item,
        citation=field.printed,
    )
