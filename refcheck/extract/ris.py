"""RIS (.ris): ``TY  -`` ... ``ER  -`` records -> references with structured ``fields``."""

from __future__ import annotations

import re
from typing import Any

from refcheck.extract.source import InputSource, decode_text
from refcheck.extract.structured import GROUP_WORDS, Person, drop_empty, person, render_vancouver
from refcheck.extract.text import split_lines
from refcheck.models import Document, RawReference

_TAG = re.compile(r"^([A-Z][A-Z0-9])  ?-(?: (.*)|\s*)$")
_TYPES = {
    "JOUR": "journal-article",
    "JFULL": "journal-article",
    "MGZN": "journal-article",
    "EJOUR": "journal-article",
    "INPR": "journal-article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CONF": "conference",
    "CPAPER": "conference",
    "THES": "thesis",
    "RPRT": "report",
    "GOVDOC": "report",
    "ELEC": "web",
    "WEB": "web",
    "BLOG": "web",
}

# A note that is the PMID and nothing else (EndNote, PubMed): "PMID: 35548170", "35548170[pmid]".
_PMID_NOTE = re.compile(r"\s*(?:PMID:?\s*(\d{6,9})|(\d{6,9})\s*\[pmid\])\s*", re.IGNORECASE)


def extract_ris(source: InputSource) -> Document:
    text, decode_warnings = decode_text(source.path, source.data)
    warnings = list(decode_warnings)
    references: list[RawReference] = []

    # Continuation lines of the last value, joined once ("+=" per line was quadratic:
    # 500,000 wrapped lines took 90 s).
    wrapped: list[str] = []

    def flush(record: dict[str, list[str]] | None, tag: str | None) -> None:
        if record is not None and tag and wrapped:
            record[tag][-1] = " ".join([record[tag][-1], *wrapped])
        wrapped.clear()

    def close(record: dict[str, list[str]], start: int) -> None:
        reference = _reference(record, start)
        if reference.text:
            references.append(reference)
        else:
            # "TY  - JOUR" then "ER  -" and nothing between: no reference to check.
            warnings.append(f"{source.path}:{start}: record with no fields; skipped")

    record: dict[str, list[str]] | None = None
    start = 0
    last_tag: str | None = None
    for line in split_lines(text):
        match = _TAG.match(line.text.rstrip())
        if match is None:
            # A value that wraps onto the next line continues the last tag.
            if record is not None and last_tag and line.text.strip():
                wrapped.append(line.text.strip())
            continue
        flush(record, last_tag)
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            if record is not None:
                warnings.append(f"{source.path}:{start}: record without ER; closed at next TY")
                close(record, start)
            record, start, last_tag = {"TY": [value]}, line.number, "TY"
            continue
        if record is None:
            continue
        if tag == "ER":
            close(record, start)
            record, last_tag = None, None
            continue
        record.setdefault(tag, []).append(value)
        last_tag = tag
    flush(record, last_tag)
    if record is not None:
        warnings.append(f"{source.path}:{start}: last record has no ER; read anyway")
        close(record, start)
    if not references:
        warnings.append(f"{source.path}: no RIS records found")
    return Document(path=source.path, references=tuple(references), warnings=tuple(warnings))


def _reference(record: dict[str, list[str]], line: int) -> RawReference:
    fields = ris_fields(record)
    return RawReference(
        number=None,
        text=render_vancouver(fields),
        line=line,
        key=next(iter(record.get("ID", [])), None),
        fields=fields,
    )


def ris_fields(record: dict[str, list[str]]) -> dict[str, Any]:
    def first(*tags: str) -> str | None:
        for tag in tags:
            for value in record.get(tag, []):
                if value.strip():
                    return " ".join(value.split())
        return None

    kind = _TYPES.get((first("TY") or "").upper(), "other")
    authors, collective = _people([*record.get("AU", []), *record.get("A1", [])])
    editors, _ = _people(
        [*record.get("ED", []), *record.get("A2", [])]
        if kind == "chapter"
        else record.get("ED", [])
    )
    if kind == "chapter":
        container = first("T2", "BT", "J2", "JO", "JF")
    else:
        container = first("J2", "JA", "JO", "JF", "T2", "BT")
    year_text = first("PY", "Y1", "DA") or ""
    year_match = re.search(r"\d{4}", year_text)
    start_page, end_page = first("SP"), first("EP")
    pages = start_page
    if start_page and end_page and end_page != start_page and "-" not in start_page:
        pages = f"{start_page}-{end_page}"
    doi = first("DO")
    if doi:
        doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.IGNORECASE)
    pmid = None
    for value in [*record.get("AN", []), *record.get("M1", []), *record.get("C2", [])]:
        found = re.fullmatch(r"\s*(?:PMID:?\s*)?(\d{6,9})\s*", value)
        if found:
            pmid = found.group(1)
            break
    if pmid is None:
        # A note that is the PMID and nothing else: "PMID: 35548170", "35548170[pmid]".
        for value in record.get("N1", []):
            found = _PMID_NOTE.fullmatch(value)
            if found:
                pmid = found.group(1) or found.group(2)
                break
    return drop_empty(
        {
            "type": kind,
            "authors": authors,
            "collective": collective,
            "title": first("TI", "T1", "CT"),
            "journal": container,
            "year": year_match.group() if year_match else None,
            "volume": first("VL"),
            "issue": first("IS"),
            "pages": pages,
            "doi": doi,
            "pmid": pmid,
            "url": first("UR", "L2"),
            "publisher": first("PB"),
            "place": first("CY", "PP"),
            "edition": first("ET"),
            "editors": editors,
        }
    )


def _people(values: list[str]) -> tuple[list[Person], str | None]:
    """``Family, Given, Suffix`` names. Without a comma: ``Smith AB``, ``John Smith``, or a
    group author (a longer name, or one with a word like Organization or Committee)."""
    people: list[Person] = []
    collective: str | None = None
    for value in values:
        value = value.strip()
        if not value:
            continue
        parts = [part.strip() for part in value.split(",")]
        if len(parts) == 1:
            words = value.split()
            # "Smith AB" (Vancouver-style), "John Smith", or a group author.
            if len(words) == 2 and words[1].isupper() and len(words[1]) <= 4:
                people.append(person(words[0], words[1]))
            elif 2 <= len(words) <= 3 and not GROUP_WORDS.search(value):
                people.append(person(words[-1], " ".join(words[:-1])))
            else:
                collective = collective or value
            continue
        people.append(person(parts[0], parts[1] or None, parts[2] if len(parts) > 2 else None))
    return people, collective
