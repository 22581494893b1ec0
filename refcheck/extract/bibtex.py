"""BibTeX (.bib): one reference per entry, with structured ``fields`` (bibtexparser v2)."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from typing import Any

from refcheck.extract.bib_macros import JoinBudget, expand_value, string_table
from refcheck.extract.latex_text import latex_to_text
from refcheck.extract.source import InputSource, decode_text
from refcheck.extract.structured import GROUP_WORDS, Person, drop_empty, person, render_vancouver
from refcheck.limits import check_reference_count
from refcheck.models import BibEntry, Document, RawReference
from refcheck.parse.identifiers import doi_in_field

# bibtexparser logs each failed block; without a handler Python would print it to stderr.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# "@article{", "@Book (": an entry's start (not @string, @preamble or @comment).
_ENTRY_START = re.compile(
    r"^[ \t]*@[ \t]*(?!(?:string|preamble|comment)\b)\w+[ \t]*[{(]", re.MULTILINE | re.IGNORECASE
)
_TYPES = {
    "article": "journal-article",
    "book": "book",
    "booklet": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "conference",
    "conference": "conference",
    "proceedings": "conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "web",
    "electronic": "web",
    "www": "web",
}


def extract_bibtex(source: InputSource) -> Document:
    from bibtexparser.entrypoint import parse_string
    from bibtexparser.middlewares.names import (
        parse_single_name_into_parts,
        split_multiple_persons_names,
    )

    text, decode_warnings = decode_text(source.path, source.data)
    # Counted before bibtexparser reads them (100,000 entries: 94 s and 987 MB).
    check_reference_count(source.path, len(_ENTRY_START.findall(text)), "BibTeX entries")
    warnings = list(decode_warnings)
    # No middleware: the values as written, for bib_macros to expand as fix's editor does.
    library = parse_string(text, parse_stack=[])
    budget = JoinBudget(source.path)
    strings = string_table(((s.key, str(s.value)) for s in library.strings), budget)
    references: list[RawReference] = []
    written: dict[str, list[tuple[str, str]]] = {}  # each entry's fields as BibEntry keeps them
    verbatim: dict[str, set[str]] = {}  # each entry's fields using an undefined macro
    by_key: dict[str, dict[str, str]] = {}
    undefined: dict[str, int] = {}  # undefined macro -> fields using it
    for entry in library.entries:
        fields_as_written = written.setdefault(entry.key, [])
        values = by_key.setdefault(entry.key, {})
        for item in entry.fields:
            raw = str(item.value)
            expansion = expand_value(raw, strings, budget)
            if expansion.text is None:
                for name in expansion.undefined:
                    undefined[name] = undefined.get(name, 0) + 1
                fields_as_written.append((item.key, raw.strip()))
                verbatim.setdefault(entry.key, set()).add(item.key)
                continue
            fields_as_written.append((item.key, expansion.text))
            values.setdefault(item.key.lower(), expansion.text)
    for entry in library.entries:
        if entry.entry_type.lower() == "set":
            continue  # a biblatex @set groups other entries; it is not a work
        values = inherit_crossref(by_key[entry.key], entry.entry_type.lower(), by_key)
        fields = _fields(
            entry.entry_type.lower(),
            values,
            split_multiple_persons_names,
            parse_single_name_into_parts,
        )
        references.append(
            RawReference(
                number=None,
                text=render_vancouver(fields) or entry.key,
                line=(entry.start_line or 0) + 1,
                key=entry.key,
                fields=fields,
            )
        )
    for block in library.failed_blocks:
        what = type(block).__name__
        reason = "duplicate key" if "Duplicate" in what else "cannot parse the entry"
        warnings.append(f"{source.path}:{(block.start_line or 0) + 1}: {reason}; skipped")
    if undefined:
        listed = sorted(undefined, key=str.lower)
        more = f" and {len(listed) - 5} more" if len(listed) > 5 else ""
        names = ", ".join(listed[:5]) + more
        count = sum(undefined.values())
        warnings.append(
            f"{source.path}: @string macros not defined in this file: {names} (used in "
            f"{count} field{'s' if count > 1 else ''}); those fields are not checked"
        )
    if not references:
        warnings.append(f"{source.path}: no BibTeX entries found")
    entries = tuple(
        BibEntry(
            entry.entry_type,
            entry.key,
            tuple(written[entry.key]),
            frozenset(verbatim.get(entry.key, ())),
        )
        for entry in library.entries
    )
    return Document(
        path=source.path,
        references=tuple(references),
        warnings=tuple(warnings),
        bib_entries=entries,
    )


# biblatex's inheritance: a parent's title is the child's booktitle (or maintitle).
_INHERITED_AS = {"title": "booktitle", "subtitle": "booksubtitle", "shorttitle": ""}


def inherit_crossref(
    values: Mapping[str, str], entry_type: str, entries: Mapping[str, Mapping[str, str]]
) -> dict[str, str]:
    """``values`` with the fields it lacks taken from its ``crossref`` parent (and the parent's
    parent), as BibTeX and biblatex do: the parent's title becomes the booktitle. ``entries``
    maps each key to its entry's fields (lower-case names)."""
    merged = dict(values)
    seen: set[str] = set()
    parent_key = merged.get("crossref", "").strip()
    while parent_key and parent_key not in seen and parent_key in entries:
        seen.add(parent_key)
        parent = entries[parent_key]
        for name, value in parent.items():
            target = name if entry_type == "book" else _INHERITED_AS.get(name, name)
            if target and target not in merged and name != "crossref":
                merged[target] = value
        parent_key = parent.get("crossref", "").strip()
    return merged


def _fields(
    entry_type: str, values: dict[str, str], split_names: Any, name_parts: Any
) -> dict[str, Any]:
    def text(*names: str) -> str | None:
        for name in names:
            value = values.get(name)
            if value and value.strip():
                return latex_to_text(value)
        return None

    authors, collective, et_al = _people(values.get("author", ""), split_names, name_parts)
    editors, _, _ = _people(values.get("editor", ""), split_names, name_parts)
    kind = _TYPES.get(entry_type, "other")
    if kind == "other" and values.get("url") and not values.get("journal"):
        kind = "web"
    container = (
        text("booktitle", "journal", "journaltitle")
        if kind in ("chapter", "conference")
        else text("journal", "journaltitle", "booktitle")
    )
    year = text("year") or (text("date") or "")[:4] or None
    pmid = text("pmid")
    if pmid is None and (values.get("eprinttype") or "").lower() == "pubmed":
        pmid = text("eprint")
    doi = text("doi")
    if doi:
        doi = doi_in_field(doi)
    pages = text("pages")
    if pages:
        pages = re.sub(r"\s*[-–—]+\s*", "-", pages)
    return drop_empty(
        {
            "type": kind,
            "authors": authors,
            "collective": collective,
            "et_al": et_al,
            "title": text("title"),
            "journal": container,
            "year": year,
            "volume": text("volume"),
            "issue": text("number", "issue"),
            "pages": pages,
            "doi": doi,
            "pmid": pmid,
            "url": values.get("url", "").strip() or None,
            "publisher": text("publisher", "institution", "school", "organization"),
            "place": text("address", "location"),
            "edition": text("edition"),
            "editors": editors,
        }
    )


def _people(value: str, split_names: Any, name_parts: Any) -> tuple[list[Person], str | None, bool]:
    """BibTeX names -> persons; a braced name (``{World Health Organization}``) is a group
    author; ``and others`` is et al."""
    people: list[Person] = []
    collective: str | None = None
    et_al = False
    if not value.strip():
        return people, collective, et_al
    for name in split_names(value):
        # JabRef's "{, R Core Team}": an empty last part, the whole name after the comma.
        stripped = name.strip().removeprefix(",").strip()
        if stripped.lower() == "others":
            et_al = True
            continue
        braced = stripped.startswith("{") and stripped.endswith("}") and " " in stripped
        if braced or ("," not in stripped and GROUP_WORDS.search(stripped)):
            collective = collective or latex_to_text(stripped)
            continue
        try:
            parts = name_parts(stripped)
        except Exception:  # bibtexparser rejects some odd names; keep them whole
            people.append(person(latex_to_text(stripped)))
            continue
        family = " ".join([*parts.von, *parts.last])
        people.append(
            person(
                latex_to_text(family),
                latex_to_text(" ".join(parts.first)) or None,
                latex_to_text(" ".join(parts.jr)) or None,
            )
        )
    return people, collective, et_al
