"""Exit codes per the contract for every --fail-on / --exit-zero combination that matters."""

from __future__ import annotations

import pytest
from test_report_formats import checked

from refcheck.models import FileReport, Finding, FindingField, Report, Severity, Status
from refcheck.report import FailOn, exit_code

WARN = Finding("RC105", FindingField.PAGES, Severity.WARNING, "pages differ", "1", "2")
ERR = Finding("RC102", FindingField.YEAR, Severity.ERROR, "year differs", "2012", "2013")
INFO = Finding("RC203", FindingField.DOI, Severity.INFO, "no DOI")


def report(*refs: tuple[Status, tuple[Finding, ...]], doc: tuple[Finding, ...] = ()) -> Report:
    return Report(
        files=(
            FileReport(
                "p.md",
                tuple(checked(i + 1, "x", i + 1, s, f) for i, (s, f) in enumerate(refs)),
                findings=doc,
            ),
        )
    )


CLEAN = report((Status.VERIFIED, (INFO,)), (Status.SKIPPED, ()))
WARNING = report((Status.VERIFIED, (WARN,)))
MISMATCH = report((Status.MISMATCH, (ERR,)))
DOC_ERROR = report((Status.VERIFIED, ()), doc=(ERR,))
UNRESOLVED = report((Status.VERIFIED, ()), (Status.UNRESOLVED, ()))
AMBIGUOUS = report((Status.AMBIGUOUS, ()))
FAILED = report((Status.VERIFIED, ()), (Status.FAILED, ()))
FAILED_AND_WARNING = report((Status.FAILED, ()), (Status.VERIFIED, (WARN,)))
FAILED_WITH_NOISE = report((Status.FAILED, (WARN, ERR)))
EMPTY = Report(files=())

E, W, U, N = FailOn.ERROR, FailOn.WARNING, FailOn.UNRESOLVED, FailOn.NEVER


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("clean", CLEAN, {E: 0, W: 0, U: 0, N: 0}),
        ("empty", EMPTY, {E: 0, W: 0, U: 0, N: 0}),
        ("warning", WARNING, {E: 0, W: 1, U: 1, N: 0}),
        ("mismatch", MISMATCH, {E: 1, W: 1, U: 1, N: 0}),
        ("document error", DOC_ERROR, {E: 1, W: 1, U: 1, N: 0}),
        ("unresolved", UNRESOLVED, {E: 0, W: 0, U: 1, N: 0}),
        ("ambiguous", AMBIGUOUS, {E: 0, W: 0, U: 1, N: 0}),
        # 3 only when nothing else failed at the chosen level
        ("failed", FAILED, {E: 3, W: 3, U: 3, N: 3}),
        ("failed and warning", FAILED_AND_WARNING, {E: 3, W: 1, U: 1, N: 3}),
        # findings on a reference that could not be checked do not turn 3 into 1
        ("failed with noise", FAILED_WITH_NOISE, {E: 3, W: 3, U: 3, N: 3}),
    ],
)
def test_exit_codes(name: str, value: Report, expected: dict[FailOn, int]) -> None:
    for fail_on, code in expected.items():
        assert exit_code(value, fail_on, exit_zero=False) == code, (name, fail_on)
        assert exit_code(value, fail_on, exit_zero=True) == 0, (name, fail_on)


def test_default_is_error() -> None:
    from refcheck.report import DEFAULT_FAIL_ON

    assert DEFAULT_FAIL_ON is FailOn.ERROR
