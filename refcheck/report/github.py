"""``github``: GitHub Actions workflow commands, so findings show on the pull request's lines.

https://docs.github.com/actions/reference/workflow-commands-for-github-actions
"""

from __future__ import annotations

from refcheck.models import Report, Severity, Status
from refcheck.report.common import all_findings, reference_label, workspace_path

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    """Escape a command's message (GitHub's ``escapeData``)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a property value such as ``file`` or ``title`` (GitHub's ``escapeProperty``)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, *, file: str, line: int | None, title: str) -> str:
    props = [f"file={escape_property(file)}"]
    if line is not None:
        props.append(f"line={line}")
    props.append(f"title={escape_property(title)}")
    return f"::{command} {','.join(props)}::{escape_data(message)}"


class GithubFormatter:
    name = "github"
    machine_readable = True

    def render(self, report: Report) -> str:
        lines = []
        for item in all_findings(report):
            finding = item.finding
            lines.append(
                workflow_command(
                    _COMMAND[finding.severity],
                    item.text,
                    file=workspace_path(item.path),
                    line=item.line,
                    title=f"refcheck {finding.code} ({finding.field.value})",
                )
            )
        # Look-ups that failed leave no finding behind but must not pass unnoticed.
        for file in report.files:
            for ref in file.references:
                if ref.status is Status.FAILED and not ref.findings:
                    lines.append(
                        workflow_command(
                            "warning",
                            f"{reference_label(ref)}: the Crossref look-up failed; not checked",
                            file=workspace_path(file.path),
                            line=ref.parsed.raw.line,
                            title="refcheck look-up failed",
                        )
                    )
        counts = report.summary()
        summary = ", ".join(f"{counts[k]} {k}" for k in counts if k != "references" and counts[k])
        total = f"refcheck: {counts['references']} references"
        lines.append(f"{total}: {summary}" if summary else total)
        return "\n".join(lines) + "\n"
