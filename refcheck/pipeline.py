"""The pipeline: extract -> parse -> resolve -> validate, over one or more input files.

Core code: it never prints or exits. Progress goes to an optional observer; errors are
refcheck's own exceptions (``InputError`` for unreadable input).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from refcheck.models import (
    CheckedReference,
    Document,
    FileReport,
    Finding,
    ParsedReference,
    Report,
)

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

    from refcheck.resolve.interface import WorkSource

# Threads only wait on the network; the source's own limiter decides how many requests
# are really in flight, so this only needs to exceed any concurrency Crossref announces.
MAX_WORKERS = 16


class Observer(Protocol):
    def started(self, total: int) -> None: ...

    def reference_done(self, checked: CheckedReference) -> None: ...


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    document: Document
    references: tuple[ParsedReference, ...]


def parse_documents(documents: Sequence[Document]) -> list[ParsedDocument]:
    from refcheck.parse import parse_reference

    return [
        ParsedDocument(doc, tuple(parse_reference(raw) for raw in doc.references))
        for doc in documents
    ]


def _citation_findings(
    parsed: ParsedDocument,
) -> tuple[tuple[Finding, ...], dict[int, tuple[Finding, ...]]]:
    from refcheck.validate.citations import check_citations

    result = check_citations(parsed.document, parsed.references)
    return result.document, dict(result.by_reference)


def check_documents(
    documents: Sequence[ParsedDocument],
    source: WorkSource,
    *,
    observer: Observer | None = None,
    max_workers: int = MAX_WORKERS,
) -> Report:
    """Resolve and validate every reference of every document, concurrently.

    References the source's cache answers in full are checked first, in this thread: a warm
    re-run then starts no thread (16 threads taking turns at the interpreter lock cost 65 ms
    of CPU for 100 cached references). The others go to the thread pool at their first
    cache miss, so their look-ups start while the rest are checked.
    """
    from refcheck.resolve.interface import CacheFirst, NotCached, Preparable
    from refcheck.resolve.resolution import resolve_reference

    def check_one(parsed: ParsedReference, via: WorkSource) -> CheckedReference:
        resolution = resolve_reference(parsed, via)
        # Imported here, not above: the first look-up's request leaves before validate loads.
        from refcheck.validate import check_reference

        checked = check_reference(parsed, resolution)
        if observer is not None:
            observer.reference_done(checked)
        return checked

    cached = source.cache_only() if isinstance(source, CacheFirst) else None
    all_refs = [ref for doc in documents for ref in doc.references]
    if observer is not None:
        observer.started(len(all_refs))
    pool: ThreadPoolExecutor | None = None
    try:
        slots: list[CheckedReference | Future[CheckedReference]] = []
        for parsed in all_refs:
            if cached is not None:
                try:
                    slots.append(check_one(parsed, cached))
                    continue
                except NotCached:
                    pass
            if pool is None:
                from concurrent.futures import ThreadPoolExecutor

                if isinstance(source, Preparable):
                    source.prepare()
                pool = ThreadPoolExecutor(max_workers=max(1, max_workers))
            slots.append(pool.submit(check_one, parsed, source))
        # The citation checks need no record: done while the look-ups wait on the network,
        # they leave the end of a run (import included) instead of following the last answer.
        citations = [_citation_findings(doc) for doc in documents]
        results = iter([s if isinstance(s, CheckedReference) else s.result() for s in slots])
    except BaseException:
        # Interrupted (Ctrl-C) or failed: start no more look-ups; the ones in flight end on
        # their own time-out rather than holding the caller until the list is done.
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if pool is not None:
        pool.shutdown()

    files = []
    for doc, (doc_findings, by_ref) in zip(documents, citations, strict=True):
        checked_refs = [next(results) for _ in doc.references]
        for index, extra in by_ref.items():
            if 0 <= index < len(checked_refs) and extra:
                item = checked_refs[index]
                checked_refs[index] = replace(item, findings=item.findings + extra)
        files.append(
            FileReport(
                path=doc.document.path,
                references=tuple(checked_refs),
                findings=doc_findings,
            )
        )
    return Report(files=tuple(files))
