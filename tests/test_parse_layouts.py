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


def test_supplement_in_square_brackets() -> None:
    ref = parse(
        "Haldane RJ (1983) Ceftazidime in burns units. J Antimicrob Chemother 12 [Suppl A]: 93–99"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("J Antimicrob Chemother", "12", "Suppl A")
    assert ref.pages == Pages("93", "99")


def test_bare_supplement_in_square_brackets() -> None:
    ref = parse("Haldane RJ (1981) Vancomycin in anuria. Rev Infect Dis 3 [Suppl]: 269–272")
    assert (ref.journal, ref.volume, ref.issue) == ("Rev Infect Dis", "3", "Suppl")
    assert ref.pages == Pages("269", "272")


def test_language_note_after_the_source() -> None:
    ref = parse(
        "Wu LX, Zhao M (2010) Biomass allocation in oak seedlings. Chin J Plant Ecol "
        "34:279–288 (in Chinese)"
    )
    assert (ref.journal, ref.volume, ref.pages) == ("Chin J Plant Ecol", "34", Pages("279", "288"))
    ref = parse(
        "Silva A, Souza B. Adesão ao tratamento. Rev Saude Publica. 2005;39(3):45-9. "
        "[Article in Portuguese]"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Rev Saude Publica", "39", "3")
    assert ref.pages == Pages("45", "49")


def test_discussion_note_after_the_source() -> None:
    ref = parse(
        "Pohl FE, Jackson RW (2000) Stair climbing after knee arthroplasty. Am J Knee Surg "
        "13(2):103–108 (discussion 108-109)"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Am J Knee Surg", "13", "2")
    assert ref.pages == Pages("103", "108")


def test_in_press_is_not_a_language_note() -> None:
    ref = parse("Moreau A, Osei D. Tidal forcing of larval dispersal. J Mar Res (in press).")
    assert ref.journal == "J Mar Res"


def test_year_volume_pages_separated_by_commas() -> None:
    ref = parse(
        "Haney M.J.; Zhao Y.L.; Exosomes as drug delivery vehicles. J Control Release "
        "2015,207,18-30"
    )
    assert (ref.title, ref.journal) == ("Exosomes as drug delivery vehicles", "J Control Release")
    assert (ref.year, ref.volume, ref.pages) == (2015, "207", Pages("18", "30"))


def test_acs_style_year_volume_issue_pages() -> None:
    ref = parse(
        "Okafor, J. A.; Lind, B. Total synthesis of a macrolide. J. Am. Chem. Soc. "
        "2014, 136 (5), 1406–1414."
    )
    assert (ref.year, ref.volume, ref.issue) == (2014, "136", "5")
    assert ref.pages == Pages("1406", "1414")


def test_year_and_volume_with_issue_but_no_pages() -> None:
    ref = parse("Nakano C.H.; Arm A.; Fecal bacteria after soy intake. PLoS One 2014,9(10)")
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("PLoS One", 2014, "9", "10")
    assert ref.pages is None


def test_journal_cited_without_a_title() -> None:
    ref = parse("Salah H, Arab N (2007) J Radiochem Nucl Sci 8:31–34")
    assert (ref.title, ref.journal, ref.volume) == (None, "J Radiochem Nucl Sci", "8")
    assert ref.pages == Pages("31", "34")


def test_title_ending_in_a_question_mark_without_a_space() -> None:
    ref = parse("Haskins A, Hom CL (1993) Is nature a strange attractor?Annu Rev Ecol Syst 24:1–33")
    assert (ref.title, ref.journal) == ("Is nature a strange attractor?", "Annu Rev Ecol Syst")


def test_bracketed_series_inside_a_dotted_journal_abbreviation() -> None:
    ref = parse(
        "Burr S., Monte R.D.C.: Low-rank factorization of semidefinite programs. "
        "Math. Program. (Ser. B) 95, 329–357 (2003)"
    )
    assert ref.title == "Low-rank factorization of semidefinite programs"
    assert ref.journal == "Math. Program. (Ser. B)"
    assert (ref.year, ref.volume, ref.pages) == (2003, "95", Pages("329", "357"))
