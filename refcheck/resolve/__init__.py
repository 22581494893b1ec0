"""resolve stage: Crossref records for references (network, cache, offline).

``build_source`` gives the ``WorkSource`` a run uses. ``resolution.resolve_reference`` makes
every request for a reference through that protocol (``candidates`` says what it asks) and
has ``refcheck.validate.match`` judge the answers; it is not imported here, so that reading
the cache's location does not load the matcher.
"""

from refcheck.resolve.cache import CachedSource, OfflineSource, ResponseCache
from refcheck.resolve.crossref import CrossrefSource
from refcheck.resolve.factory import answers_consulted, build_source, default_cache_dir
from refcheck.resolve.interface import WorkSource

__all__ = [
    "CachedSource",
    "CrossrefSource",
    "OfflineSource",
    "ResponseCache",
    "WorkSource",
    "answers_consulted",
    "build_source",
    "default_cache_dir",
]
