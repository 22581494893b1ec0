"""Where a journal reference prints its source: ``Journal. 2012;25(3):195-206``.

Each pattern finds the *anchor* (year, volume, issue, pages) in the text that follows the
author list. The text in front of the anchor holds the title and the journal name, which
``split_title_container`` separates.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from refcheck.models import Pages
from refcheck.parse.pages import expand_page_range

_YEAR = r"(?P<year>(?:1[6-9]|20)\d{2})[a-z]?"
_MONTH_WORD = r"(?:[A-Z][a-z]{2,8}|[a-z]{3,9})\.?"
# "Jul 25", "Jul-Aug", "Spring", "Dec 2-4", "12 Mar"
_DATE = (
    rf"(?:\s*(?:{_MONTH_WORD}|\d{{1,2}})(?:\s*[-/]\s*{_MONTH_WORD})?"
    r"(?:\s+\d{1,2}(?:\s*-\s*\d{1,2})?)?)"
)
_SUPPL = r"(?:Suppl|Supl|Supp|Suplemento|Pt|Part|Spec\s+No|Spec|Sp|Esp|Special\s+Issue)\.?"
_VOLUME = (
    rf"(?P<volume>(?:[A-Za-z]{{0,3}}\d+[A-Za-z]?(?:[-/.]\d+|-[A-Z](?![\w-]))?"
    rf"(?:\s*{_SUPPL}\s*[A-Za-z]?\d*)?"
    rf"|{_SUPPL}\s*\d*))"
)
_ISSUE = r"\(\s*(?P<issue>[^()]{1,40}?(?:\([^()]*\)[^()]*)?)\s*\)"
# A page or article number: "195", "e1000913", "S12", "12A", "C00D07", "80re82".
_PAGE = r"[A-Za-z]{0,4}\d+(?:[A-Za-z]{1,2}\d+)?[A-Za-z]{0,2}"
_PAGES = rf"(?P<pages>{_PAGE}(?:\s*-+\s*{_PAGE})?|[ivxlcdm]+\s*-\s*[ivxlcdm]+)"

# Vancouver: "Journal. 2002 Jul 25;347(4):284-7", "Journal 1997; 99:117-124",
# "Journal. 2010;42 Suppl 1:S12-5", "Journal. 2012 [cited ...];46(3):516-25".
_VANCOUVER_RE = re.compile(
    # "1999-2000;": a volume that spans two years is dated by the first.
    rf"(?=[(12])(?:^|(?<=[\s.,]))\(?{_YEAR}(?:-(?:1[6-9]|20)\d{{2}})?\)?{_DATE}?"
    r"\s*(?:\[[^\]]*\]\s*)?;\s*"
    rf"(?:{_VOLUME})?\s*(?:{_ISSUE})?"
    # Pages follow a colon; a slip gives "24(4)879-86", "239;2370-8" or "2015; p. 754-62".
    rf"(?:(?:\s*[:;]\s*|(?<=\))\s*|\s*(?=pp?\.\s*\d))(?:pp?\.?\s*)?{_PAGES}"
    rf"(?:\s*,\s*{_PAGE}(?:\s*-\s*{_PAGE})?)*)?"
)
# A colon slipped in for the semicolon: "Am J Epidemiol. 2010:172(5):525-7". An issue or
# pages must follow, so that "J Allergy 2012:316049" (volume 2012, article 316049) is not
# read so.
_VANCOUVER_COLON_RE = re.compile(
    rf"(?=[12])(?<=[\s.,]){_YEAR}{_DATE}?\s*:\s*{_VOLUME}\s*(?:{_ISSUE})?(?:\s*:\s*{_PAGES})?"
    r"\s*\.?\s*$"
)
# Name-year styles put the year after the authors; the source ends the reference:
# "J Name 8: 16-20", "Nature, 422: 888-893", "Chem Geol 89(1-2): 19-48", "J 77 (6 Suppl) 88-98".
_VOLUME_PAGES_RE = re.compile(
    # The match starts on the space or comma before the volume: a consumed first character
    # lets the regex engine skip ahead, where a look-behind would try every position.
    rf"[\s.,;](?:{_VOLUME})\s*(?:{_ISSUE})?"
    # elsarticle-num: "Clin Nutr 40 (5) (2021) 2898-2913", the year between issue and pages.
    r"(?:\s*\((?P<year3>(?:1[6-9]|20)\d{2})\))?"
    # ACM: "Comput Surv 45: 42:1-31", the article number between the volume and its pages.
    r"\s*(?::\s*(?:\d{1,4}\s*:\s*(?=\d))?|(?<=\))\s*|,\s*(?:pp?\.\s*)?"
    # "Nature 518 355-359": no colon, so only a page *range* is trusted.
    rf"|\s(?={_PAGE}\s*-+\s*{_PAGE}\s*\.?\s*$))"
    # "34:57-74; 94-111": a work printed in two parts.
    rf"{_PAGES}(?:\s*[,;]\s*{_PAGE}(?:\s*-\s*{_PAGE})?)*"
    r"(?:\s*[.,]?\s*\(?(?P<year2>(?:1[6-9]|20)\d{2})[a-z]?\)?)?\s*\.?\s*$"
)
# "Scand J Stat: 65-70": a container with a page range and nothing else; Nature's style
# without a volume puts the year after it: "Evolution 311-319 (1957)".
_PAGES_ONLY_RE = re.compile(
    rf"(?=[:\s])(?<=[^\W\d_])(?::\s*|\s+)(?P<pages>{_PAGE}\s*-+\s*{_PAGE})"
    rf"(?:\s*\({_YEAR}\))?\s*\.?\s*$"
)
# "Proceedings of the 13th Conference, 2006, pp. 89-98", "EMBO Mol Med, pp. 1-15, 2016",
# "Postgraduate course, 1992; 204-44".
_YEAR_PAGES_RE = re.compile(rf",\s*{_YEAR}\s*[,;:]\s*(?:pp?\.\s*)?{_PAGES}\s*\.?\s*$")
_PAGES_YEAR_RE = re.compile(rf",\s*pp?\.\s*{_PAGES}\s*,\s*(?:{_MONTH_WORD}\s*)?{_YEAR}\s*\.?\s*$")
# "... Special Publication No. 5. pp. 601-1374.": a labelled page range ends the reference
# (a single "p. 190" after an imprint is a book's length).
_LABELLED_PAGES_ONLY_RE = re.compile(
    rf"(?<![^\s,.])pp?\.\s*(?:pp?\.\s*)?(?P<pages>{_PAGE}\s*-+\s*{_PAGE})\s*\.?\s*$"
)
# No volume, the issue in brackets: "J Antimicrob Chemother. (8): 1562-6", "Med Tr. 1999:
# (6):16-9".
_ISSUE_PAGES_RE = re.compile(
    rf"(?:(?<=[^\W\d_][.,;])|(?<=[^\W\d_]\.\s))\s*(?:{_YEAR}\s*[:;]\s*)?"
    rf"\(\s*(?P<issue>\d{{1,4}})\s*\)\s*:\s*{_PAGES}\s*\.?\s*$"
)
# ACS and Bentham styles: "J Control Release 2015,207,18-30", "Nature 2014, 9(10)".
_YEAR_VOLUME_PAGES_RE = re.compile(
    rf"[\s.,]{_YEAR}\s*,\s*(?P<volume>[A-Za-z]?\d+[A-Za-z]?)\s*(?:{_ISSUE})?"
    rf"(?:\s*,\s*(?:pp?\.\s*)?{_PAGES})?\s*\.?\s*$"
)
# "Journal 12(3)" or "Journal 12" alone at the end (no pages printed).
_VOLUME_ONLY_RE = re.compile(
    # "Pub Ltd. p. 190": a number after a page label is no volume.
    rf"[\s,](?<!\bp\.\s)(?<!pp\.\s)(?:{_VOLUME})\s*(?:{_ISSUE})?(?:\s*\((?:1[6-9]|20)\d{{2}}\))?\s*\.?\s*$"
)
# "Dermatol Ther. 2012." / "Dermatol Ther. 2012 Mar 3." (the year right after a full stop)
_YEAR_ONLY_RE = re.compile(rf"(?=\s)(?<=\.)\s+{_YEAR}{_DATE}?\s*\.?\s*$")
# Chicago (Zotero's default style): "Nat Rev Primers 2, no. 1 (2022): 94-99", "Cell 114, no. 4
# (August 2003): 445-56", "Ecology 12, no. 3 (2001)".
_CHICAGO_RE = re.compile(
    r"[\s,](?P<volume>[A-Za-z]?\d+[A-Za-z]?)\s*,\s*no\.\s*"
    r"(?P<issue>(?:(?:Suppl|Supplement)\.?\s*)?[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–/]\s*\d+)?)"
    rf"\s*(?:\((?:[^()\d]{{0,20}}\s)?(?:\d{{1,2}}\s*,?\s*)?{_YEAR}\)\s*)?"
    rf"(?::\s*(?:pp?\.\s*)?{_PAGES})?\s*\.?\s*$"
)
# IEEE and similar: "Cell, vol. 114, no. 4, pp. 445-456, 2003"
_LABELLED_RE = re.compile(
    r"[,\s]\s*(?:vol|v)\.?\s*(?P<volume>[A-Za-z]?\d+[A-Za-z]?)"
    # Hindawi also prints the supplement first: "vol. 63, supplement 5, no. 19, pp. S3-S9".
    r"(?:\s*,\s*(?:supplement|suppl)\.?(?:\s*(?P<supplement_first>[A-Za-z]?\d+))?"
    r"(?=\s*,\s*(?:no|issue)\b))?"
    # "no. Pt 2", "no. Suppl 1": a part or supplement printed as the issue.
    r"(?:\s*,?\s*(?:no|n|issue)\.?\s*"
    r"(?P<issue>(?:(?:Pt|Part|Suppl|Supl)\.?\s*)?[A-Za-z]?\d+[A-Za-z0-9-]*))?"
    # Hindawi: "Andrologia, vol. 30, supplement 1, pp. 73-80, 1998".
    r"(?:\s*,\s*(?:supplement|suppl)\.?\s*(?P<supplement>[A-Za-z]?\d+))?"
    rf"(?:\s*,?\s*(?:pp?|pages)\.?\s*{_PAGES})?"
    rf"(?:\s*,?\s*(?:{_MONTH_WORD}\s*)?(?:\d{{1,2}}\s*)?{_YEAR})?"
)
_YEAR_RE = re.compile(
    r"(?=[12])(?:^|(?<=[\s.,;:(\[])|(?<=[\s;]c))(?P<year>(?:1[6-9]|20)\d{2})[a-z]?"
    r"(?=$|[\s.,;:)\]])"
)


class Source(NamedTuple):
    """A journal source found in the text; ``start`` is where the title+journal part ends.

    Internal to the parse stage, so a NamedTuple: cheaper to build than a frozen dataclass.
    """

    start: int
    end: int
    year: int | None
    volume: str | None
    issue: str | None
    pages: Pages | None


def _pages(text: str | None) -> Pages | None:
    return expand_page_range(text) if text else None


_VOLUME_PARTS_RE = re.compile(
    r"^(?P<volume>[A-Za-z]{0,3}\d+[A-Za-z]?)(?:\.(?P<issue>\d+)|\s*(?P<part>\S.*))?$"
)


_JOINED_VOLUMES_RE = re.compile(r"^(\d+)([-/])(\d+)$")
_BARE_SUPPLEMENTS = frozenset({"Suppl", "Supl", "Supp", "Supplement"})


def _volume_issue(volume: str | None, issue: str | None) -> tuple[str | None, str | None]:
    """ "22 Suppl 3" -> ("22", "Suppl 3"); "34.12" -> ("34", "12"); the issue wins if printed.

    A bare supplement ("108 Suppl") names the volume itself and stays with it.
    """
    if not volume:
        return None, issue
    if volume.isdigit():
        return volume, issue
    if volume[-2:-1] == "-" and volume[-1].isupper():
        return volume, issue  # "85-A": the volume's part, as the journal prints it
    joined = _JOINED_VOLUMES_RE.match(volume)
    if joined is not None:
        first, mark, second = joined.groups()
        if mark == "-" and int(second) > int(first):
            # "454-455": two volumes bound as one; the range is the volume as printed.
            return volume, issue
        # "12/3": volume and issue run together.
        return first, issue if issue else second
    volume = " ".join(volume.split())
    match = _VOLUME_PARTS_RE.match(volume)
    if match is None:
        return volume, issue
    part = match["part"]
    if part is not None and part.rstrip(".") in _BARE_SUPPLEMENTS:
        return f"{match['volume']} {part.rstrip('.')}", issue
    extra = match["issue"] or part
    return match["volume"], issue if issue else extra


_YEAR_ISSUE_RE = re.compile(r"^(?:1[6-9]|20)\d{2}$")


def _source(
    start: int,
    end: int,
    year: str | None,
    volume: str | None,
    issue: str | None,
    pages: str | None,
) -> Source:
    volume, issue = _volume_issue(volume, issue)
    if issue and year is None and _YEAR_ISSUE_RE.match(issue):
        # "J. Sleep Res. 12 (2010) 45-67": the bracket after the volume holds the year.
        year, issue = issue, None
    return Source(start, end, int(year) if year else None, volume, issue, _pages(pages))


# These layouts end the reference, so they are looked for in its tail only (speed).
_TAIL_WINDOW = 64
_DATE_WINDOW = 60


def _tail(text: str) -> int:
    return max(0, len(text) - _TAIL_WINDOW)


def _find_colon_source(text: str) -> Source | None:
    match = _VANCOUVER_COLON_RE.search(text, _tail(text))
    if match is None or not (match["issue"] or match["pages"]):
        return None
    return _source(
        match.start(), match.end(), match["year"], match["volume"], match["issue"], match["pages"]
    )


def find_vancouver_source(text: str) -> Source | None:
    """The right-most ``YEAR;VOL(ISSUE):PAGES`` anchor."""
    semicolon = text.find(";")
    if semicolon < 0:
        return _find_colon_source(text) if ":" in text else None
    best = None
    # The year and date sit at most a few dozen characters before the first ';'.
    for match in _VANCOUVER_RE.finditer(text, max(0, semicolon - _DATE_WINDOW)):
        # "...Conference; 2001 Sep 13-15; Leeds, UK.": a date and nothing after its ';'
        # is a meeting's date, not a journal source.
        if match["volume"] or match["issue"] or match["pages"]:
            best = match
    if best is None:
        return None
    start = best.start()
    if start > 0 and text[start - 1] == "(":
        start -= 1
    volume, pages = best["volume"], best["pages"]
    joined = _JOINED_VOLUMES_RE.match(volume) if volume and pages is None else None
    if joined is not None and joined[2] == "-" and best["issue"] is None:
        # "Crit Care Med. 2010;831-7.": the volume is missing and the range after the ';'
        # is the pages (a volume and issue would be "12(3)", bound volumes have pages).
        volume, pages = None, volume
    return _source(start, best.end(), best["year"], volume, best["issue"], pages)


def find_trailing_source(text: str) -> Source | None:
    """``Journal VOL(ISSUE): PAGES`` at the very end (name-year and PLOS styles)."""
    labelled = "vol" in text or " v." in text
    match = _LABELLED_RE.search(text, max(0, len(text) - 2 * _TAIL_WINDOW)) if labelled else None
    if match is not None and match["volume"]:
        supplement = match["supplement"] or match["supplement_first"]
        return _source(
            match.start(),
            match.end(),
            match["year"],
            match["volume"],
            match["issue"] or (f"Suppl {supplement}" if supplement else None),
            match["pages"],
        )
    if ", no." in text:
        chicago = _CHICAGO_RE.search(text, _tail(text))
        if chicago is not None:
            return _source(
                chicago.start(),
                chicago.end(),
                chicago["year"],
                chicago["volume"],
                chicago["issue"],
                chicago["pages"],
            )
    match = _YEAR_PAGES_RE.search(text, _tail(text)) or _PAGES_YEAR_RE.search(text, _tail(text))
    if match is not None:
        return _source(match.start(), match.end(), match["year"], None, None, match["pages"])
    tail = _tail(text)
    if text.find(". (", tail) >= 0 or text.find(": (", tail) >= 0:
        issue_only = _ISSUE_PAGES_RE.search(text, tail)
        if issue_only is not None:
            return _source(
                issue_only.start(),
                issue_only.end(),
                issue_only["year"],
                None,
                issue_only["issue"],
                issue_only["pages"],
            )
    match = _VOLUME_PAGES_RE.search(text, tail)
    if (match is None or _YEAR_ISSUE_RE.match(match["volume"] or "")) and text.find(",", tail) > 0:
        # "J Control Release 2015,207,18-30" (read above as volume 2015), "PLoS One
        # 2014,9(10)": the year, then the volume.
        year_first = _YEAR_VOLUME_PAGES_RE.search(text, tail)
        if year_first is not None and (year_first["pages"] or year_first["issue"]):
            return _source(
                year_first.start(),
                year_first.end(),
                year_first["year"],
                year_first["volume"],
                year_first["issue"],
                year_first["pages"],
            )
    if match is not None:
        return _source(
            match.start(),
            match.end(),
            match["year2"] or match["year3"],
            match["volume"],
            match["issue"],
            match["pages"],
        )
    match = _PAGES_ONLY_RE.search(text, _tail(text))
    if match is None and text.find("p.", tail) >= 0:
        match = _LABELLED_PAGES_ONLY_RE.search(text, tail)
    if match is not None:
        year = match.groupdict().get("year")
        year = int(year) if year else None
        return Source(match.start(), match.end(), year, None, None, _pages(match["pages"]))
    return None


def find_year_only_source(text: str) -> Source | None:
    """``Journal. 2012.``: a journal article cited with its year only."""
    match = _YEAR_ONLY_RE.search(text, _tail(text))
    if match is None:
        return None
    return Source(match.start(), match.end(), int(match["year"]), None, None, None)


def find_volume_only(text: str) -> Source | None:
    match = _VOLUME_ONLY_RE.search(text, _tail(text))
    if match is None or match.start() == 0:
        return None
    return _source(match.start(), match.end(), None, match["volume"], match["issue"], None)


def find_year(text: str) -> tuple[int, int, int] | None:
    """The right-most plausible year: (year, start, end)."""
    best = None
    for match in _YEAR_RE.finditer(text):
        best = match
    if best is None:
        return None
    return int(best["year"]), best.start(), best.end()


# ---------------------------------------------------------------- title | journal

# Every alternative starts with one of . ? ! " so the regex engine skips other characters
# fast; a look-behind in first place would make it try every position (3x slower).
_BOUNDARY_RE = re.compile(
    # "... a strange attractor?Annu Rev Ecol Syst": the space after '?' lost.
    # IEEE: '"Title," bioinformatics': a quote closed after a comma ends the title, whatever
    # the case of the journal's first letter.
    r"[.?!]\"?(?:\s+(?=[\"(\[]?[^\W_])|(?<=[?!])(?=[A-Z][a-z]))|\"\s+(?=[A-Z])|\"(?<=,\")\s+(?=[a-z])"
    r"|\.(?<=\s\.)(?=[A-Z])"
    # "... of vulvar.Sichuan Medical Journal": a full stop with its space lost.
    r"|\.(?<=[a-z]{3}\.)(?=[A-Z][a-z])"
)
_SINGLE_CAP_RE = re.compile(r"^[A-Z]$")
_COMMA_ABBREVIATION_RE = re.compile(r",\s+(?=[A-Z][a-z]{0,5}$)")
_ROMAN_RE = re.compile(r"^[IVXLC]+$")
_SHORT_CAP_WORD_RE = re.compile(r"^[A-Z][a-z]{0,5}$")
_SHORT_CAP_RE = re.compile(r"^(?:[A-Z][A-Za-z]{0,5}|[A-Z&]{1,6}|[a-z]{1,3})$")
# Words journal abbreviations are made of (ISO 4 / NLM). Used only when no punctuation
# separates the title from the journal ("... in Yq11 Hum Mol Genet 1996; 5: 933-943").
_ABBREVIATION_TEXT = """
    J Am Ann Arch Acta Adv Anal Anat Anesth Anesthesiol Antimicrob Appl Assoc Behav Biochem
    Biol Biomed Biophys Biotechnol Br Bull Can Cancer Cardiol Cardiovasc Cell Chem Chemother
    Chin Clin Commun Comp Comput Crit Curr Dent Dermatol Dev Diabetes Dis Ecol Econ Educ
    Electrophysiol Endocrinol Eng Engl Environ Epidemiol Eur Evol Exp Fam Gastroenterol Gen
    Genet Genomics Geophys Gerontol Gynecol Health Hematol Hepatol Hered Hosp Hum Hyg
    Immunol Infect Inst Int Intern Invest Jpn Lab Lett Mech Med Metab Methods Microbiol
    Mol Nat Natl Nephrol Neurol Neurosci Neurosurg Nucl Nurs Nutr Obstet Oncol Ophthalmol
    Opin Orthop Otolaryngol Paediatr Parasitol Pathol Pediatr Pharm Pharmacol Philos Phys
    Physiol Plast Pract Prev Proc Prog Psychiatr Psychiatry Psychol Public Q Radiol Rehabil
    Rep Reprod Res Respir Rev Rheum Rheumatol Scand Sci Semin Soc Stat Surg Syst Technol
    Ther Toxicol Transl Transplant Trop Urol Vasc Vet Virol Zool Acad Bras Rev Saude Publica
    Cad Med Clin Enferm Psicol Cienc Esp Mex Port Lat USA U S A Lond Ser Trans Ned Tijdschr
    Dtsch Wochenschr Klin Z Zh Zentralbl Nervenheilkd Neuropsychol Neuropsychiatry
    Psychosom Addict Alcohol Allergy Aging Biomater Brain Circ Cogn Cytol Dermatology
    Emerg Endocr Exerc Eye Food Forensic Front Geriatr Glob Heart Immun Inflamm Kidney Leuk
    Lung Mar Math Matern Mem Microb Muscle Neonatal Neurochem Neuroimmunol Nurse Occup
    Oral Pain Perinatol Plant Pulm Qual Radiat Reg Res Saf Sleep Sociol Spine Sports Stem
    Struct Thorac Tissue Tumor Vaccine Vis Vitam Wound BMC BMJ JAMA PLoS PLOS Lancet
    Nature Science IEEE Biochim Neurobiol Immunother Oncogene Pharmacother Endocrinology
    Biochemistry Physiology Pathology Genetics Immunology Medicine Neurology Surgery Ecology
    Neuropsychopharmacol Psychopharmacol Arterioscler Thromb Haemost Hypertens Angiol
    Anaesth Anaesthesiol Gastrointest Hepatogastroenterol Periodontol Orthod Prosthet
    Otol Rhinol Laryngol Ophthalmic Optom Audiol Dermatovenerol Venereol Mycol Bacteriol
    Parasitology Helminthol Entomol Ornithol Mammal Herpetol Ichthyol Bot Agron Hortic
    Limnol Oceanogr Hydrol Geol Paleontol Mineral Petrol Geochem Cosmochim Astrophys Opt
    Acoust Mater Eng Electr Mech Chem Appl Comput Inf Manag Policy Law Ethics Hist Philos
    Anthropol Archaeol Linguist Econ Finance Stat Probab Theor Nurs Midwifery Rehabil
    Genes Genome Metastasis Earth Planet Space Ocean Atmos Climate Water Soil Forest Fish Bird
    Insect Animal Child Women Care Drug Drugs Tissue Bone Joint Skin Dental Liver Gut Nerve
    Journal Review Reviews Letters Reports Research Medical Clinical Annals Archives
    Proceedings Transactions Bulletin Quarterly Today Practice Advances Frontiers Trends
    Condens Polym Catal Electrochem Spectrosc Nanotechnol Softw Netw Syst
    Commun Comput Inform Autom Process Electron Ind Struct
    """
_ABBREVIATION_WORDS = frozenset(_ABBREVIATION_TEXT.split())


# Suffixes of whole words, which abbreviations cut off.
_FULL_WORD_ENDINGS = ("tion", "sion", "ness", "ment", "ism", "ing")
_MONTH_START_RE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
# Punctuation inside dotted journal abbreviations: "J. Phys.: Condens. Matter",
# "IEEE/ACM Trans.", "RAIRO-Oper. Res.", "J. Chem. Soc., Faraday Trans.", "(Ser. B)".
_ABBREVIATION_PUNCT_RE = re.compile(r"[().:,/&-]")


def _abbreviation_tokens(chunk: str) -> list[str]:
    words = chunk.replace(".", " ")
    if words.replace(" ", "").isalnum():
        return words.split()  # the common case: words and full stops only
    return _ABBREVIATION_PUNCT_RE.sub(" ", chunk).split()


def _abbreviation_chunk(chunk: str, journal: str = "") -> bool:
    """True when ``chunk``, the sentence before ``journal``, is more of an abbreviated
    journal name."""
    tokens = _abbreviation_tokens(chunk)
    if len(tokens) == 1:
        # "Curr. Pathobiol. Rep": a lone capitalised word between full stops is an
        # abbreviation; a title chunk is hardly ever one word, a Roman numeral ends one.
        token = tokens[0]
        # Abbreviations cut a word before its suffix: "Hypertension. Archives of
        # Dermatology" ends a title, "Electromagn. Compat" does not.
        return (
            token[:1].isupper()
            and token.isalpha()
            and not token.endswith(_FULL_WORD_ENDINGS)
            and _ROMAN_RE.match(token) is None
        )
    if not 0 < len(tokens) <= 4:
        return False
    if len(tokens) == 2 and tokens[0] in ("Part", "Parte") and len(tokens[1]) <= 4:
        return False  # "Treatment of diabetes. Part I. Diabetes Care": the title's part
    if all(_SHORT_CAP_RE.match(t) for t in tokens):
        return True
    # "IEEE Control Syst.", "SIGCOMM Comput.": longer capitalised words, but the word the
    # full stop follows is a known abbreviation.
    # A month after the full stop ("AIDS. Nov 30 21(18)") starts a date, not more of the name.
    return (
        tokens[-1] in _ABBREVIATION_WORDS
        and all(t[:1].isupper() for t in tokens)
        and _MONTH_START_RE.match(journal) is None
    )


# A title does not end on these; "... an official journal of the ... for Cancer Research"
# is one journal name.
_TITLE_END_CONNECTORS = frozenset(
    {"of", "for", "and", "the", "in", "on", "to", "a", "an", "at", "by", "with", "from", "de"}
)
_CONNECTORS = frozenset({"of", "and", "the", "&", "in", "for", "on", "de", "da", "do", "e", "y"})


def looks_like_container(text: str) -> bool:
    """True when every word is capitalised or a connector: "Journal of Virology", "Cell"."""
    tokens = text.split()
    return 0 < len(tokens) <= 8 and all(t[:1].isupper() or t in _CONNECTORS for t in tokens)


def _peel_journal_words(tokens: list[str]) -> int:
    """How many leading tokens stay in the title once journal-abbreviation words are peeled
    off the end ("... quinolones Antimicrob Agents Chemother" -> up to "quinolones")."""
    cut = len(tokens)
    peeled_known = False
    while cut > 0:
        token = tokens[cut - 1]
        if token in _ABBREVIATION_WORDS or _SINGLE_CAP_RE.match(token):
            peeled_known = True
        elif not (
            # A short capitalised word next to known abbreviations is one too, when it ends
            # as truncations do, on a consonant ("Gt Ormond Str J", not "Canada N Engl J").
            peeled_known
            and cut > 1
            and _SHORT_CAP_WORD_RE.match(token)
            and token[-1] not in "aeiou"
        ):
            break
        cut -= 1
    return cut


def _journal_chunk(chunk: str) -> bool:
    """A journal side made of dotted abbreviations: every word capitalised, few words."""
    tokens = _abbreviation_tokens(chunk)
    return 0 < len(tokens) <= 6 and all(t[:1].isupper() or t in _CONNECTORS for t in tokens)


# "Philosophical Transactions of the Royal Society of London. Series B, Biological
# Sciences": a journal's series continues its name.
_JOURNAL_SERIES_RE = re.compile(r"(?:Series|Section|Ser\.|Sect\.)\s+[A-Z]\b(?!\.)")


def _closing_quote_cut(text: str, cuts: list[tuple[int, int]]) -> int | None:
    """The index of the cut at the quote that closes a quoted title, if there is one."""
    for index, (start, end) in enumerate(cuts):
        if '"' in text[start:end]:
            return index
    return None


def split_title_container(
    text: str, peel_abbreviations: bool = True
) -> tuple[str | None, str | None]:
    """``"Title. Journal"`` -> (title, journal). Either may be ``None``.

    With no sentence break at all, ``peel_abbreviations`` takes journal-like words off the
    end ("... in Yq11 Hum Mol Genet"); without it the whole text is the title.
    """
    text = text.strip(" .,;:")
    if not text:
        return None, None
    cuts = _sentence_breaks(text)
    if cuts:
        return _split_at_break(text, cuts, _title_break_index(text, cuts))
    if not peel_abbreviations:
        return text, None
    return _split_peeling_abbreviations(text)


def _sentence_breaks(text: str) -> list[tuple[int, int]]:
    """Where a sentence may end in ``text`` (start and end of each break).

    A closing quote ends the title only when the title opened with one; inside an unquoted
    title ('for "Posttraumatic" Headache') it is no sentence break.
    """
    cuts = [m.span() for m in _BOUNDARY_RE.finditer(text)]
    if cuts and '"' in text and text[0] != '"':
        cuts = [cut for cut in cuts if text[cut[0]] != '"'] or cuts
    return cuts


def _title_break_index(text: str, cuts: list[tuple[int, int]]) -> int:
    """Which of the ``cuts`` ends the title: a quoted title's closing quote (IEEE:
    '"Title," Mitotic Exit Netw. Methods Protoc.', whatever the container's dots), else the
    last break, moved left past the breaks of dotted journal abbreviations ("AIP Conf.
    Proc", "J. Biol. Chem")."""
    if text[0] == '"':
        quoted = _closing_quote_cut(text, cuts)
        if quoted is not None:
            return quoted
    index = len(cuts) - 1
    # Move left while both sides look like abbreviations.
    while index > 0:
        journal = text[cuts[index][1] :]
        before = text[cuts[index - 1][1] : cuts[index][0]]
        # Only a full stop abbreviates: "Sarcoidosis? Leprosy? Archives of ...".
        if text[cuts[index][0]] == "." and (
            (_journal_chunk(journal) and _abbreviation_chunk(before, journal))
            or (journal.startswith("Se") and _JOURNAL_SERIES_RE.match(journal))
        ):
            index -= 1
        else:
            break
    return index


def _split_at_break(
    text: str, cuts: list[tuple[int, int]], index: int
) -> tuple[str | None, str | None]:
    """Title and journal on either side of the break ``cuts[index]``; a comma before a
    dotted abbreviation, or the end of the title run on into the journal's sentence, moves
    the split."""
    start, end = cuts[index]
    comma = _COMMA_ABBREVIATION_RE.search(text, max(0, start - 12), start)
    if comma is not None and (start - comma.end() == 1 or ". " in text[end:]):
        # "Effects of exercise on sleep, J. Sleep Res", "..., Phys. Rev. Lett": the
        # title ends at the comma before a dotted journal abbreviation.
        return text[: comma.start()].strip() or None, text[comma.end() :].strip(" .,;:")
    # Keep a closing '?', '!' or quote with the title; a plain '.' goes.
    title_end = start + 1 if text[start] in '?!"' else start
    if text[start] == "." and text[start + 1 : start + 2] == '"':
        title_end = start + 2
    journal = text[end:].strip(" .,;:")
    if journal.count(" ") >= 3 and not looks_like_container(journal):
        run_on = _split_title_run_on(text, end, journal)
        if run_on is not None:
            return run_on
    return text[:title_end].strip() or None, journal or None


def _split_title_run_on(text: str, end: int, journal: str) -> tuple[str, str] | None:
    """A title run on into the journal's sentence ("RhoA. Functional assignment of the
    Hr1 repeat motif J Biol Chem"): the last sentence (``journal``, from ``end``) still
    holds the end of the title before the journal's abbreviations. ``None`` when it does
    not. Asked only of a ``journal`` of four words or more that does not read as a
    container."""
    tokens = journal.split(" ")
    cut = _peel_journal_words(tokens)
    last_title_word = tokens[cut - 1] if cut > 0 else ""
    if (
        0 < cut <= len(tokens) - 2
        and last_title_word[:1].islower()
        and last_title_word not in _TITLE_END_CONNECTORS
    ):
        return (text[:end] + " ".join(tokens[:cut])).strip(), " ".join(tokens[cut:])
    return None


def _split_peeling_abbreviations(text: str) -> tuple[str | None, str | None]:
    """A text with no sentence break: journal-abbreviation words peeled off its right end
    ("... in Yq11 Hum Mol Genet"); the whole text is the journal when it reads as one
    ("Biochim Biophys Acta", "J Radiochem Nucl Sci") and the title when nothing peels."""
    tokens = text.split(" ")
    cut = _peel_journal_words(tokens)
    # "Biochim Biophys Acta": one unknown capitalised word before known abbreviations is
    # part of the journal, not a title.
    if cut == 0 or (cut == 1 and tokens[0][:1].isupper() and len(tokens) > 1):
        return None, text
    if (
        cut == 2
        and len(tokens) > 2
        and tokens[1][:1].isupper()
        and (tokens[0] in _ABBREVIATION_WORDS or _SINGLE_CAP_RE.match(tokens[0]))
    ):
        # "J Radiochem Nucl Sci", "J Colloid Interf Sci": a journal cited without a title;
        # no title is two capitalised words opening like a journal abbreviation.
        return None, text
    if cut == len(tokens) and len(tokens) > 3:
        # Titles are in sentence case: a short capitalised run at the end is the journal
        # ("... on pregnancy rates Fertil Steril").
        run = len(tokens)
        while run > 1 and tokens[run - 1][:1].isupper():
            run -= 1
        if run < len(tokens) and len(tokens) - run <= 4 and tokens[run - 1][:1].islower():
            cut = run
    if cut < len(tokens) and cut > 0:
        return " ".join(tokens[:cut]).rstrip(","), " ".join(tokens[cut:])
    return text, None
