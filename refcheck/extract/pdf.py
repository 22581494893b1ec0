"""PDF (PDFium through pypdfium2): text lines from the characters' positions, then the
plain-text pipeline.

Each character comes with its box and baseline. Lines are rebuilt from the geometry, in the
order the page draws them (for typeset articles, the reading order: a column is drawn before
the next, a heading beside the other column is its own line). PDFium's own spaces give the
word breaks; a wide gap on one baseline (a gutter) ends a line. Raised, smaller characters are
superscripts; spacing accents drawn over a letter are composed with it (NFC). Pages drawn row
by row across their columns are put back in column order, and paragraphs drawn late (a
figure caption drawn after the other column) are read where they stand. Rotated text (margin
banners), page numbers and the running heads that repeat at the top and bottom of the pages
are dropped. A blank line marks a paragraph gap, or the start of an entry of a list set with
a hanging indent.
"""

from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

from refcheck.errors import InputError
from refcheck.extract.source import InputSource, strip_control_characters
from refcheck.extract.text import Line, extract_from_lines
from refcheck.limits import MAX_PDF_CHARACTERS, MAX_PDF_PAGES
from refcheck.models import Document

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)
# Spacing accents that TeX and some fonts draw as a character of their own over the letter.
_COMBINING = {
    "¨": "\u0308",
    "˜": "\u0303",
    "´": "\u0301",
    "`": "\u0300",
    "ˆ": "\u0302",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "˙": "\u0307",
    "˚": "\u030a",
    "¸": "\u0327",
    "˛": "\u0328",
    "¯": "\u0304",
    "˝": "\u030b",
}
_CITATION_TEXT = re.compile(r"^[\d,\-–\s]*\d[\d,\-–\s]*$")
# A gap wider than this fraction of the line's height is a word space PDFium did not mark.
# Across the corpus letters of a word stand within ±0.05 of each other; tightly set lists
# (Royal Society) put 0.15 between words where the font changes ("Neoplasia 7", "2015 In").
_WORD_GAP = 0.12


# Character codes that carry no text (``strip_control_characters``'s), as a set: checked for
# each of a page's thousands of characters.
_NO_TEXT_CODES = frozenset(c for c in range(0xA0) if not strip_control_characters(chr(c)))


class Glyph(NamedTuple):
    """One character as drawn: its text, its loose box (font ascent to descent) and baseline,
    in PDF points with y growing upwards. ``space`` marks a word space (drawn or inferred).

    A named tuple, not a frozen dataclass: a page makes thousands, and a frozen dataclass's
    ``__init__`` (one ``object.__setattr__`` per field) was a third of reading a PDF. It never
    leaves this module's reading of the page.
    """

    text: str
    left: float
    right: float
    bottom: float
    top: float
    baseline: float
    space: bool = False

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True, slots=True)
class TextLine:
    """One line of a page: its text (superscript citations as ``<sup>..</sup>``), where it
    stands, and its body height."""

    text: str
    left: float
    right: float
    baseline: float
    height: float


def extract_pdf(source: InputSource) -> Document:
    pages = read_pdf_pages(source.path, source.data)
    lines: list[Line] = []
    for page in _drop_running_lines(pages):
        for text in _page_text_lines(page):
            lines.append(Line(len(lines) + 1, "" if _unmapped_font(text) else text))
    warnings: list[str] = []
    if not any(line.text.strip() for line in lines):
        warnings.append(f"{source.path}: the PDF has no text layer (scanned?); nothing to read")
    return extract_from_lines(source.path, lines, warnings=warnings)


def _unmapped_font(text: str) -> bool:
    """Text in a font without a Unicode map comes out as Latin-1 symbols and modifier
    letters (``Ê¾»·ºº¿Ê¿ÅÄ·Â``): mostly characters between U+00A0 and U+02FF, many of them
    not letters at all. Accented words in any language are letters, and fewer."""
    drawn = [char for char in text if not char.isspace()]
    if len(drawn) < 2:
        return False
    odd = [char for char in drawn if 0xA0 <= ord(char) < 0x300]
    symbols = [char for char in odd if not char.isalpha() or 0x2B0 <= ord(char) < 0x300]
    return len(odd) >= 0.5 * len(drawn) and len(symbols) >= 0.2 * len(drawn)


def read_pdf_pages(display: str, data: bytes) -> list[list[TextLine]]:
    """Each page's lines in drawing order. ``InputError`` for encrypted or corrupt PDFs."""
    if not data.strip():
        raise InputError(f"{display}: empty file")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{display}: not a PDF file (no %PDF- header)")
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).casefold():
            raise InputError(f"{display}: encrypted PDF; a password is required") from exc
        raise InputError(f"{display}: corrupt or unreadable PDF ({_short(exc)})") from exc
    try:
        count = len(document)
        if count == 0:
            raise InputError(f"{display}: the PDF has no pages")
        if count > MAX_PDF_PAGES:
            raise InputError(
                f"{display}: too many pages ({count}; the limit is {MAX_PDF_PAGES}): "
                "check the pages with the reference list on their own"
            )
        _check_characters(display, document, count)
        pages = []
        for index in range(count):
            try:
                glyphs = _page_glyphs(document, index)
            except pdfium.PdfiumError as exc:
                raise InputError(f"{display}: cannot read the PDF's text ({_short(exc)})") from exc
            lines = _reading_order(_glyph_lines(_attach_accents(glyphs)))
            pages.append(_without_line_numbers(lines))
    finally:
        document.close()
    return pages


def _check_characters(display: str, document: Any, count: int) -> None:
    """Refuse a PDF with more than ``MAX_PDF_CHARACTERS`` characters: each costs a few
    microseconds to read, and counting them first costs a millisecond a page."""
    import pypdfium2 as pdfium

    total = 0
    for index in range(count):
        try:
            page = document[index]
            textpage = page.get_textpage()
            total += textpage.count_chars()
            textpage.close()  # the reading pass opens each page again
            page.close()
        except pdfium.PdfiumError as exc:
            raise InputError(f"{display}: cannot read the PDF's text ({_short(exc)})") from exc
        if total > MAX_PDF_CHARACTERS:
            raise InputError(
                f"{display}: too much text ({total:,} characters by page {index + 1}; the "
                f"limit is {MAX_PDF_CHARACTERS:,}): check the pages with the reference list "
                "on their own"
            )


def _page_glyphs(document: Any, index: int) -> list[Glyph]:
    """The page's characters in drawing order, without rotated ones (banners in the margin).

    PDFium's C functions are called on the page's raw handle with the out-parameters made once:
    a page holds thousands of characters, and the helpers' per-call wrapping (a new box, the
    handle looked up again) was most of the time of reading a PDF.
    """
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    page = document[index]
    textpage = page.get_textpage()
    glyphs: list[Glyph] = []
    handle = textpage.raw
    unicode_of, is_hyphen = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_IsHyphen
    angle_of, box_of = pdfium_c.FPDFText_GetCharAngle, pdfium_c.FPDFText_GetLooseCharBox
    origin_of = pdfium_c.FPDFText_GetCharOrigin
    box, x, y = pdfium_c.FS_RECTF(), ctypes.c_double(), ctypes.c_double()
    box_ref, x_ref, y_ref = ctypes.byref(box), ctypes.byref(x), ctypes.byref(y)
    matrix = pdfium_c.FS_MATRIX()
    matrix_ref, matrix_of = ctypes.byref(matrix), pdfium_c.FPDFText_GetMatrix
    high = 0  # the first half of a UTF-16 surrogate pair, waiting for its second
    try:
        for char in range(textpage.count_chars()):
            code = unicode_of(handle, char)
            # PDFium reports characters beyond the BMP (math italic 𝑁) as two UTF-16 code
            # units: joined back, or dropped when one stands alone (a Python string holding
            # a lone surrogate cannot be written out).
            if 0xD800 <= code < 0xDC00:
                high = code
                continue
            if 0xDC00 <= code < 0xE000:
                if not high:
                    continue
                code, high = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00), 0
            else:
                high = 0
            if code in (0x02, 0xFFFE) or is_hyphen(handle, char):
                code = 0x2D  # PDFium's mark for a hyphen at the end of a line
            # No text: control characters (as ``strip_control_characters`` reads them) and
            # line breaks, which come from the geometry.
            if not 0 < code < 0x110000 or code in _NO_TEXT_CODES:
                continue
            text = chr(code)
            if text in "\r\n":
                continue
            if text.isspace():
                if glyphs and not glyphs[-1].space:
                    last = glyphs[-1]
                    glyphs.append(
                        Glyph(
                            " ",
                            last.right,
                            last.right,
                            last.bottom,
                            last.top,
                            last.baseline,
                            space=True,
                        )
                    )
                continue
            if abs(angle_of(handle, char)) > 0.05:
                # PDFium's angle counts a slant as a turn: italics made by shearing an
                # upright font (a, b, c, d = 24, 0, 5.1, 24) stand on a level baseline.
                matrix_of(handle, char, matrix_ref)
                if abs(math.atan2(matrix.b, matrix.a)) > 0.05:
                    continue
            if not box_of(handle, char, box_ref):
                raise pdfium.PdfiumError("Failed to get charbox.")
            origin_of(handle, char, x_ref, y_ref)
            glyphs.append(Glyph(text, box.left, box.right, box.bottom, box.top, y.value))
    finally:
        textpage.close()
        page.close()
    return glyphs


def _glyph_lines(glyphs: Sequence[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped into lines: a glyph continues the line when it stands on the line's
    baseline (or is a smaller raised or lowered one beside it) and follows it closely."""
    lines: list[list[Glyph]] = []
    current: list[Glyph] = []
    body: Glyph | None = None  # the line's tallest glyph so far: its baseline is the line's
    for glyph in glyphs:
        if glyph.space:
            if current and not current[-1].space:
                current.append(glyph)
            continue
        if body is not None and _continues(current, body, glyph):
            current.append(glyph)
            if glyph.height > body.height * 1.15 and _within(body, glyph):
                body = glyph  # a line that opened with a superscript number
            continue
        if current:
            lines.append(_strip_spaces(current))
        current, body = [glyph], glyph
    if current:
        lines.append(_strip_spaces(current))
    return [line for line in lines if line]


def _continues(current: Sequence[Glyph], body: Glyph, glyph: Glyph) -> bool:
    last = next(g for g in reversed(current) if not g.space)
    if abs(glyph.left - last.left) < 0.01 and abs(glyph.right - last.right) < 0.01:
        return True  # the letters of one ligature glyph ("Th") share its box
    size = max(body.height, 1.0)
    gap = glyph.left - last.right
    if gap < -size or gap > 1.6 * size:
        return False  # back to the start of a line, or across a gutter
    if abs(glyph.baseline - body.baseline) <= 0.2 * size:
        return True
    # Superscripts and subscripts: smaller, and inside the line's band.
    smaller = glyph.height <= 0.85 * body.height or body.height <= 0.85 * glyph.height
    return smaller and (_within(body, glyph) or _within(glyph, body))


def _within(inner: Glyph, outer: Glyph) -> bool:
    """``inner`` stands mostly inside ``outer``'s vertical band."""
    slack = 0.35 * max(outer.height, 1.0)
    return inner.bottom >= outer.bottom - slack and inner.top <= outer.top + slack


def _strip_spaces(glyphs: list[Glyph]) -> list[Glyph]:
    while glyphs and glyphs[-1].space:
        glyphs.pop()
    return glyphs


def _line_of(glyphs: Sequence[Glyph]) -> TextLine:
    drawn = [glyph for glyph in glyphs if not glyph.space]
    heights: Counter[float] = Counter()
    for glyph in drawn:
        heights[round(glyph.height, 1)] += 1
    height = heights.most_common(1)[0][0]
    baselines = [glyph.baseline for glyph in drawn if abs(glyph.height - height) < 0.15 * height]
    baseline = statistics.median(baselines) if baselines else drawn[0].baseline
    text = unicodedata.normalize("NFC", _marked_text(glyphs, height, baseline))
    return TextLine(
        text=text,
        left=min(glyph.left for glyph in drawn),
        right=max(glyph.right for glyph in drawn),
        baseline=baseline,
        height=height,
    )


def _marked_text(glyphs: Sequence[Glyph], height: float, baseline: float) -> str:
    """The line's text; runs of raised, smaller citation numbers as ``<sup>..</sup>``; a
    space where glyphs stand apart and PDFium put none."""
    parts: list[str] = []
    raised: list[str] = []

    def flush() -> None:
        if raised:
            run = "".join(raised)
            parts.append(f"<sup>{run.strip()}</sup>" if _CITATION_TEXT.match(run) else run)
            raised.clear()

    previous: Glyph | None = None
    for glyph in glyphs:
        is_raised = (
            not glyph.space
            and glyph.height <= 0.8 * height
            and glyph.baseline - baseline >= 0.15 * height
        )
        if not is_raised:
            flush()
        if (
            previous is not None
            and not glyph.space
            and not previous.space
            and glyph.left - previous.right > _WORD_GAP * height
            and not is_raised
        ):
            parts.append(" ")
        if is_raised and not (glyph.text == " " and not raised):
            raised.append(glyph.text)
        elif not is_raised:
            parts.append(glyph.text)
        previous = glyph
    flush()
    return "".join(parts)


# Dotless letters that carry an accent in fonts drawing ``ı`` + ``´`` for ``í``: NFC composes
# only the dotted letter with the mark.
_DOTLESS = {"ı": "i", "ȷ": "j"}


def _attach_accents(glyphs: Sequence[Glyph]) -> list[Glyph]:
    """``Sim˜oes`` -> ``Simões``: a spacing accent drawn over a letter (the letter's box holds
    the accent's middle, on the letter's baseline) becomes that letter's combining mark. Some
    typesetters (Hindawi) draw a line's accents after it, far from their letters in drawing
    order, so the letter is looked for on the whole page, nearest in drawing order first. A
    space PDFium put beside the accent goes with it (a real word space comes back from the
    glyphs' spacing); a stray accent stays as printed."""
    if not any(glyph.text in _COMBINING for glyph in glyphs):
        return list(glyphs)
    composed: list[Glyph | None] = list(glyphs)
    for index, glyph in enumerate(glyphs):
        mark = _COMBINING.get(glyph.text)
        if mark is None:
            continue
        base_index = _accent_base(glyphs, index)
        if base_index is None:
            continue
        base = composed[base_index]
        assert base is not None
        letter = _DOTLESS.get(base.text[:1], base.text[:1]) + base.text[1:]
        composed[base_index] = base._replace(text=letter + mark)
        composed[index] = None
        for side in (index - 1, index + 1):
            neighbour = composed[side] if 0 <= side < len(composed) else None
            if neighbour is not None and neighbour.space:
                composed[side] = None
    return [glyph for glyph in composed if glyph is not None]


def _accent_base(glyphs: Sequence[Glyph], index: int) -> int | None:
    accent = glyphs[index]
    middle = (accent.left + accent.right) / 2
    for distance in range(1, len(glyphs)):
        for other in (index - distance, index + distance):
            if not 0 <= other < len(glyphs):
                continue
            base = glyphs[other]
            if (
                not base.space
                and base.text[:1].isalpha()
                and base.left - 0.5 <= middle <= base.right + 0.5
                and abs(base.baseline - accent.baseline) <= 0.45 * max(base.height, 1.0)
            ):
                return other
        if distance > 400:
            break
    return None


# --------------------------------------------------------------------------- layout


def _reading_order(glyph_lines: list[list[Glyph]]) -> list[TextLine]:
    """The page's lines in reading order. Drawing order is kept, unless the page was drawn
    row by row across its columns (lines alternate between columns on shared baselines):
    then each column is read top to bottom, left column first."""
    lines = [_line_of(glyphs) for glyphs in glyph_lines]
    if len(lines) < 6:
        return lines
    side_by_side = sum(
        1
        for first, second in pairwise(lines)
        if abs(first.baseline - second.baseline) < 0.3 * first.height and second.left > first.right
    )
    if side_by_side < 0.25 * len(lines):
        return _late_blocks_in_place(lines)
    gutter = _gutter(lines)
    if gutter is None:
        return lines
    ordered: list[TextLine] = []
    stretch: list[TextLine] = []
    for line in sorted(lines, key=lambda line: -line.baseline):
        if line.left < gutter < line.right:
            ordered.extend(_columns_first(stretch, gutter))  # a title across both columns
            stretch.clear()
            ordered.append(line)
        else:
            stretch.append(line)
    ordered.extend(_columns_first(stretch, gutter))
    return ordered


def _late_blocks_in_place(lines: list[TextLine]) -> list[TextLine]:
    """Drawing order with what is drawn late put where it stands: a figure (its labels and
    caption) drawn after the other column's reference list is read in its own place, not
    inside the reference it would interrupt. Drawn late: all that follows a jump from the
    foot of a column back up the page, not to the right (that is the next column), when all
    of it but page numbers stands above that foot (no column of text goes on below it). It
    goes before the first line drawn earlier below its top in its columns, or after the last
    one above it."""
    for index in range(2, len(lines)):
        previous, line = lines[index - 1], lines[index]
        if (
            line.baseline > previous.baseline + 2 * previous.height
            and line.left < previous.right
            # The end of a column of text, not a footer or page number drawn first.
            and _goes_down(lines[index - 2], previous)
        ):
            late = lines[index:]
            if any(
                other.baseline < previous.baseline + previous.height
                and not _PAGE_NUMBER.match(other.text)
                for other in late
            ):
                continue
            target = _block_place(lines[:index], late)
            if target is None:
                return lines
            return lines[:target] + late + lines[target:index]
    return lines


def _goes_down(above: TextLine, below: TextLine) -> bool:
    """``below`` is the next line of ``above``'s column."""
    drop = above.baseline - below.baseline
    return 0 < drop < 2.5 * above.height and abs(above.left - below.left) < 4 * above.height


def _block_place(earlier: Sequence[TextLine], block: Sequence[TextLine]) -> int | None:
    """Where in ``earlier`` the block is read: before the first line of its columns below
    its top, or after the last one above it; ``None`` when its columns have nothing drawn
    earlier."""
    left = min(line.left for line in block)
    right = max(line.right for line in block)
    top = max(line.baseline for line in block)
    column = [
        position for position, line in enumerate(earlier) if line.left < right and line.right > left
    ]
    below = [position for position in column if earlier[position].baseline < top]
    if below:
        return below[0]
    return column[-1] + 1 if column else None


def _columns_first(lines: Sequence[TextLine], gutter: float) -> Iterator[TextLine]:
    yield from (line for line in lines if line.right <= gutter)
    yield from (line for line in lines if line.right > gutter)


def _gutter(lines: Sequence[TextLine]) -> float | None:
    """The x that the most lines end before or start after: the middle of the widest band
    no line crosses, near the page's middle."""
    low = min(line.left for line in lines)
    high = max(line.right for line in lines)
    best: tuple[int, float] | None = None
    steps = 60
    for step in range(steps // 4, 3 * steps // 4):
        x = low + (high - low) * step / steps
        crossing = sum(1 for line in lines if line.left < x < line.right)
        if best is None or crossing < best[0]:
            best = (crossing, x)
    if best is None or best[0] > 0.1 * len(lines):
        return None
    return best[1]


# --------------------------------------------------------------------------- furniture

_LINE_NUMBER = re.compile(r"^\d{1,4}$")


def _without_line_numbers(lines: list[TextLine]) -> list[TextLine]:
    """The page without a manuscript's line numbers (discussion papers, preprints): five or
    more bare numbers aligned on one edge in a margin, beside the text, one for each of its
    lines and counting up by one down the page. Left in, each splits the text line it stands
    by from the next."""
    numbers = [line for line in lines if _LINE_NUMBER.match(line.text)]
    if len(numbers) < _LINE_NUMBERS:
        return lines
    others = [line for line in lines if not _LINE_NUMBER.match(line.text)]
    rights = Counter(round(line.right) for line in numbers)
    lefts = Counter(round(line.left) for line in numbers)
    right, right_count = rights.most_common(1)[0]
    left, left_count = lefts.most_common(1)[0]
    if right_count >= left_count:
        margin = [line for line in numbers if abs(line.right - right) <= 1.5]
        beside = sum(1 for line in others if line.left > right)
    else:
        margin = [line for line in numbers if abs(line.left - left) <= 1.5]
        beside = sum(1 for line in others if line.right < left)
    if len(margin) < _LINE_NUMBERS or beside < 0.8 * len(others):
        return lines
    # Every line numbered, one up from the last: a list's labels (a reference list whose
    # bare numbers stand apart from the text) number only the first line of each entry.
    down = sorted(margin, key=lambda line: -line.baseline)
    counting = sum(1 for upper, lower in pairwise(down) if int(lower.text) == int(upper.text) + 1)
    top, bottom = down[0].baseline + 1, down[-1].baseline - 1
    spanned = sum(1 for line in others if bottom <= line.baseline <= top)
    if counting < 0.8 * (len(down) - 1) or len(margin) < 0.7 * spanned:
        return lines
    dropped = {id(line) for line in margin}
    return [line for line in lines if id(line) not in dropped]


_LINE_NUMBERS = 5


def _shape(text: str) -> str:
    """A line with its numbers blanked (running heads differ by page number: "8 F. Khalid et
    al."), unless it ends like the last line of a reference ("pp. 241-244, 2005.",
    "[CrossRef]"), which many columns end with: such a line repeats only as itself."""
    folded = " ".join(text.casefold().split())
    if _REFERENCE_END.search(folded):
        return folded
    return re.sub(r"\d+", "#", folded)


_REFERENCE_END = re.compile(r"(?:\d\.|\])$")


def _drop_running_lines(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Without the headers and footers: among the three topmost and three lowest lines of a
    page, page numbers and lines whose shape recurs at the edges of other pages."""
    edge_shapes: Counter[str] = Counter()
    edges_by_page = []
    for lines in pages:
        by_height = sorted(range(len(lines)), key=lambda index: -lines[index].baseline)
        edges = set(by_height[:3] + by_height[-3:])
        edges_by_page.append(edges)
        for shape in {_shape(lines[index].text) for index in edges}:
            edge_shapes[shape] += 1
    repeated = max(2, (len(pages) + 2) // 3)
    cleaned: list[list[TextLine]] = []
    for lines, edges in zip(pages, edges_by_page, strict=True):
        cleaned.append(
            [
                line
                for index, line in enumerate(lines)
                if index not in edges
                or not (_PAGE_NUMBER.match(line.text) or edge_shapes[_shape(line.text)] >= repeated)
            ]
        )
    return cleaned


def _page_text_lines(lines: Sequence[TextLine]) -> list[str]:
    """The page's lines as text, a blank line where a paragraph gap stands in one column:
    a drop from one line to the next clearly wider than the usual pitch of text that size."""
    if not lines:
        return []
    drops = [
        (first.height, first.baseline - second.baseline)
        for first, second in pairwise(lines)
        if 0 < first.baseline - second.baseline < 3 * first.height
        and abs(first.left - second.left) < 4 * first.height
    ]
    page_pitch = statistics.median(drop for _, drop in drops) if drops else 0.0
    thresholds: dict[float, tuple[float, float]] = {}
    gaps: set[int] = set()  # the lines after a paragraph gap
    for index, (first, second) in enumerate(pairwise(lines), 1):
        if abs(first.left - second.left) >= 4 * first.height:
            continue  # another column
        if first.height not in thresholds:
            thresholds[first.height] = _gap_bounds(first.height, drops, page_pitch)
        low, high = thresholds[first.height]
        if low < first.baseline - second.baseline < high:
            gaps.add(index)
    breaks = gaps | _hanging_entry_starts(lines, gaps)
    texts: list[str] = []
    for index, line in enumerate(lines):
        if index in breaks:
            texts.append("")  # at the top of the page too: an entry opens the page
        texts.append(line.text)
    return texts


def _hanging_entry_starts(lines: Sequence[TextLine], gaps: set[int]) -> set[int]:
    """The lines that open an entry of a list set with a hanging indent (author-year
    reference lists: the first line at the margin, the lines after it indented): in a run of
    lines of one size down one column, more of them indented than not, every line at the
    margin opens an entry. Body text indents the first line of a paragraph instead, so most
    of its lines stand at the margin."""
    starts: set[int] = set()
    run: list[int] = []
    for index, line in enumerate(lines):
        if run and index not in gaps:
            previous = lines[run[-1]]
            drop = previous.baseline - line.baseline
            if (
                abs(previous.left - line.left) < 4 * previous.height
                and 0 < drop < 3 * previous.height
                and abs(previous.height - line.height) <= 0.1 * previous.height
            ):
                run.append(index)
                continue
        starts.update(_hanging_run_starts(lines, run))
        run = [index]
    starts.update(_hanging_run_starts(lines, run))
    return starts


def _hanging_run_starts(lines: Sequence[TextLine], run: Sequence[int]) -> list[int]:
    if len(run) < 4:
        return []
    margin = min(lines[index].left for index in run)
    at_margin: list[int] = []
    indented = 0
    for index in run:
        line = lines[index]
        indent = line.left - margin
        if indent < 0.3 * line.height:
            at_margin.append(index)
        elif 0.5 * line.height <= indent <= 3 * line.height:
            indented += 1
        else:
            return []  # centred or set apart: not one list
    if len(at_margin) < 2 or indented <= len(at_margin):
        return []
    return at_margin


# Set lines sit on their pitch to a hundredth of it, so a drop 15% wider is a paragraph gap:
# lists that part their entries by a little space only (F1000's unnumbered references, 9.2
# points against a 7.2 pitch) show no more. Where the pitch is not known that well (the
# page's median over all sizes), only a wider gap counts.
_PARAGRAPH_GAP = 1.15
_PAGE_PARAGRAPH_GAP = 1.45
_PITCH_SAMPLES = 5


def _gap_bounds(
    height: float, drops: Sequence[tuple[float, float]], page_pitch: float
) -> tuple[float, float]:
    """The drops after a line this tall that make a paragraph gap: wider than its usual
    pitch (the most common drop between lines of its size, to a tenth of a point), below
    four pitches (a figure or a jump to another block)."""
    same_size = Counter(
        round(drop, 1) for other, drop in drops if abs(other - height) <= 0.1 * height
    )
    if sum(same_size.values()) < _PITCH_SAMPLES:
        if not page_pitch:
            return (0.0, 0.0)
        return (_PAGE_PARAGRAPH_GAP * page_pitch, 4 * page_pitch)
    pitch = same_size.most_common(1)[0][0]
    return (_PARAGRAPH_GAP * pitch, 4 * pitch)


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]
