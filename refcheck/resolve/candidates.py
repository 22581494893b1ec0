"""The records that may be the cited work: the queries that find them, and the requests.

The printed text is the first query: a single bibliographic search with a few rows, as
Crossref advises. When none of its answers is the cited work, two narrower queries look
again: the title alone (a reference whose numbers are all wrong, or whose printed text is
mostly noise) and the first authors, journal, year, volume and first page without the title
(a reference whose title is another work's: the work at that place is found by where it is,
not by what it is called). Near-twins of the work (its preprint, its notices) name it in
their links; those works are looked up by DOI. Each search and look-up is one request.

Retrieval only: which answer is the cited work is validate's decision.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from refcheck.errors import OfflineMiss
from refcheck.limits import MAX_REFERENCE_CHARS
from refcheck.models import ParsedReference, Record, Reference, Search
from refcheck.resolve.interface import WorkSource

# Rows of each search: few, as Crossref advises; the place search needs as many as the
# first, since its words (a name, a journal, numbers) are shared by many works.
SEARCH_ROWS = 5
TITLE_ROWS = 3
PLACE_ROWS = 5
# A title of fewer words finds too many works by chance to be searched on its own.
_MIN_TITLE_WORDS = 4

_DOI_TEXT = re.compile(
    r"(?:\bdoi\s*:?\s*|https?://(?:dx\.)?doi\.org/)10\.\d{4,9}/\S+", re.IGNORECASE
)
_URL_TEXT = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_IDENTIFIER_TEXT = re.compile(
    r"\b(?:PMID|PMCID)\s*:?\s*\S+|\[(?:cited|accessed)\b[^\]]*\]|\bEpub\b[^.;]*[.;]?",
    re.IGNORECASE,
)

# Function words carry no weight in a relevance ranking but every one costs the server a
# posting-list walk; dropping them roughly halves search time on a full-text index.
_FUNCTION_WORDS = (
    *("the", "of", "and", "in", "on", "an", "for", "with", "to", "by", "from", "at", "as"),
    *("is", "are", "was", "were", "its", "or", "into", "after", "during", "between", "among"),
    *("via", "than", "that", "this", "their", "be", "not"),
)
# Case-sensitive, and never the bare "A": in "Gutierrez A Jr" it is an initial.
_STOP_WORDS = re.compile(
    r"\b(?:a|" + "|".join(w + "|" + w.capitalize() for w in _FUNCTION_WORDS) + r")\b\s*"
)


def search_query(parsed: ParsedReference) -> str:
    """The reference as printed, without the DOI, URLs, identifiers (they only add noise) and
    English function words (they only add server work). A reference longer than
    ``MAX_REFERENCE_CHARS`` is searched by its parsed fields instead."""
    if len(parsed.raw.text) > MAX_REFERENCE_CHARS:
        fields = fields_query(parsed.reference, authors=1, with_title=True)
        return fields or parsed.raw.text[:MAX_REFERENCE_CHARS]
    text = _DOI_TEXT.sub(" ", parsed.raw.text)
    text = _URL_TEXT.sub(" ", text)
    text = _IDENTIFIER_TEXT.sub(" ", text)
    text = _STOP_WORDS.sub("", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text or parsed.raw.text


def fields_query(reference: Reference, *, authors: int, with_title: bool) -> str:
    """The first ``authors`` family names (or the group author), the title if asked, the
    journal, year, volume and first page, as one search text."""
    names: list[str | None] = [a.family for a in reference.authors[:authors]]
    year = str(reference.year) if reference.year is not None else None
    pages = reference.pages.first if reference.pages is not None else None
    parts = (
        *(names or [reference.collective]),
        reference.title if with_title else None,
        reference.journal,
        year,
        reference.volume,
        pages,
    )
    return " ".join(part for part in parts if part)


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
    return fields_query(reference, authors=2, with_title=False)


def first_search(parsed: ParsedReference, source: WorkSource) -> Search:
    """The search by the reference as printed; raises what ``source.search`` raises."""
    query = search_query(parsed)
    return Search("bibliographic", query, source.search(query, rows=SEARCH_ROWS))


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


def linked_records(dois: Iterable[str], source: WorkSource) -> tuple[Record, ...]:
    """The records of the works near-twins link to, in order; a DOI Crossref does not hold
    is left out. Raises what ``source.get_work`` raises."""
    records = (source.get_work(doi) for doi in dois)
    return tuple(record for record in records if record is not None)
