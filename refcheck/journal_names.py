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
from bisect import bisect_left
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


# Between the values of one key in the table (the ASCII unit separator: in no title).
VALUE_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class JournalTable:
    """The table's two indexes, each a sorted tuple of ``key<TAB>value<US>value...`` lines.

    A look-up bisects the lines: reading the table is decompressing and splitting it, with
    no per-row work (building dictionaries of its 42,000 keys cost 55 ms of every check).
    """

    titles: tuple[str, ...]  # title key -> MEDLINE abbreviations (more than one: ambiguous)
    abbreviations: tuple[str, ...]  # abbreviation key -> full titles as printed

    def abbreviations_of(self, title_key: str) -> tuple[str, ...] | None:
        return _lookup(self.titles, title_key)

    def titles_of(self, abbreviation_key: str) -> tuple[str, ...] | None:
        return _lookup(self.abbreviations, abbreviation_key)

    def knows(self, key: str) -> bool:
        """Whether ``key`` is a title key or an abbreviation key in the table."""
        return _lookup(self.titles, key) is not None or _lookup(self.abbreviations, key) is not None


def _lookup(lines: tuple[str, ...], key: str) -> tuple[str, ...] | None:
    if not key:
        return None
    probe = key + "\t"  # a tab sorts before every character a key holds
    at = bisect_left(lines, probe)
    if at < len(lines) and lines[at].startswith(probe):
        return tuple(lines[at][len(probe) :].split(VALUE_SEPARATOR))
    return None


_TABLE_LOCK = threading.Lock()


@cache
def journal_table() -> JournalTable:
    """The shipped table, read on first use, once.

    The check's worker threads ask for it together: without the lock each of them reads the
    whole table (``functools.cache`` does not hold the others back). Once read, the outer
    cache answers without taking the lock.
    """
    with _TABLE_LOCK:
        return _read_journal_table()


@cache
def _read_journal_table() -> JournalTable:
    data = resources.files("refcheck").joinpath("data/journal_abbreviations.tsv.gz").read_bytes()
    titles, _, abbreviations = gzip.decompress(data).decode("utf-8").partition("\n\n")
    # split("\n"), not splitlines(): a title may hold a character splitlines() breaks at.
    return JournalTable(
        titles=tuple(titles.rstrip("\n").split("\n")),
        abbreviations=tuple(abbreviations.rstrip("\n").split("\n")),
    )


def nlm_abbreviation(title: str) -> str | None:
    """The MEDLINE abbreviation of a full journal title; None when unknown or ambiguous.

    An abbreviation given as the title (``J. Oral Maxillofac. Surg.``) returns its MEDLINE
    form (``J Oral Maxillofac Surg``) when the table knows it.
    """
    table = journal_table()
    key = title_key(title)
    abbreviations = table.abbreviations_of(key)
    if abbreviations is not None:
        return abbreviations[0] if len(abbreviations) == 1 else None
    titles = table.titles_of(key)
    if titles is not None:
        known = {a for t in titles for a in table.abbreviations_of(title_key(t)) or ()}
        forms = [a for a in known if title_key(a) == key]
        return forms[0] if len(forms) == 1 else None
    return None


def full_titles(abbreviation: str) -> tuple[str, ...]:
    """The full titles the table gives for an abbreviation (dots and case folded)."""
    return journal_table().titles_of(title_key(abbreviation)) or ()


def is_nlm_abbreviation(text: str) -> bool:
    """Whether ``text`` is, dots and case aside, a MEDLINE abbreviation in the table."""
    return journal_table().titles_of(title_key(text)) is not None
