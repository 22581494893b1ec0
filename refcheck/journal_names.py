"""Journal titles and their NLM/MEDLINE abbreviations.

The table (``refcheck/data/journal_abbreviations.tsv.gz``) is derived from the CC0 lists of
Index Medicus, the NLM Catalog and ISO 4 life-science abbreviations; see
``refcheck/data/README.md`` for its provenance and ``scripts/build_journal_table.py`` for how
it is made. It is read once, on first use.

Titles are compared by :func:`title_key`: case, accents, punctuation, ``&``/``and`` and a
leading article folded, so "The Journal of Oral & Maxillofacial Surgery" and
"Journal of oral and maxillofacial surgery" are one title. The NLM Catalog prints a subtitle
after `` : `` ("JAMA : the journal of the American Medical Association"); the title before it
is also a key, when no other journal claims it.
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

_NON_WORD_RE = re.compile(r"[^0-9a-z]+")
_LEADING_ARTICLE = ("the ", "la ", "le ", "les ", "el ", "il ", "der ", "die ", "das ")


def title_key(title: str) -> str:
    """The comparison key of a journal title or abbreviation (lower case, ASCII, words)."""
    text = title
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold()
    text = text.replace("&", " and ")
    text = " ".join(_NON_WORD_RE.sub(" ", text).split())
    for article in _LEADING_ARTICLE:
        if text.startswith(article) and len(text) > len(article) + 3:
            text = text[len(article) :]
            break
    return text


@dataclass(frozen=True, slots=True)
class JournalTable:
    by_title: dict[str, tuple[str, ...]]  # title key -> abbreviations (more than one: ambiguous)
    by_abbreviation: dict[str, tuple[str, ...]]  # abbreviation key -> full titles as printed


_TABLE_LOCK = threading.Lock()


@cache
def journal_table() -> JournalTable:
    """The shipped table, read on first use, once.

    The check's worker threads ask for it together: without the lock each of them reads the
    whole table (``functools.cache`` does not hold the others back), 16 times the work. Once
    read, the outer cache answers without taking the lock.
    """
    with _TABLE_LOCK:
        return _read_journal_table()


@cache
def _read_journal_table() -> JournalTable:
    data = resources.files("refcheck").joinpath("data/journal_abbreviations.tsv.gz").read_bytes()
    by_title: dict[str, tuple[str, ...]] = {}
    by_abbreviation: dict[str, tuple[str, ...]] = {}
    main_titles: dict[str, tuple[str, ...]] = {}
    for line in gzip.decompress(data).decode("utf-8").splitlines():
        columns = line.split("\t")
        if len(columns) != 5:
            continue
        title, abbreviation, key, abbreviation_key, main_key = columns
        _add(by_title, key, abbreviation)
        _add(by_abbreviation, abbreviation_key, title)
        _add(main_titles, main_key, abbreviation)
    # "Journal of X : official journal of Y" also answers to "Journal of X", unless another
    # journal is called exactly that or several catalogue titles share the main title.
    for key, abbreviations in main_titles.items():
        if key not in by_title and len(abbreviations) == 1:
            by_title[key] = abbreviations
    return JournalTable(by_title=by_title, by_abbreviation=by_abbreviation)


def _add(index: dict[str, tuple[str, ...]], key: str, value: str) -> None:
    # Tuples from the start: most keys have one value, and turning 42,000 lists into tuples
    # afterwards was a third of the table's reading time (read on every check).
    if not key:
        return
    values = index.get(key)
    if values is None:
        index[key] = (value,)
    elif value not in values:
        index[key] = (*values, value)


def nlm_abbreviation(title: str) -> str | None:
    """The MEDLINE abbreviation of a full journal title; None when unknown or ambiguous.

    An abbreviation given as the title (``J. Oral Maxillofac. Surg.``) returns its MEDLINE
    form (``J Oral Maxillofac Surg``) when the table knows it.
    """
    table = journal_table()
    key = title_key(title)
    abbreviations = table.by_title.get(key)
    if abbreviations is not None:
        return abbreviations[0] if len(abbreviations) == 1 else None
    if key in table.by_abbreviation:
        titles = table.by_abbreviation[key]
        known = {a for t in titles for a in table.by_title.get(title_key(t), ())}
        forms = [a for a in known if title_key(a) == key]
        return forms[0] if len(forms) == 1 else None
    return None


def full_titles(abbreviation: str) -> tuple[str, ...]:
    """The full titles the table gives for an abbreviation (dots and case folded)."""
    return journal_table().by_abbreviation.get(title_key(abbreviation), ())


def is_nlm_abbreviation(text: str) -> bool:
    """Whether ``text`` is, dots and case aside, a MEDLINE abbreviation in the table."""
    return title_key(text) in journal_table().by_abbreviation
