"""Client-side request limits for Crossref: concurrency, per-kind rate, pauses, back-off.

Crossref announces its limits in every response (``x-concurrency-limit``,
``x-rate-limit-limit`` / ``x-rate-limit-interval``) and answers 429 to clients that go over
them. ``RequestGate`` keeps a client under those limits from the first request on: it starts
from conservative defaults and adopts whatever the server announces as answers arrive.

Thread-safe: the pipeline calls one source from a pool of threads, so every decision is taken
under one condition variable.
"""

from __future__ import annotations

import random
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class RequestKind(StrEnum):
    """Crossref budgets list queries and single-record look-ups separately."""

    SEARCH = "search"  # /works?query...
    WORK = "work"  # /works/{doi}


@dataclass(frozen=True, slots=True)
class Limits:
    """What the client allows itself before the server has said anything."""

    search_per_interval: int
    work_per_interval: int
    interval: float  # seconds
    concurrency: int


# Crossref's polite pool (requests that identify a contact, ``mailto``) since December 2025.
POLITE_DEFAULTS = Limits(search_per_interval=3, work_per_interval=10, interval=1.0, concurrency=3)
# The public pool is stricter; without a mailto start at its lower limits. The first answer's
# headers replace these anyway, so being conservative costs one round trip at most.
PUBLIC_DEFAULTS = Limits(search_per_interval=1, work_per_interval=5, interval=1.0, concurrency=1)

# The server counts starts at arrival, the client at departure; arrival times jitter by a few
# milliseconds (threads, GIL, connection set-up). Holding each start in the client's window this
# much longer than the announced interval keeps the server's count under its limit.
WINDOW_MARGIN = 0.06

# How long a 429 keeps the concurrency one below what the server announces.
PENALTY_SECONDS = 30.0

# The slowest rate a server may announce and be obeyed: Crossref's lowest budget is a
# request a second. A server announcing "1 request per hour" is broken or hostile, and
# obeying it would hold a run for hours: its answers are a server fault instead.
MIN_RATE_PER_SECOND = 0.1

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}


def parse_interval(value: str | None) -> float | None:
    """``"1s"`` -> 1.0; ``"60s"``, ``"1m"``, ``"500ms"``, bare ``"2"`` (seconds). Else None."""
    if not value:
        return None
    match = _INTERVAL.match(value)
    if match is None:
        return None
    seconds = float(match.group(1)) * _UNIT_SECONDS[(match.group(2) or "s").lower()]
    return seconds if seconds > 0 else None


def parse_positive_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = int(value.strip())
    except ValueError:
        return None
    return number if number > 0 else None


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    # email.utils is slow to import and only a 429 or 503 needs it.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a naive result means "assume UTC"
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def backoff_delay(attempt: int, *, base: float, cap: float, rng: random.Random) -> float:
    """Exponential back-off with full jitter: uniform in [0, min(cap, base * 2**attempt)]."""
    return rng.uniform(0.0, min(cap, base * (2.0**attempt)))


class _Budget:
    """Starts of one request kind within a sliding window."""

    __slots__ = ("interval", "limit", "starts")

    def __init__(self, limit: int, interval: float) -> None:
        self.limit = limit
        self.interval = interval
        self.starts: deque[float] = deque()

    def wait_needed(self, now: float) -> float:
        """0 when a request may start now, else the seconds until a slot frees."""
        window = self.interval + WINDOW_MARGIN
        while self.starts and now - self.starts[0] >= window:
            self.starts.popleft()
        if len(self.starts) < self.limit:
            return 0.0
        # The oldest start that must leave the window for one more to fit.
        return self.starts[len(self.starts) - self.limit] + window - now


class GateClosed(Exception):
    """The gate was closed (the server is unreachable): no more requests are admitted."""


class RequestGate:
    """Admits requests within the announced concurrency and per-kind rate limits.

    Use ``with gate.slot(kind):`` around one HTTP exchange (request sent to response read),
    then ``gate.observe(kind, headers)`` with the response headers.
    """

    def __init__(
        self,
        defaults: Limits,
        *,
        on_change: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._cond = threading.Condition()
        self._clock = clock
        self._on_change = on_change
        self._concurrency = defaults.concurrency
        self._in_flight = 0
        self._max_in_flight = 0
        self._paused_until = 0.0
        self._closed = False
        # After a 429, run below the announced concurrency for a while, as Crossref asks
        # ("try again at a lower rate or with lower concurrency").
        self._penalty = 0
        self._penalty_until = 0.0
        self._budgets = {
            RequestKind.SEARCH: _Budget(defaults.search_per_interval, defaults.interval),
            RequestKind.WORK: _Budget(defaults.work_per_interval, defaults.interval),
        }

    # -- admission -------------------------------------------------------------------

    def acquire(self, kind: RequestKind) -> None:
        budget = self._budgets[kind]
        with self._cond:
            while True:
                if self._closed:
                    raise GateClosed
                now = self._clock()
                wait = max(0.0, self._paused_until - now)
                if wait == 0.0:
                    wait = budget.wait_needed(now)
                if wait == 0.0 and self._in_flight < self._allowed_concurrency(now):
                    budget.starts.append(now)
                    self._in_flight += 1
                    self._max_in_flight = max(self._max_in_flight, self._in_flight)
                    return
                # A full concurrency slot frees on release(), which notifies; a rate or pause
                # wait frees with time alone.
                self._cond.wait(timeout=wait if wait > 0.0 else None)

    def close(self) -> None:
        """Admit nothing more; threads waiting for a slot raise ``GateClosed``."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self._in_flight -= 1
            self._cond.notify_all()

    def slot(self, kind: RequestKind) -> _Slot:
        return _Slot(self, kind)

    # -- feedback from responses ------------------------------------------------------

    def observe(self, kind: RequestKind, headers: Mapping[str, str]) -> str | None:
        """Adopt the limits a response announces (header names are case-insensitive).

        Returns a reason, and adopts nothing, when the announced rate is below
        ``MIN_RATE_PER_SECOND``: the caller treats that answer as a server fault.
        """
        lowered = {name.lower(): value for name, value in headers.items()}
        concurrency = parse_positive_int(lowered.get("x-concurrency-limit"))
        limit = parse_positive_int(lowered.get("x-rate-limit-limit"))
        interval = parse_interval(lowered.get("x-rate-limit-interval"))
        if concurrency is None and limit is None and interval is None:
            return None
        current_limit, current_interval = self.rate(kind)
        rate_limit = current_limit if limit is None else limit
        rate_interval = current_interval if interval is None else interval
        if rate_limit / rate_interval < MIN_RATE_PER_SECOND:
            return (
                f"the server announces {rate_limit} request(s) per {rate_interval:g} s "
                f"(a fault: no Crossref limit is below one per {1 / MIN_RATE_PER_SECOND:g} s)"
            )
        budget = self._budgets[kind]
        with self._cond:
            changed = []
            if concurrency is not None and concurrency != self._concurrency:
                self._concurrency = concurrency
                changed.append(f"concurrency {concurrency}")
            if limit is not None and limit != budget.limit:
                budget.limit = limit
                changed.append(f"{kind} {limit}")
            if interval is not None and interval != budget.interval:
                budget.interval = interval
                changed.append(f"{kind} interval {interval:g} s")
            if not changed:
                return None
            self._cond.notify_all()
        if self._on_change is not None:
            self._on_change("Crossref limits: " + ", ".join(changed))
        return None

    def refused(self) -> None:
        """The server answered 429: lower the concurrency by one for ``PENALTY_SECONDS``."""
        with self._cond:
            now = self._clock()
            if now >= self._penalty_until:
                self._penalty = 0
            self._penalty = min(self._penalty + 1, max(0, self._concurrency - 1))
            self._penalty_until = now + PENALTY_SECONDS

    def _allowed_concurrency(self, now: float) -> int:
        if self._penalty and now < self._penalty_until:
            return max(1, self._concurrency - self._penalty)
        return self._concurrency

    def pause(self, seconds: float) -> None:
        """Hold back every new request for ``seconds`` (a 429 with ``Retry-After``)."""
        with self._cond:
            self._paused_until = max(self._paused_until, self._clock() + seconds)

    # -- introspection (tests, events) ------------------------------------------------

    @property
    def concurrency(self) -> int:
        with self._cond:
            return self._concurrency

    @property
    def allowed_concurrency(self) -> int:
        """The concurrency in force now: the announced one, less any 429 penalty."""
        with self._cond:
            return self._allowed_concurrency(self._clock())

    def rate(self, kind: RequestKind) -> tuple[int, float]:
        with self._cond:
            budget = self._budgets[kind]
            return budget.limit, budget.interval

    @property
    def max_in_flight(self) -> int:
        with self._cond:
            return self._max_in_flight


class _Slot:
    __slots__ = ("_gate", "_kind")

    def __init__(self, gate: RequestGate, kind: RequestKind) -> None:
        self._gate = gate
        self._kind = kind

    def __enter__(self) -> None:
        self._gate.acquire(self._kind)

    def __exit__(self, *exc: object) -> None:
        self._gate.release()
