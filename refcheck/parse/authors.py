"""The author list at the head of a reference: ``Family AB, Family C, et al.``.

Reads Vancouver (``Gutierrez A Jr``), NLM-author with a following ``(2010)``, dotted initials
(``Wagner D. E., and Reddien P. W.``), name particles, hyphenated and non-ASCII names, and
group authors, which become the ``collective``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from refcheck.models import Author

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſƀ-ɏΑ-ΩА-Я"
_LETTERS = r"[^\W\d_]"
_PARTICLE_WORDS = (
    "van|von|vom|der|den|de|del|della|dei|degli|di|da|das|dos|do|du|la|le|les|los|las|"
    "ten|ter|te|zu|zum|zur|al|el|bin|ibn|af|av|e|y|i"
)
# The look-ahead fails at once on a capitalised word, so the alternatives are not all tried.
_PARTICLES = rf"(?=[a-z])(?:{_PARTICLE_WORDS})"
# A capitalised name word, with the prefixes names carry: "d'Orsi", "deKernion",
# "ben-Avraham", "O' Campo", "Dell' Agnolo" (a stray space after the apostrophe).
_CAPWORD = rf"(?:(?=[a-z])[a-z]{{1,4}}['-]?)?[{_UPPER}]{_LETTERS}*(?:(?:['-]|'\s){_LETTERS}+)*"
_FAMILY = rf"(?:{_PARTICLES}\s+)*{_CAPWORD}(?:(?:\s+|-)(?:{_PARTICLES}\s+)*{_CAPWORD})*?"
_INITIAL = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĔĖĘĚĜĞĠĢĤĦĨĪĬĮİĴĶĹĻĽĿŁŃŅŇŌŎŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽ"
# Dotted initials keep their final dot ("J. C."); compact ones never take one ("JJB", "K-M").
_INITIALS = (
    rf"(?:[{_INITIAL}]\.(?:\s?-?[{_INITIAL}]\.)*|[{_INITIAL}](?:-?[{_INITIAL}]|ª){{0,3}}"
    # "Meho L I": initials spaced out, accepted only right before a separator.
    rf"|[{_INITIAL}](?:\s[{_INITIAL}]){{1,2}}(?=\s*[,;.]))"
)
_SUFFIX = r"(?:Jr|Sr|Jnr|Snr|II|III|IV|2nd|3rd)"
_AUTHOR = (
    # "Kwon, HS" slips a comma between the family name and the initials.
    rf"(?P<family>{_FAMILY})(?:\s+(?P<pre_suffix>Jr|Sr)\.?)?,?\s+(?P<given>{_INITIALS})"
    # "Mainous AG3rd", "Breder CMJr": the suffix glued to the initials.
    r"(?P<glued>Jr|Sr|2nd|3rd|4th)?"
    rf"(?:,?\s+(?P<suffix>{_SUFFIX})\.?(?=[\s,;.(:]|$))?"
    # "Silveira A da" (the particle printed after the initials), "Yu X (Bill)" (a nickname)
    rf"(?:\s+(?:{_PARTICLE_WORDS})(?=\s*[,;.]|\s+\((?:1[6-9]|20)\d{{2}}))?(?:\s+\([A-Z][a-z]+\))?"
    # An author is followed by a list separator or the end of the list, never by a word.
    # "Jones K.L. Title", "SOUZA, C. D. Título": dotted initials end the list with their
    # own full stop.
    r"(?=\s*(?:[,;&(.:\"]|and\s|et\s+al|$|\d{4})|(?<=[A-Z]\.)\s)"
)
_SEPARATOR = r"\s*(?:,+\s*(?:(?:and|e|y)\s+|&\s*)?|;\s*|\s+(?:and|e|y)\s+|\s*&\s*)"
_ET_AL = r"[,;]?\s*(?:[Ee][Tt]\.?\s*[Aa][Ll]|and\s+others|e\s+col)\b\.?"
# What may follow an author: "et al." (ends the list) or a separator (another name follows).
_AFTER_AUTHOR_RE = re.compile(rf"(?P<et_al>{_ET_AL})|(?P<sep>{_SEPARATOR})(?!\s*[\"(\d]|\s*$)")
# A separator counts only if another item follows: "Smith J, 2016." and '..., "Title,"'
# end the list there.
_AUTHOR_STEP_RE = re.compile(
    rf"{_AUTHOR}(?:(?P<et_al>{_ET_AL})|(?P<sep>{_SEPARATOR})(?!\s*[\"(\d]|\s*$))?"
)
# A group author runs to the end of its sentence (or to a following "(2010)").
# BMC ends the author list with a colon: "..., Cochrane Back Review Group: Title".
# "..., Midlands Research Consortium (MidReC).": the group's acronym in brackets goes with it.
_COLLECTIVE_RE = re.compile(
    r"(?P<name>[^.;()\"]{3,}?(?:\s*\((?!(?:1[6-9]|20)\d{2}[a-z]?\))[^().;\"]{2,20}\))?)"
    r"(?=\s*(?:[.;:]\s|[.;]?$|\(\d{4}|,\s*\d{4}))"
)
_COLLECTIVE_WORDS = re.compile(
    r"\b(?:Group|Team|Bank|Organi[sz]ation|Committee|Consortium|Association|Society|Council|"
    r"Institute|Network|Collaboration|Collaborators|Collaborative|Investigators|Working|"
    r"Ministry|Department|Agency|Initiative|Foundation|Cent(?:er|re)|Program(?:me)?|Trial|"
    r"Study|Office|Board|Commission|Federation|Union|Nations|Panel|Force|Academy|College|"
    r"Authority|Service|Services|Registry|Project|Alliance|Coalition|Secretariat|Administration|"
    r"Ministério|Ministerio|Secretaria|Instituto|Organização|Organización|Sociedade|"
    r"Sociedad|Conselho|Fundação|Associação|Brasil|Brazil|Health|Statistics|Survey|Disease|"
    r"Diseases|Neuroimaging|Grupo|Writing)\b"
)
_PARTICLE_SET = frozenset(_PARTICLE_WORDS.split("|"))


class AuthorList(NamedTuple):
    """The list read at the head of a reference (a NamedTuple: built once per reference)."""

    authors: tuple[Author, ...]
    et_al: bool
    collective: str | None
    end: int  # index in the text just after the list (and its closing punctuation)


def _initials(given: str) -> str:
    """'J. C.' -> 'JC'; 'K-M' stays 'K-M' (printed that way); dots and spaces go."""
    return given.replace(".", "").replace(" ", "")


def _looks_collective(family: str) -> bool:
    if looks_like_group_name(family):
        return True
    # Four name words before the initials is a group name cut short, not a person
    # ("De Sousa Pereira A" and "Nilmini Silva Gunawardena YI" are people).
    words = [w for w in family.split() if w.lower() not in _PARTICLE_SET]
    return len(words) >= 4


def looks_like_group_name(text: str) -> bool:
    """True when ``text`` names an organisation, group or committee.

    Group names are capitalised ("World Health Organization"); a sentence-case title that
    mentions a disease or a study is not one.
    """
    return _COLLECTIVE_WORDS.search(text.title() if text.isupper() else text) is not None


_GROUP_LEAD_RE = re.compile(r"^(?:(?:for|on\s+behalf\s+of)\s+)?(?:the\s+)?")


def _collective_at(text: str, pos: int) -> tuple[str, int] | None:
    match = _COLLECTIVE_RE.match(text, pos)
    if match is None:
        return None
    name = match["name"].strip(" ,")
    if name[:1].islower():
        # "..., for the ACCORD Investigators", "on behalf of the EPIC Study Group"
        name = _GROUP_LEAD_RE.sub("", name)
    if len(name.split()) < 2 and not name.isupper():
        return None
    return name, match.end()


# One list item that the name pattern did not read, up to the next separator or full stop.
_ODD_NAME_RE = re.compile(r"(?P<name>[^,;.()\"]{1,40}?)(?=\s*(?:[,;]|\.\s|\.?$|\(\d{4}))")
_EDITOR_WORDS = frozenset({"editor", "editors", "eds", "ed", "eds.", "ed.", "hrsg", "orgs", "org"})
_UPPER_TOKEN_RE = re.compile(rf"^[{_INITIAL}]{{1,4}}$")


def _odd_name_at(text: str, pos: int) -> tuple[Author | None, int] | None:
    """A badly printed name inside a list: its best reading and where it ends.

    ``None`` when the item reads as prose (a title run on after the names).
    """
    match = _ODD_NAME_RE.match(text, pos)
    if match is None:
        return None
    tokens = match["name"].split()
    if not tokens or len(tokens) > 4:
        return None
    if tokens in (["and"], ["&"]):
        return None, match.end()  # "Svoboda K and, Malinow R"
    if tokens[0].lower().strip("()") in _EDITOR_WORDS:
        return None  # "Hale P, Jones WG, editors.": the list ends; the word says who they are
    # Prose has lowercase words; a mangled name has at most one ("O ldziej S").
    lowercase_words = [
        t for t in tokens if t[0].islower() and len(t) > 3 and t not in _PARTICLE_SET
    ]
    if len(lowercase_words) > 1:
        return None
    initials = [t for t in tokens[1:] if _UPPER_TOKEN_RE.match(t)]
    if initials:
        given = initials[0]
        family = " ".join(t for t in tokens if t is not given)
        return Author(family, given), match.end()
    return Author(" ".join(tokens)), match.end()


def _skip_closing(text: str, pos: int) -> int:
    """Past the punctuation that closes the list: '.', ':' (not a '(' or a year)."""
    length = len(text)
    while pos < length and text[pos] in " .:,;":
        pos += 1
    return pos


_INITIALS_FIRST_RE = re.compile(
    rf"(?P<given>[{_INITIAL}]\.(?:\s?-?[{_INITIAL}]\.)*)\s*"
    rf"(?P<family>(?:{_PARTICLES}\s+)*{_CAPWORD}(?:(?:\s+|-)(?:{_PARTICLES}\s+)*{_CAPWORD})*?)"
    rf"(?:,?\s+(?P<suffix>{_SUFFIX})\.?)?"
    r"(?=\s*(?:[,;&(.:]|and\s|et\s+al|$))"
    rf"(?:(?P<et_al>{_ET_AL})|(?P<sep>{_SEPARATOR})(?!\s*[\"(\d]|\s*$))?"
)


# Hand-typed lists with bare initials first: "E Kang, MJ Han, H Kim, et al (2017)".
_BARE_INITIALS_FIRST_RE = re.compile(
    rf"(?P<given>[{_INITIAL}]{{1,2}})\s"
    rf"(?P<family>{_CAPWORD}(?:-{_CAPWORD})?)(?P<suffix>)"
    rf"(?:(?P<et_al>{_ET_AL})|(?P<sep>,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+))?"
)
# Such a list ends with "et al.", its year in brackets or a full stop.
_BARE_INITIALS_END_RE = re.compile(r"\s*(?:\((?:1[6-9]|20)\d{2}|\.\s)")


def _read_initials_first(text: str) -> AuthorList | None:
    """Names with the initials first ("J. Smith, K.-M. Müller and A.B. Jones")."""
    authors, et_al, pos = _read_names(_INITIALS_FIRST_RE, text)
    if not authors:
        return None
    return AuthorList(tuple(authors), et_al, None, _skip_closing(text, pos))


# ABNT and Elsevier-Harvard in capitals: "VAN VINH CHAU, N., COSTA LIMA, A. B. and ROE, S.":
# a family name of several words, then a comma and dotted initials.
_CAPS_FAMILY_START_RE = re.compile(rf"[{_UPPER}]+(?:[ '-][{_UPPER}]+)+,\s[{_INITIAL}]\.")
_CAPS_FAMILY_COMMA_RE = re.compile(
    rf"(?P<family>[{_UPPER}][{_UPPER}'\- ]*[{_UPPER}]),\s+"
    rf"(?P<given>[{_INITIAL}]\.(?:\s?-?[{_INITIAL}]\.)*)(?P<suffix>)"
    rf"(?:(?P<et_al>{_ET_AL})|(?P<sep>{_SEPARATOR})(?!\s*[\"(\d]|\s*$))?"
)


def _read_caps_family_comma(text: str) -> AuthorList | None:
    authors, et_al, pos = _read_names(_CAPS_FAMILY_COMMA_RE, text)
    if not authors or any(_looks_collective(author.family) for author in authors):
        return None
    return AuthorList(tuple(authors), et_al, None, _skip_closing(text, pos))


def _read_bare_initials_first(text: str) -> AuthorList | None:
    """Two or more names with undotted initials first; ``None`` for anything else."""
    authors, et_al, pos = _read_names(_BARE_INITIALS_FIRST_RE, text)
    if len(authors) < 2 or not (et_al or _BARE_INITIALS_END_RE.match(text, pos)):
        return None
    if any(author.family.isupper() for author in authors):
        return None  # "LI X, WU Y": capitals family-first, not initials

    return AuthorList(tuple(authors), et_al, None, _skip_closing(text, pos))


# Hindawi: 'R. Fiallo-Scharer and The Diabetes Research Study Group, "Title,"'.
_GROUP_AFTER_AND_RE = re.compile(
    r"(?:[Tt]he\s+)(?P<name>[A-Z][^,.;\"]{3,150}?)\s*(?=,\s*\"|[.;]\s)"
)


def _group_after_persons(text: str, persons: AuthorList) -> AuthorList | None:
    """Persons, then "and the <group>": the persons and the group as the collective."""
    if not text[: persons.end].rstrip().endswith(" and"):
        return None
    group = _GROUP_AFTER_AND_RE.match(text, persons.end)
    if group is None or not looks_like_group_name(group["name"]):
        return None
    end = _skip_closing(text, group.end())
    return AuthorList(persons.authors, persons.et_al, group["name"].strip(), end)


_GIVEN_PARTS_RE = re.compile(r"[\s.-]+")


def _read_names(
    pattern: re.Pattern[str], text: str, strict: bool = False
) -> tuple[list[Author], bool, int]:
    """Names one after another as ``pattern`` reads them (groups given, family, suffix,
    et_al, sep): the authors, whether "et al." ended them, and where they end. With
    ``strict``, a capitalised word that is all capitals (an acronym, or initials) is no
    family name and the reading fails (no authors)."""
    authors: list[Author] = []
    et_al = False
    pos = 0
    while True:
        match = pattern.match(text, pos)
        if match is None:
            if strict:
                return [], False, 0
            break
        family = match["family"]
        if strict:
            if family.isupper():
                return [], False, 0
            # "Lorien S." -> "LS": the given name's initial and the middle initials.
            given = "".join(part[0] for part in _GIVEN_PARTS_RE.split(match["given"]) if part)
            authors.append(Author(family, given))
        else:
            authors.append(Author(family, _initials(match["given"]), match["suffix"]))
        pos = match.end()
        if match["et_al"] is not None:
            et_al = True
            break
        if match["sep"] is None:
            break
    return authors, et_al, pos


# Given name first, in full: "Lorien S. Dalrymple, Ronit Katz (2011).".
_GIVEN_FIRST_RE = re.compile(
    rf"(?P<given>[{_UPPER}][a-z]+(?:-[{_UPPER}][a-z]+)?(?:\s+[{_INITIAL}]\.){{0,2}})\s+"
    rf"(?P<family>(?:{_PARTICLES}\s+)*{_CAPWORD})"
    rf"(?:(?P<et_al>{_ET_AL})|(?P<sep>,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+))?"
)
# The cheap first look: a name, its middle initials, a family name, then a comma or "and".
_GIVEN_FIRST_START_RE = re.compile(r"[A-Z][a-z]+(?:\s[A-Z]\.)*\s[A-Z][a-z'-]+(?:,| and )")
# What ends such a list: its year in brackets, or the full stop before the title.
_GIVEN_FIRST_END_RE = re.compile(r"\s*(?:\((?:1[6-9]|20)\d{2}|\.\s+[A-Z\"'])")


def _read_given_first(text: str) -> AuthorList | None:
    """Two or more names written given name first, in full; ``None`` when the text is not
    such a list (a family name is a capitalised word with lower case in it)."""
    authors, et_al, pos = _read_names(_GIVEN_FIRST_RE, text, strict=True)
    end = _GIVEN_FIRST_END_RE.match(text, pos)
    if len(authors) < 2 or not (et_al or end):
        return None
    # "Heart Failure, Atrial Fibrillation. Lancet...": two capitalised pairs before a full
    # stop may be a title; names show themselves by a middle initial, "et al." or a
    # bracketed year after them, or by their number.
    initials = any(len(author.given or "") > 1 for author in authors)
    if not (et_al or initials or len(authors) >= 3 or (end and "(" in end.group())):
        return None
    return AuthorList(tuple(authors), et_al, None, _skip_closing(text, pos))


# Chicago's and MLA's lists, and BibTeX author fields printed as they are: the first name
# inverted and in full ("Zhao, Zixuan", "Nelder, John Ashworth", "Robinson, Mark D"), then
# the others in reading order ("..., Xinyi Chen, and Anna M. Dowbaj") or inverted too and
# joined by "and" ("Zhao, Zixuan and Chen, Xinyi and others").
_FULL_GIVEN = rf"[{_UPPER}][^\W\d_A-Z]+(?:-[{_UPPER}][^\W\d_A-Z]+)?"
# An initial keeps its full stop only when another name word follows ("Anna M. Lind"), not
# when the stop ends the list ("Lind, Anna M. 1994.").
_GIVEN_WORD = (
    rf"(?:{_FULL_GIVEN}|(?:[{_INITIAL}](?:\.[{_INITIAL}])+|[{_INITIAL}]{{1,3}})"
    rf"(?:\.(?=\s+(?:[{_UPPER}]|{_PARTICLES}\s)))?(?=[\s,.]))"
)
_GIVEN_NAMES = rf"{_GIVEN_WORD}(?:\s+{_GIVEN_WORD})*"
_INVERTED_FULL_RE = re.compile(rf"(?P<family>{_FAMILY}),\s+(?P<given>{_GIVEN_NAMES})")
_NATURAL_FULL_RE = re.compile(
    rf"(?P<given>(?:{_GIVEN_WORD}\s+)+)(?P<family>{_FAMILY})(?=[\s,.;]|$)"
)
_FULL_GIVEN_RE = re.compile(_FULL_GIVEN)
# The cheap first look: "Zhao, Z", "O'Reilly, R", "van Berg, A".
_INVERTED_START_RE = re.compile(r"[^\W\d_][^\W\d_'’ -]*(?:['’ -][^\W\d_]+)*,\s[A-Z]")
_FULL_NAMES_SEPARATOR_RE = re.compile(r"\.?,\s+(?:and\s+)?|\.?\s+and\s+")
# Chicago with initials only: "Boeckmann, A. J., L. B. Sheiner, and S. L. Beal.": the first
# name inverted, the next in reading order.
_INVERTED_INITIALS_START_RE = re.compile(
    rf"{_FAMILY},\s+[{_INITIAL}]\.(?:\s?[{_INITIAL}]\.)*(?:,\s+(?:and\s+)?|\s+and\s+)"
    rf"[{_INITIAL}]\.(?:\s?[{_INITIAL}]\.)*\s+{_CAPWORD}"
)
# Its full stop is left to end the list.
_FULL_NAMES_ET_AL_RE = re.compile(r"(?:,\s*|\s+)(?:et\s+al\b|and\s+others\b)")
# The list ends at its full stop (then a title, a quoted title or a year), or at the comma
# before an IEEE quoted title.
_FULL_NAMES_END_RE = re.compile(
    r"\s*(?:\.\s+(?=[\"“'‘(\d]|[^\W\d_])|\.?,\s*(?=[\"“])|\.?\s*\(\d{4})"
)


# A middle initial among full given names: "Anna M.", "Robert WM".
_INITIAL_TOKEN_RE = re.compile(rf"\s[{_INITIAL}]{{1,3}}\.?(?:\s|$)")
_YEAR_AFTER_NAMES_RE = re.compile(r"(?:1[6-9]|20)\d{2}[a-z]?\b")


def _given_initials(given: str) -> str:
    """ "Anna M." -> "AM", "Robert WM" -> "RWM"."""
    parts = [part for part in _GIVEN_PARTS_RE.split(given) if part]
    return "".join(part if part.isupper() else part[0] for part in parts)


def _read_inverted_full_names(text: str, initials: bool = False) -> AuthorList | None:
    """A list opening with an inverted full name (with ``initials``, or initials only);
    ``None`` when the text is not one (or the names run into something that is no list
    end)."""
    first = _INVERTED_FULL_RE.match(text)
    if (
        first is None
        or looks_like_group_name(first.group())
        or (not initials and _FULL_GIVEN_RE.search(first["given"]) is None)
    ):
        return None
    authors = [Author(first["family"], _given_initials(first["given"]))]
    pos, et_al, inverted = first.end(), False, False
    givens = [first["given"]]
    while True:
        more = _FULL_NAMES_ET_AL_RE.match(text, pos)
        if more is not None:
            pos, et_al = more.end(), True
            break
        separator = _FULL_NAMES_SEPARATOR_RE.match(text, pos)
        if separator is None:
            break
        # After a comma the names are in reading order (Chicago); a bare "and" joins the
        # inverted names of a BibTeX field.
        name = None if "," in separator.group() else _INVERTED_FULL_RE.match(text, separator.end())
        name = name or _NATURAL_FULL_RE.match(text, separator.end())
        if name is None or looks_like_group_name(name.group()):
            break
        authors.append(Author(name["family"], _given_initials(name["given"])))
        givens.append(name["given"])
        inverted = inverted or "," in name.group()
        pos = name.end()
    end = _FULL_NAMES_END_RE.match(text, pos)
    if end is None:
        return None
    # "Heart Failure, Atrial Fibrillation, and Stroke. Lancet...": capitalised words before a
    # full stop may be a title. Names show themselves by a quoted title or a year after them,
    # a middle initial, or a second name inverted too (a BibTeX author field).
    after = text[end.end() : end.end() + 1]
    evidence = (
        after in "\"“'‘"
        or "(" in end.group()
        or _YEAR_AFTER_NAMES_RE.match(text, end.end()) is not None
        or any(_INITIAL_TOKEN_RE.search(given) for given in givens)
        or inverted
    )
    if not evidence:
        return None
    return AuthorList(tuple(authors), et_al, None, _skip_closing(text, pos))


def _read_further(text: str, found: AuthorList) -> AuthorList:
    """A second look at a list that stopped early: past an APA ellipsis, read with the
    given names first, or with the first name inverted in full."""
    if not found.authors and found.collective is None and _INVERTED_START_RE.match(text):
        inverted = _read_inverted_full_names(text)
        if inverted is not None:
            return inverted
    end = found.end
    if (
        found.authors
        and text[end - 3 : end - 1] in (" .", "..")
        and _ELLIPSIS_BEFORE_RE.search(text, max(0, end - 8), end)
    ):
        found = _after_ellipsis(text, found)
    if (
        len(found.authors) <= 1
        and text[1:2].islower()
        and found.collective is None
        and _GIVEN_FIRST_START_RE.match(text) is not None
    ):
        # "Lorien S. Dalrymple, Ronit Katz": read family first, the list stops after one
        # name ("Lorien S.") or reads none; read given name first, it runs on.
        given_first = _read_given_first(text)
        if given_first is not None and given_first.end > found.end:
            return given_first
    return found


# APA 7 leaves out the middle authors: "Page, M. J., McKenzie, J. E., . . . Moher, D.": the
# list stopped at the ellipsis (its dots skipped as closing punctuation), the rest follows.
_ELLIPSIS_BEFORE_RE = re.compile(r"(?:\.\s?){3}\s*$")


# Google Scholar's APA: "Dockrell, D. H., ... & El Arifeen, S.": the last author after "&".
_AMPERSAND_RE = re.compile(r"(?:&|and)\s+")


def _after_ellipsis(text: str, found: AuthorList) -> AuthorList:
    start = found.end
    ampersand = _AMPERSAND_RE.match(text, start)
    if ampersand is not None:
        start = ampersand.end()
    more = parse_author_list(text[start:])
    if not more.authors:
        return found
    return AuthorList(
        found.authors + more.authors,
        more.et_al,
        found.collective or more.collective,
        start + more.end,
    )


def parse_author_list(text: str) -> AuthorList:
    """Read the author list at the start of ``text``; ``end`` is 0 when there is none."""
    if text[1:2] == "." and _AUTHOR_STEP_RE.match(text) is None:
        initials_first = _read_initials_first_or_group(text)
        if initials_first is not None:
            return initials_first
    second = text[1:2]
    if (second == " " or second.isupper()) and text[:1].isupper():
        capitals = _read_capitals_layouts(text)
        if capitals is not None:
            return capitals
    if _INVERTED_INITIALS_START_RE.match(text) is not None:
        chicago = _read_inverted_full_names(text, initials=True)
        if chicago is not None:
            return chicago
    authors, et_al, collective, pos = _read_family_first(text)
    if not authors and collective is None:
        return _read_further(text, AuthorList((), False, None, 0))
    end = _skip_closing(text, pos)
    result = AuthorList(tuple(authors), et_al, collective, end)
    # Most lists end well; only one name, or dots before the end, earn a second look.
    if len(authors) <= 1 or text[end - 3 : end - 1] in (" .", ".."):
        return _read_further(text, result)
    return result


def _read_initials_first_or_group(text: str) -> AuthorList | None:
    """Dotted initials first ("J. Smith, K.-M. Müller and A.B. Jones"), persons then a
    group ("R. Fiallo-Scharer and The Diabetes Research Study Group"), or a group name
    that opens with initials ("U.S. Food and Drug Administration.": no list, ``end`` 0);
    ``None`` when the text does not open with such names."""
    initials_first = _read_initials_first(text)
    if initials_first is None:
        return None
    sentence_end = text.find(". ", 4)
    quoted = text.find(', "', 2)
    if quoted >= 0 and (sentence_end < 0 or quoted < sentence_end):
        # 'N. Awofeso, "Improving health ...," Rural Remote Health': IEEE's quoted title
        # ends the names' sentence.
        sentence_end = quoted
    if sentence_end < 0 or not looks_like_group_name(text[:sentence_end]):
        return initials_first
    group = _group_after_persons(text, initials_first)
    if group is not None:
        return group
    return AuthorList((), False, None, 0)


def _read_capitals_layouts(text: str) -> AuthorList | None:
    """Two layouts that open with capitals: bare initials first ("E Kang, MJ Han, H Kim,
    et al (2017)") and ABNT capitals ("VAN VINH CHAU, N., COSTA LIMA, A. B. and ROE, S.");
    ``None`` when the text is in neither."""
    capitals = None
    if text[1:2] == " " or text[2:3] == " ":
        capitals = _read_bare_initials_first(text)
    if capitals is None and _CAPS_FAMILY_START_RE.match(text) is not None:
        capitals = _read_caps_family_comma(text)
    return capitals


def _read_family_first(text: str) -> tuple[list[Author], bool, str | None, int]:
    """Names family name first ("Gutierrez A Jr, Smith JC, et al."), with a group among or
    after them ("...; SWEDEHEART Study Group.") and names printed out of pattern ("Tol IAV
    van"): the authors, whether "et al." ended them, the group, and where the list stops
    (before its closing punctuation)."""
    authors: list[Author] = []
    collective: str | None = None
    pos = 0
    length = len(text)
    step = _AUTHOR_STEP_RE.match  # bound once: this loop runs for every author of every list
    while pos < length:
        # One match reads a name and what follows it: "et al." or a separator.
        match = step(text, pos)
        if match is not None:
            family, pre_suffix, given, glued, suffix, et_al_text, separator = match.groups()
            if " " not in family or not _looks_collective(family):
                if "." in given or " " in given:
                    given = _initials(given)
                authors.append(Author(family, given, suffix or pre_suffix or glued))
                pos = match.end()
                if et_al_text is not None:
                    return authors, True, collective, pos
                if separator is None:
                    break
                continue
        if match is None and not authors:
            break  # no name at the head: no list
        item = _read_other_item(text, pos, match is not None, collective)
        if item is None:
            break
        odd_name, collective, pos = item
        if odd_name is not None:
            authors.append(odd_name)
        after = _AFTER_AUTHOR_RE.match(text, pos)
        if after is None:
            break
        pos = after.end()
        if after["et_al"] is not None:
            return authors, True, collective, pos
        if after["sep"] is None:
            break
    return authors, False, collective, pos


def _read_other_item(
    text: str, pos: int, read_as_person: bool, collective: str | None
) -> tuple[Author | None, str | None, int] | None:
    """A list item at ``pos`` that is no plain person: a group name the name pattern read
    as a person (``read_as_person``: "Alzheimer's Disease Neuroimaging I"), or, after
    persons, a group ("...; SWEDEHEART Study Group.") or a name printed out of pattern
    ("Tol IAV van", "KerdilesYM"). Gives the name read (or ``None``), the group
    (``collective`` or the one read) and where the item ends; ``None`` when the list ends
    before it (never the title that follows the names without a full stop)."""
    if read_as_person:
        found = _collective_at(text, pos)
        if found is None:
            return None
        return None, found[0], found[1]
    found = _collective_at(text, pos) if collective is None else None
    if found is not None and looks_like_group_name(found[0]):
        return None, found[0], found[1]
    odd = _odd_name_at(text, pos)
    if odd is None:
        return None
    return odd[0], collective, odd[1]
