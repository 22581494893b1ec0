"""The persistent response cache, the cached source and the offline source."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from crossref_server import CrossrefTestServer
from hypothesis import given
from hypothesis import strategies as st

from refcheck.errors import LookupFailed, OfflineMiss
from refcheck.resolve.cache import (
    CACHE_FILENAME,
    CachedSource,
    OfflineSource,
    ResponseCache,
    search_key,
    work_key,
)
from refcheck.resolve.crossref import CrossrefSource

GUTIERREZ = "10.1111/j.1529-8019.2012.01492.x"
DAY = timedelta(days=1)


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def make_cache(directory: Path, **kwargs: object) -> tuple[ResponseCache, list[str]]:
    warnings: list[str] = []
    cache = ResponseCache(directory, kwargs.pop("ttl", DAY), on_warning=warnings.append, **kwargs)  # type: ignore[arg-type]
    return cache, warnings


def crossref(server: CrossrefTestServer, **kwargs: object) -> CrossrefSource:
    options: dict[str, object] = {"mailto": "tests@example.org", "backoff_base": 0.01}
    options.update(kwargs)
    return CrossrefSource(server.url, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- ResponseCache


def test_put_then_get(tmp_path: Path) -> None:
    cache, warnings = make_cache(tmp_path)
    key = work_key("https://api.crossref.org", GUTIERREZ)
    assert cache.get(key) is None
    cache.put(key, "work", {"DOI": GUTIERREZ, "title": ["Ünïcode ✓"]})
    answer = cache.get(key)
    assert answer is not None and answer.found
    assert answer.value == {"DOI": GUTIERREZ, "title": ["Ünïcode ✓"]}
    assert (tmp_path / CACHE_FILENAME).exists()
    assert warnings == []


def test_answers_survive_reopening(tmp_path: Path) -> None:
    key = search_key("https://api.crossref.org", "deep learning", 5)
    first, _ = make_cache(tmp_path)
    first.put(key, "search", [{"DOI": "10.1038/nature14539"}])
    first.close()
    second, _ = make_cache(tmp_path)
    answer = second.get(key)
    assert answer is not None and answer.value == [{"DOI": "10.1038/nature14539"}]


def test_entries_expire_after_ttl(tmp_path: Path) -> None:
    clock = FakeClock()
    cache, _ = make_cache(tmp_path, ttl=timedelta(hours=2), clock=clock)
    cache.put("k", "work", {"DOI": "x"})
    clock.now += 2 * 3600 - 1
    assert cache.get("k") is not None
    clock.now += 2
    assert cache.get("k") is None


def test_not_found_is_cached_for_a_shorter_time(tmp_path: Path) -> None:
    clock = FakeClock()
    cache, _ = make_cache(
        tmp_path, ttl=timedelta(days=30), not_found_ttl=timedelta(hours=1), clock=clock
    )
    cache.put_not_found("missing", "work")
    cache.put("present", "work", {"DOI": "y"})
    answer = cache.get("missing")
    assert answer is not None and not answer.found
    clock.now += 3601
    assert cache.get("missing") is None
    assert cache.get("present") is not None


def test_keys_normalise_what_does_not_change_the_answer() -> None:
    base = "https://api.crossref.org"
    assert work_key(base, "10.1000/ABC") == work_key(base + "/", "https://doi.org/10.1000/abc")
    assert search_key(base, " deep  learning ", 5) == search_key(base, "deep learning", 5)
    assert search_key(base, "deep learning", 5) != search_key(base, "deep learning", 10)
    assert work_key(base, "10.1000/abc") != work_key("http://127.0.0.1:8080", "10.1000/abc")
    assert work_key(base, "10.1000/abc") != search_key(base, "10.1000/abc", 0)


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILENAME).write_bytes(b"this is not an SQLite database" * 100)
    cache, warnings = make_cache(tmp_path)
    assert len(warnings) == 1 and "started an empty cache" in warnings[0]
    assert list(tmp_path.glob(f"{CACHE_FILENAME}.corrupt-*"))
    cache.put("k", "work", {"DOI": "z"})
    assert cache.get("k") is not None


def test_damaged_entry_is_a_miss(tmp_path: Path) -> None:
    cache, _ = make_cache(tmp_path)
    cache.put("k", "work", {"DOI": "z"})
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as conn:
        conn.execute("UPDATE answers SET body = x'00ff00'")
    reopened, warnings = make_cache(tmp_path)
    assert reopened.get("k") is None
    assert warnings == []


def test_unusable_directory_warns_and_behaves_as_empty(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    cache, warnings = make_cache(blocker / "cache")
    cache.put("k", "work", {"DOI": "z"})
    assert cache.get("k") is None
    assert len(warnings) == 1 and "cannot create" in warnings[0]


def test_older_schema_is_emptied(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as conn:
        conn.execute("CREATE TABLE answers (key TEXT, something_else TEXT)")
        conn.execute("PRAGMA user_version = 99")
    cache, warnings = make_cache(tmp_path)
    cache.put("k", "work", {"DOI": "z"})
    assert cache.get("k") is not None
    assert warnings == []


def test_threads_share_one_cache(tmp_path: Path) -> None:
    cache, warnings = make_cache(tmp_path)

    def work(index: int) -> bool:
        key = f"key-{index % 20}"
        cache.put(key, "work", {"DOI": key, "n": index})
        answer = cache.get(key)
        return answer is not None and answer.value["DOI"] == key

    with ThreadPoolExecutor(16) as pool:
        assert all(pool.map(work, range(400)))
    assert warnings == []


_WRITER = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from pathlib import Path
    from refcheck.resolve.cache import ResponseCache

    directory, name = Path(sys.argv[1]), sys.argv[2]
    warnings = []
    cache = ResponseCache(directory, timedelta(days=1), on_warning=warnings.append)
    for i in range(150):
        cache.put(f"{name}-{i}", "work", {"DOI": f"10.1/{name}.{i}"})
        cache.put(f"shared-{i % 10}", "work", {"DOI": "shared", "by": name})
        assert cache.get(f"{name}-{i}") is not None
    cache.close()
    if warnings:
        sys.exit("warnings: " + "; ".join(warnings))
    """
)


def test_two_processes_share_one_cache(tmp_path: Path) -> None:
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(tmp_path), name],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        _, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
    cache, _ = make_cache(tmp_path)
    for name in ("first", "second"):
        for i in range(150):
            assert cache.get(f"{name}-{i}") is not None
    shared = cache.get("shared-3")
    assert shared is not None and shared.value["by"] in ("first", "second")


# --------------------------------------------------------------------------- CachedSource


def test_cached_source_asks_crossref_once(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    cache, _ = make_cache(tmp_path)
    with crossref(crossref_server) as inner:
        source = CachedSource(inner, cache)
        first = source.get_work(GUTIERREZ)
        second = source.get_work(GUTIERREZ.upper())
        hits = source.search("Deep learning LeCun", rows=3)
        again = source.search("Deep  learning LeCun", rows=3)
    assert first is not None and second is not None
    assert first == second and first.data == second.data
    assert hits == again
    assert [r.search_score for r in hits] == [r.search_score for r in again]
    assert [r.kind for r in crossref_server.requests] == ["work", "search"]


def test_not_found_doi_is_cached(crossref_server: CrossrefTestServer, tmp_path: Path) -> None:
    cache, _ = make_cache(tmp_path)
    with crossref(crossref_server) as inner:
        source = CachedSource(inner, cache)
        assert source.get_work("10.1234/missing") is None
        assert source.get_work("10.1234/missing") is None
    assert [r.status for r in crossref_server.requests] == [404]


def test_errors_are_never_cached(crossref_server: CrossrefTestServer, tmp_path: Path) -> None:
    cache, _ = make_cache(tmp_path)
    crossref_server.queue_fault(status=503, times=2)
    with crossref(crossref_server, max_retries=1) as inner:
        source = CachedSource(inner, cache)
        with pytest.raises(LookupFailed):
            source.get_work(GUTIERREZ)
        assert source.get_work(GUTIERREZ) is not None  # asked again, not a cached failure
    assert [r.status for r in crossref_server.requests] == [503, 503, 200]


def test_concurrent_identical_requests_are_sent_once(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    crossref_server.set_latency(0.1)
    cache, _ = make_cache(tmp_path)
    with crossref(crossref_server) as inner:
        source = CachedSource(inner, cache)
        barrier = threading.Barrier(6)

        def look_up(_: int) -> str | None:
            barrier.wait()
            record = source.get_work(GUTIERREZ)
            return record.doi if record else None

        with ThreadPoolExecutor(6) as pool:
            assert set(pool.map(look_up, range(6))) == {GUTIERREZ}
    assert len(crossref_server.requests) == 1


def test_cache_is_keyed_by_server(crossref_server: CrossrefTestServer, tmp_path: Path) -> None:
    cache, _ = make_cache(tmp_path)
    with crossref(crossref_server) as inner:
        CachedSource(inner, cache).get_work(GUTIERREZ)
    other = OfflineSource(cache, base_url="https://api.crossref.org")
    with pytest.raises(OfflineMiss):
        other.get_work(GUTIERREZ)


# --------------------------------------------------------------------------- OfflineSource


def test_offline_answers_from_the_cache(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    cache, _ = make_cache(tmp_path)
    with crossref(crossref_server) as inner:
        online = CachedSource(inner, cache)
        online.get_work(GUTIERREZ)
        online.get_work("10.1234/missing")
        online.search("Deep learning", rows=2)
    count = len(crossref_server.requests)
    offline = OfflineSource(cache, base_url=crossref_server.url)
    record = offline.get_work(GUTIERREZ)
    assert record is not None and record.doi == GUTIERREZ
    assert offline.get_work("10.1234/missing") is None
    assert offline.search("Deep learning", rows=2)
    assert len(crossref_server.requests) == count


def test_offline_miss_raises(tmp_path: Path) -> None:
    cache, _ = make_cache(tmp_path)
    offline = OfflineSource(cache)
    with pytest.raises(OfflineMiss):
        offline.get_work(GUTIERREZ)
    with pytest.raises(OfflineMiss):
        offline.search("Deep learning")


def test_offline_without_cache_answers_nothing() -> None:
    offline = OfflineSource(None)
    with pytest.raises(OfflineMiss):
        offline.get_work(GUTIERREZ)
    with pytest.raises(OfflineMiss):
        offline.search("Deep learning")


def test_a_stored_value_of_the_wrong_shape_is_a_miss(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    cache, _ = make_cache(tmp_path)
    key = work_key(crossref_server.url, GUTIERREZ)
    cache.put(key, "work", ["not", "a", "work"])
    with pytest.raises(OfflineMiss):
        OfflineSource(cache, base_url=crossref_server.url).get_work(GUTIERREZ)
    with crossref(crossref_server) as inner:
        record = CachedSource(inner, cache).get_work(GUTIERREZ)
    assert record is not None and record.doi == GUTIERREZ
    assert len(crossref_server.requests) == 1


# DOIs are case-insensitive over ASCII (non-ASCII case maps do not round-trip: "ß" -> "SS").
_DOI_SUFFIX = st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1)


@given(suffix=_DOI_SUFFIX, prefix=st.sampled_from(["", "doi:", "https://doi.org/", "DOI: "]))
def test_work_key_ignores_how_the_doi_is_written(suffix: str, prefix: str) -> None:
    doi = f"10.1234/{suffix}"
    base = "https://api.crossref.org"
    assert work_key(base, f"  {prefix}{doi.upper()} ") == work_key(base, doi.lower())


@given(words=st.lists(st.text(alphabet="abcxyz019", min_size=1), min_size=1), gaps=st.data())
def test_search_key_ignores_spacing(words: list[str], gaps: st.DataObject) -> None:
    spaced = "".join(word + gaps.draw(st.sampled_from([" ", "  ", "\t", "\n "])) for word in words)
    base = "https://api.crossref.org"
    assert search_key(base, spaced, 5) == search_key(base, " ".join(words), 5)


_CACHED_RUN = textwrap.dedent(
    """
    import sys
    from datetime import timedelta
    from pathlib import Path
    from refcheck.resolve import build_source
    from refcheck.resolve.cache import ResponseCache, work_key

    directory = Path(sys.argv[1])
    url = "https://api.crossref.org"
    ResponseCache(directory, timedelta(days=1)).put(
        work_key(url, "10.1000/cached"), "work", {"DOI": "10.1000/cached", "title": ["T"]}
    )
    source = build_source(crossref_url=url, mailto=None, cache_dir=directory, use_cache=True,
                          offline=False, cache_ttl=timedelta(days=1))
    record = source.get_work("10.1000/cached")
    assert record is not None and record.title == "T"
    print(sorted(m for m in ("httpx2", "habanero", "platformdirs") if m in sys.modules))
    """
)


def test_a_run_answered_from_the_cache_never_loads_the_http_stack(tmp_path: Path) -> None:
    # A warm run has to start fast: httpx2 and habanero cost ~0.1 s to import.
    done = subprocess.run(
        [sys.executable, "-c", _CACHED_RUN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_entry_nested_too_deep_to_read_is_a_miss(tmp_path: Path) -> None:
    import zlib

    cache, _ = make_cache(tmp_path)
    cache.put("k", "work", {"DOI": "z"})
    cache.close()
    nested = zlib.compress(b"[" * 200_000 + b"]" * 200_000)
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as conn:
        conn.execute("UPDATE answers SET body = ?", (nested,))
    reopened, warnings = make_cache(tmp_path)
    assert reopened.get("k") is None  # a RecursionError once made every later run exit 2
    reopened.put("k", "work", {"DOI": "z"})
    assert reopened.get("k") is not None and warnings == []


@pytest.mark.parametrize(
    ("stored", "title"),
    [
        # A lone surrogate escaped in the JSON: read, then replaced (no writer can print it).
        (b'{"DOI": "10.1/x", "title": ["a\\ud800b"]}', "a\ufffdb"),
        # The same character as raw bytes: refcheck never writes them, so it is damage.
        (b'{"DOI": "10.1/x", "title": ["a\xed\xa0\x80b"]}', None),
        (b'{"DOI": "10.1/x", "title": ["plain"]}', "plain"),
    ],
)
def test_a_lone_surrogate_planted_in_the_cache_reaches_no_record(
    tmp_path: Path, stored: bytes, title: str | None
) -> None:
    import zlib

    url = "http://127.0.0.1:9"
    key = work_key(url, "10.1/x")
    cache, _ = make_cache(tmp_path)
    cache.put(key, "work", {"DOI": "10.1/x"})
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as conn:
        conn.execute("UPDATE answers SET body = ?", (zlib.compress(stored),))
    reopened, _ = make_cache(tmp_path)
    offline = OfflineSource(reopened, base_url=url)
    if title is None:
        with pytest.raises(OfflineMiss):
            offline.get_work("10.1/x")
        return
    record = offline.get_work("10.1/x")
    assert record is not None and record.title == title
