"""The values passed between refcheck's pipeline stages.

extract -> ``Document`` (``RawReference`` + ``Citation``)
parse   -> ``ParsedReference`` (``Reference`` + parse ``Finding``s)
resolve -> ``Resolution`` (one of ``Matched`` / ``Unresolved`` / ``Ambiguous`` / ``Failed`` /
           ``Skipped``), each carrying the Crossref ``Record``s it is about
validate-> ``Finding``s, folded into a ``CheckedReference`` with a ``Status``
report  -> ``FileReport`` / ``Report``

Every value is a frozen, slotted dataclass: stages never mutate what they receive.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from refcheck.validate.evidence import Evidence

# --------------------------------------------------------------------------- enums


class ReferenceType(StrEnum):
    JOURNAL_ARTICLE = "journal-article"
    BOOK = "book"
    CHAPTER = "chapter"
    WEB = "web"
    CONFERENCE = "conference"
    THESIS = "thesis"
    REPORT = "report"
    OTHER = "other"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class FindingField(StrEnum):
    DOI = "doi"
    AUTHORS = "authors"
    TITLE = "title"
    JOURNAL = "journal"
    YEAR = "year"
    VOLUME = "volume"
    ISSUE = "issue"
    PAGES = "pages"
    RETRACTION = "retraction"
    CITATION = "citation"
    STYLE = "style"
    PARSE = "parse"


class Status(StrEnum):
    VERIFIED = "verified"
    MISMATCH = "mismatch"
    UNRESOLVED = "unresolved"
    AMBIGUOUS = "ambiguous"
    FAILED = "failed"
    SKIPPED = "skipped"


# --------------------------------------------------------------------------- findings


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or note) about a reference or a document.

    ``code`` is stable and documented in ``docs/findings/<code>.md``.
    ``line`` is set for document-level findings (1-based line in the input).
    """

    code: str
    field: FindingField
    severity: Severity
    message: str
    cited: str | None = None
    expected: str | None = None
    line: int | None = None


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class RawReference:
    """A reference as found in the manuscript, before parsing."""

    number: int | None  # as printed; None when unnumbered
    text: str  # whitespace-normalised, one line
    line: int | None  # 1-based line where it starts; None if unknown
    key: str | None = None  # citation key (LaTeX \bibitem, BibTeX entry) when there is one
    # Fields already structured by the source (a .bib/.ris entry); the parser trusts them.
    fields: Mapping[str, Any] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Citation:
    """An in-text citation: the numbers (or keys) cited at one place in the body."""

    line: int
    numbers: tuple[int, ...] = ()
    keys: tuple[str, ...] = ()
    text: str = ""  # the citation as printed, e.g. "[1–3]" or "⁵˒⁶"
    # The words around it on its line, to show where it is ("... as shown before [12] in ...").
    context: str = field(default="", compare=False)
    # Read from a reference manager's citation field (Word: Zotero, Mendeley, EndNote), whose
    # numbers are the cited items, not a guess from the text.
    from_field: bool = False
    # Numbers in parentheses, or digits glued to a word in PDF text: often a count, an
    # equation or an item number, so a missing entry for them is a note, not an error.
    weak: bool = False


@dataclass(frozen=True, slots=True)
class ManagerRecord:
    """What a reference manager holds about one cited work (CSL JSON of Zotero and
    Mendeley, EndNote's XML), as read from a Word citation field."""

    title: str | None = None
    first_author: str | None = None  # family name
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    first_page: str | None = None
    doi: str | None = None


@dataclass(frozen=True, slots=True)
class CitedItem:
    """A work cited through a reference manager's field, matched to an entry of the list."""

    line: int  # the citation's line in the body
    manager: str  # "Zotero", "Mendeley", "EndNote"
    reference: int  # index into ``Document.references``
    record: ManagerRecord
    citation: str = ""  # the citation as printed


@dataclass(frozen=True, slots=True)
class BibEntry:
    """A .bib entry as written (``@string`` references resolved): what an export from the
    file keeps (its key, order, braces and the fields refcheck does not read)."""

    entry_type: str  # as written ("Article")
    key: str
    fields: tuple[tuple[str, str], ...]  # name as written, value as written (inner braces kept)
    # Fields kept in BibTeX's syntax (``"Part " # name``) as they use a macro the file does
    # not define: written back without braces, so that the file defining it still expands it.
    verbatim: frozenset[str] = frozenset()

    def value(self, name: str) -> str | None:
        for field_name, value in self.fields:
            if field_name.lower() == name:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Document:
    """What an extractor read out of one input file."""

    path: str
    references: tuple[RawReference, ...]
    citations: tuple[Citation, ...] = ()
    # True when the body was found and scanned for citations (not a bare list).
    has_body: bool = False
    warnings: tuple[str, ...] = ()
    # Reference-manager metadata of cited works, matched to list entries (Word fields).
    cited_items: tuple[CitedItem, ...] = ()
    # Where a second (third...) list begins in ``references`` (a main list and a Methods
    # list): each list is numbered on its own, and a cited number may be in any of them.
    list_starts: tuple[int, ...] = ()
    # A .bib input's entries as written, read in the same pass as its references.
    bib_entries: tuple[BibEntry, ...] = ()


# --------------------------------------------------------------------------- parse


@dataclass(frozen=True, slots=True)
class Author:
    family: str
    given: str | None = None  # initials as printed, without dots ("AB")
    suffix: str | None = None  # "Jr", "III"


@dataclass(frozen=True, slots=True)
class Pages:
    first: str | None
    last: str | None = None  # fully expanded ("1539" from "1530-9")


@dataclass(frozen=True, slots=True)
class Reference:
    """A reference read into fields (the contract's ``parsed``)."""

    type: ReferenceType = ReferenceType.OTHER
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    collective: str | None = None
    title: str | None = None
    journal: str | None = None  # container as printed (book title for chapters)
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: Pages | None = None
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    editors: tuple[Author, ...] = ()
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedReference:
    raw: RawReference
    reference: Reference
    findings: tuple[Finding, ...] = ()


# --------------------------------------------------------------------------- resolve


@dataclass(frozen=True, slots=True)
class RecordUpdate:
    """A link between a record and a notice about it (retraction, correction...).

    ``direction`` is ``"updated-by"`` (this record is updated by the notice ``doi``),
    ``"update-to"`` (this record *is* a notice about ``doi``) or ``"relation"``.
    ``type`` is Crossref's lower-case type: retraction, correction, erratum,
    expression_of_concern, is-preprint-of, is-reply-to, ...
    """

    direction: str
    type: str
    doi: str | None = None
    source: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Record:
    """A Crossref work, reduced to what validation needs; ``data`` keeps the whole message."""

    doi: str
    type: str | None = None
    subtype: str | None = None
    title: str | None = None
    subtitle: str | None = None
    container_titles: tuple[str, ...] = ()  # container-title then short-container-title
    authors: tuple[Author, ...] = ()  # persons; given as Crossref has it (full names)
    collectives: tuple[str, ...] = ()  # group authors ("name")
    issued_year: int | None = None
    years: tuple[int, ...] = ()  # issued, published-print, published-online, published
    volume: str | None = None
    issue: str | None = None
    page: str | None = None  # as Crossref has it: "195-206", "e1000913"
    article_number: str | None = None
    updates: tuple[RecordUpdate, ...] = ()
    search_score: float | None = None  # Crossref's relevance score in a search answer
    data: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True, slots=True)
class Search:
    """One search made for a reference: what was asked and what came back."""

    kind: str  # "bibliographic", "title" or "place"
    query: str
    records: tuple[Record, ...]

    def describe(self) -> str:
        what = {
            "bibliographic": "the reference as printed",
            "title": "its title",
            "place": "its first authors, journal, year, volume and first page",
        }.get(self.kind, self.kind)
        count = len(self.records)
        answer = "no results" if not count else f"{count} result{'s' if count > 1 else ''}"
        return f"searched Crossref by {what}: {answer}, none of them this work"


@dataclass(frozen=True, slots=True)
class Matched:
    record: Record
    score: float  # confidence in [0, 1]
    findings: tuple[Finding, ...] = ()  # resolution-level findings (e.g. DOI pointed elsewhere)
    # The reference's fields against this record, as the match was decided on them: the
    # comparison reads them instead of gathering them again (None: not gathered yet).
    evidence: Evidence | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Unresolved:
    reason: str
    candidates: tuple[Record, ...] = ()
    findings: tuple[Finding, ...] = ()
    # Set when no record even resembles the reference: how the registry was searched.
    not_found: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Ambiguous:
    candidates: tuple[tuple[Record, float], ...]
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Failed:
    reason: str
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    reason: str
    findings: tuple[Finding, ...] = ()


Resolution: TypeAlias = Matched | Unresolved | Ambiguous | Failed | Skipped


# --------------------------------------------------------------------------- report


@dataclass(frozen=True, slots=True)
class CheckedReference:
    parsed: ParsedReference
    status: Status
    findings: tuple[Finding, ...]
    record: Record | None = None
    score: float | None = None
    # Unresolved and no record resembles it: how the registry was searched (see Unresolved).
    not_found: tuple[str, ...] = ()

    @property
    def doi(self) -> str | None:
        return self.record.doi if self.record is not None else None


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    references: tuple[CheckedReference, ...]
    findings: tuple[Finding, ...] = ()  # document-level (citations)


@dataclass(frozen=True, slots=True)
class Report:
    files: tuple[FileReport, ...]

    def summary(self) -> dict[str, int]:
        counts = {"references": 0} | {status.value: 0 for status in Status} | {"not_found": 0}
        for file in self.files:
            for ref in file.references:
                counts["references"] += 1
                counts[ref.status.value] += 1
                counts["not_found"] += bool(ref.not_found)
        return counts
