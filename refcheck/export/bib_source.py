"""What a user's .bib said, so that an export from it keeps what a LaTeX document relies on.

``refcheck bibtex refs.bib`` writes each entry with its own key (every ``\\cite`` keeps
working), in the file's order (a ``crossref`` parent stays after its children), keeps a field's
own text, case-protecting braces included (``{A}tlantic``), wherever the record agrees with it,
keeps the fields refcheck does not export (``keywords``, ``file``, ``crossref``), and writes
biblatex ``@set`` entries as they were.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bibtexparser.model import Entry, Field

from refcheck.doi import normalise_doi
from refcheck.extract.latex_text import latex_to_text
from refcheck.folding import fold


@dataclass(frozen=True, slots=True)
class SourceEntry:
    entry_type: str  # as written ("Article")
    key: str
    fields: tuple[tuple[str, str], ...]  # name as written, value as written (inner braces kept)

    def value(self, name: str) -> str | None:
        for field_name, value in self.fields:
            if field_name.lower() == name:
                return value
        return None


def read_source_entries(text: str) -> tuple[SourceEntry, ...]:
    """Every entry of a .bib text, ``@string`` references resolved."""
    from bibtexparser.entrypoint import parse_string

    library = parse_string(text)
    return tuple(
        SourceEntry(
            entry.entry_type,
            entry.key,
            tuple((field.key, str(field.value)) for field in entry.fields),
        )
        for entry in library.entries
    )


def bib_sources(paths: Sequence[str], input_format: str | None) -> tuple[SourceEntry, ...]:
    """The entries of every .bib among ``paths`` (read again: standard input is not)."""
    from refcheck.extract import detect_format, read_input
    from refcheck.extract.source import decode_text

    entries: list[SourceEntry] = []
    for path in paths:
        if path == "-":
            continue
        source = read_input(path)
        fmt = input_format.lower().lstrip(".") if input_format else detect_format(source)
        if fmt == "bib":
            text, _ = decode_text(source.path, source.data)
            entries.extend(read_source_entries(text))
    return tuple(entries)


_ALIASES = {"journaltitle": "journal", "issue": "number", "date": "year"}
_NON_WORD = re.compile(r"[\W_]+")


def _comparable(name: str, value: str) -> str:
    text = latex_to_text(value) if "\\" in value or "{" in value else value
    text = fold(text)
    if name == "author":
        families = [
            part.split(",")[0] if "," in part else (part.split() or [""])[-1]
            for part in re.split(r"\s+and\s+", text)
        ]
        return "|".join(_NON_WORD.sub("", f) for f in families)
    if name == "year":
        found = re.search(r"\d{4}", text)
        return found.group(0) if found else text
    if name == "doi":
        text = normalise_doi(text)
    return _NON_WORD.sub("", text)


def merge_with_source(
    source: SourceEntry,
    fields: Sequence[Field],
    inherited: Mapping[str, str],
) -> Entry:
    """The entry for ``source``'s key: its own fields in its order, each with its own text where
    the exported value agrees and the exported value where not, then the exported fields it
    lacked. A field inherited through ``crossref`` with the same value is not repeated."""
    exported = {_ALIASES.get(f.key, f.key): f for f in fields}
    out: list[Field] = []
    used: set[str] = set()
    for name, value in source.fields:
        canonical = _ALIASES.get(name.lower(), name.lower())
        new = exported.get(canonical)
        used.add(canonical)
        if new is None or _comparable(canonical, value) == _comparable(canonical, str(new.value)):
            out.append(Field(name, value))
        else:
            out.append(Field(name, new.value, enclosing=new.enclosing))
    for canonical, new in exported.items():
        if canonical in used:
            continue
        parent = inherited.get(canonical)
        if parent is not None and _comparable(canonical, parent) == _comparable(
            canonical, str(new.value)
        ):
            continue
        out.append(new)
    return Entry(source.entry_type, source.key, out)


def fields_by_key(sources: Iterable[SourceEntry]) -> dict[str, dict[str, str]]:
    """Each entry's fields by lower-case name, keyed by entry key: built once per file."""
    return {e.key: {n.lower(): v for n, v in e.fields} for e in sources}


def inherited_fields(
    source: SourceEntry, fields: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    """What ``source`` inherits through ``crossref`` (canonical names), nothing of its own.
    ``fields`` is ``fields_by_key`` of the file's entries."""
    from refcheck.extract.bibtex import inherit_crossref

    own = fields.get(source.key) or {n.lower(): v for n, v in source.fields}
    merged = inherit_crossref(own, source.entry_type.lower(), fields)
    return {_ALIASES.get(n, n): v for n, v in merged.items() if n not in own}


def verbatim_entry(source: SourceEntry) -> Entry:
    return Entry(source.entry_type, source.key, [Field(n, v) for n, v in source.fields])
