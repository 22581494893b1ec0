"""Plain text and Markdown: find the reference section and split it into references.

The same pipeline serves every format that ends up as lines of text (PDF text, Word
paragraphs): ``extract_from_lines`` takes numbered lines and returns a ``Document``.
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from refcheck.extract.body import find_body_citations
from refcheck.extract.headings import (
    is_markdown_heading,
    is_reference_heading,
    is_section_end,
    normalise_heading,
)
from refcheck.limits import check_text_size
from refcheck.models import Document, RawReference


@dataclass(frozen=True, slots=True)
class Line:
    """One line of a manuscript: its 1-based number in the input and its text."""

    number: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Lines numbered as an editor numbers them (``\\n``, ``\\r\\n`` or ``\\r`` ends a line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is a page break inside a line, not a line end.
    return [Line(index, part.replace("\f", "")) for index, part in enumerate(text.split("\n"), 1)]


def extract_text_document(
    path: str, text: str, *, markdown: bool = False, warnings: Sequence[str] = ()
) -> Document:
    """A ``Document`` from the text of a plain-text or Markdown manuscript."""
    lines = split_lines(text)
    if not markdown:
        return extract_from_lines(path, lines, warnings=warnings)
    content = _strip_pandoc_markup(_blank_front_matter(lines))
    document = extract_from_lines(path, content, markdown=True, warnings=warnings)
    front_matter = "\n".join(
        line.text for line, kept in zip(lines, content, strict=True) if kept.text != line.text
    )
    external = _PANDOC_BIBLIOGRAPHY.search(front_matter)
    if document.references or external is None:
        return document
    note = (
        f"{path}: the references are in {external.group(1).strip()!r} (pandoc bibliography); "
        "check that file instead"
    )
    return dataclasses.replace(document, warnings=(*document.warnings, note))


# Pandoc's own Markdown, as citeproc writes a rendered list: fenced divs (":::
# {#ref-key .csl-entry}"), bracketed spans ("[1. ]{.csl-left-margin}"), and in GitHub
# Markdown the same as HTML ("<div class="csl-entry">", "<span class=...>").
_FENCE_LINE = re.compile(r"^\s*(?::{3,}.*|</?div\b[^>]*>\s*)$")
_BRACKETED_SPAN = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\{[.#][^{}]*\}")
_SPAN_TAG = re.compile(r"</?span\b[^>]*>")


def _strip_pandoc_markup(lines: list[Line]) -> list[Line]:
    """Fence and div lines blanked, spans reduced to their text; line numbers kept."""
    stripped = []
    for line in lines:
        text = line.text
        if (":::" in text or "<div" in text or "</div" in text) and _FENCE_LINE.match(text):
            text = ""
        if "]{" in text:
            text = _BRACKETED_SPAN.sub(r"\1", text)
        if "<span" in text or "</span" in text:
            text = _SPAN_TAG.sub("", text)
        stripped.append(line if text is line.text else Line(line.number, text))
    return stripped


def _blank_front_matter(lines: list[Line]) -> list[Line]:
    """Markdown's YAML front matter (``---`` ... ``---`` at the top) is neither body nor
    references; its lines are blanked so line numbers stay."""
    if not lines or lines[0].text.strip() != "---":
        return lines
    for end in range(1, min(len(lines), 200)):
        if lines[end].text.strip() in ("---", "..."):
            return [Line(line.number, "") for line in lines[: end + 1]] + lines[end + 1 :]
    return lines


def extract_from_lines(
    path: str,
    lines: Sequence[Line],
    *,
    markdown: bool = False,
    warnings: Sequence[str] = (),
    body_lines: Sequence[Line] | None = None,
) -> Document:
    """Find the reference section in ``lines``, split it into references, and scan the body
    before it for citations. ``body_lines`` replaces the body lines given to the citation
    finder (Word documents render superscripts there as ``<sup>..</sup>``); it must be
    index-aligned with ``lines``."""
    check_text_size(path, sum(len(line.text) for line in lines), len(lines))
    found_warnings = list(warnings)
    heading, end = locate_reference_section(lines)
    body_source = body_lines if body_lines is not None else lines
    list_starts: tuple[int, ...] = ()
    if heading is None:
        references = split_references(lines, all_lines=lines, markdown=markdown, restart=True)
        body = _unheaded_body(lines, body_source, references)
        if not _mostly_references(references):
            # No heading and no numbers: a document of prose, not a bare reference list.
            references = []
            found_warnings.append(f"{path}: no reference section heading or list found")
    else:
        section = list(lines[heading + 1 : end])
        references = split_references(section, all_lines=lines, markdown=markdown)
        body = list(body_source[:heading])
        earlier = _earlier_list(lines, heading, markdown)
        if earlier is not None:
            # Nature's main list, then Methods and the Methods list: both are references,
            # and the Methods text between them is body.
            start, stop, main = earlier
            list_starts = (len(main),)
            references = main + references
            body = list(body_source[:start]) + list(body_source[stop:heading])
    has_body = any(line.text.strip() for line in body)
    citations = find_body_citations(body, quotations=not markdown) if has_body else ()
    if not references and len(found_warnings) == len(warnings):
        found_warnings.append(f"{path}: no references found")
    return Document(
        path=path,
        references=tuple(references),
        citations=citations,
        has_body=has_body,
        warnings=tuple(found_warnings),
        list_starts=list_starts,
    )


_PANDOC_BIBLIOGRAPHY = re.compile(r"^bibliography:\s*\[?\s*['\"]?([^'\"\]\n]+)", re.MULTILINE)


def _mostly_references(references: Sequence[RawReference]) -> bool:
    """A bare unnumbered list passes when most of its paragraphs carry a year and read like
    references: short, or opening with an author. Prose that cites author-year ("...
    (Chen et al., 2018).") carries years too, in long paragraphs that open with a word."""
    if not references or references[0].number is not None:
        return True
    dated = sum(
        1
        for reference in references
        if len(reference.text) >= 30
        and _YEAR.search(reference.text)
        and (
            len(reference.text) <= _LONGEST_PLAIN_REFERENCE
            or _AUTHOR_START.match(reference.text)
            or _INVERTED_NAME_START.match(reference.text)
        )
    )
    return dated * 2 >= len(references)


# An unnumbered reference longer than this opens with its authors (or it is prose).
_LONGEST_PLAIN_REFERENCE = 400
# "Zhao, Zixuan, ...": Chicago's first author, inverted and in full.
_INVERTED_NAME_START = re.compile(r"^[A-ZÀ-ÖØ-Þ][\w'’-]+,\s+[A-ZÀ-ÖØ-Þ][a-zà-ÿ]+[,\s]")


def _unheaded_body(
    lines: Sequence[Line], body_source: Sequence[Line], references: Sequence[RawReference]
) -> list[Line]:
    """Without a heading, a numbered list that follows some paragraphs of prose is the
    reference list of a manuscript whose body is that prose. A line or two before the list
    (a title) is not a body."""
    if not references or references[0].number is None:
        return []
    first = next(
        (index for index, line in enumerate(lines) if line.number == references[0].line), 0
    )
    prose = [line.text.strip() for line in lines[:first] if line.text.strip()]
    if len(prose) >= 3 and sum(len(text) for text in prose) >= 120:
        return list(body_source[:first])
    return []


def locate_reference_section(lines: Sequence[Line]) -> tuple[int | None, int]:
    """Index of the reference heading (the last one followed by content) and the index where
    the section ends. ``(None, len(lines))`` when there is no heading."""
    candidates = [index for index, line in enumerate(lines) if is_reference_heading(line.text)]
    for heading in reversed(candidates):
        end = _section_end(lines, heading)
        if any(line.text.strip() for line in lines[heading + 1 : end]):
            return heading, end
    return None, len(lines)


_METHODS_HEADINGS = frozenset({"methods", "online methods", "materials and methods", "method"})


def _earlier_list(
    lines: Sequence[Line], heading: int, markdown: bool
) -> tuple[int, int, list[RawReference]] | None:
    """A numbered reference list before the last one: its heading, where it ends, and its
    references. Either closed by a Methods heading (Nature: main list, Methods, Methods list)
    or followed directly by the last heading ("References", then "Methods references")."""
    for earlier in range(heading - 1, -1, -1):
        if not is_reference_heading(lines[earlier].text):
            continue
        stop = next(
            (
                index
                for index in range(earlier + 1, heading)
                if normalise_heading(lines[index].text) in _METHODS_HEADINGS
            ),
            None,
        )
        if stop is None:
            stop = heading  # nothing but the list between the two headings, or no list
        if _section_end(lines, earlier) < stop:
            return None
        references = split_references(
            list(lines[earlier + 1 : stop]), all_lines=lines, markdown=markdown
        )
        if len(references) >= 2 and all(reference.number for reference in references):
            return earlier, stop, references
        return None
    return None


def _section_end(lines: Sequence[Line], heading: int) -> int:
    for index in range(heading + 1, len(lines)):
        text = lines[index].text
        if is_reference_heading(text):
            continue  # "Web references" under "References" stays in the list
        if is_markdown_heading(text) or is_section_end(text):
            return index
        if _AUTHOR_MARKS.match(text) and _next_article_starts(lines, index):
            return index - 1 if _is_title_line(lines[index - 1].text) else index
    return len(lines)


# The next article's byline after a letter's list: "John Doe1*, Jane Roe2" (names with
# affiliation marks), then "1 Department of ..." or "*Corresponding author: ...".
_MARKED_NAME = (
    # Letters only in the words: where a name ends and its mark begins is never in doubt
    # (a long line of names must fail fast).
    r"[A-Z](?:[^\W\d_]|['’.-])*(?:\s+[A-Z](?:[^\W\d_]|['’.-])*){0,3}"
    r"(?:<sup>)?\d{1,2}(?:,\d{1,2})*(?:</sup>)?[*†]?"
)
_AUTHOR_MARKS = re.compile(rf"^\s*{_MARKED_NAME}(?:\s*(?:,|and|&)\s*{_MARKED_NAME})*\s*$")
_AFFILIATION_LINE = re.compile(
    r"^\s*(?:(?:<sup>)?\d{1,2}(?:</sup>)?\s*(?:Department|Dept|Division|School|Faculty|"
    r"University|Institute|Centre|Center|Hospital|Laboratory|Unit|Clinic)\b"
    r"|[*†]?\s*(?:corresponding author|correspondence)\b)",
    re.IGNORECASE,
)


def _next_article_starts(lines: Sequence[Line], index: int) -> bool:
    following = lines[index + 1 : index + 4]
    return any(_AFFILIATION_LINE.match(line.text) for line in following)


def _is_title_line(text: str) -> bool:
    """A line standing alone above a byline: the next article's title (a reference would
    end with a full stop, a bracket or a number)."""
    stripped = text.strip()
    return bool(stripped) and _marker(stripped) is None and not _TERMINAL.search(stripped)


# --------------------------------------------------------------------------- markers

_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_BULLET_CHARS = "-*+•·▪◦‣–"
# Up to five digits: lists numbered past 9999 (a bare number stays at four: a page or a PMID).
_MARKER = re.compile(
    r"""^\s*(?:[-*+•·▪◦‣–]\s+)?
    (?:
       \[\^?\s*(?P<bracket>\d{1,5})\s*\][.:]?
      |\((?P<paren>\d{1,5})\)\.?
      |<sup>\s*(?P<htmlsup>\d{1,4})\s*</sup>\.?
      |\^(?P<caret>\d{1,4})\^
      |(?P<sup>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,4})\.?
      |(?P<dot>\d{1,5})\s?(?:\\?\.|\))(?![\d/])
      |(?P<bare>\d{1,4})(?=\s)
    )
    \s*(?P<rest>.*)$""",
    re.VERBOSE,
)
_BULLET = re.compile(rf"^\s*[{re.escape(_BULLET_CHARS)}]\s+(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class _Marker:
    style: str
    number: int
    rest: str


# "**1.** Smith" / "__[2]__ Doe": a number set in bold in Markdown or a Word export.
_BOLD_NUMBER = re.compile(r"^(\s*)(\*\*|__)([\[(]?\d{1,4}[\])]?[.)]?)\2")


def _marker(text: str) -> _Marker | None:
    if "**" in text[:8] or "__" in text[:8]:
        text = _BOLD_NUMBER.sub(r"\1\3", text)
    match = _MARKER.match(text)
    if not match:
        return None
    for style in ("bracket", "paren", "htmlsup", "caret", "sup", "dot", "bare"):
        value = match.group(style)
        if value is not None:
            unified = "sup" if style in ("htmlsup", "caret") else style
            number = int(value.translate(_SUPERSCRIPT_DIGITS))
            return _Marker(unified, number, match.group("rest"))
    return None  # pragma: no cover - one group always matches


# --------------------------------------------------------------------------- noise

_PAGE_LINE = re.compile(
    r"^\s*(?:page\s+\d+(?:\s*(?:of|/)\s*\d+)?|p\.\s*\d+|\d+\s*(?:of|/)\s*\d+|[-–]\s*\d+\s*[-–]"
    r"|\d{1,4})\s*$",
    re.IGNORECASE,
)
# Lines of an article's footnotes and footers that PDF text wedges between references. Each
# needs a marker a reference line would not have ("Correspondence:", "... by guest on").
_FOOTNOTE = re.compile(
    r"^\s*[*†‡§]?\s*(?:\d\s*)?(?:correspondence\s*(?::|to\b|should\b|and requests)"
    r"|corresponding author|e-?mail\s*(?:address(?:es)?)?\s*:"
    r"|address (?:for )?correspondence|reprint requests|©|\(c\)\s*\d{4}"
    r"|copyright\s*(?:©|\(c\)|\d{4})|received\s*:|accepted\s*:|downloaded from\b.*\bby\b"
    r"|this article is protected by copyright|author manuscript\b.*\bavailable"
    r"|full list of author information)",
    re.IGNORECASE,
)
_FOOTNOTE_CONTINUATION = re.compile(r"@|^\s*full list of author information", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]{3,}")


def _shape(text: str) -> str:
    """A line with its numbers blanked, to spot running headers that differ by page number.
    Lines with a DOI or URL keep their digits: many references share a DOI's shape, while a
    running header repeats its article's DOI exactly."""
    if _URL.search(text) or "doi" in text.casefold():
        return " ".join(text.casefold().split())
    return " ".join(re.sub(r"\d+", "#", text).casefold().split())


def _running_lines(lines: Sequence[Line]) -> set[str]:
    """Shapes of lines repeated three or more times between different text: running titles
    and journal headers. A reference printed twice repeats with its own neighbours, so a line
    whose neighbours repeat with it is kept."""
    texts = [line.text for line in lines if line.text.strip()]
    shapes = [_shape(text) for text in texts]
    counts = Counter(shapes)
    candidates = {
        shape
        for shape, count in counts.items()
        if count >= 3
        and len(shape) <= 150
        and len(_WORD.findall(shape)) >= 2
        # A whole reference, or its last line, ends with a full stop or a link label
        # ("2002, 20, 101-153. [CrossRef] [PubMed]"); a running header hardly ever does.
        and not shape.endswith((".", "]"))
    }
    # A header comes once a page: far apart, and never as a numbered line.
    last_seen: dict[str, int] = {}
    for index, (text, shape) in enumerate(zip(texts, shapes, strict=True)):
        if shape not in candidates:
            continue
        if _marker(text) is not None or index - last_seen.get(shape, -99) < 8:
            candidates.discard(shape)
        last_seen[shape] = index
    if not candidates:
        return set()
    # Neighbours are the nearest lines that are not candidates themselves (a header may be
    # two lines: journal and running title).
    others = [index for index, shape in enumerate(shapes) if shape not in candidates]
    before: dict[str, set[str]] = {shape: set() for shape in candidates}
    after: dict[str, set[str]] = {shape: set() for shape in candidates}
    position = 0
    for index, shape in enumerate(shapes):
        if shape not in candidates:
            continue
        while position < len(others) and others[position] < index:
            position += 1
        before[shape].add(shapes[others[position - 1]] if position > 0 else "")
        after[shape].add(shapes[others[position]] if position < len(others) else "")
    return {shape for shape in candidates if len(before[shape]) > 1 and len(after[shape]) > 1}


# A page range broken at the line end: "2010;22:31–".
_RANGE_OPEN = re.compile(r"\d[-–—]\s*$")


def _ends_in_range(lines: Sequence[Line]) -> bool:
    """The last line breaks a page range ("Anthrozoös 22:31–"): a bare number after it is
    the range's end, not the page's number."""
    return bool(lines) and bool(_RANGE_OPEN.search(lines[-1].text))


def _is_page_number(text: str) -> bool:
    """A bare number of up to four digits on its own line (longer ones are PMIDs)."""
    stripped = text.strip()
    return stripped.isdigit() and len(stripped) <= 4


# The citing article's own footer (BMC): its DOI on a line of its own, then "Cite this
# article as: Doe et al.: Title. Trials 2015 16:1." - never part of the last reference.
_CITE_AS = re.compile(r"^\s*cite this article as\s*:", re.IGNORECASE)
_OWN_DOI_LINE = re.compile(r"^\s*(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)10\.\S+\s*$", re.I)
# A publisher's advertising box: "Submit your next manuscript to BioMed Central ... Submit
# your manuscript at www.biomedcentral.com/submit"; in later ones, whose heading is a picture,
# "• fast, convenient online submission ... Learn more biomedcentral.com/submissions"; in
# older ones "Publish with BioMed Central and every scientist ... /info/publishing_adv.asp".
_PUBLISHER_BOX = re.compile(
    r"^\s*(?:submit your (?:next )?manuscript to\b|•\s*fast, convenient online submission\b"
    r"|publish with biomed central\b)",
    re.IGNORECASE,
)
_PUBLISHER_BOX_END = re.compile(r"(?:/submit(?:ssions)?|/publishing_adv\.asp)\s*$", re.I)
_BOX_LINES = 24
_PUBLISHER_LOGO = re.compile(r"^\s*biomed\s*central\s*$", re.IGNORECASE)  # under the box


def _drop_footers(section: Sequence[Line]) -> list[Line]:
    """The section without the citing article's own footer and publisher boxes. A numbered
    line always ends such a block: what follows it is a reference again."""
    kept: list[Line] = []
    skipping = ""  # "cite" or "box" while inside one
    box_lines = 0
    for line in section:
        text = line.text
        if skipping and _marker(text) is not None and not _PUBLISHER_BOX_END.search(text):
            skipping = ""
        if skipping == "cite" and not text.strip():
            skipping = ""
        if skipping == "box":
            box_lines += 1
            if _PUBLISHER_BOX_END.search(text) or box_lines > _BOX_LINES:
                skipping = ""
            continue
        if _PUBLISHER_BOX.match(text):
            skipping, box_lines = "box", 0
            continue
        if _PUBLISHER_LOGO.match(text):
            continue
        if _CITE_AS.match(text):
            skipping = "cite"
            while kept and (not kept[-1].text.strip() or _OWN_DOI_LINE.match(kept[-1].text)):
                own_doi = bool(_OWN_DOI_LINE.match(kept[-1].text))
                kept.pop()
                if own_doi:
                    break
            continue
        if skipping == "cite":
            continue
        kept.append(line)
    return kept


def _drop_noise(section: Sequence[Line], running: set[str]) -> list[Line]:
    """The section without page numbers, running headers, author footnotes and footers;
    blank lines are kept (they separate paragraphs). Bare numbers are kept for the splitter
    to judge."""
    kept: list[Line] = []
    in_footnote = False
    for line in _drop_footers(section):
        text = line.text
        if not text.strip():
            in_footnote = False
            kept.append(line)
            continue
        # Matched without the indent: "^\s*...\s*" over 20,000 spaces took 25 s.
        stripped = text.lstrip()
        if in_footnote and _FOOTNOTE_CONTINUATION.search(stripped):
            continue
        in_footnote = False
        if _FOOTNOTE.match(stripped):
            in_footnote = True
            continue
        if _PAGE_LINE.match(stripped) and not _is_page_number(text):
            continue
        if _marker(text) is None and _shape(text) in running:
            continue
        kept.append(line)
    return kept


# --------------------------------------------------------------------------- splitting

_DIGIT = re.compile(r"\d")
_YEAR = re.compile(r"(?<!\d)(?:1[7-9]\d\d|20\d\d)(?!\d)")
_DATED = re.compile(_YEAR.pattern + r"|\bin press\b|\bforthcoming\b", re.IGNORECASE)
# How the tail of a reference opens when it wraps onto a line of its own.
_TAIL_START = re.compile(
    r"^(?:doi\s*[:.]|doi\s+10\.|pmid\b|pmcid\b|pubmed\b|available\b|https?:|www\.|accessed\b"
    r"|retrieved\b|epub\b|\[?cited\b|\[?citado\b|dispon[ií]vel\b|disponible\b|url\b|isbn\b"
    r"|issn\b)",
    re.IGNORECASE,
)
# The start of a reference: a family name then initials ("Smith AB,", "Smith, A. B.",
# "van der Berg J.", "O'Neil K"), or a collective author in capitals ("WHO.").
_AUTHOR_START = re.compile(
    r"^(?:(?:van|von|de|da|del|der|den|di|du|le|la|dos|das|ten|ter|el|al)\s+){0,3}"
    r"[A-ZÀ-ÖØ-Þ][\w'’`-]+(?:[ -][A-ZÀ-ÖØ-Þ][\w'’`-]+){0,2},?\s+"
    r"(?:[A-ZÀ-ÖØ-Þ]{1,4}|[A-ZÀ-ÖØ-Þ]\.(?:\s?-?[A-ZÀ-ÖØ-Þ]\.){0,3})"
    r"(?:\s*(?:Jr|Sr|II|III|IV|2nd|3rd)\b\.?)?"
    r"(?:,|\.|;|:|\s+\(|\s+(?:and|&)\s|\s*$)"
)
# How a reference ends: a full stop, a bracket, a number, a link; or the link labels F1000
# and others print after it ("Publisher Full Text", "PubMed Abstract").
_TERMINAL = re.compile(
    r"(?:[.)\]]|\d|\S*[/=%]\S*|\b(?:Publisher\s+Full\s+Text|Reference\s+Source|PubMed\s+"
    r"Abstract|(?:PMC\s+)?Free\s+Full\s+Text|PubMed\s+Central\s+Full\s+Text|"
    r"Google\s+Scholar|Cross[Rr]ef))\s*$"
)
_PARTICLE = re.compile(r"^(?:van|von|de|da|del|der|den|di|du|le|la|dos|das|ten|ter|el|al|d')\b")
_UNDATED = re.compile(r"\b(?:in press|forthcoming|n\.\s?d\.|https?://|www\.)", re.IGNORECASE)
_URL_TAIL = re.compile(r"(?:https?://|www\.|doi:|10\.\d{4,9}/)\S*$", re.IGNORECASE)
_URL = re.compile(r"(?:https?://|www\.|doi:|10\.\d{4,9}/)", re.IGNORECASE)
# A line that ends inside a web address's host name: "http://www.who." + "int/media/".
_HOST_TAIL = re.compile(r"(?:https?://|www\.)[^/\s]+\.$", re.IGNORECASE)
# A DOI or web address broken after one of its dots: "10.1016/j.anbehav.2003." + "10.008",
# "https://doi." + "org/10.1590/...".
_DOI_AT_DOT = re.compile(r"(?:(?:^|doi:|doi\.org/)10\.\d{4,9}/|https?://)\S*\.$", re.IGNORECASE)
# "(doi:10.1016/s1388-1981(01)00": a bracketed DOI whose bracket is still open.
_OPEN_DOI = re.compile(r"^\(doi:\s?10\.\d{4,9}/(?:[^()\s]|\([^()\s]*\))*$", re.IGNORECASE)


@dataclass(slots=True)
class _Entry:
    number: int | None
    lines: list[Line] = field(default_factory=list)


def split_references(
    section: Sequence[Line],
    *,
    all_lines: Sequence[Line] | None = None,
    markdown: bool = False,
    restart: bool = False,
) -> list[RawReference]:
    """The references in a reference section, numbered as printed, one ``RawReference`` per
    reference, each with the line where it starts. With ``restart`` (a whole file with no
    heading), numbering that starts again at 1 drops what came before: a numbered list in
    the body, not references."""
    lines = _drop_noise(section, _running_lines(all_lines if all_lines is not None else section))
    style = _numbering_style(lines)
    entries = _split_numbered(lines, style, restart) if style else _split_unnumbered(lines)
    references = []
    for entry in entries:
        text = clean_reference_text(join_lines([line.text for line in entry.lines]), markdown)
        if len(text) < 8 or is_reference_heading(text):
            continue
        if entry.number is None and not _looks_like_unnumbered_reference(text):
            continue  # a note or sub-heading in an unnumbered list
        references.append(RawReference(number=entry.number, text=text, line=entry.lines[0].number))
    return references


def _looks_like_unnumbered_reference(text: str) -> bool:
    """Every reference has a digit (a year, pages), an author opening, or says why not."""
    return (
        bool(_DIGIT.search(text)) or bool(_AUTHOR_START.match(text)) or bool(_UNDATED.search(text))
    )


def _numbering_style(lines: Sequence[Line]) -> str | None:
    """The numbering style whose numbers run in sequence for longest; ``None`` for an
    unnumbered list."""
    best: tuple[int, int, str] | None = None
    for preference, style in enumerate(("bracket", "sup", "paren", "dot", "bare")):
        chain = 0
        last: int | None = None
        for line in lines:
            marker = _marker(line.text)
            if marker is None or marker.style != style:
                continue
            if (last is None and (marker.number <= 3 or style != "bare")) or (
                last is not None and last < marker.number <= last + 3
            ):
                chain += 1
                last = marker.number
        if chain == 1 and last is not None and last > 3:
            # One lone "1919." (a DOI's tail, a year on its own line) numbers no list.
            continue
        if chain and (best is None or (chain, -preference) > (best[0], best[1])):
            best = (chain, -preference, style)
    if best is None:
        return None
    chain, _, style = best
    if style == "bare" and chain < 2:
        return None
    # A numbered list numbers (nearly) every reference: a stray "23." opening one paragraph of
    # an unnumbered list, or one line of a long block, does not make the list numbered.
    content = [line for line in lines if line.text.strip()]
    paragraphs = sum(
        1
        for index, line in enumerate(lines)
        if line.text.strip() and (index == 0 or not lines[index - 1].text.strip())
    )
    if chain * 2 < paragraphs or chain * 10 < len(content):
        return None
    return style


def _lost_punctuation(marker: _Marker, style: str) -> bool:
    """``40 Spinelli S, ...`` in a list numbered ``39.``: the number lost its full stop. Only
    a number opening an author list qualifies; the splitter then takes it only as the next
    number."""
    return style == "dot" and marker.style == "bare" and _opens_reference(marker.rest)


def _accepts(marker: _Marker, last: int | None, after_blank: bool, style: str) -> bool:
    if marker.style != style:
        return last is not None and marker.number == last + 1
    if last is None:
        return marker.style != "bare" or marker.number <= 2
    if marker.number == last + 1:
        return True
    if marker.style != "bare" and last + 1 < marker.number <= last + 4:
        return True
    # A repeated or out-of-order number is a numbering mistake worth keeping, when the
    # marker cannot be anything else.
    return marker.number <= last and (marker.style in ("bracket", "sup", "paren") or after_blank)


def _split_numbered(lines: Sequence[Line], style: str, restart: bool = False) -> list[_Entry]:
    markers = [_marker(line.text) for line in lines]
    for index, marker in enumerate(markers):
        if marker is not None and marker.style != style and not _lost_punctuation(marker, style):
            markers[index] = None
    entries: list[_Entry] = []
    last: int | None = None
    after_blank = True
    bulleted = _bulleted_numbers(lines, markers)
    index = 0
    while index < len(lines):
        line = lines[index]
        if not line.text.strip():
            after_blank = True
            index += 1
            continue
        marker = markers[index]
        bullet = _BULLET.match(line.text) if bulleted and marker is None else None
        if bullet is not None and last is None:
            last = _number_before(lines, markers, index)
        if bullet is not None and last is not None:
            # "- Liao HT, ..." among "- 2. Requena C, ...": a bullet item that lost its
            # number is the next one.
            last += 1
            entries.append(_Entry(last, [Line(line.number, bullet.group("rest"))]))
            after_blank = False
            index += 1
            continue
        if restart and marker is not None and marker.number == 1 and entries:
            entries.clear()
            last = None
        if marker is not None and _accepts(marker, last, after_blank, style):
            if last is not None and marker.number == last + 2 and entries:
                _split_lost_number(entries, last + 1)
            entries.append(_Entry(marker.number, [Line(line.number, marker.rest)]))
            last = marker.number
        elif (
            _is_page_number(line.text)
            and not after_blank
            and entries
            and not _ends_in_range(entries[-1].lines)
        ):
            pass  # a bare page number between two lines of a reference
        elif (
            after_blank
            and entries
            and last is not None
            and _looks_like_reference_start(line.text)
            and _ends_complete(entries[-1])
            and _next_number(markers, index, last) != last + 1
        ):
            # A paragraph without its number between n and n+2 (or after the last): n+1.
            last += 1
            entries.append(_Entry(last, [line]))
        elif entries:
            if _is_page_number(line.text) and not _ends_in_range(entries[-1].lines):
                pass  # a page number on its own line
            else:
                entries[-1].lines.append(line)
        # Lines before the first numbered reference are a preamble, not a reference.
        after_blank = False
        index += 1
    return entries


def _number_before(
    lines: Sequence[Line], markers: Sequence[_Marker | None], index: int
) -> int | None:
    """The number before the bullet item at ``index`` when the list's first numbers were
    lost: the first kept number less the bullet items before it; ``None`` if below 0."""
    items = 0
    for line, marker in zip(lines[index:], markers[index:], strict=True):
        if marker is not None:
            before = marker.number - items - 1
            return before if before >= 0 else None
        if _BULLET.match(line.text):
            items += 1
    return None


def _bulleted_numbers(lines: Sequence[Line], markers: Sequence[_Marker | None]) -> bool:
    """Every numbered item opens with a bullet ("- 2. Requena C"): the bullets, not the
    numbers, mark where references start."""
    numbered = [line.text for line, marker in zip(lines, markers, strict=True) if marker]
    return bool(numbered) and all(_BULLET.match(text) for text in numbered)


def _next_number(markers: Sequence[_Marker | None], index: int, last: int) -> int | None:
    # A bounded look-ahead keeps long unnumbered tails linear; a reference is never this long.
    for marker in markers[index + 1 : index + 400]:
        if marker is not None and last < marker.number <= last + 4:
            return marker.number
    return None


def _split_lost_number(entries: list[_Entry], number: int) -> None:
    """Numbers n and n+2 with no n+1 between: look for where a reference starts inside the
    lines of n (a line after a full stop that opens with an author) and split there."""
    previous = entries[-1]
    for split in range(1, len(previous.lines)):
        before = previous.lines[split - 1].text.rstrip()
        head = " ".join(line.text for line in previous.lines[:split])
        if (
            before.endswith(".")
            and _YEAR.search(head)
            and _opens_reference(previous.lines[split].text)
        ):
            entries.append(_Entry(number, previous.lines[split:]))
            del previous.lines[split:]
            return
    _split_glued_number(entries, number)


def _split_glued_number(entries: list[_Entry], number: int) -> None:
    """ "... research. 1979. [13]Beaujean AA. Latent variable ...": the lost reference n+1
    printed with its bracketed number inside a line of n (a Word paragraph holding two
    references). Only the missing number, after a full stop, before an author, splits."""
    previous = entries[-1]
    glued = re.compile(rf"(?<=\.)\s*\[{number}\]\s*(?=\S)")
    for index, line in enumerate(previous.lines):
        for match in glued.finditer(line.text):
            head = " ".join(
                [*(item.text for item in previous.lines[:index]), line.text[: match.start()]]
            )
            rest = line.text[match.end() :]
            if _YEAR.search(head) and _opens_reference(rest):
                tail = [Line(line.number, rest), *previous.lines[index + 1 :]]
                previous.lines[index:] = [Line(line.number, line.text[: match.start()])]
                entries.append(_Entry(number, tail))
                return


def _opens_reference(text: str) -> bool:
    """The line opens with an author list ("Smith AB, ..."), not a wrapped tail (nor a
    book's place and publisher: "Cambridge, MA: MIT Press.")."""
    stripped = text.strip()
    return (
        bool(_AUTHOR_START.match(stripped))
        and not _TAIL_START.match(stripped)
        and not _PLACE_PUBLISHER.match(stripped)
    )


# "Cambridge, MA: MIT Press.", "New York, NY: Wiley": a US place, its state and a colon.
_PLACE_PUBLISHER = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}, [A-Z]{2}:\s")


def _looks_like_reference_start(text: str) -> bool:
    stripped = text.strip()
    opening = stripped[:1].isupper() or stripped[:1] in "\"“'‘" or _PARTICLE.match(stripped)
    return bool(opening) and len(stripped) >= 20 and not _TAIL_START.match(stripped)


def _ends_complete(entry: _Entry) -> bool:
    return bool(entry.lines) and bool(_TERMINAL.search(entry.lines[-1].text))


def _looks_whole(text: str) -> bool:
    """A line that is a reference by itself: long, opens like one, has a year, ends like one."""
    stripped = text.strip()
    return (
        len(stripped) >= 30
        and _looks_like_reference_start(stripped)
        and bool(_YEAR.search(_URL_TAIL.sub("", stripped)))  # not the digits of a DOI
        and bool(_TERMINAL.search(stripped))
    )


def _split_unnumbered(lines: Sequence[Line]) -> list[_Entry]:
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if not line.text.strip() or (_is_page_number(line.text) and not _ends_in_range(current)):
            if current:
                blocks.append(current)
            current = []
            continue
        bullet = _BULLET.match(line.text)
        if bullet:
            if current:
                blocks.append(current)
            current = [Line(line.number, bullet.group("rest"))]
            continue
        current.append(line)
    if current:
        blocks.append(current)
    entries: list[_Entry] = []
    for block in blocks:
        entries.extend(_Entry(None, part) for part in _split_block(block))
    return entries


# A name-year reference's first line: names (or a group), then the bracketed year.
_NAME_YEAR_LINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][^()]{0,150}?\s\((?:1[6-9]|20)\d{2}[a-z]?\)")
# A line that the next one continues: a list of names or a word broken at its end.
_OPEN_LINE_END = re.compile(r"(?:[,&-]|\band)\s*$")


def _starts_name_year_reference(previous: str, line: str) -> bool:
    """Springer's name-year lists end a reference without a full stop ("... 57:546-556",
    "... University of St Andrews"): the next reference shows itself by its names and
    bracketed year, after a line that does not run on."""
    return bool(_NAME_YEAR_LINE.match(line)) and not _OPEN_LINE_END.search(previous)


def _split_block(block: list[Line]) -> list[list[Line]]:
    """A paragraph is one reference, unless each line is a whole reference, or (text from a
    PDF) new references visibly start inside it."""
    if len(block) == 1:
        return [block]
    whole = sum(1 for line in block if _looks_whole(line.text))
    # One reference per line: (nearly) every line is a whole reference by itself; the odd one
    # out is an undated or oddly ended reference, not a wrapped line.
    if whole == len(block) or (len(block) >= 5 and whole >= 0.9 * len(block)):
        return [[line] for line in block]
    parts: list[list[Line]] = [[block[0]]]
    dated = bool(_DATED.search(block[0].text))  # the current part has a year
    for index, line in enumerate(block[1:], 1):
        current = parts[-1]
        if dated and (
            (
                _TERMINAL.search(current[-1].text)
                and _opens_reference(line.text)
                and _dated_part(block, index)
            )
            or _starts_name_year_reference(current[-1].text, line.text)
        ):
            parts.append([line])
            dated = bool(_DATED.search(line.text))
        else:
            current.append(line)
            dated = dated or bool(_DATED.search(line.text))
    return parts


def _dated_part(block: Sequence[Line], start: int) -> bool:
    """The lines from ``start`` to the next one opening a reference have a year, or a reason
    to have none: a part without is the tail of the reference before it ("Cambridge, MA: MIT
    Press." reads like an author and initials)."""
    previous = ""
    for offset, line in enumerate(block[start:]):
        # A line after a comma goes on with a wrapped list of names ("..., White H," +
        # "Black I (2007) ..."), however much it looks like a reference of its own.
        if offset and _opens_reference(line.text) and not previous.endswith(","):
            return False
        previous = line.text.rstrip()
        if _DATED.search(line.text) or _UNDATED.search(line.text):
            return True
    return False


# --------------------------------------------------------------------------- text


def join_lines(parts: Sequence[str]) -> str:
    """Join the lines of a wrapped reference, undoing end-of-line hyphenation: ``immuno-`` +
    ``logy`` -> ``immunology``, but ``Nestal-`` + ``Zibo`` and ``COVID-`` + ``19`` keep
    their hyphen."""
    pieces: list[str] = []
    tail = ""  # the last whitespace-free token so far: only it decides how to join
    for raw in parts:
        part = raw.strip()
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            tail = part.rsplit(None, 1)[-1]
            continue
        last_char = tail[-1]
        if last_char in "-‐‑" and len(tail) >= 2:
            acronym = len(tail) >= 3 and tail[-3:-1].isupper()  # "CCI-" + "induced" keeps it
            if (
                tail[-2].isalpha()
                and part[0].islower()
                and not acronym
                and not _URL_TAIL.search(tail)
            ):
                pieces[-1] = pieces[-1][:-1]  # immuno- + logy
                tail = tail[:-1]
            separator = ""
        elif (
            (last_char in "–—" and part[0].isdigit())
            or (last_char == "/" and _URL_TAIL.search(tail))
            # A DOI or web address broken after one of its dots: "doi: 10.1016/j." +
            # "anbehav.2005.03.025", "http://www.who." + "int/media/".
            or ((_DOI_AT_DOT.search(tail) or _HOST_TAIL.search(tail)) and _continues_doi(part))
            or _OPEN_DOI.match(tail)
        ):
            # A page range, a URL or a bracketed DOI broken at the line end: Royal Society's
            # "(doi:10.1002/zoo." + "20056)" is one DOI until its bracket closes.
            separator = ""
        else:
            separator = " "
        pieces.append(separator + part)
        first, _, rest = part.partition(" ")
        if rest.strip():
            tail = rest.rsplit(None, 1)[-1]
        else:
            # Capped: a token glued over many lines must not make each join slower.
            tail = ((tail if not separator else "") + first)[-300:]
    return "".join(pieces)


def _continues_doi(part: str) -> bool:
    """The next line goes on with the DOI (``10.008``, ``anbehav.2005``), not with the words
    after it ("pmid: 123", "Accessed 2019")."""
    return (part[0].islower() or part[0].isdigit()) and not _TAIL_START.match(part)


_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000\t"), " ")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st"})
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<![\w/])_)(?=\S)(.+?)(?<=\S)\1(?![\w])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|])")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
_MD_AUTOLINK = re.compile(r"<((?:https?://|doi:)[^>\s]+)>")
_HTML_INLINE = re.compile(r"</?(?:sup|sub|i|b|em|strong|u|span)\b[^>]*>", re.IGNORECASE)


def clean_reference_text(text: str, markdown: bool = False) -> str:
    """One line, whitespace normalised; Markdown emphasis, escapes and links reduced to text."""
    text = text.translate(_INVISIBLE).translate(_SPACES).translate(_LIGATURES)
    if markdown:
        if "]{" in text:
            text = _BRACKETED_SPAN.sub(r"\1", text)  # a span wrapped over several lines
        text = _MD_AUTOLINK.sub(r"\1", text)
        text = _MD_LINK.sub(_link_text, text)
        for _ in range(2):
            text = _MD_EMPHASIS.sub(r"\2", text)
        text = _MD_ESCAPE.sub(r"\1", text)
        if "&" in text:
            text = html.unescape(text)  # "&amp;", "&ndash;" written by hand or by converters
    text = _HTML_INLINE.sub("", text)
    return " ".join(text.split())


def _link_text(match: re.Match[str]) -> str:
    """``[doi:10.1/x](https://doi.org/10.1/x)`` -> the shown identifier; a link on words keeps
    its address, which may be the only place the URL is printed."""
    shown, target = match.group(1), match.group(2)
    return shown if " " not in shown.strip() else f"{shown} {target}"
