"""PDF reference lists laid out the ways published articles set them: unnumbered entries
parted by a little space only (F1000), hanging indents (Frontiers, author-year styles), and
the run-in heading that closes the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from refcheck.extract import InputSource, extract_document, read_input
from refcheck.extract.headings import is_reference_heading, is_section_end
from refcheck.extract.pdf import (
    TextLine,
    _drop_running_lines,
    _page_text_lines,
    _without_line_numbers,
)
from refcheck.extract.text import Line, _split_block, join_lines

# Made-up references, each as its printed lines.
F1000_STYLE = [
    [
        "Roe AB, Doe JC, Poe D, et al.: Growth and maturity of the spotted",
        "dogfish in northern waters. Mar Biol Res. 2006; 57(2): 143-154.",
        "Publisher Full Text",
    ],
    [
        "Moe K, Low FB: Vitamin studies of dogfish in the State of Oregon.",
        "Biological Report. 1949; 49A: 83-114.",
        "Reference Source",
    ],
    [
        "Carr JK, Bale IE: Changes in the growth of the sharpnose shark in the",
        "Gulf of Mexico. Mar Biol Res. 2003; 54(3): 227-234.",
        "Publisher Full Text",
    ],
    [
        "Fable AJ: Properties of the growth curve. Growth. 1965; 29(3): 265-89.",
        "PubMed Abstract",
    ],
    [
        "Frank MP, Camp SE, Jones CM: Age under-estimation in porbeagle",
        "sharks. Mar Biol Res. 2007; 58(1): 10-23.",
        "Publisher Full Text",
    ],
    [
        "Kohl NE, Turn PA: Shark tagging: a review of methods and studies.",
        "Environ Biol Fish. 2001; 60(1-3): 191-223.",
        "Publisher Full Text",
    ],
]


def f1000_style_pdf(path: Path) -> None:
    """Two columns of unnumbered references, 7 pt on a 2.5 mm pitch, each entry 3.2 mm below
    the last: a gap 1.28 times the pitch, where body text leaves 1.45 or more."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    body = [
        "Sharks grow slowly and mature late, which the",
        "tagging studies of the last decades confirm.",
    ]
    for index, text in enumerate(body):
        pdf.text(15, 20 + 5 * index, text)
    pdf.text(15, 40, "References")
    pdf.set_font("Helvetica", size=7)
    for column_x, entries in ((15, F1000_STYLE[:4]), (110, F1000_STYLE[4:])):
        y = 48.0
        for entry in entries:
            for text in entry:
                pdf.text(column_x, y, text)
                y += 2.5
            y += 0.7
    pdf.output(str(path))


def test_unnumbered_entries_parted_by_a_little_space(tmp_path: Path) -> None:
    path = tmp_path / "f1000.pdf"
    f1000_style_pdf(path)
    document = extract_document(read_input(str(path)))
    expected = [" ".join(entry) for entry in F1000_STYLE]
    assert [ref.text for ref in document.references] == expected
    assert all(ref.number is None for ref in document.references)


HANGING = [
    [
        "Baron-Coe, S. (1995). Mindblindness: An Essay on Autism and Theory of Mind.",
        "Cambridge, MA: MIT Press.",
    ],
    [
        "Boitano, L., and Ciucca, P. (1995). Comparative social ecology of feral dogs",
        "and wolves. Ethol. Ecol. Evol. 7, 49-72. doi: 10.1080/08927014.1995.9522969",
    ],
    [
        "Hart, B., and Tomasetti, M. (2005). Human-like social skills in dogs? Trends Cogn.",
        "Sci. 9, 439-444. doi: 10.1016/j.tics.2005.07.003",
    ],
    [
        "Bonanno, R., and Cafazzi, S. (2014). The social organisation of a population",
        "of free-ranging dogs in a suburban area: a reassessment of the effects of",
        "domestication, in The Social Dog, eds J. Kaminsky and S. Marshall",
        "(Amsterdam: Academic Press), 65-104.",
    ],
    [
        "Mech, D. (1970). The Wolf: The Ecology and Behaviour of an Endangered Species.",
        "Garden City, NY: Natural History Press.",
    ],
    [
        "Range, F., Huber, L., and Heyes, C. (2011). Automatic imitation in dogs. Proc. R.",
        "Soc. B Biol. Sci. 278, 211-217. doi: 10.1098/rspb.2010.1142",
    ],
]


def hanging_indent_pdf(path: Path) -> None:
    """An author-year list with a hanging indent and no space between entries, closed by a
    run-in "Conflict of Interest Statement:" paragraph."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(15, 20, "Dogs cooperate with humans (Hart and Tomasetti, 2005).")
    pdf.text(15, 32, "REFERENCES")
    pdf.set_font("Helvetica", size=7)
    y = 40.0
    for entry in HANGING:
        for index, text in enumerate(entry):
            pdf.text(15 if index == 0 else 18.5, y, text)
            y += 3.3
    y += 3.3
    closing = [
        "Conflict of Interest Statement: The authors declare that the research was con-",
        "ducted in the absence of any commercial relationships. Received: 24 July 2014.",
    ]
    for text in closing:
        pdf.text(15, y, text)
        y += 3.3
    pdf.output(str(path))


def test_hanging_indent_entries_with_lines_that_look_like_references(tmp_path: Path) -> None:
    """A continuation line reading like an author ("Cambridge, MA:") or carrying a DOI's
    digits ("Sci. 9, ... 10.1016/j.tics.2005.07.003") stays with its entry; the run-in
    heading after the list ends it."""
    path = tmp_path / "hanging.pdf"
    hanging_indent_pdf(path)
    document = extract_document(read_input(str(path)))
    texts = [ref.text for ref in document.references]
    assert len(texts) == len(HANGING)
    assert [text.split(",")[0] for text in texts] == [entry[0].split(",")[0] for entry in HANGING]
    assert texts[0].endswith("Cambridge, MA: MIT Press.")
    assert texts[2].endswith("doi: 10.1016/j.tics.2005.07.003")
    assert not any("Conflict" in text for text in texts)


def _line(text: str, left: float, baseline: float, height: float = 7.0) -> TextLine:
    return TextLine(text=text, left=left, right=left + 200, baseline=baseline, height=height)


def test_a_hanging_indent_marks_entries_body_indentation_does_not() -> None:
    hanging = [
        _line("Abe, A. (2001). One.", 40, 700),
        _line("continued here.", 50, 690),
        _line("Bee, B. (2002). Two.", 40, 680),
        _line("continued here.", 50, 670),
        _line("and here.", 50, 660),
        _line("Cee, C. (2003). Three.", 40, 650),
        _line("continued here.", 50, 640),
    ]
    assert _page_text_lines(hanging).count("") == 3  # before each entry, the first too
    body = [
        _line("A paragraph opens indented", 50, 700),
        _line("and goes on at the margin", 40, 690),
        _line("for a while longer than", 40, 680),
        _line("its first line.", 40, 670),
        _line("The next one opens", 50, 660),
        _line("the same way and runs on", 40, 650),
        _line("to its end.", 40, 640),
    ]
    assert "" not in _page_text_lines(body)


def test_an_undated_part_is_the_tail_of_the_reference_before_it() -> None:
    block = [
        Line(1, "Mech, D. (1970). The Wolf: Ecology of an Endangered Species."),
        Line(2, "Garden City, NY: Natural History Press."),
        Line(3, "Smith, J. (2001). Another book. Oxford: Clarendon."),
    ]
    parts = _split_block(block)
    assert [[line.number for line in part] for part in parts] == [[1, 2], [3]]


def test_a_run_in_heading_closes_the_list() -> None:
    assert is_section_end(
        "Conflict of Interest Statement: The authors declare that the research was con-"
    )
    assert is_section_end("Competing interests: None declared by any of the authors of this work.")
    # BioMed Central's provisional PDFs: the additional files after the list.
    assert is_section_end("Additional file")
    assert is_section_end("Additional files provided with this submission:")
    # What MDPI, BMC, Medknow and Wiley print after the list.
    assert is_section_end("Sample Availability: Samples of the compounds are available.")
    assert is_section_end("Pre-publication history")
    assert is_section_end("Source of Support: Nil, Conflict of Interest: None declared.")
    assert is_section_end("How to cite this article: Kumar, A., Mishra, P. (2016), Higher")
    assert not is_section_end(
        "Funding agencies and the conduct of trials: a review. BMJ. 2001;322:1-5 and more text"
    )


def test_a_doi_broken_after_a_dot_is_joined_back() -> None:
    assert join_lines(["Anim. Behav. 67, 995-1004. doi: 10.1016/j.anbehav.2003.", "10.008"]) == (
        "Anim. Behav. 67, 995-1004. doi: 10.1016/j.anbehav.2003.10.008"
    )
    assert join_lines(["doi: 10.1016/j.", "anbehav.2005.03.025"]) == (
        "doi: 10.1016/j.anbehav.2005.03.025"
    )
    # What follows a DOI that ends the sentence stays apart.
    assert join_lines(["doi: 10.1016/j.x.2003.10.008.", "pmid: 12345"]) == (
        "doi: 10.1016/j.x.2003.10.008. pmid: 12345"
    )
    assert join_lines(["Trends Cogn.", "Sci. 9, 439-444."]) == "Trends Cogn. Sci. 9, 439-444."


NUMBERED = [
    "1. Bishop NA, Lu T, Yankner BA. Neural mechanisms of ageing. Nature. 2010;464:529-35.",
    "2. Burke SN, Barnes CA. Neural plasticity in the ageing brain. Nat Rev Neurosci.",
    "2006;7:30-40.",
    "3. Dutta S, Sengupta P. Men and mice: relating",
]


def test_a_caption_drawn_after_the_reference_column_is_read_in_its_own(tmp_path: Path) -> None:
    """The caption of a figure at the top of the left column is drawn last, after the
    references at the foot of the right column; reference 3 goes on at the top of the next
    page."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    body = [
        "guarantee the signal from the cortex to reach",
        "the CA1 region in the healthy individual [1].",
        "Acetylcholine is a regulator of neurogenesis [2,3].",
    ]
    for index, text in enumerate(body):
        pdf.text(15, 150 + 4 * index, text)
    pdf.text(110, 262, "References")
    for index, text in enumerate(NUMBERED):
        pdf.text(110, 270 + 4 * index, text)
    caption = [
        "Figure-4: Acetylcholine activity in the brain tissue with",
        "and without treatment. Statistical analysis was performed",
        "by two-tailed t-test (n=3; n.s.=non-significant).",
    ]
    for index, text in enumerate(caption):
        pdf.text(15, 100 + 4 * index, text)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.text(15, 30, "its age with human age. Life Sci. 2016;152:244-8.")
    pdf.text(15, 34, "4. Sengupta P. The laboratory rat. Int J Prev Med. 2013;4:624-30.")
    path = tmp_path / "caption.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.number for ref in document.references] == [1, 2, 3, 4]
    assert document.references[2].text == (
        "Dutta S, Sengupta P. Men and mice: relating its age with human age. "
        "Life Sci. 2016;152:244-8."
    )


def test_a_figure_drawn_after_the_reference_column_is_read_before_it(tmp_path: Path) -> None:
    """A figure across the top of the page (labels and caption) drawn after the references
    at the foot of the right column, whose list goes on over the page; a page number drawn
    first does not count as the end of a column."""
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.text(100, 290, "7")
    for index, text in enumerate(["Conflicts of interest", "The author declares none."]):
        pdf.text(15, 250 + 4 * index, text)
    pdf.text(110, 250, "References")
    lines = [
        "[1] S. Chen, J. Song, Herbal genomics: examining the biology of",
        "traditional medicines, Science 347 (2015) 527-529.",
        "[2] B. Patwardhan, D. Warude, Ayurveda and traditional Chinese",
        "medicine: a comparative overview, Evid Based Compl. Alt. Med.",
    ]
    for index, text in enumerate(lines):
        pdf.text(110, 258 + 4 * index, text)
    pdf.set_font("Helvetica", size=6)
    for x, y, label in ((40, 40, "O"), (52, 44, "CH"), (70, 60, "OH"), (120, 52, "NH")):
        pdf.text(x, y, label)
    pdf.text(40, 80, "Camptothecin (Camptotheca acuminata)")
    pdf.set_font("Helvetica", size=8)
    pdf.text(40, 92, "Fig. 5. Some important structures from medicinal plants.")
    pdf.add_page()
    pdf.set_font("Helvetica", size=8)
    pdf.text(15, 20, "2 (2005) 465-473.")
    pdf.text(15, 24, "[3] M. Modak, P. Dixit, Indian herbs and herbal drugs, J. Clin. Biochem.")
    pdf.text(15, 28, "Nutr. 40 (2007) 163-173.")
    path = tmp_path / "figure.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.number for ref in document.references] == [1, 2, 3]
    assert document.references[1].text.endswith("Evid Based Compl. Alt. Med. 2 (2005) 465-473.")


def test_the_bmc_box_after_the_last_reference_is_dropped() -> None:
    lines = [
        "References",
        "1. Roe P, Doe J. Another thing entirely. JAMA. 2018;319:1-2.",
        "2. Surendra SV, Velan M. Degradation of monoaromat‑",
        "ics by Bacillus. Braz Arch Biol Technol. 2017. https://doi.",
        "org/10.1590/1678-4324-2017160319.",
        "• fast, convenient online submission",
        "",
        "• thorough peer review by experienced researchers in your field",
        "",
        "At BMC, research is always in progress.",
        "",
        "Learn more biomedcentral.com/submissions",
    ]
    data = "\n".join(lines).encode()
    document = extract_document(InputSource(path="refs.txt", data=data, suffix=".txt"))
    assert [ref.text for ref in document.references] == [
        "Roe P, Doe J. Another thing entirely. JAMA. 2018;319:1-2.",
        "Surendra SV, Velan M. Degradation of monoaromatics by Bacillus. Braz Arch Biol "
        "Technol. 2017. https://doi.org/10.1590/1678-4324-2017160319.",
    ]


def test_a_heading_word_split_by_kerning_is_a_heading() -> None:
    """PDFium puts a space in "References" set in a bold font whose "e" tucks under the "f"."""
    assert is_reference_heading("Ref erences")
    assert not is_reference_heading("see the Refer ences below")
    assert not is_reference_heading("ref erences")


def test_reference_tails_at_the_foot_of_columns_are_not_running_lines() -> None:
    """Columns that end with a reference's last line ("pp. 241-244, 2005.") on page after
    page are not a footer; the running head that differs by its page number is."""
    pages = [
        [
            _line(f"{page * 2} F. Khalid et al.", 40, 810),
            _line(f"Journal of Things {2000 + page}; 12: {page * 10}", 40, 800),
            _line(f"Body text about {['ice', 'snow', 'rain', 'hail'][page - 1]} goes on.", 40, 700),
            _line(f"Journal Name, vol. {page}, no. 2, pp. {page}1-{page}4, 2005.", 40, 60),
        ]
        for page in range(1, 5)
    ]
    kept = _drop_running_lines(pages)
    assert all(len(lines) == 2 for lines in kept)
    assert all(lines[-1].text.endswith("2005.") for lines in kept)


def test_reference_tails_with_link_labels_are_not_running_lines() -> None:
    """MDPI ends most references with a line "1981, 1, 61-63. [CrossRef] [PubMed]": the same
    shape many times over, far apart, between different lines, and still no header."""
    topics = ["shikonin", "taxol", "alkaloids", "saponins", "terpenes", "flavonoids"]
    lines = ["References"]
    for number, topic in enumerate(topics, 1):
        lines += [
            f"{number}.",
            f"Author, A.; Other, B. Production of {topic} by cell suspension cultures of a",
            f"medicinal plant: a new medium for the production of {topic} in culture. Plant",
            f"Cell Rep. A long journal name that goes on about {topic} and fills the line.",
            f"More of the long journal name about {topic}, and on it goes for a while now.",
            f"Yet more about {topic}: the references are long, eight lines or more apart,",
            f"as a running header stands once a page, and {topic} goes on to the next line",
            f"where the title of the paper on {topic} finally ends with its journal name.",
            f"{1980 + number}, {number}, {number}1-{number}3. [CrossRef] [PubMed]",
        ]
    data = "\n".join(lines).encode()
    document = extract_document(InputSource(path="refs.txt", data=data, suffix=".txt"))
    assert len(document.references) == 6
    assert all(ref.text.endswith("[CrossRef] [PubMed]") for ref in document.references)


def test_the_older_bmc_box_after_the_last_reference_is_dropped() -> None:
    box = [
        "Publish with BioMed Central and every",
        "scientist can read your work free of charge",
        "",
        '"BioMed Central will be the most significant development for',
        'disseminating the results of biomedical research in our lifetime."',
        "",
        "Sir Paul Nurse, Cancer Research UK",
        "",
        "Your research papers will be:",
        "",
        "available free of charge to the entire biomedical community",
        "",
        "peer reviewed and published immediately upon acceptance",
        "",
        "cited in PubMed and archived on PubMed Central",
        "",
        "yours - you keep the copyright",
        "",
        "Submit your manuscript here:",
        "http://www.biomedcentral.com/info/publishing_adv.asp",
        "BioMedcentral",
    ]
    lines = ["References", "1. Roe P, Doe J. Another thing entirely. JAMA. 2018;319:1-2.", *box]
    data = "\n".join(lines).encode()
    document = extract_document(InputSource(path="refs.txt", data=data, suffix=".txt"))
    assert [ref.text for ref in document.references] == [
        "Roe P, Doe J. Another thing entirely. JAMA. 2018;319:1-2."
    ]


MATH_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuMathTeXGyre.ttf")


def test_a_character_beyond_the_bmp_comes_out_whole(tmp_path: Path) -> None:
    """PDFium gives math italic 𝑁 (U+1D441) as two UTF-16 halves; they make one character,
    not two lone surrogates that no output can encode."""
    if not MATH_FONT.is_file():
        pytest.skip("DejaVu Math font absent")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("math", fname=str(MATH_FONT))
    pdf.set_font("math", size=10)
    pdf.text(20, 30, "References")
    pdf.text(20, 40, "1. Roe P. Survival when 𝑁 = 12. J Things. 2010;22:31-42.")
    path = tmp_path / "math.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [
        "Roe P. Survival when 𝑁 = 12. J Things. 2010;22:31-42."
    ]


def test_a_page_range_broken_before_its_last_page_is_not_a_page_number() -> None:
    numbered = ["References", "1. Roe P. A title. J Things. 2010;22:31–", "42", "17"]
    numbered += ["2. Doe J. Other. J Stuff. 2011;3:4-5."]
    unnumbered = ["References", "Roe P (2010) A title. J Things 22:31–", "42", ""]
    unnumbered += ["Doe J (2011) Other. J Stuff 3:4-5."]
    for lines, first in (
        (numbered, "Roe P. A title. J Things. 2010;22:31–42"),
        (unnumbered, "Roe P (2010) A title. J Things 22:31–42"),
    ):
        data = "\n".join(lines).encode()
        document = extract_document(InputSource(path="refs.txt", data=data, suffix=".txt"))
        assert document.references[0].text == first
        assert len(document.references) == 2


def test_italics_made_by_shearing_an_upright_font_are_read(tmp_path: Path) -> None:
    """A species name set slanted by a shear of the text (no italic font) stands on the
    line's baseline: PDFium's angle for it is not a turn of the text."""
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.text(20, 30, "References")
    opening = "1. Kumar R, Balaji S. Fruit extracts of "
    pdf.text(20, 40, opening)
    x = 20 + pdf.get_string_width(opening)
    with pdf.skew(ax=12, x=x, y=40):
        pdf.text(x, 40, "Momordica charantia")
    x += pdf.get_string_width("Momordica charantia ")
    pdf.text(x, 40, "potentiate glucose uptake. J Ethnopharmacol 2009;126:533-7.")
    with pdf.rotation(90, x=195, y=200):
        pdf.text(195, 200, "Downloaded from a repository on 1 January 2020")  # a banner
    path = tmp_path / "skew.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [
        "Kumar R, Balaji S. Fruit extracts of Momordica charantia potentiate glucose uptake. "
        "J Ethnopharmacol 2009;126:533-7."
    ]


def test_a_hyphen_after_an_acronym_at_the_line_end_stays() -> None:
    assert join_lines(["effect of ceftriaxone in CCI-", "induced neuropathic pain"]) == (
        "effect of ceftriaxone in CCI-induced neuropathic pain"
    )
    assert join_lines(["an ATP-", "binding cassette"]) == "an ATP-binding cassette"
    assert join_lines(["immuno-", "logy"]) == "immunology"
    assert join_lines(["Cam-", "bridge"]) == "Cambridge"


def test_a_manuscripts_line_numbers_in_the_margin_are_dropped(tmp_path: Path) -> None:
    """A discussion paper numbers its lines in the left margin; each number stands apart
    from its text line, which it would split from the next."""
    lines = [
        "References",
        "Ahn, J. H., Brook, E. J., and Howell, K.: A high-precision method for",
        "measurement of paleoatmospheric CO2 in small polar ice samples, J. Glaciol.,",
        "55, 499-506, 2009.",
        "",
        "Anklin, M., Barnola, J.-M., and Raynaud, B.: Processes affecting the CO2",
        "concentrations measured in Greenland ice, Tellus, 47, 461-470, 1995.",
    ]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    for index, text in enumerate(lines):
        y = 40 + 6 * index
        pdf.set_font("Helvetica", size=7)
        number = str(index + 20)
        pdf.text(30 - pdf.get_string_width(number), y, number)
        pdf.set_font("Helvetica", size=9)
        if text:
            pdf.text(38, y, text)
    path = tmp_path / "lineno.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text for ref in document.references] == [
        " ".join(lines[1:4]),
        " ".join(lines[5:7]),
    ]


def test_bare_labels_of_a_list_are_no_line_numbers() -> None:
    """Labels set apart from their text count up too, but only on each entry's first line:
    they are a list's numbers, kept; a manuscript numbers every line."""

    def label(number: int, baseline: float) -> TextLine:
        return TextLine(text=str(number), left=30, right=36, baseline=baseline, height=7.0)

    labelled: list[TextLine] = []
    numbered: list[TextLine] = []
    baseline = 700.0
    for number in range(1, 7):
        for row in range(2):
            text = f"Entry {number} line {row} of a reference that runs over two lines"
            labelled.append(_line(text, 60, baseline))
            numbered.append(_line(text, 60, baseline))
            numbered.append(label(2 * number + row, baseline))
            if row == 0:
                labelled.append(label(number, baseline))
            baseline -= 12
    assert _without_line_numbers(labelled) == labelled
    assert [line.text for line in _without_line_numbers(numbered)] == [
        line.text for line in numbered if not line.text.isdigit()
    ]


def test_a_hanging_indent_entry_that_opens_a_page(tmp_path: Path) -> None:
    """The entry at the top of page 2 opens at the margin: a new one, though its first
    author ("Nilsson, L-G.,") does not read like a name to the text splitter."""
    pages = [
        [
            ("Johansson, L. et al. (2010). Midlife psychological stress and risk of", 0),
            ("dementia: a 35-year longitudinal population study. Brain, 133, 2217-24.", 1),
            ("Nilsson, L-G. et al. (1997). The Betula prospective cohort study: memory,", 0),
            ("health and aging. Aging, Neuropsychology, and Cognition, 4, 1-32.", 1),
            ("doi:10.1080/13825589708256633.", 1),
        ],
        [
            ("Nilsson, L-G., Adolfsson, R., Backman, L. and Nyberg, L. (2004). Betula:", 0),
            ("a prospective cohort study on memory, health and aging. Aging,", 1),
            ("Neuropsychology, and Cognition, 11, 134-148.", 1),
            ("Norton, M. C., Ostbye, T. and Smith, K. R. (2009). Early parental death", 0),
            ("and remarriage of widowed parents as risk factors for Alzheimer disease.", 1),
        ],
    ]
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    for number, entries in enumerate(pages):
        pdf.add_page()
        pdf.set_font("Helvetica", size=8)
        if number == 0:
            pdf.text(15, 20, "References")
        for index, (text, indent) in enumerate(entries):
            pdf.text(15 + 4 * indent, 30 + 4 * index, text)
    path = tmp_path / "pages.pdf"
    pdf.output(str(path))
    document = extract_document(read_input(str(path)))
    assert [ref.text[:20] for ref in document.references] == [
        "Johansson, L. et al.",
        "Nilsson, L-G. et al.",
        "Nilsson, L-G., Adolf",
        "Norton, M. C., Ostby",
    ]
