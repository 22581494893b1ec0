"""LaTeX (.tex) and BibTeX output (.bbl): ``thebibliography`` items and biblatex entries.

The body before the bibliography is passed raw to the citation finder, which reads
``\\cite{a,b}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.extract.bib_macros import balanced_end
from refcheck.extract.body import find_body_citations
from refcheck.extract.latex_text import latex_to_text
from refcheck.extract.source import InputSource, decode_text
from refcheck.extract.text import Line, split_lines
from refcheck.models import Document, RawReference

# achemso (ACS journals) writes its list as "mcitethebibliography".
_BEGIN = re.compile(r"\\begin\s*\{(?:mcite)?thebibliography\}(?:\s*\{[^}]*\})?")
_END = re.compile(r"\\end\s*\{(?:mcite)?thebibliography\}")
_BIBITEM = re.compile(
    r"\\bibitem\s*(?:\[(?P<label>(?:[^\[\]]|\[[^\]]*\])*)\])?\s*\{(?P<key>[^}]*)\}"
)
_COMMENT = re.compile(r"(?<!\\)%.*$")
_EXTERNAL_BIB = re.compile(r"\\(?:bibliography|addbibresource)\s*\{([^}]*)\}")
_BIBLATEX_ENTRY = re.compile(r"\\entry\s*\{(?P<key>[^}]*)\}\s*\{(?P<type>[^}]*)\}")

# Spaces that TeX control spaces leave inside brackets and before punctuation: "( 1969)".
_LOOSE_BRACKET = re.compile(r"([(\[])\s+|\s+([)\],;.:])")


def bibitem_text(latex: str) -> str:
    """One bibliography item's LaTeX as plain, one-line text."""
    latex = expand_bbl_macros(latex)
    # URLs and DOIs keep their underscores and percent signs: protect them from LaTeX.
    protected: list[str] = []

    def protect(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return f" RCURLTOKEN{len(protected) - 1}X "

    latex = re.sub(r"(?:https?://|doi:)[^\s{}]+", protect, latex)
    text = latex_to_text(latex)
    text = re.sub(r"\s*RCURLTOKEN(\d+)X\s*", lambda m: f" {protected[int(m.group(1))]} ", text)
    return " ".join(_LOOSE_BRACKET.sub(r"\1\2", text).split())


# --------------------------------------------------------------------------- .bbl macros

# What bibliography styles (natbib, apsrev/REVTeX, elsarticle, jss, ...) emit around the
# printed text, with the number of arguments and what each becomes; ``#1``/``#2`` stand for
# the arguments. Anything not listed is left to pylatexenc.
_BBL_MACROS: dict[str, tuple[int, str]] = {
    "newblock": (0, " "),
    "bibinfo": (2, "#2"),
    "bibfield": (2, "#2"),
    "BibitemOpen": (0, ""),
    "BibitemShut": (1, ""),
    "bibitemStop": (0, ""),
    "bibitemNoStop": (0, ""),
    "EOS": (0, ""),
    "relax": (0, ""),
    "natexlab": (1, "#1"),
    "citenamefont": (1, "#1"),
    "bibnamefont": (1, "#1"),
    "bibfnamefont": (1, "#1"),
    "enquote": (1, "“#1”"),
    "translation": (1, "[#1]"),
    "selectlanguage": (1, ""),
    "BIBand": (0, "and"),
    "urlprefix": (0, "URL "),
    "URLprefix": (0, "URL: "),
    "doibase": (0, "https://doi.org/"),
    # "\DOIprefix\doi{10.1/x}": the prefix is said by \doi's own "doi:".
    "DOIprefix": (0, ""),
    "doi": (1, " doi:#1"),
    "ArXivprefix": (0, "arXiv: "),
    "Pubmedprefix": (0, "PMID: "),
    "Pubmed": (1, "#1"),
    "url": (1, " #1"),
    "path": (1, "#1"),
    "nolinkurl": (1, "#1"),
    "eprint": (1, " #1 "),
    "pmid": (1, "#1"),
    "href@noop": (2, "#2"),
    "bibAnnoteFile": (1, ""),
    "bibAnnote": (2, ""),
    "noop": (1, "#1"),
    "@noop": (1, "#1"),
    "natexlab@noop": (1, "#1"),
    "penalty": (0, ""),
    "emph": (1, "#1"),
    "textit": (1, "#1"),
    "textbf": (1, "#1"),
    "textsc": (1, "#1"),
    "texttt": (1, "#1"),
    "textrm": (1, "#1"),
    "mbox": (1, "#1"),
    "hskip": (0, " "),
    "space": (0, " "),
    "unskip": (0, ""),
    "protect": (0, ""),
    "setcounter": (2, ""),
    "addtocounter": (2, ""),
    # achemso's punctuation bookkeeping after each item, and its "\latin{et~al.}".
    "mciteBstWouldAddEndPuncttrue": (0, ""),
    "mciteBstWouldAddEndPunctfalse": (0, ""),
    "mciteSetBstMidEndSepPunct": (3, ""),
    "EndOfBibitem": (0, ""),
    "latin": (1, "#1"),
}
# \href{url}{text} and REVTeX's \Eprint{url}{text}: the printed text, and the address when
# the text does not already show it (apsrev prints a DOI only as the link of the source).
_LINK_MACROS = frozenset({"href", "Eprint"})
_CONTROL_WORD = re.compile(r"\\([A-Za-z@]+)\s*|\\(.)")
_MAX_EXPANSIONS = 20_000
# Characters of macro arguments read per character of a \bibitem (plus a floor): nested
# macros ("\textbf{\textbf{...}}" 20,000 deep) re-read their arguments at every level.
_ARGUMENT_READS_PER_CHAR = 50
_MIN_ARGUMENT_READS = 100_000
_PENALTY_AMOUNT = re.compile(r"-?\d*")
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/", re.IGNORECASE)


def _argument(text: str, start: int) -> tuple[str, int]:
    """One macro argument at ``start``: a balanced brace group or a single token."""
    index = start
    while index < len(text) and text[index] in " \t\n":
        index += 1
    if index >= len(text):
        return "", index
    if text[index] == "{":
        return _braced(text, index + 1)
    if text[index] == "\\":
        word = _CONTROL_WORD.match(text, index)
        if word is not None:
            return word.group(0).rstrip(), word.end()
    return text[index], index + 1


def expand_bbl_macros(latex: str) -> str:
    """The printed text of one ``\\bibitem``: style macros expanded or dropped."""
    out: list[str] = []
    rest = latex
    budget = _MAX_EXPANSIONS
    reads = _ARGUMENT_READS_PER_CHAR * len(latex) + _MIN_ARGUMENT_READS
    while rest:
        slash = rest.find("\\")
        if slash < 0:
            out.append(rest)
            break
        out.append(rest[:slash])
        word = _CONTROL_WORD.match(rest, slash)
        budget -= 1
        if word is None or budget <= 0 or reads <= 0:
            out.append(rest[slash:])
            break
        name = word.group(1)
        if name is None:
            # "\\ " is a space; "\\&", "\\'" and the other control symbols go to pylatexenc.
            out.append(" " if word.group(2) in " \n\t" else word.group(0))
            rest = rest[word.end() :]
            continue
        if name in _LINK_MACROS:
            target, after = _argument(rest, word.end())
            shown, after = _argument(rest, after)
            reads -= after - word.end()
            target = target.strip()
            shown_already = target in shown or _DOI_URL.sub("", target) in shown
            link = "" if not target or shown_already else f" {target} "
            # The expansion is read again, so the macros inside the shown text expand too.
            rest = shown + link + rest[after:]
            continue
        macro = _BBL_MACROS.get(name)
        if macro is None:
            out.append(word.group(0))
            rest = rest[word.end() :]
            continue
        count, expansion = macro
        after = word.end()
        for number in range(1, count + 1):
            value, after = _argument(rest, after)
            expansion = expansion.replace(f"#{number}", value)
        reads -= after - word.end()
        if name == "penalty":  # "\\penalty0", "\\penalty-100"
            after += len(_PENALTY_AMOUNT.match(rest, after).group(0))  # type: ignore[union-attr]
        rest = expansion + rest[after:]
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _Item:
    key: str
    label: str | None
    line: int
    latex: str


def extract_latex(source: InputSource) -> Document:
    text, decode_warnings = decode_text(source.path, source.data)
    warnings = list(decode_warnings)
    lines = [Line(line.number, _COMMENT.sub("", line.text)) for line in split_lines(text)]
    joined = "\n".join(line.text for line in lines)
    offsets = _line_offsets(joined)

    begin = _BEGIN.search(joined)
    if begin is None:
        if _BIBLATEX_ENTRY.search(joined):
            return _biblatex_document(source.path, joined, offsets, warnings)
        external = _EXTERNAL_BIB.search(joined)
        if external:
            warnings.append(
                f"{source.path}: the references are in {external.group(1)!r} "
                "(\\bibliography); check the .bib or the compiled .bbl instead"
            )
        else:
            warnings.append(f"{source.path}: no thebibliography environment found")
        body = _after_preamble(lines)
        return Document(
            path=source.path,
            references=(),
            citations=find_body_citations(body, code_spans=False),
            has_body=any(line.text.strip() for line in body),
            warnings=tuple(warnings),
        )
    # A paper may have two lists (Nature's main and Methods references): every one is read,
    # and the body is all the text outside them (Methods cite the second list).
    items: list[_Item] = []
    list_lines: set[int] = set()
    while begin is not None:
        end = _END.search(joined, begin.end())
        stop = end.start() if end else len(joined)
        items += _items(joined[begin.end() : stop], begin.end(), offsets)
        last = _line_at(offsets, end.end()) if end else len(lines)
        list_lines.update(range(_line_at(offsets, begin.start()), last + 1))
        begin = _BEGIN.search(joined, end.end()) if end else None
    references = tuple(
        RawReference(number=position, text=bibitem_text(item.latex), line=item.line, key=item.key)
        for position, item in enumerate(items, 1)
    )
    body = [
        line
        for line in _after_preamble(lines)
        if line.text.strip() and line.number not in list_lines
    ]
    if not references:
        warnings.append(f"{source.path}: no \\bibitem in thebibliography")
    return Document(
        path=source.path,
        references=references,
        citations=find_body_citations(body, code_spans=False),
        has_body=_has_prose(body),
        warnings=tuple(warnings),
    )


_BEGIN_DOCUMENT = re.compile(r"\\begin\s*\{document\}")


def _after_preamble(lines: list[Line]) -> list[Line]:
    r"""The lines from ``\begin{document}`` on: the preamble's "[2]" (a macro's number of
    arguments) cites nothing. All of them when there is no such line (a fragment)."""
    for index, line in enumerate(lines):
        if match := _BEGIN_DOCUMENT.search(line.text):
            return [Line(line.number, line.text[match.end() :]), *lines[index + 1 :]]
    return lines


def _has_prose(body: list[Line]) -> bool:
    """Body text, not just a preamble of commands (a .bbl has none)."""
    for line in body:
        words = _COMMANDS.sub(" ", line.text)
        if len(re.findall(r"[^\W\d_]{2,}", words)) >= 2:
            return True
    return False


_COMMANDS = re.compile(r"\\[A-Za-z@]+\*?(?:\[[^\]]*\])*(?:\{[^}]*\})*")


def _items(section: str, base: int, offsets: list[int]) -> list[_Item]:
    matches = list(_BIBITEM.finditer(section))
    items = []
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(section)
        items.append(
            _Item(
                key=match.group("key").strip(),
                label=match.group("label"),
                line=_line_at(offsets, base + match.start()),
                latex=section[match.end() : stop],
            )
        )
    return items


def _line_offsets(text: str) -> list[int]:
    offsets = [0]
    for match in re.finditer("\n", text):
        offsets.append(match.end())
    return offsets


def _line_at(offsets: list[int], position: int) -> int:
    """1-based line of a character offset."""
    low, high = 0, len(offsets) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if offsets[middle] <= position:
            low = middle
        else:
            high = middle - 1
    return low + 1


# --------------------------------------------------------------------------- biblatex .bbl


_FIELD = re.compile(r"\\field\s*\{(?P<name>[^}]*)\}\s*\{")
_VERB_START = re.compile(r"\\verb\s*\{(?P<name>[^}]*)\}")
_VERB_LINE = re.compile(r"\s*\\verb\s")
_END_VERB = "\\endverb"
_NAME = re.compile(r"\\name\s*\{(?P<role>[^}]*)\}\s*\{\d+\}\s*\{[^}]*\}\s*\{")
_TYPES = {
    "article": "journal-article",
    "book": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "conference",
    "thesis": "thesis",
    "report": "report",
    "online": "web",
}


_BIBLATEX_MACROS = (
    (re.compile(r"\\bibrangedash\b\s*"), "-"),
    (re.compile(r"\\bibinithyphendelim\b\s*"), "-"),
    (re.compile(r"\\bibinitperiod\b\s*"), "."),
    (re.compile(r"\\bib(?:namedelim[a-z]|initdelim|rangessep)\b\s*"), " "),
)


def _biblatex_value(value: str) -> str:
    for pattern, replacement in _BIBLATEX_MACROS:
        value = pattern.sub(replacement, value)
    return latex_to_text(value)


def _braced(text: str, start: int) -> tuple[str, int]:
    """The content of the brace group whose ``{`` is just before ``start``."""
    end = balanced_end(text, start - 1, "{", "}")
    if end is None:
        return text[start:], len(text)  # an unclosed group runs to the end of the text
    return text[start : end - 1], end


def _verb_fields(body: str) -> dict[str, str]:
    """biblatex's verbatim fields: ``\\verb{doi}`` then ``\\verb 10.1/x`` then ``\\endverb``.

    Scanned forward once (a lazy pattern over the rest of the entry for every ``\\verb``
    without its ``\\endverb`` was quadratic: 20,000 of them ran past two minutes)."""
    values: dict[str, str] = {}
    position = 0
    end = -1
    while (start := _VERB_START.search(body, position)) is not None:
        if end < start.end():
            end = body.find(_END_VERB, start.end())
            if end < 0:
                break
        following = _VERB_START.search(body, start.end(), end)
        line = _VERB_LINE.match(body, start.end(), end)
        if following is None and line is not None:
            values[start.group("name").lower()] = body[line.end() : end].strip()
            position = end + len(_END_VERB)
        else:
            position = following.start() if following is not None else end + len(_END_VERB)
    return values


def _biblatex_document(path: str, text: str, offsets: list[int], warnings: list[str]) -> Document:
    from refcheck.extract.structured import drop_empty, person, render_vancouver

    references: list[RawReference] = []
    entries = list(_BIBLATEX_ENTRY.finditer(text))
    keys: set[str] = set()
    for entry in entries:
        if entry.group("key") in keys:
            continue  # listed again for another refsection or data list: one work, one entry
        keys.add(entry.group("key"))
        stop = text.find("\\endentry", entry.end())
        body = text[entry.end() : stop if stop >= 0 else len(text)]
        values: dict[str, str] = {}
        for field in _FIELD.finditer(body):
            value, _ = _braced(body, field.end())
            values[field.group("name").lower()] = _biblatex_value(value)
        values.update(_verb_fields(body))
        people: dict[str, list[dict[str, str | None]]] = {}
        collectives: dict[str, str] = {}
        for name in _NAME.finditer(body):
            group, _ = _braced(body, name.end())
            # "{{hash=...}{family=...}}"; with uniquename on (APA, author-year) biber writes
            # "{{un=0,uniquepart=base,hash=...}{...}}".
            for chunk in re.split(r"\{\{[^{}]*?hash=", group)[1:]:
                raw = dict(re.findall(r"(\w+)=\{((?:[^{}]|\{[^{}]*\})*)\}", chunk))
                parts = {key: _biblatex_value(value) for key, value in raw.items()}
                family = " ".join(p for p in (parts.get("prefix"), parts.get("family")) if p)
                corporate = raw.get("family", "").strip()
                if (
                    name.group("role") == "author"
                    and corporate.startswith("{")
                    and corporate.endswith("}")
                    and not parts.get("given")
                    and " " in family
                ):
                    # "family={{World Health Organization}}": a group author, braced whole.
                    collectives.setdefault(name.group("role"), family)
                elif family:
                    people.setdefault(name.group("role"), []).append(
                        person(family, parts.get("given") or None, parts.get("suffix") or None)
                    )
        kind = _TYPES.get(entry.group("type").lower(), "other")
        pages = re.sub(r"\s*[-–—]+\s*", "-", values.get("pages", "")) or None
        fields = drop_empty(
            {
                "type": kind,
                "authors": people.get("author", []),
                "collective": collectives.get("author"),
                "editors": people.get("editor", []),
                "title": values.get("title"),
                "journal": values.get("booktitle")
                if kind in ("chapter", "conference")
                else values.get("journaltitle") or values.get("journal"),
                "year": values.get("year") or values.get("date", "")[:4] or None,
                "volume": values.get("volume"),
                "issue": values.get("number") or values.get("issue"),
                "pages": pages,
                "doi": values.get("doi"),
                "pmid": values.get("eprint")
                if values.get("eprinttype", "").lower() == "pubmed"
                else None,
                "url": values.get("url"),
                "publisher": values.get("publisher"),
                "place": values.get("location"),
                "edition": values.get("edition"),
            }
        )
        references.append(
            RawReference(
                number=len(references) + 1,
                text=render_vancouver(fields),
                line=_line_at(offsets, entry.start()),
                key=entry.group("key"),
                fields=fields,
            )
        )
    return Document(path=path, references=tuple(references), warnings=tuple(warnings))
