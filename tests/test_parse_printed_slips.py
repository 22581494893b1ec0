"""Printed references that real article PDFs set in ways the grammar once misread (issue 8).
Each case is a made-up reference in the layout of a real list; the comment names the layout."""

from __future__ import annotations

import pytest

from refcheck.models import Author, Pages, RawReference, Reference
from refcheck.parse import parse_reference


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        # BMJ PDFs set the en dash of a range as the letter e.
        ("Horton R. Chronic disease in cities. Lancet 2007;370:511e20.", Pages("511", "520")),
        ("Horton R. Chronic disease in cities. BMJ 2007;370: 96e102.", Pages("96", "102")),
        # An article number with a letter stays as printed.
        ("Horton R. Chronic disease in cities. BMJ 2020;370:e102.", Pages("e102", None)),
        ("Horton R. Chronic disease in cities. BMJ 2007;370:120e20.", Pages("120e20", None)),
    ],
)
def test_the_letter_e_for_the_dash_of_a_page_range(text: str, pages: Pages) -> None:
    ref = parse(text)
    assert (ref.journal[:3], ref.volume, ref.pages) == (text.split(". ")[2][:3], "370", pages)


@pytest.mark.parametrize(
    "source",
    [
        "Dental Update 2005, 32:402–404, 407–410, 413.",
        "Dental Update 2005, 32:402–404. 407–410, 413.",
        "Dental Update. 2005;32:402–404. 407–410, 413.",
    ],
)
def test_several_page_ranges_read_the_first(source: str) -> None:
    ref = parse(f"Birk L, Kidd E: The care of deep dentine lesions. {source}")
    assert (ref.journal, ref.year, ref.volume) == ("Dental Update", 2005, "32")
    assert ref.pages == Pages("402", "404")
    assert ref.title == "The care of deep dentine lesions"


@pytest.mark.parametrize("ellipsis", [". . .", "...", "\u2026"])
def test_apa_author_ellipsis_keeps_the_last_author_and_the_bracketed_year(ellipsis: str) -> None:
    ref = parse(
        f"Page, M. J., McKenzie, J. E., {ellipsis} Moher, D. (2021). Updating guidance for "
        "reporting reviews from 2009 to 2020. Journal of Clinical Epidemiology, 134, 103–112."
    )
    assert [author.family for author in ref.authors] == ["Page", "McKenzie", "Moher"]
    assert ref.year == 2021
    assert ref.title == "Updating guidance for reporting reviews from 2009 to 2020"
    assert (ref.volume, ref.pages) == ("134", Pages("103", "112"))


def test_given_names_first_with_a_bracketed_year() -> None:
    ref = parse(
        "Lorien S. Dalrymple, Ronit Katz (2011). Kidney disease and the risk of renal failure "
        "versus death. Journal of General Internal Medicine, 26(4), 379–385."
    )
    assert ref.authors == (Author("Dalrymple", "LS"), Author("Katz", "R"))
    assert ref.year == 2011
    assert ref.title == "Kidney disease and the risk of renal failure versus death"
    assert ref.journal == "Journal of General Internal Medicine"
    assert (ref.volume, ref.issue) == ("26", "4")


def test_given_names_first_in_a_vancouver_list() -> None:
    ref = parse(
        "Lorien S. Dalrymple, Ronit Katz, and Brian van Kest. Kidney disease and death. "
        "J Gen Intern Med. 2011;26(4):379-85."
    )
    assert [author.family for author in ref.authors] == ["Dalrymple", "Katz", "van Kest"]
    assert ref.title == "Kidney disease and death"


@pytest.mark.parametrize(
    "text",
    [
        "Heart Failure, Atrial Fibrillation. Lancet. 2011;3:1-2.",
        "Global burden of disease in children. Lancet. 2019;393(10177):1101-18.",
    ],
)
def test_a_reference_without_authors_keeps_its_title(text: str) -> None:
    ref = parse(text)
    assert ref.authors == ()
    assert ref.title == text.split(". Lancet")[0]
    assert ref.journal == "Lancet"


def test_a_missing_volume_is_not_the_first_page() -> None:
    ref = parse("Dellinger RP, Levy MM. Surviving sepsis guidelines. Crit Care Med. 2010;831–7.")
    assert (ref.volume, ref.pages) == (None, Pages("831", "837"))


def test_royal_society_year_before_the_title_and_grouped_page_numbers() -> None:
    ref = parse(
        "Zhu L, Wu Q. 2011 Evidence of cellulose use by a panda gut microbiome. Proc. Natl "
        "Acad. Sci. USA 108, 17 714–17 719. (doi:10.1073/pnas.1017956108)"
    )
    assert ref.year == 2011
    assert ref.title == "Evidence of cellulose use by a panda gut microbiome"
    assert (ref.journal, ref.volume) == ("Proc. Natl Acad. Sci. USA", "108")
    assert ref.pages == Pages("17714", "17719")
    assert ref.doi == "10.1073/pnas.1017956108"


def test_hindawi_supplement_between_volume_and_pages() -> None:
    ref = parse(
        "F.-M. Kohn and W.-B. Schill, “Infections and sperm function,” Andrologia, vol. 30, "
        "supplement 1, pp. 73–80, 1998."
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Andrologia", "30", "Suppl 1")
    assert ref.pages == Pages("73", "80")
    assert ref.year == 1998


def test_hindawi_persons_then_the_study_group() -> None:
    ref = parse(
        "R. Fiallo-Sharp and The Diabetes Research in Children Network Study Group, “Glucose "
        "testing in type 1 diabetes,” The Journal of Clinical Endocrinology and Metabolism, "
        "vol. 90, no. 6, pp. 3387–3391, 2005."
    )
    assert ref.authors == (Author("Fiallo-Sharp", "R"),)
    assert ref.collective == "Diabetes Research in Children Network Study Group"
    assert ref.title == "Glucose testing in type 1 diabetes"
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("90", "6", Pages("3387", "3391"), 2005)


def test_a_group_name_with_initials_is_still_the_group() -> None:
    ref = parse("U.S. Food and Drug Administration. Guidance for industry. Boston: FDA; 2019.")
    assert (ref.authors, ref.collective) == ((), "U.S. Food and Drug Administration")
    assert ref.title == "Guidance for industry"


def test_hindawi_group_author_ended_by_a_comma() -> None:
    ref = parse(
        "World Health Organization (WHO), WHO Manual for the Examination of Semen, World "
        "Health Organization, Geneva, Switzerland, 5th edition, 2010."
    )
    assert (ref.authors, ref.collective) == ((), "World Health Organization (WHO)")
    assert ref.title is not None and ref.title.startswith("WHO Manual for the Examination")
    assert ref.year == 2010


@pytest.mark.parametrize(
    ("text", "book", "volume", "pages", "year"),
    [
        (
            "V. A. Pokrov, N. P. Galan, “Cells and nanoparticles,” in Surface Chemistry in "
            "Biomedical Science, vol. 2, pp. 277–286, Springer, Dordrecht, 2006.",
            "Surface Chemistry in Biomedical Science",
            "2",
            Pages("277", "286"),
            2006,
        ),
        (
            "R. G. M. Morrow, “Spatial mapping and working memory,” in Neurobiology of the "
            "Hippocampus, W. Seifert, Ed., pp. 405–432, Academic Press, New York, NY, USA, 1993.",
            "Neurobiology of the Hippocampus",
            None,
            Pages("405", "432"),
            1993,
        ),
        (
            "Remme JHF, Boatin B. Helminthic diseases. In: Quah SR, Cockerham WC, eds. The "
            "encyclopedia of public health, 2nd edn. Oxford: Elsevier, 2017: 576–87.",
            "The encyclopedia of public health",
            None,
            Pages("576", "587"),
            2017,
        ),
    ],
)
def test_chapters_with_pages_before_or_after_the_imprint(
    text: str, book: str, volume: str | None, pages: Pages, year: int
) -> None:
    ref = parse(text)
    assert ref.type.value == "chapter"
    assert (ref.journal, ref.volume, ref.pages, ref.year) == (book, volume, pages, year)
    assert ref.title is not None and '"' not in ref.title and " in " not in ref.title


@pytest.mark.parametrize(
    ("source", "pages"),
    [
        ("Dental Update. 2005;32:402–404. 413.", Pages("402", "404")),
        ("Dental Update. 2005;32:402–404. 12–14.", None),  # not pages running on
    ],
)
def test_parts_after_a_full_stop_never_fail(source: str, pages: Pages | None) -> None:
    result = parse_reference(
        RawReference(number=None, text=f"Birk L. Deep dentine lesions. {source}", line=None)
    )
    assert not [finding for finding in result.findings if finding.code == "RC009"]
    if pages is not None:
        assert result.reference.pages == pages
