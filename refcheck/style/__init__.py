"""Reference styles as data, and the renderer that prints a ``Reference`` in one of them.

A style is a small declarative description (:class:`Style`): how many authors are listed
before ``et al.``, the separators, whether the journal is given its NLM abbreviation, how a
page range is shortened and how a DOI is written. The rules follow the ICMJE/NLM
recommendations (Vancouver) and the AMA Manual of Style, as the CSL styles ``vancouver.csl``
and ``ama.csl`` describe them; one renderer serves every style.
"""

from __future__ import annotations

from refcheck.style.render import (
    AMA,
    STYLES,
    VANCOUVER,
    Style,
    reference_from_record,
    render_reference,
    short_page_range,
)

__all__ = [
    "AMA",
    "STYLES",
    "VANCOUVER",
    "Style",
    "reference_from_record",
    "render_reference",
    "short_page_range",
]
