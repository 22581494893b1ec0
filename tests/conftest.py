"""Shared fixtures: a local Crossref-compatible server (never the real API)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossref_server import CrossrefTestServer


@pytest.fixture(scope="session")
def crossref_server() -> Iterator[CrossrefTestServer]:
    """A Crossref-compatible server on 127.0.0.1 serving ``tests/fixtures/*.jsonl``.

    ``.url`` is its base URL (pass it as ``--crossref-url``), ``.requests`` its log,
    ``.queue_fault(...)`` / ``.set_limits(...)`` / ``.set_latency(...)`` program it. It is
    reset before every test that uses it (``_reset_crossref_server``).
    """
    with CrossrefTestServer() as server:
        yield server


@pytest.fixture(autouse=True)
def _reset_crossref_server(request: pytest.FixtureRequest) -> None:
    # Only tests that use the server start it; they each get it fresh (no faults, empty log,
    # high limits, no latency).
    if "crossref_server" in request.fixturenames:
        server: CrossrefTestServer = request.getfixturevalue("crossref_server")
        server.reset()
