"""BibTeX and CSL-JSON export: fields, types, keys, escaping, and a bibtexparser round trip."""

from __future__ import annotations

import json
from dataclasses import replace

import bibtexparser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexencode import unicode_to_latex

from refcheck.doi import normalise_doi
from refcheck.export import escape_latex, to_bibtex, to_csl_json
from refcheck.models import (
    Author,
    CheckedReference,
    Pages,
    ParsedReference,
    RawReference,
    Reference,
    ReferenceType,
    Status,
)
from refcheck.resolve.records import record_from_crossref

CROSSREF_MESSAGE = {
    "DOI": "10.1111/j.1529-8019.2012.01492.x",
    "type": "journal-article",
    "title": ["Calcinosis cutis in autoimmune connective tissue diseases"],
    "container-title": ["Dermatologic Therapy"],
    "short-container-title": ["Dermatol Ther"],
    "author": [
        {"given": "Alejandro", "family": "Gutiérrez", "sequence": "first"},
        {"given": "Bruce H.", "family": "Wetter", "sequence": "additional"},
    ],
    "issued": {"date-parts": [[2012, 3]]},
    "volume": "25",
    "issue": "2",
    "page": "195-206",
    "publisher": "Wiley",
    "ISSN": ["1396-0296"],
}


def checked(
    reference: Reference,
    status: Status = Status.UNRESOLVED,
    message: dict[str, object] | None = None,
    number: int = 1,
) -> CheckedReference:
    record = record_from_crossref(message) if message else None
    return CheckedReference(
        parsed=ParsedReference(RawReference(number, "text", number), reference),
        status=status,
        findings=(),
        record=record,
        score=0.9 if record else None,
    )


PRINTED = Reference(
    type=ReferenceType.JOURNAL_ARTICLE,
    authors=(Author("Gutierrez", "A"), Author("Wetter", "BH")),
    et_al=False,
    title="Calcinosis cutis in autoimmune connective tissue disease",
    journal="Dermatol Ther",
    year=2013,  # wrong on purpose: the record wins
    volume="25",
    pages=Pages("195", "206"),
    pmid="22507666",
)


def entries(text: str) -> dict[str, dict[str, str]]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    return {
        e.key: {f.key: f.value for f in e.fields} | {"@type": e.entry_type} for e in library.entries
    }


def test_matched_reference_takes_the_record_fields_and_the_parse_pmid() -> None:
    out = entries(to_bibtex([checked(PRINTED, Status.MISMATCH, CROSSREF_MESSAGE)]))
    assert list(out) == ["gutierrez2012calcinosis"]
    entry = out["gutierrez2012calcinosis"]
    assert entry["@type"] == "article"
    assert entry["author"] == "Gutiérrez, Alejandro and Wetter, Bruce H."
    assert entry["title"] == "Calcinosis cutis in autoimmune connective tissue diseases"
    assert entry["journal"] == "Dermatologic Therapy"
    assert entry["year"] == "2012"
    assert entry["month"] == "mar"
    assert (entry["volume"], entry["number"], entry["pages"]) == ("25", "2", "195--206")
    assert entry["doi"] == "10.1111/j.1529-8019.2012.01492.x"
    assert entry["pmid"] == "22507666"
    assert entry["publisher"] == "Wiley"


def test_month_is_a_bare_macro() -> None:
    text = to_bibtex([checked(PRINTED, Status.VERIFIED, CROSSREF_MESSAGE)])
    assert "month = mar," in text


def test_unmatched_reference_comes_from_the_parse() -> None:
    entry = entries(to_bibtex([checked(PRINTED)]))["gutierrez2013calcinosis"]
    assert entry["author"] == "Gutierrez, A. and Wetter, B. H."
    assert entry["journal"] == "Dermatol Ther"
    assert entry["year"] == "2013"
    assert "doi" not in entry


def test_a_record_is_not_trusted_for_an_ignored_reference() -> None:
    entry = entries(to_bibtex([checked(PRINTED, Status.SKIPPED, CROSSREF_MESSAGE)]))
    assert "gutierrez2013calcinosis" in entry


def test_types_are_mapped() -> None:
    kinds = {
        "book": "book",
        "book-chapter": "incollection",
        "proceedings-article": "inproceedings",
        "dissertation": "phdthesis",
        "report": "techreport",
        "posted-content": "misc",
        "dataset": "misc",
    }
    refs = [
        checked(PRINTED, Status.VERIFIED, CROSSREF_MESSAGE | {"type": t, "DOI": f"10.1/{t}"}, i)
        for i, t in enumerate(kinds)
    ]
    out = entries(to_bibtex(refs))
    assert [e["@type"] for e in out.values()] == list(kinds.values())
    parse_kinds = {
        ReferenceType.WEB: "online",
        ReferenceType.THESIS: "phdthesis",
        ReferenceType.OTHER: "misc",
        ReferenceType.CHAPTER: "incollection",
    }
    for kind, expected in parse_kinds.items():
        (entry,) = entries(to_bibtex([checked(Reference(type=kind, title="T"))])).values()
        assert entry["@type"] == expected


def test_keys_are_stable_unique_and_readable() -> None:
    same = [checked(PRINTED, number=i) for i in range(4)]
    keys = list(entries(to_bibtex(same)))
    assert keys == [
        "gutierrez2013calcinosis",
        "gutierrez2013calcinosisb",
        "gutierrez2013calcinosisc",
        "gutierrez2013calcinosisd",
    ]
    assert to_bibtex(same) == to_bibtex(same)
    group = Reference(
        collective="WHO Expert Committee", title="The use of essential medicines", year=2019
    )
    anonymous = Reference(title="Anonymous work")
    keys = list(entries(to_bibtex([checked(group), checked(anonymous)])))
    assert keys == ["who2019use", "anonanonymous"]


def test_special_characters_escaped_in_text_not_in_doi_or_url() -> None:
    ref = Reference(
        title="Cost & effect of 50% of_the $ {brace} #1 ~ ^ \\ DNA",
        collective="Smith & Sons",
        doi="10.1002/(sici)1097-0258(19980815/30)17:15/16<1661::aid-sim968>3.0.co;2-2",
        url="https://example.org/a_b%20c?x=1&y=2#frag",
    )
    out = entries(to_bibtex([checked(ref)]))
    (entry,) = out.values()
    assert entry["title"] == (
        r"Cost \& effect of 50\% of\_the \$ \textbraceleft{}brace\textbraceright{} \#1 "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} {DNA}"
    )
    assert entry["author"] == r"{Smith \& Sons}"
    assert entry["doi"] == ref.doi
    assert entry["url"] == ref.url


def test_non_ascii_kept_or_escaped() -> None:
    ref = Reference(authors=(Author("Müller", "J"),), title="Über Kälte", year=2001)
    assert "Müller" in to_bibtex([checked(ref)])
    escaped = to_bibtex([checked(ref)], escape_non_ascii=True)
    assert escaped.isascii()
    entry = next(iter(entries(escaped).values()))
    assert LatexNodes2Text().latex_to_text(entry["title"]) == "Über Kälte"
    assert escape_latex("naïve α", escape_non_ascii=True).isascii()


def test_et_al_and_empty_input() -> None:
    ref = Reference(authors=(Author("Liao", "HT"),), et_al=True, title="X", year=2020)
    entry = next(iter(entries(to_bibtex([checked(ref)])).values()))
    assert entry["author"] == "Liao, H. T. and others"
    assert to_bibtex([]) == ""


def test_csl_json_uses_the_same_keys_and_record_fields() -> None:
    refs = [checked(PRINTED, Status.VERIFIED, CROSSREF_MESSAGE), checked(PRINTED, number=2)]
    items = json.loads(to_csl_json(refs))
    assert [i["id"] for i in items] == list(entries(to_bibtex(refs)))
    first = items[0]
    assert first["type"] == "article-journal"
    assert first["author"][0] == {"family": "Gutiérrez", "given": "Alejandro"}
    assert first["issued"] == {"date-parts": [[2012, 3]]}
    assert first["page"] == "195-206"
    assert first["DOI"] == "10.1111/j.1529-8019.2012.01492.x"
    assert first["PMID"] == "22507666"
    assert items[1]["container-title"] == "Dermatol Ther"


# --------------------------------------------------------------------------- round trip

_TEXT = st.text(
    alphabet=st.characters(
        codec="utf-8",
        categories=("L", "N", "P", "S", "Zs"),
        exclude_characters="\u2028\u2029",
    ),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() != "")
_WORD = st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=15)
_DOI = st.builds(
    lambda prefix, suffix: f"10.{prefix}/{suffix}",
    st.integers(1000, 99999),
    st.text(
        alphabet=st.characters(categories=("L", "N"), include_characters="-._;()/:<>%#"),
        min_size=1,
        max_size=30,
    ),
)


# Accented Latin letters: what escape_non_ascii must turn into LaTeX accents and back. Only
# those pylatexenc itself maps both ways (it approximates a few, e.g. Ŀ as \.L).
def _round_trips(char: str) -> bool:
    encoded = unicode_to_latex(char, non_ascii_only=True, unknown_char_warning=False)
    return encoded != char and LatexNodes2Text().latex_to_text(encoded) == char


_LATIN = {chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha() and _round_trips(chr(c))}

# pylatexenc decodes \textasciicircum and \textasciitilde to the spacing modifier letters.
_DECODER_QUIRKS = str.maketrans({"\u02c6": "^", "\u02dc": "~"})


def _decode(latex: str) -> str:
    # pylatexenc does not know the brace commands: stand-ins survive decoding unchanged.
    latex = latex.replace(r"\textbraceleft{}", "\x01").replace(r"\textbraceright{}", "\x02")
    text = LatexNodes2Text().latex_to_text(latex).translate(_DECODER_QUIRKS)
    return text.replace("\x01", "{").replace("\x02", "}")


@st.composite
def references(draw: st.DrawFn) -> Reference:
    return Reference(
        type=draw(st.sampled_from(list(ReferenceType))),
        authors=tuple(
            Author(draw(_WORD), draw(st.none() | _WORD)) for _ in range(draw(st.integers(0, 3)))
        ),
        et_al=draw(st.booleans()),
        collective=draw(st.none() | _TEXT),
        title=draw(st.none() | _TEXT),
        journal=draw(st.none() | _TEXT),
        year=draw(st.none() | st.integers(1800, 2030)),
        volume=draw(st.none() | _TEXT),
        pages=draw(st.none() | st.builds(Pages, _TEXT, st.none() | _TEXT)),
        doi=draw(st.none() | _DOI),
        publisher=draw(st.none() | _TEXT),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(references(), min_size=1, max_size=5), st.booleans())
def test_round_trip_through_bibtexparser(refs: list[Reference], ascii_only: bool) -> None:
    checked_refs = [checked(ref, number=i) for i, ref in enumerate(refs)]
    text = to_bibtex(checked_refs, escape_non_ascii=ascii_only)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(refs)
    assert len({e.key for e in library.entries}) == len(refs)
    for ref, entry in zip(refs, library.entries, strict=True):
        fields = {f.key: f.value for f in entry.fields}
        if ref.doi:
            assert fields["doi"] == normalise_doi(ref.doi)  # refcheck's one form of a DOI
        if ref.year:
            assert fields["year"] == str(ref.year)
        if ref.title and (not ascii_only or all(c.isascii() or c in _LATIN for c in ref.title)):
            # Decoding the LaTeX gives the title back (protective braces vanish); with
            # escape_non_ascii, characters LaTeX has no command for stay as they are.
            decoded = _decode(fields["title"])
            assert " ".join(decoded.split()) == " ".join(ref.title.split())


def test_case_protection_and_shouted_names() -> None:
    ref = Reference(
        authors=(Author("LAEMMLI", "UK"), Author("McDonald", "A")),
        title="Real-Time PCR of Bacteriophage T4 mRNA and the 2−ΔΔCT method",
        year=1970,
    )
    (entry,) = entries(to_bibtex([checked(ref)])).values()
    assert entry["title"] == (
        "Real-Time {PCR} of Bacteriophage {T4} {mRNA} and the {2−ΔΔCT} method"
    )
    assert entry["author"] == "Laemmli, U. K. and McDonald, A."


def test_container_goes_where_the_entry_type_expects_it() -> None:
    def container_field(kind: ReferenceType) -> set[str]:
        ref = Reference(type=kind, title="T", journal="Container", year=2000)
        (entry,) = entries(to_bibtex([checked(ref)])).values()
        return {k for k, v in entry.items() if v == "Container"}

    assert container_field(ReferenceType.JOURNAL_ARTICLE) == {"journal"}
    assert container_field(ReferenceType.CHAPTER) == {"booktitle"}
    assert container_field(ReferenceType.CONFERENCE) == {"booktitle"}
    assert container_field(ReferenceType.BOOK) == {"series"}
    assert container_field(ReferenceType.THESIS) == set()
    assert container_field(ReferenceType.OTHER) == {"howpublished"}


def test_tex_ligatures_do_not_change_what_was_printed() -> None:
    assert escape_latex("a--b ``q'' ?` <<x>> ,,y") == "a-{}-b `{}`q'{}' ?{}` <{}<x>{}> ,{},y"
    ref = Reference(title="Pre--post ``study''", year=2000)
    (entry,) = entries(to_bibtex([checked(ref)])).values()
    assert _decode(entry["title"]) == "Pre--post ``study''"


def test_bibtex_and_csl_json_write_one_form_of_the_doi() -> None:
    message = CROSSREF_MESSAGE | {"DOI": "https://doi.org/10.1111/J.1529-8019.2012.01492.X."}
    printed = replace(PRINTED, doi="doi:10.1111/J.1529-8019.2012.01492.X.")
    for reference in (checked(printed, Status.VERIFIED, message), checked(printed)):
        bib = entries(to_bibtex([reference]))
        (csl,) = json.loads(to_csl_json([reference]))
        (entry,) = bib.values()
        assert entry["doi"] == csl["DOI"] == "10.1111/j.1529-8019.2012.01492.x"
