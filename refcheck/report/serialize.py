"""Models -> JSON-ready dicts, in the shape of the contract (``../shared/spec/interface.md``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from refcheck.models import (
    Author,
    CheckedReference,
    Document,
    FileReport,
    Finding,
    ParsedReference,
    Reference,
    Report,
)

SCHEMA_VERSION = 1


def _author_to_json(author: Author) -> dict[str, Any]:
    return {"family": author.family, "given": author.given, "suffix": author.suffix}


def reference_to_json(reference: Reference) -> dict[str, Any]:
    """The contract's ``parsed`` object."""
    pages = reference.pages
    return {
        "type": reference.type.value,
        "authors": [_author_to_json(a) for a in reference.authors],
        "et_al": reference.et_al,
        "collective": reference.collective,
        "title": reference.title,
        "journal": reference.journal,
        "year": reference.year,
        "volume": reference.volume,
        "issue": reference.issue,
        "pages": None if pages is None else {"first": pages.first, "last": pages.last},
        "doi": reference.doi,
        "pmid": reference.pmid,
        "url": reference.url,
        "pmcid": reference.pmcid,
        "editors": [_author_to_json(a) for a in reference.editors],
        "publisher": reference.publisher,
        "place": reference.place,
        "edition": reference.edition,
    }


def finding_to_json(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "code": finding.code,
        "field": finding.field.value,
        "severity": finding.severity.value,
        "cited": finding.cited,
        "expected": finding.expected,
        "message": finding.message,
    }
    if finding.line is not None:
        out["line"] = finding.line
    return out


def parsed_to_json(parsed: ParsedReference) -> dict[str, Any]:
    """One reference of ``refcheck parse --format json``."""
    return {
        "number": parsed.raw.number,
        "text": parsed.raw.text,
        "line": parsed.raw.line,
        "parsed": reference_to_json(parsed.reference),
        "findings": [finding_to_json(f) for f in parsed.findings],
    }


def parse_output_to_json(
    documents: Sequence[tuple[Document, tuple[ParsedReference, ...]]],
) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "files": [
            {
                "path": document.path,
                "warnings": list(document.warnings),
                "references": [parsed_to_json(p) for p in parsed],
            }
            for document, parsed in documents
        ],
    }


def checked_to_json(checked: CheckedReference) -> dict[str, Any]:
    raw = checked.parsed.raw
    return {
        "number": raw.number,
        "text": raw.text,
        "line": raw.line,
        "status": checked.status.value,
        "doi": checked.doi,
        "score": None if checked.score is None else round(checked.score, 4),
        "parsed": reference_to_json(checked.parsed.reference),
        "findings": [finding_to_json(f) for f in checked.findings],
    } | ({"not_found": {"searched": list(checked.not_found)}} if checked.not_found else {})


def document_finding_to_json(finding: Finding) -> dict[str, Any]:
    """A document-level finding: the contract promises ``line`` (null when unknown)."""
    return finding_to_json(finding) | {"line": finding.line}


def file_report_to_json(file: FileReport) -> dict[str, Any]:
    return {
        "path": file.path,
        "findings": [document_finding_to_json(f) for f in file.findings],
        "references": [checked_to_json(c) for c in file.references],
    }


def report_to_json(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "files": [file_report_to_json(f) for f in report.files],
        "summary": report.summary(),
    }
