"""build_source: the source a run gets from its settings."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from refcheck.resolve import (
    CachedSource,
    CrossrefSource,
    OfflineSource,
    build_source,
    default_cache_dir,
)


def test_build_source_online_with_cache(tmp_path: Path) -> None:
    source = build_source(
        crossref_url="http://127.0.0.1:9",
        mailto=None,
        cache_dir=tmp_path,
        use_cache=True,
        offline=False,
        cache_ttl=timedelta(days=1),
    )
    assert isinstance(source, CachedSource)
    assert isinstance(source.inner, CrossrefSource)
    assert source.base_url == "http://127.0.0.1:9"


def test_build_source_without_cache(tmp_path: Path) -> None:
    source = build_source(
        crossref_url="https://api.crossref.org/",
        mailto="a@example.org",
        cache_dir=tmp_path,
        use_cache=False,
        offline=False,
        cache_ttl=timedelta(days=1),
    )
    assert isinstance(source, CrossrefSource)
    assert source.base_url == "https://api.crossref.org"
    assert not list(tmp_path.iterdir())  # --no-cache: no reads or writes


def test_build_source_offline(tmp_path: Path) -> None:
    source = build_source(
        crossref_url="https://api.crossref.org",
        mailto=None,
        cache_dir=tmp_path,
        use_cache=True,
        offline=True,
        cache_ttl=timedelta(days=1),
    )
    assert isinstance(source, OfflineSource) and source.cache is not None


def test_default_cache_dir_is_per_user() -> None:
    directory = default_cache_dir()
    assert directory.is_absolute() and "refcheck" in directory.parts
