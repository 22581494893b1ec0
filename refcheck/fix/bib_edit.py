"""BibTeX: update the fields the check found wrong, in place, and nothing else.

bibtexparser rewrites a whole file when it writes one (spacing, field order, comments); this
module instead finds each entry's field values in the text and replaces only those that change,
so keys, field order, comments, ``@string``s and the user's braces in other fields stay byte
for byte. A new value is the text ``refcheck bibtex`` writes for the field (the export's
helpers: LaTeX escapes, case-protecting braces, the normalised DOI), in the value's own
delimiters (``{...}`` or ``"..."``); a field whose text already says it (as the export judges)
is left as written. A field the entry lacks (with ``--complete``) is added after its last
field, indented like it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcheck.export.bib_source import agrees, canonical_name
from refcheck.export.bibtex import container_field, entry_fields
from refcheck.export.item import export_item
from refcheck.extract.source import InputSource, read_text
from refcheck.fix.correct import Correction
from refcheck.fix.write import encode_like
from refcheck.models import CheckedReference

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
    refused: str | None = None  # why ``after`` cannot be written in the file's encoding


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

# fix's field names -> the exporter's, where they differ (the container depends on the type).
_EXPORTED_NAMES = {"authors": "author", "issue": "number"}


def _bib_values(checked: CheckedReference, names: Sequence[str]) -> dict[str, str]:
    """The text ``refcheck bibtex`` writes for each corrected field, by its BibTeX name."""
    entry_type, fields = entry_fields(export_item(checked))
    exported = {f.key: str(f.value) for f in fields}
    values: dict[str, str] = {}
    for name in names:
        key = container_field(entry_type) if name == "journal" else name
        key = _EXPORTED_NAMES.get(key, key)
        if key in exported:
            values[key] = exported[key]
    return values


def _delimited(original: str, value: str) -> str:
    if original.startswith('"') and '"' not in value:
        return f'"{value}"'
    if not original.startswith(("{", '"')) and value.isdigit():
        return value
    return f"{{{value}}}"


def _inner(value: str) -> str:
    """A field's text without its delimiters (a macro name or a number as it is)."""
    if len(value) >= 2 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


def _unchanged(name: str, old: str, new: str) -> bool:
    """Whether the field as written already says ``new``: the exporter keeps such a text (its
    braces, a DOI's case); authors only when written alike, as wrong initials must change."""
    written = _inner(old)
    if " ".join(written.split()) == " ".join(new.split()):
        return True
    return name != "author" and agrees(name, written, new)


def _edits_for(text: str, entry: _Entry, values: dict[str, str]) -> list[tuple[int, int, str]]:
    edits: list[tuple[int, int, str]] = []
    added: list[str] = []
    for name, value in values.items():
        # The field by its own name first, else by another name for it (journaltitle, date).
        existing = next((f for f in entry.fields if f.name == name), None) or next(
            (f for f in entry.fields if canonical_name(f.name) == name), None
        )
        if existing is None:
            added.append(f"{name} = {{{value}}}")
            continue
        old = text[existing.start : existing.end]
        if existing.name == "date":
            # A biblatex date keeps its month and day: only its year changes.
            value = re.sub(r"\d{4}", value, _inner(old), count=1)
        if _unchanged(name, old, value):
            continue
        edits.append((existing.start, existing.end, _delimited(old, value)))
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


def fix_bibtex(source: InputSource, corrections: Sequence[Correction]) -> BibEdit:
    """Update the entries whose references have corrections (see the module's docstring)."""
    # Control characters kept: the file is written back in its own encoding, byte for byte.
    text, encoding, _ = read_text(source.path, source.data)
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
        edits += _edits_for(text, found, _bib_values(checked, correction.fields))
    after = text
    for start, end, new in sorted(edits, reverse=True):
        after = after[:start] + new + after[end:]
    if after == text:
        return BibEdit(text, text, None, tuple(notes))
    encoded = encode_like(source.path, after, encoding)
    if isinstance(encoded, str):
        return BibEdit(text, after, None, tuple(notes), encoded)
    return BibEdit(text, after, encoded, tuple(notes))
