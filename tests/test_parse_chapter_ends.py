"""Printed patterns the parser reads by general rules (made-up references; only their
layout follows what real lists print)."""

from __future__ import annotations

from refcheck.models import Pages, RawReference, Reference, ReferenceType
from refcheck.parse import parse_reference
from refcheck.parse.text_grammar import layout_of


def parse(text: str) -> Reference:
    return parse_reference(RawReference(number=None, text=text, line=None)).reference


def test_chapter_ending_in_volume_and_pages_without_a_label() -> None:
    text = (
        "ROE P & DOE J. 1991. Basalts of the southern plateau. In: Moe K & Poe L (Eds), "
        "The flood volcanism of the south. Lisbon: Institute of Geosciences 2: 47-72."
    )
    ref = parse(text)
    assert layout_of(text) == "chapter"
    assert (ref.title, ref.journal) == (
        "Basalts of the southern plateau",
        "The flood volcanism of the south",
    )
    assert (ref.volume, ref.pages) == ("2", Pages("47", "72"))


def test_chapter_in_a_multi_volume_book_volume_and_pages_after_the_year() -> None:
    ref = parse(
        "Doe J. Sleep scales. In: Roe P, Poe L, eds. Textbook of Sleep 3rd ed. "
        "Boston, Ma: Pub and Sons; 1997; 2:410-425."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.year, ref.volume, ref.pages) == (1997, "2", Pages("410", "425"))


def test_chapter_ending_in_a_bare_page_range_after_the_imprint() -> None:
    ref = parse(
        "Doe J (2009) Sleep in cats. In: Cats at rest. Roe P, Poe L, editors. London: Pub. 211-230."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.journal, ref.pages) == ("Cats at rest", Pages("211", "230"))


def test_a_range_of_years_ending_a_chapter_is_not_its_pages() -> None:
    ref = parse("Doe J (2009) Sleep. In: Cats at rest. Roe P, editors. London: Pub. 1990-1995.")
    assert ref.type is ReferenceType.CHAPTER
    assert ref.pages is None


def test_a_books_volume_after_its_title() -> None:
    text = "Doe J (2001) A theory of sleep in mammals, volume 2. Pub & Sons, Boston, USA."
    ref = parse(text)
    assert layout_of(text) == "loose"
    assert (ref.title, ref.volume) == ("A theory of sleep in mammals", "2")


def test_a_title_that_names_a_volume_inside_keeps_it() -> None:
    ref = parse("Doe J (2001) Volume 2 of the sleep survey revisited. Pub & Sons, Boston, USA.")
    assert (ref.title, ref.volume) == ("Volume 2 of the sleep survey revisited", None)


def test_chapter_whose_pages_come_before_in() -> None:
    text = (
        "Doe J, Roe P (1994) Sleep of arctic foxes. Pages 101-120 in Moe K, Poe L, and "
        "Loe M, editors. Arctic mammals at rest. Pub Press, Boston, USA."
    )
    ref = parse(text)
    assert layout_of(text) == "chapter"
    assert (ref.title, ref.journal) == ("Sleep of arctic foxes", "Arctic mammals at rest")
    assert ref.pages == Pages("101", "120")
    assert [a.family for a in ref.editors] == ["Moe", "Poe", "Loe"]


def test_apa_list_cut_by_an_ellipsis_before_the_ampersand() -> None:
    ref = parse(
        "Doe, A. B., Roe, C. D., Moe, E. F., ... & Van Poe, G. (2020). Sleep in young "
        "adults. Journal of sleep studies, 14."
    )
    assert [a.family for a in ref.authors] == ["Doe", "Roe", "Moe", "Van Poe"]
    assert (ref.title, ref.journal, ref.volume) == (
        "Sleep in young adults",
        "Journal of sleep studies",
        "14",
    )


def test_nature_style_pages_and_year_without_a_volume() -> None:
    text = "Doe, A. & Roe, B. Sleep in flies. Genetics 211-219 (1961)."
    ref = parse(text)
    assert layout_of(text) == "journal"
    assert (ref.journal, ref.volume, ref.year) == ("Genetics", None, 1961)
    assert ref.pages == Pages("211", "219")


def test_chapter_in_a_numbered_series_volume() -> None:
    ref = parse(
        "Doe, J., and Roe, P.L. (2016). Sleep sites. In K.L. Moe, ed. Current Topics in "
        "Sleep vol. 42 of Essays on Sleep, Part B pp. 155-169."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert (ref.journal, ref.volume, ref.pages) == (
        "Current Topics in Sleep",
        "42",
        Pages("155", "169"),
    )


def test_name_year_book_with_its_length_after_a_page_label() -> None:
    text = "Doe JK (1998) Field guide to sleeping fishes. Boston: Roe P. Moe Inc.. p. 530."
    ref = parse(text)
    assert layout_of(text) == "name-year book"
    assert (ref.title, ref.place, ref.publisher) == (
        "Field guide to sleeping fishes",
        "Boston",
        "Roe P. Moe Inc",
    )
    assert (ref.volume, ref.pages) == (None, Pages("530"))


def test_a_number_after_a_page_label_is_not_a_volume() -> None:
    ref = parse("Doe J (2001) Sleep of fishes. Sleep Society Special Publication. pp. 601-674.")
    assert ref.volume is None
    assert ref.pages == Pages("601", "674")


def test_a_journal_series_after_a_full_stop_is_part_of_the_journal() -> None:
    ref = parse(
        "Doe J (2011) Sleep in owls. Transactions of the Royal Society of Sleep. Series A, "
        "Physical Sciences. 21:101-110."
    )
    assert (ref.title, ref.journal) == (
        "Sleep in owls",
        "Transactions of the Royal Society of Sleep. Series A, Physical Sciences",
    )


def test_a_publisher_named_after_a_person_keeps_the_initial() -> None:
    text = "Doe J. City of Sleep. Jane K. Roe Books; 2014."
    ref = parse(text)
    assert layout_of(text) == "loose"
    assert (ref.type, ref.title, ref.publisher) == (
        ReferenceType.BOOK,
        "City of Sleep",
        "Jane K. Roe Books",
    )


def test_ieee_issue_printed_as_a_part() -> None:
    ref = parse(
        'Doe J. and Roe P., "Sleep in flies," J. Sleep Sci., vol. 12, no. Pt 2, pp. 108-120, 2013.'
    )
    assert (ref.journal, ref.volume, ref.issue) == ("J. Sleep Sci", "12", "Pt 2")
    assert ref.pages == Pages("108", "120")


def test_issue_without_a_volume_before_the_pages() -> None:
    ref = parse("Doe J (2010) Sleep of mice. J Sleep Res. (8): 1562-6.")
    assert (ref.journal, ref.volume, ref.issue) == ("J Sleep Res", None, "8")
    assert ref.pages == Pages("1562", "1566")
    ref = parse("Doe J, Roe P. Sleep of mice. Zh Sna. 1999: (6):16-9.")
    assert (ref.journal, ref.year, ref.volume, ref.issue) == ("Zh Sna", 1999, None, "6")
    assert ref.pages == Pages("16", "19")


def test_volume_then_issue_with_a_space_keeps_the_volume() -> None:
    ref = parse("Doe J (2010) Sleep of mice. J Sleep Res 12 (8): 1562-6.")
    assert (ref.journal, ref.volume, ref.issue) == ("J Sleep Res", "12", "8")


def test_proceedings_named_in_dotted_abbreviations() -> None:
    ref = parse(
        "Doe J, Roe P (2009) Sleep in robots. In: Proc. Tenth Conf. Artif. Sleep. "
        "SLP Press, pp. 65-74."
    )
    assert ref.journal == "Proc. Tenth Conf. Artif. Sleep"
    assert ref.pages == Pages("65", "74")
    ref = parse("Doe J (2009) Sleep in robots. In: Robot. Sci. Sleep. volume 2.")
    assert (ref.journal, ref.volume) == ("Robot. Sci. Sleep", "2")


def test_a_one_word_book_title_is_not_an_abbreviated_name() -> None:
    ref = parse("Doe J. Sleep. In: Roe P, editor. Sleep. Boston, MA. pp 1-10.")
    assert ref.journal == "Sleep"


def test_a_year_inside_the_journal_names_bracket_stays_in_the_name() -> None:
    ref = parse("Doe J (1960) Sleep of frogs. Actas del Congreso (Lima, 1959) 4: 13-17.")
    assert (ref.journal, ref.volume, ref.year) == (
        "Actas del Congreso (Lima, 1959)",
        "4",
        1960,
    )


def test_revtex_eprint_label_before_a_link_is_not_text() -> None:
    text = (
        "J. Doe and A. Roe, Sleep News 19, 18 (2008) https://doi.org/10.1000/xyz123, "
        "_eprint: https://doi.org/10.1000/xyz123"
    )
    ref = parse(text)
    assert layout_of(text) == "journal"
    assert (ref.title, ref.journal, ref.volume, ref.year) == (None, "Sleep News", "19", 2008)
    assert (ref.pages, ref.doi) == (Pages("18"), "10.1000/xyz123")


def test_hand_typed_names_with_bare_initials_first() -> None:
    ref = parse("J Doe, MK Roe, P Moe, et al (2017). Sleep in mice. J Sleep Res. 32, 221-230")
    assert [(a.family, a.given) for a in ref.authors] == [("Doe", "J"), ("Roe", "MK"), ("Moe", "P")]
    assert (ref.et_al, ref.collective, ref.title) == (True, None, "Sleep in mice")


def test_capitalised_family_names_first_are_not_read_as_initials() -> None:
    ref = parse("LI X, WU Y. Sleep in mice. J Sleep Res. 2001;3:1-5.")
    assert [(a.family, a.given) for a in ref.authors] == [("LI", "X"), ("WU", "Y")]


def test_no_date_after_a_group_author_marks_the_group() -> None:
    ref = parse("Scottish Sleep Records. n.d. [https://example.org/sleep-records].")
    assert (ref.collective, ref.title, ref.year) == ("Scottish Sleep Records", None, None)
    assert ref.url == "https://example.org/sleep-records"


def test_no_date_after_persons_is_not_part_of_the_title() -> None:
    ref = parse("Doe J (n.d.) Sleep of cats. Cat Press.")
    assert (ref.title, ref.publisher, ref.year) == ("Sleep of cats", "Cat Press", None)


def test_a_bracketed_link_takes_its_brackets_with_it() -> None:
    ref = parse("Doe J. Sleep of cats [https://example.org/cats]. 2001.")
    assert (ref.title, ref.year, ref.url) == ("Sleep of cats", 2001, "https://example.org/cats")


def test_cochrane_issue_and_article_number() -> None:
    text = (
        "Doe J, Roe P, et al. Exercise for sleep. Cochrane Database Syst Rev. 2008;. Issue 2. "
        "Art. No.: CD000123. doi:10.1002/14651858.CD000123.pub2."
    )
    ref = parse(text)
    assert layout_of(text) == "journal"
    assert (ref.title, ref.journal, ref.year) == (
        "Exercise for sleep",
        "Cochrane Database Syst Rev",
        2008,
    )
    assert (ref.volume, ref.issue, ref.pages) == (None, "2", Pages("CD000123"))


def test_group_in_a_bmc_author_list_ends_at_the_colon() -> None:
    ref = parse(
        "Doe AD, Roe V, Sleep Review Group: 2009 updated guidelines for sleep reviews. "
        "Sleep Res 2009, 34:1929-1941."
    )
    assert [a.family for a in ref.authors] == ["Doe", "Roe"]
    assert ref.collective == "Sleep Review Group"
    assert (ref.title, ref.journal) == ("2009 updated guidelines for sleep reviews", "Sleep Res")


def test_abstract_book_of_a_forum_is_a_conference() -> None:
    ref = parse(
        "Doe CW, Roe RW: Sleep outcomes revisited. In Abstract Book of the X 'International "
        "Sleep Forum'. Odense: 2012."
    )
    assert ref.type is ReferenceType.CONFERENCE
    assert ref.title == "Sleep outcomes revisited"


def test_two_name_year_references_run_together_read_the_first() -> None:
    ref = parse(
        "Doe JK, Roe P (1985). Sleep of arctic foxes in winter. Ecology. 77:822-840.Moe L III, "
        "and Poe K (1996). Sleep of tundra voles. Oikos. 66:564-576."
    )
    assert (ref.title, ref.journal, ref.year, ref.volume) == (
        "Sleep of arctic foxes in winter",
        "Ecology",
        1985,
        "77",
    )
    assert ref.pages == Pages("822", "840")


def test_a_quoted_title_ends_at_its_closing_quote() -> None:
    ref = parse(
        'Doe A., "Sleep in flies: an updated view," Sleep Meth. Protoc. Methods Mol. Biol., '
        "vol. 15, pp. 265-277, 2017."
    )
    assert (ref.title, ref.journal) == (
        "Sleep in flies: an updated view",
        "Sleep Meth. Protoc. Methods Mol. Biol",
    )


def test_a_quoted_word_opening_a_title_does_not_end_it() -> None:
    ref = parse('Doe J. "Sleep" in mice. J. Sleep Res. 2001;3:1-5.')
    assert (ref.title, ref.journal) == ('"Sleep" in mice', "J. Sleep Res")


def test_chapter_pages_in_roman_numerals() -> None:
    ref = parse(
        "Doe KD. Foreword. In: Roe TF, editor. Encyclopedia of sleep. Oxford: Pub; 2012. "
        "p. xxi-xxv."
    )
    assert ref.type is ReferenceType.CHAPTER
    assert ref.pages == Pages("xxi", "xxv")


def test_acm_article_number_between_volume_and_pages() -> None:
    ref = parse("Doe C, Roe S (2013) Sleep trajectories. ACM Sleep Surveys 45: 42:1-31.")
    assert (ref.journal, ref.volume) == ("ACM Sleep Surveys", "45")
    assert ref.pages == Pages("1", "31")


def test_a_space_slipped_into_a_labelled_dois_prefix() -> None:
    ref = parse("Doe S. Sleep of worms. Pedobiologia. 2015;58:23-32. doi:10 .1016/j.x.2015.01")
    assert (ref.doi, ref.journal) == ("10.1016/j.x.2015.01", "Pedobiologia")
    assert parse("Doe S. Sleep of 10 .1016/worms. J Sleep. 2015;58:23-32.").doi is None


def test_group_in_its_own_sentence_after_et_al() -> None:
    ref = parse(
        "Doe S, Roe AJ, Moe PJ et al. Lisbon Sleep Expert Group. Sleep disorders: update on "
        "definitions. Sleep Care. 2010 Oct;33(10):2285-93."
    )
    assert [a.family for a in ref.authors] == ["Doe", "Roe", "Moe"]
    assert (ref.collective, ref.title) == (
        "Lisbon Sleep Expert Group",
        "Sleep disorders: update on definitions",
    )


def test_a_study_named_in_a_title_sentence_is_not_a_group_author() -> None:
    ref = parse("Doe J, et al. The Sleep Heart Study. Design and Methods. J Sleep. 2001;3:1-5.")
    assert ref.collective is None
    assert ref.title == "The Sleep Heart Study. Design and Methods"


def test_capitalised_family_names_of_several_words_before_a_comma() -> None:
    ref = parse(
        "VAN DER ROE, N., COSTA LIMA, A. B., DOE, J.I. and MOE, S., 2016. Sleep of goats. "
        "Sleep Research, vol. 62, no. 8, pp. 1002-1008."
    )
    assert [(a.family, a.given) for a in ref.authors] == [
        ("VAN DER ROE", "N"),
        ("COSTA LIMA", "AB"),
        ("DOE", "JI"),
        ("MOE", "S"),
    ]
    assert (ref.year, ref.title, ref.journal) == (2016, "Sleep of goats", "Sleep Research")
