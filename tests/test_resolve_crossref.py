"""CrossrefSource over real HTTP against the local Crossref-compatible server."""

from __future__ import annotations

import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from crossref_server import CrossrefTestServer, RequestRecord

from refcheck import PROJECT_URL, __version__
from refcheck.doi import normalise_doi
from refcheck.errors import ConfigError, LookupFailed
from refcheck.resolve.crossref import CrossrefSource, user_agent, work_path
from refcheck.resolve.limits import RequestKind

GUTIERREZ = "10.1111/j.1529-8019.2012.01492.x"
SICI = "10.5555/(SICI)1097-4636(199706)35:4<425::AID-TEST2>3.0.CO;2-#?v=1"
GUTIERREZ_TEXT = (
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther 2012;25(2):195-206."
)


def make_source(server: CrossrefTestServer, **kwargs: object) -> CrossrefSource:
    options: dict[str, object] = {
        "mailto": "tests@example.org",
        "timeout": 2.0,
        "max_retries": 3,
        "backoff_base": 0.01,
        "backoff_cap": 0.05,
        "seed": 1,
    }
    options.update(kwargs)
    return CrossrefSource(server.url, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- answers


def test_get_work_returns_the_record(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        record = source.get_work(GUTIERREZ)
    assert record is not None
    assert record.doi == GUTIERREZ
    assert record.title == "Calcinosis cutis in autoimmune connective tissue diseases"
    assert [a.family for a in record.authors] == ["Gutierrez", "Wetter"]
    assert record.authors[0].suffix == "Jr"
    assert record.volume == "25" and record.issue == "2" and record.page == "195-206"
    assert "Dermatol Ther" in record.container_titles
    assert record.data["DOI"] == GUTIERREZ


@pytest.mark.parametrize(
    "written",
    [
        "10.1111/J.1529-8019.2012.01492.X",
        "https://doi.org/10.1111/j.1529-8019.2012.01492.x",
        "doi:10.1111/j.1529-8019.2012.01492.x",
        "  10.1111/j.1529-8019.2012.01492.x ",
    ],
)
def test_get_work_accepts_doi_as_written(crossref_server: CrossrefTestServer, written: str) -> None:
    with make_source(crossref_server) as source:
        record = source.get_work(written)
    assert record is not None and record.doi == GUTIERREZ


def test_unknown_doi_is_none_without_retry(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        assert source.get_work("10.1234/no-such-work") is None
    assert [r.status for r in crossref_server.requests] == [404]


def test_blank_doi_is_none_without_request(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        assert source.get_work("   ") is None
    assert crossref_server.requests == []


def test_doi_with_reserved_characters_is_percent_encoded(
    crossref_server: CrossrefTestServer,
) -> None:
    with make_source(crossref_server) as source:
        record = source.get_work(SICI)
    assert record is not None and record.doi == SICI.lower()
    (request,) = crossref_server.requests
    raw_path = urllib.parse.urlsplit(request.path).path
    # Unencoded, '#' would cut the path and '?' would start the query.
    for char in "#?;<>":
        assert char not in raw_path
    assert request.doi is not None and request.doi.lower() == SICI.lower()


def test_work_path_keeps_the_prefix_slash() -> None:
    assert work_path("10.1000/a b#c") == "/works/10.1000/a%20b%23c"


def test_connections_are_reused_on_loopback_too(crossref_server: CrossrefTestServer) -> None:
    # One path for every host: keep-alive here as with api.crossref.org (the test server,
    # like http.server, writes headers and body apart; prompt ACKs keep reuse fast).
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        for _ in range(5):
            assert source.get_work("10.1111/j.1529-8019.2012.01492.x") is not None
    ports = {request.client_port for request in crossref_server.requests}
    assert len(crossref_server.requests) == 5 and len(ports) == 1, ports


def test_normalise_doi() -> None:
    assert normalise_doi(" https://dx.doi.org/10.1000/ABC ") == "10.1000/abc"
    assert normalise_doi("DOI: 10.1000/x") == "10.1000/x"


def test_search_returns_ranked_records_with_scores(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        records = source.search(GUTIERREZ_TEXT, rows=3)
    assert 1 <= len(records) <= 3
    assert records[0].doi == GUTIERREZ
    scores = [r.search_score for r in records]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    (request,) = crossref_server.requests
    assert request.kind == "search"
    assert request.params["query.bibliographic"] == " ".join(GUTIERREZ_TEXT.split())
    assert request.params["rows"] == "3"


def test_search_clamps_rows_to_crossref_maximum(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        source.search("Deep learning", rows=5000)
    assert crossref_server.requests[0].params["rows"] == "1000"


def test_empty_search_sends_nothing(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server) as source:
        assert source.search("  \n ") == ()
    assert crossref_server.requests == []


def test_user_agent_and_mailto_are_sent(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server, mailto="editor@example.org") as source:
        source.get_work(GUTIERREZ)
        source.search("Deep learning")
    expected = f"refcheck/{__version__} ({PROJECT_URL}; mailto:editor@example.org)"
    for request in crossref_server.requests:
        assert request.user_agent == expected
        assert request.params["mailto"] == "editor@example.org"


def test_user_agent_without_mailto(crossref_server: CrossrefTestServer) -> None:
    with make_source(crossref_server, mailto=None) as source:
        source.get_work(GUTIERREZ)
    (request,) = crossref_server.requests
    assert request.user_agent == f"refcheck/{__version__} ({PROJECT_URL})"
    assert "mailto" not in request.params
    assert user_agent(None) == request.user_agent


# --------------------------------------------------------------------------- retries


def test_429_with_retry_after_waits_that_long(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(status=429, retry_after="1")
    events: list[str] = []
    with make_source(crossref_server, on_event=events.append) as source:
        started = time.monotonic()
        record = source.get_work(GUTIERREZ)
        elapsed = time.monotonic() - started
    assert record is not None
    assert [r.status for r in crossref_server.requests] == [429, 200]
    # The back-off alone is at most 0.05 s: the wait came from Retry-After.
    assert elapsed >= 0.95
    assert any("429" in event and "retry 1 of 3" in event for event in events)


def test_429_without_retry_after_backs_off_and_succeeds(
    crossref_server: CrossrefTestServer,
) -> None:
    crossref_server.queue_fault(status=429, times=2)
    with make_source(crossref_server) as source:
        records = source.search("Deep learning LeCun Bengio Hinton")
    assert records and records[0].doi == "10.1038/nature14539"
    assert [r.status for r in crossref_server.requests] == [429, 429, 200]


def test_503_then_success(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(status=503)
    with make_source(crossref_server) as source:
        assert source.get_work(GUTIERREZ) is not None
    assert [r.status for r in crossref_server.requests] == [503, 200]


def test_503_forever_fails_after_bounded_retries(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(status=503, times=10)
    with make_source(crossref_server, max_retries=2) as source, pytest.raises(LookupFailed) as err:
        source.get_work(GUTIERREZ)
    assert len(crossref_server.requests) == 3
    message = str(err.value)
    assert "503" in message and "3 attempts" in message and "\n" not in message


def test_retry_after_too_long_fails_at_once(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(status=429, retry_after="3600")
    with make_source(crossref_server) as source, pytest.raises(LookupFailed, match="3600"):
        source.search("Deep learning")
    assert len(crossref_server.requests) == 1


def test_client_error_is_not_retried(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(status=400)
    with make_source(crossref_server) as source, pytest.raises(LookupFailed, match="HTTP 400"):
        source.search("Deep learning")
    assert len(crossref_server.requests) == 1


def test_timeout_then_success(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(delay=1.0)
    with make_source(crossref_server, timeout=0.2) as source:
        record = source.get_work(GUTIERREZ)
    assert record is not None
    statuses = [r.status for r in crossref_server.requests if r.status == 200]
    assert statuses  # the retry got through


def test_timeout_forever_fails(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(delay=3.0, times=2)
    started = time.monotonic()
    with (
        make_source(crossref_server, timeout=0.2, max_retries=1) as source,
        pytest.raises(LookupFailed, match=r"no answer within 0\.2 s"),
    ):
        source.get_work(GUTIERREZ)
    assert time.monotonic() - started < 2.0  # gave up long before the server answered


def test_malformed_json_fails(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(body=b'{"status": "ok", "message": {"DOI": ')
    with make_source(crossref_server) as source:
        with pytest.raises(LookupFailed, match="not valid JSON"):
            source.get_work(GUTIERREZ)
        # Malformed JSON is not retried: the same server would send the same body.
        assert len(crossref_server.requests) == 1


def test_wrong_envelope_fails(crossref_server: CrossrefTestServer) -> None:
    crossref_server.queue_fault(body=b'{"status": "ok", "message-type": "work", "message": {}}')
    with make_source(crossref_server) as source, pytest.raises(LookupFailed):
        source.search("Deep learning")


def test_connection_refused_fails_after_retries() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # Nothing listens on the port any more.
    source = CrossrefSource(
        f"http://127.0.0.1:{port}", max_retries=1, backoff_base=0.01, backoff_cap=0.02
    )
    with source, pytest.raises(LookupFailed, match="connection failed"):
        source.get_work(GUTIERREZ)


def test_unreachable_server_fails_every_other_request_at_once() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    # A long back-off: without the circuit breaker 20 references would take minutes.
    source = CrossrefSource(
        f"http://127.0.0.1:{port}",
        mailto="tests@example.org",
        max_retries=3,
        backoff_base=5.0,
        backoff_cap=5.0,
        seed=1,
    )
    errors: list[str] = []

    def search(i: int) -> None:
        try:
            source.search(f"reference {i}")
        except LookupFailed as exc:
            errors.append(str(exc))

    started = time.monotonic()
    with source, ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(search, range(20)))
    assert len(errors) == 20
    assert time.monotonic() - started < 4.0
    assert sum("not tried" in e and "unreachable" in e for e in errors) >= 15


def test_an_answer_resets_the_count_of_failures_in_a_row(
    crossref_server: CrossrefTestServer,
) -> None:
    # 3 time-outs, an answer, 3 time-outs, an answer: never 4 (one request's attempts) in a row.
    with make_source(crossref_server, timeout=0.2, max_retries=3) as source:
        for _ in range(2):
            crossref_server.queue_fault(delay=0.4, times=3)
            assert source.get_work(GUTIERREZ) is not None


def test_closed_source_fails_cleanly(crossref_server: CrossrefTestServer) -> None:
    source = make_source(crossref_server)
    source.close()
    with pytest.raises(LookupFailed, match="closed"):
        source.get_work(GUTIERREZ)


# --------------------------------------------------------------------------- limits


def test_limits_are_learned_from_headers(crossref_server: CrossrefTestServer) -> None:
    crossref_server.set_limits(search_rate=7, work_rate=11, concurrency=4)
    events: list[str] = []
    with make_source(crossref_server, on_event=events.append) as source:
        source.get_work(GUTIERREZ)
        source.search("Deep learning")
        assert source.gate.concurrency == 4
        assert source.gate.rate(RequestKind.WORK) == (11, 1.0)
        assert source.gate.rate(RequestKind.SEARCH) == (7, 1.0)
    assert any("concurrency 4" in event for event in events)


def test_concurrency_limit_is_respected(crossref_server: CrossrefTestServer) -> None:
    crossref_server.set_limits(concurrency=2, enforce=True)
    crossref_server.set_latency(0.08)
    # No mailto: the public pool's defaults (one at a time) hold until the server has spoken.
    with make_source(crossref_server, mailto=None) as source, ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: source.get_work(GUTIERREZ), range(12)))
        assert source.gate.max_in_flight == 2
    assert all(r is not None for r in results)
    assert crossref_server.refused == 0
    assert crossref_server.max_in_flight == 2
    assert len(crossref_server.requests) == 12


def test_rate_limit_is_respected(crossref_server: CrossrefTestServer) -> None:
    crossref_server.set_limits(search_rate=4, interval="500ms", concurrency=20, enforce=True)
    started = time.monotonic()
    with make_source(crossref_server, mailto=None) as source, ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda i: source.search(f"Deep learning {i}"), range(10)))
    elapsed = time.monotonic() - started
    assert all(results)
    assert crossref_server.refused == 0
    starts = sorted(r.started for r in crossref_server.requests)
    assert len(starts) == 10
    for index, start in enumerate(starts):
        in_window = [s for s in starts[index:] if s - start < 0.5]
        assert len(in_window) <= 4
    # 1 start (defaults), then 3 more, then 4 per half second: at least two more windows.
    assert elapsed >= 1.0


def test_search_and_doi_budgets_are_separate(crossref_server: CrossrefTestServer) -> None:
    crossref_server.set_limits(search_rate=1, work_rate=100, interval="1s", concurrency=10)
    with make_source(crossref_server) as source:
        source.search("Deep learning")  # learns the limits; spends the one search start
        for _ in range(5):
            assert source.get_work(GUTIERREZ) is not None
        source.search("Deep learning Nature")
    first, *works, second = crossref_server.requests
    assert [r.kind for r in works] == ["work"] * 5
    # The DOI look-ups went ahead inside the search's window; the second search waited it out.
    assert all(r.started - first.started < 1.0 for r in works)
    assert second.started - first.started >= 1.0


@pytest.mark.parametrize("url", ["api.crossref.org", "ftp://api.crossref.org", "https://", ""])
def test_base_url_must_be_http(url: str) -> None:
    with pytest.raises(ConfigError):
        CrossrefSource(url)


def test_after_a_429_fewer_requests_run_at_once(crossref_server: CrossrefTestServer) -> None:
    crossref_server.set_limits(concurrency=3)
    crossref_server.set_latency(0.05)
    with make_source(crossref_server) as source:
        source.get_work(GUTIERREZ)  # learns concurrency 3
        crossref_server.queue_fault(status=429)
        source.get_work(GUTIERREZ)
        assert source.gate.allowed_concurrency == 2
        before = len(crossref_server.requests)
        with ThreadPoolExecutor(6) as pool:
            list(pool.map(lambda _: source.get_work(GUTIERREZ), range(12)))
    assert len(crossref_server.requests) == before + 12
    assert source.gate.max_in_flight <= 3
    in_flight = _max_overlap(crossref_server.requests[before:])
    assert in_flight <= 2


def _max_overlap(requests: list[RequestRecord]) -> int:
    events = sorted([(r.started, 1) for r in requests] + [(r.finished, -1) for r in requests])
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


@pytest.mark.parametrize(
    ("url", "mailto", "noted"),
    [
        ("https://api.crossref.org", None, True),
        ("https://API.crossref.org/", None, True),
        ("https://api.crossref.org", "me@example.org", False),
        ("http://127.0.0.1:9", None, False),  # a mirror or stand-in: its own limits
    ],
)
def test_crossref_without_a_mailto_is_noted_once_before_the_first_request(
    url: str, mailto: str | None, noted: bool
) -> None:
    notes: list[str] = []
    source = CrossrefSource(url, mailto, on_notice=notes.append)
    try:
        source.prepare()  # builds the client: no request is sent
        source.prepare()
    finally:
        source.close()
    assert len(notes) == (1 if noted else 0)
    if noted:
        assert "--mailto" in notes[0] and "one search a second" in notes[0]


def test_no_note_from_a_local_server_run(crossref_server: CrossrefTestServer) -> None:
    notes: list[str] = []
    source = make_source(crossref_server, mailto=None, on_notice=notes.append)
    assert source.search("Kaplan Meier nonparametric estimation")
    assert notes == []


def test_certificates_that_cannot_be_loaded_are_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # The machine's setting, not the server's fault: one line that names it, before any
    # request (exit 2 in the CLI), not an internal error.
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    source = CrossrefSource("https://api.crossref.org", "me@example.org")
    try:
        with pytest.raises(ConfigError, match=r"TLS certificates.*SSL_CERT_FILE"):
            source.prepare()
    finally:
        source.close()
