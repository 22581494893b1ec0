"""A persistent cache of Crossref answers, and the sources built on it.

``ResponseCache`` is one SQLite file (WAL, busy timeout, one short transaction per write) so
that two refcheck runs, and the threads of one run, can share it. It stores answers only:
a record, a search's items, or "no such DOI" (kept for a shorter time, since a DOI can be
registered later). Errors are never stored. The cache itself never raises: a broken or
unwritable cache is reported through ``on_warning`` and behaves as empty.

``CachedSource`` puts the cache in front of another source; ``OfflineSource`` answers from
the cache alone and raises ``OfflineMiss`` for anything else.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import time
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from refcheck.cachefile import CACHE_FILENAME, Stored
from refcheck.doi import normalise_doi
from refcheck.errors import OfflineMiss
from refcheck.models import Record
from refcheck.resolve.crossref import DEFAULT_BASE_URL, normalise_base_url
from refcheck.resolve.interface import NotCached, Preparable, WorkSource
from refcheck.resolve.records import record_from_crossref

# Bump when the stored layout changes: an older file is then emptied, not misread.
SCHEMA_VERSION = 1
# A DOI that is not registered today may be tomorrow.
DEFAULT_NOT_FOUND_TTL = timedelta(days=1)
BUSY_TIMEOUT_MS = 5000

_SCHEMA = (
    """CREATE TABLE answers (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        stored_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        found INTEGER NOT NULL,
        body BLOB
    )""",
    "CREATE INDEX answers_expiry ON answers (expires_at)",
)


def work_key(base_url: str, doi: str) -> str:
    """The cache key of ``/works/{doi}`` on ``base_url``."""
    return _digest("work", normalise_base_url(base_url), normalise_doi(doi), "")


def search_key(base_url: str, query: str, rows: int) -> str:
    """The cache key of a bibliographic search: the same text and rows, the same answer."""
    return _digest("search", normalise_base_url(base_url), " ".join(query.split()), str(rows))


def _digest(*parts: str) -> str:
    # NUL cannot occur in any part, so the joined key is unambiguous.
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CachedAnswer:
    """What the cache holds for a key: the JSON answer, or ``found=False`` for a 404 DOI."""

    found: bool
    value: Any = None  # a work message (dict) or a search's item list
    # True when the stored text can hold no lone surrogate (strict UTF-8 and no "\\ud"
    # escape): the records built from it need not be searched for one again.
    surrogate_free: bool = False


class ResponseCache:
    """Crossref answers on disk, by hashed request key, each with an expiry time."""

    def __init__(
        self,
        directory: Path,
        ttl: timedelta,
        *,
        not_found_ttl: timedelta | None = None,
        on_warning: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILENAME
        self.ttl = ttl
        self.not_found_ttl = min(ttl, not_found_ttl or DEFAULT_NOT_FOUND_TTL)
        self._on_warning = on_warning
        self._clock = clock
        self._lock = threading.Lock()
        self._warned: set[str] = set()
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._consulted: dict[str, Stored | None] = {}
        with self._lock:
            self._open()

    # -- public ----------------------------------------------------------------------

    def get(self, key: str) -> CachedAnswer | None:
        """The stored answer for ``key`` if it has not expired, else ``None``."""
        with self._lock:
            conn = self._connection()
            if conn is None:
                return None
            try:
                row = conn.execute(
                    "SELECT found, body, stored_at, expires_at FROM answers "
                    "WHERE key = ? AND expires_at > ?",
                    (key, self._clock()),
                ).fetchone()
            except sqlite3.Error as exc:
                self._handle_error(exc, "read")
                return None
            self._consulted[key] = None if row is None else (row[2], row[3])
        if row is None:
            return None
        found, body, _, _ = row
        if not found:
            return CachedAnswer(found=False)
        try:
            # Strict UTF-8: bytes of a lone surrogate (which refcheck never writes) are damage.
            text = zlib.decompress(body).decode("utf-8")
            clean = "\\ud" not in text and "\\uD" not in text
            return CachedAnswer(found=True, value=json.loads(text), surrogate_free=clean)
        except (zlib.error, ValueError, TypeError, RecursionError):
            # One damaged entry is a miss; the next answer overwrites it. (RecursionError: a
            # value nested thousands deep, which refcheck never stores.)
            return None

    def put(self, key: str, kind: str, value: Any) -> None:
        """Store a found answer (a JSON-serialisable value)."""
        try:
            body = zlib.compress(
                json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            )
        except (TypeError, ValueError) as exc:
            self._warn_once("encode", f"cache: cannot store an answer ({exc})")
            return
        self._write(key, kind, True, body, self.ttl)

    def put_not_found(self, key: str, kind: str) -> None:
        """Store "no such record" (a 404 on a DOI), with the shorter not-found TTL."""
        self._write(key, kind, False, None, self.not_found_ttl)

    def consulted(self) -> Mapping[str, Stored | None] | None:
        """Every key this cache was asked for or given, with what it holds for it now.

        ``(stored_at, expires_at)`` of the answer, or None for a key it had no answer for.
        A run's outcome depends on exactly these (``refcheck.replay``). None when the cache
        failed (disabled, a read or write lost): what it holds is then not what the run saw.
        """
        with self._lock:
            if self._disabled or self._warned:
                return None
            return dict(self._consulted)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None
            self._disabled = True

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals (the lock is held) ------------------------------------------------

    def _write(self, key: str, kind: str, found: bool, body: bytes | None, ttl: timedelta) -> None:
        with self._lock:
            conn = self._connection()
            if conn is None:
                return
            now = self._clock()
            expires = now + ttl.total_seconds()
            try:
                with conn:  # one statement, one short transaction (atomic)
                    conn.execute(
                        "INSERT OR REPLACE INTO answers (key, kind, stored_at, expires_at, "
                        "found, body) VALUES (?, ?, ?, ?, ?, ?)",
                        (key, kind, now, expires, int(found), body),
                    )
            except sqlite3.Error as exc:
                self._handle_error(exc, "write")
                return
            self._consulted[key] = (now, expires)

    def _connection(self) -> sqlite3.Connection | None:
        if self._disabled:
            return None
        if self._conn is None:
            self._open()
        return self._conn

    def _open(self) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._disable(f"cache: cannot create {self.directory} ({exc.strerror or exc})")
            return
        try:
            self._conn = self._connect()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _looks_corrupt(exc):
                # Locked, read-only, out of disk: not the file's fault, so keep the file.
                self._disable(f"cache: cannot open {self.path} ({exc}); running without it")
                return
            self._rebuild(exc)

    def _connect(self) -> sqlite3.Connection:
        # Two runs starting together race to switch the file to WAL and create the table;
        # SQLite answers "locked" at once for some of these steps instead of waiting.
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        pause = 0.01
        while True:
            try:
                return self._connect_once()
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(pause)
            pause = min(0.2, pause * 2)

    def _connect_once(self) -> sqlite3.Connection:
        conn = sqlite3.connect(
            self.path,
            timeout=BUSY_TIMEOUT_MS / 1000,
            check_same_thread=False,  # one connection, guarded by self._lock
            isolation_level=None,  # autocommit; transactions are explicit
        )
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            # No fsync: creating the file and the checkpoint at close cost 40-90 ms of every
            # cold run with them. Only an operating-system crash or a power cut can then
            # damage the file, and a damaged cache is rebuilt (each answer is also checked by
            # zlib's checksum when read): it holds nothing that cannot be asked again.
            conn.execute("PRAGMA synchronous = OFF")
            # WAL lets one run read while another writes; it persists in the file.
            if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                conn.execute("PRAGMA journal_mode = WAL")
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self._create_schema(conn)
            self._drop_expired(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _create_schema(conn: sqlite3.Connection) -> None:
        # Under a write lock, re-checked: another run may have created it meanwhile.
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                conn.execute("DROP TABLE IF EXISTS answers")
                for statement in _SCHEMA:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _drop_expired(self, conn: sqlite3.Connection) -> None:
        # Expired answers are dead weight; dropping them is cheap with the index, and can
        # wait for another run if this one finds the file busy.
        try:
            conn.execute("DELETE FROM answers WHERE expires_at <= ?", (self._clock(),))
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc):
                raise

    def _rebuild(self, cause: BaseException) -> None:
        """Move a corrupt file aside and start an empty cache in its place."""
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(self._clock())}-{os.getpid()}")
        try:
            if self.path.exists():
                os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        except OSError as exc:
            self._disable(f"cache: {self.path} is unreadable ({cause}) and cannot be moved ({exc})")
            return
        try:
            self._conn = self._connect()
        except sqlite3.Error as exc:
            self._disable(f"cache: cannot rebuild {self.path} ({exc}); running without it")
            return
        self._warn_once(
            "rebuilt",
            f"cache: {self.path} was unreadable ({cause}); moved it to {aside.name} "
            "and started an empty cache",
        )

    def _handle_error(self, exc: sqlite3.Error, action: str) -> None:
        if _looks_corrupt(exc):
            if self._conn is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._conn.close()
                self._conn = None
            self._rebuild(exc)
            return
        # Busy past the timeout, disk full, read-only: skip this one operation.
        self._warn_once(action, f"cache: {action} failed ({exc}); continuing without it")

    def _disable(self, message: str) -> None:
        self._disabled = True
        self._conn = None
        self._warn_once("disabled", message)

    def _warn_once(self, topic: str, message: str) -> None:
        if topic in self._warned:
            return
        self._warned.add(topic)
        if self._on_warning is not None:
            self._on_warning(message)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and (
        "not a database" in text or "malformed" in text or "corrupt" in text
    )


class CachedSource:
    """``inner`` behind the persistent cache: answers are read from and written to ``cache``.

    Concurrent calls for the same key wait for the first one's answer instead of asking
    Crossref twice (a manuscript often cites one work twice; the matcher may look up a DOI
    that a search has just returned).
    """

    def __init__(
        self, inner: WorkSource, cache: ResponseCache, *, base_url: str | None = None
    ) -> None:
        self.inner = inner
        self.cache = cache
        # The key names the server: answers from a test server never leak into real runs.
        url = base_url if base_url is not None else getattr(inner, "base_url", None)
        self.base_url = normalise_base_url(url if isinstance(url, str) else DEFAULT_BASE_URL)
        self._flights_lock = threading.Lock()
        self._flights: dict[str, _FlightEntry] = {}

    def get_work(self, doi: str) -> Record | None:
        key = work_key(self.base_url, doi)
        with self._single_flight(key):
            cached = _usable_work(self.cache.get(key))
            if cached is not None:
                return _record(cached) if cached.found else None
            record = self.inner.get_work(doi)
            if record is None:
                self.cache.put_not_found(key, "work")
            elif record.data:
                self.cache.put(key, "work", dict(record.data))
            return record

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        key = search_key(self.base_url, query, rows)
        with self._single_flight(key):
            cached = self.cache.get(key)
            if cached is not None and isinstance(cached.value, list):
                return _records(cached)
            records = self.inner.search(query, rows)
            # Only whole answers are stored: a record without its JSON cannot be rebuilt.
            if all(record.data for record in records):
                self.cache.put(key, "search", [dict(record.data) for record in records])
            return records

    def close(self) -> None:
        close = getattr(self.inner, "close", None)
        if callable(close):
            close()
        self.cache.close()

    def prepare(self) -> None:
        if isinstance(self.inner, Preparable):
            self.inner.prepare()

    def cache_only(self) -> WorkSource:
        """This source without its network: what is cached, else ``NotCached``."""
        return OfflineSource(self.cache, base_url=self.base_url, miss=NotCached)

    def _single_flight(self, key: str) -> _Flight:
        return _Flight(self, key)


class _FlightEntry:
    __slots__ = ("lock", "users")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.users = 0  # callers holding or awaiting ``lock``


class _Flight:
    """One caller at a time per key; the per-key lock lives while someone holds or awaits it."""

    __slots__ = ("_key", "_lock", "_owner")

    def __init__(self, owner: CachedSource, key: str) -> None:
        self._owner = owner
        self._key = key
        with owner._flights_lock:
            entry = owner._flights.get(key)
            if entry is None:
                entry = owner._flights[key] = _FlightEntry()
            entry.users += 1
            self._lock = entry.lock

    def __enter__(self) -> None:
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()
        owner = self._owner
        with owner._flights_lock:
            entry = owner._flights[self._key]
            entry.users -= 1
            if entry.users == 0:
                del owner._flights[self._key]


class OfflineSource:
    """Answers from the cache alone; anything not cached raises ``miss``: ``OfflineMiss``
    for ``--offline`` (the reference stays unresolved), ``NotCached`` for a cached source's
    cache-first pass (the reference is then looked up)."""

    def __init__(
        self,
        cache: ResponseCache | None,
        *,
        base_url: str = DEFAULT_BASE_URL,
        miss: type[Exception] = OfflineMiss,
    ) -> None:
        self.cache = cache
        self.base_url = normalise_base_url(base_url)
        self._miss = miss

    def get_work(self, doi: str) -> Record | None:
        cached = _usable_work(self._lookup(work_key(self.base_url, doi)))
        if cached is None:
            raise self._miss(f"DOI {normalise_doi(doi)} is not in the cache (offline)")
        return _record(cached) if cached.found else None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        cached = self._lookup(search_key(self.base_url, query, rows))
        if cached is None or not isinstance(cached.value, list):
            raise self._miss("this search is not in the cache (offline)")
        return _records(cached)

    def close(self) -> None:
        if self.cache is not None:
            self.cache.close()

    def cache_only(self) -> WorkSource:
        """Itself: it never uses the network."""
        return self

    def _lookup(self, key: str) -> CachedAnswer | None:
        return self.cache.get(key) if self.cache is not None else None


def _usable_work(cached: CachedAnswer | None) -> CachedAnswer | None:
    """``cached`` if it is "not found" or a work object; anything else counts as a miss."""
    if cached is None or not cached.found or isinstance(cached.value, Mapping):
        return cached
    return None


def _record(cached: CachedAnswer) -> Record:
    return record_from_crossref(cached.value, surrogate_free=cached.surrogate_free)


def _records(cached: CachedAnswer) -> tuple[Record, ...]:
    items: Sequence[Any] = cached.value
    return tuple(
        record_from_crossref(item, surrogate_free=cached.surrogate_free)
        for item in items
        if isinstance(item, Mapping)
    )
