"""``table``: the report for people (rich), the default on a terminal."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table
from rich.text import Text

from refcheck.models import CheckedReference, Finding, Report, Severity, Status
from refcheck.report.common import shorten

STATUS_STYLE = {
    Status.VERIFIED: "green",
    Status.MISMATCH: "bold red",
    Status.UNRESOLVED: "yellow",
    Status.AMBIGUOUS: "yellow",
    Status.FAILED: "magenta",
    Status.SKIPPED: "dim",
}
SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _finding_text(finding: Finding) -> Text:
    text = Text()
    text.append(finding.code, style=f"bold {SEVERITY_STYLE[finding.severity]}")
    text.append(f" {finding.field.value}: ")
    if finding.severity is Severity.INFO:
        # A note, not a problem: one dim line, its message already names the values.
        text.append(finding.message, style="dim")
    elif finding.cited is not None or finding.expected is not None:
        text.append(finding.cited if finding.cited is not None else "—")
        text.append(" → ", style="dim")
        text.append(finding.expected if finding.expected is not None else "—", style="bold")
        text.append(f"  {finding.message}", style="dim")
    else:
        text.append(finding.message)
    return text


def _findings_cell(ref: CheckedReference) -> Text:
    return Text("\n").join(_finding_text(f) for f in ref.findings)


def render_report(report: Report, console: Console) -> None:
    for file in report.files:
        table = Table(title=file.path, title_justify="left", expand=True, show_lines=True)
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("line", justify="right", no_wrap=True)
        table.add_column("status", no_wrap=True)
        table.add_column("reference", ratio=3, overflow="fold")
        table.add_column("DOI", ratio=2, overflow="fold")
        table.add_column("findings (cited → expected)", ratio=4, overflow="fold")
        for ref in file.references:
            raw = ref.parsed.raw
            table.add_row(
                "" if raw.number is None else str(raw.number),
                "" if raw.line is None else str(raw.line),
                Text(ref.status.value, style=STATUS_STYLE[ref.status]),
                shorten(raw.text, 90),
                ref.doi or "",
                _findings_cell(ref),
            )
        console.print(table)
        for finding in file.findings:
            line = f"line {finding.line}: " if finding.line is not None else ""
            console.print(Text(line) + _finding_text(finding))
    counts = report.summary()
    summary = Text(f"{counts['references']} references: ")
    parts = [
        Text(f"{counts[s.value]} {s.value}", style=STATUS_STYLE[s])
        for s in Status
        if counts[s.value]
    ]
    summary.append_text(Text(", ").join(parts) if parts else Text("none"))
    if counts.get("not_found"):
        summary.append_text(Text(f" ({counts['not_found']} unresolved: no record in Crossref)"))
    console.print(summary)


class TableFormatter:
    name = "table"
    machine_readable = False

    def __init__(self, *, color: bool = False, width: int | None = None) -> None:
        self.color = color
        self.width = width

    def render(self, report: Report) -> str:
        buffer = io.StringIO()
        console = Console(
            file=buffer,
            force_terminal=self.color,
            no_color=not self.color,
            color_system="auto" if self.color else None,
            width=self.width or 120,
            highlight=False,
            soft_wrap=False,
        )
        render_report(report, console)
        return buffer.getvalue()
