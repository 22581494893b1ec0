"""``junit``: JUnit XML, one test case per reference; error findings are failures.

A reference whose look-up failed is a JUnit ``error`` (the test could not run), a skipped
reference is ``skipped``. Document-level findings (citations) form one extra test case per file.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from refcheck.models import CheckedReference, FileReport, Finding, Report, Severity, Status
from refcheck.report.common import describe, reference_label, shorten

_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _finding_lines(findings: Sequence[Finding]) -> str:
    return "\n".join(
        f"{f.code} [{f.severity.value}] {f.field.value}: {describe(f)}" for f in findings
    )


def _failure(case: ET.Element, findings: Sequence[Finding]) -> bool:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    if not errors:
        return False
    failure = ET.SubElement(
        case,
        "failure",
        message=describe(errors[0]) if len(errors) == 1 else f"{len(errors)} errors",
        type=" ".join(dict.fromkeys(f.code for f in errors)),
    )
    failure.text = _finding_lines(errors)
    return True


def _reference_case(path: str, ref: CheckedReference) -> tuple[ET.Element, str | None]:
    """The test case, and which counter it adds to (failures, errors, skipped or none)."""
    case = ET.Element(
        "testcase",
        classname=path,
        name=f"{reference_label(ref)}: {shorten(ref.parsed.raw.text, 100)}",
        time="0",
    )
    outcome: str | None = None
    if ref.status is Status.FAILED:
        error = ET.SubElement(case, "error", message="the Crossref look-up failed", type="failed")
        error.text = _finding_lines(ref.findings) or None
        outcome = "errors"
    elif ref.status is Status.SKIPPED:
        ET.SubElement(case, "skipped", message="not checked (ignored or not checkable)")
        outcome = "skipped"
    elif _failure(case, ref.findings):
        outcome = "failures"
    details = [f"status: {ref.status.value}"]
    if ref.doi:
        details.append(f"doi: {ref.doi}")
    rest = [f for f in ref.findings if f.severity is not Severity.ERROR]
    if rest:
        details.append(_finding_lines(rest))
    ET.SubElement(case, "system-out").text = "\n".join(details)
    return case, outcome


def _file_suite(file: FileReport) -> ET.Element:
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    cases = []
    if file.findings:
        case = ET.Element("testcase", classname=file.path, name="citations", time="0")
        if _failure(case, file.findings):
            counts["failures"] += 1
        others = [f for f in file.findings if f.severity is not Severity.ERROR]
        if others:
            ET.SubElement(case, "system-out").text = _finding_lines(others)
        cases.append(case)
    for ref in file.references:
        case, outcome = _reference_case(file.path, ref)
        if outcome is not None:
            counts[outcome] += 1
        cases.append(case)
    counts["tests"] = len(cases)
    attributes = {"name": file.path, "time": "0"} | {k: str(v) for k, v in counts.items()}
    suite = ET.Element("testsuite", attributes)
    suite.extend(cases)
    return suite


def report_to_junit(report: Report) -> ET.Element:
    root = ET.Element("testsuites", name="refcheck")
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for file in report.files:
        suite = _file_suite(file)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
        root.append(suite)
    for key, value in totals.items():
        root.set(key, str(value))
    return root


class JunitFormatter:
    name = "junit"
    machine_readable = True

    def render(self, report: Report) -> str:
        root = report_to_junit(report)
        ET.indent(root)
        # XML 1.0 cannot carry most control characters, and ElementTree writes them as they
        # are: a stray one from a PDF or a Crossref title would make the file unreadable.
        body = _NOT_XML.sub("", ET.tostring(root, encoding="unicode"))
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
