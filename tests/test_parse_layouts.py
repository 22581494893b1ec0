"""Layouts found in real reference lists beyond the benchmark's dev set (strings written for
these tests, each modelled on a layout seen in Crossref-deposited references)."""

from __future__ import annotations

from refcheck.models import Pages, RawReference, Reference
from refcheck.parse import parse_reference


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


def test_bound_volumes_keep_their_range() -> None:
    ref = parse(
        "Okoro T, Lind H (2013) Nitrogen retention in restored fens. Sci Total Environ "
        "454–455:510–516"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Sci Total Environ", "454-455", None)
    assert ref.pages == Pages("510", "516")


def test_volume_and_issue_joined_by_a_slash() -> None:
    ref = parse("Okoro T (2001) Nitrogen retention in fens. Wetlands 12/3:45-50")
    assert (ref.volume, ref.issue) == ("12", "3")
    assert ref.pages == Pages("45", "50")
