"""BibTeX: update the fields the check found wrong, in place, and nothing else.

bibtexparser rewrites a whole file when it writes one (spacing, field order, comments); this
module instead finds each entry's field values in the text and replaces only those that change,
so keys, field order, comments, ``@string``s and the user's braces in other fields stay byte
for byte. A new value is the text ``refcheck bibtex`` writes for the field (the export's
helpers: LaTeX escapes, case-protecting braces, the normalised DOI), in the value's own
delimiters (``{...}`` or ``"..."``); a field whose text already says it (as the export judges)
is left as written. A field the entry lacks (with ``--complete``) is added after its last
field, indented like it.

A field is compared by what it says with its ``@string`` macros and ``#`` concatenation
expanded (``extract.bib_macros``, as the check read it). A wrong one written with macros gets
another ``@string`` of the file that says the new value, else the value itself; the
``@string`` definitions never change, and a note says what replaced the macro. A field using a
macro the file does not define is left as it is, with a note.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcheck.export.bib_source import agrees, canonical_name
from refcheck.export.bibtex import container_field, entry_fields
from refcheck.export.item import export_item
from refcheck.extract.bib_macros import (
    NAME,
    Expansion,
    JoinBudget,
    expand_value,
    skip_balanced,
    skip_space,
    string_table,
    value_parts,
)
from refcheck.extract.source import InputSource, read_text
from refcheck.fix.correct import Correction
from refcheck.fix.write import encode_like
from refcheck.models import CheckedReference

_SKIPPED_TYPES = ("comment", "preamble")


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
    start: int = 0  # index of its "@"


@dataclass(frozen=True, slots=True)
class _Strings:
    """A file's ``@string`` macros: their text by lower-case name, each name as written and
    where it is defined, and what the file's ``#`` joins may still make
    (``bib_macros.JoinBudget``)."""

    table: dict[str, str]
    names: dict[str, str]
    budget: JoinBudget
    defined_at: dict[str, int]

    @classmethod
    def of(cls, definitions: Sequence[tuple[str, str, int]], display: str) -> _Strings:
        names: dict[str, str] = {}
        defined_at: dict[str, int] = {}
        for name, _, at in definitions:
            names.setdefault(name.strip().lower(), name.strip())
            defined_at.setdefault(name.strip().lower(), at)
        budget = JoinBudget(display)
        table = string_table(((name, raw) for name, raw, _ in definitions), budget)
        return cls(table, names, budget, defined_at)


@dataclass(frozen=True, slots=True)
class BibEdit:
    before: str
    after: str
    data: bytes | None
    notes: tuple[str, ...]
    refused: str | None = None  # why ``after`` cannot be written in the file's encoding


def scan_entries(text: str) -> list[_Entry]:
    """Every entry of a .bib text with the spans of its field values."""
    return _scan(text)[0]


def _scan(text: str) -> tuple[list[_Entry], list[tuple[str, str, int]]]:
    """The entries, and the ``@string`` definitions as ``(name, raw value, index of its "@")``
    in file order."""
    entries: list[_Entry] = []
    strings: list[tuple[str, str, int]] = []
    index = 0
    while (at := text.find("@", index)) >= 0:
        match = re.compile(r"@\s*([A-Za-z]+)\s*([{(])").match(text, at)
        if not match:
            index = at + 1
            continue
        kind, opener = match.group(1).lower(), match.group(2)
        closer = "}" if opener == "{" else ")"
        try:
            if kind == "string":
                index = _scan_string(text, match.end(), closer, strings, at)
                continue
            if kind in _SKIPPED_TYPES:
                index = skip_balanced(text, match.end() - 1, opener, closer)
                continue
            entry, index = _scan_entry(text, match.end(), closer)
        except ValueError:
            index = match.end()
            continue
        entry.start = at
        entries.append(entry)
    return entries, strings


def _scan_string(
    text: str, index: int, closer: str, strings: list[tuple[str, str, int]], at: int
) -> int:
    """Reads ``name = value`` of the ``@string`` at ``at`` into ``strings``; the index after
    its closer."""
    name, start, end = _assignment(text, skip_space(text, index))
    close = skip_space(text, end)
    if close >= len(text) or text[close] != closer:
        raise ValueError("no closer")
    strings.append((name.group(0), text[start:end], at))
    return close + 1


def _assignment(text: str, index: int) -> tuple[re.Match[str], int, int]:
    """``name = value`` at ``index``: the name, and the span of the value."""
    name = NAME.match(text, index)
    if not name:
        raise ValueError("bad field")
    equals = skip_space(text, name.end())
    if equals >= len(text) or text[equals] != "=":
        raise ValueError("no '='")
    start = skip_space(text, equals + 1)
    _, end = value_parts(text, start)
    return name, start, end


def _scan_entry(text: str, index: int, closer: str) -> tuple[_Entry, int]:
    comma = text.find(",", index)
    close = text.find(closer, index)
    if comma < 0 or (0 <= close < comma):
        raise ValueError("no fields")
    entry = _Entry(key=text[index:comma].strip())
    index = comma + 1
    while True:
        index = skip_space(text, index)
        while index < len(text) and text[index] == ",":
            index = skip_space(text, index + 1)
        if index >= len(text):
            raise ValueError("unterminated entry")
        if text[index] == closer:
            entry.close = index
            return entry, index + 1
        name, start, end = _assignment(text, index)
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


def _unchanged(name: str, written: str, new: str) -> bool:
    """Whether the field's text (macros expanded) already says ``new``: the exporter keeps such
    a text (its braces, a DOI's case); authors only when written alike, as wrong initials must
    change."""
    if " ".join(written.split()) == " ".join(new.split()):
        return True
    return name != "author" and agrees(name, written, new)


def _macro_saying(name: str, value: str, strings: _Strings, before: int) -> str | None:
    """The first ``@string`` macro of the file, defined before ``before``, whose text says
    ``value`` (for a journal, also one the NLM table names alike: ``jbc`` for "J Biol Chem").
    BibTeX reads a file in order: a macro defined after its use is undefined there."""
    from refcheck.extract.latex_text import latex_to_text
    from refcheck.validate.journals import same_journal_by_table

    for macro, text in strings.table.items():
        if strings.defined_at[macro] > before:
            continue
        if agrees(name, text, value):
            return macro
        if name == "journal" and same_journal_by_table(text, [latex_to_text(value)]):
            return macro
    return None


def _edits_for(
    text: str,
    entry: _Entry,
    values: dict[str, str],
    strings: _Strings,
    notes: list[str],
) -> list[tuple[int, int, str]]:
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
        expansion = expand_value(old, strings.table, strings.budget)
        label = f"entry {entry.key}: {existing.name}"
        if expansion.text is None:
            undefined = ", ".join(expansion.undefined)
            notes.append(
                f"{label}: the @string macro {undefined} is not defined in the file; left as is"
            )
            continue
        if existing.name == "date":
            # A biblatex date keeps its month and day: only its year changes.
            value = re.sub(r"\d{4}", value, expansion.text, count=1)
        if _unchanged(name, expansion.text, value):
            continue
        if expansion.plain:
            edits.append((existing.start, existing.end, _delimited(old, value)))
            continue
        edits.append(
            (
                existing.start,
                existing.end,
                _instead_of_macros(label, name, old, expansion, value, strings, notes, entry.start),
            )
        )
    if added and entry.fields:
        last = entry.fields[-1]
        line = text[last.line_start : last.end]
        indent = line[: len(line) - len(line.lstrip())] or "  "
        after = skip_space(text, last.end)
        if after < len(text) and text[after] == ",":
            insert = "".join(f"\n{indent}{item}," for item in added)
            edits.append((after + 1, after + 1, insert))
        else:
            insert = "".join(f",\n{indent}{item}" for item in added)
            edits.append((last.end, last.end, insert))
    return edits


def _instead_of_macros(
    label: str,
    name: str,
    old: str,
    expansion: Expansion,
    value: str,
    strings: _Strings,
    notes: list[str],
    entry_start: int,
) -> str:
    """The new text of a wrong field written with macros or ``#``: another of the file's
    ``@string`` macros that says the record's value, else the value itself. The note says so;
    the ``@string`` definitions stay as they are (other entries may use them)."""
    macro = _macro_saying(name, value, strings, entry_start)
    was = (
        f"the @string macro {expansion.macros[0]}"
        if len(expansion.macros) == 1 and expansion.text is not None and len(old.split()) == 1
        else " ".join(old.split())
    )
    if macro is not None:
        new = strings.names[macro]
        notes.append(f"{label}: {was} replaced by the file's @string macro {new}")
        return new
    new = value if value.isdigit() else f"{{{value}}}"
    notes.append(f"{label}: {was} replaced by the value itself, {new} (no @string says it)")
    return new


def fix_bibtex(source: InputSource, corrections: Sequence[Correction]) -> BibEdit:
    """Update the entries whose references have corrections (see the module's docstring)."""
    # Control characters kept: the file is written back in its own encoding, byte for byte.
    text, encoding, _ = read_text(source.path, source.data)
    notes: list[str] = []
    entries: dict[str, _Entry] = {}
    scanned, definitions = _scan(text)
    for entry in scanned:
        entries.setdefault(entry.key, entry)
    strings = _Strings.of(definitions, source.path)
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
        edits += _edits_for(text, found, _bib_values(checked, correction.fields), strings, notes)
    after = text
    for start, end, new in sorted(edits, reverse=True):
        after = after[:start] + new + after[end:]
    if after == text:
        return BibEdit(text, text, None, tuple(notes))
    encoded = encode_like(source.path, after, encoding)
    if isinstance(encoded, str):
        return BibEdit(text, after, None, tuple(notes), encoded)
    return BibEdit(text, after, encoded, tuple(notes))
