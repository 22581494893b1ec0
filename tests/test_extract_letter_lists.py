"""Reference lists as short letters and PDFs' text print them (issue 8): bullets with some
numbers lost, a last item without number or bullet, footers after the list, the next
article's byline, and a main list plus a Methods list. Made-up references; every one must be
read whole, numbered in sequence, with every field right."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.extract import extract_document, read_input
from refcheck.models import Author, Document, Pages, RawReference
from refcheck.parse import parse_reference

GUTIERREZ = (
    "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue diseases. "
    "Dermatol Ther. 2012;25(2):195-206."
)
REQUENA = (
    "Requena C, Alsina M, Morgado-Carrasco D. Kaposi sarcoma and cutaneous angiosarcoma: "
    "guidelines for diagnosis. Actas Dermosifiliogr. 2018;109(10):878-87."
)
LIAO = (
    "Liao HT, Chen CH, Tsai CY. Pulmonary hypertension in systemic lupus erythematosus. "
    "J Rheumatol. 2019;46(4):412-8."
)
COL = (
    "Col NF, Ngo L, Fortin JM. Can computerized decision support help patients make complex "
    "treatment decisions? Med Decis Making. 2006;26(5):480-94."
)
NESTAL = (
    "Nestal-Zibo C, Roe P, Abad T. COVID-19 in immunology clinics: a cohort study. "
    "BMJ. 2021;372:n1234."
)

# Every field of each reference above, as printed.
EXPECTED: dict[str, tuple[tuple[Author, ...], str, str, int, str, str | None, Pages]] = {
    GUTIERREZ: (
        (Author("Gutierrez", "A", "Jr"), Author("Wetter", "DA")),
        "Calcinosis cutis in autoimmune connective tissue diseases",
        "Dermatol Ther",
        2012,
        "25",
        "2",
        Pages("195", "206"),
    ),
    REQUENA: (
        (Author("Requena", "C"), Author("Alsina", "M"), Author("Morgado-Carrasco", "D")),
        "Kaposi sarcoma and cutaneous angiosarcoma: guidelines for diagnosis",
        "Actas Dermosifiliogr",
        2018,
        "109",
        "10",
        Pages("878", "887"),
    ),
    LIAO: (
        (Author("Liao", "HT"), Author("Chen", "CH"), Author("Tsai", "CY")),
        "Pulmonary hypertension in systemic lupus erythematosus",
        "J Rheumatol",
        2019,
        "46",
        "4",
        Pages("412", "418"),
    ),
    COL: (
        (Author("Col", "NF"), Author("Ngo", "L"), Author("Fortin", "JM")),
        "Can computerized decision support help patients make complex treatment decisions?",
        "Med Decis Making",
        2006,
        "26",
        "5",
        Pages("480", "494"),
    ),
    NESTAL: (
        (Author("Nestal-Zibo", "C"), Author("Roe", "P"), Author("Abad", "T")),
        "COVID-19 in immunology clinics: a cohort study",
        "BMJ",
        2021,
        "372",
        None,
        Pages("n1234", None),
    ),
}

BYLINE = """
Reply to the letter on calcinosis
John Doe1*, Jane Roe2
1 Department of Medicine, University of Somewhere, Sometown, Country
*Corresponding author: john.doe@example.org
Sir, we thank the authors for their interest in our work and reply below.
"""
BMC_FOOTER = """
doi:10.1186/s13063-015-0999-2
Cite this article as: Doe et al.: Calcinosis and the lung: a letter.
Trials 2015 16:99.
Submit your next manuscript to BioMed Central
and take full advantage of:

• Convenient online submission
• Thorough peer review

Submit your manuscript at
www.biomedcentral.com/submit
"""


def read(tmp_path: Path, text: str, name: str = "letter.txt") -> Document:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract_document(read_input(str(path)))


def assert_read_whole(document: Document, expected: list[tuple[int, str]]) -> None:
    assert [(ref.number, ref.text) for ref in document.references] == expected
    for _, text in expected:
        ref = parse_reference(RawReference(number=None, text=text, line=None)).reference
        authors, title, journal, year, volume, issue, pages = EXPECTED[text]
        assert ref.authors == authors
        assert (ref.title, ref.journal, ref.year) == (title, journal, year)
        assert (ref.volume, ref.issue, ref.pages) == (volume, issue, pages)
        assert ref.doi is None


LETTER_HEAD = """Letter to the editor

Calcinosis cutis and pulmonary hypertension are both seen in systemic sclerosis [1, 2].
Recent series [3] and trials [4, 5] describe the pattern in more detail.

References
"""


@pytest.mark.parametrize("first", ["- 1. ", "- "])
@pytest.mark.parametrize("footer", ["", BMC_FOOTER, BYLINE, BMC_FOOTER + BYLINE])
def test_bullets_with_lost_numbers_and_a_last_item_without_either(
    tmp_path: Path, first: str, footer: str
) -> None:
    text = (
        f"{LETTER_HEAD}{first}{GUTIERREZ}\n- 2. {REQUENA}\n- {LIAO}\n- {COL}\n\n{NESTAL}\n{footer}"
    )
    document = read(tmp_path, text)
    assert_read_whole(document, [(1, GUTIERREZ), (2, REQUENA), (3, LIAO), (4, COL), (5, NESTAL)])
    assert not any("10.1186" in ref.text for ref in document.references)


def test_the_citing_articles_footer_after_a_numbered_list(tmp_path: Path) -> None:
    text = f"{LETTER_HEAD}1. {GUTIERREZ}\n2. {REQUENA}\n3. {LIAO}\n{BMC_FOOTER}"
    document = read(tmp_path, text)
    assert_read_whole(document, [(1, GUTIERREZ), (2, REQUENA), (3, LIAO)])


def test_a_numbered_reference_after_a_footer_is_still_read(tmp_path: Path) -> None:
    # PDF text may put the box between two columns of the list.
    text = f"{LETTER_HEAD}1. {GUTIERREZ}\n2. {REQUENA}\n{BMC_FOOTER}3. {LIAO}\n"
    document = read(tmp_path, text)
    assert_read_whole(document, [(1, GUTIERREZ), (2, REQUENA), (3, LIAO)])


def test_a_doi_line_inside_a_reference_is_kept_without_a_footer(tmp_path: Path) -> None:
    text = f"{LETTER_HEAD}1. {GUTIERREZ}\n2. {REQUENA[:-1]}\ndoi:10.1000/xyz.123\n"
    document = read(tmp_path, text)
    assert document.references[-1].text.endswith("878-87 doi:10.1000/xyz.123")


@pytest.mark.parametrize("name", ["paper.md", "paper.txt"])
def test_a_main_list_and_a_methods_list(tmp_path: Path, name: str) -> None:
    hashes = "## " if name.endswith(".md") else ""
    text = (
        f"{hashes}Calcium and the lung\n\n"
        "Calcinosis is common in connective tissue disease [1] and menopause changes many\n"
        "decisions [2]. Pulmonary disease is frequent [3].\n\n"
        f"{hashes}References\n\n1. {GUTIERREZ}\n2. {COL}\n3. {LIAO}\n\n"
        f"{hashes}Methods\n\n"
        "Cells were grown as described [4]. Images were read with a published pipeline [5].\n\n"
        f"{hashes}References\n\n4. {NESTAL}\n5. {REQUENA}\n"
    )
    document = read(tmp_path, text, name)
    assert_read_whole(document, [(1, GUTIERREZ), (2, COL), (3, LIAO), (4, NESTAL), (5, REQUENA)])
    cited = sorted(number for citation in document.citations for number in citation.numbers)
    assert cited == [1, 2, 3, 4, 5]


def test_a_long_line_of_marked_names_is_read_at_once(tmp_path: Path) -> None:
    # A byline pattern that backtracked over where each name ends would never finish here.
    names = ", ".join(f"Author{10 + index % 80}" for index in range(60))
    text = f"{LETTER_HEAD}1. {GUTIERREZ}\n{names} x\n2. {REQUENA}\n"
    document = read(tmp_path, text)
    assert [ref.number for ref in document.references] == [1, 2]
