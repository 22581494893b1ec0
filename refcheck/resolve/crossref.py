"""The Crossref REST API as a ``WorkSource``: the only module that talks HTTP to Crossref.

Transport decision: habanero 2.9.2 sends every request through the module-level
``httpx2.get`` (a new connection per request, no way to pass a client), returns only the
decoded JSON (so the ``x-rate-limit-*`` / ``x-concurrency-limit`` / ``Retry-After`` headers and
the status code of a 429 or 503 are lost), has no retries and always prefixes its own
User-Agent. The limiter, the retries and the per-answer deadline need exactly what it discards,
so requests go through one shared ``httpx2.Client`` here. habanero still builds the search's
field-query parameters (``query_bibliographic`` -> ``query.bibliographic``, checked against the
field queries Crossref accepts).

Both libraries are imported on the first network request, not at import time: a run answered
entirely from the cache never pays for them.

Every third-party error stops here: a DOI Crossref does not know is ``None``; any other failure,
after the retries, is ``LookupFailed`` with a one-line reason.
"""

from __future__ import annotations

import contextlib
import json
import random
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from refcheck import PROJECT_URL, __version__
from refcheck.doi import normalise_doi
from refcheck.errors import ConfigError, LookupFailed
from refcheck.models import Record
from refcheck.resolve.limits import (
    POLITE_DEFAULTS,
    PUBLIC_DEFAULTS,
    GateClosed,
    RequestGate,
    RequestKind,
    backoff_delay,
    parse_retry_after,
)
from refcheck.resolve.records import record_from_crossref

if TYPE_CHECKING:
    import httpx2

DEFAULT_BASE_URL = "https://api.crossref.org"
MAX_ROWS = 1000  # Crossref refuses rows > 1000 with a 400
# A server that asks for a longer pause than this is not coming back within a run.
MAX_RETRY_AFTER = 120.0
# The longest a run waits without any answer from the server (a dead or black-holed host)
# before every look-up still to do is ``failed``; a Retry-After longer than this is not obeyed.
DEFAULT_NETWORK_DEADLINE = 30.0
# No Crossref answer comes near this (1000 full records are a few MiB); anything larger is
# a broken or hostile server.
MAX_ANSWER_BYTES = 64 * 2**20


def normalise_base_url(base_url: str) -> str:
    return base_url.strip().rstrip("/")


def user_agent(mailto: str | None) -> str:
    """``refcheck/<version> (<project URL>; mailto:<address>)``, as Crossref asks."""
    if mailto:
        # Header values are ASCII: an address with other letters is escaped, not a crash.
        address = mailto.encode("ascii", "backslashreplace").decode("ascii")
        return f"refcheck/{__version__} ({PROJECT_URL}; mailto:{address})"
    return f"refcheck/{__version__} ({PROJECT_URL})"


def work_path(doi: str) -> str:
    """``/works/{doi}`` with the DOI percent-encoded as one resource, never more.

    DOIs may hold ``?``, ``#``, ``;``, ``<``, ``>``, spaces and ``%`` (SICI DOIs): unencoded
    they would end the path or start a query. The ``/`` after the prefix stays raw, as
    Crossref's own examples write it; every later ``/`` is encoded, and a segment of dots is
    encoded too, so that no ``.``/``..`` segment reaches the HTTP stack, which would resolve
    it (``10.1000/x/../../members`` would become a request for ``/members``).
    """
    prefix, slash, suffix = doi.partition("/")
    segments = [_encoded_segment(prefix)]
    if slash:
        segments.append(_encoded_segment(suffix))
    path = "/works/" + "/".join(segments)
    if "" in segments or unquote(path[len("/works/") :]) != doi:
        raise LookupFailed(f"DOI {doi!r} cannot be sent as one Crossref resource")
    return path


def _encoded_segment(text: str) -> str:
    encoded = quote(text, safe="")
    if encoded and encoded.strip(".") == "":  # "." or "..": a segment the HTTP stack removes
        encoded = encoded.replace(".", "%2E")
    return encoded


def _clean_header_value(value: str) -> str:
    # A CR or LF in a header value is a protocol error (and an injection); drop them.
    return " ".join(value.split())


@dataclass(frozen=True, slots=True)
class _Fetched:
    """An HTTP answer read in full (any status)."""

    status_code: int
    headers: Mapping[str, str]
    content: bytes


@dataclass(frozen=True, slots=True)
class _Answer:
    """One HTTP answer, read in full: a 2xx or a 404."""

    status: int
    body: bytes


class CrossrefSource:
    """Crossref (or any server speaking its REST API) behind rate limits and retries."""

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        mailto: str | None = None,
        *,
        timeout: float = 20.0,
        max_retries: int = 4,
        on_event: Callable[[str], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
        backoff_base: float = 1.0,
        backoff_cap: float = 30.0,
        max_retry_after: float = MAX_RETRY_AFTER,
        network_deadline: float = DEFAULT_NETWORK_DEADLINE,
        seed: int | None = None,
    ) -> None:
        self.base_url = normalise_base_url(base_url)
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"the Crossref URL must start with https:// or http://: {base_url!r}")
        self.mailto = _clean_header_value(mailto) if mailto else None
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.network_deadline = network_deadline
        self._on_event = on_event
        self._on_notice = on_notice
        self.gate = RequestGate(
            POLITE_DEFAULTS if self.mailto else PUBLIC_DEFAULTS, on_change=on_event
        )
        self._rng = random.Random(seed)
        self._rng_lock = threading.Lock()
        self._client: httpx2.Client | None = None
        self._client_lock = threading.Lock()
        self._closed = False
        # Connection failures and time-outs in a row, over all threads. As many as one
        # request's attempts mean the server is down or unreachable: every other reference
        # would wait out the same back-off (minutes for a long list) to learn it, so the gate
        # closes and the rest fail at once. Any answer resets the count.
        self._transport_failures = 0
        self._unreachable: str | None = None
        self._down = threading.Event()  # set with _unreachable: wakes threads in back-off
        # When the server last answered (or the source was made): a run that hears nothing
        # for ``network_deadline`` seconds gives up, however many attempts are left.
        self._last_answer = time.monotonic()

    # -- WorkSource ------------------------------------------------------------------

    def get_work(self, doi: str) -> Record | None:
        bare = normalise_doi(doi)
        if not bare:
            return None
        what = f"DOI {bare}"
        try:
            path = work_path(bare)
        except LookupFailed:
            return None  # no registered DOI has an empty prefix or suffix: nothing is sent
        answer = self._get(RequestKind.WORK, path, self._common_params(), what)
        if answer.status == 404:
            return None
        message = _message(answer.body, "work", what)
        # A record without a DOI cannot be the work asked for: without this check such an
        # answer (an error page in JSON, a list envelope) would verify the reference.
        if not isinstance(message, Mapping) or not _has_doi(message):
            raise LookupFailed(f"Crossref sent no work record for {what}")
        return record_from_crossref(message)

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        text = _capped_query(" ".join(query.split()))
        if not text:
            return ()
        rows = min(max(1, rows), MAX_ROWS)
        params = self._common_params() | _field_query_params(bibliographic=text)
        params["rows"] = str(rows)
        answer = self._get(RequestKind.SEARCH, "/works", params, "search")
        if answer.status == 404:
            raise LookupFailed("Crossref search failed: HTTP 404 (is the base URL right?)")
        message = _message(answer.body, "work-list", "search")
        items = message.get("items") if isinstance(message, Mapping) else None
        if not isinstance(items, list):
            raise LookupFailed("Crossref search answer has no item list")
        if len(items) > rows:
            # Crossref never sends more than asked: a server that does (a million items for
            # rows=5) is broken, and its ranking is no evidence.
            raise LookupFailed(
                f"Crossref search failed: the answer holds {len(items)} items, {rows} were asked"
            )
        return tuple(
            record_from_crossref(item)
            for item in items
            if isinstance(item, Mapping) and _has_doi(item)
        )

    # -- lifecycle -------------------------------------------------------------------

    def prepare(self) -> None:
        """Import httpx2 and habanero and build the client now (see ``Preparable``)."""
        with contextlib.suppress(LookupFailed):  # closed: the request itself will say so
            self._http()
        _field_query_params()  # no query: only loads habanero's field-query names

    def close(self) -> None:
        with self._client_lock:
            self._closed = True
            if self._client is not None:
                self._client.close()
                self._client = None

    def __enter__(self) -> CrossrefSource:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transport -------------------------------------------------------------------

    def _note_public_pool(self) -> None:
        """Before the first request to Crossref itself without a mailto: say what it costs."""
        if self._on_notice is None or self.mailto:
            return
        if urlsplit(self.base_url).hostname == urlsplit(DEFAULT_BASE_URL).hostname:
            self._on_notice(
                "without --mailto Crossref's public pool answers one search a second, one at a "
                "time; give an e-mail address (--mailto or REFCHECK_MAILTO) for its polite pool, "
                "three at a time"
            )

    def _common_params(self) -> dict[str, str]:
        # The User-Agent carries the mailto too; the parameter is what Crossref documents
        # first, and costs nothing.
        return {"mailto": self.mailto} if self.mailto else {}

    def _http(self) -> httpx2.Client:
        with self._client_lock:
            if self._closed:
                raise LookupFailed("the Crossref source is closed")
            if self._client is None:
                import httpx2

                from refcheck.resolve.transport import bound_transport

                self._note_public_pool()
                # A plain-http server (a local mirror or stub) never needs TLS: skip loading
                # the CA bundle (~40 ms), and follow no redirect, which could lead to https.
                plain_http = urlsplit(self.base_url).scheme == "http"
                # Connections are reused on every host (a TLS handshake per request to
                # Crossref otherwise); the transport bounds each answer as a whole and ACKs
                # promptly, which keeps reuse fast with servers that write in two parts.
                try:
                    transport = httpx2.HTTPTransport(
                        verify=not plain_http,
                        limits=httpx2.Limits(max_connections=64, max_keepalive_connections=32),
                    )
                    bound_transport(transport)
                    self._client = httpx2.Client(
                        transport=transport,
                        headers={
                            "User-Agent": user_agent(self.mailto),
                            "Accept": "application/json",
                        },
                        # The gate bounds waiting, not the pool: never fail on a pool wait.
                        timeout=httpx2.Timeout(self.timeout, pool=None),
                        verify=not plain_http,
                        follow_redirects=not plain_http,
                    )
                except (OSError, ssl.SSLError) as exc:
                    # The CA certificates (SSL_CERT_FILE / SSL_CERT_DIR) cannot be loaded: the
                    # machine's setting, not the server's fault.
                    raise ConfigError(
                        f"cannot load the TLS certificates to reach {self.base_url} "
                        f"({_one_line(exc) or type(exc).__name__}); check SSL_CERT_FILE and "
                        "SSL_CERT_DIR"
                    ) from None
            return self._client

    def _emit(self, message: str) -> None:
        if self._on_event is not None:
            self._on_event(message)

    def _backoff(self, attempt: int) -> float:
        with self._rng_lock:
            return backoff_delay(
                attempt, base=self.backoff_base, cap=self.backoff_cap, rng=self._rng
            )

    def _time_left(self) -> float:
        """Seconds before the run gives up on a server that sends no answer."""
        return self._last_answer + self.network_deadline - time.monotonic()

    def _mark_unreachable(self, reason: str) -> None:
        """Close the gate: every look-up still to do fails at once with ``reason``."""
        if self._unreachable is None:
            self._unreachable = reason
            self._down.set()
            self.gate.close()

    def _give_up(self, problem: str) -> None:
        with self._rng_lock:
            self._mark_unreachable(
                f"{self.base_url} gave no answer for {self.network_deadline:g} s ({problem})"
            )

    def _note_transport_failure(self, problem: str, limit: int) -> None:
        with self._rng_lock:
            self._transport_failures += 1
            if self._transport_failures >= limit:
                self._mark_unreachable(
                    f"{self.base_url} unreachable ({problem}; {self._transport_failures} "
                    "attempts in a row failed)"
                )

    def _fetch(
        self,
        client: httpx2.Client,
        url: str,
        params: dict[str, str],
        what: str,
        timeout: float,
    ) -> _Fetched:
        """One GET, read whole within one deadline and a size limit.

        The deadline covers the whole exchange: connecting, the status line, the headers,
        any redirect and the body (``transport.answer_deadline``); httpx's own time-out
        bounds each network wait only, and a server that trickles a byte a second would
        hold a look-up for ever. A compressed answer is bounded after decompression (a
        "zip bomb" would otherwise fill the memory).
        """
        import httpx2

        from refcheck.resolve.transport import answer_deadline

        deadline = time.monotonic() + timeout
        with (
            answer_deadline(timeout),
            client.stream(
                "GET", url, params=params, timeout=httpx2.Timeout(timeout, pool=None)
            ) as response,
        ):
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise LookupFailed(
                        f"Crossref {what} failed: the answer is larger than "
                        f"{MAX_ANSWER_BYTES // 2**20} MiB"
                    )
                chunks.append(chunk)
                # Decompressing needs no socket read: the deadline is checked here too.
                if time.monotonic() > deadline:
                    raise httpx2.ReadTimeout("the answer is too slow")
            return _Fetched(response.status_code, response.headers, b"".join(chunks))

    def _get(self, kind: RequestKind, path: str, params: dict[str, str], what: str) -> _Answer:
        """GET with limits and retries; returns a 2xx or a 404 answer, else raises."""
        import httpx2

        client = self._http()
        url = self.base_url + path
        attempts = self.max_retries + 1
        problem = "no attempt made"
        for attempt in range(attempts):
            retry_after: float | None = None
            try:
                self.gate.acquire(kind)
            except GateClosed:
                raise LookupFailed(f"Crossref {what} not tried: {self._unreachable}") from None
            time_left = self._time_left()
            if time_left <= 0:
                self.gate.release()
                self._give_up(problem)
                raise LookupFailed(f"Crossref {what} not tried: {self._unreachable}")
            timeout = min(self.timeout, time_left)
            try:
                response = self._fetch(client, url, params, what, timeout)
            except httpx2.TimeoutException:
                problem = f"no answer within {timeout:.3g} s"
                response = None
            except httpx2.TransportError as exc:
                problem = f"connection failed ({_one_line(exc) or type(exc).__name__})"
                response = None
            except (httpx2.HTTPError, httpx2.InvalidURL, httpx2.StreamError) as exc:
                raise LookupFailed(
                    f"Crossref {what} failed: {_one_line(exc) or type(exc).__name__}"
                ) from None
            finally:
                self.gate.release()
            if response is None:
                self._note_transport_failure(problem, attempts)
            else:
                self._transport_failures = 0
                self._last_answer = time.monotonic()
                fault = self.gate.observe(kind, response.headers)
                if fault is not None:
                    # Obeying would hold the run for hours; asking again ignores the server.
                    with self._rng_lock:
                        self._mark_unreachable(f"{self.base_url}: {fault}")
                    raise LookupFailed(f"Crossref {what} failed: {fault}")
                status = response.status_code
                if 200 <= status < 300 or status == 404:
                    return _Answer(status, response.content)
                if status != 429 and status < 500:
                    raise LookupFailed(
                        f"Crossref {what} failed: HTTP {status}{_error_detail(response.content)}"
                    )
                problem = f"HTTP {status}"
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                limit = min(self.max_retry_after, self.network_deadline)
                if retry_after is not None and retry_after > limit:
                    raise LookupFailed(
                        f"Crossref {what} failed: HTTP {status}, asked to wait {retry_after:.0f} s"
                    )
                if status == 429:
                    self.gate.refused()
                    if retry_after is not None:
                        # Every thread over the limit would hit the same wall: hold them all.
                        self.gate.pause(retry_after)
            if attempt + 1 == attempts:
                break
            delay = retry_after if retry_after is not None else self._backoff(attempt)
            # Never wait past the deadline: the next attempt then gives up at once.
            delay = max(0.0, min(delay, self._time_left()))
            self._emit(
                f"Crossref {what}: {problem}; retry {attempt + 1} of {self.max_retries} "
                f"in {delay:.1f} s"
            )
            self._down.wait(delay)
        tries = "1 attempt" if attempts == 1 else f"{attempts} attempts"
        raise LookupFailed(f"Crossref {what} failed: {problem} ({tries})")


# A few hundred characters of a reference find it; a whole pasted page would make a URL that
# Crossref refuses (and a megabyte-long request).
MAX_QUERY_CHARS = 400


def _capped_query(text: str) -> str:
    """The query cut at a word boundary to at most ``MAX_QUERY_CHARS`` characters."""
    if len(text) <= MAX_QUERY_CHARS:
        return text
    cut = text.rfind(" ", 0, MAX_QUERY_CHARS + 1)
    return text[: cut if cut > MAX_QUERY_CHARS // 2 else MAX_QUERY_CHARS]


def _has_doi(message: Mapping[str, Any]) -> bool:
    doi = message.get("DOI")
    return isinstance(doi, str) and bool(doi.strip())


def _field_query_params(**queries: str) -> dict[str, str]:
    """Crossref field-query parameters, named by habanero (``bibliographic`` ->
    ``query.bibliographic``)."""
    from habanero.field_queries import validate_field_queries
    from habanero.habanero_utils import filter_dict, rename_query_filters

    payload = filter_dict({f"query_{name}": value for name, value in queries.items()})
    validate_field_queries(
        [key.replace("query_", "query.", 1).replace("_", "-") for key in payload] or None
    )
    renamed: dict[str, str] = rename_query_filters(payload)
    return renamed


def _message(body: bytes, expected_type: str, what: str) -> Any:
    """The ``message`` of a Crossref envelope; ``LookupFailed`` when the body is not one."""
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError):
        # RecursionError: arrays nested thousands deep, which no Crossref answer holds.
        raise LookupFailed(f"Crossref {what} failed: the answer is not valid JSON") from None
    if not isinstance(envelope, Mapping) or "message" not in envelope:
        raise LookupFailed(f"Crossref {what} failed: the answer is not a Crossref envelope")
    if envelope.get("status", "ok") != "ok":
        raise LookupFailed(f"Crossref {what} failed: status {envelope.get('status')!r}")
    message_type = envelope.get("message-type")
    if message_type is not None and message_type != expected_type:
        raise LookupFailed(
            f"Crossref {what} failed: expected a {expected_type}, got a {message_type}"
        )
    return envelope["message"]


def _error_detail(content: bytes) -> str:
    """A short reason from a Crossref error body (``{"message": [{"message": ...}]}``)."""
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        text = _one_line(content[:2000].decode("utf-8", "replace"))[:120]
        return f": {text}" if text else ""
    message = body.get("message") if isinstance(body, Mapping) else None
    if isinstance(message, list) and message and isinstance(message[0], Mapping):
        message = message[0].get("message")
    return f": {_one_line(str(message))[:200]}" if message else ""


def _one_line(value: object) -> str:
    return " ".join(str(value).split())
