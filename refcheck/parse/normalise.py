"""Text clean-up shared by every parse step: one dash, one space, straight quotes."""

from __future__ import annotations

import re
import unicodedata

# Every dash-like code point a typesetter may use in a page range or a name.
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060"
_DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"
_REPLACEMENTS: dict[str, str] = {
    **{c: "-" for c in _DASHES},
    **{c: "'" for c in _SINGLE_QUOTES},
    **{c: '"' for c in _DOUBLE_QUOTES},
    # Soft hyphen and zero-width characters are invisible in print: drop them.
    "\u00ad": "",
    "\u200b": "",
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u200e": "",  # left-to-right and right-to-left marks
    "\u200f": "",
    # APA's ellipsis between authors ("McKenzie, J. E., … Moher, D.") as three dots.
    "\u2026": "...",
}
# A regex finds the few characters to replace: str.translate with a mapping walks every
# character through a dict lookup, which made it the slowest step of the whole parse.
_SPECIAL_RE = re.compile("[" + "".join(_REPLACEMENTS) + "]")


def _replacement(match: re.Match[str]) -> str:
    return _REPLACEMENTS[match.group()]


# "d\'Orsi": a backslash escape that leaked from the source markup.
_ESCAPED_QUOTE_RE = re.compile(r"\\+(['\"])")
# A dash lost to a wrong text encoding between two numbers ("80:406?424", "58: 1245â1257").
_BROKEN_DASH_RE = re.compile("(?<=\\d)(?:\\?|\u00e2\u0080[\u0093\u0094]|\u00e2|\ufffd)(?=\\d)")
_LABEL_RE = re.compile(
    r"^(?:\[\d{1,4}\]\s*|\(\d{1,4}\)\s+|\d{1,4}[.)](?:\s+|(?=[^\W\d_]))|[\u2022\u00b7*-]\s+)"
)
_TRAILING_PUNCT = " \t.,;:"
# "(in German)", "(em português)": a note on the language, not part of the title.
_LANGUAGE_NOTE_RE = re.compile(r"\s*[(\[](?:in|em|en)\s+[^\W\d_]+[)\]]$", re.IGNORECASE)


def normalise_text(text: str) -> str:
    """NFC, ASCII dashes and quotes, single spaces; no leading or trailing space."""
    # Most references are plain ASCII: skip the Unicode work for them (it is most of the cost).
    if not text.isascii():
        text = _SPECIAL_RE.sub(_replacement, unicodedata.normalize("NFC", text))
    elif "`" in text:
        text = text.replace("`", "'")
    if "\\" in text:
        text = _ESCAPED_QUOTE_RE.sub(r"\1", text)
    if "?" in text or "\u00e2" in text or "\ufffd" in text:
        text = _BROKEN_DASH_RE.sub("-", text)
    return " ".join(text.split())


def strip_label(text: str) -> str:
    """Drop a printed reference number (``1.``, ``[1]``, ``(1)``, ``1)``) or a bullet."""
    if not text or text[0] not in "[(0123456789\u2022\u00b7*-":
        return text
    return _LABEL_RE.sub("", text, count=1)


def clean_field(text: str | None) -> str | None:
    """A field value without surrounding punctuation or quotes; ``None`` when empty."""
    if text is None:
        return None
    text = text.strip(_TRAILING_PUNCT)
    # Quotes around a whole title ("Title.,") come from the style, not from the work.
    if '"' not in text:
        pass  # most fields: no quotes to look at
    elif text.startswith('"') and (text.endswith('"') or text.count('"') == 1):
        text = text.strip('"').strip(_TRAILING_PUNCT)
    elif text.endswith('"') and text.count('"') == 1:
        text = text[:-1].strip(_TRAILING_PUNCT)
    if text.endswith(")") and _LANGUAGE_NOTE_RE.search(text):
        text = _LANGUAGE_NOTE_RE.sub("", text).strip(_TRAILING_PUNCT)
    return text or None


# Printed slips in the source part of a reference, each with the example that motivates it.
# Royal Society groups five-digit pages: "108, 17 714-17 719".
_GROUPED_RANGE_RE = re.compile(r"(?<!\d)(?<!\d )(\d{1,3}) (\d{3})-(\d{1,3}) (\d{3})(?!\d)")
# A work printed in parts, the parts after a full stop: "32:402-404. 407-410, 413.".
_SPLIT_PARTS_RE = re.compile(
    r":(\s?\d{1,6}-\d{1,6})\.\s(\d{1,6}(?:-\d{1,6})?(?:,\s?\d{1,6}(?:-\d{1,6})?)*\.?)$"
)


def repair_printed_source(text: str) -> str:
    """Undo the typesetting slips above; text without them comes back unchanged. The parser
    calls it only when a first reading left page numbers in the journal name."""
    text = _GROUPED_RANGE_RE.sub(r"\1\2-\3\4", text)
    return _SPLIT_PARTS_RE.sub(_split_parts, text)


_LEADING_NUMBER_RE = re.compile(r"\s?(\d+)")


def _split_parts(match: re.Match[str]) -> str:
    first, later = match.groups()
    first_start = _LEADING_NUMBER_RE.match(first)
    later_start = _LEADING_NUMBER_RE.match(later)
    if first_start is None or later_start is None:
        return match.group()
    if int(later_start.group(1)) <= int(first_start.group(1)):
        return match.group()  # not pages running on
    return f":{first}, {later}"
