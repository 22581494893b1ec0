"""DOI normalisation: the one form every stage looks DOIs up, caches and compares them in.

``normalise_doi(" https://dx.doi.org/10.1000/ABC. ")`` -> ``"10.1000/abc"``: no resolver URL,
no ``doi:`` label, no surrounding space, no sentence punctuation after it, lower case (DOIs are
case-insensitive). A DOI that really ends in ``.``, ``,`` or ``;`` cannot be told from one that
ends a sentence; Crossref's DOI rules discourage such suffixes, so the sentence wins.
"""

from __future__ import annotations

_RESOLVERS = ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/")
_TRAILING = ".,;"


def normalise_doi(doi: str) -> str:
    """A bare, lower-case DOI; ``""`` when nothing is left."""
    text = doi.strip()
    lowered = text.lower()
    for prefix in _RESOLVERS:
        if lowered.startswith(prefix):
            text = text[len(prefix) :]
            break
    else:
        if lowered.startswith("doi:"):
            text = text[4:]
    return text.strip().rstrip(_TRAILING).lower()
