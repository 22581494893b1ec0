"""One DOI normaliser for look-ups, cache keys and comparisons (refcheck/doi.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from refcheck.doi import normalise_doi
from refcheck.resolve.cache import work_key
from refcheck.validate.text import normalize_doi

_SUFFIX = st.text(
    alphabet=st.characters(codec="ascii", categories=("L", "N"), include_characters="-._/()<>;:"),
    min_size=1,
    max_size=30,
).filter(lambda s: s.rstrip(".,;") != "")
_DOI = st.builds(lambda reg, suffix: f"10.{reg}/{suffix}", st.integers(1000, 99999), _SUFFIX)
_WRAP = st.sampled_from(
    [
        "{}",
        " {} ",
        "doi:{}",
        "DOI: {}",
        "https://doi.org/{}",
        "http://dx.doi.org/{}",
        "HTTPS://DOI.ORG/{}",
        "{}.",
        "doi:{};",
        "https://doi.org/{},",
    ]
)


@given(_DOI)
def test_idempotent(doi: str) -> None:
    once = normalise_doi(doi)
    assert normalise_doi(once) == once


@given(_DOI, _WRAP, st.booleans())
def test_every_printed_form_is_the_same_doi(doi: str, wrap: str, upper: bool) -> None:
    printed = wrap.format(doi.upper() if upper else doi)
    assert normalise_doi(printed) == normalise_doi(doi)
    assert normalize_doi(printed) == normalise_doi(doi)


@given(_DOI, _WRAP)
def test_the_cache_key_and_the_comparison_agree(doi: str, wrap: str) -> None:
    # The trailing full stop used to be kept for look-ups and dropped for comparisons.
    printed = wrap.format(doi)
    assert work_key("https://api.crossref.org", printed) == work_key(
        "https://api.crossref.org", normalize_doi(printed) or ""
    )


def test_examples() -> None:
    assert normalise_doi(" https://dx.doi.org/10.1000/ABC. ") == "10.1000/abc"
    assert normalise_doi("doi: 10.1016/S0021-9258(19)52451-6") == "10.1016/s0021-9258(19)52451-6"
    assert normalise_doi("doi:") == ""
    assert normalize_doi("  ") is None and normalize_doi(None) is None
