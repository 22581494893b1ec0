"""Properties of parse_reference that must hold for any input at all."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.models import Author, ParsedReference, RawReference, Reference
from refcheck.parse import expand_page_range, parse_reference

# Text biased towards what references are made of, so the grammar's paths are exercised.
_PIECES = st.sampled_from(
    [
        "Smith J",
        "van der Berg AB",
        "et al",
        "Müller K-M",
        "Jr",
        ", ",
        ". ",
        "; ",
        ":",
        "(",
        ")",
        "[",
        "]",
        "2012",
        "1999 Jul 25",
        "25",
        "(3)",
        "195-206",
        "e319-20",
        "S12-5",
        "Suppl 1",
        "doi:",
        "10.1000/xyz(1)",
        "https://",
        "PMID:",
        "PMC123",
        "In:",
        "editors",
        "[Internet]",
        "[cited 2020 Jan 1]",
        "Available from:",
        "Epub ahead of print",
        "p.",
        "vol.",
        "no.",
        "pp.",
        "Title of a study",
        "J Clin Med",
        "2nd ed",
        "Philadelphia:",
        "Saunders",
        "\u2013",
        "\u201c",
        "\u00a0",
        "\u00ad",
        "\\'",
        "?",
        '"',
        "&",
        "and",
    ]
)
_REFERENCE_LIKE = st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=30).map("".join)


def _check_shape(parsed: ParsedReference) -> None:
    ref = parsed.reference
    assert isinstance(ref, Reference)
    for value in (ref.title, ref.journal, ref.volume, ref.issue, ref.collective):
        if value is not None:
            assert value == value.strip(" .,;:"), value
            assert value
    assert all(isinstance(a, Author) and a.family for a in ref.authors)
    assert ref.year is None or 1600 <= ref.year <= 2099


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_never_raises_on_any_text(text: str) -> None:
    _check_shape(parse_reference(RawReference(number=None, text=text, line=None)))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_REFERENCE_LIKE)
def test_never_raises_on_reference_like_text(text: str) -> None:
    parsed = parse_reference(RawReference(number=1, text=text, line=1))
    _check_shape(parsed)
    assert not [f for f in parsed.findings if f.code == "RC009"], "internal parser failure"


_JSONISH: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
_FIELD_NAMES = st.sampled_from(
    [
        "type",
        "authors",
        "title",
        "journal",
        "year",
        "volume",
        "issue",
        "pages",
        "doi",
        "pmid",
        "url",
        "publisher",
        "editors",
        "collective",
        "et_al",
        "pmcid",
        "place",
        "edition",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_FIELD_NAMES, _JSONISH, min_size=1, max_size=10))
def test_never_raises_on_any_structured_fields(fields: dict[str, Any]) -> None:
    parsed = parse_reference(RawReference(None, "", None, fields=fields))
    assert isinstance(parsed.reference, Reference)
    assert not [f for f in parsed.findings if f.code == "RC009"], "internal parser failure"


@given(st.text(max_size=40))
def test_expand_page_range_never_raises(text: str) -> None:
    pages = expand_page_range(text)
    assert pages is None or pages.first


@given(st.integers(1, 99999), st.integers(0, 99999))
def test_abbreviated_last_page_expands_forward(first: int, tail: int) -> None:
    pages = expand_page_range(f"{first}-{tail}")
    assert pages is not None and pages.last is not None
    assert pages.last.endswith(str(tail))
    if len(str(tail)) < len(str(first)):
        # The smallest page at or after the first that ends in the printed digits.
        assert first <= int(pages.last) < first + 10 ** len(str(tail))
