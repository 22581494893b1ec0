"""PDF (pypdf): text in reading order, then the plain-text pipeline.

pypdf's layout mode puts each page's text on a character grid. Two-column pages show a
gutter (a band of spaces down the grid); the rows are split there and the left column is
read before the right. Running headers and footers (the first and last rows of each page that
repeat across pages, or page numbers) are dropped before the columns are split.
"""

from __future__ import annotations

import io
import logging
import math
import re
import warnings as python_warnings
from collections import Counter
from collections.abc import Sequence
from typing import Any

from refcheck.errors import InputError
from refcheck.extract.source import InputSource, strip_control_characters
from refcheck.extract.text import Line, extract_from_lines
from refcheck.models import Document

MAX_PAGES = 2000
# pypdf logs recoverable damage; without a handler Python would print it to stderr.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.IGNORECASE
)


def extract_pdf(source: InputSource) -> Document:
    pages = read_pdf_pages(source.path, source.data)
    rows_by_page = _drop_running_rows([_page_rows(text) for text, _ in pages])
    lines: list[Line] = []
    for rows, (_, superscripts) in zip(rows_by_page, pages, strict=True):
        page_text = "\n".join(_reading_order(rows))
        # Marked after the columns are split: the tags would shift the character grid.
        for text in mark_superscripts(page_text, superscripts).split("\n"):
            lines.append(Line(len(lines) + 1, text))
    warnings: list[str] = []
    if not any(line.text.strip() for line in lines):
        warnings.append(f"{source.path}: the PDF has no text layer (scanned?); nothing to read")
    return extract_from_lines(source.path, lines, warnings=warnings)


def read_pdf_pages(display: str, data: bytes) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each page's text in layout mode, with its superscript citations. ``InputError`` for
    encrypted or corrupt PDFs."""
    if not data.strip():
        raise InputError(f"{display}: empty file")
    if b"%PDF-" not in data[:1024]:
        raise InputError(f"{display}: not a PDF file (no %PDF- header)")
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                try:
                    unlocked = reader.decrypt("")
                except (PyPdfError, NotImplementedError) as exc:
                    raise InputError(f"{display}: encrypted PDF ({exc})") from exc
                if not unlocked:
                    raise InputError(f"{display}: encrypted PDF; a password is required")
            count = len(reader.pages)
        except InputError:
            raise
        except Exception as exc:  # pypdf raises many kinds on damaged files
            raise InputError(f"{display}: corrupt or unreadable PDF ({_short(exc)})") from exc
        if count == 0:
            raise InputError(f"{display}: the PDF has no pages")
        if count > MAX_PAGES:
            raise InputError(f"{display}: too many pages ({count}; the limit is {MAX_PAGES})")
        pages = []
        for page in reader.pages:
            pages.append((_page_text(display, page), page_superscripts(page)))
    return pages


def page_superscripts(page: Any) -> list[tuple[str, str]]:
    try:
        return _superscripts(page)
    except Exception:  # superscripts are a nicety; the text stands without them
        return []


def _page_text(display: str, page: Any) -> str:
    try:
        return strip_control_characters(str(page.extract_text(extraction_mode="layout")))
    except Exception:
        pass
    try:
        # layout mode fails on some fonts; plain mode keeps stream order
        return strip_control_characters(str(page.extract_text()))
    except Exception as exc:
        raise InputError(f"{display}: cannot read the PDF's text ({_short(exc)})") from exc


_CITATION_TEXT = re.compile(r"^[\d,\-–\s]*\d[\d,\-–\s]*$")


def _superscripts(page: Any) -> list[tuple[str, str]]:
    """Citation numbers set small and raised above the line: (the word before, the numbers).
    Layout text loses the raise, so these are marked afterwards as ``<sup>..</sup>``."""
    fragments: list[tuple[str, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3]) or 1.0
        fragments.append((text, float(y), float(size) * scale))

    page.extract_text(visitor_text=visit)
    weights: Counter[float] = Counter()
    for text, _, size in fragments:
        weights[round(size, 1)] += len(text)
    if not weights:
        return []
    body_size = weights.most_common(1)[0][0]
    found = []
    for index in range(1, len(fragments)):
        text, y, size = fragments[index]
        before, base, base_size = fragments[index - 1]
        if (
            size <= 0.8 * body_size
            and base_size >= 0.9 * body_size
            and 0.1 * base_size < y - base < base_size
            and _CITATION_TEXT.match(text)
            and before.split()
        ):
            found.append((before.split()[-1], text.strip()))
    return found


def mark_superscripts(text: str, superscripts: list[tuple[str, str]]) -> str:
    """Put ``<sup>..</sup>`` around each superscript's numbers, after the word before it."""
    for word, numbers in superscripts:
        pattern = re.compile(re.escape(word) + r"[ \t]*" + re.escape(numbers) + r"(?![\d])")
        match = pattern.search(text)
        if match:
            text = f"{text[: match.start()]}{word}<sup>{numbers}</sup>{text[match.end() :]}"
    return text


def _short(exc: BaseException) -> str:
    return (" ".join(str(exc).split()) or type(exc).__name__)[:160]


def _page_rows(text: str) -> list[str]:
    """The page's grid rows, trailing spaces removed and runs of blank rows collapsed."""
    rows: list[str] = []
    for raw in text.replace("\r", "").split("\n"):
        row = raw.rstrip().replace("\f", "")
        if not row.strip():
            if rows and rows[-1]:
                rows.append("")
            continue
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _shape(row: str) -> str:
    return " ".join(re.sub(r"\d+", "#", row).casefold().split())


def _drop_running_rows(pages: list[list[str]]) -> list[list[str]]:
    """Without the headers and footers: among the first and last three rows of a page, page
    numbers and rows whose shape recurs on other pages."""
    edge_shapes: Counter[str] = Counter()
    for rows in pages:
        content = [row for row in rows if row]
        for shape in {_shape(row) for row in content[:3] + content[-3:]}:
            edge_shapes[shape] += 1
    repeated = max(2, (len(pages) + 2) // 3)
    cleaned: list[list[str]] = []
    for rows in pages:
        content_indexes = [index for index, row in enumerate(rows) if row]
        edges = set(content_indexes[:3] + content_indexes[-3:])
        kept = []
        for index, row in enumerate(rows):
            if index in edges and (_PAGE_NUMBER.match(row) or edge_shapes[_shape(row)] >= repeated):
                continue
            kept.append(row)
        while kept and not kept[0]:
            kept.pop(0)
        while kept and not kept[-1]:
            kept.pop()
        cleaned.append(kept)
    return cleaned


def _gutter(rows: Sequence[str]) -> tuple[int, int] | None:
    """The band of grid columns that is blank in (nearly) every row and has text on both sides
    in many rows: the space between two text columns."""
    content = [row for row in rows if row.strip()]
    if len(content) < 6:
        return None
    width = max(len(row) for row in content)
    low, high = int(width * 0.25), int(width * 0.75)
    blank = []
    for column in range(low, high):
        crossing = sum(1 for row in content if column < len(row) and row[column] != " ")
        blank.append(crossing <= len(content) * 0.04)
    best: tuple[int, int] | None = None
    start: int | None = None
    for offset, is_blank in enumerate([*blank, False]):
        if is_blank and start is None:
            start = offset
        elif not is_blank and start is not None:
            if best is None or offset - start > best[1] - best[0]:
                best = (start, offset)
            start = None
    if best is None or best[1] - best[0] < 2:
        return None
    left, right = best[0] + low, best[1] + low
    both = sum(
        1 for row in content if row[:left].strip() and len(row) > right and row[right:].strip()
    )
    if both < max(3, len(content) * 0.05):
        return None
    return left, right


def _split_near(row: str, left_edge: int, right_edge: int) -> tuple[int, int] | None:
    """Where a row that pokes into the gutter (the character grid is approximate for
    proportional fonts) still splits into two columns: a run of two or more spaces near
    the gutter."""
    margin = max(6, (right_edge - left_edge))
    best: tuple[int, int] | None = None
    for match in re.finditer(r" {2,}", row):
        start, end = match.span()
        if end < left_edge - margin or start > right_edge + margin or end >= len(row):
            continue
        if start == 0:
            continue
        if best is None or end - start > best[1] - best[0]:
            best = (start, end)
    return best


def _reading_order(rows: list[str]) -> list[str]:
    """Rows of one page as lines in reading order: a two-column stretch gives its left
    column, then its right; a row that crosses the gutter (a title) is read in place."""
    gutter = _gutter(rows)
    if gutter is None:
        return [row.strip() for row in rows]
    left_edge, right_edge = gutter
    lines: list[str] = []
    # Per column, its text in each grid row of the stretch; "" where that column is empty.
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        for column in (left, right):
            lines.extend(_column_lines(column))
        left.clear()
        right.clear()

    for row in rows:
        if any(char != " " for char in row[left_edge:right_edge]):
            # A line that only pokes into the gutter belongs to the column it starts in.
            if not row[right_edge:].strip():
                left.append(row.strip())
                right.append("")
                continue
            if not row[: max(left_edge - 2, 0)].strip():
                left.append("")
                right.append(row.strip())
                continue
            split = _split_near(row, left_edge, right_edge)
            if split is None:
                flush()  # a title across both columns
                lines.append(row.strip())
                continue
            left.append(row[: split[0]].strip())
            right.append(row[split[1] :].strip())
            continue
        left.append(row[:left_edge].strip())
        right.append(row[right_edge:].strip())
    flush()
    return lines


def _column_lines(cells: list[str]) -> list[str]:
    """One column's lines. Blank grid rows are dropped: the grid is shared by both columns,
    so a gap in one column (or baselines that do not line up) shows as a blank row across
    the other column's paragraph too. The text splitter finds reference starts without them."""
    return [cell for cell in cells if cell]
