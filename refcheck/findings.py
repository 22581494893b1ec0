"""Finding codes: one definition shared by every stage, and the registry of all of them.

Each stage declares its own codes (``parse.codes``, ``validate.codes``,
``validate.citations``); every code has a page ``docs/findings/<code>.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from refcheck.models import Finding, FindingField, Severity


@dataclass(frozen=True, slots=True)
class FindingCode:
    code: str  # stable: "RC102"
    field: FindingField
    severity: Severity
    name: str  # short kebab-case name, as in the docs page title

    def make(
        self,
        message: str,
        *,
        cited: str | None = None,
        expected: str | None = None,
        line: int | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            field=self.field,
            severity=self.severity,
            message=message,
            cited=cited,
            expected=expected,
            line=line,
        )


@cache
def all_codes() -> Mapping[str, FindingCode]:
    """Every finding code refcheck can emit, by code."""
    # Imported here: the stage modules import this one.
    from refcheck.parse.codes import ALL_CODES as PARSE_CODES
    from refcheck.validate.citations import CITATION_CODES
    from refcheck.validate.codes import ALL_CODES as VALIDATE_CODES
    from refcheck.validate.style import STYLE_CODES

    codes = (*PARSE_CODES, *VALIDATE_CODES, *CITATION_CODES, *STYLE_CODES)
    return {code.code: code for code in sorted(codes, key=lambda c: c.code)}
