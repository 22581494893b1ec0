"""Recognising the heading that opens a reference list, and the headings that close one."""

from __future__ import annotations

import re
import unicodedata

# Names of a reference section, compared after ``normalise_heading`` (case-folded, accents
# removed). English first, then the languages common in medical journals.
REFERENCE_HEADINGS: frozenset[str] = frozenset(
    {
        # English
        "references",
        "reference",
        "reference list",
        "list of references",
        "references cited",
        "cited references",
        "bibliography",
        "literature cited",
        "literature",
        "works cited",
        "cited literature",
        "selected references",
        "bibliographic references",
        "references and notes",
        "notes and references",
        "key references",
        "methods references",
        "online methods references",
        "references for methods",
        "additional references",
        # Spanish, Portuguese, Italian, Catalan, Galician
        "referencias",
        "referencias bibliograficas",
        "bibliografia",
        "bibliografia citada",
        "referencies",
        "referencies bibliografiques",
        "riferimenti",
        "riferimenti bibliografici",
        # French
        "bibliographie",
        "references bibliographiques",
        # German
        "literatur",
        "literaturverzeichnis",
        "literaturangaben",
        "literaturhinweise",
        "quellenverzeichnis",
        "quellen",
        # Dutch
        "literatuur",
        "literatuurlijst",
        "referenties",
        # Polish, Czech, Slovak, Croatian, Slovenian, Serbian (Latin)
        "pismiennictwo",
        "literatura",
        "bibliografie",
        "zdroje",
        "citovana literatura",
        # Turkish
        "kaynaklar",
        "kaynakca",
        # Scandinavian
        "referenser",
        "litteratur",
        "referencer",
        "referanser",
        "litteraturliste",
        "litteraturforteckning",
        # Finnish, Hungarian, Romanian, Greek
        "lahteet",
        "kirjallisuus",
        "irodalom",
        "hivatkozasok",
        "irodalomjegyzek",
        "referinte",
        "referinte bibliografice",
        "βιβλιογραφια",
        "αναφορες",
        # Russian, Ukrainian, Bulgarian
        "литература",
        "список литературы",
        "список использованной литературы",
        "література",
        "библиография",
        # Indonesian, Malay
        "daftar pustaka",
        "rujukan",
        "referensi",
        # Chinese, Japanese, Korean, Arabic, Persian, Hebrew
        "参考文献",
        "参考資料",
        "文献",
        "引用文献",
        "참고문헌",
        "المراجع",
        "مراجع",
        "منابع",
        "ביבליוגרפיה",
        "מקורות",
    }
)

# Headings that end a reference list: what journals print after it.
_SECTION_END = re.compile(
    r"^(?:appendix|appendices|annex|annexe|anhang|anexo|anexos|apendice|allegato"
    r"|tables?|tabla|tabela|tabelle|tableau|figures?|figs?|fig\.|figure legends?"
    r"|legends?(?: (?:to|for|of) (?:the )?figures?)?|figure captions?|captions?"
    r"|supplementary|supplemental|supporting information|online supplement|electronic supplementary"
    r"|acknowledg(?:e)?ments?|funding|author contributions?|authors' contributions"
    r"|contributors?|conflicts? of interests?|competing interests?|disclosures?"
    r"|declarations?|abbreviations|about the authors?|author information|ethics"
    r"|data availability|availability of data"
    # BioMed Central's provisional PDFs list the additional files after the references;
    # what MDPI, BMC, Medknow and Wiley print after them.
    r"|additional files?|sample availability|pre-?publication history|source of support"
    r"|how to cite this article"
    # F1000Research prints its open peer review after the references.
    r"|referee reports?|reviewer reports?|open peer review|referee status)"
    r"(?:$|[\s\d:.,;()-])"
)

_MARKDOWN_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s*|>\s*)+")
_EMPHASIS = re.compile(r"^(?:\*\*|__|\*|_)(.+?)(?:\*\*|__|\*|_)$")
_HTML_TAGS = re.compile(r"</?(?:b|strong|i|em|u|h[1-6]|p|span)\b[^>]*>", re.IGNORECASE)
# A section number before a heading: "7.", "7 ", "VII.", "A.", "7.1".
_SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXivx]{1,5}\.|[A-H]\.)\s+")
_SPACED_LETTERS = re.compile(r"^(?:\w ){3,}\w$")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_heading(line: str) -> str:
    """A line reduced to the words of a would-be heading: no markdown, emphasis, section number,
    trailing colon, case or accents. ``"## 7. REFERENCES:"`` -> ``"references"``."""
    text = _HTML_TAGS.sub("", line).strip()
    text = _MARKDOWN_PREFIX.sub("", text).strip()
    text = text.rstrip("#").strip()
    for _ in range(2):
        match = _EMPHASIS.match(text)
        if match:
            text = match.group(1).strip()
    text = text.strip("*_ \t")
    text = _SECTION_NUMBER.sub("", text)
    text = text.rstrip(":.：").strip().strip("*_ ")
    # Letter-spaced headings from PDFs: "R E F E R E N C E S".
    if _SPACED_LETTERS.match(text):
        text = text.replace(" ", "")
    text = strip_accents(text).casefold()
    return " ".join(text.split())


# Headings with their spaces removed: PDF text of small capitals comes out "R EFERENCES".
_SQUEEZED_HEADINGS = frozenset(heading.replace(" ", "") for heading in REFERENCE_HEADINGS)


def is_reference_heading(line: str) -> bool:
    if len(line.strip()) > 60:
        return False
    words = normalise_heading(line)
    if words in REFERENCE_HEADINGS:
        return True
    # Only a short line of capitals may be read without its spaces ("R EFERENCES", "LITERATUR
    # VERZEICHNIS"), or a line of just the heading's word split in two ("Ref erences": a PDF's
    # kerned bold heading); "Refer ences" inside running text is not a heading.
    stripped = line.strip().strip("#*_ ")
    tokens = len(words.split())
    return (
        (stripped.isupper() and tokens <= 3) or (tokens == 2 and stripped[:1].isupper())
    ) and words.replace(" ", "") in _SQUEEZED_HEADINGS


def is_markdown_heading(line: str) -> bool:
    return bool(re.match(r"^\s{0,3}#{1,6}\s", line))


def is_section_end(line: str) -> bool:
    """A heading that closes a reference list (Appendix, Tables, Figure legends...)."""
    stripped = line.strip()
    # A caption may run long ("Table 1. Primers used for ... are given in brackets.").
    if not stripped or len(stripped) > (600 if stripped[:3] in ("Tab", "Fig") else 160):
        return False
    words = normalise_heading(stripped)
    if not _SECTION_END.match(words):
        return False
    if is_markdown_heading(line) or _EMPHASIS.match(stripped) or _RUN_IN_END.match(words):
        return True
    # A plain line: only a capitalised, short heading ("Appendix", "Table 2"), or a caption
    # ("Table 1 Baseline characteristics ..."), never a wrapped line of a reference.
    first = _SECTION_NUMBER.sub("", _HTML_TAGS.sub("", stripped)).lstrip("*_ ")
    if not first[:1].isupper():
        return False
    # A run-in heading: "Conflict of Interest Statement: The authors declare that ...".
    head, colon, _ = words.partition(":")
    if colon and len(head.split()) <= 5 and _SECTION_END.match(head + ":"):
        return True
    return len(words) <= 60 or bool(_CAPTION.match(words))


# A run-in heading that opens a paragraph after the list (Frontiers: "Conflict of Interest
# Statement: The authors declare ..."): a line of any length.
_RUN_IN_END = re.compile(
    r"^(?:conflicts? of interests?|competing interests?|funding|acknowledg(?:e)?ments?"
    r"|author contributions?|data availability|ethics)(?: statements?)?\s*:\s"
)
_CAPTION = re.compile(r"^(?:tables?|figures?|figs?\.?|supplementary (?:table|figure))\s*[a-z]?\d")
