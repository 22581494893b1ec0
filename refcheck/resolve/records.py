"""Crossref work JSON (the ``message`` of ``/works/{doi}`` or a ``/works`` item) -> ``Record``.

Crossref metadata is messy (bare strings where lists are usual, full names in ``family``,
``[[null]]`` dates); this conversion never raises on odd shapes.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from refcheck.models import Author, Record, RecordUpdate

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")

# Date fields that a printed reference's year may legitimately follow.
_YEAR_FIELDS = ("issued", "published-print", "published-online", "published")


# Control characters (an escape sequence in a title would reach the terminal via reports).
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """Strip JATS/HTML tags, entities and control characters; collapse whitespace."""
    return _SPACE.sub(" ", _CONTROLS.sub("", html.unescape(_TAG.sub("", value)))).strip()


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return []
    out = []
    for item in value:
        if isinstance(item, str):
            text = clean_text(item)
            if text:
                out.append(text)
    return out


def _first(value: Any) -> str | None:
    items = _strings(value)
    return items[0] if items else None


def _year(date: Any) -> int | None:
    if not isinstance(date, Mapping):
        return None
    parts = date.get("date-parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list):
        return None
    first = parts[0][0] if parts[0] else None
    if isinstance(first, int):
        return first
    if isinstance(first, str) and first.isdigit():
        return int(first)
    return None


def _authors(items: Any) -> tuple[tuple[Author, ...], tuple[str, ...]]:
    persons: list[Author] = []
    groups: list[str] = []
    if not isinstance(items, list):
        return (), ()
    for item in items:
        if not isinstance(item, Mapping):
            continue
        family = item.get("family")
        if isinstance(family, str) and family.strip():
            given = item.get("given")
            suffix = item.get("suffix")
            persons.append(
                Author(
                    family=clean_text(family),
                    given=clean_text(given) if isinstance(given, str) and given.strip() else None,
                    suffix=clean_text(suffix)
                    if isinstance(suffix, str) and suffix.strip()
                    else None,
                )
            )
        elif isinstance(item.get("name"), str) and item["name"].strip():
            groups.append(clean_text(item["name"]))
    return tuple(persons), tuple(groups)


def _updates(message: Mapping[str, Any]) -> tuple[RecordUpdate, ...]:
    out: list[RecordUpdate] = []
    for direction in ("updated-by", "update-to"):
        entries = message.get(direction)
        if not isinstance(entries, list):
            continue
        for entry in entries:
            if not isinstance(entry, Mapping):
                continue
            kind = entry.get("type")
            if not isinstance(kind, str):
                continue
            doi = entry.get("DOI")
            source = entry.get("source")
            label = entry.get("label")
            out.append(
                RecordUpdate(
                    direction=direction,
                    type=kind.lower().replace(" ", "_").replace("-", "_"),
                    doi=doi.lower() if isinstance(doi, str) else None,
                    source=source if isinstance(source, str) else None,
                    label=label if isinstance(label, str) else None,
                )
            )
    relation = message.get("relation")
    if isinstance(relation, Mapping):
        for kind, entries in relation.items():
            if not isinstance(entries, list):
                entries = [entries]
            for entry in entries:
                if not isinstance(entry, Mapping):
                    continue
                ident = entry.get("id")
                id_type = entry.get("id-type")
                out.append(
                    RecordUpdate(
                        direction="relation",
                        type=str(kind).lower(),
                        doi=ident.lower()
                        if isinstance(ident, str) and id_type in (None, "doi")
                        else None,
                    )
                )
    return tuple(out)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate (JSON's ``"\\ud800"``) replaced by U+FFFD.

    ``json.loads`` joins escaped surrogate pairs into one character, so any surrogate left
    is alone: no encoder can write it, and one in a title would crash every report.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def _has_lone_surrogate(value: Any) -> bool:
    # One pass of the C encoder over a whole record (its reference list can hold thousands of
    # strings) is several times faster than walking it here.
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):
        return _walk_has_lone_surrogate(value)
    return _LONE_SURROGATE.search(text) is not None


def _walk_has_lone_surrogate(value: Any) -> bool:
    if isinstance(value, str):
        return _LONE_SURROGATE.search(value) is not None
    if isinstance(value, Mapping):
        return any(
            _walk_has_lone_surrogate(k) or _walk_has_lone_surrogate(v) for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_walk_has_lone_surrogate(item) for item in value)
    return False


def record_from_crossref(message: Mapping[str, Any], *, surrogate_free: bool = False) -> Record:
    """Build a ``Record`` from one Crossref work object.

    ``surrogate_free``: the caller knows the object holds no lone surrogate (the cache reads
    its own strict UTF-8), so it is not searched for one.
    """
    if not surrogate_free and _has_lone_surrogate(message):
        message = _without_lone_surrogates(message)
    doi = message.get("DOI")
    persons, groups = _authors(message.get("author"))
    years: list[int] = []
    for name in _YEAR_FIELDS:
        year = _year(message.get(name))
        if year is not None and year not in years:
            years.append(year)
    containers = _strings(message.get("container-title")) + _strings(
        message.get("short-container-title")
    )
    score = message.get("score")
    page = message.get("page")
    article_number = message.get("article-number")
    volume = message.get("volume")
    issue = message.get("issue")
    kind = message.get("type")
    subtype = message.get("subtype")
    return Record(
        doi=doi.strip().lower() if isinstance(doi, str) else "",
        type=kind if isinstance(kind, str) else None,
        subtype=subtype if isinstance(subtype, str) else None,
        title=_first(message.get("title")),
        subtitle=_first(message.get("subtitle")),
        container_titles=tuple(dict.fromkeys(containers)),
        authors=persons,
        collectives=groups,
        issued_year=_year(message.get("issued")),
        years=tuple(years),
        volume=clean_text(str(volume)) or None if volume is not None else None,
        issue=clean_text(str(issue)) or None if issue is not None else None,
        page=clean_text(str(page)) or None if page is not None else None,
        article_number=clean_text(str(article_number)) or None
        if article_number is not None
        else None,
        updates=_updates(message),
        search_score=float(score) if isinstance(score, int | float) else None,
        data=message,
    )
