"""A DOI only ever becomes ``/works/<one encoded resource>``: nothing can leave the API path.

The hostile DOIs are what a reference (text, BibTeX or RIS) can carry; the HTTP stack resolves
``.``/``..`` segments before sending, so an unencoded ``10.1000/../../members`` would be a
request for ``/members``.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from pathlib import Path

import pytest
from conftest import CrossrefTestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.errors import LookupFailed
from refcheck.resolve.crossref import CrossrefSource, work_path

HOSTILE = [
    "10.1000/../../members",
    "10.1000/x/../../../../etc/passwd",
    "10.9999/../10.1038/nphys1170",
    "10.1000/./x",
    "10.1000/..",
    "10.1000/%2e%2e/%2e%2e/members",
    "10.1000/x?rows=1000&mailto=a@b",
    "10.1000/x#fragment",
    "10.1000/x\\..\\..\\members",
]


def _is_one_resource(path: str, doi: str) -> bool:
    assert path.startswith("/works/")
    resource = path[len("/works/") :]
    segments = resource.split("/")
    return (
        len(segments) <= 2
        and all(s not in {"", ".", ".."} for s in segments)
        and "?" not in resource
        and "#" not in resource
        and urllib.parse.unquote(resource) == doi
    )


@pytest.mark.parametrize("doi", HOSTILE)
def test_hostile_doi_is_one_resource_under_works(doi: str) -> None:
    assert _is_one_resource(work_path(doi), doi)


# A DOI is normalised before it is looked up (refcheck/doi.py): sentence punctuation after it
# goes, so "10.1000/.." is "10.1000/", which no registered DOI is: nothing is sent.
SENT = [doi for doi in HOSTILE if doi != "10.1000/.."]


def test_a_doi_of_dots_alone_sends_nothing(crossref_server: CrossrefTestServer) -> None:
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        assert source.get_work("10.1000/..") is None
    assert crossref_server.requests == []


@pytest.mark.parametrize("doi", SENT)
def test_hostile_doi_request_line_stays_under_works(
    crossref_server: CrossrefTestServer, doi: str
) -> None:
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        assert source.get_work(doi) is None  # no such record: a 404, never another work
    (request,) = crossref_server.requests
    split = urllib.parse.urlsplit(request.path)
    assert request.kind == "work"
    assert split.path == work_path(doi.lower())
    assert request.doi == doi.lower()
    assert set(urllib.parse.parse_qs(split.query)) <= {"mailto"}


def test_dot_dot_doi_is_not_looked_up_as_the_other_doi(
    crossref_server: CrossrefTestServer,
) -> None:
    # The stand-in serves 10.1111/j.1529-8019.2012.01492.x; the hostile DOI names it after
    # a '..' and must not receive its record.
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        assert source.get_work("10.9999/../10.1111/j.1529-8019.2012.01492.x") is None
    assert crossref_server.requests[0].status == 404


def test_doi_with_an_empty_part_is_not_sent(crossref_server: CrossrefTestServer) -> None:
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        assert source.get_work("10.1000/") is None
        assert source.get_work("/x") is None
    assert crossref_server.requests == []


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_string_is_one_resource_or_refused(doi: str) -> None:
    try:
        path = work_path(doi)
    except LookupFailed:
        return
    assert _is_one_resource(path, doi)


def test_search_query_is_capped_at_a_word_boundary(crossref_server: CrossrefTestServer) -> None:
    from refcheck.resolve.crossref import MAX_QUERY_CHARS

    words = " ".join(f"word{n}" for n in range(20_000))  # a pasted page, ~150,000 characters
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        source.search(words)
    sent = crossref_server.requests[0].params["query.bibliographic"]
    assert len(sent) <= MAX_QUERY_CHARS
    assert words.startswith(sent) and words[len(sent)] == " "


def test_a_search_answer_with_more_items_than_asked_is_a_fault(
    crossref_server: CrossrefTestServer,
) -> None:
    import json

    from crossref_server import Fault

    item = {"DOI": "10.5555/fict.{n}", "title": ["A made-up work"], "type": "journal-article"}
    items = [json.loads(json.dumps(item).replace("{n}", str(n))) for n in range(500)]
    body = json.dumps(
        {"status": "ok", "message-type": "work-list", "message": {"items": items}}
    ).encode()
    crossref_server.queue_fault(Fault(body=body, kind="search"))
    with (
        CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source,
        pytest.raises(LookupFailed, match="500 items, 5 were asked"),
    ):
        source.search("a made-up work", rows=5)


FIXTURE = HealthCheck.function_scoped_fixture

# The request line the server receives, byte for byte: nothing outside /works/, no '..'.
EXACT_LINES = [
    ("10.1000/../../members", "GET /works/10.1000/..%2F..%2Fmembers HTTP/1.1"),
    (
        "10.1000/x/../../../../etc/passwd",
        "GET /works/10.1000/x%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd HTTP/1.1",
    ),
    ("10.9999/../10.1038/nphys1170", "GET /works/10.9999/..%2F10.1038%2Fnphys1170 HTTP/1.1"),
    ("10.1000/../x", "GET /works/10.1000/..%2Fx HTTP/1.1"),
    (
        "10.1000/x?rows=1000&mailto=a@b",
        "GET /works/10.1000/x%3Frows%3D1000%26mailto%3Da%40b HTTP/1.1",
    ),
]


@pytest.mark.parametrize(("doi", "line"), EXACT_LINES, ids=[d for d, _ in EXACT_LINES])
def test_hostile_doi_exact_request_line(
    crossref_server: CrossrefTestServer, doi: str, line: str
) -> None:
    with CrossrefSource(crossref_server.url, max_retries=0, timeout=5) as source:
        assert source.get_work(doi) is None
    assert [request.line for request in crossref_server.requests] == [line]


def test_hostile_doi_exact_request_line_with_mailto(crossref_server: CrossrefTestServer) -> None:
    with CrossrefSource(crossref_server.url, "me@example.org", max_retries=0, timeout=5) as source:
        assert source.get_work("10.1000/../../members") is None
    assert [request.line for request in crossref_server.requests] == [
        "GET /works/10.1000/..%2F..%2Fmembers?mailto=me%40example.org HTTP/1.1"
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE])
@given(doi=st.text(min_size=1, max_size=40), mailto=st.none() | st.text(max_size=12))
def test_any_doi_sent_is_one_resource_with_only_refcheck_params(
    crossref_server: CrossrefTestServer, doi: str, mailto: str | None
) -> None:
    crossref_server.reset()
    with (
        CrossrefSource(crossref_server.url, mailto, max_retries=0, timeout=5) as source,
        contextlib.suppress(LookupFailed),
    ):
        source.get_work(doi)
    for request in crossref_server.requests:
        split = urllib.parse.urlsplit(request.path)
        assert request.kind == "work"
        assert _is_one_resource(split.path, request.doi or "")
        assert set(urllib.parse.parse_qs(split.query, keep_blank_values=True)) <= {"mailto"}


@settings(max_examples=60, deadline=None, suppress_health_check=[FIXTURE])
@given(query=st.text(max_size=80), rows=st.integers(-5, 5000))
def test_any_search_sends_only_refcheck_params(
    crossref_server: CrossrefTestServer, query: str, rows: int
) -> None:
    crossref_server.reset()
    with (
        CrossrefSource(crossref_server.url, "me@example.org", max_retries=0, timeout=5) as source,
        contextlib.suppress(LookupFailed),
    ):
        source.search(query, rows=rows)
    allowed = {"mailto", "rows", "select"}
    for request in crossref_server.requests:
        split = urllib.parse.urlsplit(request.path)
        assert split.path == "/works"
        names = set(urllib.parse.parse_qs(split.query, keep_blank_values=True))
        assert all(name in allowed or name.startswith("query.") for name in names), names
        assert 1 <= int(request.params["rows"]) <= 1000


HOSTILE_MANUSCRIPTS = {
    "paper.txt": (
        "References\n\n"
        "1. Smith J. A title of a paper. J Test. 2020;1:1-2. doi:10.1000/../../members\n"
        "2. Doe J. Another title. J Test. 2021;2:3-4. doi:10.1000/x/../../../../etc/passwd\n"
        "3. Roe R. Third title. J Test. 2019;3:5-6. doi:10.9999/../10.1038/nphys1170\n"
    ),
    "refs.bib": (
        "@article{a, author={Smith, J}, title={A title of a paper}, journal={J Test},"
        " year={2020}, doi={10.1000/../../members}}\n"
        "@article{b, author={Doe, J}, title={Another title}, journal={J Test},"
        " year={2021}, doi={10.1000/x/../../../../etc/passwd}}\n"
        "@article{c, author={Roe, R}, title={Third title}, journal={J Test},"
        " year={2019}, doi={10.9999/../10.1038/nphys1170}}\n"
    ),
    "refs.ris": "".join(
        f"TY  - JOUR\nAU  - {author}\nTI  - {title}\nJO  - J Test\nPY  - 2020\n"
        f"DO  - {doi}\nER  - \n"
        for author, title, doi in [
            ("Smith, J", "A title of a paper", "10.1000/../../members"),
            ("Doe, J", "Another title", "10.1000/x/../../../../etc/passwd"),
            ("Roe, R", "Third title", "10.9999/../10.1038/nphys1170"),
        ]
    ),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_MANUSCRIPTS))
def test_hostile_dois_in_a_manuscript_reach_the_server_as_exact_request_lines(
    crossref_server: CrossrefTestServer, tmp_path: Path, name: str
) -> None:
    from cli_env import CLEAN_ENV
    from typer.testing import CliRunner

    from refcheck.cli import app

    manuscript = tmp_path / name
    manuscript.write_text(HOSTILE_MANUSCRIPTS[name], encoding="utf-8")
    result = CliRunner().invoke(
        app,
        ["check", str(manuscript), "--crossref-url", crossref_server.url, "--no-cache"],
        env=CLEAN_ENV,
    )
    assert result.exit_code in (0, 1), result.output
    work_lines = {r.line for r in crossref_server.requests if r.kind == "work"}
    assert work_lines == {line for _, line in EXACT_LINES[:3]}
    for request in crossref_server.requests:  # searches too: nothing outside the API path
        assert request.kind in ("work", "search"), request.line
        assert urllib.parse.urlsplit(request.path).path.startswith("/works")
