"""What a user's .bib said, so that an export from it keeps what a LaTeX document relies on.

``refcheck bibtex refs.bib`` writes each entry with its own key (every ``\\cite`` keeps
working), in the file's order (a ``crossref`` parent stays after its children), keeps a field's
own text, case-protecting braces included (``{A}tlantic``), wherever the record agrees with it,
keeps the fields refcheck does not export (``keywords``, ``file``, ``crossref``), and writes
biblatex ``@set`` entries as they were. The entries are the ``Document.bib_entries`` the
extractor read with the references (one read, one parse, standard input included).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from bibtexparser.model import Entry, Field

from refcheck.doi import normalise_doi
from refcheck.extract.bib_macros import month_macro
from refcheck.extract.latex_text import latex_to_text
from refcheck.folding import fold
from refcheck.models import BibEntry

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


def canonical_name(name: str) -> str:
    """A field's name as the export writes it: ``journaltitle`` -> ``journal``."""
    return _ALIASES.get(name.lower(), name.lower())


def agrees(name: str, written: str, exported: str) -> bool:
    """Whether a field's text as written says what the exported text says (LaTeX, braces,
    case and a DOI's form aside): then the written text is kept."""
    canonical = canonical_name(name)
    return _comparable(canonical, written) == _comparable(canonical, exported)


def merge_with_source(
    source: BibEntry,
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
        canonical = canonical_name(name)
        new = exported.get(canonical)
        used.add(canonical)
        if new is None or agrees(canonical, value, str(new.value)):
            # A month by its name is written as BibTeX's macro for it (as the export writes
            # the record's), so that the style prints it: ``month = nov``.
            macro = month_macro(value) if canonical == "month" else None
            out.append(
                _as_written(source, name, value)
                if macro is None
                else Field(name, macro, enclosing="no-enclosing")
            )
        else:
            out.append(Field(name, new.value, enclosing=new.enclosing))
    for canonical, new in exported.items():
        if canonical in used:
            continue
        parent = inherited.get(canonical)
        if parent is not None and agrees(canonical, parent, str(new.value)):
            continue
        out.append(new)
    return Entry(source.entry_type, source.key, out)


def fields_by_key(sources: Iterable[BibEntry]) -> dict[str, dict[str, str]]:
    """Each entry's fields by lower-case name, keyed by entry key: built once per file."""
    return {e.key: {n.lower(): v for n, v in e.fields} for e in sources}


def inherited_fields(source: BibEntry, fields: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """What ``source`` inherits through ``crossref`` (canonical names), nothing of its own.
    ``fields`` is ``fields_by_key`` of the file's entries."""
    from refcheck.extract.bibtex import inherit_crossref

    own = fields.get(source.key) or {n.lower(): v for n, v in source.fields}
    merged = inherit_crossref(own, source.entry_type.lower(), fields)
    return {_ALIASES.get(n, n): v for n, v in merged.items() if n not in own}


def verbatim_entry(source: BibEntry) -> Entry:
    return Entry(
        source.entry_type, source.key, [_as_written(source, n, v) for n, v in source.fields]
    )


def _as_written(source: BibEntry, name: str, value: str) -> Field:
    """The field as the entry has it: in braces, or in BibTeX's syntax when it uses a macro the
    file does not define (``journal = IEEE_J_AC``; in braces it would print the name)."""
    if name in source.verbatim:
        return Field(name, value, enclosing="no-enclosing")
    return Field(name, value)
