"""Field-by-field agreement between a parsed reference and a Crossref record.

The matcher weighs these agreements to score candidates and the comparer turns the
disagreements into findings, so both read the same evidence and cannot contradict each
other. A side that lacks a field (thin records, references without an issue) gives
``UNKNOWN``: absence is never evidence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from enum import Enum

from rapidfuzz import fuzz

from refcheck.folding import fold, normal_text, words
from refcheck.models import Author, FindingField, Record, Reference
from refcheck.validate.journals import (
    best_journal_similarity,
    missing_words,
    names_another_journal,
    same_journal_by_table,
    unexplained_words,
)
from refcheck.validate.text import (
    initials,
    main_number,
    number_set,
    page_key,
    page_number,
    split_page_range,
    squash,
    without_work_mark,
)


class Agreement(Enum):
    AGREE = "agree"
    CLOSE = "close"  # agrees in substance; a detail differs (last page, one letter of a name)
    DISAGREE = "disagree"
    UNKNOWN = "unknown"  # one side lacks the field


@dataclass(frozen=True, slots=True)
class FieldEvidence:
    field: FindingField
    agreement: Agreement
    cited: str | None = None
    expected: str | None = None
    similarity: float | None = None  # titles, journals and names: in [0, 1]
    detail: str = ""  # what differs, for the finding's message


def _unknown(
    field: FindingField, cited: str | None = None, expected: str | None = None
) -> FieldEvidence:
    return FieldEvidence(field, Agreement.UNKNOWN, cited, expected)


# --------------------------------------------------------------------------- title


def record_title(record: Record) -> str | None:
    if record.title and record.subtitle and fold(record.subtitle) not in fold(record.title):
        return f"{record.title}: {record.subtitle}"
    return record.title


_BRACKETED = re.compile(r"\[[^\]]*\]")


def _record_titles(record: Record) -> set[str]:
    """The record's title with and without subtitle, and its title in the original language."""
    titles = {record.title or "", record_title(record) or ""}
    titles |= {without_work_mark(title) for title in titles}
    original = record.data.get("original-title")
    if isinstance(original, list):
        titles.update(t for t in original if isinstance(t, str))
    return {normal_text(t) for t in titles} - {""}


_ROMAN_NUMBERS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8}
_SERIES_WORDS = frozenset({"part", "phase", "paper", "section", "stage", "study", "type"})
# The most a title can score when its numbers contradict the record's.
_NUMBER_CONFLICT_CAP = 0.7


def title_numbers(text: str) -> frozenset[int]:
    """The numbers a title carries: digits, and roman numerals after "Part", "Phase"...

    Titles of a series ("... Phase 1 tests", "... Part II") differ in nothing else, so
    their numbers must agree.
    """
    tokens = words(text)
    numbers = {int(token) for token in tokens if token.isdigit() and len(token) <= 6}
    for previous, token in itertools.pairwise(tokens):
        if previous in _SERIES_WORDS and token in _ROMAN_NUMBERS:
            numbers.add(_ROMAN_NUMBERS[token])
    return frozenset(numbers)


def numbers_conflict(first: frozenset[int], second: frozenset[int]) -> bool:
    """Each side has a number the other lacks ("Phase 1" and "Phase 2"). One side having an
    extra number is not a conflict: markup splits "T0" into "T 0" in one of them."""
    return bool(first - second) and bool(second - first)


# Where a title may end and a journal name the parser swallowed begin.
_SEGMENT_BREAK = re.compile(r"[,.]\s+")


def _without_trailing_journal(cited: str, record: Record) -> str:
    """The cited title without a trailing journal name the parser took for part of it
    ("'Factitious lip crusting', Arch. Dermatol."), when that names the record's journal."""
    for match in _SEGMENT_BREAK.finditer(cited):
        head, tail = cited[: match.start()], cited[match.end() :]
        similarity = best_journal_similarity(tail, record.container_titles)
        if words(head) and similarity is not None and similarity >= 0.8:
            return head
    return cited


def title_similarity(cited: str, record: Record) -> float:
    """Similarity in [0, 1] of a cited title to the record's title (with or without subtitle).

    A translation printed in brackets after the title ("Título [Title]") is tried without it.
    Titles whose numbers disagree ("Phase 1" and "Phase 2") are different works, however
    alike the rest reads.
    """
    if not record.title:
        return 0.0
    cited = without_work_mark(cited)
    cited_options = {normal_text(cited), normal_text(_BRACKETED.sub(" ", cited))}
    cited_options.add(normal_text(_without_trailing_journal(cited, record)))
    cited_options.discard("")
    best = 0.0
    for option in _record_titles(record):
        for cited_text in cited_options:
            score = max(fuzz.ratio(cited_text, option), fuzz.token_sort_ratio(cited_text, option))
            score /= 100
            score = max(score, _prefix_similarity(cited_text, option))
            if numbers_conflict(title_numbers(cited_text), title_numbers(option)):
                score = min(score, _NUMBER_CONFLICT_CAP)
            best = max(best, score)
    return best


# What a title cut short scores: close, not agreeing, so the first page must back it up.
_PREFIX_SIMILARITY = 0.85
_PREFIX_MIN_WORDS = 4


def title_is_cut(cited: str | None, record: Record) -> bool:
    """Whether the cited title is the record's title cut short after a few words."""
    cited_words = words(cited)
    if len(cited_words) < _PREFIX_MIN_WORDS - 1:
        return False
    return any(
        option.split()[: len(cited_words)] == cited_words for option in _record_titles(record)
    )


def _prefix_similarity(first: str, second: str) -> float:
    """A title cut short (a dropped subtitle, a style or a record that truncates long
    titles) is the other's first words: close, when it keeps enough of them to identify."""
    shorter, longer = sorted((first.split(), second.split()), key=len)
    if len(shorter) < _PREFIX_MIN_WORDS or 2 * len(shorter) < len(longer):
        return 0.0
    return _PREFIX_SIMILARITY if longer[: len(shorter)] == shorter else 0.0


def title_in_text(text: str, record: Record) -> float:
    """How well the record's title appears somewhere in the reference text, in [0, 1].

    A fallback for when the parser cut the title wrongly; short titles ("Editorial") are
    found in too many texts by chance, so they do not count.
    """
    title = normal_text(record_title(record) or record.title)
    haystack = normal_text(text)
    if len(title.split()) < 4 or not haystack:
        return 0.0
    # Whole words only: "part i" must not be found in "part ii".
    if f" {title} " in f" {haystack} ":
        return 1.0
    alignment = fuzz.partial_ratio_alignment(title, haystack)
    if alignment is None:
        return 0.0
    score = alignment.score / 100
    # The aligned window widened to whole words, so that its numbers are read whole.
    start = haystack.rfind(" ", 0, alignment.dest_start) + 1
    end = haystack.find(" ", alignment.dest_end)
    window = haystack[start : end if end >= 0 else len(haystack)]
    if numbers_conflict(title_numbers(title), title_numbers(window)):
        score = min(score, _NUMBER_CONFLICT_CAP)
    return score


def check_title(reference: Reference, record: Record, text: str = "") -> FieldEvidence:
    if not record.title:
        return _unknown(FindingField.TITLE, reference.title)
    similarity = title_similarity(reference.title, record) if reference.title else 0.0
    if text and similarity < 0.9:
        similarity = max(similarity, title_in_text(text, record))
    if not reference.title and similarity < 0.75:
        # No title was read: the text can only vouch for the record's title, not refute it
        # (styles such as "Kaul AB, J Mater Res 29, 348 (2014)" print none).
        return _unknown(FindingField.TITLE, None, record.title)
    agreement = _grade(similarity, agree=0.9, close=0.75)
    return FieldEvidence(
        FindingField.TITLE, agreement, reference.title, record_title(record), similarity
    )


# --------------------------------------------------------------------------- authors


def _family_key(name: str) -> str:
    return squash(name)


def _untransliterated(key: str) -> str:
    return key.replace("ue", "u").replace("oe", "o").replace("ae", "a")


def family_agreement(cited: Author, expected: Author) -> tuple[Agreement, float]:
    """Whether two authors' family names agree, tolerant of Crossref storing full names."""
    cited_key = _family_key(cited.family)
    expected_key = _family_key(expected.family)
    if not cited_key or not expected_key:
        return Agreement.UNKNOWN, 0.0
    if cited_key == expected_key:
        return Agreement.AGREE, 1.0
    cited_words = words(cited.family)
    expected_words = words(expected.family)
    # Crossref flaw: the whole name in ``family`` ("John Smith"), or particles ("van der").
    if set(cited_words) <= set(expected_words) or set(expected_words) <= set(cited_words):
        return Agreement.AGREE, 0.95
    # The parser may have split a compound name ("Ye D hao") or kept it whole.
    if squash(f"{cited.family} {cited.given or ''}") == expected_key or cited_key == squash(
        f"{expected.family} {expected.given or ''}"
    ):
        return Agreement.AGREE, 0.9
    # Crossref flaw: given and family names swapped ("Wei" family, "Zhang" given).
    if expected.given and cited_key == squash(expected.given):
        return Agreement.AGREE, 0.9
    # German transliteration: "Mueller" for "Müller" (folded to "muller").
    if _untransliterated(cited_key) == _untransliterated(expected_key):
        return Agreement.AGREE, 0.95
    similarity = fuzz.ratio(cited_key, expected_key) / 100
    if similarity >= 0.75:
        return Agreement.CLOSE, similarity
    return Agreement.DISAGREE, similarity


def given_initials_agree(cited: Author, expected: Author) -> bool:
    cited_initials = initials(cited.given)
    expected_initials = initials(expected.given)
    if not cited_initials or not expected_initials:
        return True
    # Formatting differences: a middle initial dropped or added, a hyphenated name.
    return cited_initials[0] == expected_initials[0]


# The first author as printed at the head of a reference: "Aydın İ, ..." -> "Aydın".
_LEADING_NAME = re.compile(r"^\s*([^\W\d_][^\s,.;:()]*)")


def leading_author(text: str) -> Author | None:
    """The first word of the text as a family name, when the parser found no authors.

    Only when the text opens like a Vancouver author list (a short first segment before
    a comma or full stop), so titles of anonymous works are not read as names.
    """
    head = re.split(r"[,.;:(]", text, maxsplit=1)[0]
    parts = head.split()
    if not 2 <= len(parts) <= 4:
        return None
    # Initials follow the family name: "TM", "İ", "Ç".
    if not (len(parts[1]) <= 4 and parts[1].isalpha() and parts[1].isupper()):
        return None
    match = _LEADING_NAME.match(head)
    if match is None:
        return None
    return Author(family=match.group(1))


def check_first_author(reference: Reference, record: Record, text: str = "") -> FieldEvidence:
    cited_authors = reference.authors
    if not cited_authors and text:
        # The parser may have found no person, or taken a person list for a group name.
        fallback = leading_author(text)
        cited_authors = (fallback,) if fallback is not None else ()
    if cited_authors and record.authors:
        cited = cited_authors[0]
        expected = record.authors[0]
        agreement, similarity = family_agreement(cited, expected)
        cited_text = f"{cited.family} {cited.given or ''}".strip()
        expected_text = f"{expected.family} {initials(expected.given)}".strip()
        if agreement is Agreement.AGREE and not given_initials_agree(cited, expected):
            return FieldEvidence(
                FindingField.AUTHORS,
                Agreement.CLOSE,
                cited_text,
                expected_text,
                similarity,
                "first author's initials differ",
            )
        detail = "" if agreement is Agreement.AGREE else "first author differs"
        return FieldEvidence(
            FindingField.AUTHORS, agreement, cited_text, expected_text, similarity, detail
        )
    if reference.collective and record.collectives:
        similarity = max(
            fuzz.token_set_ratio(normal_text(reference.collective), normal_text(name)) / 100
            for name in record.collectives
        )
        agreement = Agreement.AGREE if similarity >= 0.8 else Agreement.UNKNOWN
        return FieldEvidence(
            FindingField.AUTHORS, agreement, reference.collective, record.collectives[0], similarity
        )
    return _unknown(FindingField.AUTHORS)


def author_count_note(reference: Reference, record: Record) -> str | None:
    """A note when the reference's author list is cut short without ``et al``.

    Vancouver lists up to six authors then ``et al.``; other styles list three, or all. Only
    a list that stops early with no ``et al.`` is worth a note, and only when the record is
    evidently complete (several persons).
    """
    cited = len(reference.authors)
    expected = len(record.authors)
    if not cited or reference.et_al or expected <= cited or reference.collective:
        return None
    return f"the reference lists {cited} of {expected} authors without 'et al.'"


# --------------------------------------------------------------------------- numbers


def check_year(reference: Reference, record: Record) -> FieldEvidence:
    if reference.year is None or not record.years:
        return _unknown(FindingField.YEAR)
    cited = str(reference.year)
    expected = str(record.issued_year or record.years[0])
    if reference.year in record.years:
        return FieldEvidence(FindingField.YEAR, Agreement.AGREE, cited, cited)
    nearest = min(abs(reference.year - year) for year in record.years)
    agreement = Agreement.CLOSE if nearest == 1 else Agreement.DISAGREE
    return FieldEvidence(FindingField.YEAR, agreement, cited, expected)


def check_volume(reference: Reference, record: Record) -> FieldEvidence:
    if not reference.volume or not record.volume:
        return _unknown(FindingField.VOLUME, reference.volume, record.volume)
    cited_main = main_number(reference.volume)
    expected_main = main_number(record.volume)
    if cited_main == expected_main or squash(reference.volume) == squash(record.volume):
        return FieldEvidence(FindingField.VOLUME, Agreement.AGREE, reference.volume, record.volume)
    # "1-2" combined volumes, "12(Pt 1)" and the like.
    if number_set(reference.volume) & number_set(record.volume) and (
        len(number_set(reference.volume)) > 1 or len(number_set(record.volume)) > 1
    ):
        return FieldEvidence(FindingField.VOLUME, Agreement.CLOSE, reference.volume, record.volume)
    return FieldEvidence(FindingField.VOLUME, Agreement.DISAGREE, reference.volume, record.volume)


def check_issue(reference: Reference, record: Record) -> FieldEvidence:
    if not reference.issue or not record.issue:
        return _unknown(FindingField.ISSUE, reference.issue, record.issue)
    cited_numbers = number_set(reference.issue)
    expected_numbers = number_set(record.issue)
    if squash(reference.issue) == squash(record.issue) or (cited_numbers & expected_numbers):
        return FieldEvidence(FindingField.ISSUE, Agreement.AGREE, reference.issue, record.issue)
    if not cited_numbers or not expected_numbers:
        # "Suppl" against "S1", season names: formatting, not evidence.
        return _unknown(FindingField.ISSUE, reference.issue, record.issue)
    return FieldEvidence(FindingField.ISSUE, Agreement.DISAGREE, reference.issue, record.issue)


def _format_pages(first: str | None, last: str | None) -> str | None:
    if not first:
        return None
    return f"{first}-{last}" if last and last != first else first


def check_pages(reference: Reference, record: Record) -> FieldEvidence:
    cited_pages = reference.pages
    if cited_pages is None or not cited_pages.first:
        return _unknown(FindingField.PAGES)
    cited_text = _format_pages(cited_pages.first, cited_pages.last)
    record_pages = split_page_range(record.page)
    locators = [p for p in (record_pages.first if record_pages else None,) if p]
    if record.article_number:
        locators.append(record.article_number)
    if not locators:
        return _unknown(FindingField.PAGES, cited_text)
    expected_text = (
        _format_pages(record_pages.first, record_pages.last)
        if record_pages
        else record.article_number
    )
    cited_first = page_key(cited_pages.first)
    first_agrees = any(page_key(locator) == cited_first for locator in locators)
    if not first_agrees:
        # "e1000913" against "1000913", "S12" against "12": the same locator, formatted.
        cited_number = page_number(cited_pages.first)
        first_agrees = cited_number is not None and any(
            page_number(locator) == cited_number
            and squash(locator).lstrip("e") == squash(cited_pages.first).lstrip("e")
            for locator in locators
        )
    if not first_agrees:
        return FieldEvidence(
            FindingField.PAGES,
            Agreement.DISAGREE,
            cited_text,
            expected_text,
            detail="first page differs",
        )
    if record_pages and record_pages.last and cited_pages.last:
        first_number = page_number(record_pages.first)
        last_number = page_number(record_pages.last)
        # Crossref flaw: a last page lower than the first says nothing reliable.
        sane = first_number is not None and last_number is not None and last_number >= first_number
        if sane and page_key(record_pages.last) != page_key(cited_pages.last):
            return FieldEvidence(
                FindingField.PAGES,
                Agreement.CLOSE,
                cited_text,
                expected_text,
                detail="last page differs",
            )
    return FieldEvidence(FindingField.PAGES, Agreement.AGREE, cited_text, expected_text)


def _grade(similarity: float, *, agree: float, close: float) -> Agreement:
    if similarity >= agree:
        return Agreement.AGREE
    if similarity >= close:
        return Agreement.CLOSE
    return Agreement.DISAGREE


# ``FieldEvidence.detail`` of a journal the NLM table knows as another one than the record's.
ANOTHER_JOURNAL = "another journal"


def check_journal(reference: Reference, record: Record) -> FieldEvidence:
    containers = record.container_titles
    similarity = best_journal_similarity(reference.journal, containers)
    if similarity is None:
        return _unknown(FindingField.JOURNAL)
    expected = containers[0] if containers else None
    if similarity < 1.0 and same_journal_by_table(reference.journal, containers):
        similarity = 1.0
    agreement = _grade(similarity, agree=0.8, close=0.5)
    detail = ""
    # Only a name that does not read as the record's: the table's rows are not exhaustive.
    if agreement is not Agreement.AGREE and names_another_journal(reference.journal, containers):
        detail = ANOTHER_JOURNAL
    elif agreement is not Agreement.DISAGREE and similarity < 1.0:
        extra = unexplained_words(reference.journal, containers)
        missing = missing_words(reference.journal, containers) if not extra else ()
        if extra:
            detail = f"'{', '.join(extra)}' names nothing in the record's journal"
        elif missing and agreement is Agreement.CLOSE:
            detail = f"the record's journal has '{', '.join(missing)}' besides"
    return FieldEvidence(
        FindingField.JOURNAL, agreement, reference.journal, expected, similarity, detail
    )


@dataclass(frozen=True, slots=True)
class Evidence:
    """Every field's agreement for one reference-record pair."""

    title: FieldEvidence
    authors: FieldEvidence
    year: FieldEvidence
    volume: FieldEvidence
    issue: FieldEvidence
    pages: FieldEvidence
    journal: FieldEvidence

    @property
    def numbers(self) -> tuple[FieldEvidence, ...]:
        return (self.year, self.volume, self.pages)

    def all(self) -> tuple[FieldEvidence, ...]:
        return (
            self.authors,
            self.title,
            self.journal,
            self.year,
            self.volume,
            self.issue,
            self.pages,
        )


def gather_evidence(reference: Reference, record: Record, text: str = "") -> Evidence:
    """Compare every field; ``text`` (the reference as printed) backs up a mis-parsed title."""
    return Evidence(
        title=check_title(reference, record, text),
        authors=check_first_author(reference, record, text),
        year=check_year(reference, record),
        volume=check_volume(reference, record),
        issue=check_issue(reference, record),
        pages=check_pages(reference, record),
        journal=check_journal(reference, record),
    )
