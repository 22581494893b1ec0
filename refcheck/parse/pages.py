"""Page ranges as printed ("1530-9", "e319-20", "S12-5") to first and fully expanded last."""

from __future__ import annotations

import re

from refcheck.models import Pages

_PREFIX_RE = re.compile(r"^(?:pp?\.?\s*|pages?\s+)", re.IGNORECASE)
_RANGE_RE = re.compile(
    r"^(?P<fp>[A-Za-z]{0,4})(?P<fn>\d+)(?P<fs>[A-Za-z]{0,2})\s*(?:-+|\bto\b)\s*"
    r"(?P<lp>[A-Za-z]{0,4})(?P<ln>\d+)(?P<ls>[A-Za-z]{0,2})$"
)
_SINGLE_RE = re.compile(r"^[A-Za-z]{0,4}\d+(?:[A-Za-z]{1,2}\d+)?[A-Za-z]{0,2}$")
_ROMAN_RANGE_RE = re.compile(r"^(?P<first>[ivxlcdm]+)\s*-+\s*(?P<last>[ivxlcdm]+)$", re.IGNORECASE)
_DASHES_RE = re.compile(r"[\u2010-\u2015\u2212]")
# BMJ PDFs set the en dash of a page range as the letter "e": "Lancet 2007;370:511e20." is
# pages 511-520. A range that would not run forwards ("120e20") stays an article number.
_E_DASH_RANGE_RE = re.compile(r"^(\d{1,6})e(\d{1,6})$")


def _expand_digits(first: str, last: str) -> str:
    """An abbreviated last page is the first page number at or after ``first`` that ends in
    its digits: "1530-9" -> 1539, "169-55" -> 255 (the hundreds roll over)."""
    if len(last) < len(first):
        step = 10 ** len(last)
        start = int(first)
        expanded = start // step * step + int(last)
        if expanded < start:
            expanded += step
        return str(expanded)
    return last


def expand_page_range(text: str) -> Pages | None:
    """``"1530-9"`` -> 1530/1539, ``"e319-20"`` -> e319/e320, ``"S12-5"`` -> S12/S15.

    A single page or article number gives ``Pages(first, None)``; text that is no page
    reference at all gives ``None``.
    """
    first, dash, last = text.partition("-")
    if first.isdigit() and (not dash or last.isdigit()):
        # The common case, without regexes: "195", "195-206", "1530-9".
        if not dash:
            return Pages(first, None)
        return Pages(first, _expand_digits(first, last))
    if not text.isascii():
        text = _DASHES_RE.sub("-", text)
    text = text.strip(" \t.,;")
    if text[:1] in ("p", "P"):
        text = _PREFIX_RE.sub("", text).strip()
    if not text:
        return None
    e_range = _E_DASH_RANGE_RE.match(text)
    if e_range is not None:
        first, last = e_range.groups()
        expanded = _expand_digits(first, last)
        if int(expanded) > int(first):
            return Pages(first, expanded)
    match = _RANGE_RE.match(text)
    if match is not None:
        first_number = match["fn"]
        first = match["fp"] + first_number + match["fs"]
        last_number = _expand_digits(first_number, match["ln"])
        last_prefix = match["lp"] or (match["fp"] if not match["ls"] else "")
        return Pages(first, last_prefix + last_number + match["ls"])
    if _SINGLE_RE.match(text):
        return Pages(text, None)
    match = _ROMAN_RANGE_RE.match(text)
    if match is not None:
        return Pages(match["first"], match["last"])
    return None
