"""In-text citations in a manuscript body.

Numeric: ``[1–3]``, ``[1]–[3]``, ``(2, 3)``, ``ref. 12``, superscripts ``⁵˒⁶``,
``<sup>5</sup>`` (Word runs, HTML), ``^{5,6}``, ``^5,6^`` (Pandoc), ``\\textsuperscript{5}``,
and superscripts that PDF text extraction left glued to words (``sclerosis.1,2 Its``).
Keys: LaTeX ``\\cite{a,b}`` and its relatives, Pandoc ``[@a; @b]``.

Numbers in brackets, parentheses and superscripts are everywhere in medical prose (sample
sizes, years, units, exponents, equation numbers, enumerations), so each candidate is judged
by its content (only numbers, commas and dashes), by what it is attached to (a word, not a
unit or a digit), by its neighbours (an enumeration, a formula) and by the body as a whole:
a Vancouver manuscript cites in one style, so when it cites with brackets or superscripts,
parenthesised numbers are something else.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from enum import Enum

from refcheck.models import Citation

__all__ = [
    "MAX_RANGE_SPAN",
    "citation_token",
    "citation_tokens_in",
    "find_citations",
    "parse_number_list",
]

# A range longer than this ("[18–65]", "(1–500)") is not a run of references.
MAX_RANGE_SPAN = 40
# Parenthesised and superscript numbers above this are counts, years or exponents.
_MAX_SMALL_NUMBER = 999
# Brackets may carry larger numbers (long reviews), but never a year.
_MAX_BRACKET_NUMBER = 3000
_YEARS = range(1800, 2100)
# Digits glued to words count as lost superscripts only when a body has this many.
_MIN_BARE = 2
# ... and outnumber parenthesised numbers by this factor (they win over them then).
_BARE_OVER_PAREN = 3

# Hyphen, en dash, em dash, figure dash, minus sign (escaped: it sits inside classes).
_DASHES = r"\-–—‒−"
_DASH = f"[{_DASHES}]"
_ITEM = rf"\d{{1,4}}(?:\s*{_DASH}\s*\d{{1,4}})?"
_LIST = rf"{_ITEM}(?:\s*[,;]\s*{_ITEM})*"
_REF_PREFIX = r"(?:refs?\.?\s*)?"

_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS + "˒⁻", "0123456789,-")
_SUP_DIGIT = f"[{_SUPERSCRIPT_DIGITS}]"
# "˒" (modifier letter centred right half ring) is what typesetters use as a raised comma.
_SUP_SEPARATOR = f"[˒,‚⸴⁻{_DASHES}]"

_PATTERNS: tuple[tuple[str, str], ...] = (
    # A trailing separator ("<sup>18,17,</sup>") is what Word leaves between split runs.
    (
        "html_sup",
        rf"<sup\b[^<>]{{0,200}}>\s*\[?\s*(?P<html_sup_list>{_LIST})\s*[,;]?\s*\]?\s*</sup>",
    ),
    ("tex_sup", rf"\\textsuperscript\{{\s*\[?\s*(?P<tex_sup_list>{_LIST})\s*\]?\s*\}}"),
    ("brace_sup", rf"\^\{{\s*\[?\s*(?P<brace_sup_list>{_LIST})\s*\]?\s*\}}"),
    # Pandoc superscripts cannot contain unescaped spaces.
    (
        "pandoc_sup",
        rf"\^\[?(?P<pandoc_sup_list>\d{{1,4}}(?:[,{_DASHES}]\d{{1,4}})*)\]?\^",
    ),
    (
        "unicode_sup",
        rf"(?P<unicode_sup_list>{_SUP_DIGIT}{{1,4}}(?:{_SUP_SEPARATOR}{_SUP_DIGIT}{{1,4}})*)",
    ),
    # "[1]–[3]": a range written between two bracketed numbers cites 1, 2 and 3.
    (
        "bracket_range",
        rf"\[\s*(?P<range_first>\d{{1,4}})\s*\]\s*{_DASH}\s*\[\s*(?P<range_last>\d{{1,4}})\s*\]",
    ),
    ("bracket", rf"\[\s*{_REF_PREFIX}(?P<bracket_list>{_LIST})\s*\]"),
    ("paren", rf"\(\s*(?P<paren_ref>{_REF_PREFIX})(?P<paren_list>{_LIST})\s*\)"),
    # "as in ref. 12", "refs 3–5" in running text.
    ("ref_word", rf"\brefs?\.?\s+(?P<ref_word_list>{_LIST})(?!\s*[.,]?\d)"),
)
_CANDIDATE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PATTERNS), re.I)

# \cite, \citep, \citet, \citealp, \citeauthor, \supercite, \parencite, \autocite,
# \footcite, \textcite, \nocite ... with up to two optional arguments.
_CITE_COMMAND = re.compile(
    r"\\(?:[A-Za-z]*cite[A-Za-z]*|cites)\*?\s*(?:\[[^\]]*\]\s*){0,2}\{(?P<keys>[^{}]*)\}"
)
# biblatex's multicite (\cites{a}{b}) continues with further braced groups.
_EXTRA_KEY_GROUP = re.compile(r"\s*(?:\[[^\]]*\]\s*){0,2}\{(?P<keys>[^{}]*)\}")

# Pandoc citations: "[@smith2019; see @doe2020, p. 3]", "[-@smith2019]".
# "[@handle](url)" is a link.
_PANDOC_CITATION = re.compile(r"\[[^\[\]]*?(?<![\w.])-?@\w[^\[\]]*\](?!\()")
_PANDOC_KEY = re.compile(r"(?<![\w.@])-?@(\w(?:[\w:.#$%&+?<>~/-]*\w)?)")

# Inline maths (TeX and Markdown): exponents there are never citations.
_MATH = re.compile(
    r"\$\$.*?\$\$"
    r"|\$(?=\S)(?:[^$\\]|\\.)*?(?<=\S)\$(?!\d)"
    r"|\\\(.*?\\\)"
    r"|\\\[.*?\\\]"
)
_ANCHOR_TAG = re.compile(r"</?a\b[^<>]{0,500}>", re.I)
_ADJACENT_SUP = re.compile(rf"</sup>(\s*[,;{_DASHES}]?\s*)<sup\b[^<>]{{0,200}}>", re.I)
# Lost superscripts in extracted PDF text: after punctuation ("sclerosis.1,2 Its") or glued
# to a lower-case word ("unclear4 and", "tissue1,2."); then a space or the end of the line.
_BARE_LIST = rf"\d{{1,3}}(?:[,{_DASHES}]\d{{1,3}})*"
_BARE = re.compile(
    rf"(?:(?<=[^\W\d_]{{2}}[.,;:])|(?<=[a-z]{{3}}))(?P<list>{_BARE_LIST})(?=[.,;:]?(?:\s|$))"
)
# A run of backticks: in Markdown it opens a code span (``code[1]``), in LaTeX a quotation.
# The backslashes before it: outside code, an odd number escapes its first backtick.
_BACKTICK_RUN = re.compile(r"(?<!\\)(\\*)(`+)")
_TEX_COMMAND = re.compile(r"\\[A-Za-z]+")
_TEX_COMMENT = re.compile(r"(?<!\\)%.*$")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Words after which a bracketed number names a figure, table or equation, not a reference.
_BRACKET_LABEL_WORDS = _word_set(
    """fig figs figure figures table tables tab eq eqs eqn equation equations section sections
    sect chapter appendix supplement supplementary box scheme algorithm formula"""
)
# Words after which a number in parentheses (or glued) names something else.
_LABEL_WORDS = _word_set(
    """fig figs figure figures table tables tab eq eqs eqn equation equations section sections
    sect chapter appendix supplement supplementary step steps stage stages grade grades type
    types group class phase item question panel panels column row line page p pp no nos
    number version ver vol ed level arm visit lead box scheme algorithm formula rule criterion part
    article annex exhibit file video n"""
)
# Preceding words that make "(1)" the start of an enumeration rather than a citation.
_ENUMERATION_WORDS = frozenset({"and", "or", "then", "either", "both", "namely"})
# Words that a citation never directly follows; "(1)" after them starts an enumeration.
_FUNCTION_WORDS = _word_set(
    """that in of to for with by from on at as is are was were be been include includes
    including involve involves namely whether both either the a an than into via about"""
)
# Words that never follow a citation but do follow an enumeration's "(1)".
_CLAUSE_STARTERS = _word_set(
    """the a an to that we our their its this these those how whether what why there it
    they from"""
)
# A second item of an inline enumeration: "...; (2) fire frequency", ", and (2) to compare".
_ENUMERATION_ITEM = re.compile(r"(?:[:;,]|\band|\bor)\s*\(2\)\s*[^\W\d_]")
# Units and symbols that take exponents: "m²", "mm³", "cm<sup>2</sup>".
_UNITS = _word_set(
    """m cm mm km dm nm µm μm pm ft in yd mi s sec min h hr hrs l L ml mL dl dL µl μl g kg mg
    µg μg ng pg mol mmol µmol μmol nmol Hz kHz MHz GHz Pa kPa MPa J kJ W kW V mV A mA K Gy Sv
    Bq arcmin arcsec deg rad sr"""
)
# Name particles allowed on an author line ("Anna van der Berg¹, Jose de la Cruz²").
_NAME_PARTICLES = frozenset(
    {"and", "van", "von", "der", "den", "de", "del", "della", "da", "di", "du", "la", "le"}
)
_CLOSING_PUNCTUATION = ".,;:!?)]}\"'’”»"
_WORD = re.compile(r"[^\W\d_]+")


# A reference manager's citation field in a body line (Word): its numbers and printed text
# between private-use characters, put there by the Word reader (``citation_token``).
_FIELD_TOKEN = re.compile("\ue000([0-9,]*)\ue002([^\ue000-\ue002]*)\ue001")
_FIELD_TOKEN_CHARS = re.compile("[\ue000-\ue002]")


def citation_token(numbers: tuple[int, ...], printed: str) -> str:
    """How a citation field stands in a body line for ``find_citations``."""
    listed = ",".join(str(number) for number in numbers)
    return f"\ue000{listed}\ue002{_FIELD_TOKEN_CHARS.sub('', printed)}\ue001"


# Author-year citations typed as text: "Smith et al., 2019", "Smith and Jones (2019)". A body
# with at least this many, and this many times more than numeric citations, cites
# author-year: numbers in it are weak evidence (a note, never an error).
_AUTHOR_YEAR = re.compile(
    r"\b[A-Z][^\W\d_]{1,40}(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][^\W\d_]{1,40})?"
    r"(?:,\s*|\s+\()(?:1[89]|20)\d\d[a-z]?\b"
)
_MIN_AUTHOR_YEAR = 3
_AUTHOR_YEAR_OVER_NUMERIC = 2


def citation_tokens_in(text: str) -> str:
    """Only the citation-field tokens of ``text`` (a table row or caption: no running text)."""
    return " ".join(match.group(0) for match in _FIELD_TOKEN.finditer(text))


# Characters of context shown on each side of a citation.
_CONTEXT_CHARS = 40


class _Style(Enum):
    BRACKET = "bracket"
    PAREN = "paren"
    SUPERSCRIPT = "superscript"
    KEY = "key"
    # Digits glued to a word, as PDF text extraction leaves superscripts: "sclerosis.1,2 Its".
    BARE = "bare"
    # A reference manager's citation field: the cited items themselves, never a guess.
    FIELD = "field"


@dataclass(frozen=True, slots=True)
class _Candidate:
    citation: Citation
    style: _Style


def find_citations(
    lines: Iterable[tuple[int, str]], *, code_spans: bool = True, quotations: bool = False
) -> tuple[Citation, ...]:
    """The in-text citations of a manuscript body, in reading order.

    ``lines`` are ``(1-based line number, text)`` pairs of the body only (the reference list
    is not part of it). Numeric citations give ``Citation.numbers`` with ranges expanded
    (in printed order, each number once); LaTeX ``\\cite``-family commands and Pandoc
    ``[@key]`` citations give ``Citation.keys`` (``\\nocite{*}`` gives the key ``"*"``).
    ``Citation.text`` is the citation as printed. Never raises.

    ``code_spans``: backticks open Markdown code spans ("`x[1]`", a quoted "`\\cite{a}`"),
    whose text cites nothing; false for a LaTeX body, where backticks open quotations.
    ``quotations``: only a single backtick opens code, a run of two or more is a LaTeX-style
    quotation mark ("``hard'' [1] and ``soft''"): text that is not Markdown (plain text,
    Word, PDF), read so before code spans were.
    """
    candidates: list[_Candidate] = []
    code = _single_code_blanked if quotations else _code_blanked
    if not code_spans:
        code = _unchanged
    joined = _join_split_citations(
        _outside_display_maths(_outside_tables(_outside_code_blocks(lines), code), code)
    )
    author_year = 0
    for index, (line_number, text) in enumerate(joined):
        following = joined[index + 1][1] if index + 1 < len(joined) else ""
        candidates.extend(_scan_line(line_number, text, following, code=code))
        if "19" in text or "20" in text:
            author_year += len(_AUTHOR_YEAR.findall(text))
    kept = _keep_consistent(candidates)
    weak_styles = {_Style.PAREN, _Style.BARE}
    numeric = sum(1 for c in kept if c.style in (_Style.BRACKET, _Style.SUPERSCRIPT, *weak_styles))
    if author_year >= _MIN_AUTHOR_YEAR and author_year > _AUTHOR_YEAR_OVER_NUMERIC * numeric:
        # An author-year body: its few bracketed or raised numbers are something else.
        weak_styles |= {_Style.BRACKET, _Style.SUPERSCRIPT}
    by_key = sum(1 for c in kept if c.style is _Style.KEY)
    if by_key and by_key >= numeric:
        # A body citing by key (\cite, [@key]) has its numbers made by LaTeX or Pandoc: a
        # number typed in it ("[1, 3]", "[12]") is a range, an interval or a label. (Not
        # a body citing by number that quotes a "\cite{key}" once.)
        weak_styles |= {_Style.BRACKET, _Style.SUPERSCRIPT}
    return tuple(
        replace(candidate.citation, weak=True)
        if candidate.style in weak_styles
        else candidate.citation
        for candidate in kept
    )


# "(?!\d)" keeps these unambiguous: a run of digits splits into numbers one way only.
_OPEN_TAIL = re.compile(rf"[\[(]\s*(?:\d{{1,4}}(?!\d)\s*(?:[,;{_DASHES}]\s*)?)+$")
_CLOSE_HEAD = re.compile(rf"^\s*(?:\d{{1,4}}(?!\d)\s*(?:[,;{_DASHES}]\s*)?)*[\])]")


# Display maths over several lines: LaTeX environments, \[ ... \] and $$ ... $$.
_MATHS_ENVIRONMENTS = (
    r"equation|align|alignat|eqnarray|gather|multline|flalign|displaymath|math|array|split"
)
_ESCAPED_BRACKETS = re.compile(rf"\\\[(\s*{_LIST}\s*)\\\]")
_DISPLAY_OPEN = re.compile(rf"\\begin\{{(?:{_MATHS_ENVIRONMENTS})\*?\}}|\\\[|\$\$")
_DISPLAY_CLOSE = re.compile(rf"\\end\{{(?:{_MATHS_ENVIRONMENTS})\*?\}}|\\\]|\$\$")


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


def _code_spans(text: str, *, longest: int | None = None) -> list[tuple[int, int]]:
    """The Markdown code spans of a line (CommonMark): a run of backticks opens one and the
    next run of the same length closes it; a run without such a match is plain text, and so
    is a backtick after a backslash (outside code a backslash escapes it). A run longer than
    ``longest`` opens none."""
    matches = list(_BACKTICK_RUN.finditer(text))
    runs = [match.span(2) for match in matches]
    by_length: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(runs):
        by_length.setdefault(end - start, []).append(index)
    spans: list[tuple[int, int]] = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        start += len(matches[index].group(1)) % 2  # "\`" is text; the rest may still open
        opens = start < end and (longest is None or end - start <= longest)
        closer = _next_run(by_length.get(end - start, []), index) if opens else None
        if closer is None:
            index += 1
            continue
        spans.append((start, runs[closer][1]))
        index = closer + 1
    return spans


def _next_run(indices: list[int], after: int) -> int | None:
    """The first of the (sorted) run ``indices`` after ``after``."""
    position = bisect.bisect_right(indices, after)
    return indices[position] if position < len(indices) else None


def _code_blanked(text: str) -> str:
    """The line with its Markdown code spans blanked (positions kept)."""
    return _blank(text, _code_spans(text)) if "`" in text else text


def _single_code_blanked(text: str) -> str:
    """The line with its single-backtick code spans blanked ("``a''" is a quotation)."""
    return _blank(text, _code_spans(text, longest=1)) if "`" in text else text


def _unchanged(text: str) -> str:
    return text


def _outside_code_blocks(lines: Iterable[tuple[int, str]]) -> list[tuple[int, str]]:
    """The lines with Markdown fenced code blanked out: "x[1]" in R code cites nothing."""
    kept: list[tuple[int, str]] = []
    fence: str | None = None
    for number, text in lines:
        match = _FENCE.match(text)
        if fence is None and match:
            fence = match.group(1)
            kept.append((number, ""))
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            kept.append((number, ""))
        else:
            kept.append((number, text))
    return kept


# Markdown pipe-table rows ("| Age, years | 40 [25, 57] |") and grid-table rules ("+---+").
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$|^\s*\+[-=:+]+\+\s*$")


# LaTeX tables, whose cells are read as Markdown rows are; their \cite commands still cite.
# Code and pseudo-code ("a = [5, 6]", "\begin{algorithmic}[1]", algorithm2e's "x[5] \gets
# A[1, 3]") are read the same way; an algorithm's caption cites with \cite, as a table's does.
_TEX_TABLES = (
    r"tabular[xy]?|longtable|supertabular|xtabular|tabu|xltabular|longtabu|mpsupertabular"
    r"|mpxtabular|tblr|longtblr|talltblr|NiceTabular[X]?|NiceArray"
    r"|verbatim|Verbatim|lstlisting|minted|algorithmic|algorithm|algorithm2e"
)
# An HTML table in Markdown (R Markdown's kable) is one too; a tag's attributes are names
# ('<table 2>' in prose is no tag).
_HTML_TABLE = r"(?i:<table(?:\s+[a-z][\w:-]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*>)"
_TEX_TABLE_OPEN = re.compile(rf"\\begin\{{(?:{_TEX_TABLES})\*?\}}|{_HTML_TABLE}")
# Inside a table, a table nested in a cell opens and closes before the table itself closes.
_TEX_TABLE_EDGE = re.compile(rf"\\(?:begin|end)\{{(?:{_TEX_TABLES})\*?\}}|(?i:</?table\b[^>]*>)")


def _outside_tables(
    lines: Iterable[tuple[int, str]], code: Callable[[str], str]
) -> list[tuple[int, str]]:
    r"""The lines with table cells blanked: a cell's "40 [25, 57]" is a median and its
    range, "(12)" a study's number in the table, not citations. Markdown rows are blanked
    whole; in a LaTeX table only its ``\cite`` commands are kept. ``code`` blanks a line's
    code spans: a table named in one ("`\begin{tabular}`") opens none."""
    kept: list[tuple[int, str]] = []
    depth = 0  # tables open here
    for number, text in lines:
        if _TABLE_ROW.match(text):
            kept.append((number, ""))
            continue
        if not depth and "\\begin" not in text and "<" not in text:
            kept.append((number, text))
            continue
        out: list[str] = []
        position = 0
        searched = code(text)
        while True:
            match = (_TEX_TABLE_EDGE if depth else _TEX_TABLE_OPEN).search(searched, position)
            stop = match.start() if match else len(text)
            out.append(_cite_commands(searched[position:stop]) if depth else text[position:stop])
            if match is None:
                break
            depth += -1 if match.group(0).startswith(("\\end", "</")) else 1
            position = match.end()
        kept.append((number, " ".join(out)))
    return kept


def _cite_commands(text: str) -> str:
    r"""Only the ``\cite`` commands of ``text``."""
    return " ".join(text[start:end] for start, end, _ in _cite_matches(text))


def _cite_matches(text: str) -> Iterator[tuple[int, int, list[str]]]:
    r"""Each ``\cite``-family command of ``text``: start, end and keys (a biblatex
    ``\cites`` with the keys of all its groups)."""
    for match in _CITE_COMMAND.finditer(text):
        keys = _split_keys(match.group("keys"))
        end = match.end()
        if match.group(0).startswith("\\cites"):
            while extra := _EXTRA_KEY_GROUP.match(text, end):
                keys.extend(_split_keys(extra.group("keys")))
                end = extra.end()
        yield match.start(), end, keys


def _outside_display_maths(
    lines: Iterable[tuple[int, str]], code: Callable[[str], str]
) -> list[tuple[int, str]]:
    """The lines with display maths blanked out: "E = mc^{2}" there is no citation.
    ``code`` blanks a line's code spans: a `` `$$` `` there opens no maths."""
    kept: list[tuple[int, str]] = []
    in_maths = False
    for number, text in lines:
        # Pandoc writes a literal "[1]" as "\[1\]" in Markdown: a citation, not maths.
        text = _ESCAPED_BRACKETS.sub(r"[\1]", text)
        searched = code(text)
        out: list[str] = []
        position = 0
        while position <= len(text):
            pattern = _DISPLAY_CLOSE if in_maths else _DISPLAY_OPEN
            match = pattern.search(searched, position)
            if match is None:
                if not in_maths:
                    out.append(text[position:])
                break
            if not in_maths:
                out.append(text[position : match.start()])
            in_maths = not in_maths
            position = match.end()
        kept.append((number, " ".join(out)))
    return kept


def _join_split_citations(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Re-attach a citation wrapped over two lines ("... [1,\\n2] ...") to its first line."""
    joined = list(lines)
    for i in range(len(joined) - 1):
        number, text = joined[i]
        next_number, next_text = joined[i + 1]
        if not _OPEN_TAIL.search(text.rstrip()):
            continue
        head = _CLOSE_HEAD.match(next_text)
        if head is None:
            continue
        joined[i] = (number, text.rstrip() + head.group(0).strip())
        joined[i + 1] = (next_number, next_text[head.end() :])
    return joined


def parse_number_list(text: str, *, limit: int = _MAX_BRACKET_NUMBER) -> tuple[int, ...] | None:
    """``"1, 4–6"`` -> ``(1, 4, 5, 6)``; ``None`` when ``text`` is not a list of references.

    Superscript digits are accepted. A list is refused when it has a zero (or a leading
    zero), a number above ``limit``, a year, a reversed range, a range longer than
    ``MAX_RANGE_SPAN`` or a number twice ("ARIMA (1, 1, 1)"). The printed order is kept.
    """
    text = text.translate(_SUPERSCRIPT_TO_ASCII)
    text = re.sub(r"^\s*refs?\.?\s*", "", text, flags=re.I)
    numbers: list[int] = []
    for item in re.split(r"\s*[,;]\s*", text.strip()):
        bounds = re.split(rf"\s*{_DASH}\s*", item)
        if len(bounds) > 2 or not all(_is_plain_number(bound) for bound in bounds):
            return None
        first, last = int(bounds[0]), int(bounds[-1])
        if first == 0 or last > limit or first in _YEARS or last in _YEARS:
            return None
        if last < first or last - first > MAX_RANGE_SPAN:
            return None
        numbers.extend(range(first, last + 1))
    if len(set(numbers)) != len(numbers):
        return None
    return tuple(numbers)


def _is_plain_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 4 and text[0] != "0"


# --------------------------------------------------------------------------- one line


def _scan_line(
    line_number: int, text: str, following: str, *, code: Callable[[str], str]
) -> Iterator[_Candidate]:
    """Every citation candidate on one line that survives the local checks, in order.

    ``following`` is the next line: a sentence goes on there, and so does its context.
    Each printed form is read by its own step, and each step blanks what it read so that
    the later ones skip it (a key's "[1]" is not a number). ``code`` blanks code spans first:
    nothing in them cites.
    """
    if not text.strip():
        return
    found: list[tuple[int, _Candidate]] = []
    if "\ue000" in text:
        text, found = _field_citations(line_number, text)
    prepared = _prepared_line(text, code)
    if prepared is None:
        return
    text, blanked = prepared
    blanked, keys = _cite_command_citations(line_number, text, blanked)
    found += keys
    if "@" in blanked:
        blanked, keys = _pandoc_citations(line_number, text, blanked)
        found += keys
    blanked = _blank(blanked, [match.span() for match in _MATH.finditer(blanked)])
    author_line = _looks_like_author_line(blanked)
    if not author_line:
        found += _bare_citations(line_number, blanked)
    found += _numeric_citations(line_number, text, blanked, following, author_line=author_line)
    found = _without_enumeration_start(found, f"{blanked} {following}")
    found.sort(key=lambda item: item[0])
    for start, candidate in found:
        yield _with_context(text, start, candidate)


def _prepared_line(text: str, code: Callable[[str], str]) -> tuple[str, str] | None:
    """The line with links and split superscript runs undone and a TeX comment cut off, and
    a copy of it with its code spans blanked; ``None`` for a line that is all comment."""
    # Links around citation numbers ("<sup><a href='#r1'>1</a></sup>") say nothing more.
    if "<a" in text or "<A" in text:
        text = _ANCHOR_TAG.sub("", text)
    # Word splits a superscript into runs: "<sup>5</sup><sup>,6</sup>" is one citation.
    text = _ADJACENT_SUP.sub(r"\1", text)
    blanked = code(text)
    if _TEX_COMMAND.search(blanked):  # not a "`\cite{key}`" quoted in Markdown
        comment = _TEX_COMMENT.search(blanked)
        stop = comment.start() if comment else len(text)
        return text[:stop], blanked[:stop]
    if text.lstrip().startswith("%"):  # a pandoc title block or a TeX comment line
        return None
    return text, blanked


def _cite_command_citations(
    line_number: int, text: str, blanked: str
) -> tuple[str, list[tuple[int, _Candidate]]]:
    r"""The ``\cite``-family citations of the (blanked) line, and the line with them blanked."""
    found: list[tuple[int, _Candidate]] = []
    # Spans are blanked once per pass: one copy of the line per match was quadratic.
    spans: list[tuple[int, int]] = []
    for start, end, keys in _cite_matches(blanked):
        spans.append((start, end))
        if keys:
            citation = Citation(
                line=line_number, keys=tuple(dict.fromkeys(keys)), text=text[start:end]
            )
            found.append((start, _Candidate(citation, _Style.KEY)))
    return _blank(blanked, spans), found


def _pandoc_citations(
    line_number: int, text: str, blanked: str
) -> tuple[str, list[tuple[int, _Candidate]]]:
    """The Pandoc ``[@key]`` citations of the (blanked) line, and the line with them blanked."""
    found: list[tuple[int, _Candidate]] = []
    spans: list[tuple[int, int]] = []
    for match in _PANDOC_CITATION.finditer(blanked):
        keys = [key.rstrip(".:") for key in _PANDOC_KEY.findall(match.group(0))]
        spans.append((match.start(), match.end()))
        if keys:
            citation = Citation(
                line=line_number,
                keys=tuple(dict.fromkeys(keys)),
                text=text[match.start() : match.end()],
            )
            found.append((match.start(), _Candidate(citation, _Style.KEY)))
    return _blank(blanked, spans), found


def _bare_citations(line_number: int, blanked: str) -> list[tuple[int, _Candidate]]:
    """Digits glued to words ("sclerosis.1,2 Its"): superscripts PDF text extraction lost."""
    found: list[tuple[int, _Candidate]] = []
    for match in _BARE.finditer(blanked):
        numbers = _judge_bare(match, blanked)
        if numbers is not None:
            citation = Citation(line=line_number, numbers=numbers, text=match.group(0))
            found.append((match.start(), _Candidate(citation, _Style.BARE)))
    return found


def _numeric_citations(
    line_number: int, text: str, blanked: str, following: str, *, author_line: bool
) -> list[tuple[int, _Candidate]]:
    """Numbers in brackets, parentheses and superscripts that read as citations."""
    found: list[tuple[int, _Candidate]] = []
    for match in _CANDIDATE.finditer(blanked):
        kind = match.lastgroup
        assert kind is not None
        style = _style_of(kind)
        if style is _Style.PAREN and match.group("paren_ref"):
            style = _Style.BRACKET  # "(refs 3, 4)" says what it is: as sure as a bracket
        if style is _Style.SUPERSCRIPT and author_line:
            continue
        numbers = _judge(kind, style, match, blanked, following)
        if numbers is None:
            continue
        citation = Citation(
            line=line_number, numbers=numbers, text=text[match.start() : match.end()]
        )
        found.append((match.start(), _Candidate(citation, style)))
    return found


def _without_enumeration_start(
    found: list[tuple[int, _Candidate]], context: str
) -> list[tuple[int, _Candidate]]:
    """ "(1) fire persistence; (2) ...": the first item of an enumeration is no citation."""
    if not _ENUMERATION_ITEM.search(context):
        return found
    return [
        (start, candidate)
        for start, candidate in found
        if not (
            candidate.style is _Style.PAREN
            and candidate.citation.numbers == (1,)
            and re.match(r"\s*[^\W\d_]", context[start + len(candidate.citation.text) :])
        )
    ]


def _with_context(text: str, start: int, candidate: _Candidate) -> _Candidate:
    """The candidate with the words around it, unless it has them already (a field)."""
    citation = candidate.citation
    if citation.context:
        return candidate
    context = _context(text, start, start + len(citation.text), citation.text)
    return _Candidate(replace(citation, context=context), candidate.style)


def _field_citations(line_number: int, text: str) -> tuple[str, list[tuple[int, _Candidate]]]:
    """The line with its citation-field tokens blanked, and the citations they hold."""
    found: list[tuple[int, _Candidate]] = []
    for match in _FIELD_TOKEN.finditer(text):
        numbers = tuple(int(n) for n in match.group(1).split(",") if n)
        if numbers:
            citation = Citation(
                line=line_number,
                numbers=numbers,
                text=match.group(2),
                context=_context(text, match.start(), match.end(), match.group(2)),
                from_field=True,
            )
            found.append((match.start(), _Candidate(citation, _Style.FIELD)))
    return _FIELD_TOKEN.sub(lambda m: " " * len(m.group(0)), text), found


def _context(text: str, start: int, end: int, shown: str) -> str:
    """The words around ``text[start:end]`` (shown as ``shown``), cut to whole words."""
    window = 3 * _CONTEXT_CHARS
    before = _FIELD_TOKEN.sub(lambda m: m.group(2), text[max(0, start - window) : start])
    after = _FIELD_TOKEN.sub(lambda m: m.group(2), text[end : end + window])
    before = re.sub(r"<[^>]*>", "", before)[-_CONTEXT_CHARS:]
    after = re.sub(r"<[^>]*>", "", after)[:_CONTEXT_CHARS]
    if len(before) == _CONTEXT_CHARS and " " in before:
        before = "…" + before[before.index(" ") + 1 :]
    if len(after) == _CONTEXT_CHARS and " " in after:
        after = after[: after.rindex(" ")] + "…"
    return " ".join(f"{before}{shown}{after}".split())


def _style_of(kind: str) -> _Style:
    if kind.endswith("_sup"):
        return _Style.SUPERSCRIPT
    if kind == "paren":
        return _Style.PAREN
    return _Style.BRACKET  # bracket, bracket_range, ref_word


def _judge(
    kind: str, style: _Style, match: re.Match[str], line: str, following: str
) -> tuple[int, ...] | None:
    """The numbers of a candidate if it reads as a citation where it stands, else ``None``."""
    if kind == "bracket_range":
        listed = f"{match.group('range_first')}-{match.group('range_last')}"
    else:
        listed = match.group(f"{kind}_list")
    limit = _MAX_BRACKET_NUMBER if style is _Style.BRACKET else _MAX_SMALL_NUMBER
    numbers = parse_number_list(listed, limit=limit)
    if numbers is None:
        return None
    before = line[: match.start()]
    after = line[match.end() :]
    at_line_end = not after.strip()
    if at_line_end and following.strip():
        after = f"{after} {following.lstrip()}"  # the sentence goes on on the next line
    if style is _Style.SUPERSCRIPT:
        if _superscript_host_ok(before, after):
            return numbers
        if kind == "html_sup" and _marked_superscript_host_ok(before, after):
            return numbers
        return None
    labels = _BRACKET_LABEL_WORDS if style is _Style.BRACKET else _LABEL_WORDS
    if _label_word(before) in labels:
        return None
    if style is _Style.BRACKET:
        return numbers if _bracket_context_ok(before, after) else None
    return numbers if _paren_context_ok(listed, before, after, at_line_end) else None


def _judge_bare(match: re.Match[str], line: str) -> tuple[int, ...] | None:
    numbers = parse_number_list(match.group("list"), limit=_MAX_SMALL_NUMBER)
    if numbers is None:
        return None
    before = line[: match.start()]
    word = re.search(r"(?<![\w\-])([^\W\d_]+)([.,;:]?)$", before)
    if word is None or word.group(1) in _UNITS or word.group(1).lower() in _LABEL_WORDS:
        return None  # also "cp4epsps2": the word must stand alone
    if before[: word.start()].endswith("&"):
        return None  # an HTML entity: "&lt;1"
    if not word.group(2) and not (word.group(1).islower() and len(word.group(1)) >= 4):
        return None  # Actn2, HepG2, Holladay1: names end in digits; prose words do not
    chunk = before.split()[-1] if before.split() else ""
    if re.search(r"[/@]|https?:|www\.|doi", chunk, re.I):
        return None  # part of a URL, a DOI or an address: "doi:10.1000/abc.123"
    return numbers


def _bracket_context_ok(before: str, after: str) -> bool:
    stripped = before.rstrip()
    if after[:1].isalpha():
        return False  # cucurbit[8]uril, [2]catenane: part of a name
    if before.endswith("]"):  # Markdown reference-style link: [text][1]
        return False
    if re.search(r"\\[A-Za-z]*\*?$|\\\\$", stripped) and stripped == before:
        return False  # a TeX optional argument: \item[1], \\[2]
    if not stripped and after.lstrip().startswith(":"):  # Markdown link definition [1]: url
        return False
    if before.endswith("!") or before.endswith("^"):
        return False
    return not after.startswith(("%", "°"))


def _paren_context_ok(listed: str, before: str, after: str, at_line_end: bool) -> bool:
    if not before or before[-1].isdigit():
        # A line that opens with "(1)" is a numbered item; "f(1)" style is notation.
        if not before:
            return bool(re.match(r"\s*[.,;:]|\s*$", after))
        return False
    if after[:1].isalnum() or after[:1] in "([":
        return False  # der(8)t(8;13), (1)st
    if before.count("(") > before.count(")"):
        return False  # nested: "(M = Co (1), Ni (2))" labels, not citations
    previous = _preceding_word(before)
    if before[-1].isalpha() and len(previous) == 1:  # f(2), x(3)
        return False
    if previous.lower() in _FUNCTION_WORDS and before[-1].isspace():
        return False  # "show that (1) ...", "involves minimizing (1)": never after a citation
    count = re.search(r"(?<![\w\-.,])(\d+(?:[.,]\d+)?%?)\s*$", before)
    if count and not (count.group(1).isdigit() and int(count.group(1)) in _YEARS):
        return False  # "12 (40)", "60% (21)": a count and its share; "in 2019 (4)" cites
    if re.search(r"[=<>±×÷+*/^]", before) and at_line_end:
        return False  # an equation number at the end of a formula line
    if re.search(r"[=<>±]\s*$", before):
        return False
    if re.fullmatch(r"\s*\d+\s*", listed):
        # "(1) to assess ... (2) to compare" - an inline enumeration.
        stripped = before.rstrip()
        opens_enumeration = (
            not stripped or stripped[-1] in ":;,(" or previous.lower() in _ENUMERATION_WORDS
        )
        if opens_enumeration and re.match(r"\s*[^\W\d_]", after):
            return False
        if stripped[-1:] in (".", "?", "!") and re.match(r"\s*[A-Z]", after):
            return False  # ". (2) The running times ...": an item that starts a sentence
        following = re.match(r"\s*([^\W\d_]+)", after)
        if following and following.group(1) in _CLAUSE_STARTERS and int(listed) < 10:
            # "(1) the metacommunity approach": a citation is not followed so. An inline
            # enumeration does not reach ten: "Saltzherr (18) from a Dutch centre" cites.
            return False
    return True


def _superscript_host_ok(before: str, after: str) -> bool:
    """A superscript is a citation when it hangs on a word, not on a unit, symbol or digit."""
    if after[:1] in ("⁺", "⁻", "+", "-", "−") or (after[:1].isalnum() and not after[:1].isdigit()):
        return False  # Ca²⁺, x²y
    if re.match(rf"\s*{_SUP_DIGIT}", after) or after[:1].isdigit():
        return False
    stripped = before.rstrip(_CLOSING_PUNCTUATION)
    punctuated = len(stripped) < len(before)
    if not stripped or (not punctuated and not before[-1:].isalnum() and before[-1:] != "-"):
        return False  # nothing to hang on, or hangs on a space/symbol
    token_match = re.search(r"[\w\-]+$", stripped)
    if token_match is None:
        return False
    token = token_match.group(0)
    if punctuated:
        return True  # "deaths.⁴", "since 1980,²˒³": nothing takes an exponent after a comma
    if stripped[: token_match.start()].endswith("/"):
        return False  # cells/mm³, kg/m²
    if token.isalpha():
        return token not in _UNITS and len(token) >= 2
    if token[-1].isdigit() or token[-1] in "-_":
        return False  # 10³, 2019², COVID-19³
    return any(char.isalpha() for char in token)


# Bases that take exponents in prose: "10<sup>9</sup>", "× 2<sup>3</sup>".
_POWER_BASE = re.compile(r"(?:^|[\s(])(?:10|[×x*^]\s*\d+(?:\.\d+)?)$")


def _marked_superscript_host_ok(before: str, after: str) -> bool:
    """A run the document itself sets as superscript (Word, HTML) is a citation after a
    space ("under five <sup>18</sup>") or a number ("Survey 4<sup>27</sup>") too, unless it
    is an exponent: on a power base, a unit, or followed by a sign or a letter."""
    if after[:1] in ("⁺", "⁻", "+", "-", "−") or (after[:1].isalnum() and not after[:1].isdigit()):
        return False
    if after[:1].isdigit():
        return False
    host = before.rstrip()
    if not host:
        return False
    token_match = re.search(r"[\w.\-]+$", host)
    if token_match is None:
        return False
    token = token_match.group(0).rstrip(".")
    if token.isalpha():
        return token not in _UNITS and len(token) >= 2
    if re.fullmatch(r"\d+(?:\.\d+)?", token):
        return not _POWER_BASE.search(host)
    return False


# Abbreviated labels keep their full stop ("Fig. [3]", "Eq. (2)"); after a whole word
# ("... Findings table. [13] Briefly") the full stop ends a sentence, and the number cites.
_ABBREVIATED_LABELS = _word_set("fig figs tab eq eqs eqn sect ver vol ed no nos p pp")
# "the figure [4]", "this table (5)": the word is a noun there, not a label with its number
# ("the step (2)", "the type (1)" stay labels).
_DETERMINERS = _word_set("the this that these those a an each our their its every")
_NOUN_AFTER_DETERMINER = _word_set("figure figures table tables")


def _label_word(before: str) -> str:
    """The word before a number, lower-cased, if it can be a label ("Table", "fig.").

    Parts of compounds and acronyms ("SDS-PAGE [7]", "NO (3)") are never labels, nor a
    whole word that ends a sentence or follows a determiner.
    """
    match = re.search(r"(?<![\w\-])([^\W\d_]+)(\.?)\s*$", before)
    if match is None:
        return ""
    word = match.group(1)
    if len(word) > 1 and word.isupper():
        return ""
    if match.group(2) and word.lower() not in _ABBREVIATED_LABELS:
        return ""
    previous = re.search(r"([^\W\d_]+)\s+$", before[: match.start()])
    if (
        previous is not None
        and previous.group(1).lower() in _DETERMINERS
        and word.lower() in _NOUN_AFTER_DETERMINER
    ):
        return ""
    return word.lower()


def _preceding_word(before: str) -> str:
    match = re.search(r"([^\W\d_]+)\.?\s*$", before)
    return match.group(1) if match else ""


def _looks_like_author_line(line: str) -> bool:
    """ "Anna Berg¹, Jose de la Cruz²˒³": superscripts there are affiliations, not citations."""
    # Bounded repeats: "^{" or "<" repeated over a long line must not rescan it each time.
    without_marks = re.sub(
        r"<[^<>]{1,200}>|[⁰-⁹¹²³˒]|\^\{[^{}]{0,50}\}|\^[^^\s]{0,50}\^", " ", line
    )
    words = _WORD.findall(without_marks)
    if (
        len(words) < 2
        or "," not in without_marks
        or re.search(r"[a-z]{2,}\.\s|[a-z]{2,}\.$", without_marks)
    ):
        return False
    capitalised = [word for word in words if word[0].isupper()]
    others = [word for word in words if not word[0].isupper()]
    return len(capitalised) >= 2 and all(word.lower() in _NAME_PARTICLES for word in others)


# --------------------------------------------------------------------------- whole body


def _keep_consistent(candidates: list[_Candidate]) -> list[_Candidate]:
    """Drop the weaker numeric candidates when the body shows which style it cites with.

    A Vancouver manuscript uses one numeric citation style. In a bracket- or
    superscript-style body, "(1)" is an equation number, an enumeration or a count. Digits
    glued to words are lost superscripts only in a body that has no bracket or superscript
    citations, has several of them, cites reference 1 that way (a numbered body starts at
    1; "foxd3", "covid19" do not) and has far fewer parenthesised numbers.
    """
    count = {style: 0 for style in _Style}
    for candidate in candidates:
        count[candidate.style] += 1
    strong = count[_Style.BRACKET] + count[_Style.SUPERSCRIPT] + count[_Style.FIELD]
    bare, paren = count[_Style.BARE], count[_Style.PAREN]
    dropped: set[_Style] = set()
    if strong and paren <= strong:
        dropped.add(_Style.PAREN)
    bare_cites_one = any(
        1 in candidate.citation.numbers
        for candidate in candidates
        if candidate.style is _Style.BARE
    )
    if strong or bare < _MIN_BARE or not bare_cites_one or bare < _BARE_OVER_PAREN * paren:
        dropped.add(_Style.BARE)
    else:
        dropped.add(_Style.PAREN)
    return [candidate for candidate in candidates if candidate.style not in dropped]


def _split_keys(group: str) -> list[str]:
    return [key.strip() for key in group.split(",") if key.strip()]


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace the spans (in order, not overlapping) by spaces so later patterns skip them
    but positions stay put."""
    if not spans:
        return text
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        start = max(start, position)
        pieces += [text[position:start], " " * max(0, end - start)]
        position = max(position, end)
    pieces.append(text[position:])
    return "".join(pieces)
