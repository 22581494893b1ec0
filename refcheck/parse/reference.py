"""``parse_reference``: the parse stage's single entry point. It never raises."""

from __future__ import annotations

from refcheck.models import ParsedReference, RawReference, Reference
from refcheck.parse import codes
from refcheck.parse.structured import reference_from_fields
from refcheck.parse.text_grammar import parse_text


def parse_reference(raw: RawReference) -> ParsedReference:
    """Read ``raw`` into fields; what cannot be read is reported as a ``parse`` finding."""
    try:
        if raw.fields:
            reference, findings = reference_from_fields(raw.fields)
        else:
            reference, findings, _ = parse_text(raw.text if isinstance(raw.text, str) else "")
        return ParsedReference(raw, reference, findings)  # positional: a third cheaper
    except Exception as exc:
        # The contract: one unreadable reference never stops a run. This is a fault in
        # refcheck (the grammar is total), reported as RC009 rather than raised.
        finding = codes.parse_finding(
            codes.INTERNAL_ERROR,
            f"The reference could not be parsed ({type(exc).__name__}).",
            cited=raw.text if isinstance(raw.text, str) else None,
        )
        return ParsedReference(raw=raw, reference=Reference(), findings=(finding,))
