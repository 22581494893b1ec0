"""Layouts found in real reference lists beyond the benchmark's dev set: Crossref-deposited
references, NLM's forms, SciELO and PLOS lists. The strings are written for these tests (made-up
names, titles and numbers); only their layout follows what real lists print."""

from __future__ import annotations

import pytest

from refcheck.models import Author, Pages, RawReference, Reference, ReferenceType
from refcheck.parse import parse_reference


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


def test_bound_volumes_keep_their_range() -> None:
    ref = parse(
        "Okoro T, Lind H (2013) Nitrogen retention in restored fens. Sci Total Environ "
        "612–613:201–209"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Sci Total Environ", "612-613", None)
    assert ref.pages == Pages("201", "209")


def test_volume_and_issue_joined_by_a_slash() -> None:
    ref = parse("Okoro T (2001) Nitrogen retention in fens. Wetlands 12/3:45-50")
    assert (ref.volume, ref.issue) == ("12", "3")
    assert ref.pages == Pages("45", "50")


def test_supplement_in_square_brackets() -> None:
    ref = parse(
        "Haldane RJ (1983) Cefepime in burns units. J Antimicrob Chemother 17 [Suppl B]: 61–67"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("J Antimicrob Chemother", "17", "Suppl B")
    assert ref.pages == Pages("61", "67")


def test_bare_supplement_in_square_brackets() -> None:
    ref = parse(
        "Haldane RJ (1984) Teicoplanin dosing in dialysis. Rev Infect Dis 6 [Suppl]: 301–306"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Rev Infect Dis", "6", "Suppl")
    assert ref.pages == Pages("301", "306")


def test_language_note_after_the_source() -> None:
    ref = parse(
        "Wu LX, Zhao M (2010) Biomass allocation in oak seedlings. Chin J Plant Ecol "
        "36:411–419 (in Chinese)"
    )
    assert (ref.journal, ref.volume, ref.pages) == ("Chin J Plant Ecol", "36", Pages("411", "419"))
    ref = parse(
        "Silva A, Souza B. Adesão ao tratamento. Rev Saude Publica. 2005;39(3):45-9. "
        "[Article in Portuguese]"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Rev Saude Publica", "39", "3")
    assert ref.pages == Pages("45", "49")


def test_discussion_note_after_the_source() -> None:
    ref = parse(
        "Pohl FE, Jackson RW (2000) Stair climbing after knee arthroplasty. Am J Knee Surg "
        "15(3):141–147 (discussion 147-148)"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Am J Knee Surg", "15", "3")
    assert ref.pages == Pages("141", "147")


def test_in_press_is_not_a_language_note() -> None:
    ref = parse("Moreau A, Osei D. Tidal forcing of larval dispersal. J Mar Res (in press).")
    assert ref.journal == "J Mar Res"


def test_year_volume_pages_separated_by_commas() -> None:
    ref = parse(
        "Hanley M.J.; Zhou Y.L.; Vesicles as carriers for enzymes. J Control Release 2017,251,44-57"
    )
    assert (ref.title, ref.journal) == ("Vesicles as carriers for enzymes", "J Control Release")
    assert (ref.year, ref.volume, ref.pages) == (2017, "251", Pages("44", "57"))


def test_acs_style_year_volume_issue_pages() -> None:
    ref = parse(
        "Okafor, J. A.; Lind, B. Total synthesis of a macrolide. J. Am. Chem. Soc. "
        "2014, 136 (5), 1406–1414."
    )
    assert (ref.year, ref.volume, ref.issue) == (2014, "136", "5")
    assert ref.pages == Pages("1406", "1414")


def test_year_and_volume_with_issue_but_no_pages() -> None:
    ref = parse("Nakano C.H.; Arm A.; Gut flora after a lentil diet. PLoS One 2016,11(7)")
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("PLoS One", 2016, "11", "7")
    assert ref.pages is None


def test_journal_cited_without_a_title() -> None:
    ref = parse("Salem H, Arabi N (2009) J Radiochem Nucl Sci 10:55–61")
    assert (ref.title, ref.journal, ref.volume) == (None, "J Radiochem Nucl Sci", "10")
    assert ref.pages == Pages("55", "61")


def test_title_ending_in_a_question_mark_without_a_space() -> None:
    ref = parse("Haskins A, Hom CL (1995) Are forests in equilibrium?Annu Rev Ecol Syst 26:41–63")
    assert (ref.title, ref.journal) == ("Are forests in equilibrium?", "Annu Rev Ecol Syst")


def test_bracketed_series_inside_a_dotted_journal_abbreviation() -> None:
    ref = parse(
        "Burr S., Monte R.D.C.: Low-rank factorization of semidefinite programs. "
        "Math. Program. (Ser. B) 97, 211–236 (2004)"
    )
    assert ref.title == "Low-rank factorization of semidefinite programs"
    assert ref.journal == "Math. Program. (Ser. B)"
    assert (ref.year, ref.volume, ref.pages) == (2004, "97", Pages("211", "236"))


def test_edited_book_the_editors_word_is_not_an_author() -> None:
    ref = parse(
        "Harlow P, Joffe JK, Jones WG, editors. Renal tumours III. Proceedings of the 3rd "
        "Renal Oncology Conference; 2004 Oct 2-4; York, UK. New York: Springer; 2005."
    )
    assert ref.authors == (Author("Harlow", "P"), Author("Joffe", "JK"), Author("Jones", "WG"))
    assert ref.type is ReferenceType.CONFERENCE
    assert ref.title == "Renal tumours III"
    assert ref.journal == "Proceedings of the 3rd Renal Oncology Conference"
    assert (ref.place, ref.publisher, ref.year) == ("New York", "Springer", 2005)


def test_place_with_an_abbreviated_saint() -> None:
    ref = parse("Marsh PR, Rosen KS. Clinical parasitology. 3rd ed. St. Louis (MO): Mosby; 2007.")
    assert (ref.place, ref.publisher, ref.year) == ("St. Louis (MO)", "Mosby", 2007)
    assert (ref.title, ref.edition) == ("Clinical parasitology", "3rd ed")


def test_report_with_affiliation_and_report_number() -> None:
    ref = parse(
        "Yeo GG (Kansas State University, School of Civil Engineering, Manhattan, KS). "
        "Crack detection in bridge decks. Final report. Arlington (VA): Office of Naval "
        "Research (US); 2004 Mar. Report No.: ONR-TR-04-0117."
    )
    assert ref.type is ReferenceType.REPORT
    assert ref.authors == (Author("Yeo", "GG"),)
    assert ref.title == "Crack detection in bridge decks"
    assert (ref.place, ref.year) == ("Arlington (VA)", 2004)


def test_dotted_journal_with_long_words_before_a_known_abbreviation() -> None:
    ref = parse(
        "Shah V, Marden JR. Coalitions in resource games. IEEE Control Syst. Lett. "
        "2022 Jun; 6:1411-1416."
    )
    assert ref.title == "Coalitions in resource games"
    assert ref.journal == "IEEE Control Syst. Lett"
    ref = parse(
        "Rula JP, Busto FE (2016) Beyond the cache. SIGCOMM Comput. Commun. Rev 46(2):21–27"
    )
    assert (ref.title, ref.journal) == ("Beyond the cache", "SIGCOMM Comput. Commun. Rev")


def test_dotted_journal_with_colon_slash_and_hyphen() -> None:
    ref = parse(
        "Rosen B, Shapiro I. Vortex core spectrum in p-wave superconductors. "
        "J. Phys.: Condens. Matter 2015;27(3):035702."
    )
    assert ref.journal == "J. Phys.: Condens. Matter"
    assert ref.title == "Vortex core spectrum in p-wave superconductors"
    ref = parse("Neal MJ. Queue-aware routing. IEEE/ACM Trans. Networking. 2018;26(4):1201-14.")
    assert (ref.title, ref.journal) == ("Queue-aware routing", "IEEE/ACM Trans. Networking")
    ref = parse("Shaw M. Staged financing. RAIRO-Oper. Res. 2019;53:S221-S240.")
    assert (ref.title, ref.journal) == ("Staged financing", "RAIRO-Oper. Res")


def test_a_month_after_the_journal_is_not_part_of_it() -> None:
    # The date printed between the journal and the volume does not pull the title's last
    # sentence into the journal.
    ref = parse(
        "Moss S, Garrido C (2007) Genotypes from dried blood spots in treated patients. AIDS. "
        "Oct 12 23(15): 1910–18."
    )
    assert ref.title is not None
    assert ref.title.startswith("Genotypes from dried blood spots")
    assert (ref.volume, ref.issue, ref.pages) == ("23", "15", Pages("1910", "1918"))


def test_a_one_word_title_sentence_before_the_journal_stays_in_the_title() -> None:
    ref = parse(
        "Catano PM. Skin signs of drug use. II. Hypertension. Archives of Dermatology. "
        "1975 Mar;111(3):355-6."
    )
    assert ref.journal == "Archives of Dermatology"
    ref = parse(
        "Huang X, Zheng J. Shielding of implant leads. IEEE Trans. Electromagn. "
        "Compat. 2018;60(2):401-9."
    )
    assert (ref.title, ref.journal) == (
        "Shielding of implant leads",
        "IEEE Trans. Electromagn. Compat",
    )


def test_volume_with_a_part_letter() -> None:
    ref = parse("Wragg JG, Heck JD. Grading of fractures. J Bone Joint Surg Am. 2004;86-A(2):5-9.")
    assert (ref.journal, ref.volume, ref.issue) == ("J Bone Joint Surg Am", "86-A", "2")
    ref = parse("Wragg JG, Heck JD (2004) Grading of fractures. J Bone Jt Surg Am 86-A:5–9")
    assert (ref.journal, ref.volume, ref.pages) == ("J Bone Jt Surg Am", "86-A", Pages("5", "9"))


def test_work_printed_in_two_page_ranges() -> None:
    ref = parse("Mercer H, Sperl D (2013) Why do we argue? Behav Brain Sci 36:101–118; 140–152")
    assert (ref.journal, ref.volume, ref.pages) == ("Behav Brain Sci", "36", Pages("101", "118"))


def test_german_chapter_pages() -> None:
    ref = parse(
        "Hauser M, Jong R (1996) Angststörungen. In: Reimer H (Hrsg) Handbuch der Klinischen "
        "Psychiatrie, Hogrefe, Göttingen, S 233–251"
    )
    assert ref.type is ReferenceType.CHAPTER
    assert ref.title == "Angststörungen"
    assert ref.pages == Pages("233", "251")


def test_thesis_medium_note_is_not_part_of_the_title() -> None:
    ref = parse(
        "Rivas JA. Nutrition transition in Mexico [master's thesis]. Cuernavaca: Instituto "
        "Nacional de Salud Publica; 2005."
    )
    assert ref.type is ReferenceType.THESIS
    assert (ref.title, ref.year) == ("Nutrition transition in Mexico", 2005)
    ref = parse(
        "Silva A. Saúde bucal em idosos [dissertação de mestrado]. São Paulo: Universidade de "
        "São Paulo; 2010."
    )
    assert ref.type is ReferenceType.THESIS
    assert ref.title == "Saúde bucal em idosos"


def test_content_notes_other_than_thesis_stay_in_the_title() -> None:
    ref = parse("Bhat DL. Aspirin for primary prevention [abstract]. Circulation. 2018;138:A12.")
    assert ref.title == "Aspirin for primary prevention [abstract]"


def test_dotted_initials_without_spaces_end_the_list() -> None:
    ref = parse("Smyth J.A., Jonas K.L. Title here. J Immunol. 2011;186:45-7.")
    assert ref.authors == (Author("Smyth", "JA"), Author("Jonas", "KL"))
    assert ref.title == "Title here"


def test_group_after_persons_without_its_leading_words() -> None:
    ref = parse(
        "Smyth J, Jonas K, for the ACCORD Investigators. Intensive glucose control. Lancet. "
        "2011;377:45-7."
    )
    assert ref.authors == (Author("Smyth", "J"), Author("Jonas", "K"))
    assert ref.collective == "ACCORD Investigators"
    assert ref.title == "Intensive glucose control"


def test_book_imprint_publisher_first_with_pages_after_the_year() -> None:
    ref = parse("Ruiz AB. Reaction kinetics in solution. Academic Press: New York, 1976; 388.")
    assert ref.type is ReferenceType.BOOK
    assert (ref.title, ref.journal) == ("Reaction kinetics in solution", None)
    assert (ref.publisher, ref.place, ref.year) == ("Academic Press", "New York", 1976)
    assert ref.pages == Pages("388", None)


def test_book_imprint_with_series_volume_and_page() -> None:
    ref = parse("Ruiz AB. Handbook of solvents. Part B. Elsevier: Amsterdam, 1989; 74: 212.")
    assert ref.type is ReferenceType.BOOK
    assert ref.title == "Handbook of solvents. Part B"
    assert (ref.publisher, ref.place) == ("Elsevier", "Amsterdam")
    assert (ref.volume, ref.pages) == ("74", Pages("212", None))


def test_a_journal_name_with_a_colon_is_still_a_journal() -> None:
    ref = parse("Rosen B. Vortex cores. J. Phys.: Condens. Matter 2013;25(7):075701.")
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert ref.journal == "J. Phys.: Condens. Matter"


def test_chapter_with_editors_after_the_book_title_and_pages_after_the_year() -> None:
    ref = parse(
        "Ruiz AB. Solvent effects. In Reactions under Pressure, le Fevre WJ (ed). "
        "Elsevier: Amsterdam, 1991; 155-190."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.title, ref.journal) == ("Solvent effects", "Reactions under Pressure")
    assert ref.editors == (Author("le Fevre", "WJ"),)
    assert (ref.publisher, ref.place, ref.year) == ("Elsevier", "Amsterdam", 1991)
    assert ref.pages == Pages("155", "190")


def test_a_numbered_part_ends_the_title_not_the_journal() -> None:
    ref = parse("Smyth J. Treatment of type 2 diabetes. Part I. Diabetes Care. 2001;24:1-5.")
    assert (ref.title, ref.journal) == ("Treatment of type 2 diabetes. Part I", "Diabetes Care")


def test_ama_web_page_published_and_accessed() -> None:
    ref = parse(
        "World Health Organization. Salt intake in adults. https://www.who.int/example/"
        "salt. Published 2020. Accessed March 3, 2021."
    )
    assert ref.type is ReferenceType.WEB
    assert ref.collective == "World Health Organization"
    assert (ref.title, ref.journal, ref.year) == ("Salt intake in adults", None, 2020)
    assert ref.url == "https://www.who.int/example/salt"


def test_online_first_article_dated_by_its_epub_date() -> None:
    ref = parse("Smyth J, Jonas K. Stroke outcomes. Neurology. Epub 2019 Mar 1.")
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert (ref.title, ref.journal, ref.year) == ("Stroke outcomes", "Neurology", 2019)
    # With a print date, the print year stands.
    ref = parse("Smyth J. Title. J Clin Oncol. 2009 Jun 1;27(16):2630-7. Epub 2008 Apr 20.")
    assert ref.year == 2009


def test_volume_spanning_two_years() -> None:
    ref = parse("Smyth J, Jonas K. Stroke outcomes. Neurology. 1999-2000;92(1):1-10.")
    assert (ref.title, ref.journal, ref.year, ref.volume) == (
        "Stroke outcomes",
        "Neurology",
        1999,
        "92",
    )


def test_group_name_opening_with_dotted_initials() -> None:
    ref = parse(
        "U.S. Food and Drug Administration. Drug safety communication [Internet]. Silver "
        "Spring (MD): FDA; 2016 [cited 2020 Jan 5]. Available from: https://www.fda.gov/drugs/"
    )
    assert ref.authors == ()
    assert ref.collective == "U.S. Food and Drug Administration"
    assert ref.title == "Drug safety communication"
    assert ref.type is ReferenceType.WEB


def test_titles_that_start_with_the_word_editor() -> None:
    ref = parse("Blane JR. Editor's remarks. J Radio Audio Media. 2015;22(2):3-4.")
    assert (ref.title, ref.journal) == ("Editor's remarks", "J Radio Audio Media")
    ref = parse("Suzu Y. Editor-in-Chief's address. Brain Dev. 2003 Jan;25(1):2.")
    assert ref.title == "Editor-in-Chief's address"


def test_quoted_word_inside_an_unquoted_title() -> None:
    ref = parse("Barr RJ. Rating of “whiplash” Injury. Guides Newsl. 2011;16(2):7-9.")
    assert ref.title == 'Rating of "whiplash" Injury'
    assert ref.journal == "Guides Newsl"


def test_question_marks_are_not_abbreviation_dots() -> None:
    ref = parse("Levi E. Psoriasis? Eczema? Archives of Dermatology 1974;109(2):251-2.")
    assert (ref.title, ref.journal) == ("Psoriasis? Eczema?", "Archives of Dermatology")


def test_chapter_pages_label_is_not_part_of_the_book_title() -> None:
    ref = parse(
        "Turin S, Busing L (2015) Sparse coding of odours. In: Advances in Neural "
        "Information Processing Systems. pp. 1201–1209."
    )
    assert ref.journal == "Advances in Neural Information Processing Systems"
    assert ref.pages == Pages("1201", "1209")


def test_abnt_names_with_spaced_dotted_initials() -> None:
    ref = parse(
        "SILVA, A. B.; SOUZA, C. D. Título do artigo. Revista de Saúde Pública, v. 44, n. 3, "
        "p. 1-10, 2010."
    )
    assert ref.authors == (Author("SILVA", "AB"), Author("SOUZA", "CD"))
    assert ref.title == "Título do artigo"
    assert (ref.journal, ref.volume, ref.issue, ref.year) == (
        "Revista de Saúde Pública",
        "44",
        "3",
        2010,
    )
    ref = parse("MINAYO, M. C. S. O caminho da pesquisa. 4. ed. São Paulo: Hucitec, 2012.")
    assert ref.authors == (Author("MINAYO", "MCS"),)
    assert ref.title == "O caminho da pesquisa"


def test_a_one_letter_word_opening_the_title_is_not_an_initial() -> None:
    ref = parse("Smyth J. A case of something. Lancet. 2001;357:1-5.")
    assert (ref.authors, ref.title) == ((Author("Smyth", "J"),), "A case of something")


def test_hierarchical_government_author() -> None:
    ref = parse(
        "Brasil. Ministério da Saúde. Secretaria de Atenção à Saúde. Guia de cuidados "
        "na gestação. Brasília: Ministério da Saúde; 2014."
    )
    assert ref.collective == "Brasil. Ministério da Saúde. Secretaria de Atenção à Saúde"
    assert ref.title == "Guia de cuidados na gestação"
    assert (ref.place, ref.publisher, ref.year) == ("Brasília", "Ministério da Saúde", 2014)


def test_title_case_title_after_a_group_is_not_a_department() -> None:
    ref = parse(
        "World Health Organization. Regional Plan on Sleep, Noise and Health. Geneva: WHO; 2006."
    )
    assert ref.collective == "World Health Organization"
    assert ref.title == "Regional Plan on Sleep, Noise and Health"


@pytest.mark.parametrize("unit", ["Published 2020. ", "[Internet] ", "[cited 2020] "])
def test_removed_notes_leave_no_long_space_runs(unit: str) -> None:
    # Removing many notes once left long runs of spaces that later patterns scanned in
    # quadratic time (seconds for this input); now it is milliseconds.
    # (benchmarks/input_scaling.py measures the time against the number of notes.)
    ref = parse("Smyth J. Title. " + unit * 8000)
    assert ref.authors[0].family == "Smyth"


def test_name_year_group_author_and_book_imprint_without_a_year() -> None:
    ref = parse("World Health Organization (2012) Global tuberculosis report. Geneva: WHO. 89 p.")
    assert ref.collective == "World Health Organization"
    assert ref.type is ReferenceType.BOOK
    assert (ref.title, ref.year) == ("Global tuberculosis report", 2012)
    assert (ref.place, ref.publisher, ref.pages) == ("Geneva", "WHO", Pages("89", None))


def test_name_year_thesis() -> None:
    ref = parse("Smyth J (2010) Sleep in adolescents [PhD thesis]. Boston: Harvard University.")
    assert ref.type is ReferenceType.THESIS
    assert (ref.title, ref.year, ref.publisher) == (
        "Sleep in adolescents",
        2010,
        "Harvard University",
    )


def test_paper_presented_at_a_meeting() -> None:
    ref = parse(
        "Smyth J, Jonas K. Sleep in adolescents. Paper presented at: Annual Meeting of the "
        "Sleep Society; 2010 Jun 5; Boston, MA."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert (ref.title, ref.journal, ref.year) == (
        "Sleep in adolescents",
        "Annual Meeting of the Sleep Society",
        2010,
    )


def test_plos_available_label_before_a_url() -> None:
    ref = parse(
        "Q Core Team (2011) Q: a toolkit for survey weighting. Vienna, Austria: Q "
        "Foundation. Available: http://www.q-toolkit.example.org. Accessed 2012 Jan 1."
    )
    assert ref.collective == "Q Core Team"
    assert ref.title == "Q: a toolkit for survey weighting"
    assert ref.journal is None
    assert ref.url == "http://www.q-toolkit.example.org"


def test_conference_paper_without_in() -> None:
    ref = parse(
        "Smyth J, Jonas K (2010) Sleep in adolescents. Proceedings of the 5th International "
        "Sleep Conference; 2010 May 1–3; Boston, MA. pp. 10–25."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert (ref.title, ref.journal, ref.year) == (
        "Sleep in adolescents",
        "Proceedings of the 5th International Sleep Conference",
        2010,
    )
    assert ref.pages == Pages("10", "25")


def test_proceedings_cited_like_a_journal_keep_volume_and_pages() -> None:
    ref = parse(
        "MacQuinn J (1969) Methods for ranking. Proceedings of the Sixth Pacific "
        "Symposium on Mathematical Statistics 2: 117–131."
    )
    assert ref.journal == "Proceedings of the Sixth Pacific Symposium on Mathematical Statistics"
    assert (ref.volume, ref.pages) == ("2", Pages("117", "131"))


@pytest.mark.parametrize("marker", ["[No authors listed]", "[No authors listed].", "Anonymous."])
def test_no_authors_markers(marker: str) -> None:
    ref = parse(f"{marker} Asthma statistics, 2003. CA Cancer J Clin. 2003;53(2):21-40.")
    assert (ref.authors, ref.collective) == ((), None)
    assert (ref.title, ref.journal) == ("Asthma statistics, 2003", "CA Cancer J Clin")


def test_a_title_opening_with_anonymous_is_kept() -> None:
    ref = parse("Anonymous reporting of errors in surgery. BMJ. 2001;322:1-5.")
    assert ref.title == "Anonymous reporting of errors in surgery"


def test_elsarticle_num_year_between_issue_and_pages() -> None:
    # elsarticle-num: "Journal Vol (Issue) (Year) First–Last."
    ref = parse(
        "M. Quill, J. Arends, P. Bach, et al., A made-up guideline on imaginary care, "
        "Clinical Imaginary Nutrition 40 (5) (2021) 2898–2913."
    )
    assert ref.journal == "Clinical Imaginary Nutrition"
    assert (ref.year, ref.volume, ref.issue) == (2021, "40", "5")
    assert ref.pages == Pages("2898", "2913")
    assert ref.title == "A made-up guideline on imaginary care"


def test_vancouver_range_without_a_volume_is_the_pages() -> None:
    ref = parse("Quill A, Bloggs B. A made-up trial of nothing. Crit Care Med. 2010;831–7.")
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("Crit Care Med", 2010, None, None)
    assert ref.pages == Pages("831", "837")


def test_royal_society_bare_year_before_the_title() -> None:
    ref = parse(
        "Quill A, Bloggs B. 2013 The evolution of made-up milks. J. Anim. Ecol. 82, "
        "1254–1264. (doi:10.5555/fict.2013.82)"
    )
    assert (ref.year, ref.title) == (2013, "The evolution of made-up milks")
    assert (ref.volume, ref.pages, ref.doi) == ("82", Pages("1254", "1264"), "10.5555/fict.2013.82")
    assert ref.journal is not None and ref.journal.startswith("J. Anim. Ecol")


def test_a_title_that_starts_with_a_year_keeps_it() -> None:
    ref = parse("Quill A. 2017 ACC guideline for imaginary care. Circulation. 2018;137:e1-e2.")
    assert (ref.year, ref.title) == (2018, "2017 ACC guideline for imaginary care")
