"""What the matcher needs from Crossref: a source of work records.

Implementations: ``crossref.CrossrefSource`` (the only module that talks HTTP),
``cache.CachedSource`` (wraps another source with the persistent cache) and the offline
source (cache only). All raise only refcheck's own errors.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from refcheck.models import Record


class WorkSource(Protocol):
    def get_work(self, doi: str) -> Record | None:
        """The record registered for ``doi``; ``None`` when Crossref has no such DOI (404).

        Raises ``LookupFailed`` when the look-up itself failed after retries, and
        ``OfflineMiss`` when offline and the answer is not cached.
        """
        ...

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        """``/works?query.bibliographic=query&rows=rows``, best first (``search_score`` set).

        Raises as ``get_work``.
        """
        ...


class NotCached(Exception):
    """A cache-only view has no answer for this request.

    Deliberately not a ``RefcheckError``: the matcher lets it through, so that the pipeline
    can send that reference to the network instead.
    """


@runtime_checkable
class CacheFirst(Protocol):
    def cache_only(self) -> WorkSource:
        """The same source answering from its cache alone (``NotCached`` for a miss)."""
        ...


@runtime_checkable
class Preparable(Protocol):
    def prepare(self) -> None:
        """Load what the first request needs (the HTTP stack), ahead of it.

        Raises only ``ConfigError``, for a machine that cannot make the client at all (its
        TLS certificates cannot be loaded); anything else is left to the requests.

        Called once a run knows it will ask the network: the first request then leaves
        as soon as its query is ready, and what only the answers need loads meanwhile.
        """
        ...
