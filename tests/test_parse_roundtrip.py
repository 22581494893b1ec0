"""Round trip: a reference printed in Vancouver style (several common variants) parses back
into the fields it was printed from."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.models import Author, Pages, RawReference
from refcheck.parse import parse_reference

_FAMILIES = st.sampled_from(
    [
        "Smith",
        "O'Neill",
        "van der Berg",
        "De Souza",
        "Nestal-Zibo",
        "Alpöz",
        "Müller",
        "McAllister",
        "Ødegaard",
        "García-López",
        "Le Roux",
        "Zhang",
        "Nguyen",
        "Castelo Branco",
        "di Marco",
        "Ab",
        "Kowalczyk",
        "Ferreira",
        "St Clair",
    ]
)
_INITIALS = st.from_regex(r"[A-Z]{1,3}", fullmatch=True)
_SUFFIX = st.sampled_from([None, None, None, "Jr", "III"])
_TITLE_WORDS = st.sampled_from(
    [
        "effects",
        "of",
        "early",
        "mobilisation",
        "after",
        "hip",
        "fracture",
        "a",
        "randomised",
        "trial",
        "in",
        "older",
        "adults",
        "with",
        "diabetes",
        "gene",
        "expression",
        "cohort",
        "study",
        "Brazil",
        "HIV",
        "COVID-19",
        "outcomes",
        "and",
        "risk",
        "children",
        "2-year",
    ]
)
_JOURNALS = st.sampled_from(
    [
        "J Clin Epidemiol",
        "N Engl J Med",
        "Lancet",
        "BMJ",
        "PLoS One",
        "Rev Saude Publica",
        "Proc Natl Acad Sci U S A",
        "Am J Trop Med Hyg",
        "Nat Genet",
        "Cad Saude Publica",
        "Journal of Clinical Endocrinology and Metabolism",
        "BMC Public Health",
        "JAMA",
    ]
)


@dataclass
class _Printed:
    authors: list[Author]
    et_al: bool
    title: str
    journal: str
    year: int
    volume: str
    issue: str | None
    first: int
    last: int | None


@st.composite
def printed_references(draw: st.DrawFn) -> _Printed:
    count = draw(st.integers(1, 8))
    authors = [
        Author(draw(_FAMILIES), draw(_INITIALS), draw(_SUFFIX) if i == 0 else None)
        for i in range(count)
    ]
    words = draw(st.lists(_TITLE_WORDS, min_size=3, max_size=14))
    title = " ".join(words)
    title = title[0].upper() + title[1:]
    if draw(st.booleans()):
        subtitle = " ".join(draw(st.lists(_TITLE_WORDS, min_size=2, max_size=6)))
        title = f"{title}: {subtitle}"
    if draw(st.integers(0, 4)) == 0:
        title += "?"
    first = draw(st.integers(1, 9999))
    last = draw(st.one_of(st.none(), st.integers(first, first + 300)))
    return _Printed(
        authors=authors,
        et_al=draw(st.booleans()),
        title=title,
        journal=draw(_JOURNALS),
        year=draw(st.integers(1950, 2025)),
        volume=str(draw(st.integers(1, 400))),
        issue=draw(st.one_of(st.none(), st.integers(1, 12).map(str))),
        first=first,
        last=last,
    )


def _name(author: Author) -> str:
    return " ".join(p for p in (author.family, author.given, author.suffix) if p)


def _abbreviated_last(first: int, last: int) -> str:
    """NLM style: "1530-9", "195-206" (leading digits the pages share are dropped)."""
    a, b = str(first), str(last)
    if len(a) != len(b):
        return b
    i = 0
    while i < len(a) - 1 and a[i] == b[i]:
        i += 1
    return b[i:]


@settings(max_examples=300, deadline=None)
@given(
    printed_references(),
    st.sampled_from(["nlm", "nlm-space", "nlm-date", "plos", "en-dash", "ieee"]),
)
def test_printed_reference_parses_back(ref: _Printed, variant: str) -> None:
    names = ", ".join(_name(a) for a in ref.authors) + (", et al" if ref.et_al else "")
    issue = f"({ref.issue})" if ref.issue else ""
    if ref.last is None:
        pages = str(ref.first)
    elif variant == "en-dash":
        pages = f"{ref.first}\u2013{ref.last}"
    else:
        pages = f"{ref.first}-{_abbreviated_last(ref.first, ref.last)}"
    if variant == "ieee":
        dotted = ", ".join(
            " ".join([a.family, "".join(f"{c}." for c in a.given or ""), a.suffix or ""]).strip()
            for a in ref.authors
        )
        dotted += ", et al." if ref.et_al else ""
        number = f", no. {ref.issue}" if ref.issue else ""
        pp = f"pp. {ref.first}-{ref.last}" if ref.last is not None else f"p. {ref.first}"
        text = (
            f'{dotted}, "{ref.title}," {ref.journal}, vol. {ref.volume}{number}, {pp}, {ref.year}.'
        )
    elif variant == "plos":
        text = f"{names} ({ref.year}) {ref.title}. {ref.journal} {ref.volume}{issue}: {pages}."
    elif variant == "nlm-date":
        date = f"{ref.year} Jul 25"
        text = f"{names}. {ref.title}. {ref.journal}. {date};{ref.volume}{issue}:{pages}."
    elif variant == "nlm-space":
        text = f"{names}. {ref.title}. {ref.journal} {ref.year}; {ref.volume}{issue}:{pages}."
    else:
        text = f"{names}. {ref.title}. {ref.journal}. {ref.year};{ref.volume}{issue}:{pages}."

    parsed = parse_reference(RawReference(number=None, text=text, line=None))
    got = parsed.reference
    assert got.authors == tuple(ref.authors), text
    assert got.et_al == ref.et_al, text
    assert got.title == ref.title, text
    assert got.journal == ref.journal, text
    assert (got.year, got.volume, got.issue) == (ref.year, ref.volume, ref.issue), text
    expected_last = str(ref.last) if ref.last is not None else None
    assert got.pages == Pages(str(ref.first), expected_last), text
    assert parsed.findings == (), text
