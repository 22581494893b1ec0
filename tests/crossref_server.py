"""A Crossref-compatible REST server on 127.0.0.1 for refcheck's tests.

Serves the work records in ``tests/fixtures/*.jsonl`` (one Crossref work ``message`` per line,
or a whole ``{"status": "ok", "message": {...}}`` envelope) the way api.crossref.org does:

    GET /works/{doi}                       the ``work`` envelope; 404 ``Resource not found.``
    GET /works?query.bibliographic=&rows=  the ``work-list`` envelope, items with ``score``

The DOI may be raw or percent-encoded, in any case. Every answer carries Crossref's
``x-rate-limit-limit`` / ``x-rate-limit-interval`` / ``x-concurrency-limit`` headers.

For tests: programmable faults (``queue_fault``: a status such as 429 or 503, with or without
``Retry-After``, a delay, a malformed body), optional enforcement of the announced limits
(429 over them, as Crossref does), a log of every request (path, kind, User-Agent, status,
times) and the largest number of requests that were in flight at once.

``resolver_records.jsonl`` holds real works (Gutierrez & Wetter 2012, Watson & Crick 1953,
Wakefield 1998 with its 2010 retraction notice, Ioannidis 2005, Bland & Altman 1986, LeCun et
al. 2015) written in Crossref's shape from their published metadata, plus one constructed
record under Crossref's test prefix 10.5555 whose SICI-style DOI holds ``<``, ``;``, ``#`` and
``?``.

Standard library only. ``python tests/crossref_server.py --port 8080`` serves the fixtures
by hand.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import threading
import time
import unicodedata
import urllib.parse
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAX_ROWS = 1000
DEFAULT_ROWS = 20

_TOKEN = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")


# --------------------------------------------------------------------------- records


def normalise_doi(doi: str) -> str:
    doi = doi.strip()
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    return doi.lower()


def tokens(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return _TOKEN.findall(folded.replace("_", " "))


def load_records(paths: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Work records by normalised DOI; a later file wins on a repeated DOI."""
    by_doi: dict[str, dict[str, Any]] = {}
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: invalid JSON: {exc}") from None
                if isinstance(obj.get("message"), dict) and "DOI" not in obj:
                    obj = obj["message"]
                if isinstance(obj.get("DOI"), str) and obj["DOI"].strip():
                    by_doi[normalise_doi(obj["DOI"])] = obj
    return by_doi


def fixture_files(directory: Path = FIXTURES) -> list[Path]:
    return sorted(directory.glob("*.jsonl"))


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(item) for item in value if item is not None]
    return [str(value)]


def searchable_text(record: dict[str, Any]) -> str:
    """What a bibliographic query is matched against: title, names, journal, numbers."""
    parts = _strings(record.get("title")) + _strings(record.get("subtitle"))
    for person in record.get("author") or []:
        if isinstance(person, dict):
            parts += [str(person.get(key) or "") for key in ("given", "family", "name")]
    parts += _strings(record.get("container-title"))
    parts += _strings(record.get("short-container-title"))
    for date_key in ("issued", "published-print", "published-online"):
        date = record.get(date_key) or {}
        first = ((date.get("date-parts") or [[None]])[0] or [None])[0]
        if first is not None:
            parts.append(str(first))
    parts += [str(record.get(key) or "") for key in ("volume", "issue", "page")]
    return _TAG.sub(" ", " ".join(parts))


class Index:
    """Records with their token sets, for a token-overlap relevance score."""

    def __init__(self, records: dict[str, dict[str, Any]]) -> None:
        self.records = records
        self.token_sets = {doi: set(tokens(searchable_text(r))) for doi, r in records.items()}

    def get(self, doi: str) -> dict[str, Any] | None:
        return self.records.get(normalise_doi(doi))

    def search(self, query: str, rows: int) -> tuple[int, list[tuple[dict[str, Any], float]]]:
        """(total hits, best ``rows`` with scores). The score is the cosine of the two token
        sets times 100: a good bibliographic match lands in the tens, like Crossref's."""
        wanted = set(tokens(query))
        if not wanted:
            return 0, []
        hits = []
        for doi, have in self.token_sets.items():
            overlap = len(wanted & have)
            if overlap:
                score = 100.0 * overlap / math.sqrt(len(wanted) * len(have))
                hits.append((round(score, 3), doi))
        hits.sort(key=lambda hit: (-hit[0], hit[1]))
        return len(hits), [(self.records[doi], score) for score, doi in hits[:rows]]


# --------------------------------------------------------------------------- faults and log


@dataclass(frozen=True, slots=True)
class Fault:
    """What to do to the next matching request instead of (or before) answering it.

    ``status``: answer with this status (429, 503, 500...) and a Crossref-style body.
    ``retry_after``: the ``Retry-After`` header value to send with it.
    ``delay``: seconds to wait first (longer than the client's timeout: a time-out).
    ``body``: answer 200 with this raw body as JSON (malformed JSON, a wrong envelope).
    ``kind``: only requests of this kind (``"work"`` or ``"search"``); None: any.
    """

    status: int | None = None
    retry_after: str | None = None
    delay: float = 0.0
    body: bytes | None = None
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class RequestRecord:
    method: str
    path: str  # as sent, percent-encoding included
    kind: str  # "work" | "search" | "other"
    doi: str | None  # decoded DOI of a /works/{doi} request
    params: dict[str, str]
    user_agent: str | None
    status: int
    started: float  # time.monotonic() at arrival
    finished: float  # when the answer was about to be written
    line: str = ""  # the request line as received ("GET /works/... HTTP/1.1")
    client_port: int = 0  # the client's port: the same on a reused (keep-alive) connection


@dataclass
class Limits:
    search_rate: int = 1000
    work_rate: int = 1000
    interval: str = "1s"
    concurrency: int = 50
    enforce: bool = False


@dataclass
class _State:
    limits: Limits = field(default_factory=Limits)
    latency: float = 0.0
    faults: deque[Fault] = field(default_factory=deque)
    requests: list[RequestRecord] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    starts: dict[str, deque[float]] = field(
        default_factory=lambda: {"search": deque(), "work": deque()}
    )
    refused: int = 0  # 429s for going over enforced limits


# --------------------------------------------------------------------------- server


class CrossrefTestServer:
    """The server, running on a daemon thread. ``url`` is its base URL."""

    def __init__(self, records: dict[str, dict[str, Any]] | None = None, port: int = 0) -> None:
        self.index = Index(records if records is not None else load_records(fixture_files()))
        self._state = _State()
        self._lock = threading.Lock()
        self._httpd = _HTTPServer(("127.0.0.1", port), _Handler, self)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> CrossrefTestServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(5)

    def __enter__(self) -> CrossrefTestServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- test controls ---------------------------------------------------------------

    def reset(self) -> None:
        """Back to a fresh state: no faults, empty log, high limits, no latency."""
        with self._lock:
            self._state = _State()

    def queue_fault(self, fault: Fault | None = None, *, times: int = 1, **kwargs: Any) -> None:
        """Apply ``fault`` (or ``Fault(**kwargs)``) to the next ``times`` matching requests."""
        fault = fault if fault is not None else Fault(**kwargs)
        with self._lock:
            self._state.faults.extend([fault] * times)

    def set_limits(
        self,
        *,
        search_rate: int = 1000,
        work_rate: int = 1000,
        interval: str = "1s",
        concurrency: int = 50,
        enforce: bool = False,
    ) -> None:
        """Announce (and with ``enforce``, impose) rate and concurrency limits."""
        with self._lock:
            self._state.limits = Limits(search_rate, work_rate, interval, concurrency, enforce)

    def set_latency(self, seconds: float) -> None:
        with self._lock:
            self._state.latency = seconds

    @property
    def requests(self) -> list[RequestRecord]:
        with self._lock:
            return list(self._state.requests)

    @property
    def max_in_flight(self) -> int:
        with self._lock:
            return self._state.max_in_flight

    @property
    def refused(self) -> int:
        with self._lock:
            return self._state.refused

    # -- used by the handler ---------------------------------------------------------

    def _admit(self, kind: str) -> tuple[_State, str | None, Fault | None, float, Limits]:
        """Count the request in: (its state, refusal reason, fault to apply, latency, limits).

        The handler leaves and logs through the state it was admitted under, so a request
        still running from before a ``reset()`` (a time-out test) never touches the new one.
        """
        with self._lock:
            state = self._state
            limits = state.limits
            fault = None
            for index, queued in enumerate(state.faults):
                if queued.kind in (None, kind):
                    fault = queued
                    del state.faults[index]
                    break
            if limits.enforce and kind in state.starts:
                if state.in_flight >= limits.concurrency:
                    state.refused += 1
                    return state, "concurrency", None, 0.0, limits
                now = time.monotonic()
                window = state.starts[kind]
                while window and now - window[0] >= _interval_seconds(limits.interval):
                    window.popleft()
                rate = limits.search_rate if kind == "search" else limits.work_rate
                if len(window) >= rate:
                    state.refused += 1
                    return state, "rate", None, 0.0, limits
                window.append(now)
            state.in_flight += 1
            state.max_in_flight = max(state.max_in_flight, state.in_flight)
            return state, None, fault, state.latency, limits

    def _leave(self, state: _State) -> None:
        with self._lock:
            state.in_flight -= 1

    def _log(self, state: _State, record: RequestRecord) -> None:
        with self._lock:
            state.requests.append(record)


def _interval_seconds(interval: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)?", interval.strip())
    if match is None:
        return 1.0
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(
        self, address: tuple[str, int], handler: type[_Handler], owner: CrossrefTestServer
    ) -> None:
        super().__init__(address, handler)
        self.owner = owner


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "crossref-test-server"
    sys_version = ""
    server: _HTTPServer

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep test output clean

    def do_GET(self) -> None:
        owner = self.server.owner
        started = time.monotonic()
        split = urllib.parse.urlsplit(self.path)
        path = split.path[3:] if split.path.startswith("/v1/") else split.path
        params = dict(urllib.parse.parse_qsl(split.query, keep_blank_values=True))
        doi: str | None = None
        if path.rstrip("/") == "/works":
            kind = "search"
        elif path.startswith("/works/"):
            kind = "work"
            doi = urllib.parse.unquote(path[len("/works/") :])
        else:
            kind = "other"
        state, refused, fault, latency, limits = owner._admit(kind)

        def finish(status: int) -> None:
            # Before the answer is written, as Crossref's stub does: a client that sends its
            # next request as soon as it has read this answer never finds the slot taken,
            # and a test that has its answer finds the request in the log.
            if refused is None:
                owner._leave(state)
            owner._log(
                state,
                RequestRecord(
                    method="GET",
                    path=self.path,
                    kind=kind,
                    doi=doi,
                    params=params,
                    user_agent=self.headers.get("User-Agent"),
                    status=status,
                    started=started,
                    finished=time.monotonic(),
                    line=self.requestline,
                    client_port=self.client_address[1],
                ),
            )

        if refused is not None:
            finish(429)
            body = _json_bytes(_error_body("rate-limit-exceeded", refused))
            self._write_answer(429, body, "application/json", limits, kind, None)
            return
        try:
            delay = latency + (fault.delay if fault is not None else 0.0)
            if delay:
                time.sleep(delay)
            status, body, ctype, retry_after = self._respond(owner, kind, doi, params, fault)
        except Exception:
            finish(500)
            self._write_answer(500, b"Internal error", "text/plain", limits, kind, None)
            raise
        finish(status)
        self._write_answer(status, body, ctype, limits, kind, retry_after)

    def _respond(
        self,
        owner: CrossrefTestServer,
        kind: str,
        doi: str | None,
        params: dict[str, str],
        fault: Fault | None,
    ) -> tuple[int, bytes, str, str | None]:
        if fault is not None and fault.status is not None:
            if fault.status == 429:
                body = _json_bytes(_error_body("rate-limit-exceeded", "rate"))
                return 429, body, "application/json", fault.retry_after
            try:
                phrase = HTTPStatus(fault.status).phrase
            except ValueError:
                phrase = "Error"
            text = f"{fault.status} {phrase}".encode()
            return fault.status, text, "text/plain", fault.retry_after
        if fault is not None and fault.body is not None:
            return 200, fault.body, "application/json", None
        if kind == "work" and doi is not None:
            record = owner.index.get(doi)
            if record is None:
                return 404, b"Resource not found.", "text/plain", None
            envelope = {
                "status": "ok",
                "message-type": "work",
                "message-version": "1.0.0",
                "message": record,
            }
            return 200, _json_bytes(envelope), "application/json", None
        if kind == "search":
            return self._search(owner, params)
        return 404, b"Resource not found.", "text/plain", None

    def _search(
        self, owner: CrossrefTestServer, params: dict[str, str]
    ) -> tuple[int, bytes, str, str | None]:
        raw_rows = params.get("rows", str(DEFAULT_ROWS))
        if not raw_rows.isdigit() or int(raw_rows) > MAX_ROWS:
            body = _json_bytes(
                {
                    "status": "failed",
                    "message-type": "validation-failure",
                    "message": [
                        {
                            "type": "integer-not-valid",
                            "value": raw_rows,
                            "message": f"Integer specified as {raw_rows} but must be a "
                            f"positive integer less than or equal to {MAX_ROWS}.",
                        }
                    ],
                }
            )
            return 400, body, "application/json", None
        rows = int(raw_rows)
        query = params.get("query.bibliographic") or params.get("query") or ""
        total, hits = owner.index.search(query, rows)
        items = [dict(record, score=score) for record, score in hits]
        envelope = {
            "status": "ok",
            "message-type": "work-list",
            "message-version": "1.0.0",
            "message": {
                "facets": {},
                "total-results": total,
                "items": items,
                "items-per-page": rows,
                "query": {"start-index": 0, "search-terms": query or None},
            },
        }
        return 200, _json_bytes(envelope), "application/json", None

    def _write_answer(
        self,
        status: int,
        body: bytes,
        ctype: str,
        limits: Limits,
        kind: str,
        retry_after: str | None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{ctype};charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        rate = limits.work_rate if kind == "work" else limits.search_rate
        self.send_header("x-rate-limit-limit", str(rate))
        self.send_header("x-rate-limit-interval", limits.interval)
        self.send_header("x-concurrency-limit", str(limits.concurrency))
        self.send_header("x-api-pool", "polite")
        if retry_after is not None:
            self.send_header("Retry-After", retry_after)
        try:
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a time-out test)


def _error_body(kind: str, value: str) -> dict[str, Any]:
    return {
        "status": "failed",
        "message-type": kind,
        "message": [
            {
                "type": kind,
                "value": value,
                "message": "You have sent too many requests in a given amount of time.",
            }
        ],
    }


def _json_bytes(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args(argv)
    server = CrossrefTestServer(port=args.port).start()
    print(f"serving {len(server.index.records)} records on {server.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
