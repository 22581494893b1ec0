"""ParsedReference x Resolution -> CheckedReference: the status and every finding."""

from __future__ import annotations

from typing import assert_never

from refcheck.models import (
    Ambiguous,
    CheckedReference,
    Failed,
    Finding,
    FindingField,
    Matched,
    ParsedReference,
    Resolution,
    Severity,
    Skipped,
    Status,
    Unresolved,
)
from refcheck.parse.notices import printed_notices
from refcheck.validate import codes
from refcheck.validate.compare import compare_with_evidence
from refcheck.validate.evidence import gather_evidence
from refcheck.validate.printed import demote_parse_doubts
from refcheck.validate.style import journal_style_findings
from refcheck.validate.text import normalize_doi


def _matched_findings(parsed: ParsedReference, resolution: Matched) -> tuple[Finding, ...]:
    reference = parsed.reference
    record = resolution.record
    evidence = resolution.evidence
    if evidence is None:  # a resolution made elsewhere than resolve_reference
        evidence = gather_evidence(reference, record, parsed.raw.text)
    compared = compare_with_evidence(reference, record, evidence, parsed.raw.text)
    # The resolver already explained what is wrong with the DOI (or the title).
    explained = {f.field for f in resolution.findings} & {FindingField.DOI, FindingField.TITLE}
    compared = tuple(f for f in compared if f.field not in explained)
    extra: list[Finding] = []
    if normalize_doi(reference.doi) is None and record.doi:
        extra.append(
            codes.finding(
                codes.DOI_MISSING,
                f"the reference gives no DOI; the work's DOI is {record.doi}",
                None,
                record.doi,
            )
        )
    extra.extend(_printed_notice_findings(parsed.raw.text, (*resolution.findings, *compared)))
    found = (*resolution.findings, *compared, *extra)
    return (
        *demote_parse_doubts(found, reference, record, parsed.raw.text),
        *journal_style_findings(parsed),
    )


_NOTICE_CODES = {
    "retraction": (codes.RETRACTED, "has been retracted"),
    "concern": (codes.EXPRESSION_OF_CONCERN, "is subject to an expression of concern"),
    "correction": (codes.CORRECTED, "has a published correction"),
}


def _printed_notice_findings(text: str, findings: tuple[Finding, ...]) -> list[Finding]:
    """The notices the reference prints about the work, when Crossref did not report them."""
    reported = {f.code for f in findings}
    found = []
    for notice in printed_notices(text):
        code, what = _NOTICE_CODES[notice.kind]
        if code.code in reported:
            continue
        reported.add(code.code)
        message = f"the cited work {what}, as the reference itself prints: {notice.text!r}"
        found.append(codes.finding(code, message, notice.text, None))
    return found


def _status_for_match(findings: tuple[Finding, ...]) -> Status:
    if any(f.severity is Severity.ERROR for f in findings):
        return Status.MISMATCH
    return Status.VERIFIED


def check_reference(parsed: ParsedReference, resolution: Resolution) -> CheckedReference:
    """Fold parse findings, resolution findings and field comparisons into one result."""
    if isinstance(resolution, Matched):
        findings = (*parsed.findings, *_matched_findings(parsed, resolution))
        return CheckedReference(
            parsed=parsed,
            status=_status_for_match(findings),
            findings=findings,
            record=resolution.record,
            score=resolution.score,
        )
    if isinstance(resolution, Unresolved):
        if resolution.not_found:
            note = codes.finding(
                codes.NOT_IN_REGISTRY,
                "no Crossref record matches or resembles this reference: "
                + "; ".join(resolution.not_found),
            )
        else:
            note = codes.finding(
                codes.UNRESOLVED,
                f"no Crossref record found for this reference: {resolution.reason}",
            )
        return CheckedReference(
            parsed,
            Status.UNRESOLVED,
            (*parsed.findings, *resolution.findings, note),
            not_found=resolution.not_found,
        )
    if isinstance(resolution, Ambiguous):
        dois = ", ".join(record.doi for record, _ in resolution.candidates)
        note = codes.finding(
            codes.AMBIGUOUS, f"several Crossref records fit this reference equally well: {dois}"
        )
        best = max((score for _, score in resolution.candidates), default=None)
        return CheckedReference(
            parsed,
            Status.AMBIGUOUS,
            (*parsed.findings, *resolution.findings, note),
            score=best,
        )
    if isinstance(resolution, Failed):
        note = codes.finding(codes.LOOKUP_FAILED, f"Crossref look-up failed: {resolution.reason}")
        return CheckedReference(
            parsed, Status.FAILED, (*parsed.findings, *resolution.findings, note)
        )
    if isinstance(resolution, Skipped):
        return CheckedReference(parsed, Status.SKIPPED, (*parsed.findings, *resolution.findings))
    assert_never(resolution)
