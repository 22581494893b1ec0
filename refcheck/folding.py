"""Accent folding: the one function every stage compares names and words with.

``fold("Müller")`` -> ``"muller"``; letters that do not decompose into a base letter and an
accent are spelled out (``ß`` -> ``ss``, ``ø`` -> ``o``, ``ł`` -> ``l``, ``æ`` -> ``ae``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Lower case without accents (``Müller`` -> ``muller``); ``ß``/``ø``/``ł`` spelled out."""
    if text.isascii():  # most text: nothing to decompose or spell out (a 20x shorter path)
        return text.lower()
    return _fold_unicode(text)


@functools.lru_cache(maxsize=4096)
def _fold_unicode(text: str) -> str:
    # The same names and titles are folded once per candidate record: remember them.
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.lower().translate(_SPECIAL)


_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """The words of ``text``, folded; punctuation and markup characters dropped."""
    if not text:
        return []
    return list(_words(text))


@functools.lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    # Each candidate record's title and names are split again for every comparison: a warm
    # run of 100 references asks 21,000 times for 2,900 distinct strings.
    return tuple(_WORD.findall(fold(text)))


def normal_text(text: str | None) -> str:
    """Folded words joined by single spaces: the form titles and names are compared in
    (``"Groß-Müller, J."`` -> ``"gross muller j"``)."""
    return " ".join(words(text))
