"""Handing the body of a manuscript to the citation finder."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from refcheck.extract.citations import find_citations
from refcheck.models import Citation

if TYPE_CHECKING:
    from refcheck.extract.text import Line


def find_body_citations(
    body: Sequence[Line], *, code_spans: bool = True, quotations: bool = False
) -> tuple[Citation, ...]:
    """The citations in the body lines (1-based line numbers of the input); ``code_spans``
    false for LaTeX, whose backticks are quotation marks, not Markdown code; ``quotations``
    for text that is not Markdown, where only single backticks are code (``find_citations``)."""
    return find_citations(
        ((line.number, line.text) for line in body if line.text.strip()),
        code_spans=code_spans,
        quotations=quotations,
    )
