"""The pipeline checks what the cache answers in the calling thread, the rest on the pool."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from cli_env import CLEAN_ENV
from crossref_server import CrossrefTestServer

from refcheck.extract import extract_document, read_input
from refcheck.models import CheckedReference, Report
from refcheck.pipeline import ParsedDocument, check_documents, parse_documents
from refcheck.resolve.cache import CachedSource, OfflineSource, ResponseCache
from refcheck.resolve.crossref import CrossrefSource
from refcheck.resolve.interface import NotCached

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GUTIERREZ = "10.1111/j.1529-8019.2012.01492.x"


class ThreadLog:
    """A pipeline observer noting which thread checked each reference."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []

    def started(self, total: int) -> None:
        pass

    def reference_done(self, checked: CheckedReference) -> None:
        self.threads.append(threading.current_thread())


def _parsed(tmp_path: Path, count: int | None = None) -> list[ParsedDocument]:
    text = (EXAMPLES / "references.txt").read_text(encoding="utf-8")
    if count is not None:
        text = "\n\n".join(text.split("\n\n")[:count])
    path = tmp_path / "refs.txt"
    path.write_text(text, encoding="utf-8")
    return parse_documents([extract_document(read_input(str(path)))])


def _run(
    server: CrossrefTestServer, cache_dir: Path, parsed: list[ParsedDocument]
) -> tuple[Report, ThreadLog]:
    log = ThreadLog()
    inner = CrossrefSource(server.url, "tests@example.org", backoff_base=0.01)
    source = CachedSource(inner, ResponseCache(cache_dir, timedelta(days=1)))
    try:
        report = check_documents(parsed, source, observer=log)
    finally:
        source.close()
    return report, log


def test_cache_only_view_answers_what_is_cached_and_raises_for_the_rest(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    inner = CrossrefSource(crossref_server.url, "tests@example.org", backoff_base=0.01)
    source = CachedSource(inner, ResponseCache(tmp_path, timedelta(days=1)))
    try:
        view = source.cache_only()
        with pytest.raises(NotCached):
            view.get_work(GUTIERREZ)
        with pytest.raises(NotCached):
            view.search("Deep learning LeCun", rows=3)
        record = source.get_work(GUTIERREZ)
        assert source.get_work("10.1234/missing") is None
        hits = source.search("Deep learning LeCun", rows=3)
        asked = len(crossref_server.requests)
        assert view.get_work(GUTIERREZ) == record
        assert view.get_work("10.1234/missing") is None
        assert view.search("Deep learning LeCun", rows=3) == hits
        assert len(crossref_server.requests) == asked
    finally:
        source.close()


def test_offline_source_is_its_own_cache_only_view(tmp_path: Path) -> None:
    offline = OfflineSource(ResponseCache(tmp_path, timedelta(days=1)))
    assert offline.cache_only() is offline


def test_warm_run_uses_no_thread_and_a_partly_warm_run_gives_the_same_report(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    parsed = _parsed(tmp_path)
    total = sum(len(doc.references) for doc in parsed)
    assert total >= 6
    cold, cold_log = _run(crossref_server, tmp_path / "cold", parsed)
    assert threading.current_thread() not in cold_log.threads  # all looked up on the pool

    warm, warm_log = _run(crossref_server, tmp_path / "cold", parsed)
    assert warm == cold
    assert warm_log.threads == [threading.current_thread()] * total

    # Half of the references already cached: those in this thread, the others on the pool.
    partly = tmp_path / "partly"
    _run(crossref_server, partly, _parsed(tmp_path, count=3))
    mixed, mixed_log = _run(crossref_server, partly, parsed)
    assert mixed == cold
    here = sum(1 for thread in mixed_log.threads if thread is threading.current_thread())
    assert 0 < here < total


# Records, at the first connection to the server, which of refcheck's stages are loaded,
# then runs `refcheck check` as the console script does.
_FIRST_REQUEST_PROBE = """
import sys
seen = []

def probe(event, args):
    if event == "socket.connect" and not seen:
        seen.append(sorted(m for m in sys.modules if m.split(".")[0] in ("refcheck", "httpx2")))

sys.addaudithook(probe)
sys.argv = ["refcheck", *sys.argv[1:]]
from refcheck.cli import main

try:
    main()
finally:
    print("LOADED", " ".join(seen[0] if seen else []), file=sys.stderr)
"""


def test_the_first_request_leaves_before_the_matcher_loads(
    crossref_server: CrossrefTestServer, tmp_path: Path
) -> None:
    # A cold run waits for its first answer with nothing else to do: the matcher (and
    # rapidfuzz, the journal tables, the citation checks) load then, not before it is sent.
    refs = tmp_path / "refs.txt"
    refs.write_text((EXAMPLES / "references.txt").read_text(encoding="utf-8"), encoding="utf-8")
    argv = [sys.executable, "-c", _FIRST_REQUEST_PROBE, "check", str(refs), "--format", "json"]
    argv += ["--crossref-url", crossref_server.url, "--cache-dir", str(tmp_path / "cache")]
    env = {k: v for k, v in os.environ.items() if k not in CLEAN_ENV}
    done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    assert '"status": "verified"' in done.stdout
    loaded = done.stderr.rsplit("LOADED", 1)[1].split()
    assert "httpx2" in loaded and "refcheck.parse" in loaded
    assert not [m for m in loaded if m.startswith("refcheck.validate")], loaded
