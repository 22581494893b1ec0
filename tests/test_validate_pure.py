"""validate/ is pure: it judges the records resolve/ retrieved, sends no request, and judges
each record once per reference (real HTTP to the suite's server where records are needed)."""

from __future__ import annotations

import ast
import collections
import inspect
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import refcheck.validate
from refcheck.models import Matched, ParsedReference, RawReference, Record, Reference, Unresolved
from refcheck.parse import parse_reference
from refcheck.resolve.cache import CachedSource, ResponseCache
from refcheck.resolve.candidates import SEARCH_ROWS, fields_query, place_query, search_query
from refcheck.resolve.crossref import CrossrefSource
from refcheck.resolve.interface import NotCached
from refcheck.resolve.resolution import resolve_reference
from refcheck.validate import check, check_reference, match, scoring
from refcheck.validate.evidence import Evidence, gather_evidence

VALIDATE = Path(refcheck.validate.__file__).parent
ROOT = VALIDATE.parent.parent  # the directory holding the refcheck package
KAPLAN = (
    "Kaplan EL, Meier P. Nonparametric estimation from incomplete observations. "
    "J Am Stat Assoc. 1958;53(282):457-81."
)
KAPLAN_DOI = "10.1080/01621459.1958.10501452"
BAEK = (
    "Baek M, DiMaio F, Anishchenko I, Dauparas J, Ovchinnikov S, Lee GR, et al. Accurate "
    "prediction of protein structures and interactions using a three-track neural network. "
    "Science. 2021;373(6557):871-6."
)
BAEK_PREPRINT = "10.1101/2021.06.14.448402"
# Found only through the links of its near-twins (tests/fixtures/identity_records.jsonl).
LINKED_WORK = (
    "Okafor AN, Lindgren PE, Moreau C, et al. Genome-wide association of migraine "
    "susceptibility loci in forty island populations. J Imag Med. 2016;35(2):300-10."
)
# Printed with the title of another work (10.5555/rc10.haverford): found by its place.
TITLE_OTHER = (
    "Quintero LM, Baxendale RT, Okonkwo CE, Lindqvist HA, Marchetti PG. Seasonal variation of "
    "ambulance response times across rural mountain districts. J Imag Med. 2012;31(4):1150-9."
)
FABRICATED = (
    "Thornbury AK, Welsby PJ, Osei-Mensah D. Quantum tunnelling of outpatient queues in "
    "volcanic island clinics. J Imag Med. 2019;47(2):77-84."
)


def parsed(text: str) -> ParsedReference:
    return parse_reference(RawReference(number=1, text=text, line=1))


@pytest.fixture
def source(crossref_server: Any) -> CrossrefSource:
    return CrossrefSource(crossref_server.url, max_retries=0, backoff_base=0.0)


# --------------------------------------------------------------------------- no requests


def _modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(VALIDATE.glob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _compiled_patterns(tree: ast.Module) -> set[str]:
    """Module-level names bound to ``re.compile(...)``."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
            func = node.value.func
            if isinstance(func, ast.Attribute) and func.attr == "compile":
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def test_no_validate_module_imports_resolve_or_names_a_work_source() -> None:
    assert sum(1 for _ in _modules()) > 10
    for path, tree in _modules():
        text = path.read_text(encoding="utf-8")
        for name in ("WorkSource", "CacheFirst", "get_work", "cache_only"):
            assert name not in text, f"{path.name} names {name}"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert not (node.module or "").startswith("refcheck.resolve"), path.name
            elif isinstance(node, ast.Import):
                assert not any(a.name.startswith("refcheck.resolve") for a in node.names)


def test_every_search_call_in_validate_is_a_regular_expression() -> None:
    # ``source.search(query)`` would be a request; ``pattern.search(text)`` is not.
    searches = 0
    for path, tree in _modules():
        patterns = _compiled_patterns(tree) | {"re"}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            if node.func.attr not in ("search", "get_work"):
                continue
            searches += 1
            receiver = node.func.value
            assert isinstance(receiver, ast.Name) and receiver.id in patterns, (
                f"{path.name}:{node.lineno} calls .{node.func.attr}() on something not a regex"
            )
    assert searches > 0  # the check has something to look at


class Watched:
    """A source passing every request to the suite's server, noting which module asked."""

    def __init__(self, inner: CrossrefSource) -> None:
        self.inner = inner
        self.requests: list[tuple[str, str, set[str]]] = []

    def _note(self, kind: str, what: str) -> None:
        callers = {Path(frame.filename).resolve() for frame in inspect.stack()[2:]}
        askers = {p.relative_to(ROOT).as_posix() for p in callers if _in_refcheck(p)}
        self.requests.append((kind, what, askers))

    def get_work(self, doi: str) -> Record | None:
        self._note("work", doi)
        return self.inner.get_work(doi)

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        self._note("search", query)
        return self.inner.search(query, rows=rows)


def _in_refcheck(path: Path) -> bool:
    return path.is_relative_to(VALIDATE.parent)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        (f"{KAPLAN} doi:{KAPLAN_DOI}", ["work"]),  # the DOI's record
        (f"{KAPLAN} doi:10.1080/99999999", ["work", "search"]),  # unregistered, then searched
        (LINKED_WORK, ["search", "work"]),  # the first search, then a near-twin's link
        (FABRICATED, ["search", "search", "search"]),  # printed text, title, place
    ],
)
def test_every_request_is_made_by_resolve_never_by_validate(
    source: CrossrefSource, text: str, kinds: list[str]
) -> None:
    watched = Watched(source)
    resolve_reference(parsed(text), watched)
    assert [kind for kind, _, _ in watched.requests] == kinds
    for kind, what, askers in watched.requests:
        assert "refcheck/resolve/resolution.py" in askers, (kind, what, askers)
        assert not any(a.startswith("refcheck/validate/") for a in askers), (kind, what, askers)


@pytest.mark.parametrize(("text", "outcome"), [(LINKED_WORK, Matched), (FABRICATED, Unresolved)])
def test_a_later_step_the_cache_lacks_sends_the_reference_to_the_network(
    source: CrossrefSource, tmp_path: Path, text: str, outcome: type
) -> None:
    # Only the first search is cached: the near-twin link (LINKED_WORK) or the further
    # searches (FABRICATED) are not, and the cache-only view's NotCached goes through, so
    # that the pipeline checks this reference on its thread pool instead.
    cached = CachedSource(source, ResponseCache(tmp_path, timedelta(days=1)))
    reference = parsed(text)
    cached.search(search_query(reference), rows=SEARCH_ROWS)
    with pytest.raises(NotCached):
        resolve_reference(reference, cached.cache_only())
    assert isinstance(resolve_reference(reference, cached), outcome)


# --------------------------------------------------------------------------- judged once


@pytest.fixture
def scored(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How often the matcher scored each record (by DOI); the scores themselves unchanged."""
    counts: collections.Counter[str] = collections.Counter()
    real = match.score_candidate

    def counting(reference: Reference, record: Record, text: str = "") -> Any:
        counts[record.doi] += 1
        return real(reference, record, text)

    monkeypatch.setattr(match, "score_candidate", counting)
    return counts


@pytest.fixture
def gathered(monkeypatch: pytest.MonkeyPatch) -> collections.Counter[str]:
    """How often field evidence was gathered for each record (by DOI), scoring and check."""
    counts: collections.Counter[str] = collections.Counter()

    def counting(real: Callable[..., Evidence]) -> Callable[..., Evidence]:
        def gather(reference: Reference, record: Record, text: str = "") -> Evidence:
            counts[record.doi] += 1
            return real(reference, record, text)

        return gather

    monkeypatch.setattr(scoring, "gather_evidence", counting(scoring.gather_evidence))
    monkeypatch.setattr(check, "gather_evidence", counting(check.gather_evidence))
    return counts


@pytest.mark.parametrize(
    ("text", "doi"),
    [
        (KAPLAN, KAPLAN_DOI),  # accepted from the first search
        (f"{KAPLAN} doi:{KAPLAN_DOI}", KAPLAN_DOI),  # the DOI's record
        (LINKED_WORK, "10.5555/rc10.linked-work"),  # through a near-twin's link
        (TITLE_OTHER, "10.5555/rc10.quintero"),  # placed by its numbers, titled elsewhere
    ],
)
def test_the_matched_records_evidence_is_gathered_once(
    source: CrossrefSource, gathered: collections.Counter[str], text: str, doi: str
) -> None:
    reference = parsed(text)
    resolution = resolve_reference(reference, source)
    assert isinstance(resolution, Matched) and resolution.record.doi == doi
    checked = check_reference(reference, resolution)
    assert gathered[doi] == 1
    # The evidence carried is what check would have gathered, and gives the same result.
    assert resolution.evidence == gather_evidence(reference.reference, resolution.record, text)
    assert check_reference(reference, replace(resolution, evidence=None)) == checked


class PreprintOnly:
    """Every search answers only the preprint of the cited work; the work is not registered."""

    def __init__(self, preprint: Record) -> None:
        self.preprint = preprint
        self.looked_up: list[str] = []

    def get_work(self, doi: str) -> Record | None:
        self.looked_up.append(doi)
        return None

    def search(self, query: str, rows: int = 5) -> tuple[Record, ...]:
        return (self.preprint,)


def test_a_near_twin_is_scored_once_on_the_way_to_unresolved(
    source: CrossrefSource, scored: collections.Counter[str]
) -> None:
    preprint = source.get_work(BAEK_PREPRINT)
    assert preprint is not None
    only = PreprintOnly(preprint)
    resolution = resolve_reference(parsed(BAEK), only)
    # The preprint's link was followed (the work is not there), the further searches made:
    assert only.looked_up == ["10.1126/science.abj8754"]
    assert isinstance(resolution, Unresolved)
    # ...and the preprint resembles the reference, so it is no "not in the registry".
    assert resolution.not_found == ()
    assert scored == {BAEK_PREPRINT: 1}


def test_a_candidate_is_scored_once(
    source: CrossrefSource, crossref_server: Any, scored: collections.Counter[str]
) -> None:
    resolution = resolve_reference(parsed(FABRICATED), source)
    assert isinstance(resolution, Unresolved) and resolution.candidates
    assert set(scored.values()) == {1}
    assert set(scored) == {r.doi for r in resolution.candidates}


# --------------------------------------------------------------------------- queries


def test_the_place_query_is_the_fields_query_without_title_for_two_authors() -> None:
    reference = parsed(KAPLAN).reference
    assert place_query(reference) == "Kaplan Meier J Am Stat Assoc 1958 53 457"
    assert fields_query(reference, authors=1, with_title=True) == (
        "Kaplan Nonparametric estimation from incomplete observations J Am Stat Assoc 1958 53 457"
    )
    group = Reference(collective="WHO Study Group", title="A report", year=2001)
    assert fields_query(group, authors=1, with_title=True) == "WHO Study Group A report 2001"
    assert place_query(group) is None  # no person to place it by


def test_a_long_reference_is_searched_by_its_fields() -> None:
    authors = ", ".join(f"Author{i} B" for i in range(400))
    text = f"Kaplan EL, {authors}. Nonparametric estimation. J Am Stat Assoc. 1958;53:457-81."
    reference = parsed(text)
    assert search_query(reference) == fields_query(reference.reference, authors=1, with_title=True)
    assert search_query(parsed(KAPLAN)).startswith("Kaplan EL, Meier P. Nonparametric")
