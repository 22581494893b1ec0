"""Accent folding: the one function every stage compares names and words with.

``fold("Müller")`` -> ``"muller"``; letters that do not decompose into a base letter and an
accent are spelled out (``ß`` -> ``ss``, ``ø`` -> ``o``, ``ł`` -> ``l``, ``æ`` -> ``ae``).
"""

from __future__ import annotations

import functools
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
