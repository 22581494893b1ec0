"""Records that look like the cited work but are not it: its near-twins.

Crossref holds, next to a version of record, its preprint, correction and retraction
notices, meeting abstracts with the same title, replies and comments. They share the
title and authors, so a text search ranks them close to (or above) the work itself. A
reference that cites the work must never be matched to one of them; one that evidently
cites the notice itself (its title says "Correction:", its journal is a preprint server)
may be.
"""

from __future__ import annotations

import re

from refcheck.folding import fold
from refcheck.models import Record, Reference
from refcheck.validate.text import has_work_mark, is_supplement, main_number

# ``update-to`` types that make a record a notice about another work.
NOTICE_UPDATES = frozenset(
    {
        "correction",
        "erratum",
        "corrigendum",
        "retraction",
        "partial_retraction",
        "withdrawal",
        "removal",
        "expression_of_concern",
        "addendum",
        "clarification",
    }
)
# ``relation`` types that make a record a response to, or an earlier form of, another work.
_RESPONSE_RELATIONS = {
    "is-preprint-of": "preprint",
    "is-reply-to": "reply",
    "is-comment-on": "comment",
    "is-review-of": "review",
}
# Title openings of notices and responses ("Correction to: ...", "Retraction Note: ...").
_NOTICE_TITLE = re.compile(
    r"^\s*(?:"
    r"(?P<correction>(?:author\s+|publisher\s+)?"
    r"(?:correction|erratum|errata|corrigendum|corrigenda|addendum|clarification)"
    r"|publisher\W?s?\s+note|notice\s+of\s+correction)"
    r"|(?P<retraction>retraction|retracted|notice\s+of\s+retraction|withdrawal|withdrawn)"
    r"|(?P<concern>(?:editorial\s+)?expression\s+of\s+concern)"
    r"|(?P<reply>(?:authors?\W?\s+)?reply|in\s+reply|response\s+to|authors?\W?\s+response)"
    r"|(?P<comment>comments?\s+on|commentary\s+on|letter\s+to\s+the\s+editor\s+re)"
    r"|(?P<abstract>(?:meeting\s+)?abstract\s+[a-z]?\d+)"
    r")\b",
    re.IGNORECASE,
)
_PREPRINT_WORDS = re.compile(
    r"\b(?:preprint|biorxiv|medrxiv|arxiv|chemrxiv|research\s*square|ssrn|psyarxiv|"
    r"socarxiv|osf\s+preprints|preprints\.org|posted)\b",
    re.IGNORECASE,
)


# Links from a near-twin to the work it is about.
_LINKS_TO_WORK = frozenset(
    {*NOTICE_UPDATES, "is-preprint-of", "is-reply-to", "is-comment-on", "is-review-of"}
)


def linked_works(record: Record) -> tuple[str, ...]:
    """DOIs of the works a notice, preprint or reply is about (``update-to``, ``relation``)."""
    dois = [
        update.doi
        for update in record.updates
        if update.doi
        and update.direction in ("update-to", "relation")
        and update.type in _LINKS_TO_WORK
    ]
    return tuple(dict.fromkeys(dois))


# Title endings of replies (JAMA prints "<title of the letter>—Reply").
_REPLY_SUFFIX = re.compile(r"\W\s*(?:in\s+)?reply\s*$", re.IGNORECASE)


# Title endings of corrections: "Title [Erratum]", or Web of Science's "Title (vol 25,
# pg 195, 2012)" naming the corrected article.
_CORRECTION_SUFFIX = re.compile(
    r"\[\s*(?:erratum|errata|corrigendum|correction)[^\]]*\]\s*$"
    r"|\(\s*vol\.?\s*\d+\s*,\s*pg\.?\s*\w+\s*,\s*\d{4}\s*\)\s*$",
    re.IGNORECASE,
)


def notice_title_kind(title: str | None) -> str | None:
    """``"correction"``, ``"retraction"``, ``"concern"``, ``"reply"``, ``"comment"`` or
    ``"abstract"`` when the title opens like such a record; else ``None``."""
    if not title:
        return None
    match = _NOTICE_TITLE.match(fold(title))
    if match is not None:
        return match.lastgroup
    if _REPLY_SUFFIX.search(title):
        return "reply"
    if _CORRECTION_SUFFIX.search(title):
        return "correction"
    return None


def _cites_preprint(reference: Reference, text: str) -> bool:
    haystack = " ".join(p for p in (reference.journal, reference.publisher, text) if p)
    return bool(_PREPRINT_WORDS.search(haystack))


def _page_is_supplement(page: str | None) -> bool:
    return bool(page) and bool(re.match(r"^\s*s\d", fold(page or "")))


def _record_page_printed(record: Record, text: str) -> bool:
    """Whether the record's own supplement page ("S6") appears in the printed reference."""
    if not record.page:
        return False
    first = re.split(r"\s*[-–—]\s*", record.page.strip(), maxsplit=1)[0]
    return bool(first) and bool(re.search(rf"(?<![\w]){re.escape(first)}(?![\w])", text, re.I))


def _pageless_fit(reference: Reference, record: Record) -> bool:
    """Whether a reference without pages fits a supplement record's year and volume.

    Such a reference can cite the supplement article itself (a conference abstract is
    often the cited work); a meeting-abstract twin of another work is published the year
    before it, in another volume, so it does not fit.
    """
    if reference.pages is not None and reference.pages.first:
        return False
    if reference.year is None or reference.year not in record.years:
        return False
    volume = main_number(reference.volume)
    return volume is not None and volume == main_number(record.volume)


def twin_kind(reference: Reference, record: Record, text: str = "") -> str | None:
    """Why ``record`` is a near-twin rather than the cited work, or ``None`` if it may be it.

    ``text`` is the reference as printed; it shows whether the reference cites a preprint
    server or a supplement.
    """
    cited_kind = notice_title_kind(reference.title)
    # A preprint, unless the reference cites a preprint.
    is_preprint = record.type == "posted-content" or any(
        update.direction == "relation" and update.type == "is-preprint-of"
        for update in record.updates
    )
    if is_preprint and not _cites_preprint(reference, text):
        return "preprint"
    # A notice about another work (update-to), unless the reference cites such a notice.
    for update in record.updates:
        if update.direction == "update-to" and update.type in NOTICE_UPDATES and cited_kind is None:
            return f"{update.type.replace('_', ' ')} notice"
        if update.direction == "relation" and update.type in _RESPONSE_RELATIONS:
            kind = _RESPONSE_RELATIONS[update.type]
            if kind != "preprint" and cited_kind is None:
                return kind
    # The same signals from the title alone (records without links).
    record_kind = notice_title_kind(record.title)
    marked_work = has_work_mark(record.title) and not any(
        update.direction == "update-to" for update in record.updates
    )
    if marked_work and cited_kind is None:
        # "RETRACTED: <title>" on a record that updates nothing is the retracted work
        # itself, as Elsevier and Springer mark it, unless the reference cites it so.
        record_kind = None
    if record_kind is not None and record_kind != cited_kind:
        return {
            "correction": "correction notice",
            "retraction": "retraction notice",
            "concern": "expression of concern",
            "abstract": "meeting abstract",
        }.get(record_kind, record_kind)
    # The reference cites a notice or reply, the record is not one: the work it is about.
    if cited_kind is not None and record_kind is None and record.title:
        return f"work the cited {cited_kind} is about"
    # A meeting abstract in a supplement, when the reference cites no supplement.
    record_supplement = (
        is_supplement(record.volume)
        or is_supplement(record.issue)
        or _page_is_supplement(record.page)
    )
    if record_supplement:
        cited_supplement = (
            is_supplement(reference.volume)
            or is_supplement(reference.issue)
            or (reference.pages is not None and _page_is_supplement(reference.pages.first))
            or bool(re.search(r"\bsuppl", fold(text)))
            or _record_page_printed(record, text)
        )
        if not cited_supplement and not _pageless_fit(reference, record):
            return "supplement abstract"
    return None
