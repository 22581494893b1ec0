"""BibTeX: update the fields the check found wrong, in place, and nothing else.

bibtexparser rewrites a whole file when it writes one (spacing, field order, comments); this
module instead finds each entry's field values in the text and replaces only those that change,
so keys, field order, comments, ``@string``s and the user's braces in other fields stay byte
for byte. A value keeps its delimiters (``{...}`` or ``"..."``); a field the entry lacks (with
``--complete``) is added after its last field, indented like it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcheck.export import escape_latex
from refcheck.extract.source import InputSource, decode_text
from refcheck.fix.correct import Correction
from refcheck.models import Author, Record

_NAME = re.compile(r"[^\s=,{}()\"#]+")
_SKIPPED_TYPES = ("comment", "string", "preamble")


@dataclass(slots=True)
class _Field:
    name: str
    start: int  # value span, delimiters included
    end: int
    line_start: int  # where the field's line starts (for indentation)


@dataclass(slots=True)
class _Entry:
    key: str
    fields: list[_Field] = field(default_factory=list)
    close: int = 0  # index of the closing brace or parenthesis


@dataclass(frozen=True, slots=True)
class BibEdit:
    before: str
    after: str
    data: bytes | None
    notes: tuple[str, ...]


def _skip_balanced(text: str, index: int, opener: str, closer: str) -> int:
    """Index just after the ``closer`` matching ``text[index] == opener``."""
    depth = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    raise ValueError("unbalanced")


def _skip_quoted(text: str, index: int) -> int:
    depth = 0
    index += 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            return index + 1
        index += 1
    raise ValueError("unterminated string")


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index].isspace():
        index += 1
    return index


def _value_end(text: str, index: int) -> int:
    """The end of a field value: parts joined by ``#``."""
    while True:
        index = _skip_space(text, index)
        if index >= len(text):
            raise ValueError("no value")
        char = text[index]
        if char == "{":
            index = _skip_balanced(text, index, "{", "}")
        elif char == '"':
            index = _skip_quoted(text, index)
        else:
            match = _NAME.match(text, index)
            if not match:
                raise ValueError("no value")
            index = match.end()
        after = _skip_space(text, index)
        if after < len(text) and text[after] == "#":
            index = after + 1
            continue
        return index


def scan_entries(text: str) -> list[_Entry]:
    """Every entry of a .bib text with the spans of its field values."""
    entries: list[_Entry] = []
    index = 0
    while (at := text.find("@", index)) >= 0:
        match = re.compile(r"@\s*([A-Za-z]+)\s*([{(])").match(text, at)
        if not match:
            index = at + 1
            continue
        kind, opener = match.group(1).lower(), match.group(2)
        closer = "}" if opener == "{" else ")"
        try:
            if kind in _SKIPPED_TYPES:
                index = _skip_balanced(text, match.end() - 1, opener, closer)
                continue
            entry, index = _scan_entry(text, match.end(), closer)
        except ValueError:
            index = match.end()
            continue
        entries.append(entry)
    return entries


def _scan_entry(text: str, index: int, closer: str) -> tuple[_Entry, int]:
    comma = text.find(",", index)
    close = text.find(closer, index)
    if comma < 0 or (0 <= close < comma):
        raise ValueError("no fields")
    entry = _Entry(key=text[index:comma].strip())
    index = comma + 1
    while True:
        index = _skip_space(text, index)
        while index < len(text) and text[index] == ",":
            index = _skip_space(text, index + 1)
        if index >= len(text):
            raise ValueError("unterminated entry")
        if text[index] == closer:
            entry.close = index
            return entry, index + 1
        name = _NAME.match(text, index)
        if not name:
            raise ValueError("bad field")
        equals = _skip_space(text, name.end())
        if equals >= len(text) or text[equals] != "=":
            raise ValueError("no '='")
        start = _skip_space(text, equals + 1)
        end = _value_end(text, start)
        line_start = text.rfind("\n", 0, name.start()) + 1
        entry.fields.append(_Field(name.group(0).lower(), start, end, line_start))
        index = end


# --------------------------------------------------------------------------- values


def _bib_name(author: Author) -> str:
    given = author.given or ""
    name = f"{author.family}, {given}" if given else author.family
    if author.suffix:
        name = f"{author.family}, {author.suffix}, {given}" if given else name
    return escape_latex(name)


def _bib_values(record: Record, names: Sequence[str]) -> dict[str, str]:
    """BibTeX text for each corrected field (by the field's name in the .bib)."""
    from refcheck.style import reference_from_record

    values: dict[str, str] = {}
    corrected = reference_from_record(record)
    for name in names:
        if name == "authors" and (record.authors or record.collectives):
            people = [_bib_name(a) for a in record.authors]
            people += [f"{{{escape_latex(c)}}}" for c in record.collectives]
            values["author"] = " and ".join(people)
        elif name == "title" and corrected.title:
            values["title"] = escape_latex(corrected.title)
        elif name == "journal" and record.container_titles:
            values["journal"] = escape_latex(record.container_titles[0])
        elif name == "year" and corrected.year:
            values["year"] = str(corrected.year)
        elif name == "volume" and corrected.volume:
            values["volume"] = escape_latex(corrected.volume)
        elif name == "issue" and corrected.issue:
            values["number"] = escape_latex(corrected.issue)
        elif name == "pages" and corrected.pages and corrected.pages.first:
            first, last = corrected.pages.first, corrected.pages.last
            values["pages"] = f"{first}--{last}" if last and last != first else first
        elif name == "doi" and corrected.doi:
            values["doi"] = corrected.doi
    return values


_ALIASES = {"journal": ("journal", "journaltitle"), "number": ("number", "issue")}


def _delimited(original: str, value: str) -> str:
    if original.startswith('"') and '"' not in value:
        return f'"{value}"'
    if not original.startswith(("{", '"')) and value.isdigit():
        return value
    return f"{{{value}}}"


def _page_dash(original: str, value: str) -> str:
    # Keep the user's dash: "195-206" stays with one hyphen.
    if "--" not in original and "-" in original:
        return value.replace("--", "-")
    return value


def _edits_for(text: str, entry: _Entry, values: dict[str, str]) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    by_name = {f.name: f for f in entry.fields}
    added: list[str] = []
    for name, value in values.items():
        existing = next((by_name[n] for n in _ALIASES.get(name, (name,)) if n in by_name), None)
        if existing is None and name == "year" and "date" in by_name:
            existing = by_name["date"]
            old = text[existing.start : existing.end]
            value = re.sub(r"\d{4}", value, old.strip('{}"'), count=1)
        if existing is None:
            added.append(f"{name} = {{{value}}}")
            continue
        old = text[existing.start : existing.end]
        if name == "pages":
            value = _page_dash(old, value)
        new = _delimited(old, value)
        if _same_value(old, new):
            continue
        edits.append((existing.start, existing.end, new))
    if added and entry.fields:
        last = entry.fields[-1]
        line = text[last.line_start : last.end]
        indent = line[: len(line) - len(line.lstrip())] or "  "
        after = _skip_space(text, last.end)
        if after < len(text) and text[after] == ",":
            insert = "".join(f"\n{indent}{item}," for item in added)
            edits.append((after + 1, after + 1, insert))
        else:
            insert = "".join(f",\n{indent}{item}" for item in added)
            edits.append((last.end, last.end, insert))
    return edits


def _same_value(old: str, new: str) -> bool:
    def bare(value: str) -> str:
        return " ".join(value.strip().strip('{}"').split())

    return bare(old) == bare(new)


def fix_bibtex(source: InputSource, corrections: Sequence[Correction]) -> BibEdit:
    """Update the entries whose references have corrections (see the module's docstring)."""
    text, _ = decode_text(source.path, source.data)
    notes: list[str] = []
    entries: dict[str, _Entry] = {}
    for entry in scan_entries(text):
        entries.setdefault(entry.key, entry)
    edits: list[tuple[int, int, str]] = []
    for correction in corrections:
        checked = correction.checked
        if not correction.fields or checked.record is None:
            continue
        key = checked.parsed.raw.key
        found = entries.get(key or "")
        if found is None:
            notes.append(f"entry {key}: not found in the file; left as is")
            continue
        edits += _edits_for(text, found, _bib_values(checked.record, correction.fields))
    after = text
    for start, end, new in sorted(edits, reverse=True):
        after = after[:start] + new + after[end:]
    if after == text:
        return BibEdit(text, text, None, tuple(notes))
    try:
        source.data.decode("utf-8")
    except UnicodeDecodeError:
        notes.append("not UTF-8 text; the corrected file is written as UTF-8")
    bom = b"\xef\xbb\xbf" if source.data.startswith(b"\xef\xbb\xbf") else b""
    return BibEdit(text, after, bom + after.encode("utf-8"), tuple(notes))
