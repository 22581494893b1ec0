"""A manuscript whose reference list is missing (its citations author-year, its paragraphs full
of years) is not a bare reference list. The text is made up; only its shape follows a real
Markdown manuscript that had no list."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document

_PARAGRAPH = (
    "Made-up infection poses a major burden on hospitals, and its incidence has risen since "
    "{year} (Okoro et al., {year}). Antibiotic use drives vulnerability by destroying the "
    "protective flora, which lets spores germinate into active, toxin-producing cells. The "
    "toxins inactivate host enzymes, and the damage that follows explains much of the illness "
    "(Lind and Roe, {year}). Several questions remain open about how strains differ."
)


def doc(text: str, suffix: str = ".md") -> Document:
    return extract_document(InputSource(path="paper" + suffix, data=text.encode(), suffix=suffix))


def test_prose_citing_author_year_without_a_list_has_no_references() -> None:
    text = "# A made-up study\n\n## Introduction\n\n" + "\n\n".join(
        _PARAGRAPH.format(year=2010 + index) for index in range(8)
    )
    document = doc(text)
    assert document.references == ()
    assert any("no reference section" in warning for warning in document.warnings)


def test_bare_unnumbered_list_of_long_references_is_still_read() -> None:
    authors = ", ".join(f"Okoro{chr(65 + i)} T" for i in range(40))
    long_reference = f"{authors}, et al. A made-up trial of many centres. Lancet. 2019;393:1-9."
    short = "Lind H, Roe P. A made-up cohort. BMJ. 2020;368:m1."
    document = doc(f"{long_reference}\n\n{short}\n\n{long_reference}\n", ".txt")
    assert len(document.references) == 3
