"""resolve stage: Crossref records for references (network, cache, offline).

``build_source`` gives the ``WorkSource`` a run uses; the matcher (``refcheck.validate``)
only sees that protocol.
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
