"""Replay a check when nothing it was decided on has changed.

A pre-commit hook or a CI job checks the same manuscript again and again. Once every answer
is in the cache the network is out of the picture, but reading, parsing and matching the
whole list still cost a few hundred milliseconds, each time, for the same result. So a
finished ``check`` is kept, in the cache file beside the answers, under a key naming
everything that shapes its output:

- refcheck itself and the packages it runs with (``code_fingerprint``);
- the settings in force, the output format and what the terminal looks like;
- each input file, by its path and a hash of its bytes.

With the outcome go the cache keys of every answer the run asked for (or stored), with the
time each was stored. A later run with the same key is answered from this record only while
each of those answers is still there, unchanged and unexpired (or, for an offline run, still
missing): a refreshed answer, a cleared cache or an edited manuscript make it check again.
Nothing here raises: a record that cannot be read, or written, is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from refcheck import __version__
from refcheck.cachefile import Stored
from refcheck.limits import MAX_INPUT_BYTES

RUNS_TABLE = (
    "CREATE TABLE IF NOT EXISTS runs ("
    "key TEXT PRIMARY KEY, stored_at REAL NOT NULL, expires_at REAL NOT NULL, body BLOB NOT NULL)"
)
# Runs kept (the newest); each edit of a manuscript makes a new key.
MAX_RUNS = 200
# A run whose outputs are larger than this is not kept (compressed size).
MAX_RECORD_BYTES = 16 * 2**20
# How long a run that consulted no answer (offline, nothing cached) stays valid.
DEFAULT_LIFETIME = 24 * 3600.0
# The same bound as the answer cache's: a busy file is a miss, not a wait.
BUSY_TIMEOUT = 2.0
# SQLite's bound on the variables of one statement is 32766 (999 before 3.32).
_CHUNK = 900


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a check printed and wrote, to be given again."""

    messages: tuple[str, ...]  # lines written to standard error, in order
    stdout: str | None  # the report, when it went to standard output
    files: tuple[tuple[str, str, str], ...]  # (option, path, text) written atomically
    exit_code: int
    # How many of ``messages`` came before the report (the summary for a person comes after).
    report_at: int | None = None  # None: all of them


@cache
def code_fingerprint() -> str:
    """refcheck's version and files, the interpreter, and the folders packages live in.

    Files are taken by name, size and modification time (no reading): a checkout edited in
    place or a reinstall changes it. Installing or removing any package changes the
    modification time of the folder it is installed in (``site-packages``). Other entries
    of ``sys.path`` are left out: the working folder (``python -m``) changes whenever a
    file is written in it, a report among them.
    """
    parts: list[str] = [__version__, sys.version, sys.executable]
    package = Path(__file__).resolve().parent
    for folder, dirs, files in os.walk(package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            with contextlib.suppress(OSError):
                info = os.stat(path)
                parts.append(f"{os.path.relpath(path, package)}:{info.st_size}:{info.st_mtime_ns}")
    for entry in sys.path:
        if os.path.basename(entry) in ("site-packages", "dist-packages"):
            with contextlib.suppress(OSError):
                parts.append(f"{entry}:{os.stat(entry).st_mtime_ns}")
    return _digest(parts)


def run_key(
    context: Mapping[str, Any], inputs: Sequence[str], read: Sequence[bytes] | None = None
) -> str | None:
    """The key of a run over ``inputs`` given ``context`` (settings, format, terminal ...).

    ``read``: the bytes of each input as the run reads them; without it the files are read
    here (``input_bytes``). None when the run cannot be replayed: standard input, or an input
    that is not a regular file one can read (the run itself then says what is wrong).
    """
    if read is None:
        read = input_bytes(inputs)
    if read is None or "-" in inputs:
        return None
    parts = [code_fingerprint(), json.dumps(context, sort_keys=True, default=repr)]
    for path, data in zip(inputs, read, strict=True):
        parts.append(f"{path}\0{hashlib.sha256(data).hexdigest()}")
    return _digest(parts)


def input_bytes(inputs: Sequence[str]) -> list[bytes] | None:
    """Each input's bytes, read once for the key and then for the run; None when one is not
    a regular file one can read within the input limit (standard input, a named pipe, a
    folder, a missing or oversized file: the run itself says what is wrong)."""
    read = []
    for path in inputs:
        if path == "-":
            return None
        try:
            # Checked before opening: opening a named pipe would wait for a writer.
            if not os.path.isfile(path):
                return None
            with open(path, "rb") as handle:
                if os.fstat(handle.fileno()).st_size > MAX_INPUT_BYTES:  # refused by the run
                    return None
                read.append(handle.read(MAX_INPUT_BYTES + 1))
        except OSError:
            return None
    return read


def replay(cache_path: Path, key: str, *, now: float | None = None) -> Outcome | None:
    """The outcome kept under ``key`` if everything it was decided on is unchanged."""
    if not cache_path.is_file():
        return None
    if not (os.access(cache_path, os.W_OK) and os.access(cache_path.parent, os.W_OK)):
        # A run does not use a cache it cannot write (it says so and asks Crossref): nor
        # does its replay, which would give the old outcome without the warning.
        return None
    current = time.time() if now is None else now
    try:
        with _connect(cache_path) as conn:
            row = conn.execute(
                "SELECT body FROM runs WHERE key = ? AND expires_at > ?", (key, current)
            ).fetchone()
            if row is None:
                return None
            record = json.loads(zlib.decompress(row[0]).decode("utf-8"))
            if not _unchanged(conn, record["answers"], current):
                return None
        return Outcome(
            messages=tuple(record["messages"]),
            stdout=record["stdout"],
            files=tuple((option, path, text) for option, path, text in record["files"]),
            exit_code=int(record["exit_code"]),
            report_at=None if record.get("report_at") is None else int(record["report_at"]),
        )
    except (sqlite3.Error, OSError, zlib.error, ValueError, KeyError, TypeError):
        return None


def remember(
    cache_path: Path,
    key: str,
    outcome: Outcome,
    answers: Mapping[str, Stored | None],
    *,
    offline: bool,
    now: float | None = None,
) -> bool:
    """Keep ``outcome`` under ``key`` with the ``answers`` it was decided on.

    Not kept (False) when it depended on the network beyond the cache: an answer the run
    asked for but could not store. Offline, a missing answer is part of what was decided on.
    """
    if not offline and any(seen is None for seen in answers.values()):
        return False
    current = time.time() if now is None else now
    lifetimes = [seen[1] for seen in answers.values() if seen is not None]
    expires = min(lifetimes, default=current + DEFAULT_LIFETIME)
    record = {
        "messages": list(outcome.messages),
        "stdout": outcome.stdout,
        "files": [list(item) for item in outcome.files],
        "exit_code": outcome.exit_code,
        "report_at": outcome.report_at,
        "answers": {name: list(seen) if seen else None for name, seen in answers.items()},
    }
    try:
        body = zlib.compress(json.dumps(record, ensure_ascii=False).encode("utf-8"))
    except UnicodeEncodeError:  # a file name that is not UTF-8 (a lone surrogate)
        return False
    if len(body) > MAX_RECORD_BYTES or expires <= current:
        return False
    try:
        with _connect(cache_path) as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(RUNS_TABLE)
                conn.execute("DELETE FROM runs WHERE expires_at <= ?", (current,))
                conn.execute(
                    "INSERT OR REPLACE INTO runs (key, stored_at, expires_at, body) "
                    "VALUES (?, ?, ?, ?)",
                    (key, current, expires, body),
                )
                conn.execute(
                    "DELETE FROM runs WHERE key NOT IN "
                    "(SELECT key FROM runs ORDER BY stored_at DESC LIMIT ?)",
                    (MAX_RUNS,),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
    except (sqlite3.Error, OSError):
        return False
    return True


def _unchanged(conn: sqlite3.Connection, answers: Mapping[str, Any], now: float) -> bool:
    """Every answer still as the run saw it: stored at the same time and not expired, or
    still absent where the run found none."""
    keys = list(answers)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        held = dict(
            conn.execute(
                f"SELECT key, stored_at FROM answers WHERE expires_at > ? AND key IN ({marks})",
                [now, *chunk],
            ).fetchall()
        )
        for key in chunk:
            seen = answers[key]
            if (seen[0] if seen else None) != held.get(key):
                return False
    return True


@contextlib.contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    # mode=rw: the file is the answer cache's to create; a missing one is a miss.
    uri = f"{path.resolve().as_uri()}?mode=rw"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None)
    try:
        yield conn
    finally:
        conn.close()


def _digest(parts: Sequence[str]) -> str:
    return hashlib.sha256("\0\1".join(parts).encode("utf-8", "surrogateescape")).hexdigest()
