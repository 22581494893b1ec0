"""The whole printed author list against the record's: which author differs, and how.

The first author is compared by ``evidence.check_first_author`` (RC101, RC108); this
module looks at every author after it: a misspelt family name, different initials, two
authors in another order, an author dropped, added or replaced. Names are compared with
``family_agreement``, which already tolerates the record's own quirks (the whole name in
``family``, given and family swapped, particles, transliterated umlauts).

The lists are aligned (an edit distance over names) so that one dropped author does not
make every later author look wrong. Authors the record has after the last printed one are
not compared: ``et al.`` and lists cut short are RC109's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from refcheck.folding import words
from refcheck.models import Author
from refcheck.validate.evidence import Agreement, family_agreement, given_initials_agree
from refcheck.validate.text import initials, squash


class AuthorDifferenceKind(Enum):
    MISSPELT = "misspelt"  # the same person, a family name spelt differently
    INITIALS = "initials"  # the same family name, other initials
    ORDER = "order"  # two authors in each other's places
    MISSING = "missing"  # an author of the record the reference leaves out
    EXTRA = "extra"  # an author the record does not have
    REPLACED = "replaced"  # another name where the record has this author


@dataclass(frozen=True, slots=True)
class AuthorDifference:
    kind: AuthorDifferenceKind
    position: int  # 1-based position in the printed list (the record's, for MISSING)
    cited: str | None
    expected: str | None
    other_position: int | None = None  # the other author of an ORDER difference


# Substitution costs of the alignment; a gap (an author dropped or added) costs 1.
_COST = {Agreement.AGREE: 0.0, Agreement.CLOSE: 0.5, Agreement.DISAGREE: 1.5}
_GAP = 1.0
# More differences than this in one list: the lists are not comparable author by author
# (the record orders its authors otherwise, or merges two lists); one note says so.
MAX_LISTED = 2


def author_label(author: Author) -> str:
    return f"{author.family} {initials(author.given)}".strip()


def _agreement(cited: Author, expected: Author) -> Agreement:
    agreement, _ = family_agreement(cited, expected)
    return Agreement.DISAGREE if agreement is Agreement.UNKNOWN else agreement


def _undo_swaps(
    cited: Sequence[Author], record: list[Author]
) -> tuple[list[Author], list[AuthorDifference]]:
    """The record's list with authors printed in each other's places put back, and those swaps."""
    found = []
    count = min(len(cited), len(record))
    for i in range(1, count):
        if _agreement(cited[i], record[i]) is Agreement.AGREE:
            continue
        for j in range(i + 1, count):
            if (
                _agreement(cited[i], record[j]) is Agreement.AGREE
                and _agreement(cited[j], record[i]) is Agreement.AGREE
            ):
                found.append(
                    AuthorDifference(
                        AuthorDifferenceKind.ORDER,
                        i + 1,
                        author_label(cited[i]),
                        author_label(record[i]),
                        other_position=j + 1,
                    )
                )
                record[i], record[j] = record[j], record[i]
                break
    return record, found


def _align(
    cited: Sequence[Author], record: Sequence[Author]
) -> list[tuple[int | None, int | None, Agreement | None]]:
    """Pairs (cited index, record index, agreement) of a cheapest alignment; ``None`` on the
    side of a gap. Record authors after the last aligned one cost nothing (et al.)."""
    rows, cols = len(cited), len(record)
    agreements = [[_agreement(c, r) for r in record] for c in cited]
    cost = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(1, rows + 1):
        cost[i][0] = i * _GAP
    for j in range(1, cols + 1):
        cost[0][j] = j * _GAP
    for i in range(1, rows + 1):
        for j in range(1, cols + 1):
            cost[i][j] = min(
                cost[i - 1][j - 1] + _COST[agreements[i - 1][j - 1]],
                cost[i - 1][j] + _GAP,
                cost[i][j - 1] + _GAP,
            )
    # Free trailing record authors: end at the cheapest column of the last row.
    j = min(range(cols + 1), key=lambda col: (cost[rows][col], -col))
    i = rows
    pairs: list[tuple[int | None, int | None, Agreement | None]] = []
    while i > 0 or j > 0:
        if i > 0 and j > 0:
            agreement = agreements[i - 1][j - 1]
            if cost[i][j] == cost[i - 1][j - 1] + _COST[agreement]:
                pairs.append((i - 1, j - 1, agreement))
                i, j = i - 1, j - 1
                continue
        if i > 0 and cost[i][j] == cost[i - 1][j] + _GAP:
            pairs.append((i - 1, None, None))
            i -= 1
        else:
            pairs.append((None, j - 1, None))
            j -= 1
    pairs.reverse()
    return pairs


def _printed(name: str, text: str, cited: Sequence[Author]) -> bool:
    """Whether a family name appears, as whole words, in the printed reference more often
    than the parsed authors account for (the parser misread it: a compound name split, a
    name taken for initials)."""
    name_words = " ".join(words(name))
    if not name_words or not text:
        return False
    printed = f" {' '.join(words(text))} ".count(f" {name_words} ")
    parsed = sum(" ".join(words(a.family)) == name_words for a in cited)
    return printed > parsed


def compare_author_lists(
    cited: Sequence[Author], record: Sequence[Author], text: str = ""
) -> tuple[AuthorDifference, ...]:
    """How the printed authors after the first differ from the record's.

    ``text`` is the reference as printed: a record name printed there was misread by the
    parser (a compound name split, a name taken for initials), so it is no difference.
    """
    if len(cited) < 2 or len(record) < 2:
        return ()
    reordered, found = _undo_swaps(cited, list(record))
    for cited_index, record_index, agreement in _align(cited, reordered):
        if cited_index == 0 or record_index == 0:
            continue  # the first author is RC101's and RC108's
        if cited_index is None:
            assert record_index is not None
            # A record author dropped inside the printed list; the ones after it are et al.
            if record_index >= len(cited) or _printed(reordered[record_index].family, text, cited):
                continue
            expected = author_label(reordered[record_index])
            found.append(
                AuthorDifference(AuthorDifferenceKind.MISSING, record_index + 1, None, expected)
            )
            continue
        author = cited[cited_index]
        if record_index is None:
            found.append(
                AuthorDifference(
                    AuthorDifferenceKind.EXTRA, cited_index + 1, author_label(author), None
                )
            )
            continue
        expected_author = reordered[record_index]
        label, expected = author_label(author), author_label(expected_author)
        if agreement is Agreement.AGREE:
            # Initials only when the names agree plainly: a record with given and family
            # swapped, or the whole name in ``family``, has no initials to compare.
            plain = squash(author.family) == squash(expected_author.family)
            if plain and not given_initials_agree(author, expected_author):
                kind = AuthorDifferenceKind.INITIALS
                found.append(AuthorDifference(kind, cited_index + 1, label, expected))
            continue
        if _printed(expected_author.family, text, cited):
            continue
        kind = (
            AuthorDifferenceKind.MISSPELT
            if agreement is Agreement.CLOSE
            else AuthorDifferenceKind.REPLACED
        )
        found.append(AuthorDifference(kind, cited_index + 1, label, expected))
    return tuple(sorted(found, key=lambda d: d.position))
