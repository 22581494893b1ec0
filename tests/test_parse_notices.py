"""Printed notices ("Erratum in: ...", "Published correction appears in ..."): one pattern,
which the grammar drops from the reference and validate reads as notices about the work."""

from __future__ import annotations

import pytest

from refcheck.models import Pages, RawReference
from refcheck.parse import parse_reference
from refcheck.parse.notices import notice_start, printed_notices

WORK = "Kaitin R. Drug development timelines. Clin Pharmacol Ther. 2010 Mar;87(3):356-61."
TARGET = "Clin Pharmacol Ther. 2011;89(1):148."


@pytest.mark.parametrize(
    ("note", "kind"),
    [
        ("Erratum in:", "correction"),
        ("Errata in:", "correction"),
        ("Corrigendum in:", "correction"),
        ("Correction in:", "correction"),
        ("Published correction appears in", "correction"),
        ("Published erratum appears in", "correction"),
        ("Retraction in:", "retraction"),
        ("Retracted in:", "retraction"),
        ("Published retraction appears in", "retraction"),
        ("Expression of concern in:", "concern"),
        ("Comment in:", None),
        ("Erratum for:", None),
        ("Update of:", None),
        ("Republished from:", None),
        ("Corrected and republished in:", None),
    ],
)
def test_every_note_the_grammar_drops_is_read_the_same_way(note: str, kind: str | None) -> None:
    text = f"{WORK} {note} {TARGET}"
    reference = parse_reference(RawReference(None, text, None)).reference
    # The note's numbers are not the work's.
    assert (reference.year, reference.volume, reference.issue) == (2010, "87", "3")
    assert reference.pages == Pages("356", "361")
    assert notice_start(text) == len(WORK) + 1
    expected = () if kind is None else ((kind, f"{note} {TARGET.rstrip('.')}"),)
    assert tuple((n.kind, n.text) for n in printed_notices(text)) == expected


def test_each_notice_cites_up_to_the_next() -> None:
    text = f"{WORK} Comment in: Lancet. 2010;1:2. Erratum in: {TARGET} Retraction in: {TARGET}"
    assert [(n.kind, n.text) for n in printed_notices(text)] == [
        ("correction", "Erratum in: Clin Pharmacol Ther. 2011;89(1):148"),
        ("retraction", "Retraction in: Clin Pharmacol Ther. 2011;89(1):148"),
    ]


def test_a_title_opening_with_a_notice_word_is_no_notice() -> None:
    text = "Roe J. Correction in the field of view. J Imag Med. 2012;1:1."
    assert notice_start(text) is None
    assert printed_notices(text) == ()
    assert parse_reference(RawReference(None, text, None)).reference.title == (
        "Correction in the field of view"
    )
