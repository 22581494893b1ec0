"""Wording and locations shared by the formatters, so every format says the same thing."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from refcheck import PROJECT_URL
from refcheck.models import CheckedReference, FileReport, Finding, Report

DOCS_URL = f"{PROJECT_URL}/blob/main/docs/findings"


def help_uri(code: str) -> str:
    """The documentation page of a finding code."""
    return f"{DOCS_URL}/{code}.md"


def workspace_path(path: str) -> str:
    """A path as CI annotations want it: relative to the working folder when inside it.

    GitHub maps annotations and SARIF results to files by their path from the repository
    root, where CI runs refcheck; an absolute path would annotate nothing.
    """
    candidate = Path(path)
    if not candidate.is_absolute():
        return path
    try:
        return candidate.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path


def reference_label(ref: CheckedReference) -> str:
    raw = ref.parsed.raw
    if raw.number is not None:
        return f"Reference {raw.number}"
    if raw.line is not None:
        return f"Reference at line {raw.line}"
    return "Reference"


def shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def cited_vs_expected(finding: Finding) -> str:
    """``cited "2012", expected "2013"``; empty when the finding compares nothing."""
    parts = []
    if finding.cited is not None:
        parts.append(f'cited "{finding.cited}"')
    if finding.expected is not None:
        parts.append(f'expected "{finding.expected}"')
    return ", ".join(parts)


def describe(finding: Finding) -> str:
    """The finding's message, with what was cited and expected when the message lacks them."""
    message = finding.message.strip()
    detail = cited_vs_expected(finding)
    if not detail:
        return message
    # Validators often put both values in the message already; do not say them twice.
    mentioned = all(
        value is None or value in message for value in (finding.cited, finding.expected)
    )
    if mentioned:
        return message
    return f"{message} ({detail})" if message else detail


@dataclass(frozen=True, slots=True)
class Located:
    """One finding with where it belongs: the file, a line, and the reference if any."""

    path: str
    finding: Finding
    line: int | None
    reference: CheckedReference | None

    @property
    def text(self) -> str:
        """Reference-level findings name their reference first."""
        if self.reference is None:
            return describe(self.finding)
        return f"{reference_label(self.reference)}: {describe(self.finding)}"


def located_findings(file: FileReport) -> Iterator[Located]:
    """Document-level findings first, then each reference's, in reading order."""
    for finding in file.findings:
        yield Located(file.path, finding, finding.line, None)
    for ref in file.references:
        for finding in ref.findings:
            line = finding.line if finding.line is not None else ref.parsed.raw.line
            yield Located(file.path, finding, line, ref)


def all_findings(report: Report) -> Iterator[Located]:
    for file in report.files:
        yield from located_findings(file)
