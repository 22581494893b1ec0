"""``parse_reference``: the parse stage's single entry point. It never raises."""

from __future__ import annotations

from refcheck.limits import MAX_REFERENCE_CHARS
from refcheck.models import Finding, ParsedReference, RawReference, Reference
from refcheck.parse import codes
from refcheck.parse.structured import reference_from_fields
from refcheck.parse.text_grammar import parse_text

# Of an over-long reference, the authors are read from its head and the rest from its tail.
_HEAD_CHARS = MAX_REFERENCE_CHARS // 2
_TAIL_CHARS = MAX_REFERENCE_CHARS - _HEAD_CHARS


def parse_reference(raw: RawReference) -> ParsedReference:
    """Read ``raw`` into fields; what cannot be read is reported as a ``parse`` finding."""
    try:
        if raw.fields:
            reference, findings = reference_from_fields(raw.fields)
        else:
            text = raw.text if isinstance(raw.text, str) else ""
            capped, too_long = _capped(text)
            reference, findings, _ = parse_text(capped)
            if too_long is not None:
                findings = (*findings, too_long)
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


def _capped(text: str) -> tuple[str, Finding | None]:
    """``text``, or for one longer than the cap its head (the first authors, cut at a
    separator) and its tail (title, source; without the end of an author list), joined by
    "et al.": some patterns cost more than linear time in a reference's length, and a
    42,000-character author list is not read any better whole."""
    if len(text) <= MAX_REFERENCE_CHARS:
        return text, None
    head = text[:_HEAD_CHARS]
    cut = max(head.rfind(", "), head.rfind("; "))
    head = head[:cut] if cut > _HEAD_CHARS // 2 else head
    tail = text[-_TAIL_CHARS:]
    stop = tail.find(". ")
    if stop >= 0 and tail[:stop].count(", ") >= 3:
        tail = tail[stop + 2 :]  # the tail opens inside the author list: skip to its end
    finding = codes.parse_finding(
        codes.TOO_LONG,
        f"The reference is {len(text):,} characters long (the limit is "
        f"{MAX_REFERENCE_CHARS:,}): only its first and last parts were read, and it is "
        f"searched by the fields read from them.",
    )
    return f"{head}, et al. {tail}", finding
