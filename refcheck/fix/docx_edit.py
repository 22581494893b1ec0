"""Word: a corrected copy of the document, each corrected reference paragraph's text replaced.

The paragraph keeps its style, list numbering and first run's formatting; the text of its
other runs is emptied. A typed number before the reference ("1. ") stays. A reference that
shares its paragraph with other text, sits in a table or a note, or does not read back as it
was extracted, is left as it is.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from refcheck.extract.source import InputSource
from refcheck.fix.correct import Correction
from refcheck.fix.text_edit import locate_reference

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class DocxEdit:
    before: str  # the reference paragraphs' text, one per line, as read
    after: str  # ... and as corrected
    data: bytes | None  # the corrected copy (None: nothing changed)
    notes: tuple[str, ...]


def _blocks(container: Any) -> Iterator[Any]:
    """Body paragraphs and table rows in document order, numbered as the extractor numbers
    them (a row is one block)."""
    for child in container.iterchildren():
        if child.tag == f"{_W}p":
            yield child
        elif child.tag == f"{_W}tbl":
            yield from child.iterchildren(f"{_W}tr")
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content)


def fix_docx(source: InputSource, corrections: Sequence[Correction]) -> DocxEdit:
    import docx
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(source.data))
    blocks = list(_blocks(document.element.body))
    notes: list[str] = []
    before: list[str] = []
    after: list[str] = []
    changed = False
    for correction in corrections:
        raw = correction.checked.parsed.raw
        before.append(raw.text + "\n")
        if not correction.changed or correction.text is None:
            after.append(raw.text + "\n")
            continue
        index = (raw.line or 0) - 1
        block = blocks[index] if 0 <= index < len(blocks) else None
        if (
            block is None
            or block.tag != f"{_W}p"
            or not _replace(Paragraph(block, document._body), raw, correction)
        ):
            label = f"reference {raw.number}" if raw.number is not None else "a reference"
            notes.append(f"{label}: not found as one paragraph; left as is")
            after.append(raw.text + "\n")
            continue
        after.append(correction.text + "\n")
        changed = True
    if not changed:
        return DocxEdit("".join(before), "".join(after), None, tuple(notes))
    out = io.BytesIO()
    document.save(out)
    return DocxEdit("".join(before), "".join(after), out.getvalue(), tuple(notes))


def _pieces(paragraph: Any) -> list[tuple[Any, Any, str]]:
    """(run, child, text) for every piece of text in the paragraph, hyperlinks included, as
    the extractor reads it (tracked deletions left out)."""
    pieces = []
    for run in paragraph._p.iter(f"{_W}r"):
        if _deleted(run):
            continue
        for child in run.iterchildren():
            tag = child.tag
            if tag == f"{_W}t":
                pieces.append((run, child, child.text or ""))
            elif tag == f"{_W}tab":
                pieces.append((run, child, "\t"))
            elif tag in (f"{_W}br", f"{_W}cr"):
                pieces.append((run, child, "\n"))
            elif tag == f"{_W}noBreakHyphen":
                pieces.append((run, child, "-"))
    return pieces


def _deleted(run: Any) -> bool:
    parent = run.getparent()
    while parent is not None:
        if parent.tag in (f"{_W}del", f"{_W}moveFrom"):
            return True
        parent = parent.getparent()
    return False


def _replace(paragraph: Any, raw: Any, correction: Correction) -> bool:
    """Replace the reference's text in ``paragraph``: the text before it (a typed number)
    stays; the first run it starts in takes the new text; the rest of its text is removed
    (a hyperlink on the old DOI goes with it)."""
    from dataclasses import replace

    from docx.oxml.ns import qn

    pieces = _pieces(paragraph)
    text = "".join(piece for _, _, piece in pieces)
    if "\n" in text or not pieces or correction.text is None:
        return False
    span = locate_reference([text], replace(raw, line=1), markdown=False)
    if span is None:
        return False
    position = 0
    target = None
    for run, child, piece in pieces:
        start, end = position, position + len(piece)
        position = end
        if end <= span.column:
            continue
        if start < span.column:  # the piece holds the typed number and the reference's start
            child.text = piece[: span.column - start]
            target = target if target is not None else (run, child)
            continue
        if target is None:
            target = (run, None)
        run.remove(child)
    if target is None:
        return False
    run, after = target
    new = run.makeelement(qn("w:t"), {})
    new.text = correction.text
    new.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    if after is not None:
        after.addnext(new)
    else:
        run.append(new)
    return True
