"""How much one input may hold. Beyond a limit the input is refused (exit 2, one line).

Reading is linear in the input's size, but linear is not free: these bound a run to seconds
on a laptop. Each is far above what a manuscript needs; docs/limits.md lists them with the
time they cost at the limit.
"""

from __future__ import annotations

from refcheck.errors import InputError

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_LINES",
    "MAX_PDF_CHARACTERS",
    "MAX_PDF_PAGES",
    "MAX_REFERENCES",
    "MAX_REFERENCE_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_WORD_PARAGRAPHS",
    "MAX_WORD_UNCOMPRESSED_BYTES",
    "MAX_WORD_XML_BYTES",
    "check_reference_count",
    "check_text_size",
]

# A file (or standard input) is read whole, so its size is bounded first.
MAX_INPUT_BYTES = 50 * 2**20
# The text of one input (txt, md, tex, the text read from Word or PDF): ~2,000 pages of prose.
MAX_TEXT_CHARS = 6_000_000
# Lines of that text (each costs some microseconds however short): ~4,000 pages.
MAX_LINES = 200_000
# Paragraphs and table rows of a Word document.
MAX_WORD_PARAGRAPHS = 100_000
# References in one input (a list, a .bib or .ris file).
MAX_REFERENCES = 10_000
# One reference longer than this is read from its first and last part (a 'parse' warning).
MAX_REFERENCE_CHARS = 2_000
# Pages of a PDF, and characters in all its pages (each costs a few microseconds).
MAX_PDF_PAGES = 400
MAX_PDF_CHARACTERS = 1_500_000
# A .docx archive once uncompressed (images included): more is a zip bomb.
MAX_WORD_UNCOMPRESSED_BYTES = 200 * 2**20
# The XML of a .docx's text parts (document, notes) once uncompressed.
MAX_WORD_XML_BYTES = 16 * 2**20


def check_text_size(display: str, size: int, lines: int = 0) -> None:
    """Refuse a text of more than ``MAX_TEXT_CHARS`` characters or ``MAX_LINES`` lines."""
    if size > MAX_TEXT_CHARS:
        raise InputError(
            f"{display}: too much text ({size:,} characters; the limit is "
            f"{MAX_TEXT_CHARS:,}): check the reference list on its own"
        )
    if lines > MAX_LINES:
        raise InputError(
            f"{display}: too many lines ({lines:,}; the limit is {MAX_LINES:,}): check the "
            "reference list on its own"
        )


def check_reference_count(display: str, count: int, what: str = "references") -> None:
    """Refuse an input that holds more than ``MAX_REFERENCES`` references or entries."""
    if count > MAX_REFERENCES:
        raise InputError(
            f"{display}: too many {what} ({count:,}; the limit is {MAX_REFERENCES:,}): "
            "split the file"
        )
