"""Where refcheck keeps its cache: one folder per user, one SQLite file in it.

Two modules share the file: ``resolve.cache`` stores Crossref's answers there and
``replay`` the outcomes of whole runs decided on them. Both find it here, so that neither
needs to import the other (the replay runs before anything heavy is imported).
"""

from __future__ import annotations

from pathlib import Path

CACHE_FILENAME = "crossref-cache.sqlite3"
# When an answer was stored and when it expires (seconds since the epoch): what a run's
# record holds of each answer it was decided on.
Stored = tuple[float, float]


def default_cache_dir() -> Path:
    """The per-user cache folder (``~/.cache/refcheck`` on Linux)."""
    # platformdirs is imported here: only runs that use the cache need it.
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("refcheck", appauthor=False))


def cache_file(directory: Path | None) -> Path:
    """The cache file in ``directory`` (None: the user cache folder)."""
    return (directory or default_cache_dir()) / CACHE_FILENAME
