"""``json`` (the contract, one document) and ``jsonl`` (one object a line, for streaming)."""

from __future__ import annotations

import json
from typing import Any

from refcheck.models import Report
from refcheck.report.serialize import (
    SCHEMA_VERSION,
    checked_to_json,
    document_finding_to_json,
    report_to_json,
)


def _dump(value: Any, *, indent: int | None) -> str:
    # UTF-8 as is: names like "Gutiérrez" stay readable; JSON allows it.
    return json.dumps(value, ensure_ascii=False, indent=indent)


class JsonFormatter:
    name = "json"
    machine_readable = True

    def render(self, report: Report) -> str:
        return _dump(report_to_json(report), indent=1) + "\n"


class JsonLinesFormatter:
    """One JSON object per line, each tagged with ``type``.

    ``{"type": "reference", "path": ..., <the contract's reference>}`` for every reference,
    ``{"type": "finding", "path": ..., <finding with line>}`` for each document-level finding,
    and a last ``{"type": "summary", "schema_version": 1, ...counts}`` line.
    """

    name = "jsonl"
    machine_readable = True

    def render(self, report: Report) -> str:
        lines = []
        for file in report.files:
            for finding in file.findings:
                lines.append(
                    _dump(
                        {"type": "finding", "path": file.path} | document_finding_to_json(finding),
                        indent=None,
                    )
                )
            for ref in file.references:
                lines.append(
                    _dump(
                        {"type": "reference", "path": file.path} | checked_to_json(ref), indent=None
                    )
                )
        summary: dict[str, Any] = {"type": "summary", "schema_version": SCHEMA_VERSION}
        lines.append(_dump(summary | report.summary(), indent=None))
        return "\n".join(lines) + "\n"
