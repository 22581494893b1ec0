"""Checks between the body's in-text citations and the reference list (codes RC401-RC499).

They run offline, on what the extractor found: which references the body cites, whether
every cited number exists, whether the list is numbered in order of first citation (as
Vancouver requires) and whether the list holds the same work twice. Checks that need the
body run only when the document has one; a bare list gets the list-only checks.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from types import MappingProxyType

from rapidfuzz import fuzz

from refcheck.findings import FindingCode
from refcheck.folding import fold
from refcheck.models import (
    Citation,
    Document,
    Finding,
    FindingField,
    ParsedReference,
    Reference,
    Severity,
)
from refcheck.validate.manager_fields import MANAGER_DIFFERS, manager_findings

__all__ = [
    "CITATION_CODES",
    "CitationFindings",
    "check_citations",
    "find_duplicates",
]


def _citation_code(code: str, severity: Severity, name: str) -> FindingCode:
    return FindingCode(code, FindingField.CITATION, severity, name)


UNCITED = _citation_code("RC401", Severity.WARNING, "reference-not-cited")
MISSING_NUMBER = _citation_code("RC402", Severity.ERROR, "citation-without-reference")
# RC402 for numbers read only from weak evidence: "(12)" or digits glued to a word.
MAYBE_MISSING_NUMBER = _citation_code("RC409", Severity.INFO, "number-without-reference")
OUT_OF_ORDER = _citation_code("RC403", Severity.WARNING, "citations-out-of-order")
DUPLICATE = _citation_code("RC404", Severity.WARNING, "duplicate-reference")
MISSING_KEY = _citation_code("RC405", Severity.ERROR, "citation-key-without-reference")
NO_CITATIONS = _citation_code("RC406", Severity.INFO, "no-citations-found")
NUMBERING = _citation_code("RC407", Severity.WARNING, "reference-numbering")

CITATION_CODES: tuple[FindingCode, ...] = (
    UNCITED,
    MISSING_NUMBER,
    OUT_OF_ORDER,
    DUPLICATE,
    MISSING_KEY,
    NO_CITATIONS,
    NUMBERING,
    MANAGER_DIFFERS,
    MAYBE_MISSING_NUMBER,
)

# Below this many cited references in a list of at least _FEW_CITED_LIST_SIZE, the body's
# citations were most likely not recognised (author-year style, images); one note then
# replaces a warning on every reference.
_FEW_CITED = 3
_FEW_CITED_LIST_SIZE = 6
# At most this many numbering findings per list: a misread list should not bury the rest.
_MAX_NUMBERING_FINDINGS = 5
# Two references whose normalised texts are at least this similar (rapidfuzz ratio, 0-100)
# and whose parsed fields do not disagree are taken to be the same work.
DUPLICATE_TEXT_SIMILARITY = 90.0
_LINES_SHOWN = 5
# Missing numbers in a run at least this long are reported as one finding.
_MIN_MISSING_RUN = 3
# A list is in citation order when more than this share of consecutive first citations ascend.
_CITATION_ORDER_SHARE = 0.5
# A numbered list is alphabetical when at least this share of consecutive entries have their
# first authors in alphabetical order (a list in citation order: about half).
_ALPHABETICAL_SHARE = 0.85
_MIN_ALPHABETICAL_LIST = 5


@dataclass(frozen=True, slots=True)
class CitationFindings:
    """Findings of the citation checks.

    ``document``: document-level findings, each with ``line`` (a citation's line).
    ``by_reference``: index into the ``references`` passed to ``check_citations`` ->
    findings about that reference (its ``line`` is the reference's line).
    """

    document: tuple[Finding, ...] = ()
    by_reference: Mapping[int, tuple[Finding, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )

    def for_reference(self, index: int) -> tuple[Finding, ...]:
        return self.by_reference.get(index, ())


def check_citations(document: Document, references: Sequence[ParsedReference]) -> CitationFindings:
    """Check the body's citations against the reference list, and the list against itself."""
    document_findings: list[Finding] = []
    by_reference: dict[int, list[Finding]] = {}

    bounds = (0, *document.list_starts, len(references))
    for start, stop in itertools.pairwise(bounds):
        document_findings.extend(_numbering_findings(references[start:stop]))
    for index, finding in find_duplicates(references):
        by_reference.setdefault(index, []).append(finding)

    for index, finding in manager_findings(document.cited_items, references):
        by_reference.setdefault(index, []).append(finding)

    if document.has_body and references:
        cited = _CitationIndex(document.citations, references, document.list_starts)
        document_findings.extend(cited.missing_number_findings())
        document_findings.extend(cited.missing_key_findings())
        if not cited.cites_everything:
            sparse = cited.sparse_finding(document.citations)
            if sparse is not None:
                document_findings.append(sparse)
            else:
                for index, finding in cited.uncited_findings():
                    by_reference.setdefault(index, []).append(finding)
        order = cited.order_finding()
        if order is not None:
            document_findings.append(order)

    document_findings.sort(key=lambda finding: (finding.line or 0, finding.code))
    return CitationFindings(
        document=tuple(document_findings),
        by_reference=MappingProxyType(
            {index: tuple(findings) for index, findings in sorted(by_reference.items())}
        ),
    )


# --------------------------------------------------------------------------- body x list


def _number_index(
    references: Sequence[ParsedReference], list_starts: Sequence[int]
) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Printed number -> the first entry with it, and number -> the entries of later lists
    that share it (several lists each numbered from 1: a cited number may be in any)."""
    by_number: dict[int, int] = {}
    later_lists: dict[int, list[int]] = {}
    numbered = [i for i, ref in enumerate(references) if ref.raw.number is not None]
    if numbered:
        for index in numbered:
            number = references[index].raw.number
            assert number is not None
            if number in by_number and any(index >= start for start in list_starts):
                later_lists.setdefault(number, []).append(index)
            by_number.setdefault(number, index)
    elif not any(ref.raw.fields is not None for ref in references):
        # An unnumbered list cited by number (a Word list numbered automatically and
        # read without its numbers): the nth entry is reference n. Not so for entries
        # of a .bib/.ris file, whose order says nothing about the printed numbers.
        by_number = {index + 1: index for index in range(len(references))}
    return by_number, later_lists


class _CitationIndex:
    """Which reference each citation points at, and where each reference is first cited."""

    def __init__(
        self,
        citations: Sequence[Citation],
        references: Sequence[ParsedReference],
        list_starts: Sequence[int] = (),
    ):
        self.references = references
        self.by_number, later_lists = _number_index(references, list_starts)
        self.by_key: dict[str, int] = {}
        for index, ref in enumerate(references):
            if ref.raw.key:
                self.by_key.setdefault(ref.raw.key, index)

        self.cites_everything = False
        self.missing_numbers: dict[int, list[int]] = {}  # number -> lines
        self.missing_surely: set[int] = set()  # cited at least once by strong evidence
        self.missing_keys: dict[str, list[int]] = {}  # key -> lines
        # number or key -> the words around its first citation
        self.missing_context: dict[int | str, str] = {}
        # index -> line of first citation, in the order references are first cited
        self.first_cited: dict[int, int] = {}
        self.first_context: dict[int, str] = {}
        # Cited only by numbers read from the text in a document that cites through a
        # reference manager's fields: enough to count as cited, too weak for an error.
        self.weakly_cited: set[int] = set()
        self.citation_count = 0
        has_fields = any(citation.from_field for citation in citations)
        for citation in citations:
            weak = has_fields and not citation.from_field and not citation.keys
            indexes = [
                *self._cited_by_number(citation, later_lists, weak),
                *self._cited_by_key(citation),
            ]
            if weak:
                self.weakly_cited.update(indexes)
            else:
                self._note_first_citations(citation, indexes)

    def _cited_by_number(
        self, citation: Citation, later_lists: Mapping[int, list[int]], weak: bool
    ) -> list[int]:
        """The entries the citation's numbers point at; a number without one is noted as
        missing, unless the citation is too weak to tell."""
        indexes: list[int] = []
        for number in citation.numbers:
            if number in self.by_number:
                indexes.append(self.by_number[number])
                indexes.extend(later_lists.get(number, ()))
            elif not weak:
                self.missing_numbers.setdefault(number, []).append(citation.line)
                self.missing_context.setdefault(number, citation.context)
                if not citation.weak:
                    self.missing_surely.add(number)
        return indexes

    def _cited_by_key(self, citation: Citation) -> list[int]:
        """The entries the citation's keys point at; a key without one is noted as missing."""
        indexes: list[int] = []
        for key in citation.keys:
            if key == "*":  # \nocite{*}: every entry is meant to be listed
                self.cites_everything = True
            elif key in self.by_key:
                indexes.append(self.by_key[key])
            else:
                self.missing_keys.setdefault(key, []).append(citation.line)
                self.missing_context.setdefault(key, citation.context)
        return indexes

    def _note_first_citations(self, citation: Citation, indexes: Sequence[int]) -> None:
        """Count the citation, and note it for the entries it is the first to cite."""
        if citation.numbers or citation.keys:
            self.citation_count += 1
        # Within one citation ("[4, 3]"), the order printed is not an order of citing.
        for index in sorted(indexes, key=self.position):
            if index not in self.first_cited:
                self.first_cited[index] = citation.line
                self.first_context[index] = citation.context

    def position(self, index: int) -> int:
        """Where the reference stands in the list: its printed number, else its place."""
        number = self.references[index].raw.number
        return number if number is not None else index + 1

    def label(self, index: int) -> str:
        return f"reference {self.position(index)}"

    def missing_number_findings(self) -> list[Finding]:
        """One finding per missing number, or per run of three or more consecutive ones
        (a list cut short would otherwise give one error per lost entry). Numbers seen only
        in parentheses or glued to words get a note (RC409) instead of an error."""
        sure = sorted(n for n in self.missing_numbers if n in self.missing_surely)
        unsure = sorted(n for n in self.missing_numbers if n not in self.missing_surely)
        return [
            *self._missing_runs(sure, MISSING_NUMBER, "Citation", "Citations"),
            *self._missing_runs(unsure, MAYBE_MISSING_NUMBER, "The number", "The numbers"),
        ]

    def _missing_runs(
        self, numbers: Sequence[int], code: FindingCode, one: str, many: str
    ) -> list[Finding]:
        findings = []
        highest = max(self.by_number, default=0)
        size = _count(len(self.references), "reference")
        extent = size if highest == len(self.references) else f"{size}, numbered up to {highest}"
        maybe = "" if code is MISSING_NUMBER else ", if it is a citation"
        for run in _consecutive_runs(numbers):
            first_line = min(self.missing_numbers[number][0] for number in run)
            if len(run) >= _MIN_MISSING_RUN:
                label = f"{run[0]}–{run[-1]}"
                message = (
                    f"{many} {label} ({len(run)} numbers) have no entry in the reference "
                    f"list (the list has {extent}){maybe}; the list may be incomplete"
                    f"{_quoted(self.missing_context.get(run[0], ''))}."
                )
                findings.append(_finding(code, message, line=first_line, cited=label))
                continue
            for number in run:
                findings.append(
                    _finding(
                        code,
                        f"{one} {number} has no entry in the reference list "
                        f"(the list has {extent}){maybe}{_where(self.missing_numbers[number])}"
                        f"{_quoted(self.missing_context.get(number, ''))}.",
                        line=self.missing_numbers[number][0],
                        cited=str(number),
                    )
                )
        return findings

    def missing_key_findings(self) -> list[Finding]:
        return [
            _finding(
                MISSING_KEY,
                f"Citation key '{key}' has no entry in the reference list{_where(lines)}"
                f"{_quoted(self.missing_context.get(key, ''))}.",
                line=lines[0],
                cited=key,
            )
            for key, lines in self.missing_keys.items()
        ]

    def uncited_findings(self) -> list[tuple[int, Finding]]:
        return [
            (
                index,
                _finding(
                    UNCITED,
                    f"Reference {self.position(index)} is never cited in the text.",
                    line=ref.raw.line,
                    cited=_shorten(ref.raw.text),
                ),
            )
            for index, ref in enumerate(self.references)
            if index not in self.first_cited and index not in self.weakly_cited
        ]

    def sparse_finding(self, citations: Sequence[Citation]) -> Finding | None:
        """One note instead of a warning per reference when citations were not recognised."""
        total = len(self.references)
        cited = len(self.first_cited)
        if cited >= _FEW_CITED or (total < _FEW_CITED_LIST_SIZE and cited > 0):
            return None
        if self.citation_count == 0:
            message = (
                f"No numbered in-text citations were found in the text, so the "
                f"{_count(total, 'reference')} could not be matched to citations "
                f"(author-year citations are not checked)."
            )
        elif cited == 0:
            message = (
                f"None of the {_count(total, 'reference')} is cited in the text: the "
                f"{_count(self.citation_count, 'citation')} found point at no entry of the list."
            )
        else:
            message = (
                f"Only {cited} of the {_count(total, 'reference')} are cited by number in "
                f"the text; citations in another form (author-year, images) are not checked, "
                f"so uncited references are not reported one by one."
            )
        first_line = next((ref.raw.line for ref in self.references if ref.raw.line), None)
        line = citations[0].line if citations else first_line
        return _finding(NO_CITATIONS, message, line=line or 1)

    @staticmethod
    def _in_citation_order(positions: Sequence[int]) -> bool:
        """Most consecutive first citations ascend: the list is numbered by citation.

        A list numbered alphabetically (PAIN, APA numbered) ascends about half the time.
        """
        pairs = list(pairwise(positions))
        if not pairs:
            return True
        ascending = sum(1 for earlier, later in pairs if later > earlier)
        return ascending > _CITATION_ORDER_SHARE * len(pairs)

    def order_finding(self) -> Finding | None:
        """Vancouver numbers references in the order they are first cited: check that order.

        Reported once, at the first citation that breaks the order, with a count: when a
        list is ordered some other way (alphabetically) every reference would be "late".
        """
        if any(ref.raw.fields is not None for ref in self.references):
            return None  # entries from a .bib/.ris file: their file order is not printed
        first_seen = list(self.first_cited.items())
        if _alphabetical(self.references) or not self._in_citation_order(
            [self.position(index) for index, _ in first_seen]
        ):
            return None  # numbered some other way (alphabetically): no order to check
        highest_index: int | None = None
        late: list[tuple[int, int, int]] = []  # (index, line, index cited before it)
        for index, line in first_seen:
            if highest_index is not None and self.position(index) < self.position(highest_index):
                late.append((index, line, highest_index))
            elif highest_index is None or self.position(index) > self.position(highest_index):
                highest_index = index
        if not late:
            return None
        index, line, before = late[0]
        others = len(late) - 1
        more = (
            f" {others} more {'reference is' if others == 1 else 'references are'} "
            f"first cited out of order."
            if others
            else ""
        )
        before_line = self.first_cited[before]
        where = "earlier on the same line" if before_line == line else f"on line {before_line}"
        return _finding(
            OUT_OF_ORDER,
            f"Reference {self.position(index)} is first cited on line {line}"
            f"{_in_brackets(self.first_context.get(index, ''))}, after "
            f"{self.label(before)} (first cited {where}); "
            f"Vancouver numbers references in the order they are first cited.{more}",
            line=line,
            cited=str(self.position(index)),
        )


# --------------------------------------------------------------------------- the list alone


def _first_author(ref: ParsedReference) -> str | None:
    reference = ref.reference
    name = reference.authors[0].family if reference.authors else reference.collective
    return fold(name) if name else None


def _alphabetical(references: Sequence[ParsedReference]) -> bool:
    """The list is sorted by first author (PAIN and other styles number it so)."""
    names = [name for name in map(_first_author, references) if name]
    if len(names) < _MIN_ALPHABETICAL_LIST:
        return False
    pairs = list(pairwise(names))
    in_order = sum(1 for earlier, later in pairs if earlier <= later)
    return in_order >= _ALPHABETICAL_SHARE * len(pairs)


def _numbering_findings(references: Sequence[ParsedReference]) -> list[Finding]:
    """Numbers printed in the list that skip or repeat (1, 2, 4 / 1, 2, 2)."""
    findings: list[Finding] = []
    previous: int | None = None
    seen: dict[int, int | None] = {}
    for ref in references:
        number = ref.raw.number
        if number is None:
            continue
        if number in seen:
            first_line = seen[number]
            where = f" (first on line {first_line})" if first_line else ""
            findings.append(
                _finding(
                    NUMBERING,
                    f"Reference number {number} appears twice in the list{where}.",
                    line=ref.raw.line,
                    cited=str(number),
                )
            )
        elif previous is not None and number != previous + 1:
            expected = previous + 1
            if number > expected:
                gap = str(expected) if number == expected + 1 else f"{expected}–{number - 1}"
                message = f"The reference list skips from {previous} to {number} ({gap} missing)."
            else:
                message = f"Reference {number} comes after reference {previous} in the list."
            findings.append(
                _finding(
                    NUMBERING, message, line=ref.raw.line, cited=str(number), expected=str(expected)
                )
            )
        seen.setdefault(number, ref.raw.line)
        previous = number if previous is None else max(previous, number)
        if len(findings) >= _MAX_NUMBERING_FINDINGS:
            break
    return findings


_DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/\S+", re.I)
_URL_OR_ID = re.compile(r"https?://\S+|\bdoi:\s*\S+|\b10\.\d{4,9}/\S+|\bpmid:?\s*\d+", re.I)
_NON_WORD = re.compile(r"[\W_]+")


def _doi_of(ref: ParsedReference) -> str | None:
    if ref.reference.doi:
        return ref.reference.doi.lower().rstrip(".")
    match = _DOI_IN_TEXT.search(ref.raw.text)
    return match.group(0).lower().rstrip(".,;") if match else None


def _normalised_text(text: str) -> str:
    return _NON_WORD.sub(" ", _URL_OR_ID.sub(" ", text).lower()).strip()


def _field_values(reference: Reference) -> dict[str, str]:
    pages = reference.pages
    values = {
        "year": str(reference.year) if reference.year is not None else None,
        "volume": reference.volume,
        "issue": reference.issue,
        "first page": pages.first if pages else None,
        "last page": pages.last if pages else None,
    }
    return {name: value.strip().lower() for name, value in values.items() if value}


def _disagree(a: ParsedReference, b: ParsedReference) -> bool:
    """True when parsed fields show two similar texts are different works (part 1 / part 2)."""
    fields_a, fields_b = _field_values(a.reference), _field_values(b.reference)
    if any(fields_a[name] != fields_b[name] for name in fields_a.keys() & fields_b.keys()):
        return True
    title_a, title_b = a.reference.title, b.reference.title
    if title_a and title_b:
        return re.findall(r"\d+", title_a) != re.findall(r"\d+", title_b)
    # Unparsed: the numbers in the texts (year, volume, pages) must be the same.
    return sorted(re.findall(r"\d+", _normalised_text(a.raw.text))) != sorted(
        re.findall(r"\d+", _normalised_text(b.raw.text))
    )


# Copies of one work never differ in these (``_disagree`` rejects such pairs), so references
# that have all three are compared only within their own bucket: near-linear for real lists.
_BLOCK_FIELDS = ("year", "volume", "first page")


def _candidate_pairs(references: Sequence[ParsedReference]) -> Iterator[tuple[int, int]]:
    """Pairs (first, later) of references whose year, volume and first page do not differ."""
    fields = [_field_values(ref.reference) for ref in references]
    buckets: dict[tuple[str, ...], list[int]] = {}
    partial: list[int] = []
    for index, values in enumerate(fields):
        if all(name in values for name in _BLOCK_FIELDS):
            buckets.setdefault(tuple(values[name] for name in _BLOCK_FIELDS), []).append(index)
        else:
            partial.append(index)
    for members in buckets.values():
        yield from combinations(members, 2)
    # A reference missing one of the fields may be a copy of any reference that agrees on
    # the fields it has.
    is_partial = set(partial)
    for i in partial:
        block = {name: fields[i][name] for name in _BLOCK_FIELDS if name in fields[i]}
        for j, values in enumerate(fields):
            if j == i or (j in is_partial and j < i):
                continue
            if all(values.get(name, value) == value for name, value in block.items()):
                yield (i, j) if i < j else (j, i)


def find_duplicates(references: Sequence[ParsedReference]) -> list[tuple[int, Finding]]:
    """Later copies of a work already in the list: same DOI, or near-identical text.

    Each copy gets one finding pointing at the first copy. Two different DOIs are never
    the same work, however alike the texts (an article and its erratum).
    """
    dois = [_doi_of(ref) for ref in references]
    texts = [_normalised_text(ref.raw.text) for ref in references]
    first_copy: dict[int, tuple[int, str]] = {}  # later index -> (first index, reason)
    for first, later in _candidate_pairs(references):
        # A ratio of 90 needs lengths within ~20%.
        shorter, longer = sorted((len(texts[first]), len(texts[later])))
        if shorter < 0.8 * longer:
            continue
        reason = _duplicate_reason(
            references[first],
            references[later],
            dois[first],
            dois[later],
            texts[first],
            texts[later],
        )
        if reason is None:
            continue
        known = first_copy.get(later)
        if known is None or first < known[0]:
            first_copy[later] = (first, reason)
    # DOIs are compared across all pairs, whatever their text lengths.
    seen_doi: dict[str, int] = {}
    for index, doi in enumerate(dois):
        if doi is None:
            continue
        if doi in seen_doi:
            known = first_copy.get(index)
            if known is None or seen_doi[doi] < known[0]:
                first_copy[index] = (seen_doi[doi], f"the same DOI ({doi})")
        else:
            seen_doi[doi] = index

    out = []
    for later, (first, reason) in sorted(first_copy.items()):
        # Point at the first copy, not at another copy of it.
        while first in first_copy:
            first = first_copy[first][0]
        original = references[first].raw
        label = f"reference {original.number}" if original.number else f"entry {first + 1}"
        where = f" (line {original.line})" if original.line else ""
        out.append(
            (
                later,
                _finding(
                    DUPLICATE,
                    f"This reference duplicates {label}{where}: {reason}.",
                    line=references[later].raw.line,
                    cited=_shorten(references[later].raw.text),
                    expected=str(original.number) if original.number else None,
                ),
            )
        )
    return out


def _duplicate_reason(
    a: ParsedReference,
    b: ParsedReference,
    doi_a: str | None,
    doi_b: str | None,
    text_a: str,
    text_b: str,
) -> str | None:
    if doi_a and doi_b:
        return f"the same DOI ({doi_a})" if doi_a == doi_b else None
    if not text_a or not text_b:
        return None
    score = fuzz.ratio(text_a, text_b, score_cutoff=DUPLICATE_TEXT_SIMILARITY)
    if score and not _disagree(a, b):
        return "the same work, in near-identical text"
    return None


# --------------------------------------------------------------------------- helpers


def _finding(
    code: FindingCode,
    message: str,
    *,
    line: int | None,
    cited: str | None = None,
    expected: str | None = None,
) -> Finding:
    return code.make(message, cited=cited, expected=expected, line=line)


def _consecutive_runs(numbers: Sequence[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 9, 10] -> [[1, 2, 3], [7], [9, 10]] (``numbers`` sorted)."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return runs


def _where(lines: Sequence[int]) -> str:
    unique = sorted(set(lines))
    if len(lines) == 1:
        return ""  # the finding's own line says where
    shown = ", ".join(str(line) for line in unique[:_LINES_SHOWN])
    more = ", ..." if len(unique) > _LINES_SHOWN else ""
    return f" (cited {len(lines)} times, lines {shown}{more})"


def _quoted(context: str) -> str:
    """': "...the words around the citation..."' to show where it stands, or nothing."""
    return f': "{context}"' if context else ""


def _in_brackets(context: str) -> str:
    return f' ("{context}")' if context else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
