"""Word (.docx): paragraphs in order, list numbers rebuilt, endnotes/footnotes, superscripts.

A .docx is a zip of XML parts. Before python-docx sees it, the zip is checked for bombs (its
declared uncompressed size) and every XML part for DTDs (external entities).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from refcheck.errors import InputError
from refcheck.extract.citations import citation_token, citation_tokens_in, parse_number_list
from refcheck.extract.cited_items import add_field_citations
from refcheck.extract.source import InputSource
from refcheck.extract.text import Line, extract_from_lines, locate_reference_section
from refcheck.extract.word_fields import CitationField, FieldCitation, read_citation_field
from refcheck.limits import MAX_WORD_PARAGRAPHS, MAX_WORD_UNCOMPRESSED_BYTES, MAX_WORD_XML_BYTES
from refcheck.models import Document

MAX_UNCOMPRESSED_BYTES = MAX_WORD_UNCOMPRESSED_BYTES
MAX_PARTS = 5000
# The parts whose text is read; the rest (styles, numbering, media) is small or not parsed.
_TEXT_PARTS = ("word/document.xml", "word/endnotes.xml", "word/footnotes.xml")
_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def check_zip(display: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip, refusing corrupt archives, bombs and XML with a DTD."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise InputError(f"{display}: not a valid {kind} file (corrupt zip archive)") from exc
    if len(members) > MAX_PARTS:
        raise InputError(f"{display}: too many parts in the {kind} archive ({len(members)})")
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNCOMPRESSED_BYTES:
        raise InputError(
            f"{display}: {kind} archive would expand to {declared // 2**20} MiB "
            f"(limit {MAX_UNCOMPRESSED_BYTES // 2**20} MiB); refusing a possible zip bomb"
        )
    text_xml = sum(member.file_size for member in members if member.filename in _TEXT_PARTS)
    if text_xml > MAX_WORD_XML_BYTES:
        raise InputError(
            f"{display}: the {kind} document's text is {text_xml // 2**20} MiB of XML "
            f"(limit {MAX_WORD_XML_BYTES // 2**20} MiB): check the reference list on its own"
        )
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(member) as handle:
                # Read at most the declared size (+1) so a lying header cannot inflate us.
                content = handle.read(member.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise InputError(f"{display}: corrupt part {member.filename} in {kind}") from exc
        if len(content) > member.file_size:
            raise InputError(f"{display}: part {member.filename} is larger than declared")
        if content.startswith((b"\xff\xfe", b"\xfe\xff")):
            content = content.decode("utf-16", errors="replace").encode("utf-8")
        if _DTD.search(content):
            raise InputError(
                f"{display}: {member.filename} declares a DTD or entities; refusing "
                "(XML external entities)"
            )
    return archive


def extract_docx(source: InputSource) -> Document:
    archive = check_zip(source.path, source.data, "Word")
    if "word/document.xml" not in archive.namelist():
        raise InputError(f"{source.path}: not a Word document (no word/document.xml)")
    import docx  # python-docx; imported here so other formats never pay for it

    try:
        word = docx.Document(io.BytesIO(source.data))
    except Exception as exc:  # python-docx raises many kinds; they stop here
        raise InputError(f"{source.path}: cannot open as a Word document ({exc})") from exc
    paragraphs = sum(1 for _ in word.element.body.iter(_w("p"), _w("tr")))
    if paragraphs > MAX_WORD_PARAGRAPHS:
        raise InputError(
            f"{source.path}: too many paragraphs ({paragraphs:,}; the limit is "
            f"{MAX_WORD_PARAGRAPHS:,}): check the reference list on its own"
        )
    reader = _WordReader(word)
    plain, rendered = reader.lines()
    notes = reader.notes()
    warnings: list[str] = []
    heading, _ = locate_reference_section(plain)
    if heading is None and notes:
        # The references are the endnotes (or footnotes): the whole text is the body, where
        # the note marks are citations.
        note_lines: list[Line] = []
        for mark, line, text in notes:
            note_lines += [Line(line, f"{mark}. {text}"), Line(line, "")]
        heading_line = Line(plain[-1].number if plain else 0, "References")
        all_plain = [*plain, heading_line, *note_lines]
        all_rendered = [*rendered, heading_line, *note_lines]
        warnings.append(f"{source.path}: references read from the document's notes")
        document = extract_from_lines(
            source.path, all_plain, body_lines=all_rendered, warnings=warnings
        )
    else:
        document = extract_from_lines(source.path, plain, body_lines=rendered, warnings=warnings)
    body_end = min((ref.line for ref in document.references if ref.line), default=None)
    fields = [
        field
        for field in reader.citation_fields
        if body_end is None or field.line < body_end  # not in the list's own text
    ]
    return add_field_citations(document, fields) if document.has_body else document


@dataclass(slots=True)
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass(slots=True)
class _Numbering:
    """Word's list numbering: numId -> abstract definition, levels, and running counters."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if levels is None or num_id == "0":
            return None
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [key for key in counters if key > ilvl]:
            del counters[deeper]  # a deeper level restarts under a new item
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return None

        def value(match: re.Match[str]) -> str:
            depth = int(match.group(1)) - 1
            lvl = levels.get(depth, _Level())
            return _format_number(counters.get(depth, lvl.start), lvl.fmt)

        return re.sub(r"%(\d)", value, level.text) or None


def _format_number(number: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while number > 0:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(number)
        return roman if fmt == "upperRoman" else roman.lower()
    return str(number)


def _roman(number: int) -> str:
    values = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC")]
    values += [(50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in values:
        while number >= value:
            out += letters
            number -= value
    return out


class _WordReader:
    def __init__(self, word: Any) -> None:
        self._word = word
        self._numbering = self._read_numbering()
        self._styles = self._read_styles()
        # Note marks in body order: (kind, note id, number as Word shows it, paragraph line).
        self._note_order: list[tuple[str, str, int, int]] = []
        self._paragraph_index = 0
        # Complex fields open at this point of the text (they may span runs and paragraphs),
        # the outermost citation field among them, and begins past the depth kept.
        self._open_fields: list[_OpenField] = []
        self._citing: _OpenField | None = None
        self._too_deep = 0
        self.citation_fields: list[FieldCitation] = []

    # ------------------------------------------------------------------ structure

    def _read_numbering(self) -> _Numbering:
        numbering = _Numbering()
        try:
            root = self._word.part.numbering_part.element
        except (KeyError, AttributeError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for definition in root.iter(_w("abstractNum")):
            levels: dict[int, _Level] = {}
            for lvl in definition.iter(_w("lvl")):
                levels[_int(lvl.get(_w("ilvl")), 0)] = _level(lvl, _Level())
            abstract[definition.get(_w("abstractNumId")) or ""] = levels
        for num in root.iter(_w("num")):
            num_id = num.get(_w("numId")) or ""
            ref = num.find(_w("abstractNumId"))
            base = abstract.get(ref.get(_w("val")) if ref is not None else "", {})
            levels = {key: _Level(lvl.start, lvl.fmt, lvl.text) for key, lvl in base.items()}
            for override in num.iter(_w("lvlOverride")):
                ilvl = _int(override.get(_w("ilvl")), 0)
                current = levels.get(ilvl, _Level())
                inner = override.find(_w("lvl"))
                if inner is not None:
                    current = _level(inner, current)
                start = override.find(_w("startOverride"))
                if start is not None:
                    current.start = _int(start.get(_w("val")), current.start)
                levels[ilvl] = current
            numbering.levels[num_id] = levels
        return numbering

    def _read_styles(self) -> dict[str, tuple[str, str | None, int, bool]]:
        """style id -> (name, numId, ilvl, superscript) from the styles part."""
        styles: dict[str, tuple[str, str | None, int, bool]] = {}
        try:
            root = self._word.styles.element
        except (KeyError, AttributeError):
            return styles
        for style in root.iter(_w("style")):
            style_id = style.get(_w("styleId")) or ""
            name_el = style.find(_w("name"))
            name = (name_el.get(_w("val")) if name_el is not None else None) or style_id
            num_id: str | None = None
            ilvl = 0
            num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if num_pr is not None:
                num_el = num_pr.find(_w("numId"))
                lvl_el = num_pr.find(_w("ilvl"))
                num_id = num_el.get(_w("val")) if num_el is not None else None
                ilvl = _int(lvl_el.get(_w("val")) if lvl_el is not None else None, 0)
            vert = style.find(f"{_w('rPr')}/{_w('vertAlign')}")
            superscript = vert is not None and vert.get(_w("val")) == "superscript"
            styles[style_id] = (name, num_id, ilvl, superscript)
        return styles

    # ------------------------------------------------------------------ body

    def lines(self) -> tuple[list[Line], list[Line]]:
        """Paragraph lines (number = paragraph index + 1; a table row counts as one
        paragraph), plain and with superscripts and note marks rendered as
        ``<sup>..</sup>`` for the citation finder."""
        plain: list[Line] = []
        rendered: list[Line] = []
        for index, block in enumerate(self._blocks(self._word.element.body), 1):
            self._paragraph_index = index
            if block.tag == _w("tr"):
                text, marked = self._row_text(block)
                # Table cells are not running text ("40 [25, 57]" is a median and IQR):
                # the citation finder sees an empty line; the row stays for the list reader.
                # A reference manager's field there is a citation all the same.
                marked = "\n" * text.count("\n") + citation_tokens_in(marked)
            else:
                text, marked = self._labelled_text(block)
                if self._style_name(block).startswith("caption"):
                    # "Figure 2. Flow [n = 40]": no citation (but a citation field is one)
                    marked = "\n" * text.count("\n") + citation_tokens_in(marked)
                if self._is_heading(block) and text.strip():
                    text, marked = f"# {text}", f"# {marked}"
            # Soft line breaks split a paragraph into lines that share its number; a blank
            # line after every paragraph keeps paragraphs apart, as in a text file.
            for part_plain, part_marked in zip(
                text.split("\n"), _pad(marked.split("\n"), text.count("\n") + 1), strict=True
            ):
                plain.append(Line(index, part_plain))
                rendered.append(Line(index, part_marked))
            plain.append(Line(index, ""))
            rendered.append(Line(index, ""))
        return plain, rendered

    def _labelled_text(self, paragraph: Any) -> tuple[str, str]:
        text, marked = self._paragraph_text(paragraph)
        label = self._list_label(paragraph)
        if label:
            return f"{label} {text}", f"{label} {marked}"
        return text, marked

    def _row_text(self, row: Any) -> tuple[str, str]:
        """A table row as one line: reference lists set as tables keep the number in one
        cell and the reference in the next."""
        plain: list[str] = []
        marked: list[str] = []
        for paragraph in row.iter(_w("p")):
            text, rendered = self._labelled_text(paragraph)
            if text.strip():
                plain.append(" ".join(text.split()))
                marked.append(" ".join(rendered.split()))
        return " ".join(plain), " ".join(marked)

    def _blocks(self, container: Any) -> Iterator[Any]:
        """Body paragraphs and table rows, in document order."""
        for child in container.iterchildren():
            if child.tag == _w("p"):
                yield child
            elif child.tag == _w("tbl"):
                yield from child.iterchildren(_w("tr"))
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    yield from self._blocks(content)

    def _style_of(self, paragraph: Any) -> str | None:
        style = paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
        return style.get(_w("val")) if style is not None else None

    def _style_name(self, paragraph: Any) -> str:
        style_id = self._style_of(paragraph)
        if style_id is None:
            return ""
        return self._styles.get(style_id, (style_id, None, 0, False))[0].casefold()

    def _is_heading(self, paragraph: Any) -> bool:
        style_id = self._style_of(paragraph)
        if style_id is None:
            return False
        name = self._styles.get(style_id, (style_id, None, 0, False))[0].casefold()
        return name.startswith(("heading", "title")) or style_id.casefold().startswith(
            ("heading", "title")
        )

    def _list_label(self, paragraph: Any) -> str | None:
        num_pr = paragraph.find(f"{_w('pPr')}/{_w('numPr')}")
        num_id: str | None = None
        ilvl = 0
        if num_pr is not None:
            num_el = num_pr.find(_w("numId"))
            lvl_el = num_pr.find(_w("ilvl"))
            num_id = num_el.get(_w("val")) if num_el is not None else None
            ilvl = _int(lvl_el.get(_w("val")) if lvl_el is not None else None, 0)
        if num_id is None:
            style_id = self._style_of(paragraph)
            if style_id is not None and style_id in self._styles:
                _, num_id, ilvl, _ = self._styles[style_id]
        if num_id is None:
            return None
        return self._numbering.label(num_id, ilvl)

    def _paragraph_text(self, paragraph: Any) -> tuple[str, str]:
        plain: list[str] = []
        marked: list[str] = []
        simple_fields = {
            run: simple
            for simple in paragraph.iter(_w("fldSimple"))
            for run in simple.iter(_w("r"))
        }
        for run in paragraph.iter(_w("r")):
            if _inside(run, ("del", "moveFrom")):
                continue  # tracked deletions are not in the text
            simple = simple_fields.get(run)
            if simple is not None and simple is not simple_fields.get(_previous_run(run)):
                self._begin_field(simple.get(_w("instr")) or "")
                self._separate_field()
            superscript = self._superscript(run)
            chunk = self._run_text(run, marked)
            plain.append(chunk)
            citing = self._citing
            if citing is not None and citing.result is not None:
                citing.result.append(chunk)  # the field gives this citation, not the text
            else:
                marked.append(f"<sup>{chunk}</sup>" if superscript and chunk.strip() else chunk)
            if simple is not None and simple is not simple_fields.get(_next_run(run)):
                marked.append(self._end_field())
        return "".join(plain), "".join(marked)

    def _run_text(self, run: Any, marked: list[str]) -> str:
        """The run's text; the field marks and note references in it go to ``marked``."""
        run_text: list[str] = []
        for item in run.iterchildren():
            tag = item.tag
            if tag == _w("fldChar"):
                self._field_mark(item.get(_w("fldCharType")), marked)
            elif tag == _w("instrText"):
                self._field_instruction(item.text or "")
            elif tag == _w("t"):
                run_text.append(item.text or "")
            elif tag in _RUN_CHARACTERS:
                run_text.append(_RUN_CHARACTERS[tag])
            elif tag in _NOTE_REFERENCES:
                marked.append(self._note_reference(_NOTE_REFERENCES[tag], item))
        return "".join(run_text)

    def _note_reference(self, kind: str, item: Any) -> str:
        """An endnote or footnote mark: its number as Word shows it, remembered in order."""
        number = 1 + sum(1 for entry in self._note_order if entry[0] == kind)
        note_id = item.get(_w("id")) or ""
        self._note_order.append((kind, note_id, number, self._paragraph_index))
        return f"<sup>{number}</sup>"

    # ------------------------------------------------------------------ citation fields

    def _begin_field(self, instruction: str) -> None:
        if len(self._open_fields) >= _MAX_OPEN_FIELDS:
            self._too_deep += 1  # Word nests a few fields; thousands are crafted
        else:
            self._open_fields.append(_OpenField([instruction] if instruction else []))

    def _field_mark(self, kind: str | None, marked: list[str]) -> None:
        """A complex field's begin, separate or end mark (``w:fldChar``)."""
        if kind == "begin":
            self._begin_field("")
        elif kind == "separate":
            self._separate_field()
        elif kind == "end":
            marked.append(self._end_field())

    def _field_instruction(self, text: str) -> None:
        """Instruction text (``w:instrText``) of the innermost open field, before its result."""
        if not self._too_deep and self._open_fields and self._open_fields[-1].result is None:
            self._open_fields[-1].instruction.append(text)

    def _separate_field(self) -> None:
        """The field's instruction is complete: is it a reference manager's citation?"""
        if self._open_fields and not self._too_deep:
            field = self._open_fields[-1]
            field.result = []
            field.citation = read_citation_field("".join(field.instruction))
            if field.citation is not None and self._citing is None:
                self._citing = field

    def _end_field(self) -> str:
        """Close the innermost field; a citation field leaves a token for the citation
        finder in the marked text (``citation_token``), with its printed numbers."""
        if self._too_deep:
            self._too_deep -= 1
            return ""
        if not self._open_fields:
            return ""
        field = self._open_fields.pop()
        if field is not self._citing or field.citation is None:
            return ""  # not a citation, or a field inside the citation's own result
        self._citing = None
        printed = " ".join("".join(field.result or []).split())
        numbers = _printed_numbers(printed)
        self.citation_fields.append(
            FieldCitation(self._paragraph_index, field.citation, printed, numbers)
        )
        return citation_token(numbers, printed)

    def _superscript(self, run: Any) -> bool:
        props = run.find(_w("rPr"))
        if props is None:
            return False
        vert = props.find(_w("vertAlign"))
        if vert is not None:
            return bool(vert.get(_w("val")) == "superscript")
        style = props.find(_w("rStyle"))
        if style is not None:
            return self._styles.get(style.get(_w("val")) or "", ("", None, 0, False))[3]
        return False

    # ------------------------------------------------------------------ notes

    def notes(self) -> list[tuple[int, int, str]]:
        """Endnotes (else footnotes) in the order the body cites them: (number as marked,
        line, text). A note's line is that of the body paragraph that first cites it."""
        texts: dict[tuple[str, str], str] = {}
        # Citation fields are the body's: a field in a note has no line of its own.
        fields, self._open_fields, self._citing, self._too_deep = (
            len(self.citation_fields),
            [],
            None,
            0,
        )
        for kind in ("endnote", "footnote"):
            part = self._note_part(kind)
            if part is None:
                continue
            for note in part.iter(_w(kind)):
                if note.get(_w("type")) in ("separator", "continuationSeparator"):
                    continue
                paragraphs = [self._paragraph_text(p)[0] for p in note.iter(_w("p"))]
                text = " ".join(" ".join(paragraphs).split())
                texts[(kind, note.get(_w("id")) or "")] = text
        del self.citation_fields[fields:]
        cited = {kind for kind, note_id, _, _ in self._note_order if texts.get((kind, note_id))}
        preferred = "endnote" if "endnote" in cited else "footnote"
        return [
            (number, line, texts[(kind, note_id)])
            for kind, note_id, number, line in self._note_order
            if kind == preferred and texts.get((kind, note_id))
        ]

    def _note_part(self, kind: str) -> Any:
        from docx.oxml import parse_xml  # python-docx's parser resolves no entities

        partname = f"/word/{kind}s.xml"
        for part in self._word.part.package.iter_parts():
            if str(part.partname) == partname:
                return parse_xml(part.blob)
        return None


# Run content that stands for one character of text.
_RUN_CHARACTERS = {_w("tab"): "\t", _w("br"): "\n", _w("cr"): "\n", _w("noBreakHyphen"): "-"}
_NOTE_REFERENCES = {_w("endnoteReference"): "endnote", _w("footnoteReference"): "footnote"}

# Fields open at once that are followed (Word nests a handful: a citation in a hyperlink).
_MAX_OPEN_FIELDS = 64


@dataclass(slots=True)
class _OpenField:
    instruction: list[str]
    result: list[str] | None = None  # None until the field's "separate" mark
    citation: CitationField | None = None


def _printed_numbers(printed: str) -> tuple[int, ...]:
    """ "[1–3]", "(1, 2)", "[1], [2]", raised "4,5": the numbers; () for "Smith (2019)"."""
    inner = re.sub(r"[\[\]()]", "", printed).strip()
    return parse_number_list(inner) or () if inner else ()


def _previous_run(run: Any) -> Any:
    return next(run.itersiblings(_w("r"), preceding=True), None)


def _next_run(run: Any) -> Any:
    return next(run.itersiblings(_w("r")), None)


def _level(lvl: Any, base: _Level) -> _Level:
    start = lvl.find(_w("start"))
    fmt = lvl.find(_w("numFmt"))
    text = lvl.find(_w("lvlText"))
    return _Level(
        start=_int(start.get(_w("val")) if start is not None else None, base.start),
        fmt=(fmt.get(_w("val")) if fmt is not None else None) or base.fmt,
        text=(text.get(_w("val")) if text is not None else None) or base.text,
    )


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _inside(element: Any, tags: tuple[str, ...]) -> bool:
    wanted = {_w(tag) for tag in tags}
    parent = element.getparent()
    while parent is not None:
        if parent.tag in wanted:
            return True
        parent = parent.getparent()
    return False


def _pad(parts: list[str], size: int) -> list[str]:
    if len(parts) >= size:
        return [*parts[: size - 1], " ".join(parts[size - 1 :])]
    return parts + [""] * (size - len(parts))
