"""DOI, PMID, PMCID, URL and bibliographic notes printed at the end of a reference.

They are cut out of the text before the grammar runs, so that a DOI's dots and slashes
never look like sentence breaks or page ranges.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Identifiers are found by their fixed core; the label in front ("doi:", "PMCID:") is then
# looked for in the few characters before it. Searching for the optional label first costs
# a regex attempt at every position of every reference.
# A SICI-style DOI keeps its angle-bracketed part ("10.1175/1520-0493(1950)078<0001:VOF>2.0.CO;2");
# a '<' or '>' anywhere else ends the DOI ("<https://doi.org/10.1/x>").
_DOI_RE = re.compile(r"(?=1)\b(?P<doi>10\.\d{4,9}/(?:[^\s\"<>]|<[^\s\"<>]+>(?=\d))+)")
_DOI_LABEL_RE = re.compile(
    r"(?:\b(?:doi|DOI|Doi)\s*[:.]?\s*(?:https?://(?:dx\.)?doi\.org/)?"
    r"|(?:https?://)?(?:dx\.)?doi\.org/)$"
)
_RESOLVER_PREFIX_RE = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# "doi:10 .1016/j.x.2015.01.001": a space slipped into a labelled DOI's prefix.
_SPACED_DOI_RE = re.compile(r"(?<=[Dd][Oo][Ii])(\s*:?\s*)10\s\.(?=\d{4,9}/)")
_BROKEN_DOI_RE = re.compile(r"\s*\b(?:doi|DOI)\s*:\s*\S*\s*$")
_PMCID_RE = re.compile(r"(?=P)\b(?P<pmcid>PMC(?:PMC)?\d{3,})\b")
_PMCID_LABEL_RE = re.compile(r"(?:PubMed\s*Central\s*)?(?:PMCID|PMC\s*ID)\s*:?\s*$")
_LABEL_WINDOW = 40
_PMID_RE = re.compile(r"(?:PubMed\s+PMID|PubMed|PMID|PMid|pmid)\s*:?\s*(?P<pmid>\d{1,9})\b")
# PLOS and some SciELO exports print the PMID bare, right after the DOI or an Epub date.
_BARE_PMID_RE = re.compile(r"\s*(?P<pmid>\d{6,9})\b[.;]?")
# Not after a page label: "bioRxiv. 2019; p. 783597." prints the preprint's number as its page.
_TRAILING_PMID_RE = re.compile(r"(?<!\bp)(?<!\bpp)[.;]\s+(?P<pmid>\d{6,8})\s*\.?\s*$")
_URL_RE = re.compile(r"(?P<url>(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ff][Tt][Pp]://|www\.)[^\s<>]+)>?")
_URL_LABEL_RE = re.compile(
    # PLOS: "Available: http://..." (the label with a colon and no preposition)
    r"(?:(?:Available(?:\s+(?:from|at|online(?:\s+at)?)|(?=\s*:))|Dispon[ií]vel\s+em|"
    # revtex prints a BibTeX "eprint" field as "_eprint: https://...".
    r"Disponible\s+en|URL|_?eprint)"
    r"\s*:?\s*)?<?\s*$",
    re.IGNORECASE,
)
_EPUB_DATE_RE = re.compile(
    r"\bEpub\s+(?:ahead\s+of\s+print\s*)?(?:\d{4}\s*/\s*\d{1,2}\s*/\s*\d{1,2}|\d{4}(?:\s+[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2})?)?)\s*\.?"
)
_EPUB_AHEAD_RE = re.compile(
    r"\[?\s*(?:Epub|E-?pub(?:lished)?)\s+ahead\s+of\s+print\s*\]?\.?"
    # BMC 2014: "Maternal Child Health J 2008, Epub.": the word alone closes the reference.
    r"|(?<=\d),\s*Epub\.?\s*$",
    re.IGNORECASE,
)
# "[cited 2020 Jan 1]", "[acesso em 29 de setembro de 2014]", "[citado 2014 fev 26]"
_CITED_RE = re.compile(
    r"\[\s*(?:cited|citado|citada|acesso\s+em|(?:last\s+)?accessed|consultado|updated|atualizado)"
    r"[^\]]*\]",
    re.IGNORECASE,
)
_ACCESSED_RE = re.compile(
    r"(?:\b(?:Accessed|Last\s+access(?:ed)?|Acesso\s+em|Acessado\s+em|Consultado)\b"
    r"\s*(?:on\s*)?:?[^.]*(?:\.|$))",
    re.IGNORECASE,
)
# Unbracketed, only labels no title ends with; in brackets, the usual link names too.
_LINK_LABEL = (
    r"(?:PubMed(?:\s+Abstract)?|Google\s+Scholar|Cross[Rr]ef|Medline|MEDLINE|"
    r"Web\s+of\s+Science®?|Scopus|View\s+Article|Publisher\s+Full\s+Text|Free\s+Full\s+Text)"
)
_BRACKETED_LABEL = (
    rf"\[(?:{_LINK_LABEL}|PMC\s+free\s+article|DOI|ISI|CAS|PMC|Ref\s+list|Full\s+text|"
    r"Abstract|Article|Free\s+article)\]"
)
_TRAILING_LABELS_RE = re.compile(
    rf"(?:\s*(?:{_BRACKETED_LABEL}|{_LINK_LABEL}\b|\|))+\s*$"
    r"|(?<=\.)\s*(?:Review|Comment|Editorial|Letter|English\s+Abstract|Meta-Analysis)\.?\s*$"
)
# "(in press)", or F1000's "J Fish Biol. 2014. in press." after the source's full stop.
_IN_PRESS_TAIL_RE = re.compile(
    r"(?:\s*\((?:[Ii]n\s+press|no\s+prelo|en\s+prensa)\)|(?<=[.;,])\s*[Ii]n\s+press)\.?\s*$"
)
_EMPTY_BRACKETS_RE = re.compile(r"\(\s*\)|\[\s*\]")
_INTERNET_RE = re.compile(
    r"\[[^\]]{0,30}?\b(?:Internet|internet|online|Online|on-line|serial)\b[^\]]{0,30}\]"
)


_PUBLISHED_RE = re.compile(
    r"(?:(?<=[.\s])|^)(?:Published|Updated|Last\s+updated|Posted|Preprint\s+posted)(?:\s+online)?\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+)?(?:\d{1,2},?\s+)?(?P<year>(?:19|20)\d{2})\b\.?"
)
_YEAR_IN_DATE_RE = re.compile(r"(?:19|20)\d{2}")
# An arXiv identifier printed as a report number (Manubot, Zotero's reports): "Report No.:
# 2005.14165", "Report No.: arXiv:1605.07723v3". Its "YYMM." reads like a year otherwise.
_ARXIV_REPORT_NUMBER_RE = re.compile(
    r"(?:(?<=[.\s])|^)Report\s+No\.?\s*:?\s*(?:arXiv:)?\d{4}\.\d{4,5}(?:v\d+)?\b\.?"
)


def _first_year(text: str) -> int | None:
    match = _YEAR_IN_DATE_RE.search(text)
    return int(match.group()) if match is not None else None


class Identifiers(NamedTuple):
    """What was cut out, and the text that is left for the grammar."""

    text: str
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    url: str | None = None
    epub_ahead: bool = False
    internet: bool = False  # "[Internet]", "[cited ...]", "Available from" seen
    in_press: bool = False  # "(in press)" closed the reference
    # "Epub 2019 Mar 1.", "Published 2020.": the year it appeared online, when printed
    online_year: int | None = None


def _trim_identifier(value: str) -> str:
    """Drop sentence punctuation and an unbalanced closing bracket a DOI or URL swallowed."""
    value = value.rstrip(".,;:")
    while (
        value
        and value[-1] in ")]"
        and value.count(value[-1]) > value.count("(" if value[-1] == ")" else "[")
    ):
        value = value[:-1].rstrip(".,;:")
    return value


def doi_in_field(value: str) -> str | None:
    """The DOI a DOI field holds, whatever it is written as.

    ``doi:10.1/x``, ``https://doi.org/10.1/x``, a library proxy's resolver
    (``http://dx.doi.org.proxy.example.edu/10.1/x``) and the bare DOI all give ``10.1/x``;
    a value with no DOI in it gives the value itself, stripped, so that it is still shown
    and checked (an unregistered or malformed DOI is a finding, not silence).
    """
    text = value.strip()
    match = _DOI_RE.search(text)
    if match is None:
        return _RESOLVER_PREFIX_RE.sub("", text) or None
    return _trim_identifier(match["doi"])


def _label_start(text: str, start: int, label: re.Pattern[str]) -> int:
    """Where the label printed just before ``start`` begins (``start`` if there is none)."""
    window_start = max(0, start - _LABEL_WINDOW)
    match = label.search(text, window_start, start)
    return match.start() if match is not None else start


def _strip_tail(text: str) -> str:
    """Drop what the cuts left at the end: a "doi:" label with a malformed DOI
    ("doi:0.1016/j.x", not part of the source), punctuation and an orphaned "doi" label."""
    if "doi" in text or "DOI" in text:
        text = _BROKEN_DOI_RE.sub("", text)
    text = text.strip(" .,;:")
    if text[-3:] in ("doi", "DOI") and (len(text) == 3 or not text[-4].isalnum()):
        text = text[:-3].rstrip(" .,;:")
    return text


def _cut(text: str, start: int, end: int) -> str:
    return text[:start].rstrip() + " " + text[end:].lstrip()


def extract_identifiers(text: str) -> Identifiers:
    """Find and remove identifiers and access notes; the rest is returned as ``text``.

    The order matters: a DOI is cut first so that its dots and digits never read as a
    PMID, a URL or a trailing page number. Most steps run only when their marker word is
    in the text: most references hold none, and a substring test costs far less than a
    regex search.
    """
    doi = pmid = pmcid = None
    if "10." in text or "10 ." in text:
        text, doi, pmid = _cut_doi(text)
    if "PMC" in text:
        text, pmcid = _cut_pmcid(text)
    # Computed once: the cuts below only remove text, so a word absent here stays absent.
    lowered = text.lower()
    if pmid is None and ("pmid" in lowered or "pubmed" in lowered):
        text, pmid = _cut_labelled_pmid(text)
    url = None
    if "http" in lowered or "www." in lowered or "ftp:" in lowered:
        text, url = _cut_url(text)
    internet = url is not None
    epub_ahead = False
    online_year: int | None = None
    if "epub" in lowered:
        text, epub_ahead = _cut_epub_ahead(text)
        text, online_year, pmid = _cut_epub_date(text, pmid)
    if "[" in text:
        text, internet = _cut_bracketed_notes(text, internet)
    if "ublished" in text or "pdated" in text or "osted" in text:
        text, online_year = _cut_published(text, online_year)
    if "ccess" in text or "onsultado" in text:
        text, internet = _cut_accessed(text, internet)
    if "Report No" in text:
        text = " ".join(_ARXIV_REPORT_NUMBER_RE.sub(" ", text).split())
    in_press = False
    tail_char = text.rstrip(" .;")[-1:]
    if pmid is None and tail_char.isdigit():
        text, pmid = _cut_trailing_pmid(text)
        tail_char = text.rstrip(" .;")[-1:]
    if tail_char.isalpha() or tail_char in ")]|":
        text, in_press = _cut_trailing_labels(text, tail_char)
    # Positional, in the fields' order: by keyword, building it costs as much as two steps.
    return Identifiers(
        _strip_tail(text), doi, pmid, pmcid, url, epub_ahead, internet, in_press, online_year
    )


def _cut_doi(text: str) -> tuple[str, str | None, str | None]:
    """A DOI, bare or labelled ("doi:10.1/x", "https://doi.org/10.1/x", "(doi:10.1/x)"),
    and a PMID printed bare right after it (PLOS): the text without them, the DOI, the PMID.

    A space slipped into a labelled DOI's prefix ("doi:10 .1016/j.x") is closed first.
    """
    if "10 ." in text:
        text = _SPACED_DOI_RE.sub(r"\g<1>10.", text)
    if "10." not in text:
        return text, None, None
    match = _DOI_RE.search(text)
    if match is None:
        return text, None, None
    doi = _trim_identifier(match["doi"])
    pmid, end = _bare_pmid_after(text, match.end())
    start = _label_start(text, match.start(), _DOI_LABEL_RE)
    # "(doi:10.1/x)": the brackets go with the DOI (the DOI match took the ')').
    if text[:start].rstrip().endswith("(") and text[start:end].endswith(")"):
        start = text.rindex("(", 0, start)
    return _cut(text, start, end), doi, pmid


def _bare_pmid_after(text: str, end: int) -> tuple[str | None, int]:
    """A PMID printed bare at ``end`` ("... 10.1/x 12345678."), and where it ends;
    ``(None, end)`` when there is none."""
    bare = _BARE_PMID_RE.match(text, end)
    if bare is None:
        return None, end
    return bare["pmid"], bare.end()


def _cut_pmcid(text: str) -> tuple[str, str | None]:
    """A PubMed Central id with its label ("PMCID: PMC1234567"; some exports print
    "PMCPMC1234567"): the text without it, and the id."""
    match = _PMCID_RE.search(text)
    if match is None:
        return text, None
    start = _label_start(text, match.start(), _PMCID_LABEL_RE)
    return _cut(text, start, match.end()), match["pmcid"].replace("PMCPMC", "PMC")


def _cut_labelled_pmid(text: str) -> tuple[str, str | None]:
    """A PMID behind its label ("PMID: 12345678", "PubMed PMID: 123"): the text without
    it, and the PMID."""
    match = _PMID_RE.search(text)
    if match is None:
        return text, None
    return _cut(text, match.start(), match.end()), match["pmid"]


def _cut_url(text: str) -> tuple[str, str | None]:
    """A link ("http://...", "ftp://...", "www....") with its label ("Available from:",
    "URL:", "Disponível em:") and, for "[https://...]", its brackets: the text without it,
    and the URL."""
    match = _URL_RE.search(text)
    if match is None:
        return text, None
    start = _label_start(text, match.start(), _URL_LABEL_RE)
    if text[start - 1 : start] == "[" and "]" in match["url"]:
        start -= 1  # "[https://...]": the link in brackets, the brackets go with it
    return _cut(text, start, match.end()), _trim_identifier(match["url"])


def _cut_epub_ahead(text: str) -> tuple[str, bool]:
    """The "[Epub ahead of print]" note ("E-published ahead of print."): the text without
    it, and whether it was there."""
    match = _EPUB_AHEAD_RE.search(text)
    if match is None:
        return text, False
    return _cut(text, match.start(), match.end()), True


def _cut_epub_date(text: str, pmid: str | None) -> tuple[str, int | None, str | None]:
    """The online date ("Epub 2019 Mar 1.", "Epub 2019/03/01") and a PMID printed bare
    after it (SciELO): the text without them, the year it appeared online, and ``pmid`` or
    else the bare PMID."""
    match = _EPUB_DATE_RE.search(text)
    if match is None:
        return text, None, pmid
    end = match.end()
    if pmid is None:
        pmid, end = _bare_pmid_after(text, end)
    return _cut(text, match.start(), end), _first_year(match.group()), pmid


def _cut_bracketed_notes(text: str, internet: bool) -> tuple[str, bool]:
    """Bracketed online notes ("[Internet]", "[serial online]", "[cited 2020 Jan 1]",
    "[acesso em 29 de setembro de 2014]"): the text without them, and ``internet``, set
    when one was there (the source is online)."""
    if "nternet" in text or "nline" in text or "serial" in text:
        new_text = _INTERNET_RE.sub(" ", text)
        if new_text != text:
            internet = True
            text = " ".join(new_text.split())
    new_text = _CITED_RE.sub(" ", text)
    if new_text != text:
        internet = True
        text = " ".join(new_text.split())
    return text, internet


def _cut_published(text: str, online_year: int | None) -> tuple[str, int | None]:
    """AMA web pages' dates ("https://... Published 2020. Updated May 2, 2021."): the text
    without them, and ``online_year`` or else the first such date's year."""
    match = _PUBLISHED_RE.search(text)
    if match is None:
        return text, online_year
    # Collapsed at once: long runs of spaces make later patterns slow.
    text = " ".join(_PUBLISHED_RE.sub(" ", text).split())
    return text, online_year or int(match["year"])


def _cut_accessed(text: str, internet: bool) -> tuple[str, bool]:
    """Access notes ("Accessed 15 Jan 2018.", "Acesso em: 29 set. 2014.", "Consultado:
    ..."): the text without them, and ``internet``, set when one was there (the source is
    online)."""
    new_text = _ACCESSED_RE.sub(" ", text)
    if new_text == text:
        return text, internet
    # "(Accessed on 15/01/2018.)" leaves its brackets behind.
    return " ".join(_EMPTY_BRACKETS_RE.sub(" ", new_text).split()), True


def _cut_trailing_pmid(text: str) -> tuple[str, str | None]:
    """A PMID printed bare after the pages, as PLOS does ("Nature 409: 714-720. 11217860"):
    the text without it, and the PMID."""
    match = _TRAILING_PMID_RE.search(text, max(0, len(text) - 16))
    if match is None:
        return text, None
    return text[: match.start() + 1], match["pmid"]


def _cut_trailing_labels(text: str, tail_char: str) -> tuple[str, bool]:
    """Link labels copied along with the reference ("[PubMed] [Google Scholar]", "Crossref
    Medline"), MEDLINE publication types ("Review.") and a closing "(in press)": the text
    without them, and whether "(in press)" was there. ``tail_char`` is the text's last
    character but punctuation."""
    text = _TRAILING_LABELS_RE.sub("", text)
    if tail_char != ")" and not text.rstrip(" .").endswith("press"):
        return text, False
    stripped = _IN_PRESS_TAIL_RE.sub("", text)
    return stripped, stripped != text
