"""RC501: a Vancouver reference that spells out a journal MEDLINE abbreviates (a note only)."""

from __future__ import annotations

import pytest

from refcheck.journal_names import nlm_abbreviation
from refcheck.models import ParsedReference, RawReference, Reference, ReferenceType
from refcheck.validate.style import journal_style_findings


def parsed(journal: str, text: str, *, structured: bool = False) -> ParsedReference:
    raw = RawReference(None, text, 1, fields={"journal": journal} if structured else None)
    reference = Reference(type=ReferenceType.JOURNAL_ARTICLE, journal=journal, title="A title")
    return ParsedReference(raw, reference)


def test_a_full_title_gets_the_note() -> None:
    (finding,) = journal_style_findings(
        parsed(
            "Journal of Oral and Maxillofacial Surgery",
            "Quill AB. A title. Journal of Oral and Maxillofacial Surgery. 2019;12(3):1530-9.",
        )
    )
    assert (finding.code, finding.severity.value, finding.field.value) == (
        "RC501",
        "info",
        "style",
    )
    assert finding.cited == "Journal of Oral and Maxillofacial Surgery"
    assert finding.expected == "J Oral Maxillofac Surg"


@pytest.mark.parametrize(
    ("journal", "text"),
    [
        # An abbreviation in another accepted form (dots), or a title that is its own.
        ("J. Oral Maxillofac. Surg.", "Quill AB. A title. J. Oral Maxillofac. Surg. 2019;12:1-9."),
        ("The Lancet", "Quill AB. A title. The Lancet. 2019;393(3):1-9."),
        ("Nature", "Quill AB. A title. Nature. 2019;12(3):1-9."),
        # Not Vancouver's layout (APA): the journal's style is not in question here.
        (
            "Journal of Oral and Maxillofacial Surgery",
            "Quill, A. B. (2019). A title. Journal of Oral and Maxillofacial Surgery, 12(3), 1-9.",
        ),
    ],
)
def test_quiet_when_the_printed_form_is_fine(journal: str, text: str) -> None:
    assert journal_style_findings(parsed(journal, text)) == ()


def test_quiet_for_bibtex_entries() -> None:
    text = "Quill AB. A title. Journal of Oral and Maxillofacial Surgery. 2019;12(3):1530-9."
    journal = "Journal of Oral and Maxillofacial Surgery"
    assert journal_style_findings(parsed(journal, text, structured=True)) == ()


def test_rows_with_an_alternative_title_give_the_abbreviation() -> None:
    # The source lists write "Zeitschrift fur ...|J Zoolog Syst Evol Res" for this journal.
    title = "Journal of Zoological Systematics and Evolutionary Research"
    assert nlm_abbreviation(title) == "J Zoolog Syst Evol Res"
