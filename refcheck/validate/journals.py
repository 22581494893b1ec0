"""Does a journal title as printed (often ISO4-abbreviated) name one of a record's containers?

``Dermatol Ther`` names "Dermatologic Therapy": every printed word is a prefix of the
corresponding full word. ISO4 also contracts words (``Natl`` for "National", ``Intl``),
so a printed word may be a subsequence of the full word that starts with the same letter.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from refcheck.validate.text import squash, words

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
