"""Checked references -> BibTeX, written with bibtexparser v2.

Text fields are LaTeX-escaped (``&`` -> ``\\&``); DOI and URL are not (biblatex reads them
verbatim; the DOI in ``refcheck.doi``'s normal form). Non-ASCII stays UTF-8 unless
``escape_non_ascii`` asks for LaTeX accents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bibtexparser.entrypoint import write_string
from bibtexparser.library import Library
from bibtexparser.model import Entry, Field
from pylatexenc.latexencode import unicode_to_latex

from refcheck.export.bib_source import (
    fields_by_key,
    inherited_fields,
    merge_with_source,
    verbatim_entry,
)
from refcheck.export.item import ExportItem, citation_keys, export_item
from refcheck.extract.bib_macros import MONTHS
from refcheck.models import Author, BibEntry, CheckedReference, ReferenceType

_ENTRY_TYPE: dict[ReferenceType, str] = {
    ReferenceType.JOURNAL_ARTICLE: "article",
    ReferenceType.BOOK: "book",
    ReferenceType.CHAPTER: "incollection",
    ReferenceType.CONFERENCE: "inproceedings",
    ReferenceType.THESIS: "phdthesis",
    ReferenceType.REPORT: "techreport",
    ReferenceType.WEB: "online",
    ReferenceType.OTHER: "misc",
}

# Where each entry type keeps its container and its publisher.
_CONTAINER_FIELD = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "book": "series",
    "techreport": "series",
    "phdthesis": "",  # a thesis has no container; Crossref's is the repository's name
}
_PUBLISHER_FIELD = {"phdthesis": "school", "techreport": "institution"}

_MONTHS = tuple(MONTHS)

_SPECIAL = {
    "\\": r"\textbackslash{}",
    # An escaped brace still counts for BibTeX's brace balance; a command does not.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
_SPACE = re.compile(r"\s+")
# Words whose case is meaning (DNA, mRNA, COVID-19, T4) are braced so that styles which
# lower-case titles keep them; a Title-Case compound ("Real-Time") is not.
_INNER_CAPITAL = re.compile(r"^[^A-Za-z]*[A-Za-z].*[A-Z]")
_CAPITAL_AND_DIGIT = re.compile(r"(?=.*[A-Z])(?=.*\d)")


def _keeps_case(word: str) -> bool:
    return any(
        _INNER_CAPITAL.match(part) or _CAPITAL_AND_DIGIT.match(part)
        for part in re.split(r"[-‐‑/]", word)
    )


# TeX turns these pairs into other characters (-- en dash, `` and '' curly quotes, ?` and !`
# inverted marks, << >> ,, guillemets and low quotes in T1 fonts): an empty group keeps the
# characters that were printed.
_LIGATURE = re.compile(r"(-(?=-)|`(?=`)|'(?=')|[?!](?=`)|<(?=<)|>(?=>)|,(?=,))")


def escape_latex(text: str, *, escape_non_ascii: bool = False) -> str:
    """LaTeX-escape ``text`` for a BibTeX text field (braces stay balanced)."""
    text = _SPACE.sub(" ", text).strip()
    escaped = _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group(0)], text)
    escaped = _LIGATURE.sub(r"\1{}", escaped)
    if escape_non_ascii and not escaped.isascii():
        escaped = unicode_to_latex(escaped, non_ascii_only=True, unknown_char_warning=False)
    return escaped


def container_field(entry_type: str) -> str:
    """The field that holds an entry type's container (``journal``, ``booktitle``...); empty
    for a thesis, which has none."""
    return _CONTAINER_FIELD.get(entry_type, "howpublished")


def _doi(doi: str | None) -> str | None:
    """The DOI (already in refcheck's one form, ``export.item``), safe for BibTeX."""
    return _verbatim(doi) if doi else None


def _verbatim(value: str) -> str:
    """DOI and URL as they are, except what would break the BibTeX syntax itself."""
    value = _SPACE.sub("", value)
    if value.count("{") != value.count("}"):
        value = value.replace("{", "%7B").replace("}", "%7D")
    return value


def _protect_case(escaped_title: str) -> str:
    words = escaped_title.split(" ")
    return " ".join(
        "{" + word + "}" if _keeps_case(word) and "{" not in word else word for word in words
    )


def _given(given: str | None) -> str | None:
    if not given:
        return None
    # The parse keeps initials as printed without dots ("AB"); BibTeX reads "AB" as one name.
    if given.isupper() and given.isalpha() and len(given) <= 4:
        return " ".join(f"{letter}." for letter in given)
    return given


def _family_case(family: str) -> str:
    """``LAEMMLI`` -> ``Laemmli``: some Crossref deposits shout; BibTeX styles print as given."""
    letters = [c for c in family if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return family
    return re.sub(r"[^\W\d_]+", lambda m: m.group(0).capitalize(), family)


def _person(author: Author, escape_non_ascii: bool) -> str:
    family = escape_latex(_family_case(author.family), escape_non_ascii=escape_non_ascii)
    # "and" inside a name, or a comma, would split it: brace the family name.
    if re.search(r"\band\b|,", family):
        family = "{" + family + "}"
    parts = [family]
    if author.suffix:
        parts.append(escape_latex(author.suffix, escape_non_ascii=escape_non_ascii))
    given = _given(author.given)
    if given:
        parts.append(escape_latex(given, escape_non_ascii=escape_non_ascii))
    return ", ".join(parts)


def _names(
    persons: Sequence[Author], collective: str | None, et_al: bool, escape_non_ascii: bool
) -> str | None:
    names = []
    if collective:
        # Braces keep a group author whole ("WHO Expert Committee" is not "Committee, WHO E.").
        names.append("{" + escape_latex(collective, escape_non_ascii=escape_non_ascii) + "}")
    names.extend(_person(a, escape_non_ascii) for a in persons)
    if not names:
        return None
    if et_al:
        names.append("others")
    return " and ".join(names)


def _pages(item: ExportItem, escape_non_ascii: bool) -> str | None:
    if not item.first_page:
        return None
    first = escape_latex(item.first_page, escape_non_ascii=escape_non_ascii)
    if item.last_page and item.last_page != item.first_page:
        # The range's "--" is the en dash BibTeX styles expect, so it is added after escaping.
        return f"{first}--{escape_latex(item.last_page, escape_non_ascii=escape_non_ascii)}"
    return first


def entry_fields(item: ExportItem, *, escape_non_ascii: bool = False) -> tuple[str, list[Field]]:
    """The BibTeX entry type and fields for one export item."""
    entry_type = _ENTRY_TYPE[item.kind]

    def text(value: str | None) -> str | None:
        return escape_latex(value, escape_non_ascii=escape_non_ascii) if value else None

    values: list[tuple[str, str | None]] = [
        ("author", _names(item.authors, item.collective, item.et_al, escape_non_ascii)),
        ("title", _protect_case(text(item.title) or "") or None),
        (container_field(entry_type), text(item.container)),
        ("editor", _names(item.editors, None, False, escape_non_ascii)),
        ("year", str(item.year) if item.year else None),
        ("month", _MONTHS[item.month - 1] if item.month else None),
        ("volume", text(item.volume)),
        ("number", text(item.issue)),
        ("pages", _pages(item, escape_non_ascii)),
        ("edition", text(item.edition)),
        (_PUBLISHER_FIELD.get(entry_type, "publisher"), text(item.publisher)),
        ("address", text(item.place)),
        ("isbn", text(item.isbn)),
        ("issn", text(item.issn)),
        ("doi", _doi(item.doi)),
        ("pmid", text(item.pmid)),
        ("pmcid", text(item.pmcid)),
        ("url", _verbatim(item.url) if item.url else None),
        ("note", "Preprint" if item.subtype == "preprint" else None),
    ]
    seen: set[str] = set()
    fields = []
    for key, value in values:
        if value and key and key not in seen:
            seen.add(key)
            # Months are BibTeX's predefined macros (jan, feb...): written bare, styles
            # print them in their own language.
            enclosing = "no-enclosing" if key == "month" else None
            fields.append(Field(key, value, enclosing=enclosing))
    return entry_type, fields


def to_bibtex(
    references: Sequence[CheckedReference],
    *,
    escape_non_ascii: bool = False,
    sources: Sequence[BibEntry] = (),
) -> str:
    """One BibTeX entry per reference, in order, with stable unique readable keys.

    A reference that has a key of its own (a .bib entry, a LaTeX ``\\bibitem``) keeps it.
    ``sources`` are the entries of the .bib files read: each is written under its key, in the
    file's order, merged with its reference's export (``bib_source.merge_with_source``);
    ``@set`` entries and entries with no reference are written as they were.
    """
    items = [export_item(ref) for ref in references]
    own = [ref.parsed.raw.key for ref in references]
    # A .bib entry's key is its own reference's (read with fields from it), not that of a
    # \bibitem of the same name in another input, which may be another work.
    named = {source.key for source in sources}
    owner: dict[str, int] = {}
    for index, ref in enumerate(references):
        if ref.parsed.raw.key in named and ref.parsed.raw.fields is not None:
            owner.setdefault(ref.parsed.raw.key, index)
    own = [None if owner.get(key or "", index) != index else key for index, key in enumerate(own)]
    keys = citation_keys(items, preferred=own)
    library = Library()
    by_key: dict[str, tuple[str, list[Field]]] = {}
    for key, item in zip(keys, items, strict=True):
        by_key.setdefault(key, entry_fields(item, escape_non_ascii=escape_non_ascii))
    written: set[str] = set()
    source_fields = fields_by_key(sources)
    for source in sources:
        if source.key in written:
            continue
        written.add(source.key)
        exported = by_key.get(source.key)
        if exported is None or source.entry_type.lower() == "set":
            library.add(verbatim_entry(source))
        else:
            inherited = inherited_fields(source, source_fields)
            library.add(merge_with_source(source, exported[1], inherited))
    for key in keys:
        if key not in written:
            written.add(key)
            entry_type, fields = by_key[key]
            library.add(Entry(entry_type, key, fields))
    if not written:
        return ""
    return str(write_string(library))
