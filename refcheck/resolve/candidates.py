"""Further searches for a reference the search by its printed text did not place.

The printed text is one query; when none of its answers is the cited work, two narrower
queries look again: the title alone (a reference whose numbers are all wrong, or whose
printed text is mostly noise) and the first authors, journal, year, volume and first page
without the title (a reference whose title is another work's: the work at that place is
found by where it is, not by what it is called). Each search is one request.

Retrieval only: which answer is the cited work is validate's decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck.errors import OfflineMiss
from refcheck.models import Record, Reference
from refcheck.resolve.interface import WorkSource

# Rows of each further search: few, as Crossref advises; the place search needs the most,
# since its words (a name, a journal, numbers) are shared by many works.
TITLE_ROWS = 3
PLACE_ROWS = 5
# A title of fewer words finds too many works by chance to be searched on its own.
_MIN_TITLE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Search:
    """One search made for a reference: what was asked and what came back."""

    kind: str  # "bibliographic", "title" or "place"
    query: str
    records: tuple[Record, ...]

    def describe(self) -> str:
        what = {
            "bibliographic": "the reference as printed",
            "title": "its title",
            "place": "its first authors, journal, year, volume and first page",
        }.get(self.kind, self.kind)
        count = len(self.records)
        answer = "no results" if not count else f"{count} result{'s' if count > 1 else ''}"
        return f"searched Crossref by {what}: {answer}, none of them this work"


def title_query(reference: Reference) -> str | None:
    title = reference.title
    if not title or len(title.split()) < _MIN_TITLE_WORDS:
        return None
    return title


def place_query(reference: Reference) -> str | None:
    """First two authors, journal, year, volume and first page: where the work is, not its
    name."""
    if not reference.authors or not reference.journal or reference.year is None:
        return None
    # Two family names: a journal's volume has many works, rarely two with both names.
    parts = [*(a.family for a in reference.authors[:2]), reference.journal, str(reference.year)]
    if reference.volume:
        parts.append(reference.volume)
    if reference.pages is not None and reference.pages.first:
        parts.append(reference.pages.first)
    return " ".join(parts)


def further_searches(reference: Reference, source: WorkSource) -> tuple[Search, ...]:
    """The title search and the place search, those the reference has the fields for.

    Offline, a search the cache does not hold is left out (the answer of the first search
    still stands); otherwise raises what ``source.search`` raises.
    """
    queries = [
        ("title", title_query(reference), TITLE_ROWS),
        ("place", place_query(reference), PLACE_ROWS),
    ]
    searches = []
    for kind, query, rows in queries:
        if query is None:
            continue
        try:
            searches.append(Search(kind, query, source.search(query, rows=rows)))
        except OfflineMiss:
            continue
    return tuple(searches)
