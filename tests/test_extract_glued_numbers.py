"""A reference printed inside the paragraph of the one before it, with its bracketed number
("... 1979. [13]Lind H. ..."): Word files converted from PDFs hold such paragraphs. The
references are made up; only the layout follows the real lists."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document


def doc(text: str) -> Document:
    return extract_document(InputSource(path="paper.txt", data=text.encode(), suffix=".txt"))


def test_glued_reference_with_the_missing_number_is_split_off() -> None:
    document = doc(
        "References\n\n"
        "[1] Okoro T. A made-up history of cohorts. 1979. [2]Lind H. Made-up latent models. "
        "Routledge, 2014.\n"
        "[3] Berg A, Roe P. Made-up outbreaks. Public Health. 2020;5:1-9.\n"
    )
    assert [(r.number, r.text) for r in document.references] == [
        (1, "Okoro T. A made-up history of cohorts. 1979."),
        (2, "Lind H. Made-up latent models. Routledge, 2014."),
        (3, "Berg A, Roe P. Made-up outbreaks. Public Health. 2020;5:1-9."),
    ]


def test_bracketed_number_inside_a_reference_is_left_alone() -> None:
    # The number is not missing from the list: nothing is split.
    document = doc(
        "References\n\n"
        "[1] Okoro T. Made-up cohorts [2]. J Epidemiol. 1979;3:1-9.\n"
        "[2] Lind H. Made-up latent models. Routledge, 2014.\n"
    )
    assert [r.number for r in document.references] == [1, 2]
    assert document.references[0].text.startswith("Okoro T. Made-up cohorts [2].")
    # Missing, but not opening an author list: kept inside the reference.
    document = doc(
        "References\n\n"
        "[1] Okoro T. Made-up cohorts. 1979. [2] 45-67.\n"
        "[3] Lind H. Made-up latent models. Routledge, 2014.\n"
    )
    assert [r.number for r in document.references] == [1, 3]
