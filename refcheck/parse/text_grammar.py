"""A printed Vancouver/NLM reference -> ``Reference``.

Order of work: clean the text, cut out identifiers, read the author list, then find the
source anchor that fits the reference type (journal, chapter, book, thesis, web page) and
split what stands before it into title and container.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from refcheck.models import Author, Finding, Pages, Reference, ReferenceType
from refcheck.parse import codes
from refcheck.parse.authors import AuthorList, looks_like_group_name, parse_author_list
from refcheck.parse.identifiers import Identifiers, extract_identifiers
from refcheck.parse.normalise import (
    clean_field,
    normalise_text,
    repair_printed_source,
    strip_label,
)
from refcheck.parse.notices import notice_start
from refcheck.parse.pages import expand_page_range
from refcheck.parse.source import (
    Source,
    find_trailing_source,
    find_vancouver_source,
    find_volume_only,
    find_year,
    find_year_only_source,
    looks_like_container,
    split_title_container,
)

# "(2010)", "2015.", "2016," after the authors; "2017 ACC guideline" is a title.
_LEADING_YEAR_RE = re.compile(
    r"^(?:\((?P<year>(?:1[6-9]|20)\d{2})[a-z]?\)|(?P<bare>(?:1[6-9]|20)\d{2})[a-z]?(?=[.,:]|$))"
    r"\s*[.,:]?\s*"
)
# Royal Society: "Langer P. 2009 Title. J. Mammal. 90, 332-339." - the year bare before the
# title. "Quill A. 2017 ACC guideline. Circulation. 2018;1:2." is a title starting with a
# year: there the source carries a year of its own, so the bare year must be the only one.
_BARE_YEAR_BEFORE_TITLE_RE = re.compile(
    r"^(?P<year>)(?P<bare>(?:1[6-9]|20)\d{2})[a-z]?\s+(?=[A-Z])"
)


def _royal_society_year(rest: str) -> re.Match[str] | None:
    match = _BARE_YEAR_BEFORE_TITLE_RE.match(rest)
    if match is None or find_year(rest[match.end() :]) is not None:
        return None
    return match


# "In: Editors...", ". In Book", and Hindawi's '"Title," in Book, ...' after a quoted title;
# the Ecological Society's "Title. Pages 193-211 in A. Editor, editor. Book." names the pages.
_IN_RE = re.compile(
    # Chicago closes the quoted title before "In": '"Title." In Proceedings of ...'.
    r"(?:^|[.,]\s*|\s)In\s*:\s*|\.\s+In\s+(?=[A-Z]|\d+(?:st|nd|rd|th)\s)|,\"\s+in\s+(?=[A-Z])|(?<=[.?!])\"\s+In\s+(?=[A-Z])"
    r"|\.\s+(?:Pages|Pp\.?)\s+(?P<pages>\d+\s*-+\s*\d+)\s+[Ii]n\s+(?=[A-Z])"
)
# Chicago names a book's editors after its title: "In Handbook of Sleep, edited by H Lind".
_EDITED_BY_RE = re.compile(r",\s+(?:edited|ed\.)\s+by\s+")
_EDITORS_RE = re.compile(
    r",?\s*\(?\b(?:editors?|eds?|ed|orgs?|organizador(?:es|as|a)?|coordenador(?:es|as|a)?|"
    # "Editor's Remarks", "Editor-in-Chief" are titles, not the editors word.
    r"coordinador(?:es|as|a)?|coords?|compilador(?:es|as|a)?|Hrsg|dir)\b(?!['-])\.?\)?\s*[.,:]?\s*",
    re.IGNORECASE,
)
# "Final report.", "Report No.: AFRL-SR-BL-TR-02-0123", "Technical Report 14": a report
# published by an agency, which the book layout reads.
_REPORT_NUMBER_RE = re.compile(
    r"\b(?:(?:Final|Technical|Interim|Annual|Progress)\s+report\b|Report\s+No\b|"
    r"Tech(?:nical)?\.?\s+Rep(?:ort)?\.?\s+(?:No\.?\s*)?\d)",
    re.IGNORECASE,
)
_AFFILIATION_RE = re.compile(
    r"\b(?:Universit(?:y|ät|é|à|ad|ade)|School|Hospital|Institut[eo]?|Department|College|"
    r"Cent(?:er|re)|Laborator(?:y|ies)|Faculty|Division|Clinic)\b"
)
_REPORT_KIND_RE = re.compile(
    r"(?<=[^\W\d_])\.\s+(?:Final|Technical|Interim|Progress)\s+report\s*\.?\s*$", re.I
)
_THESIS_NOTE_RE = re.compile(
    r"\s*\[(?:(?:doctoral|master'?s|PhD|Ph\.D\.)\s+)?(?:dissertation|thesis|disserta[çc][ãa]o|tese|"
    r"tesis)(?:\s+(?:de|em|of)\s+[^\]]{1,30})?\]$",
    re.IGNORECASE,
)
# A publisher and its place ("John Wiley & Sons: New York", "New York: Wiley") in the
# place of a journal name.
_IMPRINT_RE = re.compile(r"^[^:]{2,60}:\s*[A-Z][^:]{1,40}$")
_PRESENTED_AT_RE = re.compile(
    r"[.?!]\s+(?:(?:Paper|Poster|Abstract)\s+)?[Pp]resented\s+at\s*:?\s*"
    r"(?P<meeting>[^;]{3,200}?)\s*(?:;|\.\s|\.?$)"
)
# PLOS name-year books: "(2012) Title. Geneva: WHO. 89 p." - place, publisher, length
# (also "Plymouth: Pub Ltd.. p. 190.", the length after its label).
_NAME_YEAR_IMPRINT_RE = re.compile(
    r"(?<=[.?!\]])\s+(?P<place>[A-Z][^.:;()]{1,40}?(?:\s*\([A-Za-z .]{1,20}\))?)\s*:\s*"
    r"(?P<publisher>(?:[^:;.]|(?<=\s[A-Z])\.){2,80}?)\s*\.{0,2}"
    r"(?:\s+(?:(?P<length>\d+)\s*pp?\.?|p\.\s*(?P<labelled>\d+)\.?))?\s*$"
)
# "Anonymous reporting of errors" is a title: the word alone before a full stop or a year.
_NO_AUTHORS_RE = re.compile(
    r"^(?:\[No authors listed\][.,:]?\s*|(?:Anonymous|Anon)(?:[.,:]\s*|\s+(?=\()))"
)
_CONFERENCE_RE = re.compile(
    r"\b(?:Proceedings|Proc\.|Conference|Conf\.|Congress|Congresso|Congreso|Symposium|"
    r"Simpósio|Meeting|Workshop|Colloquium|Encontro|Seminário|Annual\s+Meeting|Forum)\b",
    re.IGNORECASE,
)
_THESIS_RE = re.compile(
    r"\b(?:thesis|dissertation|disserta[çc][ãa]o|tese|tesis|Ph\.?\s?D|doctoral|"
    r"mestrado|doutorado|master'?s)\b",
    re.IGNORECASE,
)
_REPORT_RE = re.compile(
    r"\b(?:Report|Technical\s+Report|Tech\s+Rep|Working\s+Paper|Relatório|Informe|"
    r"Boletim|Bulletin\s+No)\b",
    re.IGNORECASE,
)
# "Philadelphia: Saunders; 2006", "Rio de Janeiro (RJ): Fiocruz; 2010", "New York: Wiley, 2004"
_PUBLISHER_RE = re.compile(
    r"(?<=[.,]\s)(?P<place>(?:(?:St|Ste|Mt|Ft)\.\s)?[A-Z][^.:;()]{1,40}?"
    r"(?:\s*\([A-Za-z .]{1,20}\))?)\s*:\s*"
    r"(?P<publisher>[^:;]{2,120}?)\s*[;,]\s*(?:[A-Z][a-z]{2,8}\.?\s+)?(?:c|©)?\s*"
    r"(?P<year>(?:1[6-9]|20)\d{2})"
)
_EDITION_RE = re.compile(
    r"(?:^|(?<=[\s.]))(?P<edition>\d{1,2}(?:st|nd|rd|th|a|ª|º|\.)?\s*\.?\s*(?:ed|edn|edition|"
    r"ed\.\s*rev|reimpr)\b\.?|(?:First|Second|Third|Fourth|Fifth)\s+edition)",
    re.IGNORECASE,
)
_CHAPTER_PAGES_RE = re.compile(
    # German chapters print "S 177-218" (Seite) after a comma; a foreword "p. xxi-xxv".
    r"(?:\b(?:pp?|pages?|págs?)\.?|(?<=,\s)S(?=\s\d))\s*(?P<pages>[A-Za-z]{0,3}\d+[A-Za-z]?"
    r"(?:\s*-+\s*[A-Za-z]{0,3}\d+[A-Za-z]?)?|[ivxlc]{1,7}\s*-+\s*[ivxlc]{1,7}\b)"
)
# "Elsevier: Amsterdam, 1987; 143-203": the chapter's pages after the year.
# The Lancet: "Oxford: Elsevier, 2017: 576-87"; a multi-volume book: "Saunders; 1995; 1:619-35".
_YEAR_PAGES_END_RE = re.compile(
    r"(?:1[6-9]|20)\d{2}[a-z]?\s*[;:]\s*(?:(?P<volume>\d{1,4})\s*:\s*)?"
    r"(?P<pages>\d+(?:\s*-+\s*\d+)?)\s*[.;]?\s*$"
)
# Name-year chapters end like a journal: "In: Roe P (Eds), Book. Place: Pub 1: 73-92.",
# "... Memoirs of the Society 100(2): 67-146.", or a bare range: "New York: Palgrave. 108-128."
_CHAPTER_SOURCE_END_RE = re.compile(
    r"(?:\s(?P<volume>\d{1,4})\s*(?:\((?P<issue>[^()]{1,12})\))?\s*:|(?<=[.,])\s)"
    r"\s*(?P<first>\d+)\s*-+\s*(?P<last>\d+)\s*\.?\s*$"
)
_BOOK_LENGTH_RE = re.compile(r"\b(?P<pages>\d+)\s*(?:pp?|pages|págs?|f)\b\.?")
_TOTAL_PAGES_RE = re.compile(r"\b\d+\s*(?:pp?|pages|págs?)\b\.?", re.IGNORECASE)
_CONTAINER_TAIL_RE = re.compile(
    r"(?:,\s*[^,]*\b(?:Press|Publish(?:ers?|ing)|Publications?|Verlag|Inc|Ltd|GmbH|Springer|"
    r"Elsevier|Wiley|Academic|Associates)\b.*"
    # ", Cambridge, MA: MIT Press": a place and publisher inside the container's sentence
    r"|,\s*[A-Z][^,:]*(?:,\s*[A-Z]{2})?:\s.*"
    r"|[.,]?\s*(?<!\()\b(?:volume|vol\.?)\s+(?P<volume>\d+).*)$"
)
# The sentence that starts a book's imprint: "2nd ed.", "4th Edition.", "Oxford. Oxford
# University Press.", "London. Academic Press", "version 7.5".
_IMPRINT_START_RE = re.compile(
    r"(?<=[.?!])\s+(?:\d{1,2}(?:st|nd|rd|th)?\.?\s*(?:ed|edn|edition)\b|(?:[Vv]ersion|v)\s*\d|"
    r"[A-Z][a-z]+\.\s+[^.]*\b(?:Press|Publish(?:ers?|ing)|Verlag|Books|Inc)\b)"
)
# "in Book Title, vol. 2, " - the book's volume, before its sentence would end at "vol.".
_BOOK_VOLUME_RE = re.compile(r",\s*(?:[Vv]olume|[Vv]ol\.)\s*(?P<volume>\d+)\s*,?\s*$")
_SERIES_VOLUME_RE = re.compile(r",?\s+(?:Volume|Vol\.?|v\.)\s*(?P<volume>\d+)\s*$")
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Spring|Summer|Fall|Autumn|Winter)[a-z]*"
)
_TRAILING_YEAR_RE = re.compile(
    rf"[.,;]?\s*\(?(?:{_MONTH}\.?,?\s+)?(?P<year>(?:1[6-9]|20)\d{{2}})[a-z]?"
    rf"(?:\s+{_MONTH}\.?)?\)?[.,;]?\s*$"
)
# Notes after the source: "(in Chinese)", "[Article in Spanish]", "(discussion 108-9)".
_TRAILING_NOTE_RE = re.compile(
    r"\s*[(\[](?:(?:article\s+)?in|em|en)\s+(?!press\b|prelo\b|prensa\b)[^\W\d_]+[)\]]\.?$"
    r"|\s*\((?:discussion|comment|abstract)\b[^()]*\)\.?$"
    # MEDLINE's note unbracketed after the pages: "37:6-12. discussion 12.".
    r"|(?<=[\d.;,])\s*discussion\s+[A-Za-z]?\d+(?:\s*-\s*[A-Za-z]?\d+)?\.?$",
    re.IGNORECASE,
)
# "12 [Suppl A]: 93-99": a supplement printed in brackets reads like one in parentheses.
_BRACKET_SUPPLEMENT_RE = re.compile(r"\[(\s*(?:Suppl|Supl|Supp|Pt|Part)\b\.?[^\[\]]{0,12})\]")
# The Cochrane Library's "2008, Issue 2. Art. No.: CD000011" is Vancouver's "2008;(2):CD000011".
_COCHRANE_ISSUE_RE = re.compile(
    r"(?P<year>(?:1[6-9]|20)\d{2})[;,.\s]{0,4}Issue\s+(?P<issue>\d{1,2})[.,;:]?\s*"
    r"Art(?:icle)?\.?\s*No\.?\s*:?\s*(?P<article>[A-Z]{0,3}\d+)"
)
# Cell Press pages: "3475-3483.e4", the supplementary pages after the article's range. The
# range is what a reader looks up (and what Crossref records).
_CELL_PRESS_PAGES_RE = re.compile(r"(?P<range>\b\d+\s*[-–]\s*\d+)\.e\d{1,3}\b")
_PUBLISHER_WORDS_RE = re.compile(
    r"\b(?:Press|Publish(?:ers?|ing)|Publications|Verlag|Editora|Editorial|Edições|Ediciones|Books|"
    r"Wiley|Springer|Elsevier|Saunders|Lippincott|Mosby|McGraw|Routledge|Blackwell|"
    r"Chapman|Kluwer|Humana|Academic|Inc|Ltd|GmbH|Company|Co)\b"
)
_BOOK_IMPRINT_END_RE = re.compile(r";\s*(?:c|©)?(?:1[6-9]|20)\d{2}[a-z]?\s*\.?\s*$")
_IN_PRESS_RE = re.compile(r"\b(?:in\s+press|no\s+prelo|en\s+prensa|forthcoming)\b", re.I)


@dataclass(slots=True)
class _Draft:
    """Mutable while one reference is read; frozen into a ``Reference`` at the end."""

    type: ReferenceType = ReferenceType.OTHER
    authors: tuple[Author, ...] = ()
    et_al: bool = False
    collective: str | None = None
    title: str | None = None
    journal: str | None = None
    year: int | None = None
    volume: str | None = None
    issue: str | None = None
    pages: Pages | None = None
    editors: tuple[Author, ...] = ()
    publisher: str | None = None
    place: str | None = None
    edition: str | None = None
    findings: list[Finding] = field(default_factory=list)
    text: str = ""  # the reference as given, for findings that cite it
    rest: str = ""  # what follows the author list
    layout: str | None = None  # the name of the layout that read it


def _clean_title(text: str | None) -> str | None:
    title = clean_field(text)
    if title and title.endswith(("[Internet]", "[internet]")):
        title = clean_field(title[: -len("[Internet]")])
    if title and title.endswith("]"):
        # "[dissertation]", "[master's thesis]": NLM's medium note, not the thesis title.
        title = clean_field(_THESIS_NOTE_RE.sub("", title))
    return title


def _apply_source(draft: _Draft, source: Source) -> None:
    # A year printed right after the authors (name-year styles) is the publication year;
    # a later one may be an access date or a conference's year.
    if draft.year is None:
        draft.year = source.year
    draft.volume = clean_field(source.volume)
    draft.issue = clean_field(source.issue)
    draft.pages = source.pages


def _read_chapter(draft: _Draft, rest: str, in_match: re.Match[str]) -> None:
    draft.title = _clean_title(rest[: in_match.start()])
    book = rest[in_match.end() :]
    pages_match = _CHAPTER_PAGES_RE.search(book)
    after_pages = ""
    if pages_match is not None:
        draft.pages = expand_page_range(pages_match["pages"])
        # Hindawi: "in Book, vol. 2, pp. 277-286, Springer, Dordrecht, 2006": the
        # imprint and year follow the pages.
        book, after_pages = book[: pages_match.start()], book[pages_match.end() :]
    else:
        book = _read_chapter_source_end(draft, book)
        if draft.pages is None and in_match.re is _IN_RE and in_match["pages"]:
            draft.pages = expand_page_range(in_match["pages"])
        if draft.pages is None:
            book = _read_chicago_chapter_pages(draft, book)
    edited_by = _EDITED_BY_RE.search(book)
    if edited_by is not None:
        # Chicago: "In Book Title, edited by Hanna Lind and Tunde Okoro. Boston: Pub.": the
        # book's title ends where its editors begin.
        after_editors = _first_sentence(book[edited_by.end() :])[1]
        book = book[: edited_by.start()] + (". " + after_editors if after_editors else "")
    editors_match = _EDITORS_RE.search(book)
    if editors_match is not None and editors_match.start() < 400:
        editors = parse_author_list(book[: editors_match.start()])
        book_title = ""
        if not editors.authors:
            # "In Reactions under Pressure, le Fevre WJ (ed).": the book's title
            # first, then its editors.
            comma = book.rfind(", ", 0, editors_match.start())
            if comma > 0:
                after = parse_author_list(book[comma + 2 : editors_match.start()])
                if after.authors:
                    editors, book_title = after, book[:comma] + ". "
        draft.editors = editors.authors
        book = book_title + book[editors_match.end() :]
    else:
        # "In: Ellis WD. A source book..." names the editor without saying so.
        editors = parse_author_list(book)
        if (
            editors.authors
            and editors.end < len(book)
            and book[editors.end - 2 : editors.end - 1] == "."
        ):
            draft.editors = editors.authors
            book = book[editors.end :]
    is_conference = _CONFERENCE_RE.search(book[:200]) is not None
    publisher = _PUBLISHER_RE.search(book)
    if publisher is not None:
        _set_imprint(draft, publisher["place"], publisher["publisher"])
        draft.year = draft.year or int(publisher["year"])
        container = book[: publisher.start()]
    else:
        # The year printed after the pages dates the book ("in 8th Symposium, TGC 2013,
        # pages 22-41, Berlin, 2014."); a year inside the book's name does not.
        late_year = find_year(after_pages)
        year = find_year(book) if late_year is None else None
        if year is not None:
            draft.year = draft.year or year[0]
            container = book[: year[1]]
        else:
            container = book
            draft.year = draft.year or (late_year[0] if late_year is not None else None)
    container = _EDITION_RE.sub("", container)
    volume = _BOOK_VOLUME_RE.search(container)
    if volume is not None:
        draft.volume = volume["volume"]
        container = container[: volume.start()]
    # The container is the first sentence; later ones name the series, place or publisher.
    first = _abbreviated_name(container)
    if first is None:
        first, _ = _first_sentence(container)
    # "Animal groups in three dimensions, Cambridge University Press, Cambridge"
    tail = _CONTAINER_TAIL_RE.search(first)
    if tail is not None:
        draft.volume = tail["volume"]
        first = first[: tail.start()]
    draft.journal = clean_field(first)
    draft.type = ReferenceType.CONFERENCE if is_conference else ReferenceType.CHAPTER


_SHORT_WORD_RE = re.compile(r"[A-Z][a-z]{0,5}")


def _abbreviated_name(container: str) -> str | None:
    """ "Proc. Fifth Conf. Artif. Intell. AUAI Press", "Med. Image Comput. Interv. 2004,
    Springer": a proceedings' name in dotted abbreviations (two or more, the first word one
    of them) runs on to the sentence naming the publisher; ``None`` for any other name."""
    sentences = container.split(". ")
    if len(sentences) < 3 or _SHORT_WORD_RE.fullmatch(sentences[0]) is None:
        return None
    kept: list[str] = []
    for sentence in sentences:
        if _PUBLISHER_WORDS_RE.search(sentence):
            head = sentence.split(",", 1)[0] if "," in sentence else ""
            if head and _PUBLISHER_WORDS_RE.search(head) is None:
                kept.append(head)
            break
        kept.append(sentence)
    dotted = [s for s in kept[:-1] if _SHORT_WORD_RE.fullmatch(s.rsplit(" ", 1)[-1])]
    return ". ".join(kept) if len(dotted) >= 2 else None


# Chicago prints a chapter's pages bare after a comma, a proceedings volume before them:
# "In Handbook of Sleep, 12-34. Boston: Pub.", "In Proceedings of ..., 3:2400-2415. PMLR."
_CHICAGO_CHAPTER_PAGES_RE = re.compile(
    r",\s*(?:(?P<volume>\d{1,4})\s*:\s*)?(?P<pages>\d+\s*[-–]+\s*\d+)\s*(?:\.\s+|\.?$)"
)


def _read_chicago_chapter_pages(draft: _Draft, book: str) -> str:
    """The pages (and volume) printed bare after the book's title; the book without them."""
    match = _CHICAGO_CHAPTER_PAGES_RE.search(book)
    if match is None:
        return book
    draft.pages = expand_page_range(match["pages"])
    if match["volume"]:
        draft.volume = match["volume"]
    return book[: match.start()] + ". " + book[match.end() :]


def _read_chapter_source_end(draft: _Draft, book: str) -> str:
    """Pages (and a volume) printed without a page label at the end of a chapter's book
    part; returns the book part without them."""
    year_pages = _YEAR_PAGES_END_RE.search(book)
    if year_pages is not None:
        # The year stays: it dates the book.
        draft.pages = expand_page_range(year_pages["pages"])
        draft.volume = year_pages["volume"]
        cut = year_pages.start("volume") if year_pages["volume"] else year_pages.start("pages")
        return book[:cut].rstrip(" ;")
    end = _CHAPTER_SOURCE_END_RE.search(book, max(0, len(book) - 40))
    if end is None or (end["volume"] is None and _looks_like_years(end["first"], end["last"])):
        return book  # "... 1990-1995." may be the years a book covers, not its pages
    draft.pages = expand_page_range(f"{end['first']}-{end['last']}")
    draft.volume, draft.issue = end["volume"], clean_field(end["issue"])
    return book[: end.start()]


def _looks_like_years(first: str, last: str) -> bool:
    return all(len(n) == 4 and n[:2] in ("16", "17", "18", "19", "20") for n in (first, last))


# The sentence naming a conference inside a book's title part (the title stays before it).
_PROCEEDINGS_SENTENCE_RE = re.compile(
    r"\.\s+(?=(?:Proceedings|Proc\.|Abstracts|Papers)\s+(?:of|from)\s+(?:the\s+)?[^.;]*"
    r"\b(?:Conference|Congress|Symposium|Meeting|Workshop|Colloquium)\b)"
)
# "Current Topics in Biology vol. 117 of Essays": the dot of "vol." ends no sentence.
_SENTENCE_END_RE = re.compile(r"[.;](?<![A-Z][.;])(?<!\b[Vv]ol\.)\s+(?=[A-Z\d(\"])|[.;]\s*$")


def _first_sentence(text: str) -> tuple[str, str]:
    match = _SENTENCE_END_RE.search(text)
    if match is None:
        return text, ""
    return text[: match.start()], text[match.end() :]


def _read_book(draft: _Draft, rest: str, publisher: re.Match[str]) -> None:
    _set_imprint(draft, publisher["place"], publisher["publisher"])
    draft.year = draft.year or int(publisher["year"])
    head = rest[: publisher.start()]
    edition = _EDITION_RE.search(head)
    if edition is not None:
        draft.edition = clean_field(edition["edition"])
        head = head[: edition.start()]
    draft.type = ReferenceType.BOOK
    conference = _PROCEEDINGS_SENTENCE_RE.search(head)
    if conference is not None:
        # "Renal tumours III. Proceedings of the 3rd ... Conference; 2004 Oct 2-4; York,
        # UK.": the proceedings' title, then the conference, its date and its place.
        head, meeting = head[: conference.start()], head[conference.end() :]
        draft.journal = clean_field(meeting.split(";", 1)[0])
        draft.type = ReferenceType.CONFERENCE
    if head.rstrip(" .").endswith(("report", "Report")):
        # "Health monitoring on vibration signatures. Final report.": the kind of report
        # is a sentence of its own, not the end of the title.
        head = _REPORT_KIND_RE.sub("", head)
    draft.title = _clean_title(head)
    # "... Saunders; 2006. p. 93-113" (a part of the book) or "... 2020. 320 p." (its length)
    tail = rest[publisher.end() :]
    pages = _CHAPTER_PAGES_RE.search(tail) or _BOOK_LENGTH_RE.search(tail)
    if pages is not None:
        draft.pages = expand_page_range(pages["pages"])


_YEAR_ONLY_VOLUME_RE = re.compile(r"(?:19|20)\d{2}")


def _find_journal_source(rest: str, ids: Identifiers, name_year: bool) -> Source | None:
    source = find_vancouver_source(rest)
    if source is None:
        source = find_trailing_source(rest)
    if source is None and not name_year:
        source = find_year_only_source(rest)
    if source is None and (ids.epub_ahead or ids.doi or name_year):
        source = find_volume_only(rest)
        if (
            source is not None
            and ids.epub_ahead
            and source.issue is None
            and source.volume is not None
            and _YEAR_ONLY_VOLUME_RE.fullmatch(source.volume)
        ):
            # BMC: "Maternal Child Health J 2008, Epub.": ahead of print, the number is the
            # year (the volume is not known yet).
            source = source._replace(year=int(source.volume), volume=None)
    if source is None and (ids.epub_ahead or ids.online_year):
        # "Cereb Cortex: Epub ahead of print", "Neurology. Epub 2019 Mar 1.": the journal
        # is all that is left.
        source = Source(len(rest), len(rest), None, None, None, None)
    return source


def _set_imprint(draft: _Draft, place: str, publisher: str) -> None:
    if _PUBLISHER_WORDS_RE.search(place) and not _PUBLISHER_WORDS_RE.search(publisher):
        # "Elsevier: Amsterdam": Wiley's order, the publisher before its place.
        place, publisher = publisher, place
    draft.place = clean_field(place)
    draft.publisher = clean_field(publisher)


def _read_imprint_source(draft: _Draft, title: str | None, imprint: str, source: Source) -> None:
    first, _, second = imprint.partition(":")
    if ". " in first:
        # "Part A. Elsevier: Amsterdam": the sentences before the imprint end the title.
        more, first = first.rsplit(". ", 1)
        title = f"{title}. {more}" if title else more
    # The publisher is the side with a publisher's word ("Wiley: Chichester").
    if _PUBLISHER_WORDS_RE.search(first):
        draft.publisher, draft.place = clean_field(first), clean_field(second)
    else:
        draft.place, draft.publisher = clean_field(first), clean_field(second)
    draft.title = _clean_title(title)
    draft.type = ReferenceType.BOOK
    draft.year = draft.year or source.year
    if source.pages is not None:
        draft.volume, draft.pages = clean_field(source.volume), source.pages
    elif source.volume is not None and source.volume.isdigit():
        draft.pages = Pages(source.volume)  # "1973; 410": the pages, with no volume


def _proceedings_without_in(rest: str) -> re.Match[str] | None:
    """ "Title. Proceedings of the 5th Sleep Conference; 2010 May 1-3; Boston. pp. 10-25.":
    a conference paper without "In:". Proceedings cited like a journal ("Proceedings of
    the Fifth Berkeley Symposium 1: 281-297") have no meeting date or page label."""
    match = _PROCEEDINGS_SENTENCE_RE.search(rest)
    if match is None:
        return None
    after = rest[match.end() :]
    if ";" not in after and _CHAPTER_PAGES_RE.search(after) is None:
        return None
    source = find_vancouver_source(rest)
    return match if source is None or source.volume is None else None


def _read_presentation(draft: _Draft, rest: str, presented: re.Match[str]) -> None:
    """ "Title. Paper presented at: Annual Meeting of X; 2010 Jun 5; Boston, MA." """
    draft.title = _clean_title(rest[: presented.start()])
    draft.journal = clean_field(presented["meeting"])
    if draft.year is None:
        year = find_year(rest[presented.end() :])
        draft.year = year[0] if year is not None else None
    draft.type = ReferenceType.CONFERENCE


def _read_name_year_book(draft: _Draft, rest: str, imprint: re.Match[str]) -> None:
    """ "Title. Geneva: WHO. 89 p.": a name-year book's imprint has no year of its own."""
    draft.title = _clean_title(rest[: imprint.start()])
    _set_imprint(draft, imprint["place"], imprint["publisher"])
    length = imprint["length"] or imprint["labelled"]
    if length:
        draft.pages = Pages(length)
    draft.type = ReferenceType.THESIS if _THESIS_RE.search(rest) else ReferenceType.BOOK


def _read_journal(draft: _Draft, rest: str, ids: Identifiers, name_year: bool) -> bool:
    """Journal layouts; False when no journal anchor is found."""
    source = _find_journal_source(rest, ids, name_year)
    if source is None:
        return False
    head = rest[: source.start]
    # "Communications of the ACM, 1999, 42(2): 39-41": the year printed before the volume.
    year_tail = _TRAILING_YEAR_RE.search(head, max(0, len(head) - 24))
    if year_tail is not None and ")" in year_tail.group() and "(" not in year_tail.group():
        year_tail = None  # "Actas del Congreso (La Plata, 1959) 4: 133-147": the name's bracket
    if year_tail is not None:
        head = head[: year_tail.start()]
        if source.year is None:
            draft.year = int(year_tail["year"])
        elif (
            source.issue is None
            and source.volume is not None
            and source.year != int(year_tail["year"])
            and f"({source.year})" in rest[source.start : source.end]
        ):
            # BMC: "Proc Biol Sci 2012, 279(1747):4568-4573": with the year printed before
            # the volume, the bracket after the volume is the issue, not a year.
            source = source._replace(year=int(year_tail["year"]), issue=str(source.year))
    bare = source.volume is None and source.issue is None and source.pages is None
    # With a year alone after it ("Title. Journal. 2012."), the text is a journal article
    # only if a journal stands in a sentence of its own.
    title, journal = split_title_container(head, peel_abbreviations=not bare)
    if journal is None and title is not None and looks_like_container(title):
        journal, title = title, None
    if bare and journal is None and not ids.epub_ahead:
        return False
    if (
        journal is not None
        and ":" in journal
        and _IMPRINT_RE.match(journal)
        and _PUBLISHER_WORDS_RE.search(journal)
        and source.issue is None
    ):
        # "Academic Press: New York, 1973; 410", "Elsevier: Amsterdam, 1987; 86: 354": a
        # book's imprint (publisher first, Wiley's order) where a journal would stand. An
        # issue says it is a journal with a colon in its name ("Wiley Interdiscip Rev: Cogn
        # Sci, 1(5):658-76").
        _read_imprint_source(draft, title, journal, source)
        return True
    draft.title = _clean_title(title)
    _apply_source(draft, source)
    if journal is not None and source.volume is None:
        # "Lecture Notes in Computer Science Volume 6715, 2011, pp. 53-70"
        series_volume = (
            _SERIES_VOLUME_RE.search(journal, max(0, len(journal) - 16))
            if "ol" in journal or "v." in journal
            else None
        )
        if series_volume is not None:
            draft.volume = series_volume["volume"]
            journal = journal[: series_volume.start()]
    draft.journal = clean_field(journal)
    if draft.year is None:
        # "Principles of analysis. vol. 3. McGraw-Hill; 1964": the year is elsewhere.
        year = find_year(rest)
        draft.year = year[0] if year is not None else None
    draft.type = ReferenceType.JOURNAL_ARTICLE
    return True


def _read_loose(draft: _Draft, rest: str) -> None:
    """No known layout: a year, and the first sentence as title."""
    head = rest
    if draft.year is None:
        year = find_year(rest)
        if year is not None:
            draft.year = year[0]
            # "Genome Res (2012)": the year's opening bracket is not the container's.
            head = rest[: year[1]].rstrip(" ([")
    # A book's title ends where its edition, place or publisher begins.
    imprint = _IMPRINT_START_RE.search(head)
    if imprint is not None and imprint.start() > 0:
        head = head[: imprint.start()]
    title, container = split_title_container(head, peel_abbreviations=False)
    if container is not None:
        if _TOTAL_PAGES_RE.search(container):
            container = None
        else:
            # "Morgan Kaufmann, second edition"
            edition = _EDITION_RE.search(container)
            if edition is not None and edition.start() > 0:
                draft.edition = clean_field(edition["edition"])
                container = container[: edition.start()]
    if title is not None and "ol" in title:
        # "An introduction to probability theory, volume 2. Wiley.": the book's volume.
        volume = _BOOK_VOLUME_RE.search(title, max(0, len(title) - 16))
        if volume is not None:
            draft.volume, title = volume["volume"], title[: volume.start()]
    draft.title = _clean_title(title)
    draft.journal = clean_field(container)


# Preprint servers, printed where a journal would be: "Title. arXiv. arXiv; 2020 Jul."
# (Manubot), "Title. bioRxiv. Cold Spring Harbor Laboratory; 2019."
_PREPRINT_SERVER = (
    r"(?:arXiv|bioRxiv|medRxiv|ChemRxiv|PsyArXiv|SocArXiv|EarthArXiv|Research\s+Square)"
)
# The container alone: "arXiv", "bioRxiv [Preprint]", "arXiv preprint arXiv:1201.00001".
_PREPRINT_SERVER_RE = re.compile(
    rf"{_PREPRINT_SERVER}(?:\s*\[?[Pp]reprint\]?)?(?:\s*(?:arXiv:)?\d{{4}}\.\d{{4,5}}(?:v\d+)?)?",
    re.IGNORECASE,
)
_SERVER_SENTENCE_RE = re.compile(rf"[.?!]\s+(?P<server>{_PREPRINT_SERVER})$", re.IGNORECASE)


def _read_preprint_server(draft: _Draft) -> bool:
    """The server named as the last sentence of the title, or alone as the container: the
    server is the journal, a different container after it its publisher."""
    title, container = draft.title or "", draft.journal
    server = _SERVER_SENTENCE_RE.search(title)
    if server is not None:
        if container is not None and container.lower() != server["server"].lower():
            draft.publisher = container
        draft.title = _clean_title(title[: server.start() + 1])
        draft.journal = server["server"]
    elif container is None or _PREPRINT_SERVER_RE.fullmatch(container) is None:
        return False
    draft.type = ReferenceType.JOURNAL_ARTICLE
    return True


_LayoutReader = Callable[["_Draft", str, Identifiers, bool], bool]


def _anchored(
    anchor: re.Pattern[str], read: Callable[[_Draft, str, re.Match[str]], None]
) -> _LayoutReader:
    """A layout that fits when ``anchor`` is found, read from that match."""

    def read_at_anchor(draft: _Draft, rest: str, ids: Identifiers, name_year: bool) -> bool:
        match = anchor.search(rest)
        if match is None:
            return False
        read(draft, rest, match)
        return True

    return read_at_anchor


def _read_in_book(draft: _Draft, rest: str, ids: Identifiers, name_year: bool) -> bool:
    has_in = (
        "In:" in rest
        or "In :" in rest
        or ". In " in rest
        or '," in ' in rest
        or '" In ' in rest
        or ". Pages " in rest
        or ". Pp" in rest
    )
    in_match = _IN_RE.search(rest) if has_in else None
    if (
        in_match is not None
        and ":" not in in_match.group()
        and "In" in in_match.group()
        and '"' not in in_match.group()
    ):
        # ". In Book": a chapter only when editors or a conference follow (after a quoted
        # title, '"Title." In Book' is one anyway).
        after_in = rest[in_match.end() :]
        if not (
            _EDITORS_RE.search(after_in)
            or _CONFERENCE_RE.search(after_in[:120])
            or _EDITED_BY_RE.search(after_in[:200])
        ):
            in_match = None
    if in_match is None and "roceedings" in rest:
        in_match = _proceedings_without_in(rest)
    if in_match is None or in_match.start() == 0:
        return False
    _read_chapter(draft, rest, in_match)
    return True


def _read_name_year_book_layout(
    draft: _Draft, rest: str, ids: Identifiers, name_year: bool
) -> bool:
    if not name_year or ":" not in rest:
        return False
    imprint = _NAME_YEAR_IMPRINT_RE.search(rest)
    if imprint is None:
        return False
    _read_name_year_book(draft, rest, imprint)
    return True


# "City of Fire. Margaret K. McElderry Books": the title split at a publisher's initial.
_PUBLISHER_NAME_START_RE = re.compile(r"(?<=[.?!])\s+(?P<name>[A-Z][a-z]+\s[A-Z])$")


def _container_is_publisher(draft: _Draft) -> None:
    """What was read as the container names the publisher (a person's name and its initial
    left at the end of the title go with it)."""
    publisher = draft.journal
    name = _PUBLISHER_NAME_START_RE.search(draft.title) if draft.title else None
    if name is not None and draft.title is not None:
        publisher = f"{name['name']}. {publisher}"
        draft.title = clean_field(draft.title[: name.start()])
    draft.publisher, draft.journal = publisher, None


def _read_loose_layout(draft: _Draft, rest: str, ids: Identifiers, name_year: bool) -> bool:
    """No source anchor: a year, a title, and the reference type from what is printed."""
    _read_loose(draft, rest)
    if _read_preprint_server(draft):
        return True
    if _THESIS_RE.search(rest):
        draft.type = ReferenceType.THESIS
    elif _REPORT_RE.search(rest):
        draft.type = ReferenceType.REPORT
    elif ids.url or ids.internet:
        draft.type = ReferenceType.WEB
    elif draft.journal is not None and _PUBLISHER_WORDS_RE.search(draft.journal):
        # "Xie Y (2013) Dynamic Documents with R and knitr. CRC Press."
        _container_is_publisher(draft)
        draft.type = ReferenceType.BOOK
    elif _EDITION_RE.search(rest) or _PUBLISHER_WORDS_RE.search(rest):
        draft.type = ReferenceType.BOOK
    elif draft.journal is not None and (name_year or ids.doi or ids.pmid or ids.in_press):
        # "Author (2012) Title. Nature doi:10.1038/..." - a journal article cited
        # by its DOI or PMID only, without volume or pages.
        draft.type = ReferenceType.JOURNAL_ARTICLE
    elif draft.journal is not None and _BOOK_IMPRINT_END_RE.search(rest):
        # "Meyer M. Scarlet. Feiwel & Friends; 2013." - publisher; year
        _container_is_publisher(draft)
        draft.type = ReferenceType.BOOK
    else:
        draft.findings.append(
            codes.parse_finding(
                codes.UNRECOGNISED_LAYOUT,
                "No journal, book or chapter layout was recognised; only loose fields were read.",
                cited=draft.text,
            )
        )
    return True


@dataclass(frozen=True, slots=True)
class Layout:
    """One way a reference prints where it was published, with the printed examples that
    motivate it. The layouts are tried in order; the first that fits reads the reference."""

    name: str
    examples: tuple[str, ...]
    # Fills the draft from the text after the authors; False when the layout does not fit.
    read: _LayoutReader
    # A phrase the layout cannot do without: skipped at once when it is absent.
    needs: str = ""


LAYOUTS: tuple[Layout, ...] = (
    Layout(
        "presentation",
        (
            "Doe J. Sleep in shift workers. Paper presented at: Annual Meeting of the Sleep "
            "Society; 2010 Jun 5; Boston, MA.",
        ),
        _anchored(_PRESENTED_AT_RE, _read_presentation),
        needs="resented at",
    ),
    Layout(
        "chapter",
        (
            "Doe J. Sleep. In: Roe P, editor. Handbook of sleep. Boston: Pub; 2010. p. 1-10.",
            "Doe J. Sleep. Proceedings of the 5th Sleep Conference; 2010 May 1-3; Boston. "
            "pp. 10-25.",
            'A. Doe, "Sleep in cells," in Surface Science, vol. 2, pp. 277-286, Springer, '
            "Dordrecht, 2006.",
        ),
        _read_in_book,
    ),
    Layout(
        "journal",
        (
            "Doe J, Roe P. Sleep in shift workers. Dermatol Ther. 2012;25(2):195-206.",
            "Doe J (2012) Sleep in shift workers. J Sleep Res 8: 16-20.",
            "Langer P. 2009 Sleep in marsupials. J. Mammal. 90, 332-339.",
            'A. Doe, "Sleep in cells," Andrologia, vol. 30, supplement 1, pp. 73-80, 1998.',
        ),
        _read_journal,
    ),
    Layout(
        "book",
        ("Doe J. Handbook of sleep. 2nd ed. Philadelphia: Saunders; 2006.",),
        _anchored(_PUBLISHER_RE, _read_book),
    ),
    Layout(
        "name-year book",
        ("Doe J (2012) Handbook of sleep. Geneva: WHO. 89 p.",),
        _read_name_year_book_layout,
    ),
    Layout(
        "loose",
        ("Doe J. Handbook of sleep. CRC Press.", "Doe J. Sleep at home [thesis]."),
        _read_loose_layout,
    ),
)


def parse_text(text: str) -> tuple[Reference, tuple[Finding, ...], Identifiers]:
    """Parse one printed reference; never raises on ordinary text."""
    draft, ids, _ = read_text(text)
    return _freeze(draft, ids), tuple(draft.findings), ids


def layout_of(text: str) -> str | None:
    """The name of the layout that reads ``text`` (``None`` for an empty reference)."""
    return read_text(text)[2]


def read_text(text: str) -> tuple[_Draft, Identifiers, str | None]:
    """The reference's fields, its identifiers and the name of the layout that read it."""
    # The text without its label, identifiers, linked notes and "[No authors listed]".
    body = strip_label(normalise_text(text))
    ids = extract_identifiers(body)
    body = ids.text
    if " in:" in body or " for:" in body or " of:" in body or " from:" in body or " appear" in body:
        # MEDLINE notes after a reference: they cite other works, not this one.
        start = notice_start(body)
        if start is not None:
            body = body[:start].rstrip()
    if body.endswith((")", "]", ").", "].")) or "discussion" in body[-30:]:
        note = _TRAILING_NOTE_RE.search(body, max(0, len(body) - 80))
        if note is not None:
            body = body[: note.start()]
    if "[S" in body or "[P" in body:
        body = _BRACKET_SUPPLEMENT_RE.sub(r"(\1)", body)
    if body.count("(") >= 2:
        body = _first_of_glued(body)
    if "Art" in body:
        body = _COCHRANE_ISSUE_RE.sub(r"\g<year>;(\g<issue>):\g<article>", body)
    if ".e" in body:
        body = _CELL_PRESS_PAGES_RE.sub(r"\g<range>", body)
    no_authors = _NO_AUTHORS_RE.match(body) if body[:1] in ("[", "A") else None
    if no_authors is not None:
        # MEDLINE's "[No authors listed]" and "Anonymous" say there is no author.
        body = body[no_authors.end() :]
    if not body:
        draft = _Draft(text=text)
        draft.findings.append(codes.parse_finding(codes.EMPTY, "The reference is empty."))
        return draft, ids, None
    draft = _read_body(text, body, ids, anonymous=no_authors is not None)
    journal = draft.journal
    if (journal is not None and journal[-1:].isdigit()) or (
        draft.pages is None and draft.volume is not None and "-" in draft.volume
    ):
        # "Dental Update 2005, 32:402-404. 407-410, 413.", "USA 108, 17 714-17 719": page
        # numbers left in the journal name. Read again with the printed slips undone (only
        # then: the look for them would cost every reference).
        repaired = repair_printed_source(body)
        if repaired != body:
            draft = _read_body(text, repaired, ids, anonymous=no_authors is not None)
    _settle(draft, ids, text)
    return draft, ids, draft.layout


_BRACKETED_YEAR_RE = re.compile(r"\((?:1[6-9]|20)\d{2}[a-z]?\)")
# "... Ecology. 77:822-840. Chapin FS III, and Shaver GR (1996). Title ...": a second
# name-year reference run on after the first one's pages.
_NEXT_REFERENCE_RE = re.compile(
    r"(?<=\d)\.\s*(?=[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?\s[A-Z]{1,3}\b[^()]{0,200}"
    r"\((?:1[6-9]|20)\d{2}[a-z]?\))"
)


def _first_of_glued(body: str) -> str:
    """The first of two name-year references printed as one (each with its bracketed
    year after its authors); any other text unchanged."""
    first_year = _BRACKETED_YEAR_RE.search(body, 0, 600)
    if first_year is None or _BRACKETED_YEAR_RE.search(body, first_year.end()) is None:
        return body
    glued = _NEXT_REFERENCE_RE.search(body, first_year.end())
    return body[: glued.start() + 1] if glued is not None else body


def _read_body(text: str, body: str, ids: Identifiers, anonymous: bool = False) -> _Draft:
    """The authors (persons or a group), an editors word or affiliation after them, a year
    printed right after them, then the first layout that fits the rest. After "Anonymous."
    the first sentence is the title, never a group."""
    draft = _Draft(text=text)
    author_list: AuthorList = parse_author_list(body)
    draft.authors = author_list.authors
    draft.et_al = author_list.et_al
    draft.collective = author_list.collective
    rest = body[author_list.end :]
    if rest[:3].lower() in ("edi", "eds", "ed.", "ed "):
        # "Currie C, Roberts C, editors. Title of the edited book. ..."
        editors_word = _EDITORS_RE.match(rest)
        if editors_word is not None:
            rest = rest[editors_word.end() :]
    if rest[:1] == "(" and author_list.end and not rest[1:2].isdigit():
        # "Yeo GG (Kansas State University, Manhattan, KS). Title.": NLM prints the
        # authors' affiliation after their names in reports.
        close = rest.find(")")
        if close > 0 and _AFFILIATION_RE.search(rest, 1, close):
            rest = rest[close + 1 :].lstrip(" .,;:")
    leading_year = _LEADING_YEAR_RE.match(rest)
    if leading_year is None and author_list.authors:
        leading_year = _royal_society_year(rest)
    if leading_year is not None:
        draft.year = int(leading_year["year"] or leading_year["bare"])
        rest = rest[leading_year.end() :]
    if not author_list.authors and author_list.collective is None and not anonymous:
        group_end = _read_group_author(draft, rest, ids)
        if group_end:
            rest = rest[group_end:]
            leading_year = _LEADING_YEAR_RE.match(rest)
            if leading_year is not None:
                draft.year = int(leading_year["year"] or leading_year["bare"])
                rest = rest[leading_year.end() :]
    elif author_list.et_al and author_list.collective is None and leading_year is None:
        rest = rest[_read_group_after_persons(draft, rest, ids) :]
    name_year = leading_year is not None
    if not name_year and rest[:1] in ("n", "(", "["):
        no_date = _NO_DATE_RE.match(rest)
        if no_date is not None:
            rest, name_year = rest[no_date.end() :], True
    draft.rest = rest
    for layout in LAYOUTS:
        if (not layout.needs or layout.needs in rest) and layout.read(draft, rest, ids, name_year):
            draft.layout = layout.name
            break
    return draft


def _settle(draft: _Draft, ids: Identifiers, text: str) -> None:
    """A book that says it is a thesis or a report is one; "[Internet]" marks a web page;
    an online date stands in for a missing year; what could not be read is reported."""
    rest = draft.rest
    if draft.type is ReferenceType.BOOK and _THESIS_RE.search(rest):
        draft.type = ReferenceType.THESIS
    elif draft.type is ReferenceType.BOOK and _REPORT_NUMBER_RE.search(rest):
        draft.type = ReferenceType.REPORT
    if (
        ids.internet
        and draft.type in (ReferenceType.JOURNAL_ARTICLE, ReferenceType.BOOK)
        and ("[Internet]" in text or "[internet]" in text)
    ):
        draft.type = ReferenceType.WEB
    if draft.year is None and ids.online_year is not None:
        draft.year = ids.online_year
    _add_findings(draft, ids, rest)


# "U.S. Food and Drug Administration.": a group name may open with dotted initials.
# "World Health Organization (2012) Title": a name-year group author ends at its year.
_GROUP_HEAD_RE = re.compile(
    r"^(?P<name>(?:[A-Z]\.){2,}\s+[^.;:]{2,150}?|[^.;:]{2,150}?)"
    r"(?:\s*[.;:]\s+(?=\S)|\s+(?=\((?:1[6-9]|20)\d{2}[a-z]?\)))"
    # Hindawi and IEEE: 'World Health Organization, "Title,"', 'WHO, World Malaria Report'.
    r"|^(?P<comma_name>[^.;:\",]{2,150}?|[A-Z][A-Z&-]*[A-Z]),\s*(?=\"|[A-Z][a-z])"
)


# Name-date styles print "n.d." (no date) where the year would follow the author.
# "Roe P (n.d.).", "Roe P (In press).": a name-year reference with no year yet.
_NO_DATE_RE = re.compile(
    r"[(\[]?n\.\s?d\b\.?[)\]]?[.,]?\s*|\((?:[Ii]n\s+press|[Ff]orthcoming)\)[.,]?\s*"
)


# (Its empty "name" group keeps the groups of ``_GROUP_HEAD_RE``: the name is "comma_name".)
_GROUP_BEFORE_QUOTE_RE = re.compile(
    r'^(?P<name>)(?P<comma_name>[^.;:",]{2,150}?(?=,\s*")|[A-Z][A-Z&-]*[A-Z](?=,\s*[A-Z][a-z])),\s*'
)
# "WHO.", "UNAIDS.", "CICES.": an organisation known by its acronym opens the reference.
_ACRONYM_GROUP_RE = re.compile(r"[A-Z][A-Z&-]*[A-Z][A-Z0-9&-]*")


def _read_group_author(draft: _Draft, rest: str, ids: Identifiers) -> int:
    """A reference that opens with a group ("World Health Organization. Title...").

    Sets ``draft.collective`` and returns where the rest begins; 0 when there is no group.
    """
    # A quoted title (or an acronym's comma) ends the group's name before any full stop does.
    match = _GROUP_BEFORE_QUOTE_RE.match(rest) or _GROUP_HEAD_RE.match(rest)
    if match is None:
        return _read_comma_group(draft, rest)
    name = match["name"] or match["comma_name"]
    if match["comma_name"] and not (
        rest[match.end() : match.end() + 1] == '"'
        or _ACRONYM_GROUP_RE.fullmatch(name)
        or looks_like_group_name(name)
    ):
        return _read_comma_group(draft, rest)
    remainder = rest[match.end() :]
    if not remainder:
        return 0
    if (
        not looks_like_group_name(name)
        and _ACRONYM_GROUP_RE.fullmatch(name) is None
        and _NO_DATE_RE.match(remainder) is None
    ):
        # Without a group word, the first sentence is a group only when a title and a
        # journal still follow it; otherwise it is the title of an anonymous work.
        source = _find_journal_source(remainder, ids, False)
        if source is None:
            return 0
        title, journal = split_title_container(remainder[: source.start])
        if title is None or journal is None:
            return 0
    end = match.end()
    # "Brasil. Ministério da Saúde. Secretaria de Vigilância em Saúde. Title.": a body and
    # its departments, one sentence each, all of them the author.
    while True:
        part = _GROUP_PART_RE.match(rest, end)
        if part is None or not rest[part.end() :] or not _is_group_part(part["name"]):
            break
        name = f"{name}. {part['name']}"
        end = part.end()
    draft.collective = clean_field(name)
    return end if draft.collective else 0


# A group that authors ("... Expert Group", "... Investigators"); "The Heart Study" names
# a study, which a title may too.
_AUTHORING_GROUP_TEXT = """
    Group Collaboration Collaborators Collaborative Investigators Consortium Committee Team
    Network Panel Council Force
    """
_AUTHORING_GROUP_WORDS = frozenset(_AUTHORING_GROUP_TEXT.split())


def _read_group_after_persons(draft: _Draft, rest: str, ids: Identifiers) -> int:
    """ "Doe J, Roe P, et al. Sleep Study Group. Title. Journal. 2010;...": a group named
    in a sentence of its own after the persons; where the title begins (0 when there is no
    group: the sentence must name one in capitalised words, and a title and a journal must
    still follow it)."""
    stop = rest.find(". ", 0, 160)
    if stop < 0 or rest[rest.rfind(" ", 0, stop) + 1 : stop] not in _AUTHORING_GROUP_WORDS:
        return 0  # the cheap look first: the first sentence ends on a group word
    match = _GROUP_HEAD_RE.match(rest)
    words = match["name"].split() if match is not None else []
    if match is None or not words or words[-1] not in _AUTHORING_GROUP_WORDS:
        return 0
    if len(words) > 10 or not all(w[:1].isupper() or w in _GROUP_PART_CONNECTORS for w in words):
        return 0
    remainder = rest[match.end() :]
    source = _find_journal_source(remainder, ids, False)
    if source is None or None in split_title_container(remainder[: source.start]):
        return 0
    draft.collective = clean_field(match["name"])
    return match.end()


# Hindawi ends a group author with a comma: "World Health Organization (WHO), Title, ...".
_COMMA_GROUP_RE = re.compile(
    r"^(?P<name>[A-Z][^,.;:\"()]{2,100}?(?:\s\([A-Z]{2,10}\))?),\s+(?=[A-Z])"
)


def _read_comma_group(draft: _Draft, rest: str) -> int:
    """A group name ended by a comma: only a name of capitalised words with a group word."""
    match = _COMMA_GROUP_RE.match(rest)
    if match is None or not looks_like_group_name(match["name"]):
        return 0
    words = match["name"].split()
    if not all(word.lstrip("(")[:1].isupper() or word in _GROUP_PART_CONNECTORS for word in words):
        return 0
    draft.collective = clean_field(match["name"])
    return match.end()


_DEPARTMENT_TEXT = """
    Ministério Ministerio Ministry Secretaria Secretaría Secretariat Department Departamento
    Divisão División Division Coordenação Coordinación Diretoria Dirección Directorate
    Instituto Institute Agência Agencia Agency Office Bureau Fundação Fundación Centro
    Center Centre Comissão Comisión Commission Conselho Consejo Council Subsecretaria
    """
_DEPARTMENT_WORDS = frozenset(_DEPARTMENT_TEXT.split())
_GROUP_PART_RE = re.compile(r"(?P<name>[^.;:]{2,100}?)\s*[.;]\s+(?=\S)")
_GROUP_PART_CONNECTORS = frozenset(
    {
        "of",
        "and",
        "the",
        "for",
        "on",
        "de",
        "da",
        "do",
        "das",
        "dos",
        "e",
        "em",
        "à",
        "y",
        "del",
        "la",
    }
)


def _is_group_part(text: str) -> bool:
    """A department's name: it opens with an administrative word, capitalised words
    (connectors aside); a title in title case ("Global Strategy on Diet") is none."""
    words = text.split()
    return (
        len(words) <= 10
        and words[0] in _DEPARTMENT_WORDS
        and all(w[:1].isupper() or w in _GROUP_PART_CONNECTORS for w in words)
    )


def _add_findings(draft: _Draft, ids: Identifiers, rest: str) -> None:
    if draft.year is None and not ids.in_press and not _IN_PRESS_RE.search(rest):
        draft.findings.append(
            codes.parse_finding(codes.NO_YEAR, "No publication year could be read.")
        )
    if not draft.authors and draft.collective is None:
        draft.findings.append(
            codes.parse_finding(codes.NO_AUTHORS, "No author list or group author was found.")
        )
    if draft.title is None:
        draft.findings.append(codes.parse_finding(codes.NO_TITLE, "No title could be read."))
    if ids.epub_ahead:
        draft.findings.append(
            codes.parse_finding(
                codes.EPUB_AHEAD,
                "Cited as published ahead of print; volume and pages may exist by now.",
            )
        )
    elif (
        draft.type is ReferenceType.JOURNAL_ARTICLE and draft.volume is None and draft.pages is None
    ):
        draft.findings.append(
            codes.parse_finding(
                codes.INCOMPLETE_SOURCE, "A journal article without volume or pages."
            )
        )


def _freeze(draft: _Draft, ids: Identifiers) -> Reference:
    # Positional, in the order of Reference's fields: a keyword call costs a third more,
    # and this runs once per reference (tests check the order).
    return Reference(
        draft.type,
        draft.authors,
        draft.et_al,
        draft.collective,
        draft.title,
        draft.journal,
        draft.year,
        draft.volume,
        draft.issue,
        draft.pages,
        ids.doi,
        ids.pmid,
        ids.pmcid,
        ids.url,
        draft.editors,
        draft.publisher,
        draft.place,
        draft.edition,
    )
