"""``sarif``: SARIF 2.1.0 (code scanning); rules are the finding codes, each with its doc page."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any
from urllib.parse import quote

from refcheck import PROJECT_URL, __version__
from refcheck.findings import all_codes
from refcheck.models import Finding, FindingField, Report, Severity
from refcheck.report.common import Located, all_findings, help_uri, workspace_path

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

# A rule's short description comes from the field it is about: the codes belong to several
# stages, and a report only knows the codes it contains.
_FIELD_TOPIC = {
    FindingField.DOI: "The DOI is missing, unregistered or points to another work",
    FindingField.AUTHORS: "The authors differ from the registered record",
    FindingField.TITLE: "The title differs from the registered record",
    FindingField.JOURNAL: "The journal differs from the registered record",
    FindingField.YEAR: "The year differs from the registered record",
    FindingField.VOLUME: "The volume differs from the registered record",
    FindingField.ISSUE: "The issue differs from the registered record",
    FindingField.PAGES: "The pages differ from the registered record",
    FindingField.RETRACTION: "The cited work was retracted, corrected or flagged",
    FindingField.CITATION: "In-text citations and the reference list disagree",
    FindingField.STYLE: "The reference does not follow the citation style",
    FindingField.PARSE: "The reference could not be read completely",
}


def artifact_uri(path: str) -> str:
    """A URI for an input path: relative to the working folder when inside it (what code
    scanning maps to repository files), else a ``file://`` URI."""
    relative = workspace_path(path)
    if Path(relative).is_absolute():
        return Path(relative).as_uri()
    return quote(relative.replace("\\", "/"), safe="/:@!$&'()*+,;=-._~")


def _rule(code: str, finding: Finding) -> dict[str, Any]:
    known = all_codes().get(code)
    # SARIF rule names are PascalCase identifiers: "year-mismatch" -> "YearMismatch".
    name = (
        "".join(part.capitalize() for part in known.name.split("-"))
        if known is not None
        else f"{finding.field.value.capitalize()}Check"
    )
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": _FIELD_TOPIC[finding.field]},
        "helpUri": help_uri(code),
        "help": {"text": f"See {help_uri(code)}"},
        "defaultConfiguration": {"level": _LEVEL[finding.severity]},
        "properties": {"field": finding.field.value},
    }


def _fingerprint(path: str, finding: Finding, item: Located) -> str:
    # Stable while lines move: the reference's own text (or the document finding's message)
    # identifies the result across runs, so code scanning does not reopen it as new.
    subject = item.reference.parsed.raw.text if item.reference is not None else finding.message
    key = "\x1f".join((workspace_path(path), finding.code, finding.field.value, subject))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def report_to_sarif(report: Report) -> dict[str, Any]:
    rules: list[dict[str, Any]] = []
    rule_index: dict[str, int] = {}
    results: list[dict[str, Any]] = []
    for item in all_findings(report):
        finding = item.finding
        if finding.code not in rule_index:
            rule_index[finding.code] = len(rules)
            rules.append(_rule(finding.code, finding))
        location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(item.path)}}
        if item.line is not None and item.line >= 1:
            location["region"] = {"startLine": item.line}
        result: dict[str, Any] = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": _LEVEL[finding.severity],
            "message": {"text": item.text},
            "locations": [{"physicalLocation": location}],
            "properties": {
                "field": finding.field.value,
                "cited": finding.cited,
                "expected": finding.expected,
            },
        }
        if item.reference is not None:
            ref = item.reference
            result["properties"] |= {
                "referenceNumber": ref.parsed.raw.number,
                "status": ref.status.value,
                "doi": ref.doi,
            }
        result["partialFingerprints"] = {"refcheck/v1": _fingerprint(item.path, finding, item)}
        results.append(result)
    # The schema wants unique artifacts; a file named twice on the command line is one.
    uris = dict.fromkeys(artifact_uri(f.path) for f in report.files)
    artifacts = [{"location": {"uri": uri}} for uri in uris]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "refcheck",
                        "version": __version__,
                        "informationUri": PROJECT_URL,
                        "rules": rules,
                    }
                },
                "artifacts": artifacts,
                "results": results,
                "properties": {"summary": report.summary()},
            }
        ],
    }


class SarifFormatter:
    name = "sarif"
    machine_readable = True

    def render(self, report: Report) -> str:
        return json.dumps(report_to_sarif(report), ensure_ascii=False, indent=1) + "\n"
