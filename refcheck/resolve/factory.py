"""Build the ``WorkSource`` a run needs from its settings (network, cache, offline)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

from refcheck.cachefile import Stored
from refcheck.cachefile import default_cache_dir as default_cache_dir
from refcheck.resolve.cache import CachedSource, OfflineSource, ResponseCache
from refcheck.resolve.crossref import DEFAULT_NETWORK_DEADLINE, CrossrefSource
from refcheck.resolve.interface import WorkSource


def build_source(
    *,
    crossref_url: str,
    mailto: str | None,
    cache_dir: Path | None,
    use_cache: bool,
    offline: bool,
    cache_ttl: timedelta,
    timeout: float = 20.0,
    max_retries: int = 4,
    network_deadline: float = DEFAULT_NETWORK_DEADLINE,
    on_warning: Callable[[str], None] | None = None,
    on_event: Callable[[str], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
) -> WorkSource:
    """The source for one run.

    ``offline``: cache only (``OfflineMiss`` for anything else; with ``use_cache`` false
    nothing can be answered). Otherwise Crossref at ``crossref_url``, behind the persistent
    cache unless ``use_cache`` is false. ``on_warning`` hears about a broken cache;
    ``on_event`` about retries and the limits Crossref announces; ``on_notice`` that Crossref
    is asked without a mailto (its slower public pool). ``timeout`` (seconds) bounds
    each request, ``max_retries`` how often a failed one is tried again, ``network_deadline``
    how long the run waits with no answer from the server before it gives up.
    """
    cache = (
        ResponseCache(cache_dir or default_cache_dir(), cache_ttl, on_warning=on_warning)
        if use_cache
        else None
    )
    if offline:
        return OfflineSource(cache, base_url=crossref_url)
    source = CrossrefSource(
        crossref_url,
        mailto,
        timeout=timeout,
        max_retries=max_retries,
        on_event=on_event,
        on_notice=on_notice,
        network_deadline=network_deadline,
    )
    if cache is None:
        return source
    return CachedSource(source, cache, base_url=crossref_url)


def answers_consulted(source: WorkSource) -> Mapping[str, Stored | None] | None:
    """The cached answers a run on ``source`` asked for or stored, as the cache holds them
    now (``ResponseCache.consulted``); None without a cache, or when the cache failed."""
    if isinstance(source, CachedSource | OfflineSource) and source.cache is not None:
        return source.cache.consulted()
    return None
