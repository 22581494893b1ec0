"""Does a journal title as printed (often ISO4-abbreviated) name one of a record's containers?

``Dermatol Ther`` names "Dermatologic Therapy": every printed word is a prefix of the
corresponding full word. ISO4 also contracts words (``Natl`` for "National", ``Intl``),
so a printed word may be a subsequence of the full word that starts with the same letter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from refcheck.folding import words
from refcheck.journal_names import full_titles, journal_table, nlm_abbreviation, title_key
from refcheck.validate.text import squash

# Words ISO4 drops from abbreviations (English, Spanish, Portuguese, French, German).
_STOP = frozenset(
    {
        *("of", "the", "and", "for", "in", "on", "at", "to", "a", "an", "de", "del", "la"),
        *("las", "los", "el", "y", "e", "da", "do", "das", "dos", "des", "du", "et", "und"),
        *("der", "die", "fur", "für"),
    }
)


def _content_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text.replace("&", " and ")) if w not in _STOP)


def _is_subsequence(short: str, long: str) -> bool:
    position = 0
    for char in short:
        position = long.find(char, position)
        if position < 0:
            return False
        position += 1
    return True


def _abbreviates(printed: str, full: str) -> bool:
    """Whether the printed word can stand for the full word."""
    if printed == full:
        return True
    if printed[0] != full[0] or len(printed) > len(full):
        return False
    if full.startswith(printed):
        return True
    # Contractions keep the first letter and a subsequence of the rest (Natl, Intl, Assoc).
    return len(printed) >= 3 and _is_subsequence(printed, full)


@lru_cache(maxsize=8192)
def _aligned_words(printed: tuple[str, ...], full: tuple[str, ...]) -> int:
    """Most printed words matched to full words in order (each at most once)."""
    rows, cols = len(printed), len(full)
    best = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            skip = max(best[i + 1][j], best[i][j + 1])
            take = best[i + 1][j + 1] + 1 if _abbreviates(printed[i], full[j]) else 0
            best[i][j] = max(skip, take)
    return best[0][0]


def journal_similarity(printed: str, container: str) -> float:
    """How well ``printed`` names ``container``, in [0, 1] (1: same or a clean abbreviation)."""
    if not printed or not container:
        return 0.0
    if squash(printed) == squash(container):
        return 1.0
    printed_words = _content_words(printed)
    full_words = _content_words(container)
    if not printed_words or not full_words:
        return 0.0
    # An acronym for the whole title ("PNAS", "JAMA" for a one-word container is exact above).
    if len(printed_words) == 1 and len(full_words) > 1:
        acronym = "".join(w[0] for w in full_words)
        if printed_words[0] == acronym or printed_words[0] == "".join(
            w[0] for w in words(container)
        ):
            return 0.9
    matched = _aligned_words(printed_words, full_words)
    return 2 * matched / (len(printed_words) + len(full_words))


def best_journal_similarity(printed: str | None, containers: Iterable[str]) -> float | None:
    """Best similarity over a record's container titles; ``None`` when either side is empty."""
    if not printed:
        return None
    scores = [journal_similarity(printed, container) for container in containers if container]
    if not scores:
        return None
    return max(scores)


# --------------------------------------------------------------------------- identity


@lru_cache(maxsize=4096)
def _journal_keys(name: str) -> frozenset[str]:
    """Every key the NLM table gives one journal: its own, its full titles, its abbreviation,
    with and without a place in parentheses ("J Clin Hypertens (Greenwich)": the catalogue
    lists the qualified and the bare title as two rows of one journal)."""
    keys: set[str] = set()
    for form in {name, _PARENTHESES.sub(" ", name)}:
        keys.add(title_key(form))
        titles = full_titles(form)
        keys.update(title_key(title) for title in titles)
        keys.update(title_key(_PARENTHESES.sub(" ", title)) for title in titles)
        abbreviation = nlm_abbreviation(form)
        if abbreviation is not None:
            keys.add(title_key(abbreviation))
            keys.add(title_key(_PARENTHESES.sub(" ", abbreviation)))
            keys.update(title_key(title) for title in full_titles(abbreviation))
    return frozenset(keys - {""})


@lru_cache(maxsize=4096)
def _known(name: str) -> bool:
    return journal_table().knows(title_key(name))


def names_another_journal(printed: str | None, containers: Iterable[str]) -> bool:
    """Whether the NLM table knows the printed journal and the record's, as two journals.

    Both must be in the table (a journal it lacks cannot be told apart from a variant
    spelling), and no name of the one may be a name of the other.
    """
    containers = [c for c in containers if c]
    if not printed or not _known(printed) or not any(_known(c) for c in containers):
        return False
    printed_keys = _journal_keys(printed)
    return not any(printed_keys & _journal_keys(container) for container in containers)


def same_journal_by_table(printed: str | None, containers: Iterable[str]) -> bool:
    """Whether the NLM table names the printed journal and one of the record's alike."""
    if not printed:
        return False
    printed_keys = _journal_keys(printed)
    return any(printed_keys & _journal_keys(c) for c in containers if c and _known(c))


_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
# Shorter printed words are initials or country codes ("U S A"), not names.
_NAMING_WORD = 4
# Words the NLM catalogue adds to tell journals of one name apart, by place or medium
# ("Lancet Lond Engl", "Spine Phila Pa 1976"), and supplement marks.
_QUALIFIERS = frozenset(
    {
        *("lond", "london", "engl", "england", "phila", "greenwich", "conn", "online", "print"),
        *("suppl", "supplement", "supplements", "edition", "series", "section"),
    }
)


def unexplained_words(printed: str | None, containers: Iterable[str]) -> tuple[str, ...]:
    """Printed journal words that stand for no word of any of the record's container titles
    ("Oncol" in "JAMA Oncol" for "JAMA"): the printed name is another journal's, or longer.

    Parenthesised additions ("Lancet (London, England)") are left out.
    """
    if not printed:
        return ()
    container_words = {w for c in containers if c for w in _content_words(c)}
    if not container_words:
        return ()
    printed_words = _content_words(_PARENTHESES.sub(" ", printed))
    return tuple(
        word
        for word in printed_words
        if len(word) >= _NAMING_WORD
        and not word.isdigit()
        and word not in _QUALIFIERS
        and not any(_abbreviates(word, full) for full in container_words)
    )


def missing_words(printed: str | None, containers: Iterable[str]) -> tuple[str, ...]:
    """Words of the record's journal that no printed word stands for ("Internal Medicine"
    of "JAMA Internal Medicine" when "JAMA" is printed), for the container title that misses
    fewest; none when one of them is fully printed. Abbreviations drop only function words."""
    if not printed:
        return ()
    printed_words = _content_words(_PARENTHESES.sub(" ", printed))
    best: tuple[str, ...] | None = None
    for container in containers:
        if not container:
            continue
        missing = tuple(
            word
            for word in _content_words(_PARENTHESES.sub(" ", container))
            if len(word) >= _NAMING_WORD - 1  # "Res", "Med" of an abbreviated title
            and not word.isdigit()
            and word not in _QUALIFIERS
            and not any(_abbreviates(p, word) for p in printed_words)
        )
        if best is None or len(missing) < len(best):
            best = missing
    return best or ()
