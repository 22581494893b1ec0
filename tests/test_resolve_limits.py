"""Header parsing, back-off and the request gate (no network)."""

from __future__ import annotations

import random
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from refcheck.resolve.limits import (
    PENALTY_SECONDS,
    Limits,
    RequestGate,
    RequestKind,
    backoff_delay,
    parse_interval,
    parse_positive_int,
    parse_retry_after,
)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("1s", 1.0), ("60s", 60.0), ("1m", 60.0), ("500ms", 0.5), ("2", 2.0), (" 1S ", 1.0)],
)
def test_parse_interval(value: str, seconds: float) -> None:
    assert parse_interval(value) == seconds


@pytest.mark.parametrize("value", [None, "", "soon", "0s", "-1s"])
def test_parse_interval_rejects(value: str | None) -> None:
    assert parse_interval(value) is None


def test_parse_positive_int() -> None:
    assert parse_positive_int(" 3 ") == 3
    assert parse_positive_int("0") is None
    assert parse_positive_int("three") is None
    assert parse_positive_int(None) is None


def test_retry_after_seconds_and_http_date() -> None:
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("1.5") == 1.5
    now = 1_700_000_000.0
    later = format_datetime(datetime.fromtimestamp(now + 30, tz=UTC), usegmt=True)
    assert parse_retry_after(later, now=now) == pytest.approx(30.0, abs=1.0)
    earlier = format_datetime(datetime.fromtimestamp(now - 30, tz=UTC), usegmt=True)
    assert parse_retry_after(earlier, now=now) == 0.0
    assert parse_retry_after("next tuesday") is None
    assert parse_retry_after(None) is None


def test_backoff_is_exponential_with_full_jitter() -> None:
    rng = random.Random(0)
    for attempt in range(6):
        ceiling = min(8.0, 0.5 * 2**attempt)
        delays = [backoff_delay(attempt, base=0.5, cap=8.0, rng=rng) for _ in range(200)]
        assert all(0.0 <= d <= ceiling for d in delays)
        # Full jitter spreads over the whole range, not just near the ceiling.
        assert min(delays) < ceiling * 0.2 and max(delays) > ceiling * 0.8


def small_gate(search: int = 2, work: int = 50, concurrency: int = 2) -> RequestGate:
    return RequestGate(Limits(search, work, 1.0, concurrency))


def test_gate_bounds_concurrency_across_threads() -> None:
    gate = small_gate(search=1000, work=1000, concurrency=3)
    in_flight = 0
    peak = 0
    lock = threading.Lock()

    def request() -> None:
        nonlocal in_flight, peak
        with gate.slot(RequestKind.WORK):
            with lock:
                in_flight += 1
                peak = max(peak, in_flight)
            time.sleep(0.01)
            with lock:
                in_flight -= 1

    threads = [threading.Thread(target=request) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 3
    assert gate.max_in_flight == 3


def test_gate_spaces_starts_beyond_the_rate() -> None:
    gate = small_gate(search=2)
    started = time.monotonic()
    for _ in range(3):
        with gate.slot(RequestKind.SEARCH):
            pass
    # Two start at once, the third waits for the first to leave the (1 s + margin) window.
    assert time.monotonic() - started >= 1.0


def test_gate_budgets_kinds_separately() -> None:
    gate = small_gate(search=1, work=50)
    with gate.slot(RequestKind.SEARCH):
        pass
    started = time.monotonic()
    for _ in range(10):
        with gate.slot(RequestKind.WORK):
            pass
    assert time.monotonic() - started < 0.2


def test_gate_adopts_announced_limits() -> None:
    changes: list[str] = []
    gate = RequestGate(Limits(1, 1, 1.0, 1), on_change=changes.append)
    gate.observe(
        RequestKind.SEARCH,
        {"X-Rate-Limit-Limit": "20", "X-Rate-Limit-Interval": "1s", "X-Concurrency-Limit": "3"},
    )
    assert gate.concurrency == 3
    assert gate.rate(RequestKind.SEARCH) == (20, 1.0)
    assert gate.rate(RequestKind.WORK) == (1, 1.0)
    assert changes == ["Crossref limits: concurrency 3, search 20"]
    gate.observe(RequestKind.SEARCH, {"x-rate-limit-limit": "20"})  # no change: no event
    gate.observe(RequestKind.SEARCH, {"x-rate-limit-limit": "lots"})  # ignored
    assert len(changes) == 1 and gate.rate(RequestKind.SEARCH) == (20, 1.0)


@pytest.mark.parametrize(
    "headers",
    [
        {"x-rate-limit-limit": "1", "x-rate-limit-interval": "3600s"},
        {"x-rate-limit-limit": "5", "x-rate-limit-interval": "1m", "x-concurrency-limit": "1"},
        {"x-rate-limit-interval": "1h"},  # with the current limit of 3: 3 an hour
    ],
)
def test_limits_below_the_floor_are_a_fault_and_not_adopted(headers: dict[str, str]) -> None:
    changes: list[str] = []
    gate = RequestGate(Limits(3, 10, 1.0, 3), on_change=changes.append)
    reason = gate.observe(RequestKind.SEARCH, headers)
    assert reason is not None and "a fault" in reason
    assert gate.rate(RequestKind.SEARCH) == (3, 1.0)
    assert gate.concurrency == 3
    assert changes == []


def test_limits_at_the_floor_are_obeyed() -> None:
    gate = RequestGate(Limits(3, 10, 1.0, 3))
    headers = {"x-rate-limit-limit": "1", "x-rate-limit-interval": "10s"}
    assert gate.observe(RequestKind.SEARCH, headers) is None
    assert gate.rate(RequestKind.SEARCH) == (1, 10.0)


def test_gate_pause_holds_new_requests() -> None:
    gate = small_gate(search=100, work=100, concurrency=5)
    gate.pause(0.3)
    started = time.monotonic()
    with gate.slot(RequestKind.WORK):
        pass
    assert time.monotonic() - started >= 0.25


def test_a_429_lowers_concurrency_for_a_while() -> None:
    now = [100.0]
    gate = RequestGate(Limits(10, 10, 1.0, 3), clock=lambda: now[0])
    gate.refused()
    assert gate.allowed_concurrency == 2
    gate.refused()
    gate.refused()  # never below one
    assert gate.allowed_concurrency == 1
    now[0] += PENALTY_SECONDS + 1
    assert gate.allowed_concurrency == 3
    gate.refused()  # a fresh penalty starts from the announced limit again
    assert gate.allowed_concurrency == 2
