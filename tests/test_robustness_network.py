"""Network trouble is an outcome, not a crash: a closed port, a hanging server, HTML, 5xx,
JSON of the wrong shape -> the references are ``failed`` (or, for an answer that holds no
usable record, ``unresolved``), the report is still valid JSON, and the run exits 3.
``--offline`` never connects to anything."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cli_env import CLEAN_ENV
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from refcheck.cli import app

TWO_REFERENCES = """\
References

1. LeCun Y, Bengio Y, Hinton G. Deep learning. Nature. 2015;521(7553):436-44.
2. Watson JD, Crick FH. Molecular structure of nucleic acids. Nature. 1953;171(4356):737-8. doi:10.1038/171737a0
"""  # noqa: E501


@pytest.fixture
def manuscript(tmp_path: Path) -> Path:
    path = tmp_path / "paper.txt"
    path.write_text(TWO_REFERENCES, encoding="utf-8")
    return path


def run(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV | (env or {}))


def check(url: str, manuscript: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    return run(
        "check",
        str(manuscript),
        "--crossref-url",
        url,
        "--no-cache",
        "--isolated",
        "--format",
        "json",
        *args,
        env=env,
    )


def assert_clean_run(result: Any) -> dict[str, Any]:
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"escaped exception: {result.exception!r}") from result.exception
    assert "Traceback" not in result.stderr
    assert all(line.startswith("refcheck: ") for line in result.stderr.splitlines()), result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def statuses(data: dict[str, Any]) -> list[str]:
    return [ref["status"] for ref in data["files"][0]["references"]]


def assert_all_failed(result: Any) -> dict[str, Any]:
    data = assert_clean_run(result)
    assert statuses(data) == ["failed", "failed"], data
    assert result.exit_code == 3, result.output
    for ref in data["files"][0]["references"]:
        assert ref["doi"] is None
        assert [f["code"] for f in ref["findings"]] == ["RC206"], ref["findings"]
    return data


@pytest.fixture
def closed_port() -> Iterator[str]:
    # Bind then close: nothing listens there for the rest of the test (the kernel does not
    # hand the port out again at once).
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    yield f"http://127.0.0.1:{port}"


FAST = {"REFCHECK_RETRIES": "1", "REFCHECK_TIMEOUT": "0.5"}


def test_closed_port_fails_every_reference_with_exit_3(closed_port: str, manuscript: Path) -> None:
    started = time.monotonic()
    result = check(closed_port, manuscript, env=FAST)
    assert_all_failed(result)
    assert time.monotonic() - started < 10


def test_a_hanging_server_times_out(crossref_server: Any, manuscript: Path) -> None:
    crossref_server.queue_fault(delay=3.0, times=20)
    started = time.monotonic()
    result = check(crossref_server.url, manuscript, env=FAST)
    assert_all_failed(result)
    # Two attempts of 0.5 s each and a short back-off, not the 3 s the server would take.
    assert time.monotonic() - started < 3.0


def test_retries_and_timeout_settings_are_checked(manuscript: Path) -> None:
    for variable, value in (("REFCHECK_RETRIES", "-1"), ("REFCHECK_TIMEOUT", "soon")):
        result = run("check", str(manuscript), "--isolated", env={variable: value})
        assert result.exit_code == 2
        assert result.stderr.startswith(f"refcheck: error: {variable}")


def test_server_errors_forever(crossref_server: Any, manuscript: Path) -> None:
    crossref_server.queue_fault(status=500, retry_after="0", times=100)
    assert_all_failed(check(crossref_server.url, manuscript))
    # Bounded: every request is retried a few times, not forever.
    assert len(crossref_server.requests) <= 2 * 2 * 5


def test_server_errors_without_retry_after_are_bounded(
    crossref_server: Any, manuscript: Path
) -> None:
    crossref_server.queue_fault(status=503, times=100)
    assert_all_failed(check(crossref_server.url, manuscript, env={"REFCHECK_RETRIES": "1"}))
    # One retry each after a jittered back-off of at most a second: two requests per look-up.
    assert len(crossref_server.requests) <= 2 * 2 * 2


def test_a_400_is_not_retried(crossref_server: Any, manuscript: Path) -> None:
    crossref_server.queue_fault(status=400, times=100)
    assert_all_failed(check(crossref_server.url, manuscript))


MALFORMED: list[tuple[str, bytes]] = [
    ("html", b"<!doctype html><html><body><h1>Maintenance</h1></body></html>"),
    ("empty-body", b""),
    ("truncated-json", b'{"status": "ok", "message": {"items": [{"DOI": "10.1'),
    ("json-list", b"[1, 2, 3]"),
    ("json-string", b'"ok"'),
    ("json-null", b"null"),
    ("no-message", b'{"status": "ok"}'),
    ("status-error", b'{"status": "error", "message": "internal"}'),
    ("message-list", b'{"status": "ok", "message": [{"DOI": "10.1/x"}]}'),
    ("message-null", b'{"status": "ok", "message": null}'),
    ("message-string", b'{"status": "ok", "message": "nothing"}'),
    ("items-missing", b'{"status": "ok", "message-type": "work-list", "message": {}}'),
    ("items-a-dict", b'{"status": "ok", "message": {"items": {"DOI": "10.1/x"}}}'),
]


@pytest.mark.parametrize(("name", "body"), MALFORMED, ids=[m[0] for m in MALFORMED])
def test_malformed_answers_fail_the_lookup(
    crossref_server: Any, manuscript: Path, name: str, body: bytes
) -> None:
    crossref_server.queue_fault(body=body, times=100)
    data = assert_clean_run(check(crossref_server.url, manuscript))
    # The DOI look-up of reference 2 may legitimately come back as "no such work" for some
    # shapes, but no reference can be verified from garbage.
    assert set(statuses(data)) <= {"failed", "unresolved"}, statuses(data)
    assert "failed" in statuses(data)


ODD_ITEMS: list[tuple[str, Any]] = [
    ("no-doi", [{"title": ["Deep learning"], "score": 50}]),
    ("doi-not-a-string", [{"DOI": 12345, "title": ["Deep learning"]}]),
    ("doi-empty", [{"DOI": "", "title": ["Deep learning"]}]),
    ("items-not-objects", [1, "two", None, [3]]),
    (
        "fields-of-every-wrong-type",
        [
            {
                "DOI": "10.5555/odd",
                "title": {"nested": ["Deep learning"]},
                "author": "LeCun Y",
                "issued": {"date-parts": "2015"},
                "published-print": {"date-parts": [[None]]},
                "container-title": 7,
                "volume": 521,
                "issue": ["7553"],
                "page": {"first": "436"},
                "score": "high",
                "type": None,
                "updated-by": "retraction",
                "relation": [1, 2],
            }
        ],
    ),
    (
        "authors-of-wrong-types",
        [
            {
                "DOI": "10.5555/odd2",
                "title": ["Deep learning"],
                "author": [None, 1, {"family": None}, {"family": ["LeCun"]}, {"name": 5}],
                "issued": {"date-parts": [["2015", "x"]]},
            }
        ],
    ),
]


@pytest.mark.parametrize(("name", "items"), ODD_ITEMS, ids=[i[0] for i in ODD_ITEMS])
def test_search_items_of_the_wrong_shape_are_not_a_crash(
    crossref_server: Any, manuscript: Path, name: str, items: Any
) -> None:
    body = json.dumps(
        {"status": "ok", "message-type": "work-list", "message": {"items": items}}
    ).encode()
    crossref_server.queue_fault(body=body, kind="search", times=100)
    crossref_server.queue_fault(
        body=json.dumps({"status": "ok", "message-type": "work", "message": items[0]}).encode(),
        kind="work",
        times=100,
    )
    result = check(crossref_server.url, manuscript)
    data = assert_clean_run(result)
    assert result.exit_code in (0, 1, 3)
    # Reference 2 gives its DOI; an odd record under another DOI never verifies it.
    assert statuses(data)[1] != "verified", statuses(data)


def test_lone_surrogates_from_crossref_reach_no_writer(
    crossref_server: Any, manuscript: Path, tmp_path: Path
) -> None:
    # JSON may escape half a surrogate pair ("\\ud800"): Python cannot encode the result.
    item = {
        "DOI": "10.1038/nature14539",
        "title": ["Deep learning"],
        "author": [{"family": "Le\ud800Cun", "given": "Y"}, {"family": "Bengio", "given": "Y"}],
        "container-title": ["Nat\udfffure"],
        "issued": {"date-parts": [[2014]]},
        "volume": "521",
        "page": "436-444",
    }
    body = json.dumps({"status": "ok", "message-type": "work-list", "message": {"items": [item]}})
    for fmt in ("json", "table", "junit"):
        crossref_server.reset()
        crossref_server.queue_fault(body=body.encode(), times=100)
        bib = tmp_path / f"{fmt}.bib"
        result = run(
            "check",
            str(manuscript),
            "--crossref-url",
            crossref_server.url,
            "--no-cache",
            "--isolated",
            "--format",
            fmt,
            "--bibtex",
            str(bib),
            "--output",
            str(tmp_path / fmt),
        )
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise AssertionError(repr(result.exception)) from result.exception
        assert result.exit_code == 1, result.output  # the year differs
        text = (tmp_path / fmt).read_text(encoding="utf-8")
        if fmt == "json":
            assert json.loads(text)["summary"]["mismatch"] == 1
        assert "Le\ufffdCun" in bib.read_text(encoding="utf-8")


def test_machine_output_stays_clean_when_lookups_fail_verbosely(
    crossref_server: Any, manuscript: Path
) -> None:
    crossref_server.queue_fault(status=503, retry_after="0", times=100)
    for fmt in ("json", "jsonl", "sarif", "junit"):
        result = run(
            "check",
            str(manuscript),
            "--crossref-url",
            crossref_server.url,
            "--no-cache",
            "--isolated",
            "--verbose",
            "--format",
            fmt,
        )
        assert result.exit_code == 3, result.output
        assert "retry" in result.stderr  # --verbose talks, on stderr only
        if fmt == "junit":
            import xml.etree.ElementTree as ET

            ET.fromstring(result.stdout)
        elif fmt == "jsonl":
            for line in result.stdout.splitlines():
                json.loads(line)
        else:
            json.loads(result.stdout)
        crossref_server.queue_fault(status=503, retry_after="0", times=100)


def test_bibtex_falls_back_to_the_parse_when_lookups_fail(
    closed_port: str, manuscript: Path
) -> None:
    result = run(
        "bibtex",
        str(manuscript),
        "--crossref-url",
        closed_port,
        "--no-cache",
        "--isolated",
        env=FAST,
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("@article") == 2
    assert "look-ups failed" in result.stderr


# --------------------------------------------------------------------------- offline


@pytest.fixture
def listener() -> Iterator[tuple[socket.socket, str]]:
    """A TCP port that accepts connections but never answers; any connection is recorded
    in its backlog, so a test can tell whether anything connected."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        sock.setblocking(False)
        yield sock, f"http://127.0.0.1:{sock.getsockname()[1]}"


def _connections(sock: socket.socket) -> int:
    count = 0
    while True:
        try:
            conn, _ = sock.accept()
        except BlockingIOError:
            return count
        conn.close()
        count += 1


@pytest.mark.parametrize("cache", ["--no-cache", "--cache-dir"])
def test_offline_never_opens_a_socket(
    listener: tuple[socket.socket, str], manuscript: Path, tmp_path: Path, cache: str
) -> None:
    sock, url = listener
    cache_args = ["--no-cache"] if cache == "--no-cache" else ["--cache-dir", str(tmp_path / "c")]
    result = run(
        "check",
        str(manuscript),
        "--offline",
        "--crossref-url",
        url,
        "--isolated",
        "--format",
        "json",
        *cache_args,
    )
    data = assert_clean_run(result)
    assert statuses(data) == ["unresolved", "unresolved"]
    assert _connections(sock) == 0
    result = run(
        "bibtex", str(manuscript), "--offline", "--crossref-url", url, "--isolated", *cache_args
    )
    assert result.exit_code == 0 and _connections(sock) == 0


def test_offline_answers_from_the_cache_and_asks_the_server_nothing(
    crossref_server: Any, manuscript: Path, tmp_path: Path
) -> None:
    cache = ["--cache-dir", str(tmp_path / "cache"), "--isolated", "--format", "json"]
    online = run("check", str(manuscript), "--crossref-url", crossref_server.url, *cache)
    online_data = assert_clean_run(online)
    asked = len(crossref_server.requests)
    assert asked > 0
    offline = run(
        "check", str(manuscript), "--crossref-url", crossref_server.url, "--offline", *cache
    )
    assert statuses(assert_clean_run(offline)) == statuses(online_data)
    assert len(crossref_server.requests) == asked


def test_timeout_and_retries_from_a_config_file(
    crossref_server: Any, manuscript: Path, tmp_path: Path
) -> None:
    config = tmp_path / "refcheck.toml"
    config.write_text("timeout = 0.5\nretries = 0\n", encoding="utf-8")
    crossref_server.queue_fault(status=503, times=100)
    started = time.monotonic()
    result = run(
        "check",
        str(manuscript),
        "--crossref-url",
        crossref_server.url,
        "--no-cache",
        "--config",
        str(config),
        "--format",
        "json",
    )
    assert_all_failed(result)
    # No retries: one request per look-up, and no back-off to wait out.
    assert len(crossref_server.requests) <= 3
    assert time.monotonic() - started < 2
    config.write_text("retries = 11\n", encoding="utf-8")
    bad = run("check", str(manuscript), "--config", str(config))
    assert bad.exit_code == 2 and "retries" in bad.stderr


def test_ctrl_c_stops_at_once_without_a_traceback(
    crossref_server: Any, manuscript: Path, tmp_path: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys

    crossref_server.set_latency(10.0)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "refcheck",
            "check",
            str(manuscript),
            "--crossref-url",
            crossref_server.url,
            "--no-cache",
            "--isolated",
            "--output",
            str(report),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 10
    while not crossref_server.requests and time.monotonic() < deadline:
        # Wait until a look-up is in flight (the log records a request once answered, so
        # watch the server's in-flight count instead).
        if crossref_server.max_in_flight:
            break
        time.sleep(0.05)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=15)
    assert process.returncode == 130
    assert time.monotonic() - started < 3
    assert stderr.decode().strip() == "refcheck: interrupted"
    assert list(report.parent.iterdir()) == []


# --------------------------------------------------------------------------- broken HTTP


class RawServer:
    """Answers every connection with the same raw bytes: broken HTTP that the Crossref test
    server (a well-behaved http.server) cannot produce."""

    def __init__(self, payload: bytes) -> None:
        import threading

        self.payload = payload
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                try:
                    conn.settimeout(2)
                    conn.recv(65536)
                    conn.sendall(self.payload)
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


def _chunks_for_ever(conn: socket.socket) -> None:
    """A chunked 200 answer, one byte every 0.1 s, for ever: each network wait is short,
    the answer never ends."""
    conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
    while True:
        conn.sendall(b"1\r\n \r\n")
        time.sleep(0.1)


def test_a_trickling_server_is_cut_off(manuscript: Path) -> None:
    server = ScriptedServer(_chunks_for_ever)
    try:
        started = time.monotonic()
        result = check(
            server.url, manuscript, env={"REFCHECK_RETRIES": "0", "REFCHECK_TIMEOUT": "0.5"}
        )
        assert_all_failed(result)
        assert time.monotonic() - started < 5
    finally:
        server.close()


def _http(status: str, body: bytes, *headers: str) -> bytes:
    head = [f"HTTP/1.1 {status}", f"Content-Length: {len(body)}", *headers]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


BROKEN_HTTP: list[tuple[str, bytes]] = [
    ("not-http", b"HELLO WORLD\r\n\r\n"),
    ("no-answer", b""),
    (
        "truncated-body",
        b'HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{"status": "ok", "message"',
    ),
    ("bad-content-length", b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n{}"),
    ("json-nested-too-deep", _http("200 OK", b'{"message": ' + b"[" * 100_000 + b"]" * 100_000)),
    ("json-number-too-big", _http("200 OK", b'{"status": "ok", "message": {"items": 1e999}}')),
    ("long-retry-after", _http("429 Too Many Requests", b"{}", "Retry-After: 3600")),
    ("garbage-retry-after", _http("503 Service Unavailable", b"{}", "Retry-After: soon")),
    ("redirect", _http("301 Moved Permanently", b"", "Location: https://example.org/")),
    ("bad-request-deep-json", _http("400 Bad Request", b"[" * 100_000)),
]


@pytest.mark.parametrize(("name", "payload"), BROKEN_HTTP, ids=[b[0] for b in BROKEN_HTTP])
def test_broken_http_fails_the_lookups(manuscript: Path, name: str, payload: bytes) -> None:
    server = RawServer(payload)
    try:
        started = time.monotonic()
        result = check(server.url, manuscript, env=FAST)
        assert_all_failed(result)
        assert time.monotonic() - started < 5
    finally:
        server.close()


# --------------------------------------------------------------------------- fuzzing records

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=15),
    st.sampled_from(["Deep learning", "LeCun", "2015", "436-444", "10.1038/nature14539", "Y"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                ["family", "given", "name", "date-parts", "type", "DOI", "id", "label"]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=8,
)
_RECORD_KEYS = [
    "title",
    "subtitle",
    "author",
    "issued",
    "published-print",
    "published-online",
    "container-title",
    "short-container-title",
    "volume",
    "issue",
    "page",
    "article-number",
    "type",
    "subtype",
    "score",
    "updated-by",
    "update-to",
    "relation",
    "editor",
    "reference",
]
_ITEMS = st.fixed_dictionaries(
    {"DOI": st.sampled_from(["10.1038/nature14539", "10.1/x", "10.1038/171737A0"])},
    optional=dict.fromkeys(_RECORD_KEYS, _VALUES),
)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(items=st.lists(_ITEMS, min_size=1, max_size=3), fmt=st.sampled_from(["json", "table"]))
def test_fuzz_records_of_any_shape_give_a_report(
    crossref_server: Any, tmp_path_factory: pytest.TempPathFactory, items: Any, fmt: str
) -> None:
    folder = tmp_path_factory.mktemp("records")
    paper = folder / "paper.txt"
    paper.write_text(TWO_REFERENCES, encoding="utf-8")
    crossref_server.reset()
    envelope = {"status": "ok", "message-type": "work-list", "message": {"items": items}}
    crossref_server.queue_fault(body=json.dumps(envelope).encode(), kind="search", times=50)
    work = {"status": "ok", "message-type": "work", "message": items[0]}
    crossref_server.queue_fault(body=json.dumps(work).encode(), kind="work", times=50)
    result = run(
        "check",
        str(paper),
        "--crossref-url",
        crossref_server.url,
        "--no-cache",
        "--isolated",
        "--format",
        fmt,
        "--bibtex",
        str(folder / "refs.bib"),
    )
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(repr(result.exception)) from result.exception
    assert result.exit_code in (0, 1, 3), result.output


@pytest.fixture
def black_hole() -> Iterator[str]:
    """A server that accepts connections and never sends a byte."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    listener.close()


def test_a_black_holed_server_ends_the_run_at_the_network_deadline(
    black_hole: str, manuscript: Path
) -> None:
    # Default time-out (20 s) and retries (4): without the deadline this took 5 x 20 s.
    started = time.monotonic()
    result = check(black_hole, manuscript, env={"REFCHECK_NETWORK_DEADLINE": "2"})
    data = assert_clean_run(result)
    assert statuses(data) == ["failed", "failed"]
    assert result.exit_code == 3
    assert time.monotonic() - started < 15


def test_retry_after_beyond_the_deadline_is_not_obeyed(
    crossref_server: Any, manuscript: Path
) -> None:
    crossref_server.queue_fault(status=503, retry_after="99999", times=50)
    started = time.monotonic()
    result = check(crossref_server.url, manuscript, env={"REFCHECK_NETWORK_DEADLINE": "5"})
    data = assert_clean_run(result)
    assert statuses(data) == ["failed", "failed"]
    assert result.exit_code == 3
    assert time.monotonic() - started < 15


# --------------------------------------------------------------------------- hostile servers


class ScriptedServer(RawServer):
    """Each connection, in its own thread: read the request, then run ``script(conn)``."""

    def __init__(self, script: Any) -> None:
        self.script = script
        super().__init__(b"")

    def _serve(self) -> None:
        import threading

        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._run, args=(conn,), daemon=True).start()

    def _run(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                self.script(conn)
            except OSError:
                pass


def _trickle(head: bytes) -> Any:
    """Send ``head``, then one byte every 0.2 s for ever: no single wait is long."""

    def script(conn: socket.socket) -> None:
        conn.sendall(head)
        while True:
            conn.sendall(b"x")
            time.sleep(0.2)

    return script


def _send(payload: bytes) -> Any:
    def script(conn: socket.socket) -> None:
        conn.sendall(payload)
        time.sleep(1)  # keep the connection open a moment, as a real server would

    return script


def _million_items() -> bytes:
    items = b",".join([b"{}"] * 1_000_000)
    body = b'{"status":"ok","message-type":"work-list","message":{"items":[' + items + b"]}}"
    return _http("200 OK", body, "Content-Type: application/json")


def _gzip_bomb() -> bytes:
    import gzip

    from refcheck.resolve.crossref import MAX_ANSWER_BYTES

    body = gzip.compress(b" " * (MAX_ANSWER_BYTES + 2**20), compresslevel=1)
    return _http("200 OK", body, "Content-Encoding: gzip")


_EMPTY_LIST = b'{"status":"ok","message-type":"work-list","message":{"items":[]}}'

HOSTILE_SERVERS: list[tuple[str, Any, str]] = [
    ("endless-status-line", lambda: _trickle(b"HTTP/1.1 200 OK"), "no answer within"),
    ("endless-header", lambda: _trickle(b"HTTP/1.1 200 OK\r\nX-Slow: "), "no answer within"),
    ("million-items", lambda: _send(_million_items()), "items"),
    (
        "one-request-an-hour",
        lambda: _send(
            _http(
                "200 OK",
                _EMPTY_LIST,
                "x-rate-limit-limit: 1",
                "x-rate-limit-interval: 3600s",
                "x-concurrency-limit: 1",
            )
        ),
        "3600 s",
    ),
    ("redirect-loop", lambda: _send(_http("302 Found", b"", "Location: /works")), "HTTP 302"),
    ("gzip-bomb", lambda: _send(_gzip_bomb()), "larger than"),
]


@pytest.mark.parametrize(
    ("name", "make", "reason"), HOSTILE_SERVERS, ids=[h[0] for h in HOSTILE_SERVERS]
)
def test_a_hostile_server_ends_the_run_within_the_deadline(
    manuscript: Path, name: str, make: Any, reason: str
) -> None:
    # Default time-out (20 s) and retries (4): only the run's network deadline bounds it.
    server = ScriptedServer(make())
    try:
        started = time.monotonic()
        result = check(server.url, manuscript, env={"REFCHECK_NETWORK_DEADLINE": "3"})
        elapsed = time.monotonic() - started
        data = assert_all_failed(result)
        messages = [ref["findings"][0]["message"] for ref in data["files"][0]["references"]]
        assert any(reason in message for message in messages), messages
        # A hang would be hours (a byte a second for ever, an hour between requests).
        assert elapsed < 30, elapsed
    finally:
        server.close()


@pytest.mark.parametrize("head", [b"HTTP/1.1 200 OK", b"HTTP/1.1 200 OK\r\nX-Slow: "])
def test_one_answer_is_bounded_as_a_whole(manuscript: Path, head: bytes) -> None:
    # Every byte comes within the 1 s time-out; the answer never ends. Each attempt is cut
    # at 1 s in all (connect, status line, headers, body), long before the run's deadline.
    server = ScriptedServer(_trickle(head))
    try:
        started = time.monotonic()
        result = check(
            server.url, manuscript, env={"REFCHECK_TIMEOUT": "1", "REFCHECK_RETRIES": "1"}
        )
        data = assert_all_failed(result)
        message = data["files"][0]["references"][0]["findings"][0]["message"]
        assert "no answer within 1 s" in message, message
        assert time.monotonic() - started < 20
    finally:
        server.close()
