"""parse_reference on printed Vancouver/NLM references (strings written for these tests)."""

from __future__ import annotations

import pytest

from refcheck.models import Author, FindingField, Pages, RawReference, Reference, ReferenceType
from refcheck.parse import parse_reference


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


def codes(text: str) -> list[str]:
    return [f.code for f in parse_reference(RawReference(None, text, None)).findings]


# ------------------------------------------------------------------ journal articles


def test_plain_vancouver_article() -> None:
    ref = parse(
        "Gutierrez A Jr, Wetter DA. Calcinosis cutis in autoimmune connective tissue "
        "diseases. Dermatol Ther. 2012;25(2):195-206."
    )
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert ref.authors == (Author("Gutierrez", "A", "Jr"), Author("Wetter", "DA"))
    assert ref.et_al is False
    assert ref.title == "Calcinosis cutis in autoimmune connective tissue diseases"
    assert ref.journal == "Dermatol Ther"
    assert (ref.year, ref.volume, ref.issue) == (2012, "25", "2")
    assert ref.pages == Pages("195", "206")


def test_full_date_and_abbreviated_last_page() -> None:
    ref = parse(
        "Halvorsen KT, Lindqvist E. Sodium intake and blood pressure in older adults. "
        "N Engl J Med. 2002 Jul 25;347(4):284-7."
    )
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("N Engl J Med", 2002, "347", "4")
    assert ref.pages == Pages("284", "287")


def test_space_after_colon_and_unicode_dash() -> None:
    ref = parse(
        "Okafor CN, Brandt ML. Outcomes of day-case hernia repair. Br J Surg. 2009;67: 1530–9."
    )
    assert ref.volume == "67"
    assert ref.pages == Pages("1530", "1539")


def test_supplement_volume_and_s_pages() -> None:
    ref = parse(
        "Marsh PL, Oduya T. Vaccine uptake in rural clinics. Int J Epidemiol. "
        "2010;42 Suppl 1:S12-5."
    )
    assert ref.volume == "42"
    assert ref.issue == "Suppl 1"
    assert ref.pages == Pages("S12", "S15")


def test_electronic_page_range() -> None:
    ref = parse("Ferreira LM, Kahn R. Statin use after stroke. Neurology. 2013;51:e319-20.")
    assert ref.pages == Pages("e319", "e320")


def test_article_number_instead_of_pages() -> None:
    ref = parse(
        "Ibarra JC, Wen Q. Reproducible pipelines for single-cell data. BMC Bioinformatics. "
        "2020;19:91."
    )
    assert (ref.volume, ref.pages) == ("19", Pages("91", None))


def test_space_after_semicolon_and_full_last_page() -> None:
    ref = parse(
        "Lindgren S, Pauli R. Gastric emptying in diabetes. Gastroenterology 1997; 99:117-124."
    )
    # No period between journal and year: still split.
    assert ref.journal == "Gastroenterology"
    assert (ref.year, ref.volume, ref.pages) == (1997, "99", Pages("117", "124"))


def test_no_period_between_title_and_journal() -> None:
    ref = parse(
        "Tamura K, Ortiz B. Expression of heat shock proteins in cultured myocytes "
        "J Mol Cell Cardiol 1998; 30:1121-1130."
    )
    assert ref.title == "Expression of heat shock proteins in cultured myocytes"
    assert ref.journal == "J Mol Cell Cardiol"


def test_unabbreviated_journal_name() -> None:
    ref = parse(
        "Novak P, Rhee J. Sleep duration and insulin resistance. Journal of Clinical "
        "Endocrinology and Metabolism. 2015;100(4):1402-10."
    )
    assert ref.journal == "Journal of Clinical Endocrinology and Metabolism"
    assert ref.pages == Pages("1402", "1410")


def test_question_mark_ends_the_title() -> None:
    ref = parse("Haas EJ, Moyo T. Does screening reduce mortality? Lancet Oncol. 2011;12(3):240-8.")
    assert ref.title == "Does screening reduce mortality?"
    assert ref.journal == "Lancet Oncol"


def test_title_with_inner_full_stop() -> None:
    ref = parse(
        "Berg P, Lu X. Calcium signalling in plants. II. Guard cells. Plant Cell. 2004;16:880-92."
    )
    assert ref.title == "Calcium signalling in plants. II. Guard cells"
    assert ref.journal == "Plant Cell"


def test_old_plos_style_with_year_after_authors() -> None:
    ref = parse(
        "Moreau A, Fitzgerald K, Osei D, et al. (2010) Tidal forcing of larval dispersal. "
        "J Name 8: 16–20."
    )
    assert ref.et_al is True
    assert [a.family for a in ref.authors] == ["Moreau", "Fitzgerald", "Osei"]
    assert ref.year == 2010
    assert ref.title == "Tidal forcing of larval dispersal"
    assert ref.journal == "J Name"
    assert (ref.volume, ref.pages) == ("8", Pages("16", "20"))


def test_plos_style_with_issue_and_electronic_page() -> None:
    ref = parse(
        "Quispe R, Adeyemi O (2012) Mosquito swarming acoustics. PLoS Comput Biol 8(4): "
        "e1002476. doi:10.1371/journal.pcbi.1002476"
    )
    assert (ref.year, ref.volume, ref.issue) == (2012, "8", "4")
    assert ref.pages == Pages("e1002476", None)
    assert ref.doi == "10.1371/journal.pcbi.1002476"


def test_labelled_volume_issue_pages() -> None:
    ref = parse(
        'Ortega L. M., Zhou F., and Baptiste R. K., "Planarian neoblast heterogeneity," '
        "Dev. Biol., vol. 433, no. 2, pp. 210–217, 2018."
    )
    assert [a.family for a in ref.authors] == ["Ortega", "Zhou", "Baptiste"]
    assert [a.given for a in ref.authors] == ["LM", "F", "RK"]
    assert ref.title == "Planarian neoblast heterogeneity"
    assert ref.journal == "Dev. Biol"
    assert (ref.year, ref.volume, ref.issue) == (2018, "433", "2")
    assert ref.pages == Pages("210", "217")


def test_epub_ahead_of_print() -> None:
    text = (
        "Kaur H, Delgado M. Tenecteplase in minor stroke. Stroke. 2021 [Epub ahead of print]. "
        "doi:10.1161/STROKEAHA.121.034567"
    )
    ref = parse(text)
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert (ref.journal, ref.year, ref.volume) == ("Stroke", 2021, None)
    assert ref.doi == "10.1161/STROKEAHA.121.034567"
    assert codes(text) == ["RC007"]


# ------------------------------------------------------------------ identifiers


@pytest.mark.parametrize(
    ("tail", "doi", "pmid", "pmcid"),
    [
        ("doi: 10.1016/j.jcv.2019.04.012", "10.1016/j.jcv.2019.04.012", None, None),
        ("https://doi.org/10.1016/j.jcv.2019.04.012", "10.1016/j.jcv.2019.04.012", None, None),
        ("DOI:10.1016/j.jcv.2019.04.012.", "10.1016/j.jcv.2019.04.012", None, None),
        ("http://dx.doi.org/10.1016/j.jcv.2019.04.012.", "10.1016/j.jcv.2019.04.012", None, None),
        ("PMID: 31055217.", None, "31055217", None),
        (
            "doi: 10.1016/j.jcv.2019.04.012. PMID: 31055217; PMCID: PMC6543210.",
            "10.1016/j.jcv.2019.04.012",
            "31055217",
            "PMC6543210",
        ),
        ("doi: 10.1016/j.jcv.2019.04.012 31055217", "10.1016/j.jcv.2019.04.012", "31055217", None),
        ("PubMed PMID: 31055217.", None, "31055217", None),
    ],
)
def test_trailing_identifiers(
    tail: str, doi: str | None, pmid: str | None, pmcid: str | None
) -> None:
    ref = parse(
        f"Rossi G, Nakamura Y. Viral shedding in children. J Clin Virol. 2019;116:1-7. {tail}"
    )
    assert (ref.doi, ref.pmid, ref.pmcid) == (doi, pmid, pmcid)
    # Identifiers never leak into the fields read before them.
    assert ref.pages == Pages("1", "7")
    assert ref.journal == "J Clin Virol"


def test_doi_with_parentheses_keeps_them() -> None:
    ref = parse(
        "Abe T. Lipid rafts. Biochim Biophys Acta. 2001;1510:1-9. "
        "doi:10.1016/S0005-2736(00)00348-0."
    )
    assert ref.doi == "10.1016/S0005-2736(00)00348-0"


# ------------------------------------------------------------------ authors


def test_particles_hyphens_and_non_ascii() -> None:
    ref = parse(
        "van der Berg J, De Souza AB, Nestal-Zibo H, Alpöz E, Müller K-M, O'Neill P. "
        "Salivary biomarkers of caries risk. Caries Res. 2016;50(2):101-9."
    )
    assert ref.authors == (
        Author("van der Berg", "J"),
        Author("De Souza", "AB"),
        Author("Nestal-Zibo", "H"),
        Author("Alpöz", "E"),
        Author("Müller", "K-M"),
        Author("O'Neill", "P"),
    )


def test_long_list_with_et_al() -> None:
    names = ", ".join(f"Author{chr(65 + i)} {chr(65 + i)}" for i in range(6))
    ref = parse(f"{names}, et al. Multicentre trial of early mobilisation. BMJ. 2019;364:l720.")
    assert len(ref.authors) == 6
    assert ref.et_al is True
    assert ref.title == "Multicentre trial of early mobilisation"


def test_group_author_after_persons() -> None:
    ref = parse(
        "Lindahl B, Okoye C; SWEDEHEART Study Group. Troponin thresholds in chest pain. "
        "Eur Heart J. 2017;38(3):180-9."
    )
    assert [a.family for a in ref.authors] == ["Lindahl", "Okoye"]
    assert ref.collective == "SWEDEHEART Study Group"
    assert ref.title == "Troponin thresholds in chest pain"


def test_group_author_alone() -> None:
    ref = parse(
        "World Health Organization. Global tuberculosis report 2020. Geneva: World Health "
        "Organization; 2020."
    )
    assert ref.authors == ()
    assert ref.collective == "World Health Organization"
    assert ref.type is ReferenceType.BOOK
    assert ref.title == "Global tuberculosis report 2020"
    assert (ref.place, ref.year) == ("Geneva", 2020)


def test_anonymous_article_first_sentence_is_title() -> None:
    text = "Thrombolysis for all? Lancet. 1995;346(8971):1-2."
    ref = parse(text)
    assert ref.collective is None
    assert ref.title == "Thrombolysis for all?"
    assert "RC003" in codes(text)


def test_dotted_initials_and_and() -> None:
    ref = parse(
        'Kowalski J. P., and Reyes M., "Soil carbon after wildfire," Geoderma, vol. 12, '
        "no. 3, pp. 5-9, 2020."
    )
    assert ref.authors == (Author("Kowalski", "JP"), Author("Reyes", "M"))


def test_ampersand_and_year_after_authors() -> None:
    ref = parse(
        "FERRAZ AL, OKUMA T & LIMA PR. 2015. Basalt weathering in southern Brazil. "
        "J S Am Earth Sci 62: 101-112."
    )
    assert [a.family for a in ref.authors] == ["FERRAZ", "OKUMA", "LIMA"]
    assert ref.year == 2015
    assert ref.journal == "J S Am Earth Sci"
    assert ref.pages == Pages("101", "112")


# ------------------------------------------------------------------ other types


def test_book_with_edition() -> None:
    ref = parse("Halstead RF. Clinical hematology. 2nd ed. Philadelphia: Saunders; 2006.")
    assert ref.type is ReferenceType.BOOK
    assert ref.title == "Clinical hematology"
    assert ref.edition == "2nd ed"
    assert (ref.place, ref.publisher, ref.year) == ("Philadelphia", "Saunders", 2006)


def test_chapter_with_editors_and_pages() -> None:
    ref = parse(
        "Moreno LA, Tse K. Nutrition in the first year. In: Pereira D, Walsh JM, editors. "
        "Paediatric nutrition handbook. 3rd ed. London: Hodder; 2014. p. 93-113."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert ref.title == "Nutrition in the first year"
    assert ref.editors == (Author("Pereira", "D"), Author("Walsh", "JM"))
    assert ref.journal == "Paediatric nutrition handbook"
    assert ref.year == 2014
    assert ref.pages == Pages("93", "113")


def test_web_page() -> None:
    ref = parse(
        "National Cancer Institute. Cancer stat facts: melanoma [Internet]. Bethesda (MD): "
        "NCI; 2020 [cited 2020 Jan 1]. Available from: https://seer.cancer.gov/statfacts/"
    )
    assert ref.type is ReferenceType.WEB
    assert ref.collective == "National Cancer Institute"
    assert ref.title == "Cancer stat facts: melanoma"
    assert ref.year == 2020
    assert ref.url == "https://seer.cancer.gov/statfacts/"


def test_conference_paper() -> None:
    ref = parse(
        "Sato H, Greene LT. Wearable gait sensors for falls prevention. In: Proceedings of "
        "the 9th International Conference on Body Sensor Networks; 2012 May 9-12; London, "
        "UK. p. 44-9."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert ref.title == "Wearable gait sensors for falls prevention"
    assert ref.year == 2012
    assert ref.pages == Pages("44", "49")


def test_thesis() -> None:
    ref = parse(
        "Almeida RC. Fluoride exposure in schoolchildren [dissertation]. Recife: "
        "Universidade Federal de Pernambuco; 2014."
    )
    assert ref.type is ReferenceType.THESIS
    assert ref.year == 2014


def test_report() -> None:
    ref = parse(
        "Holt S, Barros M. Rural ambulance response times. Technical Report No. 14. "
        "Rural Health Observatory, 2019."
    )
    assert ref.type is ReferenceType.REPORT
    assert ref.year == 2019


# ------------------------------------------------------------------ normalisation


def test_label_is_dropped_in_every_form() -> None:
    body = "Abe T. Lipid rafts. Biochim Biophys Acta. 2001;1510:1-9."
    expected = parse(body)
    for label in ("1. ", "[1] ", "1) ", "(1) ", "12.", "\u2022 ", "- "):
        assert parse(label + body) == expected


def test_quotes_spaces_and_trailing_punctuation() -> None:
    ref = parse(
        "Abe\u00a0T.  \u201cLipid\u2009rafts\u201d revisited. Biochim Biophys Acta. "
        "2001;1510:1\u20139."
    )
    assert ref.title == '"Lipid rafts" revisited'
    assert ref.pages == Pages("1", "9")
    for value in (ref.title, ref.journal, ref.volume):
        assert value is not None
        assert value == value.strip(" .,;:")


# ------------------------------------------------------------------ findings


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("   ", "RC001"),
        ("[3] https://doi.org/10.1000/xyz123", "RC001"),
        ("Abe T. Lipid rafts. Biochim Biophys Acta. 1510(2):1-9.", "RC002"),
        ("Lipid rafts in signalling. Biochim Biophys Acta. 2001;1510:1-9.", "RC003"),
        ("Abe T, Ono K. Biochim Biophys Acta. 2001;1510:1-9.", "RC004"),
        ("Abe T, Ono K. Lipid rafts in signalling. Biochim Biophys Acta. 2001.", "RC005"),
        ("Abe T. Lipid rafts in signalling, the journal, volume nine, page one, 2001.", "RC006"),
    ],
)
def test_incomplete_references_get_a_parse_finding(text: str, code: str) -> None:
    parsed = parse_reference(RawReference(None, text, None))
    assert code in [f.code for f in parsed.findings]
    assert all(f.field is FindingField.PARSE for f in parsed.findings)
    assert all(f.severity.value in ("warning", "info") for f in parsed.findings)


def test_a_complete_reference_has_no_finding() -> None:
    assert codes("Abe T. Lipid rafts in signalling. Biochim Biophys Acta. 2001;1510:1-9.") == []


def test_raw_reference_is_kept() -> None:
    raw = RawReference(number=7, text="Abe T. Lipid rafts. Biochim Biophys Acta. 2001;1:1.", line=3)
    assert parse_reference(raw).raw is raw


# ------------------------------------------------------------------ deviations


def test_title_run_on_after_the_names_without_a_full_stop() -> None:
    ref = parse(
        "Ng AT, Faria O, Explaining seasonal influenza waves in the tropics. "
        "Epidemics; 2019 Oct; 29(4):100-9."
    )
    assert [a.family for a in ref.authors] == ["Ng", "Faria"]
    assert ref.collective is None
    assert ref.title == "Explaining seasonal influenza waves in the tropics"


def test_a_mangled_name_inside_the_list_does_not_end_it() -> None:
    ref = parse("Brandt KL, KerdilesYM, Osei K. Root exudates of maize. Plant Soil. 2004;12:1-9.")
    assert [a.family for a in ref.authors] == ["Brandt", "KerdilesYM", "Osei"]
    assert ref.title == "Root exudates of maize"


def test_particle_after_initials_and_nickname() -> None:
    ref = parse(
        "Silveira A da, Tol IAV van, Yu X (Bill), Neves ET. Caring for children with special "
        "needs. Rev Enferm UFSM. 2017;7:337-46."
    )
    assert [(a.family, a.given) for a in ref.authors] == [
        ("Silveira", "A"),
        ("Tol", "IAV"),
        ("Yu", "X"),
        ("Neves", "ET"),
    ]
    assert ref.title == "Caring for children with special needs"


def test_journal_abbreviations_after_a_second_title_sentence() -> None:
    ref = parse(
        "Flores P, Kim D. Binding of ligands to RhoA. Structural basis of the switch region "
        "J Biol Chem 1998; 273:2698-2705."
    )
    assert ref.title == "Binding of ligands to RhoA. Structural basis of the switch region"
    assert ref.journal == "J Biol Chem"


def test_long_journal_name_with_subtitle_is_not_split() -> None:
    ref = parse(
        "Ito M, Vogel R. Tumour budding in colorectal cancer. Clinical cancer research: an "
        "official journal of the American Association for Cancer Research. 2015;21(9):2034-40."
    )
    assert ref.title == "Tumour budding in colorectal cancer"
    assert ref.journal == (
        "Clinical cancer research: an official journal of the American Association for "
        "Cancer Research"
    )


def test_medline_linked_notes_are_not_the_source() -> None:
    ref = parse(
        "Kaitin R. Drug development timelines. Clin Pharmacol Ther. 2010 Mar;87(3):356-61. "
        "Erratum in: Clin Pharmacol Ther. 2011;89(1):148."
    )
    assert (ref.year, ref.volume, ref.issue) == (2010, "87", "3")
    assert ref.pages == Pages("356", "361")


def test_year_printed_before_the_volume() -> None:
    ref = parse(
        "Reed M, Syverson P. Anonymous connections. IEEE Journal on Selected Areas in "
        "Communications, 1998, 16(4): 482-494."
    )
    assert ref.journal == "IEEE Journal on Selected Areas in Communications"
    assert (ref.year, ref.volume, ref.issue) == (1998, "16", "4")


def test_dash_lost_to_encoding_between_page_numbers() -> None:
    ref = parse(
        "Evans OB, Kilroy GM (1978) Acetazolamide in pyruvate dysmetabolism. Arch Neurol 35:302?315"
    )
    assert (ref.journal, ref.volume, ref.pages) == ("Arch Neurol", "35", Pages("302", "315"))
    assert parse("Abe T. Lipid rafts. Acta Biol. 2001;12:1245\u00e21257.").pages == Pages(
        "1245", "1257"
    )


def test_initials_first_names_and_volume_year_pages() -> None:
    ref = parse(
        "A.B. Jones, K.-M. Müller and L. van der Berg Jr., Sleep spindles in older adults, "
        "J. Sleep Res. 12 (2010) 45-67."
    )
    assert ref.authors == (
        Author("Jones", "AB"),
        Author("Müller", "K-M"),
        Author("van der Berg", "L", "Jr"),
    )
    assert ref.title == "Sleep spindles in older adults"
    assert ref.journal == "J. Sleep Res"
    assert (ref.year, ref.volume, ref.issue) == (2010, "12", None)
    assert ref.pages == Pages("45", "67")


@pytest.mark.parametrize(
    "tail",
    [
        " [PMC free article] [PubMed] [Google Scholar]",
        " Crossref Medline Google Scholar",
        " PubMed Abstract | Publisher Full Text | Google Scholar",
        " Review.",
    ],
)
def test_link_labels_copied_with_the_reference(tail: str) -> None:
    ref = parse(
        "Moreau A, Osei D (2010) Tidal forcing of larval dispersal. J Name 8: 16-20." + tail
    )
    assert (ref.title, ref.journal, ref.volume) == (
        "Tidal forcing of larval dispersal",
        "J Name",
        "8",
    )
    assert ref.pages == Pages("16", "20")


def test_in_press_article() -> None:
    text = "Moreau A, Osei D. Tidal forcing of larval dispersal. J Mar Res (in press)."
    ref = parse(text)
    assert ref.type is ReferenceType.JOURNAL_ARTICLE
    assert (ref.title, ref.journal, ref.year) == (
        "Tidal forcing of larval dispersal",
        "J Mar Res",
        None,
    )
    assert "RC002" not in codes(text)
