"""Unnumbered name-year lists as PDF text gives them, one printed line per line, no blank line
between references (Springer, Frontiers). The references are made up; only the layout follows
the articles' text."""

from __future__ import annotations

from refcheck.extract import InputSource, extract_document
from refcheck.models import Document


def doc(text: str) -> Document:
    return extract_document(InputSource(path="paper.txt", data=text.encode(), suffix=".txt"))


def firsts(document: Document) -> list[str]:
    return [r.text.split(",")[0].split(" (")[0].split(" ")[0] for r in document.references]


def test_springer_references_end_without_a_full_stop() -> None:
    # Springer's name-year style: no full stop after the pages, a thesis or a book.
    document = doc(
        "References\n\n"
        "Okoro PP, Lind PR, Roe SJS (2005) Made-up breeding site choice of grey seals.\n"
        "Behav Ecol Sociobiol 57:546-556\n"
        "R Development Core Team (2008) R: a made-up language for computing. R Foundation\n"
        "Redman P (2002) The made-up role of kin in seal colonies. Doctoral thesis, the\n"
        "University of St Andrews\n"
        "Redman P, Okoro PP, Lind SD (2001) Made-up maternal attendance. J Zool 79:1073-1079\n"
        "Wood S (2006a) Made-up additive models. Chapman and Hall, CRC Press, Boca Raton\n"
        "Wood S (2006b) Made-up tensor smooths. Biometrics 62:1025-1036\n"
        # A long list of names wraps before its year: the wrapped line starts nothing.
        "Xu A, Lind A, Roe B, Berg C, Okoro D, Smith E, Jones F, Brown G, White H,\n"
        "Black I (2007) Made-up smooths again. Biometrics 63:1-9\n"
    )
    assert firsts(document) == ["Okoro", "R", "Redman", "Redman", "Wood", "Wood", "Xu"]
    assert document.references[6].text.endswith("Biometrics 63:1-9")


def test_frontiers_book_place_line_and_run_in_statement_after_the_list() -> None:
    document = doc(
        "REFERENCES\n"
        "Okoro, S. (1995). Made-up Mindblindness: An Essay on Theory of Mind.\n"
        "Cambridge, MA: MIT Press.\n"
        "Lind, L., and Roe, P. (1995). Made-up social ecology of feral dogs and\n"
        "wolves. Ethol. Ecol. Evol. 7, 49–72. doi: 10.1080/08927014.1995.0000001\n"
        "\n"
        "Conflict of Interest Statement: The authors declare that the research was con-\n"
        "ducted in the absence of any commercial or financial relationships, 2015.\n"
        "Citation: Lind L and Roe P (2015) A made-up hypothesis. Front. Psychol. 5:1582.\n"
    )
    assert firsts(document) == ["Okoro", "Lind"]
    assert document.references[0].text.endswith("Cambridge, MA: MIT Press.")


def test_doi_broken_after_one_of_its_dots_is_joined() -> None:
    document = doc(
        "REFERENCES\n"
        "Okoro, A., and Lind, V. (2004). Made-up social cognition. Anim. Behav. 67, 995–1004.\n"
        "doi: 10.1016/j.\n"
        "anbehav.2003.10.008\n"
        "Lind, V. (2011). Made-up mechanisms. Ethology 117, 1–16. doi: 10.1111/j.1439-0310.2011.\n"
        "01919.x\n"
    )
    first, second = (r.text for r in document.references)
    assert first.endswith("doi: 10.1016/j.anbehav.2003.10.008")
    assert second.endswith("doi: 10.1111/j.1439-0310.2011.01919.x")


def test_a_sentence_after_a_doi_keeps_its_space() -> None:
    document = doc(
        "References\n\n"
        "1. Okoro A. Made-up cognition. Anim Behav. 2004;67:995-1004. doi: 10.1016/j.ab.1.\n"
        "Epub 2004 Jan 5.\n"
    )
    assert document.references[0].text.endswith("doi: 10.1016/j.ab.1. Epub 2004 Jan 5.")


def test_one_lone_number_line_numbers_no_list() -> None:
    # "01919.x" (a DOI's tail on its own line) once made a short list "numbered" from 1919,
    # and every reference before it a preamble.
    document = doc(
        "REFERENCES\n"
        "Okoro, A. (2004). Made-up cognition. Anim. Behav. 67, 995–1004.\n"
        "Lind, V. (2011). Made-up mechanisms. Ethology 117, 1–16. doi: 10.1111/j.1439-0310.2011.\n"
        "01919.x\n"
    )
    assert [r.number for r in document.references] == [None, None]
    # A real list numbered from 1 still is one.
    document = doc("References\n\n1. Okoro A. Made-up. Nature. 2004;5:1-9.\n")
    assert [r.number for r in document.references] == [1]


def test_web_address_broken_inside_its_host_name_is_joined() -> None:
    document = doc(
        "References\n\n"
        "1. Made-up Health Organization. Available from: http://www.mho.\n"
        "int/mediacentre/factsheets/fs311/en/ (accessed 2014 July 3). Geneva; 2014.\n"
        "2. Lind A. Made-up page. Available at: http://www.example.org/x/.\n"
        "accessed 3 May 2014.\n"
    )
    first, second = (r.text for r in document.references)
    assert "http://www.mho.int/mediacentre/factsheets/fs311/en/ (accessed" in first
    assert second.endswith("http://www.example.org/x/. accessed 3 May 2014.")


def test_a_long_table_caption_after_the_list_ends_it() -> None:
    caption = (
        "Table 1. Made-up primers used for the reverse transcription and amplification of "
        "genogroups one and two. The reaction in which each primer was used is in brackets."
    )
    assert len(caption) > 160
    document = doc(
        "References\n\n"
        "Okoro A, Lind B. Made-up norovirus outbreaks. Clin Infect Dis. 2022;74:113-9.\n\n"
        f"{caption}\n\n"
        "COG1F Forward-outer (first PCR) CGYTGGATGCG (Okoro et al., 2003)\n"
    )
    assert len(document.references) == 1


def test_a_page_range_broken_before_its_last_page_keeps_it() -> None:
    document = doc(
        "References\n\n"
        "Okoro SC, Lind C (2009) A made-up examination of oxytocin levels. Anthrozoös 22:31–\n"
        "42\n"
        "Roe JJ (1991) Made-up fasting in seal pups. Am J Physiol 260:267–272\n"
    )
    first, second = (r.text for r in document.references)
    assert first.endswith("Anthrozoös 22:31–42")
    assert second.startswith("Roe JJ (1991)")


def test_a_bare_page_number_between_lines_is_still_dropped() -> None:
    document = doc(
        "References\n\n"
        "1. Okoro SC, Lind C. A made-up examination of oxytocin levels in men\n"
        "12\n"
        "and women. Anthrozoös. 2009;22:31-42.\n"
    )
    assert document.references[0].text == (
        "Okoro SC, Lind C. A made-up examination of oxytocin levels in men and women. "
        "Anthrozoös. 2009;22:31-42."
    )
