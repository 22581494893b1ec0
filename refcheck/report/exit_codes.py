"""Exit codes of ``refcheck check`` (``../shared/spec/interface.md``) and the ``--fail-on`` levels.

0  nothing at or above the ``--fail-on`` level
1  findings (or references) at or above it
2  usage, configuration or unreadable input (raised elsewhere, never decided here)
3  the check could not finish for some references (look-ups failed) and nothing else failed
"""

from __future__ import annotations

from enum import StrEnum

from refcheck.models import Report, Severity, Status

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INCOMPLETE = 3


class FailOn(StrEnum):
    """The lowest thing that makes ``refcheck check`` exit 1."""

    ERROR = "error"  # error-severity findings (a mismatch, a retraction, a wrong DOI)
    WARNING = "warning"  # ... or warning-severity findings
    UNRESOLVED = "unresolved"  # ... or references no record could be found for (or several)
    NEVER = "never"  # findings never fail the run; failed look-ups still exit 3

    @property
    def min_severity(self) -> Severity | None:
        if self is FailOn.ERROR:
            return Severity.ERROR
        if self in (FailOn.WARNING, FailOn.UNRESOLVED):
            return Severity.WARNING
        return None


DEFAULT_FAIL_ON = FailOn.ERROR


def _fails(report: Report, fail_on: FailOn) -> bool:
    threshold = fail_on.min_severity
    if threshold is None:
        return False
    for file in report.files:
        if any(f.severity.rank >= threshold.rank for f in file.findings):
            return True
        for ref in file.references:
            # A reference whose look-up failed was not checked: what it carries is noise from
            # before the look-up (or the look-up failure itself), and it already makes the
            # run exit 3. Counting it here would turn "could not finish" into "found problems".
            if ref.status is Status.FAILED:
                continue
            if ref.status is Status.MISMATCH:
                return True
            if fail_on is FailOn.UNRESOLVED and ref.status in (
                Status.UNRESOLVED,
                Status.AMBIGUOUS,
            ):
                return True
            if any(f.severity.rank >= threshold.rank for f in ref.findings):
                return True
    return False


def exit_code(report: Report, fail_on: FailOn, exit_zero: bool) -> int:
    """The exit code for a finished check (0, 1 or 3; 2 is never decided from a report)."""
    if exit_zero:
        return EXIT_OK
    if _fails(report, fail_on):
        return EXIT_FINDINGS
    if any(ref.status is Status.FAILED for file in report.files for ref in file.references):
        return EXIT_INCOMPLETE
    return EXIT_OK
