"""Layouts met in real manuscripts outside the corpus (medical and bioinformatics papers kept in
public repositories). The strings are written for these tests (made-up names, titles and
numbers); only their layout follows what the manuscripts print."""

from __future__ import annotations

import pytest

from refcheck.models import Pages, RawReference, Reference, ReferenceType
from refcheck.parse import parse_reference


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


def test_sici_doi_keeps_its_angle_bracketed_part() -> None:
    ref = parse(
        "Okoro T. Verification of rain forecasts. Mon Weather Rev. 1961;12:1-3. "
        "doi:10.1175/1520-0493(1961)012<0001:VORF>2.0.CO;2"
    )
    assert ref.doi == "10.1175/1520-0493(1961)012<0001:VORF>2.0.CO;2"
    assert (ref.journal, ref.volume, ref.pages) == ("Mon Weather Rev", "12", Pages("1", "3"))


def test_doi_inside_angle_brackets_ends_at_the_bracket() -> None:
    ref = parse("Okoro T. Rain forecasts. Weather. 2001;12:1-3. <https://doi.org/10.1000/wx.12>")
    assert ref.doi == "10.1000/wx.12"
    ref = parse("Okoro T. Rain forecasts. Weather. 2001;12:1-3. doi:<10.1000/wx.12>.")
    assert ref.doi == "10.1000/wx.12"


def test_ama_preprint_posted_online() -> None:
    # AMA 11th edition: "Server. Preprint posted online Month Day, Year."
    ref = parse(
        "Lind H, Okoro T. A made-up method for clustering cells. arXiv. Preprint posted "
        "online February 9, 2018. doi:10.48550/arXiv.1802.00001"
    )
    assert (ref.title, ref.journal) == ("A made-up method for clustering cells", "arXiv")
    assert (ref.year, ref.volume, ref.pages) == (2018, None, None)
    ref = parse("Lind H. Made-up preprint. medRxiv. Preprint posted online March 3, 2021.")
    assert (ref.title, ref.journal, ref.year) == ("Made-up preprint", "medRxiv", 2021)


def test_posted_online_inside_a_title_is_left_alone() -> None:
    ref = parse("Lind H. Jobs posted online 2019 and wages. J Econ. 2020;5:1-9.")
    assert ref.title == "Jobs posted online 2019 and wages"
    assert (ref.journal, ref.year, ref.volume) == ("J Econ", 2020, "5")
    assert ref.type is ReferenceType.JOURNAL_ARTICLE


def test_manubot_arxiv_preprint_with_its_report_number() -> None:
    # Manubot's (and Zotero's) arXiv entries: the server twice, then the arXiv identifier as
    # a report number, whose "YYMM." once read as the year.
    ref = parse(
        "Lind H, Okoro T, Berg A, et al. Made-up models are few-shot learners. arXiv. arXiv; "
        "2020 Jul. Report No.: 2005.00001. Available: https://arxiv.org/abs/2005.00001"
    )
    assert ref.title == "Made-up models are few-shot learners"
    assert (ref.journal, ref.year) == ("arXiv", 2020)
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    ref = parse(
        "Lind H. Made-up preprint [Internet]. arXiv; 2019 [cited 2021 Mar 3]. Report No.: "
        "arXiv:1811.00001v2. Available from: http://arxiv.org/abs/1811.00001"
    )
    assert (ref.title, ref.journal, ref.year) == ("Made-up preprint", "arXiv", 2019)


def test_preprint_server_before_its_publisher() -> None:
    ref = parse("Lind H. A made-up atlas of cells. bioRxiv. Cold Spring Harbor Laboratory; 2019.")
    assert (ref.title, ref.journal, ref.year) == ("A made-up atlas of cells", "bioRxiv", 2019)
    assert ref.publisher == "Cold Spring Harbor Laboratory"


def test_report_numbers_that_are_not_arxiv_identifiers_stay() -> None:
    ref = parse(
        "Lind H. Made-up survey of wells. Final report. Geneva: WHO; 2014. Report No.: "
        "WHO/HSE/14.01."
    )
    assert ref.type is ReferenceType.REPORT
    assert ref.year == 2014


def test_title_mentioning_a_preprint_server_is_left_alone() -> None:
    ref = parse("Lind H. Citation patterns of arXiv. Scientometrics. 2020;5:1-9.")
    assert ref.title == "Citation patterns of arXiv"
    assert (ref.journal, ref.volume) == ("Scientometrics", "5")
    ref = parse("Lind H. Sharing results early. Preprints on bioRxiv. Cell Press; 2020.")
    assert ref.journal != "bioRxiv"


def test_springer_year_in_brackets_after_a_container_without_volume() -> None:
    # Springer's numbered styles (.bbl from spbasic, sn-basic) end with "(Year)".
    ref = parse("Lind, H., Okoro, T.: Made-up usage of exons. Genome Research (2012)")
    assert (ref.title, ref.journal, ref.year) == ("Made-up usage of exons", "Genome Research", 2012)
    ref = parse("Lind, H.: Made-up clustering. arXiv preprint arXiv:1201.00001 (2012)")
    assert (ref.journal, ref.year) == ("arXiv preprint arXiv:1201.00001", 2012)
    assert ref.type is ReferenceType.JOURNAL_ARTICLE


def test_springer_book_with_its_year_in_brackets_is_still_a_book() -> None:
    ref = parse("Lind, H.: Made-up graphics for data analysis. Springer, Berlin (2016)")
    assert ref.type is ReferenceType.BOOK
    assert (ref.publisher, ref.year, ref.journal) == ("Springer, Berlin", 2016, None)


def test_plos_bst_page_label_before_a_preprint_number_is_not_a_pmid() -> None:
    # plos2015.bst prints "Journal. Year; p. pages." for an entry without a volume.
    ref = parse("Okoro T. Made-up tree proposals. bioRxiv. 2019; p. 700001.")
    assert (ref.pmid, ref.pages, ref.year) == (None, Pages("700001"), 2019)
    # PLOS's bare PMID after the pages is still one.
    ref = parse("Okoro T (2001) Made-up title. Nature 409: 714-720. 11217860")
    assert ref.pmid == "11217860"


def test_journal_name_with_a_colon_and_an_issue_is_not_a_book_imprint() -> None:
    ref = parse(
        "Lind, H. (2010). Made-up data analysis. Wiley Interdisciplinary Reviews: Cognitive "
        "Science, 1(5):658-676."
    )
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert ref.journal == "Wiley Interdisciplinary Reviews: Cognitive Science"
    assert (ref.volume, ref.issue, ref.pages) == ("1", "5", Pages("658", "676"))
    # A publisher's imprint where the journal would stand is still a book.
    ref = parse("Lind H. Made-up chemistry. Academic Press: New York, 1973; 410.")
    assert ref.type is ReferenceType.BOOK
    assert ref.publisher == "Academic Press"


def test_name_year_reference_in_press_instead_of_a_year() -> None:
    ref = parse("Lind, H. and Okoro, T. (In press). A made-up sampler. J Mach Learn Res.")
    assert (ref.title, ref.journal, ref.year) == ("A made-up sampler", "J Mach Learn Res", None)
    ref = parse("Lind, H. (n.d.). A made-up sampler. J Mach Learn Res.")
    assert ref.title == "A made-up sampler"


def test_cell_press_supplementary_pages_after_the_range() -> None:
    # Cell Press prints "3475-3483.e4"; outside Vancouver's ";vol(issue):" the suffix once
    # hid the whole source in the journal name.
    ref = parse(
        "Lind, H., & Okoro, T. (2019). A made-up agonist in mouse V1. Cell Reports, 26(13), "
        "3475-3483.e4. https://doi.org/10.1016/j.celrep.2019.02.001"
    )
    assert (ref.journal, ref.volume, ref.issue) == ("Cell Reports", "26", "13")
    assert ref.pages == Pages("3475", "3483")
    ref = parse("Lind, H. et al. Made-up atlas of cells. Cell 184, 3573-3587.e29 (2021).")
    assert (ref.journal, ref.volume, ref.pages, ref.year) == (
        "Cell",
        "184",
        Pages("3573", "3587"),
        2021,
    )


def test_electronic_article_numbers_are_not_cell_press_suffixes() -> None:
    ref = parse("Lind H. Made-up genes. PLoS Genet. 2019;15(3):e1008001.")
    assert ref.pages == Pages("e1008001")
    ref = parse("Lind H (2019) Made-up genes. PLoS Genet 15: e1008001.")
    assert (ref.volume, ref.pages) == ("15", Pages("e1008001"))


def test_chicago_source_volume_no_issue_year_in_brackets() -> None:
    # Chicago, Zotero's default style: "Journal 2, no. 1 (2022): 94-99."
    ref = parse(
        'Okoro, Tunde, and Hanna Lind. "Made-up Organoids." Nature Reviews Methods Primers '
        "2, no. 1 (2022): 94-99."
    )
    assert (ref.title, ref.journal) == ("Made-up Organoids", "Nature Reviews Methods Primers")
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("2", "1", Pages("94", "99"), 2022)
    ref = parse('Okoro, Tunde. "Made-up Cells." Cell 114, no. 4 (August 2003): 445-56.')
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("114", "4", Pages("445", "456"), 2003)


def test_chicago_and_mla_author_lists_with_full_names() -> None:
    ref = parse(
        'Okoro, Tunde, Hanna M. Lind, and Anna Berg. "Made-up Organoids." Cell 2, no. 1 '
        "(2022): 94-99."
    )
    assert [(a.family, a.given) for a in ref.authors] == [
        ("Okoro", "T"),
        ("Lind", "HM"),
        ("Berg", "A"),
    ]
    assert ref.title == "Made-up Organoids"
    ref = parse('Okoro, Tunde, et al. "Made-up Organoids." Cell, vol. 2, no. 1, 2022, p. 94.')
    assert ([a.family for a in ref.authors], ref.et_al, ref.title) == (
        ["Okoro"],
        True,
        "Made-up Organoids",
    )


def test_bibtex_author_field_printed_in_an_ieee_reference() -> None:
    ref = parse(
        'Okoro, Tunde Ade and Lind, Hanna WM and others, "Made-up edgeR," bioinformatics, '
        "vol. 26, no. 1, pp. 139-140, 2010."
    )
    assert [(a.family, a.given) for a in ref.authors] == [("Okoro", "TA"), ("Lind", "HWM")]
    assert ref.et_al
    assert (ref.title, ref.journal, ref.volume) == ("Made-up edgeR", "bioinformatics", "26")


def test_capitalised_title_without_authors_is_not_read_as_names() -> None:
    for text in (
        "Heart Failure, Atrial Fibrillation. Lancet. 2011;3:1-2.",
        "Hypertension, Diabetes and Kidney. Lancet. 2011;3:1-2.",
    ):
        ref = parse(text)
        assert ref.authors == ()
        assert ref.title is not None and ref.title.startswith(text.split(".")[0])


def test_quoted_words_inside_an_unquoted_title_end_nothing() -> None:
    ref = parse('Lind H. Tools for "omics," methods and more. Bioinformatics. 2010;26:139-40.')
    assert (ref.title, ref.journal) == ('Tools for "omics," methods and more', "Bioinformatics")


def test_full_name_lists_with_initials_and_particles() -> None:
    ref = parse(
        "Okoro, Tunde, Stefan van Berg, Anna Z. Lind, Ron AM Roe, and Bea G. van den Hoek., "
        '"Made-up tropism," mSphere, vol. 9, no. 1, pp. 1-9, 2024.'
    )
    assert [(a.family, a.given) for a in ref.authors] == [
        ("Okoro", "T"),
        ("van Berg", "S"),
        ("Lind", "AZ"),
        ("Roe", "RAM"),
        ("van den Hoek", "BG"),
    ]
    ref = parse(
        'Kinder, J Tyler and Arrua, R Dario and Hall, E, "Made-up airway tissues," '
        "Journal of Virology, vol. 94, no. 20, 2020."
    )
    assert [(a.family, a.given) for a in ref.authors] == [
        ("Kinder", "JT"),
        ("Arrua", "RD"),
        ("Hall", "E"),
    ]


def test_chicago_author_date_chapter_and_proceedings() -> None:
    # Quarto's default style (Chicago author-date): '"Title." In Book, edited by ..., pages.'
    ref = parse(
        "Okoro, Tunde, and Hanna M. Lind. 2024. “Made-up Inference: When and Why?” In "
        "Proceedings of the Fortieth Conference on Made-up Intelligence, 3:2400–2415. PMLR."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert ref.title == "Made-up Inference: When and Why?"
    assert ref.journal == "Proceedings of the Fortieth Conference on Made-up Intelligence"
    assert (ref.year, ref.volume, ref.pages) == (2024, "3", Pages("2400", "2415"))
    ref = parse(
        "Okoro, Tunde. 2010. “A Made-up Chapter.” In The Handbook of Sleep, edited by Hanna "
        "Lind and Bo Roe, 12–34. Boston: Pub."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.title, ref.journal) == ("A Made-up Chapter", "The Handbook of Sleep")
    assert (ref.year, ref.pages) == (2010, Pages("12", "34"))


def test_vancouver_chapter_is_read_as_before() -> None:
    ref = parse("Doe J. Sleep. In: Roe P, editor. Handbook of sleep. Boston: Pub; 2010. p. 1-10.")
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.title, ref.journal) == ("Sleep", "Handbook of sleep")
    assert ([e.family for e in ref.editors], ref.pages) == (["Roe"], Pages("1", "10"))


@pytest.mark.parametrize(
    "text",
    [
        # Chicago with initials only; Harvard's compact initials; a year ending the list.
        'Okoro, A. J., L. B. Lind, and S. L. Roe. 1994. "Made-up Guide: Part v." Pub.',
        "Okoro, A.J., L.B. Lind and S.L. Roe. 1994. Made-up guide. Nature 5: 1-9.",
        "Okoro, A. J., Lind, L. B. and Roe, S. L. (1994). Made-up guide. Nature 5: 1-9.",
    ],
)
def test_inverted_first_name_then_names_in_reading_order(text: str) -> None:
    ref = parse(text)
    assert [(a.family, a.given) for a in ref.authors] == [
        ("Okoro", "AJ"),
        ("Lind", "LB"),
        ("Roe", "SL"),
    ]
    assert ref.year == 1994


def test_accented_given_names_and_apostrophes_in_full_name_lists() -> None:
    ref = parse("Pérez, José C. 1994. “Made-up Mixed Models.” PhD thesis, University of Made-up.")
    assert [(a.family, a.given) for a in ref.authors] == [("Pérez", "JC")]
    assert (ref.title, ref.year) == ("Made-up Mixed Models", 1994)
    ref = parse(
        "O’Reilly, Robert A., and Mélanie M. Roe. 1968. “Made-up Warfarin.” Circulation 38 (1): "
        "169–77."
    )
    assert [(a.family, a.given) for a in ref.authors] == [("O'Reilly", "RA"), ("Roe", "MM")]
    assert (ref.journal, ref.volume, ref.issue, ref.pages) == (
        "Circulation",
        "38",
        "1",
        Pages("169", "177"),
    )


def test_particle_after_initials_before_a_bracketed_year() -> None:
    ref = parse("Walden F von (2019) Made-up ribosomes. J Appl Physiol 127:591-598.")
    assert (ref.authors[0].family, ref.authors[0].given, ref.year) == ("Walden", "F", 2019)
    assert ref.title == "Made-up ribosomes"


def test_plain_bst_proceedings_with_an_ordinal_and_a_year_in_its_name() -> None:
    # plain/abbrv .bbl: "In 8th Symposium ..., TGC 2013, pages 22-41, Place, 2014. Pub."
    ref = parse(
        "Hanna Lind, Tunde Okoro, and Bo Roe. A made-up protocol language. In 8th "
        "International Symposium on Made-up Computing, TGC 2013, pages 22-41, Berlin, 2014. "
        "Springer."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert ref.title == "A made-up protocol language"
    assert (ref.year, ref.pages) == (2014, Pages("22", "41"))
    assert ref.journal is not None and ref.journal.startswith("8th International Symposium")


def test_inverted_first_author_then_and_with_initials() -> None:
    ref = parse("Okoro, J. and S. Lind. 2011. A made-up companion to regression. Sage, London.")
    assert [(a.family, a.given) for a in ref.authors] == [("Okoro", "J"), ("Lind", "S")]
    assert (ref.year, ref.title) == (2011, "A made-up companion to regression")
    # Both names inverted: read as before.
    ref = parse("Okoro, J. and Lind, S. (2001). Made-up title. Nature 5: 1-9.")
    assert [(a.family, a.given) for a in ref.authors] == [("Okoro", "J"), ("Lind", "S")]


def test_apa_book_from_chapman_and_hall() -> None:
    ref = parse("Okoro, J. (1986). The made-up analysis of compositional data. Chapman & Hall.")
    assert ref.type is ReferenceType.BOOK
    assert (ref.publisher, ref.journal, ref.year) == ("Chapman & Hall", None, 1986)


def test_bmc_year_before_the_volume_and_an_issue_that_looks_like_a_year() -> None:
    ref = parse("Okoro A, Lind G: Made-up arctic foxes. Proc Biol Sci 2012, 279(1747):4568-4573.")
    assert (ref.year, ref.volume, ref.issue) == (2012, "279", "1747")
    # A bracketed year after the volume, with no year before it, is still the year.
    ref = parse("Okoro T. Made-up sleep. J. Sleep Res. 12 (2010) 45-67.")
    assert (ref.year, ref.volume, ref.issue) == (2010, "12", None)


def test_group_author_after_persons_with_its_acronym() -> None:
    ref = parse(
        "Okoro FD, Lind AK, Roe R, Midlands Made-up Practices Consortium (MidMUP). Prognosis "
        "of made-up failure. Eur Heart J. 2007;28:1128-34."
    )
    assert [a.family for a in ref.authors] == ["Okoro", "Lind", "Roe"]
    assert ref.collective == "Midlands Made-up Practices Consortium (MidMUP)"
    assert ref.title == "Prognosis of made-up failure"


@pytest.mark.parametrize(
    ("text", "group", "title"),
    [
        (
            "WHO. Made-up tuberculosis report 2013. Geneva: WHO; 2013.",
            "WHO",
            "Made-up tuberculosis report 2013",
        ),
        (
            "UNAIDS. Made-up AIDS update. 2016. Available from: http://example.org",
            "UNAIDS",
            "Made-up AIDS update",
        ),
    ],
)
def test_organisation_known_by_its_acronym(text: str, group: str, title: str) -> None:
    ref = parse(text)
    assert (ref.authors, ref.collective, ref.title) == ((), group, title)


def test_hindawi_single_author_with_one_initial_before_a_quoted_title() -> None:
    # "Health" in the journal once made the names' "sentence" read as a group.
    ref = parse(
        'N. Okoro, "Improving made-up workforce retention," Rural and Remote Health, vol. 10, '
        "article 1319, 2010."
    )
    assert ([a.family for a in ref.authors], ref.collective) == (["Okoro"], None)
    assert (ref.title, ref.journal, ref.volume) == (
        "Improving made-up workforce retention",
        "Rural and Remote Health",
        "10",
    )


@pytest.mark.parametrize(
    ("text", "group", "title"),
    [
        (
            'Centers for Made-up Disease Control (CDC), "Made-up hamster bites, 2004," Morbidity '
            "and Mortality Weekly Report, vol. 53, no. 51, pp. 1202-1203, 2005.",
            "Centers for Made-up Disease Control (CDC)",
            "Made-up hamster bites, 2004",
        ),
        ('UNAIDS, "Made-up Facts and Figures," 2006, http://example.org/.', "UNAIDS", None),
        ("WHO, Made-up Malaria Report 2013, WHO, Geneva, Switzerland, 2013.", "WHO", None),
    ],
)
def test_hindawi_group_author_before_a_comma(text: str, group: str, title: str | None) -> None:
    ref = parse(text)
    assert (ref.authors, ref.collective) == ((), group)
    if title is not None:
        assert ref.title == title


def test_capitalised_words_before_a_comma_are_no_group_without_a_group_word() -> None:
    ref = parse("Heart Failure, Atrial Fibrillation. Lancet. 2011;3:1-2.")
    assert ref.collective is None


def test_hindawi_supplement_printed_before_the_issue() -> None:
    ref = parse(
        'L. M. Okoro, "Made-up cytomegalovirus disease," American Journal of Health-System '
        "Pharmacy, vol. 63, supplement 5, no. 19, pp. S3– S9, 2006."
    )
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("63", "19", Pages("S3", "S9"), 2006)
    ref = parse(
        'I. C. Okoro, "Made-up infections," Australian Dental Journal, vol. 50, supplement, '
        "no. 4, pp. S74–S81, 2005."
    )
    assert (ref.volume, ref.issue, ref.pages) == ("50", "4", Pages("S74", "S81"))
    ref = parse('A. Okoro, "Made-up cells," Andrologia, vol. 30, supplement 1, pp. 73-80, 1998.')
    assert (ref.volume, ref.issue, ref.pages) == ("30", "Suppl 1", Pages("73", "80"))


def test_acronym_group_before_a_comma_and_an_unquoted_title() -> None:
    ref = parse("WHO, Made-up Access to Testing. An Operational Manual, WHO, Geneva, 2011.")
    assert (ref.collective, ref.title) == ("WHO", "Made-up Access to Testing")


def test_bmc_2014_discussion_note_and_bare_epub() -> None:
    ref = parse("Okoro R, Lind M: Made-up exercise. Br J Sports Med 2003, 37:6–12. discussion 12.")
    assert (ref.journal, ref.volume, ref.pages, ref.year) == (
        "Br J Sports Med",
        "37",
        Pages("6", "12"),
        2003,
    )
    ref = parse("Okoro SY, Lind CL: Made-up obesity prevalence. Matern Child Health J 2008, Epub.")
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert (ref.journal, ref.year, ref.volume) == ("Matern Child Health J", 2008, None)


def test_discussion_inside_a_title_is_left_alone() -> None:
    ref = parse("Roe P. A discussion 12 of made-up cases. J Y 2001, 5:1-9.")
    assert ref.title == "A discussion 12 of made-up cases"
    assert (ref.volume, ref.pages) == ("5", Pages("1", "9"))


def test_anonymous_work_whose_title_names_an_organisation() -> None:
    ref = parse(
        "Anonymous. The Made-up Union Zoonoses Report | EFSA. 2022. Available from: "
        "https://example.org/pub/7666 [Last accessed: 4/14/2023]."
    )
    assert (ref.collective, ref.authors) == (None, ())
    assert ref.title == "The Made-up Union Zoonoses Report | EFSA"
    assert ref.year == 2022
