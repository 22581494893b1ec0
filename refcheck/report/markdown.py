"""``markdown``: a summary fit for a pull-request comment (GitHub-flavoured tables)."""

from __future__ import annotations

from collections import Counter

from refcheck.models import Report, Severity, Status
from refcheck.report.common import all_findings, help_uri, reference_label, shorten

# GitHub rejects comments over 65,536 characters; a table this long is unreadable anyway.
MAX_ROWS = 200

_ICON = {Severity.ERROR: "❌", Severity.WARNING: "⚠️", Severity.INFO: "ℹ️"}


def cell(value: object) -> str:
    """Text safe inside a table cell: one line, no pipe, no HTML."""
    if value is None:
        return ""
    text = " ".join(str(value).split())
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


class MarkdownFormatter:
    name = "markdown"
    machine_readable = True

    def render(self, report: Report) -> str:
        counts = report.summary()
        out = [f"## refcheck: {counts['references']} references checked", ""]
        out += ["| status | references |", "|---|---:|"]
        out += [f"| {status.value} | {counts[status.value]} |" for status in Status]
        # Unresolved ones that no Crossref record resembles (RC207), counted apart.
        out.append(f"| not_found | {counts['not_found']} |")
        out.append("")

        rows = []
        # Info notes (a DOI the reference could add...) would drown a PR comment: counted only.
        notes: Counter[str] = Counter()
        for item in all_findings(report):
            finding = item.finding
            if finding.severity is Severity.INFO:
                notes[finding.code] += 1
                continue
            where = "document" if item.reference is None else reference_label(item.reference)
            rows.append(
                "| "
                + " | ".join(
                    [
                        _ICON[finding.severity],
                        cell(item.path),
                        cell(where),
                        "" if item.line is None else str(item.line),
                        f"[{finding.code}]({help_uri(finding.code)})",
                        cell(finding.field.value),
                        cell(finding.cited),
                        cell(finding.expected),
                        cell(shorten(finding.message, 160)),
                    ]
                )
                + " |"
            )
        unchecked = [
            (file.path, ref)
            for file in report.files
            for ref in file.references
            if ref.status in (Status.UNRESOLVED, Status.AMBIGUOUS, Status.FAILED)
        ]
        note_line = ""
        if notes:
            listed = ", ".join(f"{code} ×{count}" for code, count in sorted(notes.items()))
            note_line = f"ℹ️ {sum(notes.values())} notes not listed ({listed})."
        if not rows and not unchecked:
            out.append("No problems found.")
            if note_line:
                out += ["", note_line]
            return "\n".join(out) + "\n"
        if rows:
            out += [
                "### Findings",
                "",
                "| | file | where | line | code | field | cited | expected | message |",
                "|---|---|---|---:|---|---|---|---|---|",
            ]
            out += rows[:MAX_ROWS]
            if len(rows) > MAX_ROWS:
                out.append(f"\n… and {len(rows) - MAX_ROWS} more findings.")
            out.append("")
        if unchecked:
            out += [
                "### Not verified",
                "",
                "| file | reference | line | status | text |",
                "|---|---|---:|---|---|",
            ]
            for path, ref in unchecked[:MAX_ROWS]:
                line = ref.parsed.raw.line
                out.append(
                    f"| {cell(path)} | {cell(reference_label(ref))} | "
                    f"{'' if line is None else line} | {ref.status.value} | "
                    f"{cell(shorten(ref.parsed.raw.text, 120))} |"
                )
            if len(unchecked) > MAX_ROWS:
                out.append(f"\n… and {len(unchecked) - MAX_ROWS} more.")
            out.append("")
        if note_line:
            out += [note_line, ""]
        return "\n".join(out)
